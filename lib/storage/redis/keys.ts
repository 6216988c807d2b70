import { KEYS_PER_ENTRY, TABLES_FORMAT } from '../../candidates';
import { PARAMS } from '../../fingerprint';

/**
 * The Redis store layout - the one place it is defined (README "Redis store").
 *
 *   provenance:format  JSON {format:"news-provenance-store", version, numPerm, seed, keys, tables}:
 *                      the engine the store was written with
 *   provenance:seq     the last entry number handed out (INCRBY)
 *   id:<id>            the entry number of the entry with that id
 *   t:<term>           candidate list: the entry numbers (u32 little-endian, appended) filed
 *                      under that term, one of their KEYS_PER_ENTRY rarest (lib/candidates
 *                      entryKeys; the term's u32 hash in unsigned decimal)
 *   e:<n>              the entry: ready byte, digest, sentence sketches and metadata in one
 *                      binary value (codec.ts), never its text. Served only once its ready
 *                      byte is set, which is written after all its list memberships.
 *
 * Lists are binary strings, not sets: 4 bytes a member whatever the list's length (a set
 * member costs ~4 bytes in an intset but ~50 once a set outgrows set-max-intset-entries),
 * and a check reads a list of 40,000 members as one 160 KB value instead of 40,000 replies
 * to parse. Entry numbers are handed out in push order, so candidates that score the same
 * rank as they do in the in-memory index (insertion order breaks ties).
 *
 * On a cluster an entry is one key, on one node, and the lists of its terms hash all over
 * the cluster.
 */

// Version 2: sentence sketches keep their terms in order of first mention (see lib/index/pack.ts).
// Version 3: candidate lists by rarest terms (t:) in place of LSH band buckets (b:).
// Version 4: one value an entry (e:<n>), the signature signed again from the sketches; lists as binary strings.
export const FORMAT = {
  format: 'news-provenance-store',
  version: 4,
  numPerm: PARAMS.numPerm,
  seed: PARAMS.seed,
  keys: KEYS_PER_ENTRY,
  tables: TABLES_FORMAT,
} as const;
export const FORMAT_KEY = 'provenance:format';
export const SEQ_KEY = 'provenance:seq';

export const idKey = (id: string): string => `id:${id}`;
export const termKey = (term: number): string => `t:${term >>> 0}`;
export const entryKey = (n: number): string => `e:${n}`;

/** Bytes of one list member. */
export const MEMBER_BYTES = 4;

/** A list's members, in the order appended. */
export function listMembers(value: Buffer | null): Uint32Array {
  if (!value) return new Uint32Array(0);
  const out = new Uint32Array(value.length >>> 2);
  for (let i = 0; i < out.length; i++) out[i] = value.readUInt32LE(4 * i);
  return out;
}

/** Entry numbers as list members, to append. */
export function membersOf(numbers: readonly number[]): Buffer {
  const out = Buffer.alloc(MEMBER_BYTES * numbers.length);
  numbers.forEach((n, i) => out.writeUInt32LE(n, MEMBER_BYTES * i));
  return out;
}

/**
 * Takes members out of one list in one step on its node (EVAL; KEYS[1] the list, each ARGV
 * a member's 4 bytes), deleting the list when nothing is left; returns how many it took out.
 * A list is a string, so a removal rewrites it: removals (a retracted or replaced entry) are
 * rare next to checks and pushes.
 */
export const TAKE_OUT = `
local s = redis.call('GET', KEYS[1])
if not s then return 0 end
local drop = {}
for i = 1, #ARGV do drop[ARGV[i]] = true end
local kept, n = {}, 0
for i = 1, #s - 3, 4 do
  local m = string.sub(s, i, i + 3)
  if not drop[m] then n = n + 1; kept[n] = m end
end
if n == 0 then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], table.concat(kept)) end
return #s / 4 - n
`;
