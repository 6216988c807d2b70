import { PARAMS } from '../../fingerprint';
import { LshIndex } from '../../index';

/**
 * The Redis store layout, version 1 - the one place it is defined (README "Redis store").
 *
 *   provenance:format  JSON {format:"news-provenance-store", version:1, numPerm, seed}:
 *                      the fingerprint parameters the store was written with
 *   provenance:seq     the last entry number handed out (INCRBY)
 *   id:<id>            the entry number of the entry with that id
 *   b:<bandKey>        LSH bucket: the set of entry numbers whose signature has that band
 *                      key (LshIndex.bandKey(band, value), unsigned decimal)
 *   {e:<n>}:sig        MinHash signature, numPerm u32 little-endian (fixed size)
 *   {e:<n>}:sk         sentence sketches (codec.ts)
 *   {e:<n>}:meta       the entry's metadata, JSON (never its text)
 *   {e:<n>}:ready      digest of the three values above, written last: an entry without it
 *                      (being written, replaced or removed) is never served
 *
 * Entry numbers, not id strings, fill the buckets: Redis keeps a set of small integers as an
 * intset (4 bytes a member) where a set of strings costs ~60 bytes a member, and buckets hold
 * 64 members per entry. Numbers are handed out in push order, so candidates that share as
 * many bands rank as they do in the in-memory index (insertion order breaks ties).
 *
 * On a cluster, the hash tag {e:<n>} keeps an entry's own keys in one slot (one node, read
 * by one MGET), while the buckets of its 64 bands hash all over the cluster.
 */

// Version 2: sentence sketches keep their terms in order of first mention (see lib/index/pack.ts).
export const FORMAT = { format: 'news-provenance-store', version: 2, numPerm: PARAMS.numPerm, seed: PARAMS.seed } as const;
export const FORMAT_KEY = 'provenance:format';
export const SEQ_KEY = 'provenance:seq';

export const idKey = (id: string): string => `id:${id}`;
export const bucketKey = (bandKey: number): string => `b:${bandKey >>> 0}`;

const entry = (n: number) => `{e:${n}}`;
export const sigKey = (n: number): string => `${entry(n)}:sig`;
export const sketchKey = (n: number): string => `${entry(n)}:sk`;
export const metaKey = (n: number): string => `${entry(n)}:meta`;
export const readyKey = (n: number): string => `${entry(n)}:ready`;

/** The LSH band keys of a signature, one per band: the buckets an entry is in, or a page looks in. */
export function bandKeys(signature: Uint32Array): number[] {
  return Array.from({ length: PARAMS.numPerm }, (_, b) => LshIndex.bandKey(b, signature[b]!));
}
