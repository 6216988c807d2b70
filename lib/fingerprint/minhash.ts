import { fmix32 } from './hash';

/**
 * MinHash by one-permutation hashing with optimal densification (Li, Owen & Zhang 2012;
 * Shrivastava 2017): each feature is hashed once and falls into one of `numPerm` bins,
 * so signing costs O(features + numPerm) instead of O(features x numPerm). The
 * probability that two signatures agree in a bin is the Jaccard similarity of the sets.
 */
export class MinHash {
  static readonly EMPTY = 0xffffffff;

  /** Number of bins (the "permutations" of classic MinHash); a power of two. */
  readonly numPerm: number;
  readonly seed: number;
  private readonly shift: number;

  constructor(numPerm = 64, seed = 1) {
    if (!Number.isInteger(Math.log2(numPerm)) || numPerm < 2 || numPerm > 4096) {
      throw new RangeError(`numPerm must be a power of two between 2 and 4096, got ${numPerm}`);
    }
    this.numPerm = numPerm;
    this.seed = seed >>> 0;
    this.shift = 32 - Math.log2(numPerm);
  }

  /** Signature of a set of 32-bit feature hashes (duplicates are harmless). */
  sign(features: ArrayLike<number>): Uint32Array {
    return this.signWithWinners(features).signature;
  }

  /**
   * The signature, and for every bin the feature that won it (its minimum), so that a query
   * can weigh each band by how telling its winning feature is.
   */
  signWithWinners(features: ArrayLike<number>): { signature: Uint32Array; winners: Uint32Array } {
    const k = this.numPerm;
    const sig = new Uint32Array(k).fill(MinHash.EMPTY);
    const winners = new Uint32Array(k);
    for (let i = 0; i < features.length; i++) {
      const h = fmix32((features[i]! ^ this.seed) >>> 0);
      const bin = h >>> this.shift;
      // The value inside a bin must be independent of the bin choice: rehash.
      const v = fmix32((h ^ 0x5bd1e995) >>> 0) >>> 1; // < 2^31, so EMPTY never occurs
      if (v < sig[bin]!) {
        sig[bin] = v;
        winners[bin] = features[i]!;
      }
    }
    this.densify(sig, winners);
    return { signature: sig, winners };
  }

  /** Fills empty bins from non-empty ones chosen by a per-bin hash sequence (optimal densification). */
  private densify(sig: Uint32Array, winners: Uint32Array): void {
    const k = this.numPerm;
    let filled = 0;
    for (let i = 0; i < k; i++) if (sig[i] !== MinHash.EMPTY) filled++;
    if (filled === 0 || filled === k) return;
    const src = sig.slice();
    for (let i = 0; i < k; i++) {
      if (src[i] !== MinHash.EMPTY) continue;
      for (let attempt = 1; ; attempt++) {
        const j = fmix32((Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca77) ^ this.seed) >>> 0) >>> this.shift;
        if (src[j] !== MinHash.EMPTY) {
          sig[i] = src[j]!;
          winners[i] = winners[j]!;
          break;
        }
      }
    }
  }

  /** Estimated Jaccard similarity of the two sets behind the signatures. */
  static jaccard(a: Uint32Array, b: Uint32Array): number {
    if (a.length !== b.length) throw new RangeError('signatures of different sizes');
    let same = 0;
    for (let i = 0; i < a.length; i++) if (a[i] === b[i] && a[i] !== MinHash.EMPTY) same++;
    return same / a.length;
  }

  static isEmpty(sig: Uint32Array): boolean {
    return sig[0] === MinHash.EMPTY;
  }
}
