import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { textLines } from '../../cli/corpus-stream';
import { readPack } from '../../lib/index';
import { corpus, corpusLine } from '../fixtures/news';

// `index build` reads corpora line by line (a newsroom's archive can be larger than the
// longest string Node can hold) and analyses them on every core: the pack must not depend
// on how many threads made it.

const cli = (args: string[]) => spawnSync('node', ['bin/provenance.mjs', ...args], { encoding: 'utf8' });
const tmp = mkdtempSync(join(tmpdir(), 'provenance-stream-'));
const lines = async (path: string) => {
  const out: string[] = [];
  for await (const l of textLines(path)) out.push(l);
  return out;
};

describe('corpus files read line by line', () => {
  it('decode what their byte-order mark says, and characters split between two reads', async () => {
    const long = 'é'.repeat(70_000); // 140 KB of two-byte letters: reads of 64 KB cut some in two.
    const utf8 = join(tmp, 'utf8.jsonl');
    writeFileSync(utf8, `\uFEFFfirst\r\n${long}\nlast`);
    expect(await lines(utf8)).toEqual(['first\r', long, 'last']);
    const utf16 = join(tmp, 'utf16.jsonl');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`one\n${long}\n`, 'utf16le')]));
    expect(await lines(utf16)).toEqual(['one', long]);
  });

  it('refuse a file that is not text, naming what it is', async () => {
    const latin1 = join(tmp, 'latin1.jsonl');
    writeFileSync(latin1, Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d, 0x0a])); // {"é"} in Latin-1
    await expect(lines(latin1)).rejects.toThrow(`${latin1}:1: not UTF-8 text; save the corpus as UTF-8`);
    // One line in another encoding, deep in a file: named by its number, as a bad JSON line is.
    const mixed = join(tmp, 'mixed.jsonl');
    const good = JSON.stringify({ id: 'x', title: 'Café reopens', text: 'é'.repeat(40_000) });
    writeFileSync(
      mixed,
      Buffer.concat([Buffer.from(`${good}\n`.repeat(3)), Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d, 0x0a]), Buffer.from(good)]),
    );
    await expect(lines(mixed)).rejects.toThrow(`${mixed}:4: not UTF-8 text; save the corpus as UTF-8`);
    const pdf = join(tmp, 'report.jsonl');
    writeFileSync(pdf, '%PDF-1.7\n');
    await expect(lines(pdf)).rejects.toThrow(`${pdf}: not a text file (a PDF document)`);
  });
});

describe('index build on every core', () => {
  const articles = corpus(500).map(corpusLine);
  const file = join(tmp, 'news.jsonl');
  writeFileSync(file, articles.map((a) => JSON.stringify(a)).join('\n') + '\n');
  const entries = async (pack: string) => {
    const r = await readPack(readFileSync(pack));
    if (!r.ok) throw new Error(r.error);
    return r.pack.entries.map((e) => ({
      meta: e.meta,
      terms: Array.from(e.fingerprint.terms),
      signature: Array.from(e.fingerprint.signature),
    }));
  };

  it('writes the same entries, in the corpus order, on one thread and on two', async () => {
    const one = join(tmp, 'one.pack');
    const two = join(tmp, 'two.pack');
    expect(cli(['index', 'build', '--threads', '1', '-q', file, '-o', one]).status).toBe(0);
    expect(cli(['index', 'build', '--threads', '2', '-q', file, '-o', two]).status).toBe(0);
    const [a, b] = await Promise.all([entries(one), entries(two)]);
    expect(a.map((e) => e.meta.id)).toEqual(articles.map((x) => x.id));
    expect(b).toEqual(a);
  });

  it('stops at a bad line far into the corpus, names it, and writes no pack', () => {
    const bad = join(tmp, 'bad.jsonl');
    const rows = articles.map((a) => JSON.stringify(a));
    rows[449] = '{"id": "cut off", "title": "x", "te';
    writeFileSync(bad, rows.join('\n') + '\n');
    const r = cli(['index', 'build', '--threads', '2', bad, '-o', join(tmp, 'bad.pack')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`provenance: ${bad}:450: not valid JSON`);
    expect(() => readFileSync(join(tmp, 'bad.pack'))).toThrow(/ENOENT/);
  });

  it('names every bad line of the corpus in one run, the first twenty by number', () => {
    const bad = join(tmp, 'several.jsonl');
    const rows = articles.map((a) => JSON.stringify(a));
    rows[9] = '{"id": "cut off", "te';
    rows[99] = JSON.stringify({ id: 'no body', title: 'Headline only' });
    rows[499] = '["not", "an", "object"]';
    writeFileSync(bad, rows.join('\n') + '\n');
    const r = cli(['index', 'build', '-q', bad, '-o', join(tmp, 'several.pack')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `provenance: ${bad} has 3 bad lines:\n${bad}:10: not valid JSON\n${bad}:100: "text" is missing or empty\n` +
        `${bad}:500: not an article: a line is one JSON object {"id", "title", "text", ...}\n`,
    );
    expect(() => readFileSync(join(tmp, 'several.pack'))).toThrow(/ENOENT/);
    for (let i = 0; i < 25; i++) rows[600 + i] = '{';
    writeFileSync(bad, rows.join('\n') + '\n');
    const many = cli(['index', 'build', '-q', bad, '-o', join(tmp, 'several.pack')]);
    expect(many.stderr).toMatch(/has 28 bad lines:\n/);
    expect(many.stderr).toContain(`${bad}:617: not valid JSON\n... and 8 more\n`);
  });

  it('says a line that is JSON but not an object is not an article, not that its "text" is missing', () => {
    const odd = join(tmp, 'odd.jsonl');
    writeFileSync(odd, `${JSON.stringify(articles[0])}\n["Ferry fares rise", "The ferry..."]\n`);
    const r = cli(['index', 'build', '-q', odd, '-o', join(tmp, 'odd.pack')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`provenance: ${odd}:2: not an article: a line is one JSON object {"id", "title", "text", ...}\n`);
  });

  it('says what --threads takes', () => {
    const r = cli(['index', 'build', '--threads', 'all', file, '-o', join(tmp, 'x.pack')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--threads takes a whole number of at least 1, not "all"');
  });
});
