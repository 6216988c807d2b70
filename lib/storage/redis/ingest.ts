import { entryKeys } from '../../candidates';
import type { Entry } from '../../index';
import type { Idf } from '../../match/idf';
import { encodeEntry, isReady, READY, READY_AT, sameEntry, storedKeys, storedValue, WITHDRAWN } from './codec';
import type { Command, Runner } from './connection';
import { entryKey, membersOf, SEQ_KEY, type StoreLayout } from './keys';

export interface PushReport {
  /** New entries, and entries a killed push had left half-written. */
  added: number;
  /** Entries whose fingerprint or metadata changed. */
  replaced: number;
  unchanged: number;
}

/**
 * Entries written per round at most. A round makes one script call per bucket group it
 * touches (4,096 at most), so larger rounds put more lists in each call: pushing 32,000
 * entries, rounds of 10,000 ran 6,175-6,930 entries a second against 5,111-5,561 with 2,000
 * (server CPU 1.2-1.3 s against 1.9-2.0), 20,000 no faster.
 */
export const PUSH_BATCH = 10_000;
/** Rounds of a push: four at least when it is large enough, so that one is encoded while another is written (IN_FLIGHT); none under 1,000 entries. */
const roundSize = (entries: number) => Math.min(PUSH_BATCH, Math.max(1_000, Math.ceil(entries / 4)));
const IN_FLIGHT = 2;

/**
 * Writes entries so that the store can be trusted whatever happens to the push:
 *
 * - an entry becomes visible only when its ready byte is set, after its value and all its
 *   list memberships (its candidate keys, lib/candidates) have been acknowledged; a changed
 *   entry is withdrawn (ready byte cleared) first;
 * - an entry's value is written before it joins any list, and whoever finds a value that is
 *   not ready takes its number out of that value's lists before appending it again; so a
 *   push killed anywhere and run again completes the work without duplicates, the entry
 *   number of an id is kept once handed out, and pushing the same entries again writes
 *   nothing (the digests are compared before writing);
 * - a failing node rejects the round it is in (StoreUnavailable, naming it) before any later
 *   round runs, so the entries of that round stay invisible.
 */
