import { describe, expect, it } from 'vitest';
import { loadIdf } from '../../cli/engine';
import { fingerprint, type Fingerprint } from '../../lib/fingerprint';
import { alignSentences } from '../../lib/match';
import { analyze } from '../../lib/text';
import { independentReport, original, rewrite, scrapedCopy } from './fixtures/ferry-pier';

const idf = loadIdf();
const sketch = (text: string) => fingerprint(analyze(text));
const terms = (fp: Fingerprint, s: number) => [...fp.terms.subarray(fp.offsets[s]!, fp.offsets[s + 1]!)];
const weight = (ts: number[]) => ts.reduce((sum, t) => sum + idf.weight(t), 0);

/** The alignment by definition: every page sentence against every source sentence and every adjacent pair. */
function exactBest(page: Fingerprint, source: Fingerprint, i: number): { source: number; similarity: number; merged: boolean } {
  const p = terms(page, i);
  let best = { source: -1, similarity: 0, merged: false };
  const nS = source.offsets.length - 1;
  for (let j = 0; j < nS; j++) {
    const one = new Set(terms(source, j));
    const shared = weight(p.filter((t) => one.has(t)));
    const sim = shared / Math.sqrt(weight(p) * weight([...one]));
    if (shared > 0 && sim > best.similarity) best = { source: j, similarity: sim, merged: false };
    if (j + 1 < nS) {
      const next = new Set(terms(source, j + 1));
      const sharedNext = weight(p.filter((t) => next.has(t)));
      if (shared > 0 && sharedNext > 0) {
        const merged = Math.min(weight(p), shared + sharedNext) / Math.sqrt(weight(p) * (weight([...one]) + weight([...next])));
        if (merged > best.similarity) best = { source: j, similarity: merged, merged: true };
      }
    }
  }
  return { ...best, similarity: Math.min(1, best.similarity) };
}

describe('sentence alignment', () => {
  it('gives every page sentence the source sentence (or adjacent pair) of highest IDF cosine, as computed by definition', () => {
    const source = sketch(original.text);
    for (const page of [scrapedCopy, rewrite, independentReport].map((p) => sketch(p.text))) {
      const got = alignSentences(page, source, idf);
      expect(got).toHaveLength(page.offsets.length - 1);
      got.forEach((a, i) => {
        const want = exactBest(page, source, i);
        expect(a.similarity).toBeCloseTo(want.similarity, 9);
        if (want.similarity > 0) expect([a.source, a.merged]).toEqual([want.source, want.merged]);
      });
    }
  });

  it('says when a page sentence joins two source sentences, so that both can be shown beside it', () => {
    const source = sketch(
      'The council closed the Victorian pier on Monday. Engineers had found rotten piles under the deck. The ferry will use a pontoon.',
    );
    const page = sketch('The council closed the Victorian pier on Monday after engineers found rotten piles under the deck.');
    expect(alignSentences(page, source, idf)[0]).toMatchObject({ source: 0, merged: true });
  });
});
