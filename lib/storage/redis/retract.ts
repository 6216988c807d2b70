import type { Idf } from '../../match/idf';
import { storedKeys } from './codec';
import type { Runner } from './connection';
import { idKey, metaKey, readyKey, sigKey, sketchKey, termKey } from './keys';
import { PUSH_BATCH } from './ingest';

export interface RemoveReport {
  removed: string[];
  /** Ids the store does not hold. */
  missing: string[];
}

/**
 * Takes entries (retracted articles) out of the store: out of checks first (the ready
 * marker), then out of every candidate list, then their data, and the id last - so a removal killed
 * anywhere leaves an entry that is never served and that the same command finishes.
 */
export async function removeEntries(redis: Runner, ids: readonly string[], idf: Idf): Promise<RemoveReport> {
  const report: RemoveReport = { removed: [], missing: [] };
  const unique = [...new Set(ids)];
  for (let at = 0; at < unique.length; at += PUSH_BATCH) {
    const batch = unique.slice(at, at + PUSH_BATCH);
    const numbers = (await redis.run(batch.map((id) => ['get', idKey(id)]))) as Array<string | null>;
    const found = batch.flatMap((id, i) => (numbers[i] === null ? [] : [{ id, n: Number(numbers[i]) }]));
    report.missing.push(...batch.filter((_, i) => numbers[i] === null));
    if (!found.length) continue;
    // In one pipeline per node, in order: the marker goes before the sketches are read.
    const replies = await redis.run(
      found.flatMap(({ n }) => [
        ['del', readyKey(n)],
        ['getBuffer', sketchKey(n)],
      ]),
    );
    const srem = found.flatMap(({ n }, i) => {
      const sk = replies[2 * i + 1] as Buffer | null;
      return sk ? [...storedKeys(sk, n, idf)].map((key): [string, string, number] => ['srem', termKey(key), n]) : [];
    });
    if (srem.length) await redis.run(srem);
    await redis.run(found.map(({ n }) => ['del', sigKey(n), sketchKey(n), metaKey(n)]));
    await redis.run(found.map(({ id }) => ['del', idKey(id)]));
    report.removed.push(...found.map((f) => f.id));
  }
  return report;
}
