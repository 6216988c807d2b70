import { MinHash } from '../../fingerprint';
import { CANDIDATE_MIN_HITS, MIN_BAND_WEIGHT } from '../../index';
import type { Candidate } from '../../match/check';
import { decodeEntry } from './codec';
import type { Runner } from './connection';
import { bandKeys, bucketKey, metaKey, readyKey, sigKey, sketchKey } from './keys';

/**
 * LSH candidates from the store, the same ranking as MemoryIndex.candidates: entries sharing
 * at least CANDIDATE_MIN_HITS of the looked-up one-row bands, best score first (the sum of
 * the shared bands' weights, added in band order in 32-bit floats as the in-memory index
 * does; bands below MIN_BAND_WEIGHT are not read), ties by entry number (push order, as
 * insertion order in memory).
 *
 * Two rounds, each one pipeline per node: the looked-up bands' buckets (SMEMBERS), then the data of the
 * best `limit` entries (one MGET each: their keys share a hash tag). An entry without its
 * ready marker is passed over and the next one read, so a half-written entry is never served.
 */
export async function storeCandidates(redis: Runner, signature: Uint32Array, limit: number, weights?: Float32Array): Promise<Candidate[]> {
  if (MinHash.isEmpty(signature)) return [];
  const bands = bandKeys(signature)
    .map((key, b) => ({ key, weight: weights ? weights[b]! : 1 }))
    .filter(({ weight }) => !weights || weight >= MIN_BAND_WEIGHT);
  const buckets = (await redis.run(bands.map(({ key }) => ['smembers', bucketKey(key)]))) as string[][];
  const ranked = rank(
    buckets,
    bands.map(({ weight }) => weight),
  );
  const out: Candidate[] = [];
  while (out.length < limit) {
    const batch = take(ranked, limit - out.length);
    if (!batch.length) break;
    const replies = (await redis.run(batch.map(({ n }) => ['mgetBuffer', readyKey(n), sigKey(n), sketchKey(n), metaKey(n)]))) as Array<
      Array<Buffer | null>
    >;
    replies.forEach(([ready, sig, sk, meta], i) => {
      const { n, hits } = batch[i]!;
      if (ready && sig && sk && meta)
        out.push({ entry: decodeEntry({ sig: sigKey(n), sk: sketchKey(n), meta: metaKey(n) }, sig, sk, meta), hits });
    });
  }
  return out;
}

interface Ranked {
  n: number;
  hits: number;
  score: number;
}

/** Entries by score, best first, ties by entry number. */
function* rank(buckets: readonly string[][], weights: readonly number[]): Generator<Ranked> {
  const found = new Map<number, Ranked>();
  buckets.forEach((members, b) => {
    for (const m of members) {
      const r = found.get(+m) ?? { n: +m, hits: 0, score: 0 };
      r.hits++;
      r.score = Math.fround(r.score + weights[b]!);
      found.set(r.n, r);
    }
  });
  const ranked = [...found.values()].filter((r) => r.hits >= CANDIDATE_MIN_HITS);
  yield* ranked.sort((a, b) => b.score - a.score || a.n - b.n);
}

function take(ranked: Iterator<Ranked>, count: number): Ranked[] {
  const out: Ranked[] = [];
  while (out.length < count) {
    const r = ranked.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}
