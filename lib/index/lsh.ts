import { fmix32 } from '../fingerprint';

/**
 * Frozen LSH tables for `count` entries numbered 0..count-1, in CSR form: for each band, the
 * postings of bucket k are postings[starts[band] + offsets[band * (buckets + 1) + k] ..
 * starts[band] + offsets[band * (buckets + 1) + k + 1]). Plain typed arrays, so the tables
 * of an imported pack are stored in IndexedDB as built and loaded without rebuilding.
 *
 * A posting is one u32: the low bits of its band key (a tag) in the high bits and the entry
 * number in the low `idBits`, so two band values sharing a bucket are told apart without a
 * second array (at a million entries, 12 bits of tag and 20 of entry). Each bucket is sorted,
 * so the postings of one band value are a run found by binary search: a bucket may also hold
 * the hundreds of postings of a fairly common word's value, which a query for another value
 * must not scan one by one.
 */
export interface LshTables {
  bands: number;
  count: number;
  bucketBits: number;
  idBits: number;
  starts: Uint32Array;
  offsets: Uint32Array;
  postings: Uint32Array;
}

/** Which bands of an entry get postings: bit b of word b >> 5 set means band b is kept. */
export type BandMask = Uint32Array;

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
 * Storage: frozen segments (see LshTables), each covering a range of entry handles (the
 * bundled pack, each imported pack), plus a small mutable part for recent additions. An
 * entry may leave out bands (a BandMask): those won by a common word, which a query never
 * looks up (see MIN_BAND_WEIGHT), so their postings would only cost memory.
 */
export class LshIndex {
  readonly bands: number;
  private segments: Array<{ base: number; tables: LshTables }> = [];
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

  /**
   * Builds the frozen tables of `count` entries; signatureOf(i) and maskOf(i) are read a few
   * bands at a time, so the callback may lay entries out however it likes.
   */
  static build(count: number, bands: number, signatureOf: (i: number) => Uint32Array, maskOf?: (i: number) => BandMask | null): LshTables {
    const n = count;
    const idBits = Math.max(1, Math.ceil(Math.log2(Math.max(2, n))));
    if (idBits > 24) throw new RangeError(`one LSH segment holds at most 2^24 entries, not ${n}`);
    // About 8-16 postings per bucket: the offsets then cost 2-4 bytes an entry (of 64 bands),
    // where one bucket per entry cost 256, and scanning a bucket is still a handful of compares.
    const bucketBits = Math.max(8, idBits - 4);
    const buckets = 1 << bucketBits;
    const shift = 32 - bucketBits;
    const tagMask = 2 ** (32 - idBits) - 1;
    const idSpan = 2 ** idBits;
    const offsets = new Uint32Array(bands * (buckets + 1));
    const starts = new Uint32Array(bands + 1);
    const masks = maskOf ? Array.from({ length: n }, (_, i) => maskOf(i)) : null;
    const kept = (i: number, b: number) => {
      const m = masks?.[i];
      return !m || ((m[b >>> 5]! >>> (b & 31)) & 1) === 1;
    };
    for (let b = 0; b < bands; b++) {
      let c = 0;
      for (let i = 0; i < n; i++) if (kept(i, b)) c++;
      starts[b + 1] = starts[b]! + c;
    }
    const postings = new Uint32Array(starts[bands]!);
    // Signatures are read a group of bands at a time into one flat array: a million
    // scattered signature objects read once per band made this 2x slower.
    const GROUP = 8;
    const values = new Uint32Array(n * GROUP);
    const keys = new Uint32Array(n);
    const sorted = new Uint32Array(n);
    const idMask = idSpan - 1;
    for (let g = 0; g < bands; g += GROUP) {
      for (let i = 0; i < n; i++) values.set(signatureOf(i).subarray(g, g + GROUP), i * GROUP);
      for (let b = g; b < Math.min(g + GROUP, bands); b++) {
        const base = b * (buckets + 1);
        let m = 0;
        for (let i = 0; i < n; i++) {
          if (!kept(i, b)) continue;
          const key = LshIndex.bandKey(b, values[i * GROUP + b - g]!);
          keys[i] = key;
          offsets[base + (key >>> shift) + 1]!++;
          sorted[m++] = (key & tagMask) * idSpan + i;
        }
        for (let k = 0; k < buckets; k++) offsets[base + k + 1]! += offsets[base + k]!;
        // Postings in ascending order (by tag, then entry), dealt to their buckets in that
        // order: each bucket comes out sorted, with one native sort per band.
        const list = sorted.subarray(0, m).sort();
        const fill = offsets.slice(base, base + buckets);
        const start = starts[b]!;
        for (let k = 0; k < m; k++) {
          const p = list[k]!;
          postings[start + fill[keys[p & idMask]! >>> shift]!++] = p;
        }
      }
    }
    return { bands, count: n, bucketBits, idBits, starts, offsets, postings };
  }

