import type { Idf } from '../../match/idf';
import { READY_AT, storedKeys, storedValue, WITHDRAWN } from './codec';
import type { Command, Runner } from './connection';
import { entryKey, type StoreLayout } from './keys';
import { PUSH_BATCH, takeOut } from './ingest';

export interface RemoveReport {
  removed: string[];
  /** Ids the store does not hold. */
  missing: string[];
}

/**
 * Takes entries (retracted articles) out of the store: out of checks first (the ready
 * byte), then out of every candidate list, then their value, and the id last - so a removal killed
 * anywhere leaves an entry that is never served and that the same command finishes.
 */
export async function removeEntries(redis: Runner, layout: StoreLayout, ids: readonly string[], idf: Idf): Promise<RemoveReport> {
  const report: RemoveReport = { removed: [], missing: [] };
  const unique = [...new Set(ids)];
  for (let at = 0; at < unique.length; at += PUSH_BATCH) {
    const batch = unique.slice(at, at + PUSH_BATCH);
    const places = batch.map((id) => layout.idPlace(id));
    const numbers = (await redis.run(places.map((p) => ['hget', p.bucket, p.field]))) as Array<string | null>;
    const found = batch.flatMap((id, i) => (numbers[i] === null ? [] : [{ id, n: Number(numbers[i]), place: places[i]! }]));
    report.missing.push(...batch.filter((_, i) => numbers[i] === null));
    if (!found.length) continue;
    // In one pipeline per node, in order: the entry is withdrawn before its value is read.
    const replies = await redis.run(
      found.flatMap(({ n }): Command[] => [
        ['setrange', entryKey(n), READY_AT, WITHDRAWN],
        ['getBuffer', entryKey(n)],
      ]),
    );
    const leave = found.flatMap(({ n }, i) => {
      const value = storedValue(replies[2 * i + 1] as Buffer | null);
      return value ? [...storedKeys(value, n, idf)].map((key) => takeOut(layout, key, [n])) : [];
    });
    if (leave.length) await redis.run(leave);
    await redis.run(found.map(({ n }) => ['del', entryKey(n)]));
    await redis.run(found.map(({ place }) => ['hdel', place.bucket, place.field]));
    report.removed.push(...found.map((f) => f.id));
  }
  return report;
}
