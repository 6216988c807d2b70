import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { article, corpusLine } from '../fixtures/news';
import { original, scrapedCopy } from './fixtures/ferry-pier';

const cli = (args: string[]) => spawnSync('node', ['bin/provenance.mjs', ...args], { encoding: 'utf8' });
const tmp = mkdtempSync(join(tmpdir(), 'provenance-tables-'));
const pack = join(tmp, 'gazette.pack');
const copy = join(tmp, 'copy.txt');
writeFileSync(copy, `${scrapedCopy.title}\n\n${scrapedCopy.text}`);
const build = (articles: object[]) => {
  const corpus = join(tmp, 'corpus.jsonl');
  writeFileSync(corpus, articles.map((a) => JSON.stringify(a)).join('\n') + '\n');
  expect(cli(['index', 'build', corpus, '-o', pack]).status).toBe(0);
};
const firstMatch = (file = copy) => JSON.parse(cli(['check', '--index', pack, '--json', file]).stdout).matches[0];

describe('the LSH tables kept beside a pack', () => {
  it('are written at the first check and give the same answer at the next', () => {
    build([original]);
    const first = firstMatch();
    expect(first).toMatchObject({ id: original.id, verdict: 'likely-source' });
    expect(existsSync(`${pack}.tables`)).toBe(true);
    expect(firstMatch()).toEqual(first);
  });

  it('are ignored when damaged', () => {
    writeFileSync(`${pack}.tables`, 'NPTB not really tables');
    expect(firstMatch()).toMatchObject({ id: original.id, verdict: 'likely-source' });
  });

  it('are not used for a pack built again with other entries', () => {
    build([original]);
    firstMatch();
    // As many entries as before, so only the key tells the tables apart: stale ones would
    // list the new entry under the old one's bands, and its own copy would find nothing.
    const other = corpusLine(article(7));
    build([other]);
    const otherCopy = join(tmp, 'other.txt');
    writeFileSync(otherCopy, `${other.title}\n\n${other.text}`);
    expect(firstMatch(otherCopy)).toMatchObject({ id: other.id, verdict: 'likely-source' });
  });
});
