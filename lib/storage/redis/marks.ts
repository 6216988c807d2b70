import { StoreUnavailable } from '../errors';
import type { Command, RedisConnection, Runner } from './connection';
import { FORMAT_KEY, GROUPS } from './keys';

/**
 * Marks that a store is whole: one small key in each bucket group (m:{<g>}, in the slot of
 * the group's lists), written by every push. A cluster node restarted without persistence
 * rejoins with its hash slots and none of their keys, and the other nodes go on answering
 * checks from their part of the index - a source on the emptied node is simply never
 * found. Its groups' marks are gone with the rest, so a store with some marks missing is
 * refused, naming the node. 4,096 groups spread over ~3,600 of the 16,384 slots: a master
 * serving a few dozen slots or more holds some (the README's smallest cluster serves 5,461).
 */

const markKey = (group: number): string => `m:{${group}}`;
const MARKS = Array.from({ length: GROUPS }, (_, g) => markKey(g));

/** Written before a push's first entry, so that an entry is never in a store without marks. */
export async function writeMarks(redis: Runner): Promise<void> {
  await redis.run(MARKS.map((key): Command => ['set', key, '1']));
}

/**
 * Rejects (StoreUnavailable) when some marks are missing, naming the nodes that serve them,
 * or when the store's format key is gone (a single node emptied). A store that has its
 * format key and no mark was written by a version without marks: it is taken as it is, and
 * its next push marks it.
 */
export async function checkMarks(connection: RedisConnection, sample?: number): Promise<void> {
  const marks = sample === undefined || sample >= MARKS.length ? MARKS : sampleOf(MARKS, sample);
  const found = (await connection.run([...marks, FORMAT_KEY].map((key): Command => ['exists', key]))) as number[];
  if (found[marks.length] !== 1)
    throw new StoreUnavailable(
      `the Redis store at ${connection.name} no longer holds its index (emptied, or restarted without persistence?): push the index again`,
    );
  const missing = marks.filter((_, g) => found[g] !== 1);
  if (!missing.length) return;
  // None at all: a store from before the marks, or a sample that fell on no marked group - the full look decides.
  if (missing.length === marks.length) {
    if (marks !== MARKS) await checkMarks(connection);
    return;
  }
  const nodes = [...new Set(missing.map((key) => connection.nodeOf(key)))].sort();
  throw new StoreUnavailable(
    `the Redis store at ${connection.name} has lost part of its index: the marks its pushes wrote are gone from ${nodes.join(', ')} ` +
      `(${missing.length} of ${marks.length} looked at; a node restarted without persistence?). Restore the node from its append-only file, ` +
      'or empty the store (FLUSHALL on every master) and push the index again.',
  );
}

/** `n` of the keys, drawn at random without replacement (a partial Fisher-Yates shuffle). */
function sampleOf(keys: readonly string[], n: number): string[] {
  const pool = [...keys];
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(Math.random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}
