import { entryKeys } from '../../candidates';
import type { Entry } from '../../index';
import type { Idf } from '../../match/idf';
import { encodeEntry, storedKeys, type EncodedEntry } from './codec';
import type { Command, Runner } from './connection';
import { idKey, metaKey, readyKey, SEQ_KEY, sigKey, sketchKey, termKey } from './keys';

export interface PushReport {
  /** New entries, and entries a killed push had left half-written. */
  added: number;
  /** Entries whose fingerprint or metadata changed. */
  replaced: number;
  unchanged: number;
}

/** Entries written per round: ~30 commands each, so a round is a few tens of thousands of commands per node. */
export const PUSH_BATCH = 500;
const IN_FLIGHT = 2;

/**
 * Writes entries so that the store can be trusted whatever happens to the push:
 *
 * - an entry becomes visible only when its ready marker is written, after its data and all
 *   list memberships (its candidate keys, lib/candidates) have been acknowledged; a changed entry loses its marker first;
 * - every write is idempotent (SET of a value, SADD/SREM of a member), the entry number of an
 *   id is kept once handed out, so a push killed anywhere and run again completes the work
 *   without duplicates, and pushing the same entries again writes nothing (the marker is a
 *   digest of the data, compared before writing);
 * - a failing node rejects the round it is in (StoreUnavailable, naming it) before any later
 *   round runs, so the entries of that round stay invisible.
 */
export async function pushEntries(
  redis: Runner,
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
  const worker = async () => {
    while (next < entries.length && !failed) {
      const batch = entries.slice(next, (next += PUSH_BATCH));
      const ids = batch.map((e) => e.meta.id);
      try {
        await pushBatch(redis, batch, await inTurn(() => entryNumbers(redis, ids)), idf, report);
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

interface Pending extends EncodedEntry {
  n: number;
  keys: number[];
  wasReady: boolean;
  /** Candidate keys of the sketches already stored under this number (a replaced or half-written entry). */
  oldKeys: number[] | null;
}

async function pushBatch(redis: Runner, batch: readonly Entry[], numbers: readonly number[], idf: Idf, report: PushReport): Promise<void> {
  const stored = (await redis.run(numbers.map((n) => ['mgetBuffer', readyKey(n), sketchKey(n)]))) as Array<[Buffer | null, Buffer | null]>;
  const pending: Pending[] = [];
  batch.forEach((e, i) => {
    const encoded = encodeEntry(e);
    const [ready, sk] = stored[i]!;
    const n = numbers[i]!;
    if (ready?.toString() === encoded.digest) {
      report.unchanged++;
      return;
    }
    const oldKeys = sk ? [...storedKeys(sk, n, idf)] : null;
    pending.push({ ...encoded, n, keys: [...entryKeys(e.fingerprint, idf)], wasReady: !!ready, oldKeys });
    if (ready) report.replaced++;
    else report.added++;
  });
  if (!pending.length) return;
  const withdrawn = pending.filter((p) => p.wasReady);
  if (withdrawn.length) await redis.run(withdrawn.map((p) => ['del', readyKey(p.n)]));
  // Old memberships go before the new sketches are written: a push killed in between still
  // finds the old sketches, and so the lists to leave, when it is run again.
  const leave = grouped(pending.flatMap((p) => (p.oldKeys ?? []).filter((key) => !p.keys.includes(key)).map((key) => [key, p.n] as const)));
  if (leave.size) await redis.run([...leave].map(([key, ns]) => ['srem', termKey(key), ...ns]));
  const join = grouped(pending.flatMap((p) => p.keys.map((key) => [key, p.n] as const)));
  await redis.run([
    ...pending.flatMap((p): Command[] => [
      ['set', sigKey(p.n), p.sig],
      ['set', sketchKey(p.n), p.sk],
      ['set', metaKey(p.n), p.meta],
    ]),
    ...[...join].map(([key, ns]): Command => ['sadd', termKey(key), ...ns]),
  ]);
  await redis.run(pending.map((p) => ['set', readyKey(p.n), p.digest]));
}

/** The entry number of each id, handing out new ones in order (push order breaks ranking ties). */
async function entryNumbers(redis: Runner, ids: readonly string[]): Promise<number[]> {
  const known = (await redis.run(ids.map((id) => ['get', idKey(id)]))) as Array<string | null>;
  const missing = known.flatMap((n, i) => (n === null ? [i] : []));
  if (missing.length) {
    const [last] = (await redis.run([['incrby', SEQ_KEY, missing.length]])) as [number];
    const first = last - missing.length + 1;
    // NX GET: if a concurrent push of the same id got there first, its number wins.
    const prior = (await redis.run(missing.map((i, k) => ['set', idKey(ids[i]!), first + k, 'NX', 'GET']))) as Array<string | null>;
    missing.forEach((i, k) => (known[i] = prior[k] ?? String(first + k)));
  }
  return known.map(Number);
}

/** Entry numbers by list: entries of a batch share lists, one SADD or SREM each. */
function grouped(pairs: ReadonlyArray<readonly [number, number]>): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const [key, n] of pairs) {
    const list = out.get(key);
    if (list) list.push(n);
    else out.set(key, [n]);
  }
  return out;
}
