import { describe, expect, it } from 'vitest';
import { MinHash, hashString } from '../../lib/fingerprint';

/** Two sets with a known Jaccard similarity: shared items plus items private to each. */
function sets(shared: number, onlyA: number, onlyB: number, salt: string) {
  const s = Array.from({ length: shared }, (_, i) => hashString(`${salt}s${i}`));
  const a = [...s, ...Array.from({ length: onlyA }, (_, i) => hashString(`${salt}a${i}`))];
  const b = [...s, ...Array.from({ length: onlyB }, (_, i) => hashString(`${salt}b${i}`))];
  return { a, b, jaccard: shared / (shared + onlyA + onlyB) };
}

describe('MinHash (one-permutation hashing with optimal densification)', () => {
  it('estimates Jaccard similarity without bias, within the theoretical error', () => {
    const mh = new MinHash(128, 7);
    for (const [shared, onlyA, onlyB] of [
      [300, 300, 300],
      [90, 10, 0],
      [40, 400, 200],
      [15, 30, 30],
    ] as const) {
      const errors: number[] = [];
      let j = 0;
      for (let trial = 0; trial < 40; trial++) {
        const { a, b, jaccard } = sets(shared, onlyA, onlyB, `${shared}-${trial}`);
        j = jaccard;
        errors.push(MinHash.jaccard(mh.sign(a), mh.sign(b)) - jaccard);
      }
      const sigma = Math.sqrt((j * (1 - j)) / 128);
      const mean = errors.reduce((s, e) => s + e, 0) / errors.length;
      // The mean of 40 estimates is within 4 standard errors of the truth...
      expect(Math.abs(mean)).toBeLessThan((4 * sigma) / Math.sqrt(errors.length) + 0.005);
      // ...and single estimates within 4 sigma (plus densification's small excess variance).
      for (const e of errors) expect(Math.abs(e)).toBeLessThan(4 * sigma + 0.03);
    }
  });

  it('gives identical sets identical signatures and disjoint sets almost no agreement', () => {
    const mh = new MinHash(64, 1);
    const { a } = sets(200, 0, 0, 'x');
    expect(MinHash.jaccard(mh.sign(a), mh.sign([...a].reverse()))).toBe(1);
    const other = sets(200, 0, 0, 'y').a;
    expect(MinHash.jaccard(mh.sign(a), mh.sign(other))).toBeLessThan(0.1);
  });

  it('is deterministic across instances (same seed, same signature) and differs across seeds', () => {
    const { a } = sets(50, 0, 0, 'z');
    expect(Array.from(new MinHash(64, 3).sign(a))).toEqual(Array.from(new MinHash(64, 3).sign(a)));
    expect(MinHash.jaccard(new MinHash(64, 3).sign(a), new MinHash(64, 4).sign(a))).toBeLessThan(0.2);
  });

  it('marks the signature of an empty set as empty and refuses a bad size', () => {
    expect(MinHash.isEmpty(new MinHash(64).sign([]))).toBe(true);
    expect(() => new MinHash(100)).toThrow(/power of two/);
  });
});
