import { better, CANDIDATE_MIN_HITS, readingOrder, type Probe, type Ranked } from '../../candidates';
import type { Candidate } from '../../match/check';
import { decodeEntry, isReady } from './codec';
import type { Runner } from './connection';
import { entryKey, listMembers, MEMBER_BYTES, termKey } from './keys';

/**
 * Candidates from the store, by the rule of lib/candidates that the in-memory index follows:
 * the page's terms' lists read shortest first within the posting budget, entries sharing at
 * least CANDIDATE_MIN_HITS of them ranked by summed integer weight, ties by entry number
 * (push order, as insertion order in memory).
 *
 * Three rounds, each one pipeline per node: the lists' lengths (STRLEN), the lists read
 * (GET, binary), then the best `limit` entries (GET, one value each). An entry that is not
 * ready is passed over and the next one read, so a half-written entry is never served.
 */
export async function storeCandidates(redis: Runner, probe: Probe, limit: number): Promise<Candidate[]> {
  const { terms, weights } = probe;
  if (!terms.length) return [];
  const bytes = (await redis.run([...terms].map((t) => ['strlen', termKey(t)]))) as number[];
  const read = readingOrder(
    bytes.map((b) => Math.floor(b / MEMBER_BYTES)),
    terms,
  );
  const lists = (await redis.run(read.map((i) => ['getBuffer', termKey(terms[i]!)]))) as Array<Buffer | null>;
  const found = new Map<number, Ranked & { list: number }>();
  lists.forEach((value, k) => {
    const w = weights[read[k]!]!;
    for (const n of listMembers(value)) {
      let r = found.get(n);
      if (!r) found.set(n, (r = { id: n, hits: 0, score: 0, list: -1 }));
      // An entry counts once a list, however it got there.
      if (r.list === k) continue;
      r.list = k;
      r.hits++;
      r.score += w;
    }
  });
  const ranked = [...found.values()].filter((r) => r.hits >= CANDIDATE_MIN_HITS).sort((a, b) => (better(a, b) ? -1 : 1));
  const out: Candidate[] = [];
  for (let at = 0; out.length < limit && at < ranked.length;) {
    const batch = ranked.slice(at, (at += limit - out.length));
    const values = (await redis.run(batch.map(({ id: n }) => ['getBuffer', entryKey(n)]))) as Array<Buffer | null>;
    values.forEach((value, i) => {
      const { id: n, hits } = batch[i]!;
      if (value && isReady(value)) out.push({ entry: decodeEntry(value, entryKey(n)), hits });
    });
  }
  return out;
}
