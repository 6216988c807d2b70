import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root';
import { readCorpus } from './corpus-file';

/** Folder of the corpus the bundled index is built from (assets/corpus/*.jsonl). */
export const BUNDLED_CORPUS_DIR = join(packageRoot(import.meta.url), 'assets/corpus');

/** The bundled originals, read from assets (Node only: the extension ships them as a pack). */
export function bundledCorpusFiles(): string[] {
  return readdirSync(BUNDLED_CORPUS_DIR)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(BUNDLED_CORPUS_DIR, f));
}

export function readBundledCorpus() {
  return bundledCorpusFiles().flatMap((f) => readCorpus(readFileSync(f, 'utf8'), f));
}
