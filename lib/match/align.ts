import type { Fingerprint } from '../fingerprint';
import type { Idf } from './idf';

/**
 * Sentence alignment between a page and one candidate source, a pure function of
 * (page fingerprint, candidate fingerprint, IDF): it runs the same whether the candidate
 * came from the in-memory index, a pack or a remote store.
 *
 * Similarity of two sentences is the IDF-weighted cosine of their content-term sets, so a
 * shared name or number counts far more than a shared common word, and a synonym swap of
 * a common word costs little. A page sentence may align with one source sentence or with
 * two adjacent ones (a merge); two page sentences may align with one source sentence (a split).
 */

export interface SentenceAlignment {
  /** Page sentence index. */
  page: number;
  /** Source sentence index (the first of two when the page merged them). */
  source: number;
  similarity: number;
}

function weights(fp: Fingerprint, idf: Idf): Float64Array {
  const w = new Float64Array(fp.terms.length);
  for (let i = 0; i < w.length; i++) w[i] = idf.weight(fp.terms[i]!);
  return w;
}

function sentenceNorms(fp: Fingerprint, w: Float64Array): Float64Array {
  const n = fp.offsets.length - 1;
  const out = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    let sum = 0;
    for (let k = fp.offsets[s]!; k < fp.offsets[s + 1]!; k++) sum += w[k]!;
    out[s] = sum;
  }
  return out;
}

// The page side of every alignment is the same for all candidates of one check.
const pageSides = new WeakMap<Fingerprint, { idf: Idf; weights: Float64Array; norms: Float64Array }>();

function pageSide(page: Fingerprint, idf: Idf) {
  let side = pageSides.get(page);
  if (!side || side.idf !== idf) {
    const w = weights(page, idf);
    side = { idf, weights: w, norms: sentenceNorms(page, w) };
    pageSides.set(page, side);
  }
  return side;
}

/** Best-aligned source sentence for every page sentence (similarity 0 when nothing is shared). */
export function alignSentences(page: Fingerprint, source: Fingerprint, idf: Idf): SentenceAlignment[] {
  const { weights: pw, norms: pNorm } = pageSide(page, idf);
  const sNorm = sentenceNorms(source, weights(source, idf));
  const nP = pNorm.length;
  const nS = sNorm.length;
  // Which source sentences hold each term: shared weights then cost one look-up per page
  // term instead of a merge of every sentence pair.
  const holders = new Map<number, number[]>();
  for (let j = 0; j < nS; j++) {
    for (let k = source.offsets[j]!; k < source.offsets[j + 1]!; k++) {
      const t = source.terms[k]!;
      const list = holders.get(t);
      if (list) list.push(j);
      else holders.set(t, [j]);
    }
  }
  const out: SentenceAlignment[] = [];
  const shared = new Float64Array(nS + 1);
  const touched: number[] = [];
  for (let i = 0; i < nP; i++) {
    let best = 0;
    let bestJ = -1;
    if (pNorm[i]! > 0) {
      for (let k = page.offsets[i]!; k < page.offsets[i + 1]!; k++) {
        for (const j of holders.get(page.terms[k]!) ?? []) {
          if (shared[j] === 0) touched.push(j);
          shared[j]! += pw[k]!;
        }
      }
      for (const j of touched) {
        const sim = shared[j]! / Math.sqrt(pNorm[i]! * sNorm[j]!);
        if (sim > best || (sim === best && j < bestJ)) [best, bestJ] = [sim, j];
        // A page sentence that merges two adjacent source sentences.
        if (shared[j + 1]! > 0) {
          const merged = Math.min(pNorm[i]!, shared[j]! + shared[j + 1]!) / Math.sqrt(pNorm[i]! * (sNorm[j]! + sNorm[j + 1]!));
          if (merged > best || (merged === best && j < bestJ)) [best, bestJ] = [merged, j];
        }
      }
      for (const j of touched) shared[j] = 0;
      touched.length = 0;
    }
    out.push({ page: i, source: bestJ, similarity: Math.min(1, best) });
  }
  return out;
}

/**
 * Longest chain of alignments whose source positions strictly increase while the page
 * moves forward (longest increasing subsequence, patience sorting, O(n log n)). Strictly:
 * a headline and a lead that both echo the source's first sentence count once.
 * Copies and spins follow their source's order; independent reports of the same event
 * share facts but tell them in their own order, so their chains stay short.
 */
export function orderedChain(alignments: readonly SentenceAlignment[]): SentenceAlignment[] {
  const tails: number[] = []; // tails[k] = index (in alignments) ending the best chain of length k+1
  const prev = new Int32Array(alignments.length).fill(-1);
  alignments.forEach((a, idx) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (alignments[tails[mid]!]!.source < a.source) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[idx] = tails[lo - 1]!;
    tails[lo] = idx;
  });
  const chain: SentenceAlignment[] = [];
  for (let k = tails.length ? tails[tails.length - 1]! : -1; k >= 0; k = prev[k]!) chain.push(alignments[k]!);
  return chain.reverse();
}

/**
 * Evidence of rewriting in the source's local order: for every pair of consecutive aligned
 * page sentences (at most one unaligned sentence between them) whose sources follow each
 * other closely (the same, or up to two sentences further on), the weaker of the two
 * similarities. A rewrite keeps this local order paragraph after paragraph, even when each
 * sentence is reworded so much that it barely aligns; an independent report of the same
 * event shares names, numbers and a quote here and there, but not the order.
 * Dev set (eval/): heavy rewrites 1.6-8.6, spins 6-21, mash-ups 3.5-15, independent reports 0-1.9.
 */
export function sequentialEvidence(alignments: readonly SentenceAlignment[], minSimilarity: number): number {
  let evidence = 0;
  let prev: SentenceAlignment | undefined;
  let splitOf = -1;
  for (const a of alignments) {
    if (a.similarity < minSimilarity) continue;
    if (prev && a.page - prev.page <= 2) {
      const d = a.source - prev.source;
      // Staying on the same source sentence counts once (a sentence split in two): a long
      // source sentence full of names otherwise attracts run after run of unrelated ones.
      const step = d === 0 ? splitOf !== a.source : d > 0 && d <= 2;
      if (step) evidence += Math.min(a.similarity, prev.similarity);
      if (d === 0) splitOf = a.source;
    }
    prev = a;
  }
  return evidence;
}
