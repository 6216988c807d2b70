import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import { KEYS_PER_ENTRY, TABLES_FORMAT } from '../../candidates';
import { PARAMS } from '../../fingerprint';
import { hashString } from '../../fingerprint/hash';

/**
 * The Redis store layout - the one place it is defined (README "Redis store").
 *
 *   provenance:format  JSON {format:"news-provenance-store", version, numPerm, seed, keys, tables,
 *                      groups, termBuckets, idBuckets}: the engine the store was written with
 *                      and its number of buckets (StoreLayout)
 *   provenance:seq     the last entry number handed out (INCRBY)
 *   i:{<g>}<b>         hash: id -> entry number, for the ids whose hash falls in bucket b of
 *                      group g (an id longer than ID_FIELD_MAX bytes is filed under its digest)
 *   t:{<g>}<b>         hash: the candidate lists of the terms in bucket b of group g (a term's
 *                      low bits), field = the term's high bits: the entry numbers (u32
 *                      little-endian, appended) filed under that term, one of their
 *                      KEYS_PER_ENTRY rarest (lib/candidates entryKeys) - while the list is
 *                      short (SHORT_LIST_BYTES); a longer list lives in its own string
 *                      t:{<g>}<b>:<field>, and the hash field then holds LONG_MARK and the
 *                      list's length in bytes (5 bytes, never a multiple of 4)
 *   m:{<g>}            "1": the mark that the store is whole, one in each group (marks.ts)
 *   e:<n>              the entry: ready byte, digest, sentence sketches and metadata in one
 *                      binary value (codec.ts), never its text. Served only once its ready
 *                      byte is set, which is written after all its list memberships.
 *
 * Why hashes of buckets: almost every candidate list holds one entry (a term rare enough to
 * be an article's key is seldom another's), and a key of its own cost ~100 bytes for its 4
 * bytes of member, 0.7 KB an entry. Small hashes are stored by Redis as one packed listpack
 * (hash-max-listpack-entries 128, hash-max-listpack-value 64 by default), where such a list
 * costs ~8 bytes. With 2^20 term buckets a bucket holds ~7 lists an entry per million entries,
 * and stays packed up to some 18 million entries; beyond, raise hash-max-listpack-entries
 * (README "Redis store"). Lists past 64 bytes leave the hash so that one long list does not
 * unpack its bucket; few lists are long, and those are the ones a check reads least.
 *
 * Lists are binary strings, not sets: 4 bytes a member whatever the list's length, and a
 * check reads a list of 40,000 members as one 160 KB value instead of 40,000 replies to
 * parse. Entry numbers are handed out in push order, so candidates that score the same rank
 * as they do in the in-memory index (insertion order breaks ties).
 *
 * On a cluster an entry is one key, on one node. The buckets of a group share a hash tag, so
 * one slot: a push updates all the lists of a group it touches in one script call (EVALSHA
 * cost ~8 µs a call on the server, a call a list made pushes 40% slower than format 4), and
 * the 4,096 groups spread over the cluster's slots.
 */

// Version 2: sentence sketches keep their terms in order of first mention (see lib/index/pack.ts).
// Version 3: candidate lists by rarest terms (t:) in place of LSH band buckets (b:).
// Version 4: one value an entry (e:<n>), the signature signed again from the sketches; lists as binary strings.
// Version 5: lists and ids in hashes of buckets (t:{b}, i:{b}); metadata as a JSON array.
/** Bits of a term (its lowest) that choose its group; the next ones choose its bucket in the group. */
export const GROUP_BITS = 12;
/** What a store must have been written with, whatever its number of buckets. */
const ENGINE = {
  format: 'news-provenance-store',
  version: 5,
  numPerm: PARAMS.numPerm,
  seed: PARAMS.seed,
  keys: KEYS_PER_ENTRY,
  tables: TABLES_FORMAT,
  groups: 2 ** GROUP_BITS,
} as const;
/** Bucket groups: each a hash tag, so one slot, spread over the cluster. */
export const GROUPS = ENGINE.groups;
export const FORMAT_KEY = 'provenance:format';
export const SEQ_KEY = 'provenance:seq';

/** Longest list kept inside its bucket: Redis's default hash-max-listpack-value. */
export const SHORT_LIST_BYTES = 64;
/** First byte of a bucket field whose list lives in its own key. */
export const LONG_MARK = 0x4c; // 'L'

/** Where a term's candidate list is: its bucket, its field there, and its own key when long. */
export interface ListPlace {
  bucket: string;
  field: string;
  long: string;
}

/** The keys of a group's buckets begin with this: its hash tag puts them in one slot. */
const groupPrefix = (prefix: string, group: number): string => `${prefix}:{${group}}`;
/** The key of bucket b (the low GROUP_BITS its group) under a prefix. */
const bucketKey = (prefix: string, b: number): string => `${groupPrefix(prefix, b & (ENGINE.groups - 1))}${b >>> GROUP_BITS}`;

