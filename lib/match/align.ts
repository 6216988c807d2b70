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

interface PageSide {
  idf: Idf;
  /** The views aligned together (see alignViews), the first being the key of the cache. */
  views: readonly Fingerprint[];
  /** Per view, each sentence's weight. */
  norms: Float64Array[];
  /** Per term: its weight and, per view, the page sentences holding it. The source side looks terms up here. */
  holders: Map<number, { weight: number; sentences: number[][] }>;
  /** A 2^16-bit filter of the page's terms: most of a source's terms are not the page's, and a bit test is cheaper than a Map look-up. */
  filter: Uint8Array;
}

// A source's sentence weights depend on it and the IDF table alone: an entry verified
// again (the CLI, serve, a long-lived index) reuses them. Weighing every source term was a
// tenth of verification.
const sourceNorms = new WeakMap<Fingerprint, { idf: Idf; norms: Float64Array }>();

function normsOf(source: Fingerprint, idf: Idf): Float64Array {
  let s = sourceNorms.get(source);
  if (!s || s.idf !== idf) sourceNorms.set(source, (s = { idf, norms: sentenceNorms(source, weights(source, idf)) }));
  return s.norms;
}

// The page side of every alignment is the same for all candidates of one check: it is
// indexed once, and each candidate's sentences are looked up in it, with no allocation per
// candidate beyond two rows of shared weights (a third of verification's time went to
// building the source side's term map per candidate).
const pageSides = new WeakMap<Fingerprint, PageSide>();

function pageSide(views: readonly Fingerprint[], idf: Idf): PageSide {
  let side = pageSides.get(views[0]!);
  if (!side || side.idf !== idf || side.views.length !== views.length || side.views.some((v, i) => v !== views[i])) {
    const holders = new Map<number, { weight: number; sentences: number[][] }>();
    views.forEach((page, v) => {
      for (let i = 0; i < page.offsets.length - 1; i++) {
        for (let k = page.offsets[i]!; k < page.offsets[i + 1]!; k++) {
          const t = page.terms[k]!;
          let h = holders.get(t);
          if (!h) holders.set(t, (h = { weight: idf.weight(t), sentences: views.map(() => []) }));
          h.sentences[v]!.push(i);
        }
      }
    });
    const filter = new Uint8Array(1 << 13);
    for (const t of holders.keys()) filter[(t >>> 3) & 0x1fff]! |= 1 << (t & 7);
    side = { idf, views, norms: views.map((page) => sentenceNorms(page, weights(page, idf))), holders, filter };
    pageSides.set(views[0]!, side);
  }
  return side;
}

/** Best-aligned source sentence for every page sentence (similarity 0 when nothing is shared). */
export function alignSentences(page: Fingerprint, source: Fingerprint, idf: Idf): SentenceAlignment[] {
  return alignViews([page], source, idf)[0]!;
}

/**
 * alignSentences for several views of one page at once (its sentences whole, and the same
 * sentences without their quoted words): one pass over the source's terms serves them all,
 * since looking each source term up is most of the cost.
 */
export function alignViews(views: readonly Fingerprint[], source: Fingerprint, idf: Idf): SentenceAlignment[][] {
  const { norms, holders, filter } = pageSide(views, idf);
  const sourceNorm = normsOf(source, idf);
  const nS = source.offsets.length - 1;
  const nV = norms.length;
  const nP = norms[0]!.length;
  const best = norms.map(() => new Float64Array(nP));
  const bestJ = norms.map(() => new Int32Array(nP).fill(-1));
  const offer = (v: number, i: number, sim: number, j: number) => {
    const b = best[v]!;
    const bj = bestJ[v]!;
    if (sim > b[i]! || (sim === b[i]! && j < bj[i]!)) {
      b[i] = sim;
      bj[i] = j;
    }
  };
  // Per view: weights each page sentence shares with source sentence j (cur) and j - 1 (prev).
  let prev = norms.map(() => new Float64Array(nP));
  let cur = norms.map(() => new Float64Array(nP));
  let prevTouched: number[][] = norms.map(() => []);
  let touched: number[][] = norms.map(() => []);
  let prevNorm = 0;
  for (let j = 0; j < nS; j++) {
    const sNorm = sourceNorm[j]!;
    for (let k = source.offsets[j]!; k < source.offsets[j + 1]!; k++) {
      const t = source.terms[k]!;
      if (!(filter[(t >>> 3) & 0x1fff]! & (1 << (t & 7)))) continue;
      const h = holders.get(t);
      if (!h) continue;
      for (let v = 0; v < nV; v++) {
        const c = cur[v]!;
        for (const i of h.sentences[v]!) {
          if (c[i] === 0) touched[v]!.push(i);
          c[i]! += h.weight;
        }
      }
    }
    for (let v = 0; v < nV; v++) {
      const [c, p, pNorm] = [cur[v]!, prev[v]!, norms[v]!];
      for (const i of touched[v]!) {
        offer(v, i, c[i]! / Math.sqrt(pNorm[i]! * sNorm), j);
        // A page sentence that merges source sentences j - 1 and j.
        if (p[i]! > 0) offer(v, i, Math.min(pNorm[i]!, p[i]! + c[i]!) / Math.sqrt(pNorm[i]! * (prevNorm + sNorm)), j - 1);
      }
      for (const i of prevTouched[v]!) p[i] = 0;
      prevTouched[v]!.length = 0;
    }
    [prev, cur] = [cur, prev];
    [prevTouched, touched] = [touched, prevTouched];
    prevNorm = sNorm;
  }
  return best.map((b, v) => Array.from({ length: nP }, (_, i) => ({ page: i, source: bestJ[v]![i]!, similarity: Math.min(1, b[i]!) })));
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
