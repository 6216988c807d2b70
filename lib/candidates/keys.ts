import type { Fingerprint } from '../fingerprint';
import { Idf } from '../match/idf';

/**
 * Candidate keys: prefix filtering (Chaudhuri, Ganti & Kaushik 2006; Bayardo, Ma & Srikant
 * 2007) over one global order of terms, rarest first by the IDF table shipped with the engine.
 * An entry is filed under its KEYS_PER_ENTRY rarest terms only; a page looks up its own terms
 * and reads only those short lists. The order is the static table's, not the index's own
 * counts, so an entry's keys never change as the index grows and every back end (memory,
 * IndexedDB, Redis) files an entry under the same keys.
 *
 * The guarantee: every entry that has at least CANDIDATE_MIN_HITS of its keys among the
 * page's looked-up terms is scored (within the read budget, see POSTING_BUDGET), and the
 * `limit` best by summed weight are returned. A copy holds its source's rarest terms - the
 * names, places and figures that AI rewrites and spinners keep - so the source is scored.
 */

/** Keys per entry: the dev sets' sources all stayed among the first candidates with 24 (16 lost spins). */
export const KEYS_PER_ENTRY = 24;

/**
 * Terms below this IDF (in more than ~5% of news articles) are neither keys nor looked up:
 * they would file an entry among a twentieth of the index and say little about it.
 */
export const MIN_KEY_WEIGHT = 3;

/** Two shared keys: one shared rare name is what every report of an event has. */
export const CANDIDATE_MIN_HITS = 2;

/**
 * Postings a check reads at most: the page's lists shortest first, until the next would pass
 * this. Lists of a story's own names stay short however large the index; the long ones cut
 * are terms shared by thousands of entries, which rank nobody. This bounds a check's cost at
 * any size (at 100,000 entries no check of the dev sets reaches it).
 */
export const POSTING_BUDGET = 50_000;

/** Weights are integers (IDF in 64ths) so that every back end sums them to the same score, in any order. */
export const WEIGHT_SCALE = 64;

/**
 * The distinct terms of a fingerprint that are rare enough to be keys, rarest first (ties by
 * hash). Sorted by one number per term, its document frequency then its hash, rather than
 * with a comparator: at a million entries a comparator calling the IDF table made building
 * the tables three times slower.
 */
function rareTerms(fp: Pick<Fingerprint, 'terms'>, idf: Idf, limit = Infinity): number[] {
  const most = maxKeyFrequency(idf);
  const order = new Float64Array(fp.terms.length);
  let n = 0;
  for (const t of fp.terms) {
    const df = idf.frequency(t);
    if (df <= most) order[n++] = df * 2 ** 32 + t;
  }
  const sorted = order.subarray(0, n).sort();
  const out: number[] = [];
  for (let i = 0; i < n && out.length < limit; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) out.push(sorted[i]! % 2 ** 32);
  return out;
}

const maxFrequencies = new WeakMap<Idf, number>();

/** The highest document frequency whose weight still reaches MIN_KEY_WEIGHT (-1: none does), once per table. */
function maxKeyFrequency(idf: Idf): number {
  let most = maxFrequencies.get(idf);
  if (most === undefined) {
    most = -1;
    while (most < 0xffff && Idf.weightOf(most + 1, idf.docs) >= MIN_KEY_WEIGHT) most++;
    maxFrequencies.set(idf, most);
  }
  return most;
}

/** The keys an entry is filed under: its KEYS_PER_ENTRY rarest terms, rarest first. */
export function entryKeys(fp: Pick<Fingerprint, 'terms'>, idf: Idf): Uint32Array {
  return new Uint32Array(rareTerms(fp, idf, KEYS_PER_ENTRY));
}

/** What a page looks up: every term rare enough to be a key, with its integer weight. */
export interface Probe {
  terms: Uint32Array;
  weights: Uint32Array;
}

export function probeOf(fp: Pick<Fingerprint, 'terms'>, idf: Idf): Probe {
  const terms = Uint32Array.from(rareTerms(fp, idf));
  return { terms, weights: terms.map((t) => Math.round(idf.weight(t) * WEIGHT_SCALE)) };
}

/**
 * Which of the page's terms a check reads, given each list's length: shortest first, ties by
 * term, while the total stays within `budget`. Positions into the probe, in reading order.
 */
export function readingOrder(lengths: ArrayLike<number>, terms: Uint32Array, budget = POSTING_BUDGET): number[] {
  const order = Array.from({ length: terms.length }, (_, i) => i)
    .filter((i) => lengths[i]! > 0)
    .sort((a, b) => lengths[a]! - lengths[b]! || terms[a]! - terms[b]!);
  const out: number[] = [];
  let total = 0;
  for (const i of order) {
    if (total + lengths[i]! > budget) break;
    total += lengths[i]!;
    out.push(i);
  }
  return out;
}
