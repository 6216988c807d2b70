import { KEYS_PER_ENTRY, TABLES_FORMAT } from '../../candidates';
import { PARAMS } from '../../fingerprint';

/**
 * The Redis store layout, version 1 - the one place it is defined (README "Redis store").
 *
 *   provenance:format  JSON {format:"news-provenance-store", version:1, numPerm, seed}:
 *                      the fingerprint parameters the store was written with
 *   provenance:seq     the last entry number handed out (INCRBY)
 *   id:<id>            the entry number of the entry with that id
 *   t:<term>           candidate list: the set of entry numbers filed under that term, one
 *                      of their KEYS_PER_ENTRY rarest (lib/candidates entryKeys; the term's
 *                      u32 hash in unsigned decimal)
 *   {e:<n>}:sig        MinHash signature, numPerm u32 little-endian (fixed size)
 *   {e:<n>}:sk         sentence sketches (codec.ts)
 *   {e:<n>}:meta       the entry's metadata, JSON (never its text)
 *   {e:<n>}:ready      digest of the three values above, written last: an entry without it
 *                      (being written, replaced or removed) is never served
 *
 * Entry numbers, not id strings, fill the buckets: Redis keeps a set of small integers as an
 * intset (4 bytes a member) where a set of strings costs ~60 bytes a member, and lists hold
 * KEYS_PER_ENTRY members per entry. Numbers are handed out in push order, so candidates that
 * score the same rank as they do in the in-memory index (insertion order breaks ties).
 *
 * On a cluster, the hash tag {e:<n>} keeps an entry's own keys in one slot (one node, read
 * by one MGET), while the lists of its terms hash all over the cluster.
 */

// Version 2: sentence sketches keep their terms in order of first mention (see lib/index/pack.ts).
// Version 3: candidate lists by rarest terms (t:) in place of LSH band buckets (b:).
export const FORMAT = {
  format: 'news-provenance-store',
  version: 3,
  numPerm: PARAMS.numPerm,
  seed: PARAMS.seed,
  keys: KEYS_PER_ENTRY,
  tables: TABLES_FORMAT,
} as const;
export const FORMAT_KEY = 'provenance:format';
export const SEQ_KEY = 'provenance:seq';

export const idKey = (id: string): string => `id:${id}`;
export const termKey = (term: number): string => `t:${term >>> 0}`;

const entry = (n: number) => `{e:${n}}`;
export const sigKey = (n: number): string => `${entry(n)}:sig`;
export const sketchKey = (n: number): string => `${entry(n)}:sk`;
export const metaKey = (n: number): string => `${entry(n)}:meta`;
export const readyKey = (n: number): string => `${entry(n)}:ready`;