/** Longest id filed as itself (a longer one would unpack its bucket's listpack). */
export const ID_FIELD_MAX = 48;

/**
 * How many buckets a store spreads its lists and ids over, chosen when it is created and
 * recorded in its format key: 2^20 term buckets (and a quarter as many id buckets) keep every
 * bucket packed up to some 18 million entries with Redis's default hash-max-listpack-entries
 * (128), some 70 million with 512; a store meant for more is created with more
 * (`index push --buckets`), about one term bucket for every 17 entries (7 lists an entry per
 * million entries per 2^20 buckets, see above) at 128 to a bucket.
 */
export class StoreLayout {
  static readonly DEFAULT_BITS = 20;
  /** 16 buckets a group: fewer saves nothing worth having (2^20 cost ~0.1 KB an entry at a million). */
  static readonly MIN_BITS = 16;
  /** 2^28 buckets hold some 4.5 billion entries packed; a term is 32 bits, its field then 4. */
  static readonly MAX_BITS = 28;

  readonly termBuckets: number;
  readonly idBuckets: number;

  constructor(readonly termBucketBits: number = StoreLayout.DEFAULT_BITS) {
    if (!Number.isInteger(termBucketBits) || termBucketBits < StoreLayout.MIN_BITS || termBucketBits > StoreLayout.MAX_BITS)
      throw new RangeError(
        `the number of buckets must be from ${2 ** StoreLayout.MIN_BITS} (2^${StoreLayout.MIN_BITS}) to ${2 ** StoreLayout.MAX_BITS} (2^${StoreLayout.MAX_BITS})`,
      );
    this.termBuckets = 2 ** termBucketBits;
    this.idBuckets = 2 ** (termBucketBits - 2);
  }

  /** The layout for a number of term buckets (a power of two), or a RangeError saying what is allowed. */
  static ofBuckets(buckets: number): StoreLayout {
    const bits = Math.log2(buckets);
    if (!Number.isInteger(bits)) throw new RangeError(`the number of buckets must be a power of two (${buckets} is not)`);
    return new StoreLayout(bits);
  }

  /** What the format key holds for a store of this layout. */
  get format(): string {
    return JSON.stringify({ ...ENGINE, termBuckets: this.termBuckets, idBuckets: this.idBuckets });
  }

  /** The layout a format key describes, or null when it was written by another engine. */
  static fromFormat(found: string): StoreLayout | null {
    try {
      const f = JSON.parse(found) as Record<string, unknown>;
      const layout = StoreLayout.ofBuckets(Number(f.termBuckets));
      return layout.format === found ? layout : null;
    } catch {
      return null;
    }
  }

  /** A term's group, its bucket's number in the group, and its field: the term's low bits choose the bucket, its high bits are the field. */
  private termParts(term: number): { group: number; bucket: string; field: string } {
    const t = term >>> 0;
    const b = t & (this.termBuckets - 1);
    return { group: b & (ENGINE.groups - 1), bucket: String(b >>> GROUP_BITS), field: String(t >>> this.termBucketBits) };
  }

  /** Where a term's list is: its bucket, its field there, and its own key when long. */
  listPlace(term: number): ListPlace {
    const { group, bucket: b, field } = this.termParts(term);
    const bucket = groupPrefix('t', group) + b;
    return { bucket, field, long: `${bucket}:${field}` };
  }

  /** The term a bucket key's group and number and a field name. */
  termOf(group: number, bucket: number, field: number): number {
    return (field * this.termBuckets + bucket * ENGINE.groups + group) >>> 0;
  }

  /** The bucket and field of an id. */
  idPlace(id: string): { bucket: string; field: string } {
    const bucket = bucketKey('i', hashString(id) & (this.idBuckets - 1));
    const short = Buffer.byteLength(id, 'utf8') <= ID_FIELD_MAX && !id.startsWith('#');
    return { bucket, field: short ? id : `#${createHash('sha256').update(id, 'utf8').digest('base64url')}` };
  }

  /**
   * The appends to make, as JOIN_LISTS calls: one per group, with one of the group's buckets
   * (its key, for the call's slot), the group's key prefix, and all its lists packed in one
   * binary argument: per list, its bucket's number in the group and its field as decimal text
   * (a byte of length before each; Lua formatting numbers itself made the script 1.4 times
   * slower), the member count (u32 LE), the members. One argument a group, not three a list:
   * the client's encoding of some 120,000 arguments a round (and a buffer each) was most of a
   * push's time.
   */
  groupedAppends(lists: ReadonlyMap<number, readonly number[]>): Array<[key: string, prefix: string, packed: Buffer]> {
    const byGroup = new Map<number, Array<[bucket: string, field: string, members: readonly number[]]>>();
    for (const [term, members] of lists) {
      const { group: g, bucket, field } = this.termParts(term);
      const group = byGroup.get(g);
      if (group) group.push([bucket, field, members]);
      else byGroup.set(g, [[bucket, field, members]]);
    }
    return [...byGroup].map(([g, group]) => {
      let bytes = 0;
      for (const [b, f, ns] of group) bytes += 2 + b.length + f.length + 4 + MEMBER_BYTES * ns.length;
      const packed = Buffer.allocUnsafe(bytes);
      let at = 0;
      for (const [b, f, ns] of group) {
        packed[at++] = b.length;
        at += packed.write(b, at, 'latin1');
        packed[at++] = f.length;
        at += packed.write(f, at, 'latin1');
        at = packed.writeUInt32LE(ns.length, at);
        for (const n of ns) at = packed.writeUInt32LE(n, at);
      }
      const prefix = groupPrefix('t', g);
      return [prefix + group[0]![0], prefix, packed];
    });
  }
}

