import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundledEntries, loadIdf } from '../../cli/engine';
import { readBundledCorpus } from '../../lib/index/bundled';
import { extractHtml } from '../../lib/extract/node';
import { MemoryIndex } from '../../lib/storage';
import { check } from '../../lib/match';

const idf = loadIdf();
const index = new MemoryIndex(idf);
index.addAll(bundledEntries());
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
    // The reason counts what the verdict weighed: most of the reworded sentences step along the
    // source's order (only 5 of 18 match it closely enough for a strong chain).
    const [, inOrder, of] = /^(\d+) of (\d+) sentences outside quotes follow the one before them in the source's order/.exec(
      r.matches[0]!.reason,
    )!;
    expect(Number(inOrder)).toBeGreaterThanOrEqual(Number(of) / 2);
  });

  it('does not name as source an article published after the page: it lists it apart, with both dates', () => {
    // The bundled original is dated 2024-06-20; the rewrite claims an earlier date.
    const r = check({ ...page('derivative'), published: '2024-06-12T09:00:00Z' }, index, idf);
    expect(r.status).toBe('no-match');
    expect(r.matches[0]).toMatchObject({
      title: 'Putin in Vietnam: An old friendship that refuses to die',
      verdict: 'related',
      publishedAfterPage: true,
    });
    expect(r.matches[0]!.reason).toContain('published on 2024-06-20, after this page (2024-06-12)');
    // A day or two either way is time zones and date-only stamps, not a later article.
    for (const published of ['2024-06-19', '2024-06-22', 'yesterday', null]) {
      const again = check({ ...page('derivative'), published }, index, idf);
      expect(again.matches[0], String(published)).toMatchObject({ verdict: 'likely-source' });
      expect(again.matches[0]!.publishedAfterPage).toBeUndefined();
    }
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

  it('recognises the rewrite and a scraped copy in plain text, site chrome and all (55-85% and >= 70% taken)', () => {
    // As a scraper saves them: the rewrite with its site's share line above the headline, the
    // original with the site's "Latest Stories" list (headlines written for this test) below it.
    const derivative = page('derivative');
    const rewriteText = ['Follow us on Facebook', derivative.title, ...derivative.paragraphs].join('\n');
    const rewrite = check({ text: rewriteText }, index, idf).matches[0]!;
    expect(rewrite.verdict).toBe('likely-source');
    expect(rewrite.overlap).toBeGreaterThanOrEqual(55);
    expect(rewrite.overlap).toBeLessThanOrEqual(85);
    const latest = [
      'Latest Stories',
      'Harbour ferry fares to rise in spring',
      'Two new schools open in the valley',
      'Cycling club marks its 50th year',
    ];
    const copyText = [...readBundledCorpus()[0]!.text.split(/\n+/), ...latest].join('\n');
    const copy = check({ text: copyText }, index, idf).matches[0]!;
    expect(copy.title).toBe('Putin in Vietnam: An old friendship that refuses to die');
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
