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
  /** The page sentence merges source sentences `source` and `source + 1`. */
  merged?: boolean;
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

/**
 * The page side of every alignment, the same for all candidates of one check: built once (by
 * the page's PageView, lib/match/evidence.ts) and each candidate's sentences looked up in it
 * (a third of verification's time went to building the source side's term map per candidate).
 * It is held by the page, not in a module-level WeakMap keyed by the page: V8's scavenger keeps
 * a WeakMap's values alive until a full collection, so each check's term map (~75 KB) was
 * promoted to the old generation - 0.6-0.8 MB copied per scavenge at 100,000 entries.
 */
export interface PageSide {
  idf: Idf;
  /** Per view (see alignViews), each sentence's weight. */
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

/** The page side of alignViews for these views of one page (its sentences whole, and without their quoted words). */
export function pageSide(views: readonly Fingerprint[], idf: Idf): PageSide {
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
  return { idf, norms: views.map((page) => sentenceNorms(page, weights(page, idf))), holders, filter };
}

/**
 * One view's working rows, reused by every alignment: a check aligns ~30 candidates, each of
 * which allocated eight typed arrays (two views), and V8 sweeps every young ArrayBuffer at each
 * scavenge (1-1.4 ms of a 4-5 ms scavenge at 100,000 entries). Alignment is synchronous, so
 * one set serves every call.
 */
class Rows {
  best = new Float64Array(0);
  bestJ = new Int32Array(0);
  /** 1 where the best alignment merges two source sentences (bestJ and the next). */
  bestMerged = new Uint8Array(0);
  /** Weights each page sentence shares with source sentence j (cur) and j - 1 (prev), and which sentences they touch. */
  cur = new Float64Array(0);
  prev = new Float64Array(0);
  touched = new Int32Array(0);
  prevTouched = new Int32Array(0);
  nTouched = 0;
  nPrevTouched = 0;

  /** Cleared rows for nP page sentences. */
  reset(nP: number): void {
    if (this.best.length < nP) {
      const size = Math.max(nP, 2 * this.best.length);
      this.best = new Float64Array(size);
      this.bestJ = new Int32Array(size);
      this.bestMerged = new Uint8Array(size);
      this.cur = new Float64Array(size);
      this.prev = new Float64Array(size);
      this.touched = new Int32Array(size);
      this.prevTouched = new Int32Array(size);
    }
    this.best.fill(0, 0, nP);
    this.bestJ.fill(-1, 0, nP);
    this.bestMerged.fill(0, 0, nP);
    this.cur.fill(0, 0, nP);
    this.prev.fill(0, 0, nP);
    this.nTouched = 0;
    this.nPrevTouched = 0;
  }

  offer(i: number, sim: number, j: number, merged: 0 | 1): void {
    if (sim > this.best[i]! || (sim === this.best[i]! && j < this.bestJ[i]!)) {
      this.best[i] = sim;
      this.bestJ[i] = j;
      this.bestMerged[i] = merged;
    }
  }

  /** Adds a shared term's weight to page sentence i for the current source sentence. */
  add(i: number, weight: number): void {
    if (this.cur[i] === 0) this.touched[this.nTouched++] = i;
    this.cur[i]! += weight;
  }

  /** Offers source sentence j (norm sNorm), and j - 1 and j merged, to the touched page sentences; then moves on to j + 1. */
  close(pNorm: Float64Array, j: number, sNorm: number, prevNorm: number): void {
    const { cur: c, prev: p } = this;
    for (let k = 0; k < this.nTouched; k++) {
      const i = this.touched[k]!;
      this.offer(i, c[i]! / Math.sqrt(pNorm[i]! * sNorm), j, 0);
      // A page sentence that merges source sentences j - 1 and j.
      if (p[i]! > 0) this.offer(i, Math.min(pNorm[i]!, p[i]! + c[i]!) / Math.sqrt(pNorm[i]! * (prevNorm + sNorm)), j - 1, 1);
    }
    for (let k = 0; k < this.nPrevTouched; k++) p[this.prevTouched[k]!] = 0;
    this.prev = c;
    this.cur = p;
    const touched = this.touched;
    this.touched = this.prevTouched;
    this.prevTouched = touched;
    this.nPrevTouched = this.nTouched;
    this.nTouched = 0;
  }

  /** The best alignment of each of the nP page sentences. */
  result(nP: number): SentenceAlignment[] {
    return Array.from({ length: nP }, (_, i) => ({
      page: i,
      source: this.bestJ[i]!,
      similarity: Math.min(1, this.best[i]!),
      merged: this.bestMerged[i] === 1,
    }));
  }
}

const rows: Rows[] = [];

/** Best-aligned source sentence for every page sentence (similarity 0 when nothing is shared). */
export function alignSentences(page: Fingerprint, source: Fingerprint, idf: Idf): SentenceAlignment[] {
  return alignViews(pageSide([page], idf), source)[0]!;
}

/**
 * alignSentences for several views of one page at once (its sentences whole, and the same
 * sentences without their quoted words): one pass over the source's terms serves them all,
 * since looking each source term up is most of the cost.
 */
export function alignViews(side: PageSide, source: Fingerprint): SentenceAlignment[][] {
  const { idf, norms, holders, filter } = side;
  const sourceNorm = normsOf(source, idf);
  const nS = source.offsets.length - 1;
  const nV = norms.length;
  const nP = norms[0]!.length;
  while (rows.length < nV) rows.push(new Rows());
  for (let v = 0; v < nV; v++) rows[v]!.reset(nP);
  let prevNorm = 0;
  for (let j = 0; j < nS; j++) {
    const sNorm = sourceNorm[j]!;
    for (let k = source.offsets[j]!; k < source.offsets[j + 1]!; k++) {
      const t = source.terms[k]!;
      if (!(filter[(t >>> 3) & 0x1fff]! & (1 << (t & 7)))) continue;
      const h = holders.get(t);
      if (!h) continue;
      for (let v = 0; v < nV; v++) for (const i of h.sentences[v]!) rows[v]!.add(i, h.weight);
    }
    for (let v = 0; v < nV; v++) rows[v]!.close(norms[v]!, j, sNorm, prevNorm);
    prevNorm = sNorm;
  }
  return norms.map((_, v) => rows[v]!.result(nP));
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
  // A plain array, not an Int32Array: typed arrays made per candidate are swept one by one at
  // every scavenge (see Rows).
  const prev: number[] = [];
  alignments.forEach((a, idx) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (alignments[tails[mid]!]!.source < a.source) lo = mid + 1;
      else hi = mid;
    }
    prev[idx] = lo > 0 ? tails[lo - 1]! : -1;
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
