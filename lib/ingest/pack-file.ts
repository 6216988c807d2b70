import { buildTables, entryKeys, KEYS_PER_ENTRY } from '../candidates';
import { readEntries, type PackScan, type PackSource } from '../index';
import type { Idf } from '../match/idf';
import { STAGE_ENTRIES, type IndexStore, type StoredPack } from '../storage/indexeddb';

/**
 * Stores a pack read by scanPack (lib/index/pack-slices.ts) a run of entries at a time, each
 * run in a transaction of its own under a staging key; the record written last makes it
 * visible, in place of any pack with its id. What stays in memory is one run of entries and
 * every entry's candidate keys (96 bytes an entry), from which its tables are built at the
 * end. On any failure the staged data is dropped and the index is as it was.
 */
export async function storePackFile(
  store: IndexStore,
  source: PackSource,
  scan: PackScan,
  record: StoredPack,
  idf: Idf,
  run = STAGE_ENTRIES,
): Promise<void> {
  const n = scan.header.entries;
  const keys = new Uint32Array(n * KEYS_PER_ENTRY);
  const keyCounts = new Uint8Array(n);
  const writer = store.packWriter(record.id);
  try {
    for (let from = 0; from < n; from += run) {
      const entries = await readEntries(source, scan, from, Math.min(n, from + run));
      entries.forEach((e, i) => {
        const k = entryKeys(e.fingerprint, idf);
        keys.set(k, (from + i) * KEYS_PER_ENTRY);
        keyCounts[from + i] = k.length;
      });
      await writer.putEntries(from, entries);
    }
    await writer.commit(
      record,
      buildTables(n, (i) => keys.subarray(i * KEYS_PER_ENTRY, i * KEYS_PER_ENTRY + keyCounts[i]!)),
    );
  } catch (e) {
    await writer.discard().catch(() => {});
    throw e;
  }
}
