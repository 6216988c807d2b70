import { best, better, CANDIDATE_MIN_HITS, readingOrder, type Probe, type Ranked, type Tally } from '../../candidates';
import type { Candidate } from '../../match/check';
import { decodeEntry, isReady } from './codec';
import type { Runner } from './connection';
import { entryKey, listBytes, listMembers, MEMBER_BYTES, type StoreLayout } from './keys';

/**
 * Candidates from the store, by the rule of lib/candidates that the in-memory index follows:
 * the page's terms' lists read shortest first within the posting budget, entries sharing at
 * least CANDIDATE_MIN_HITS of them ranked by summed integer weight, ties by entry number
 * (push order, as insertion order in memory).
 *
 * Three rounds, each one pipeline per node: the lists' bucket fields (HGET: a short list
 * itself, a long one's length), the long lists read (GET, binary), then the best `limit`
 * entries (GET, one value each). An entry that is not ready is passed over and the next one
 * read, so a half-written entry is never served.
 */
export async function storeCandidates(redis: Runner, layout: StoreLayout, probe: Probe, limit: number, tally: Tally): Promise<Candidate[]> {
  const { terms, weights } = probe;
  if (!terms.length) return [];
  const lists = await readLists(redis, layout, terms);
  lists.lists.forEach((value, k) => tally.addList(listMembers(value), k));
  const { ranked } = tally.take(
    lists.read.map((i) => weights[i]!),
    CANDIDATE_MIN_HITS,
  );
  const out: Candidate[] = [];
  const read = async (batch: readonly Ranked[]) => {
    if (!batch.length) return;
    const values = (await redis.run(batch.map(({ id: n }) => ['getBuffer', entryKey(n)]))) as Array<Buffer | null>;
    values.forEach((value, i) => {
      const { id: n, hits } = batch[i]!;
      if (value && isReady(value)) out.push({ entry: decodeEntry(value, entryKey(n)), hits });
    });
  };
  // The best `limit` without sorting them all (thousands at a million entries); the rest are
  // sorted only when some of those are not ready (a push under way), and read in turn.
  const first = best(ranked, limit, CANDIDATE_MIN_HITS);
  await read(first);
  if (out.length < limit && ranked.length > first.length) {
    const chosen = new Set(first.map((r) => r.id));
    const rest = ranked.filter((r) => !chosen.has(r.id)).sort((a, b) => (better(a, b) ? -1 : 1));
    for (let at = 0; out.length < limit && at < rest.length;) await read(rest.slice(at, (at += limit - out.length)));
  }
  return out;
}

/** The lengths of the terms' lists (in members), from their bucket fields; and those fields. */
export async function listLengths(
  redis: Runner,
  layout: StoreLayout,
  terms: Uint32Array,
): Promise<{ members: number[]; fields: Array<Buffer | null> }> {
  const places = Array.from(terms, (t) => layout.listPlace(t));
  const fields = (await redis.run(places.map((p) => ['hgetBuffer', p.bucket, p.field]))) as Array<Buffer | null>;
  return { members: fields.map((f) => Math.floor(listBytes(f).bytes / MEMBER_BYTES)), fields };
}

/** The lists a check reads (lib/candidates readingOrder), in reading order: short ones from their fields, long ones read. */
async function readLists(redis: Runner, layout: StoreLayout, terms: Uint32Array): Promise<{ read: number[]; lists: Array<Buffer | null> }> {
  const { members, fields } = await listLengths(redis, layout, terms);
  const read = readingOrder(members, terms);
  const long = read.filter((i) => listBytes(fields[i]!).long);
  const values = long.length
    ? ((await redis.run(long.map((i) => ['getBuffer', layout.listPlace(terms[i]!).long]))) as Array<Buffer | null>)
    : [];
  const got = new Map(long.map((i, k) => [i, values[k]!]));
  return { read, lists: read.map((i) => (got.has(i) ? got.get(i)! : fields[i]!)) };
}
