/**
 * 32-bit hashing with exact integer arithmetic (Math.imul), identical on every engine and
 * machine: MurmurHash3's finaliser (Appleby 2011) over FNV-1a of the UTF-16 code units.
 */

export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of a string, seeded. */
export function hashString(s: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h ^ s.length);
}

/** Hash of two 32-bit values, for band keys and pair features. */
export function hashPair(a: number, b: number): number {
  return fmix32(Math.imul(a ^ 0x9e3779b9, 0x27d4eb2d) ^ fmix32(b));
}
