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
 * offsets cost 2 bytes an entry and band); each posting keeps 16 more bits of its band key,
 * so two band values sharing a bucket are told apart (a false hit once in thousands).
 */
export class LshIndex {
  readonly bands: number;
  private frozenCount = 0;
  private bucketBits = 10;
  private offsets: Uint32Array[] = [];
  private ids: Uint32Array[] = [];
  /** Low 16 bits of each posting's band key: tells apart band values sharing a bucket. */
  private tags: Uint16Array[] = [];
  private readonly recent = new Map<number, number[]>();
  private readonly removed = new Set<number>();
  private pending = 0;
  private counts = new Uint8Array(1024);
  private scores = new Float32Array(1024);

  constructor(bands: number) {
    this.bands = bands;
  }

  /** The integer key of band b for a signature value. */
  static bandKey(band: number, value: number): number {
    return fmix32((Math.imul(band + 1, 0x9e3779b1) ^ value) >>> 0);
  }

  insert(id: number, signature: Uint32Array): void {
    this.removed.delete(id);
    this.pending++;
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

  /** Rebuilds the frozen CSR part from every live entry (the frozen part keeps ids and tags, not signatures). */
  freeze(all: ReadonlyArray<{ id: number; signature: Uint32Array }>): void {
    const n = all.length;
    this.bucketBits = Math.max(10, Math.min(20, Math.ceil(Math.log2(Math.max(1, n))) - 1));
    const buckets = 1 << this.bucketBits;
    const shift = 32 - this.bucketBits;
    this.offsets = [];
    this.ids = [];
    this.tags = [];
    // Signatures are read a group of bands at a time into one flat array: a million
    // scattered signature objects read once per band made this 2x slower.
    const GROUP = 8;
    const values = new Uint32Array(n * GROUP);
    const keys = new Uint32Array(n);
    for (let g = 0; g < this.bands; g += GROUP) {
      for (let i = 0; i < n; i++) values.set(all[i]!.signature.subarray(g, g + GROUP), i * GROUP);
      for (let b = g; b < Math.min(g + GROUP, this.bands); b++) {
        const counts = new Uint32Array(buckets + 1);
        for (let i = 0; i < n; i++) {
          const key = LshIndex.bandKey(b, values[i * GROUP + b - g]!);
          keys[i] = key;
          counts[(key >>> shift) + 1]!++;
        }
        for (let k = 0; k < buckets; k++) counts[k + 1]! += counts[k]!;
        const fill = counts.slice(0, buckets);
        const ids = new Uint32Array(n);
        const tags = new Uint16Array(n);
        for (let i = 0; i < n; i++) {
          const at = fill[keys[i]! >>> shift]!++;
          ids[at] = all[i]!.id;
          tags[at] = keys[i]! & 0xffff;
        }
        this.offsets.push(counts);
        this.ids.push(ids);
        this.tags.push(tags);
      }
    }
    this.frozenCount = n;
    this.recent.clear();
    this.pending = 0;
  }

  get size(): number {
    return this.frozenCount + this.pending - this.removed.size;
  }

  /**
   * Entries sharing at least `minHits` bands with the signature, best first. With `weights`
   * (one per band), a shared band counts its weight - the IDF of the term that won that band
   * on the page - so a shared rare name outranks a shared common word.
   */
  query(
    signature: Uint32Array,
    limit: number,
    minHits = 1,
    weights?: Float32Array,
    minWeight = 0,
  ): Array<{ id: number; hits: number; score: number }> {
    // Counters per entry id instead of a Map: at a million entries a query touches
    // millions of postings, and typed-array increments are ~10x cheaper.
    const touched: number[] = [];
    const count = (id: number, w: number) => {
      if (id >= this.counts.length) this.grow(id + 1);
      if (this.counts[id]!++ === 0) touched.push(id);
      this.scores[id]! += w;
    };
    const shift = 32 - this.bucketBits;
    for (let b = 0; b < this.bands; b++) {
      const key = LshIndex.bandKey(b, signature[b]!);
      const w = weights ? weights[b]! : 1;
      // A band won by a word common to a tenth of all articles is a bucket holding a tenth
      // of the index: it costs the most postings and says the least.
      if (w < minWeight) continue;
      if (this.frozenCount) {
        const offsets = this.offsets[b]!;
        const ids = this.ids[b]!;
        const tags = this.tags[b]!;
        const bucket = key >>> shift;
        const tag = key & 0xffff;
        for (let k = offsets[bucket]!; k < offsets[bucket + 1]!; k++) if (tags[k] === tag) count(ids[k]!, w);
      }
      for (const id of this.recent.get(key) ?? []) count(id, w);
    }
    return this.best(touched, limit, minHits);
  }

  /** The `limit` best-scoring touched entries, without sorting all of them (a million at 1M entries). */
  private best(touched: number[], limit: number, minHits: number): Array<{ id: number; hits: number; score: number }> {
    const top: Array<{ id: number; hits: number; score: number }> = [];
    const better = (a: { id: number; score: number }, b: { id: number; score: number }) =>
      a.score > b.score || (a.score === b.score && a.id < b.id);
    for (const id of touched) {
      const hits = this.counts[id]!;
      const score = this.scores[id]!;
      this.counts[id] = 0;
      this.scores[id] = 0;
      if (hits < minHits || this.removed.has(id)) continue;
      const c = { id, hits, score };
      if (top.length === limit && !better(c, top[limit - 1]!)) continue;
      let i = Math.min(top.length, limit - 1);
      top[i] = c;
      for (; i > 0 && better(top[i]!, top[i - 1]!); i--) [top[i], top[i - 1]] = [top[i - 1]!, top[i]!];
    }
    return top;
  }

  private grow(size: number): void {
    const next = Math.max(size, this.counts.length * 2);
    const counts = new Uint8Array(next);
    counts.set(this.counts);
    this.counts = counts;
    const scores = new Float32Array(next);
    scores.set(this.scores);
    this.scores = scores;
  }

  /** Bytes held by the frozen tables. */
  get bytes(): number {
    let sum = 0;
    for (let b = 0; b < this.offsets.length; b++) sum += this.offsets[b]!.byteLength + this.ids[b]!.byteLength + this.tags[b]!.byteLength;
    return sum;
  }
}
