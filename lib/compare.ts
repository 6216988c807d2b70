/**
 * "Compare with the source": which sentences of the source page, open in the reader's own
 * tab, are the ones the copy's passages were aligned to. The index holds no source text,
 * only each sentence's term hashes (its sketch), so the source page's sentences are
 * sketched the same way and each wanted sentence is the one whose sketch it matches.
 */
import { fingerprint, type Fingerprint } from './fingerprint';
import type { Passage } from './match';
import type { SourceComparison } from './protocol';
import { analyze } from './text';
import { isHttpError } from './uncheckable';

/** Below this Jaccard similarity of term sets, the page no longer has the indexed sentence. */
export const SAME_SENTENCE = 0.6;

const termsOf = (fp: Fingerprint, i: number) => new Set(fp.terms.subarray(fp.offsets[i]!, fp.offsets[i + 1]!));

function jaccard(a: Set<number>, b: Set<number>): number {
  if (!a.size && !b.size) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * For each wanted sentence of the indexed entry (by index), the source page's sentence with
 * the same sketch, or null when the page no longer has it (the page changed since it was
 * indexed).
 */
export function sourceSentences(
  entry: Fingerprint,
  page: { text: string; paragraphs?: string[]; lang?: string },
  wanted: readonly number[],
): Array<string | null> {
  const analyzed = analyze(page.text, page.lang ?? 'en', page.paragraphs);
  const fp = fingerprint(analyzed);
  const pageSets = analyzed.sentences.map((_, j) => (j < fp.offsets.length - 1 ? termsOf(fp, j) : new Set<number>()));
  const sentenceCount = entry.offsets.length - 1;
  return wanted.map((s) => {
    if (s < 0 || s >= sentenceCount) return null;
    const want = termsOf(entry, s);
    let best = -1;
    let score = SAME_SENTENCE;
    pageSets.forEach((set, j) => {
      const x = jaccard(want, set);
      if (x >= score) [best, score] = [j, x];
    });
    return best < 0 ? null : analyzed.sentences[best]!.text;
  });
}

/**
 * Why the source page has nothing to compare, before its sentences are looked for: its
 * server answered with an error (`httpStatus`, where the browser tells it), or it holds no
 * article. Either way the source did not load as the article it was; saying that it
 * "changed" would send the reader looking for edits that are not there.
 */
export function sourceNotLoaded(httpStatus: number | null, hasArticle: boolean): Pick<SourceComparison, 'status' | 'httpStatus'> | null {
  if (isHttpError(httpStatus)) return { status: 'not-found', httpStatus };
  if (!hasArticle) return { status: 'not-article' };
  return null;
}

/**
 * The pairs "Compare with the source" steps through: each passage the page still has, beside
 * the source sentence it was aligned with - or beside each of the two it merges, in turn (a
 * rewrite that joined two sentences was shown against the first only).
 */
export function comparisonPairs(
  passages: ReadonlyArray<Pick<Passage, 'source' | 'through'>>,
  located: ReadonlyArray<string | null>,
): Array<{ source: number; passage: string }> {
  return passages.flatMap((p, i) => {
    const passage = located[i];
    if (!passage) return [];
    const pairs = [{ source: p.source, passage }];
    if (p.through !== undefined) for (let s = p.source + 1; s <= p.through; s++) pairs.push({ source: s, passage });
    return pairs;
  });
}
