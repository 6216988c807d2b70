/**
 * The data `npm run eval` and `npm run bench` measure on, which cannot ship in the repository
 * (third-party text: the BBC 2005 corpus and the seed pair). It lives in a folder beside the
 * checkout, `../shared`, or wherever PROVENANCE_SHARED points. Nothing else reads it: the
 * tests use fixtures in the repository.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED = resolve(ROOT, process.env.PROVENANCE_SHARED ?? '../shared');
export const BBC_CORPUS = join(SHARED, 'corpora/bbc-2005/articles.jsonl');
export const SEEDS = join(SHARED, 'seeds');

/** Exits with one line naming what is missing and where it goes, when any of `paths` is not there. */
export function requireShared(command: string, paths: string[]): void {
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length === 0) return;
  const shown = missing
    .map((p) => relative(process.cwd(), p))
    .map((p, i) => (p.startsWith('../..') ? missing[i]! : p))
    .join(', ');
  process.stderr.write(
    `${command}: missing ${shown}: put the shared data folder (corpora/bbc-2005, seeds) beside the repository as ../shared, or set PROVENANCE_SHARED to its path\n`,
  );
  process.exit(1);
}