  /** Checks tables that came from storage or elsewhere: a query must never read out of bounds. */
  static validTables(t: LshTables, bands: number): boolean {
    const buckets = 2 ** t.bucketBits;
    return (
      t.bands === bands &&
      Number.isInteger(t.count) &&
      t.count >= 0 &&
      t.idBits >= 1 &&
      t.idBits <= 24 &&
      2 ** t.idBits >= t.count &&
      t.bucketBits >= 1 &&
      t.bucketBits <= 24 &&
      t.starts instanceof Uint32Array &&
      t.offsets instanceof Uint32Array &&
      t.postings instanceof Uint32Array &&
      t.starts.length === bands + 1 &&
      t.offsets.length === bands * (buckets + 1) &&
      t.starts[bands] === t.postings.length &&
      Array.from({ length: bands }, (_, b) => ascending(t.offsets, b * (buckets + 1), buckets + 1, t.starts[b + 1]! - t.starts[b]!)).every(
        Boolean,
      ) &&
      ownEntries(t.postings, 2 ** t.idBits - 1, t.count)
    );
  }

  /** Adds frozen tables whose entry i is handle base + i. */
  addSegment(base: number, tables: LshTables): void {
    if (tables.bands !== this.bands) throw new RangeError(`tables of ${tables.bands} bands in an index of ${this.bands}`);
    this.segments.push({ base, tables });
  }

  /** Drops every segment and recent addition (before a rebuild). */
  clear(): void {
    this.segments = [];
    this.recent.clear();
    this.removed.clear();
    this.pending = 0;
  }

  insert(id: number, signature: Uint32Array, mask?: BandMask | null): void {
    this.removed.delete(id);
    this.pending++;
    for (let b = 0; b < this.bands; b++) {
      if (mask && ((mask[b >>> 5]! >>> (b & 31)) & 1) === 0) continue;
      const key = LshIndex.bandKey(b, signature[b]!);
      const list = this.recent.get(key);
      if (list) list.push(id);
      else this.recent.set(key, [id]);
    }
  }

  remove(id: number): void {
    this.removed.add(id);
  }

  get size(): number {
    return this.segments.reduce((s, x) => s + x.tables.count, 0) + this.pending - this.removed.size;
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
    for (let b = 0; b < this.bands; b++) {
      const key = LshIndex.bandKey(b, signature[b]!);
      const w = weights ? weights[b]! : 1;
      // A band won by a word common to a tenth of all articles is a bucket holding a tenth
      // of the index: it costs the most postings and says the least.
      if (w < minWeight) continue;
      for (const { base, tables: t } of this.segments) {
        const idSpan = 2 ** t.idBits;
        const at = b * ((1 << t.bucketBits) + 1) + (key >>> (32 - t.bucketBits));
        const start = t.starts[b]!;
        const want = (key & (2 ** (32 - t.idBits) - 1)) * idSpan; // the run's first possible posting
        const next = want + idSpan;
        let lo = start + t.offsets[at]!;
        let hi = start + t.offsets[at + 1]!;
        const end = hi;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (t.postings[mid]! < want) lo = mid + 1;
          else hi = mid;
        }
        for (let k = lo; k < end; k++) {
          const p = t.postings[k]!;
          if (p >= next) break;
          count(base + (p - want), w);
        }
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

  /** Bytes held by the frozen tables and the per-query counters. */
  get bytes(): number {
    let sum = this.counts.byteLength + this.scores.byteLength;
    for (const { tables: t } of this.segments) sum += t.starts.byteLength + t.offsets.byteLength + t.postings.byteLength;
    return sum;
  }
}

/** Every posting names an entry of its own segment, not one of the next (a plain loop: 32M postings at 1M entries). */
function ownEntries(postings: Uint32Array, idMask: number, count: number): boolean {
  for (let k = 0; k < postings.length; k++) if ((postings[k]! & idMask) >= count) return false;
  return true;
}

/** offsets[from .. from + length) rise from 0 to last, never falling. */
function ascending(offsets: Uint32Array, from: number, length: number, last: number): boolean {
  if (offsets[from] !== 0 || offsets[from + length - 1] !== last) return false;
  for (let k = from + 1; k < from + length; k++) if (offsets[k]! < offsets[k - 1]!) return false;
  return true;
}

/** The mask that keeps band b when keep(b). */
export function bandMask(bands: number, keep: (b: number) => boolean): BandMask {
  const m = new Uint32Array(Math.ceil(bands / 32));
  for (let b = 0; b < bands; b++) if (keep(b)) m[b >>> 5]! |= 1 << (b & 31);
  return m;
}
