import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundledEntries, loadIdf } from '../../cli/engine';
import { extractHtml } from '../../lib/extract/node';
import { MemoryIndex } from '../../lib/index';
import { check } from '../../lib/match';

const SEEDS = '../shared/seeds';
const index = new MemoryIndex();
index.addAll(bundledEntries());
const idf = loadIdf();
const page = (name: string) => {
  const r = extractHtml(readFileSync(`demo/${name}.html`, 'utf8'));
  if (!r.ok) throw new Error(`no article in demo/${name}.html`);
  return r.article;
};

describe('finding the source of an article', () => {
  it('names the BBC original as the likely source of the AI-reworded demo page, with about two thirds taken', () => {
    const r = check(page('derivative'), index, idf);
    expect(r.matches[0]).toMatchObject({
      title: 'Putin in Vietnam: An old friendship that refuses to die',
      publisher: 'BBC News',
      author: 'Jonathan Head',
      published: '2024-06-20',
      verdict: 'likely-source',
    });
    expect(r.matches[0]!.overlap).toBeGreaterThanOrEqual(55);
    expect(r.matches[0]!.overlap).toBeLessThanOrEqual(85);
    // The sentences added from other coverage (the red-carpet welcome) are not counted as taken.
    expect(r.matches[0]!.passages.some((p) => /red carpet/.test(p.text))).toBe(false);
  });

  it('finds the original page itself with at least 95% of it in matching sentences', () => {
    const r = check(page('original'), index, idf);
    expect(r.matches[0]!.overlap).toBeGreaterThanOrEqual(95);
  });

  it('reports no source for an unrelated article', () => {
    const r = check(page('unrelated'), index, idf);
    expect(r.status).toBe('no-match');
    expect(r.matches.filter((m) => m.verdict === 'likely-source')).toEqual([]);
  });

  it.skipIf(!existsSync(SEEDS))('recognises both seed files: the rewrite (55-85%) and the scraped copy (>= 70%)', () => {
    const rewrite = check({ text: readFileSync(`${SEEDS}/000_7c409a8a87e908d3.txt`, 'utf8') }, index, idf).matches[0]!;
    expect(rewrite.verdict).toBe('likely-source');
    expect(rewrite.overlap).toBeGreaterThanOrEqual(55);
    expect(rewrite.overlap).toBeLessThanOrEqual(85);
    const copy = check({ text: readFileSync(`${SEEDS}/001_4510698af2fb5bb1.txt`, 'utf8') }, index, idf).matches[0]!;
    expect(copy.verdict).toBe('likely-source');
    expect(copy.overlap).toBeGreaterThanOrEqual(70);
  });

  it('answers "not enough article text" for empty, tiny and junk input instead of failing', () => {
    for (const text of ['', 'Breaking news.', '\u0000\u0001\u0002'.repeat(1000)]) {
      const r = check({ text }, index, idf);
      expect(r.status).toBe('too-short');
      if (r.status === 'too-short') expect(r.message).toMatch(/Not enough article text/);
    }
  });

  it('checks a 5 MB page without failing', () => {
    const text = `${page('derivative').text}\n\n${'Filler paragraph about nothing in particular, repeated. '.repeat(90_000)}`;
    const r = check({ text }, index, idf);
    expect(r.status).not.toBe('too-short');
  });
});
