import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheKey, stampOf, verifiedBefore } from '../../cli/table-cache';
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

  it('let an unchanged pack skip its checksum, and have one written since verified again and refused when damaged', () => {
    build([original]);
    expect(firstMatch()).toMatchObject({ id: original.id, verdict: 'likely-source' });
    const key = cacheKey([readFileSync(pack)], readFileSync('assets/idf.bin'));
    expect(verifiedBefore(`${pack}.tables`, key, [stampOf(pack)])).toBe(true);
    // One byte of a term hash flipped, the size and the modification time kept: the file's
    // change time still moved, so the pack is verified whole again, and refused.
    const bytes = readFileSync(pack);
    bytes[bytes.length - 40]! ^= 0xff;
    const { atime, mtime } = statSync(pack);
    writeFileSync(pack, bytes);
    utimesSync(pack, atime, mtime);
    expect(verifiedBefore(`${pack}.tables`, key, [stampOf(pack)])).toBe(false);
    const r = cli(['check', '--index', pack, '--json', copy]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('the checksum does not match: the pack is corrupted');
  });
});
