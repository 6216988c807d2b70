import { MinHash } from '../../fingerprint';
import { CANDIDATE_MIN_HITS } from '../../index';
import type { Candidate } from '../../match/check';
import { decodeEntry } from './codec';
import type { Runner } from './connection';
import { bandKeys, bucketKey, metaKey, readyKey, sigKey, sketchKey } from './keys';

/**
 * LSH candidates from the store, the same ranking as MemoryIndex.candidates: entries sharing
 * at least CANDIDATE_MIN_HITS of the 64 one-row bands, most shared first, ties by entry
 * number (push order, as insertion order in memory).
 *
 * Two rounds, each one pipeline per node: the 64 buckets (SMEMBERS), then the data of the
 * best `limit` entries (one MGET each: their keys share a hash tag). An entry without its
 * ready marker is passed over and the next one read, so a half-written entry is never served.
 */
export async function storeCandidates(redis: Runner, signature: Uint32Array, limit: number): Promise<Candidate[]> {
  if (MinHash.isEmpty(signature)) return [];
  const buckets = (await redis.run(bandKeys(signature).map((key) => ['smembers', bucketKey(key)]))) as string[][];
  const ranked = rank(buckets);
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
}

/** Entries by shared bands, best first: a counting sort by hits (at most 64), ties by entry number. */
function* rank(buckets: readonly string[][]): Generator<Ranked> {
  const hits = new Map<number, number>();
  for (const members of buckets) for (const m of members) hits.set(+m, (hits.get(+m) ?? 0) + 1);
  const byHits: number[][] = Array.from({ length: buckets.length + 1 }, () => []);
  for (const [n, h] of hits) if (h >= CANDIDATE_MIN_HITS) byHits[h]!.push(n);
  for (let h = buckets.length; h >= CANDIDATE_MIN_HITS; h--) {
    for (const n of byHits[h]!.sort((a, b) => a - b)) yield { n, hits: h };
  }
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
