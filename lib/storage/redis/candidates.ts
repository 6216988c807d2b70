import { better, CANDIDATE_MIN_HITS, readingOrder, type Probe, type Ranked } from '../../candidates';
import type { Candidate } from '../../match/check';
import { decodeEntry } from './codec';
import type { Runner } from './connection';
import { metaKey, readyKey, sigKey, sketchKey, termKey } from './keys';

/**
 * Candidates from the store, by the rule of lib/candidates that the in-memory index follows:
 * the page's terms' lists read shortest first within the posting budget, entries sharing at
 * least CANDIDATE_MIN_HITS of them ranked by summed integer weight, ties by entry number
 * (push order, as insertion order in memory).
 *
 * Three rounds, each one pipeline per node: the lists' lengths (SCARD), the lists read
 * (SMEMBERS), then the data of the best `limit` entries (one MGET each: their keys share a
 * hash tag). An entry without its ready marker is passed over and the next one read, so a
 * half-written entry is never served.
 */
export async function storeCandidates(redis: Runner, probe: Probe, limit: number): Promise<Candidate[]> {
  const { terms, weights } = probe;
  if (!terms.length) return [];
  const lengths = (await redis.run([...terms].map((t) => ['scard', termKey(t)]))) as number[];
  const read = readingOrder(lengths, terms);
  const lists = (await redis.run(read.map((i) => ['smembers', termKey(terms[i]!)]))) as string[][];
  const found = new Map<number, Ranked>();
  lists.forEach((members, k) => {
    const w = weights[read[k]!]!;
    for (const m of members) {
      const r = found.get(+m) ?? { id: +m, hits: 0, score: 0 };
      r.hits++;
      r.score += w;
      found.set(r.id, r);
    }
  });
  const ranked = [...found.values()].filter((r) => r.hits >= CANDIDATE_MIN_HITS).sort((a, b) => (better(a, b) ? -1 : 1));
  const out: Candidate[] = [];
  for (let at = 0; out.length < limit && at < ranked.length;) {
    const batch = ranked.slice(at, (at += limit - out.length));
    const replies = (await redis.run(batch.map(({ id: n }) => ['mgetBuffer', readyKey(n), sigKey(n), sketchKey(n), metaKey(n)]))) as Array<
      Array<Buffer | null>
    >;
    replies.forEach(([ready, sig, sk, meta], i) => {
      const { id: n, hits } = batch[i]!;
      if (ready && sig && sk && meta)
        out.push({ entry: decodeEntry({ sig: sigKey(n), sk: sketchKey(n), meta: metaKey(n) }, sig, sk, meta), hits });
    });
  }
  return out;
}
