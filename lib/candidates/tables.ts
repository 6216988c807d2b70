/**
 * Frozen candidate tables for `count` entries numbered 0..count-1, in CSR form: the postings
 * of bucket k are postings[offsets[k] .. offsets[k + 1]). Plain typed arrays, so the tables of
 * an imported pack are stored (IndexedDB, or a file beside the pack) as built and loaded
 * without rebuilding.
 *
 * A posting is one u32: the low (32 - idBits) bits of its key (a tag) in the high bits and the
 * entry number in the low idBits. The bucket is the key's high bucketBits bits, and
 * bucketBits >= idBits, so bucket and tag together are the whole key: a lookup is exact,
 * whatever the size. Each bucket is sorted, so one key's postings are a run found by binary
 * search.
 */
export interface KeyTables {
  /** TABLES_FORMAT of the code that built them: tables of another layout are built again. */
  format: number;
  count: number;
  bucketBits: number;
  idBits: number;
  offsets: Uint32Array;
  postings: Uint32Array;
}

/** Bumped whenever buildTables or the choice of keys (keys.ts) changes what is written. */
export const TABLES_FORMAT = 2;

/** One segment holds at most 2^24 entries (a pack at most a million, see PACK_LIMITS). */
const MAX_ID_BITS = 24;

/** Builds the tables of `count` entries, entry i filed under keysOf(i). */
export function buildTables(count: number, keysOf: (i: number) => Uint32Array): KeyTables {
  const idBits = Math.max(1, Math.ceil(Math.log2(Math.max(2, count))));
  if (idBits > MAX_ID_BITS) throw new RangeError(`one candidate segment holds at most 2^${MAX_ID_BITS} entries, not ${count}`);
  // One bucket per entry or more: 4 bytes an entry of offsets, and every key found exactly.
  const bucketBits = Math.max(8, idBits);
  const buckets = 2 ** bucketBits;
  const shift = 32 - bucketBits;
  const idSpan = 2 ** idBits;
  const tagMask = 2 ** (32 - idBits) - 1;
  const keys = Array.from({ length: count }, (_, i) => keysOf(i));
  const offsets = new Uint32Array(buckets + 1);
  for (const list of keys) for (const key of list) offsets[(key >>> shift) + 1]!++;
  for (let k = 0; k < buckets; k++) offsets[k + 1]! += offsets[k]!;
  // Dealt to their buckets in entry order, then each bucket sorted by tag (then entry).
  // Buckets hold about 24 postings: insertion sort, a native sort for the rare long one.
  const postings = new Uint32Array(offsets[buckets]!);
  const fill = offsets.slice(0, buckets);
  keys.forEach((list, i) => {
    for (const key of list) postings[fill[key >>> shift]!++] = (key & tagMask) * idSpan + i;
  });
  for (let k = 0; k < buckets; k++) {
    const from = offsets[k]!;
    const to = offsets[k + 1]!;
    if (to - from > 64) postings.subarray(from, to).sort();
    else
      for (let a = from + 1; a < to; a++) {
        const v = postings[a]!;
        let b = a - 1;
        for (; b >= from && postings[b]! > v; b--) postings[b + 1] = postings[b]!;
        postings[b + 1] = v;
      }
  }
  return { format: TABLES_FORMAT, count, bucketBits, idBits, offsets, postings };
}

/** The sizes a table of any storage form must keep to: a lookup computes its reads from them. */
function validLayout(h: Partial<TableHead>): boolean {
  return (
    h.format === TABLES_FORMAT &&
    Number.isInteger(h.count) &&
    h.count! >= 0 &&
    Number.isInteger(h.idBits) &&
    h.idBits! >= 1 &&
    h.idBits! <= MAX_ID_BITS &&
    2 ** h.idBits! >= h.count! &&
    Number.isInteger(h.bucketBits) &&
    h.bucketBits! >= h.idBits! &&
    h.bucketBits! <= 32
  );
}

/** Checks tables that came from storage or elsewhere: a lookup must never read out of bounds. */
export function validTables(t: KeyTables): boolean {
  return (
    validLayout(t) &&
    t.offsets instanceof Uint32Array &&
    t.postings instanceof Uint32Array &&
    t.offsets.length === 2 ** t.bucketBits + 1 &&
    t.offsets[t.offsets.length - 1] === t.postings.length &&
    ascending(t.offsets) &&
    ownEntries(t.postings, 2 ** t.idBits - 1, t.count)
  );
}

