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

/** Checks tables that came from storage or elsewhere: a lookup must never read out of bounds. */
export function validTables(t: KeyTables): boolean {
  return (
    t.format === TABLES_FORMAT &&
    Number.isInteger(t.count) &&
    t.count >= 0 &&
    t.idBits >= 1 &&
    t.idBits <= MAX_ID_BITS &&
    2 ** t.idBits >= t.count &&
    t.bucketBits >= t.idBits &&
    t.bucketBits <= 32 &&
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
  const idSpan = 2 ** t.idBits;
  const want = (key & (2 ** (32 - t.idBits) - 1)) * idSpan;
  const next = want + idSpan;
  const end = t.offsets[bucket + 1]!;
  let lo = t.offsets[bucket]!;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t.postings[mid]! < want) lo = mid + 1;
    else hi = mid;
  }
  const from = lo;
  hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t.postings[mid]! < next) lo = mid + 1;
    else hi = mid;
  }
  return [from, lo];
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