export async function pushEntries(
  redis: Runner,
  layout: StoreLayout,
  entries: readonly Entry[],
  idf: Idf,
  onProgress?: (done: number) => void,
): Promise<PushReport> {
  const ids = new Set<string>();
  for (const e of entries) {
    if (ids.has(e.meta.id)) throw new Error(`the id "${e.meta.id}" appears twice in what is pushed`);
    ids.add(e.meta.id);
  }
  const report: PushReport = { added: 0, replaced: 0, unchanged: 0 };
  // Batches in flight at once, so that the client encodes one while the nodes write another;
  // entry numbers are still handed out in push order, each batch asking in turn.
  const inTurn = serially();
  let next = 0;
  let done = 0;
  let failed = false;
  const size = roundSize(entries.length);
  const worker = async () => {
    while (next < entries.length && !failed) {
      const batch = entries.slice(next, (next += size));
      const ids = batch.map((e) => e.meta.id);
      try {
        await pushBatch(redis, layout, batch, await inTurn(() => entryNumbers(redis, layout, ids)), idf, report);
      } catch (e) {
        failed = true;
        throw e;
      }
      onProgress?.((done += batch.length));
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return report;
}

/** Runs the functions given to it one after the other, in the order given. */
function serially(): <T>(f: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return (f) => {
    const p = last.then(f);
    last = p.catch(() => {});
    return p;
  };
}

interface Pending {
  n: number;
  value: Buffer;
  keys: Uint32Array;
  wasReady: boolean;
  /** Candidate keys of the value already stored under this number (a replaced or half-written entry): lists it may be in. */
  oldKeys: Uint32Array | null;
}

async function pushBatch(
  redis: Runner,
  layout: StoreLayout,
  batch: readonly Entry[],
  place: { numbers: number[]; fresh: boolean[] },
  idf: Idf,
  report: PushReport,
): Promise<void> {
  const { numbers, fresh } = place;
  const toRead = numbers.filter((_, i) => !fresh[i]);
  const read = (await redis.run(toRead.map((n) => ['getBuffer', entryKey(n)]))) as Array<Buffer | null>;
  let r = 0;
  const stored = fresh.map((f) => (f ? null : (read[r++] ?? null)));
  const pending: Pending[] = [];
  batch.forEach((e, i) => {
    const value = encodeEntry(e);
    const old = storedValue(stored[i]);
    const n = numbers[i]!;
    if (old && isReady(old) && sameEntry(old, value)) {
      report.unchanged++;
      return;
    }
    const wasReady = !!old && isReady(old);
    pending.push({ n, value, keys: entryKeys(e.fingerprint, idf), wasReady, oldKeys: old ? storedKeys(old, n, idf) : null });
    if (wasReady) report.replaced++;
    else report.added++;
  });
  if (!pending.length) return;
  const withdrawn = pending.filter((p) => p.wasReady);
  if (withdrawn.length) await redis.run(withdrawn.map((p) => ['setrange', entryKey(p.n), READY_AT, WITHDRAWN]));
  // Out of every list the stored value names before it is overwritten: a push killed in
  // between still finds that value, and so the lists to leave, when it is run again.
  const leave = byList(pending, (p) => p.oldKeys);
  if (leave.size) await redis.run([...leave].map(([key, ns]) => takeOut(layout, key, ns)));
  await redis.run(pending.map((p): Command => ['set', entryKey(p.n), p.value]));
  await redis.run(
    layout.groupedAppends(byList(pending, (p) => p.keys)).map(([key, prefix, packed]): Command => ['joinLists', key, prefix, packed]),
  );
  await redis.run(pending.map((p): Command => ['setrange', entryKey(p.n), READY_AT, READY]));
}

/**
 * The entry number of each id, handing out new ones in order (push order breaks ranking
 * ties), and whether it was handed out by this call: a fresh number has no stored value yet
 * (numbers are never handed out twice), so its value need not be read.
 */
async function entryNumbers(redis: Runner, layout: StoreLayout, ids: readonly string[]): Promise<{ numbers: number[]; fresh: boolean[] }> {
  const places = ids.map((id) => layout.idPlace(id));
  const known = (await redis.run(places.map((p) => ['hget', p.bucket, p.field]))) as Array<string | null>;
  const fresh = known.map(() => false);
  const missing = known.flatMap((n, i) => (n === null ? [i] : []));
  if (missing.length) {
    const [last] = (await redis.run([['incrby', SEQ_KEY, missing.length]])) as [number];
    const first = last - missing.length + 1;
    const set = await redis.run(missing.map((i, k): Command => ['hsetnx', places[i]!.bucket, places[i]!.field, first + k]));
    missing.forEach((i, k) => {
      fresh[i] = set[k] === 1;
      known[i] = String(first + k);
    });
    // A concurrent push of the same id got there first: its number wins.
    const lost = missing.filter((i) => !fresh[i]);
    if (lost.length) {
      const theirs = await redis.run(lost.map((i): Command => ['hget', places[i]!.bucket, places[i]!.field]));
      lost.forEach((i, k) => (known[i] = theirs[k] as string));
    }
  }
  return { numbers: known.map(Number), fresh };
}

/** Entry numbers by list: entries of a batch share lists, one append or removal each. */
function byList(pending: readonly Pending[], keysOf: (p: Pending) => Uint32Array | null): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const p of pending) {
    for (const key of keysOf(p) ?? []) {
      const list = out.get(key);
      if (list) list.push(p.n);
      else out.set(key, [p.n]);
    }
  }
  return out;
}

/** Removal of entry numbers from one term's list (keys.ts TAKE_OUT). */
export function takeOut(layout: StoreLayout, term: number, numbers: readonly number[]): Command {
  const p = layout.listPlace(term);
  return ['takeOut', p.bucket, p.field, ...numbers.map((n) => membersOf([n]))];
}