/** The run of a key's postings in a table: [from, to), the entry numbers their low idBits. */
export function runOf(t: KeyTables, key: number): [number, number] {
  const bucket = key >>> (32 - t.bucketBits);
  return runIn(t.postings, t.offsets[bucket]!, t.offsets[bucket + 1]!, key, t.idBits);
}

/** A key's run within one sorted bucket, postings[lo .. hi). */
function runIn(postings: Uint32Array, lo: number, hi: number, key: number, idBits: number): [number, number] {
  const idSpan = 2 ** idBits;
  const want = (key & (2 ** (32 - idBits) - 1)) * idSpan;
  const next = want + idSpan;
  const end = hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (postings[mid]! < want) lo = mid + 1;
    else hi = mid;
  }
  const from = lo;
  hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (postings[mid]! < next) lo = mid + 1;
    else hi = mid;
  }
  return [from, lo];
}

/**
 * Tables stored in chunks of CHUNK_BUCKETS consecutive buckets, so that the extension's
 * worker reads, for a check, only the chunks that hold the page's terms - some 200 small
 * records - instead of a million entries' tables each time Chrome starts it again.
 */
export const CHUNK_BUCKETS = 64;

/** What a chunked table is, without its postings. */
export interface TableHead {
  format: number;
  count: number;
  bucketBits: number;
  idBits: number;
  chunkBuckets: number;
}

/** Buckets c * chunkBuckets .. (c + 1) * chunkBuckets: their offsets (from 0) and postings. */
export interface TableChunk {
  c: number;
  offsets: Uint32Array;
  postings: Uint32Array;
}

export function headOf(t: KeyTables, chunkBuckets = CHUNK_BUCKETS): TableHead {
  return { format: t.format, count: t.count, bucketBits: t.bucketBits, idBits: t.idBits, chunkBuckets };
}

/** The chunks of a table, in order (copies: a chunk is stored on its own). */
export function chunksOf(t: KeyTables, chunkBuckets = CHUNK_BUCKETS): TableChunk[] {
  const buckets = 2 ** t.bucketBits;
  const out: TableChunk[] = [];
  for (let c = 0; c * chunkBuckets < buckets; c++) {
    const first = c * chunkBuckets;
    const last = Math.min(buckets, first + chunkBuckets);
    const base = t.offsets[first]!;
    out.push({ c, offsets: t.offsets.slice(first, last + 1).map((o) => o - base), postings: t.postings.slice(base, t.offsets[last]!) });
  }
  return out;
}

/** The chunk that holds a key's bucket. */
export function chunkOfKey(head: TableHead, key: number): number {
  return Math.floor((key >>> (32 - head.bucketBits)) / head.chunkBuckets);
}

export function validHead(h: Partial<TableHead>): h is TableHead {
  return validLayout(h) && Number.isInteger(h.chunkBuckets) && h.chunkBuckets! >= 1;
}

/** A stored chunk that a lookup may read: the right size, offsets rising to its postings' end, its own entries only. */
export function validChunk(h: TableHead, k: TableChunk | undefined, c: number): k is TableChunk {
  const buckets = Math.min(h.chunkBuckets, 2 ** h.bucketBits - c * h.chunkBuckets);
  return (
    !!k &&
    k.c === c &&
    k.offsets instanceof Uint32Array &&
    k.postings instanceof Uint32Array &&
    k.offsets.length === buckets + 1 &&
    k.offsets[buckets] === k.postings.length &&
    ascending(k.offsets) &&
    ownEntries(k.postings, 2 ** h.idBits - 1, h.count)
  );
}

/** A key's postings in a chunk: [from, to) in chunk.postings. */
export function runInChunk(h: TableHead, k: TableChunk, key: number): [number, number] {
  const local = (key >>> (32 - h.bucketBits)) - k.c * h.chunkBuckets;
  return runIn(k.postings, k.offsets[local]!, k.offsets[local + 1]!, key, h.idBits);
}

/** Every posting names an entry of its own segment (a plain loop: 24M postings at 1M entries). */
function ownEntries(postings: Uint32Array, idMask: number, count: number): boolean {
  for (let k = 0; k < postings.length; k++) if ((postings[k]! & idMask) >= count) return false;
  return true;
}

function ascending(offsets: Uint32Array): boolean {
  if (offsets[0] !== 0) return false;
  for (let k = 1; k < offsets.length; k++) if (offsets[k]! < offsets[k - 1]!) return false;
  return true;
}

/** Bytes held by tables. */
export function tableBytes(t: KeyTables): number {
  return t.offsets.byteLength + t.postings.byteLength;
}