export const entryKey = (n: number): string => `e:${n}`;

/**
 * The length in bytes of a list as its bucket field gives it: the field's own length, or
 * the length after LONG_MARK when the list is in its own key; 0 when there is none.
 */
export function listBytes(field: Buffer | null): { bytes: number; long: boolean } {
  if (!field || !field.length) return { bytes: 0, long: false };
  if (field.length % 4 === 1 && field[0] === LONG_MARK) return { bytes: field.readUInt32LE(1), long: true };
  return { bytes: field.length, long: false };
}

const LITTLE_ENDIAN = endianness() === 'LE';

/** 32-bit numbers as little-endian bytes: a view where the machine is little-endian, else a swapped copy. */
export function u32le(values: Uint32Array): Buffer {
  const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  return LITTLE_ENDIAN ? bytes : Buffer.from(bytes).swap32();
}

/** Bytes of one list member. */
export const MEMBER_BYTES = 4;

/** A list's members, in the order appended. */
export function listMembers(value: Buffer | null): Uint32Array {
  if (!value) return new Uint32Array(0);
  // One copy into an aligned buffer, read in place where the machine is little-endian.
  if (LITTLE_ENDIAN) return new Uint32Array(value.buffer.slice(value.byteOffset, value.byteOffset + (value.length & ~3)));
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

/** Lua: the bucket field of a list that lives in its own key, for a list of n bytes. */
const MARK = `'L' .. struct.pack('<I4', n)`;

/**
 * Appends members to lists of one group in one step on its node (EVAL; KEYS[1] one of the
 * group's buckets, ARGV[1] the group's key prefix, ARGV[2] its lists as groupedAppends packs
 * them: buckets of one hash tag, so of KEYS[1]'s slot): a list stays in its bucket while it
 * fits in SHORT_LIST_BYTES, moves to its own key (same hash tag) when it outgrows that, and
 * is appended there from then on, its length kept in the field.
 */
export const JOIN_LISTS = `
local function mark(n) return ${MARK} end
local prefix, packed = ARGV[1], ARGV[2]
local at = 1
while at <= #packed do
  local b, f, count
  b, f, count, at = struct.unpack('<Bc0Bc0I4', packed, at)
  b = prefix .. b
  local add = string.sub(packed, at, at + ${MEMBER_BYTES} * count - 1)
  at = at + ${MEMBER_BYTES} * count
  local v = redis.call('HGET', b, f)
  if v and #v % 4 == 1 then
    redis.call('HSET', b, f, mark(redis.call('APPEND', b .. ':' .. f, add)))
  else
    local s = (v or '') .. add
    if #s > ${SHORT_LIST_BYTES} then
      redis.call('SET', b .. ':' .. f, s)
      redis.call('HSET', b, f, mark(#s))
    else
      redis.call('HSET', b, f, s)
    end
  end
end
return 0
`;

/**
 * Takes members out of one list in one step on its node (EVAL; KEYS[1] the bucket, ARGV[1]
 * the list's field, each further ARGV a member's 4 bytes), deleting the list when nothing is
 * left; returns how many it took out. A list is a string, so a removal rewrites it: removals
 * (a retracted or replaced entry) are rare next to checks and pushes. A long list that
 * shrinks keeps its own key: the check reads either.
 */
export const TAKE_OUT = `
local b, f = KEYS[1], ARGV[1]
local function mark(n) return ${MARK} end
local v = redis.call('HGET', b, f)
if not v then return 0 end
local long = #v % 4 == 1
local s = v
if long then s = redis.call('GET', b .. ':' .. f) or '' end
local drop = {}
for i = 2, #ARGV do drop[ARGV[i]] = true end
local kept, n = {}, 0
for i = 1, #s - 3, 4 do
  local m = string.sub(s, i, i + 3)
  if not drop[m] then n = n + 1; kept[n] = m end
end
if n == 0 then
  redis.call('HDEL', b, f)
  if long then redis.call('DEL', b .. ':' .. f) end
elseif long then
  redis.call('SET', b .. ':' .. f, table.concat(kept))
  redis.call('HSET', b, f, mark(4 * n))
else
  redis.call('HSET', b, f, table.concat(kept))
end
return #s / 4 - n
`;
