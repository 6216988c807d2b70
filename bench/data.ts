/** The inputs every section reads: the BBC 2005 corpus and the dev-set derivatives. */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCorpus, type CorpusArticle } from '../lib/index';
import { BBC_CORPUS, requireShared } from '../scripts/shared-data';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BBC_FILE = BBC_CORPUS;
const DEVSET = join(ROOT, 'eval/devset');

export interface DevQuery {
  id: string;
  kind: string;
  source: string;
  title: string;
  text: string;
}

let bbc: CorpusArticle[] | undefined;

export function loadBbc(): CorpusArticle[] {
  requireShared('npm run bench', [BBC_FILE]);
  bbc ??= readCorpus(readFileSync(BBC_FILE, 'utf8'), BBC_FILE);
  return bbc;
}

/** Every derivative in eval/devset (rewrites, spins, edits, mash-ups, summaries, independent reports). */
export function loadDevQueries(): DevQuery[] {
  return readdirSync(DEVSET)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) =>
      readFileSync(join(DEVSET, f), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as DevQuery),
    );
}
