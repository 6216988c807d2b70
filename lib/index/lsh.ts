import { fmix32 } from '../fingerprint';

/**
 * MinHash LSH with bands of one row (Indyk & Motwani 1998; Leskovec, Rajaraman & Ullman,
 * "Mining of Massive Datasets" ch. 3): every signature position is a band, and the
 * candidates for a query are ranked by how many bands they share with it - an unbiased
 * estimate of Jaccard x numPerm. One-row bands keep recall at the low Jaccard of a heavy
 * rewrite (about 0.3) and of a short summary (about 0.15), where r >= 2 loses the source.
 *
 * A band key is a plain integer (band number, bucket hash), and each (band key -> entry)
 * row is independent, so the same table maps onto sets in a key-value store.
 *
 * Storage: a frozen part in CSR form (per band, bucket offsets into one id array), which
 * holds a million entries in typed arrays, plus a small mutable part for recent additions.
 * Buckets are fewer than distinct band values (about one per two entries per band, so the
 * offsets cost 2 bytes an entry and band); a posting counts only when the entry's own
 * signature value equals the query's, so sharing a bucket is never a false hit.
 */
export class LshIndex {
  readonly bands: number;
  private frozenCount = 0;
  private bucketBits = 10;
  private offsets: Uint32Array[] = [];
  private ids: Uint32Array[] = [];
  private readonly recent = new Map<number, number[]>();
  private readonly removed = new Set<number>();
  private pending: Array<{ id: number; signature: Uint32Array }> = [];
  private counts = new Uint8Array(1024);
  private scores = new Float32Array(1024);

  /** `signatureOf` gives the signature of a frozen entry (the index keeps signatures anyway). */
  constructor(
    bands: number,
    private readonly signatureOf: (id: number) => Uint32Array,
  ) {
    this.bands = bands;
  }

  /** The integer key of band b for a signature value. */
  static bandKey(band: number, value: number): number {
    return fmix32((Math.imul(band + 1, 0x9e3779b1) ^ value) >>> 0);
  }

  insert(id: number, signature: Uint32Array): void {
    this.removed.delete(id);
    this.pending.push({ id, signature });
    for (let b = 0; b < this.bands; b++) {
      const key = LshIndex.bandKey(b, signature[b]!);
      const list = this.recent.get(key);
      if (list) list.push(id);
      else this.recent.set(key, [id]);
    }
  }

  remove(id: number): void {
    this.removed.add(id);
  }

  /** Rebuilds the frozen CSR part from every live entry (the frozen part keeps ids, not signatures). */
  freeze(all: Array<{ id: number; signature: Uint32Array }>): void {
    const n = all.length;
    this.bucketBits = Math.max(10, Math.min(20, Math.ceil(Math.log2(Math.max(1, n))) - 1));
    const buckets = 1 << this.bucketBits;
    const shift = 32 - this.bucketBits;
    this.offsets = [];
    this.ids = [];
    const bucketOf = new Uint32Array(n);
    for (let b = 0; b < this.bands; b++) {
      const counts = new Uint32Array(buckets + 1);
      for (let i = 0; i < n; i++) {
        const bucket = LshIndex.bandKey(b, all[i]!.signature[b]!) >>> shift;
        bucketOf[i] = bucket;
        counts[bucket + 1]!++;
      }
      for (let k = 0; k < buckets; k++) counts[k + 1]! += counts[k]!;
      const fill = counts.slice(0, buckets);
      const ids = new Uint32Array(n);
      for (let i = 0; i < n; i++) ids[fill[bucketOf[i]!]!++] = all[i]!.id;
      this.offsets.push(counts);
      this.ids.push(ids);
    }
    this.frozenCount = n;
    this.recent.clear();
    this.pending = [];
  }

  get size(): number {
    return this.frozenCount + this.pending.length - this.removed.size;
  }

  /**
   * Entries sharing at least `minHits` bands with the signature, best first. With `weights`
   * (one per band), a shared band counts its weight - the IDF of the term that won that band
   * on the page - so a shared rare name outranks a shared common word.
   */
  query(signature: Uint32Array, limit: number, minHits = 1, weights?: Float32Array): Array<{ id: number; hits: number; score: number }> {
    // Counters per entry id instead of a Map: at a million entries a query touches
    // tens of thousands of postings, and typed-array increments are ~10x cheaper.
    const touched: number[] = [];
    const count = (id: number, w: number) => {
      if (id >= this.counts.length) {
        const size = Math.max(id + 1, this.counts.length * 2);
        const counts = new Uint8Array(size);
        counts.set(this.counts);
        this.counts = counts;
        const scores = new Float32Array(size);
        scores.set(this.scores);
        this.scores = scores;
      }
      if (this.counts[id]!++ === 0) touched.push(id);
      this.scores[id]! += w;
    };
    const shift = 32 - this.bucketBits;
    for (let b = 0; b < this.bands; b++) {
      const value = signature[b]!;
      const key = LshIndex.bandKey(b, value);
      const w = weights ? weights[b]! : 1;
      if (this.frozenCount) {
        const offsets = this.offsets[b]!;
        const ids = this.ids[b]!;
        const bucket = key >>> shift;
        for (let k = offsets[bucket]!; k < offsets[bucket + 1]!; k++) {
          const id = ids[k]!;
          if (this.signatureOf(id)[b] === value) count(id, w);
        }
      }
      for (const id of this.recent.get(key) ?? []) count(id, w);
    }
    const out: Array<{ id: number; hits: number; score: number }> = [];
    for (const id of touched) {
      const hits = this.counts[id]!;
      const score = this.scores[id]!;
      this.counts[id] = 0;
      this.scores[id] = 0;
      if (hits >= minHits && !this.removed.has(id)) out.push({ id, hits, score });
    }
    out.sort((a, b) => b.score - a.score || a.id - b.id);
    return out.slice(0, limit);
  }

  /** Bytes held by the frozen tables. */
  get bytes(): number {
    let sum = 0;
    for (let b = 0; b < this.offsets.length; b++) sum += this.offsets[b]!.byteLength + this.ids[b]!.byteLength;
    return sum;
  }
}
