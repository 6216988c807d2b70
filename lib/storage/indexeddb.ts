import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type { Fingerprint } from '../fingerprint';
import type { Entry, EntryMeta } from '../index/entry';
import { chunksOf, headOf, type KeyTables, type TableChunk, type TableHead } from '../candidates';

/**
 * Persistent index storage in IndexedDB (through `idb`). Imported packs and the user's own
 * entries are kept apart, so a pack can be removed or replaced without touching the rest;
 * every change becomes visible in one transaction, so an import lands whole or not at all.
 *
 * A pack is stored taken apart rather than as its file: its candidate tables as built, in
 * chunks of consecutive buckets (`tables` holds their head, `keyChunks` the chunks), and each
 * entry's metadata and sentence sketches as records of their own. A check reads the chunks
 * its page's terms fall in and the records of its few candidates, so a worker that Chrome
 * starts again reads nothing of a million entries until the first check (README, "Scale").
 *
 * A pack is written in many small transactions under a key of its own (`data`, fresh for
 * each write), where nothing reads it; its record, written last in one small transaction
 * that also drops the data of the pack it replaces, makes it visible. One transaction for a
 * whole pack held every entry's structured clone at once (4-5 times the file at its peak).
 * Data no record points to (an import that stopped midway) is swept on start-up.
 */

export interface StoredPack {
  id: string;
  name: string;
  /** Where a subscription is fetched from; null for a pack imported from a file. */
  url: string | null;
  /** Size of the pack file. */
  size: number;
  entries: number;
  enabled: boolean;
  added: string;
  updated: string | null;
  error: string | null;
  etag: string | null;
  lastModified: string | null;
  /**
   * For a subscription to a manifest (lib/index/manifest.ts): the parts held, in the order
   * their entries are stored, so a refresh downloads only the parts it does not have.
   */
  parts?: Array<{ url: string; sha256: string; entries: number; bytes: number }> | null;
  /**
   * The key its tables, metadata and sketches are stored under: a fresh one for each write.
   * Absent in packs stored before writes were staged, whose data is under their id.
   */
  data?: string;
}

/** The record of a pack stored now: enabled, no error yet. */
export function newPackRecord(
  p: Pick<StoredPack, 'id' | 'name' | 'url' | 'size' | 'entries'> & Partial<Pick<StoredPack, 'etag' | 'lastModified'>>,
): StoredPack {
  const now = new Date().toISOString();
  return { etag: null, lastModified: null, ...p, enabled: true, added: now, updated: now, error: null };
}

/** A pack record as version 1 of the database kept it: the whole file in the record. */
export interface LegacyPack extends Omit<StoredPack, 'size'> {
  bytes: Uint8Array;
}

interface StoredEntry {
  id: string;
  meta: EntryMeta;
  signature: Uint32Array;
  terms: Uint32Array;
  offsets: Uint32Array;
  words: Uint16Array;
  added: string;
}

/**
 * A pack's entries are stored CHUNK to a record: one IndexedDB put per entry made importing
 * 20,000 entries take over 15 s in Chromium; per CHUNK entries it is a small fraction of that,
 * and a check reads at most one chunk of sketches per candidate. Metadata and sketches are
 * kept apart, so a search of titles reads no sketches.
 */
export const CHUNK = 16;

interface MetaChunk {
  pack: string;
  c: number;
  metas: EntryMeta[];
  /** The entries' ids, indexed (multiEntry) to find an entry by id. */
  ids: string[];
}
interface SketchChunk {
  pack: string;
  c: number;
  sketches: Array<Omit<Fingerprint, 'winners'>>;
}

/**
 * An original the reader read on a trusted site (lib/ingest/trusted.ts), light part: what
 * the worker holds in memory for every one of them (up to tens of thousands) - metadata,
 * signature and candidate keys; the sentence sketches are a record of their own, read only when
 * the entry is a candidate.
 */
export interface ReadRecord {
  id: string;
  /** The site it was read on, as the reader listed it ("bbc.co.uk"). */
  site: string;
  /** When it was last read (ISO 8601): the oldest go first when the cap is reached. */
  readAt: string;
  meta: EntryMeta;
  signature: Uint32Array;
  /** Its candidate keys (lib/candidates entryKeys); absent in records kept before they existed. */
  keys?: Uint32Array;
}
interface ReadSketch {
  id: string;
  terms: Uint32Array;
  offsets: Uint32Array;
  words: Uint16Array;
}

interface Schema extends DBSchema {
  packs: { key: string; value: StoredPack | LegacyPack };
  /** A pack's table head (earlier versions: its whole tables, rebuilt on the next start). */
  tables: { key: string; value: (TableHead | KeyTables) & { id: string } };
  keyChunks: { key: [string, number]; value: TableChunk & { pack: string } };
  metas: { key: [string, number]; value: MetaChunk; indexes: { ids: string } };
  sketches: { key: [string, number]; value: SketchChunk };
  user: { key: string; value: StoredEntry };
  /** Ids of bundled or pack entries the user deleted: they stay in their pack but never match. */
  hidden: { key: string; value: { id: string } };
  read: { key: string; value: ReadRecord };
  readSketches: { key: string; value: ReadSketch };
}

const VERSION = 4;
const inPack = (key: string) => IDBKeyRange.bound([key, 0], [key, Infinity]);
/** Where a pack's tables, metadata and sketches are. */
const dataKey = (p: StoredPack | LegacyPack | undefined, id: string) => (p && 'data' in p && p.data) || id;
const DATA_STORES = ['tables', 'keyChunks', 'metas', 'sketches'] as const;
/**
 * A staged write's key: the pack's id, a separator no id uses, and when it began, so a sweep
 * leaves alone a write still under way (in the options page, while the worker restarts).
 */
const STAGE = '\u0000';
const stagingKey = (id: string) => `${id}${STAGE}${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 8)}`;
const stagedAt = (key: string) => parseInt(key.slice(key.lastIndexOf(STAGE) + 1).split('.')[0]!, 36);
/** Entries per transaction of a staged write (about 5 MB of sketches). */
export const STAGE_ENTRIES = 256 * CHUNK;
/** Table chunks per transaction of a staged write. */
const STAGE_TABLE_CHUNKS = 1024;

export class IndexStore {
  private constructor(private readonly db: IDBPDatabase<Schema>) {}

  static async open(name = 'provenance'): Promise<IndexStore> {
    const db = await openDB<Schema>(name, VERSION, {
      upgrade(db) {
        for (const name of ['packs', 'tables', 'user', 'hidden', 'read', 'readSketches'] as const) {
          if (!db.objectStoreNames.contains(name)) db.createObjectStore(name, { keyPath: 'id' });
        }
        if (!db.objectStoreNames.contains('metas'))
          db.createObjectStore('metas', { keyPath: ['pack', 'c'] }).createIndex('ids', 'ids', { multiEntry: true });
        if (!db.objectStoreNames.contains('sketches')) db.createObjectStore('sketches', { keyPath: ['pack', 'c'] });
        if (!db.objectStoreNames.contains('keyChunks')) db.createObjectStore('keyChunks', { keyPath: ['pack', 'c'] });
        // Version 1 packs (whole files in their records) are taken apart by the engine on
        // its next load (Engine.reload): that needs the pack reader, which is asynchronous.
      },
    });
    return new IndexStore(db);
  }

  close(): void {
    this.db.close();
  }

  async packs(): Promise<Array<StoredPack | LegacyPack>> {
    return this.db.getAll('packs');
  }

  async pack(id: string): Promise<StoredPack | LegacyPack | undefined> {
    return this.db.get('packs', id);
  }

  /**
   * The pack's record alone (enabled, errors, conditional-request headers). Where its data
   * is stays as stored: only a write of the data (putPack, PackWriter) moves it.
   */
  async putPackRecord(pack: StoredPack): Promise<void> {
    const tx = this.db.transaction('packs', 'readwrite');
    const current = await tx.store.get(pack.id);
    const { data: _, ...rest } = pack;
    const data = current && 'data' in current ? current.data : undefined;
    await Promise.all([tx.store.put(data ? { ...rest, data } : rest), tx.done]);
  }

  /**
   * Stores a pack whole, in place of any pack with its id: written under a fresh key, then
   * made visible by its record, so a failure (storage full) leaves the old one as it was.
   */
  async putPack(pack: StoredPack, entries: readonly Entry[], tables: KeyTables): Promise<void> {
    const writer = this.packWriter(pack.id);
    try {
      for (let from = 0; from < entries.length; from += STAGE_ENTRIES)
        await writer.putEntries(from, entries.slice(from, from + STAGE_ENTRIES));
      await writer.commit(pack, tables);
    } catch (e) {
      await writer.discard().catch(() => {});
      throw e;
    }
  }

  /** A staged write of pack `id` (see the class comment); nothing is visible until commit. */
  packWriter(id: string): PackWriter {
    return new PackWriter(this.db, stagingKey(id));
  }

  /**
   * Drops tables, metadata and sketches that no pack record points to: staged writes that
   * never committed (the options page closed midway), older than `graceMs` so as not to take
   * one still under way.
   */
  async sweep(graceMs = 60 * 60_000): Promise<number> {
    const live = new Set((await this.packOfKey()).keys());
    const orphans = new Set<string>();
    for (const key of await this.dataKeys()) {
      if (live.has(key)) continue;
      if (key.includes(STAGE) && Date.now() - stagedAt(key) < graceMs) continue;
      orphans.add(key);
    }
    for (const key of orphans) await deleteData(this.db, key);
    return orphans.size;
  }

  /** Every key data is stored under, one cursor step per key (not per record). */
  private async dataKeys(): Promise<Set<string>> {
    const keys = new Set<string>((await this.db.getAllKeys('tables')).map(String));
    for (const name of ['keyChunks', 'metas', 'sketches'] as const) {
      let cursor = await this.db.transaction(name).store.openKeyCursor();
      while (cursor) {
        const key = (cursor.key as [string, number])[0];
        keys.add(key);
        cursor = await cursor.continue([key, Infinity]);
      }
    }
    return keys;
  }

  async deletePack(id: string): Promise<void> {
    const tx = this.db.transaction(['packs', ...DATA_STORES], 'readwrite');
    const key = dataKey(await tx.objectStore('packs').get(id), id);
    await Promise.all([tx.objectStore('packs').delete(id), ...deleteIn(tx, key), tx.done]);
  }

  /** The key pack `id`'s data is under (packs in a transaction of their own: a record is small). */
  private async keyOf(id: string): Promise<string> {
    return dataKey(await this.db.get('packs', id), id);
  }

  /** Data key -> pack id, for the data of stored packs only (not a staged write's). */
  private async packOfKey(): Promise<Map<string, string>> {
    return new Map((await this.db.getAll('packs')).map((p) => [dataKey(p, p.id), p.id]));
  }

  /** A pack's table head, or whatever an earlier version stored there (see Engine.reload). */
  async tables(packId: string): Promise<(Partial<TableHead & KeyTables> & { id: string }) | undefined> {
    return this.db.get('tables', await this.keyOf(packId));
  }

  /** Replaces a pack's tables (built again for a new layout): head and chunks in one transaction. */
  async putTables(packId: string, tables: KeyTables): Promise<void> {
    const key = await this.keyOf(packId);
    const tx = this.db.transaction(['tables', 'keyChunks'], 'readwrite');
    const chunks = tx.objectStore('keyChunks');
    await Promise.all([
      chunks.delete(inPack(key)),
      ...chunksOf(tables).map((k) => chunks.put({ ...k, pack: key })),
      tx.objectStore('tables').put({ ...headOf(tables), id: key }),
      tx.done,
    ]);
  }

  /** Chunks c of a pack's tables, in one transaction; undefined where missing. */
  async tableChunks(packId: string, cs: readonly number[]): Promise<Array<TableChunk | undefined>> {
    const tx = this.db.transaction(['packs', 'keyChunks']);
    const key = dataKey(await tx.objectStore('packs').get(packId), packId);
    const got = await Promise.all(cs.map((c) => tx.objectStore('keyChunks').get([key, c])));
    await tx.done;
    return got;
  }

  /** Every entry's sentence sketches of a pack, in order (to build its tables again). */
  async packSketches(packId: string): Promise<Array<Omit<Fingerprint, 'winners'>>> {
    return (await this.db.getAll('sketches', inPack(await this.keyOf(packId)))).flatMap((ch) => ch.sketches);
  }

  /** Entries n of a pack, whole (metadata and sketches), in one transaction; undefined where missing. */
  async packEntries(packId: string, ns: readonly number[]): Promise<Array<Entry | undefined>> {
    const tx = this.db.transaction(['packs', 'metas', 'sketches']);
    const key = dataKey(await tx.objectStore('packs').get(packId), packId);
    const chunks = [...new Set(ns.map((n) => Math.floor(n / CHUNK)))];
    const read = await Promise.all(
      chunks.map((c) => Promise.all([tx.objectStore('metas').get([key, c]), tx.objectStore('sketches').get([key, c])])),
    );
    await tx.done;
    const byChunk = new Map(chunks.map((c, i) => [c, read[i]!]));
    return ns.map((n) => {
      const [m, s] = byChunk.get(Math.floor(n / CHUNK))!;
      const meta = m?.metas[n % CHUNK];
      const fingerprint = s?.sketches[n % CHUNK];
      return meta && fingerprint ? { meta, fingerprint } : undefined;
    });
  }

  /** Metadata of the entries of a pack from entry `from`, about `count` of them (whole chunks), in order. */
  async packMetas(packId: string, from: number, count: number): Promise<Array<{ n: number; meta: EntryMeta }>> {
    const first = Math.floor(from / CHUNK);
    const key = await this.keyOf(packId);
    const chunks = await this.db.getAll('metas', IDBKeyRange.bound([key, first], [key, first + Math.ceil(count / CHUNK)], false, true));
    return chunks
      .flatMap((ch) => ch.metas.map((meta, i) => ({ n: ch.c * CHUNK + i, meta })))
      .filter((r) => r.n >= from && r.n < from + count);
  }

  /** Metadata of the given entries of a pack, in that order; undefined where missing. */
  async packMetasAt(packId: string, ns: readonly number[]): Promise<Array<EntryMeta | undefined>> {
    const tx = this.db.transaction(['packs', 'metas']);
    const key = dataKey(await tx.objectStore('packs').get(packId), packId);
    const chunks = [...new Set(ns.map((n) => Math.floor(n / CHUNK)))];
    const read = new Map(await Promise.all(chunks.map(async (c) => [c, await tx.objectStore('metas').get([key, c])] as const)));
    await tx.done;
    return ns.map((n) => read.get(Math.floor(n / CHUNK))?.metas[n % CHUNK]);
  }

  /**
   * Ids that occur in more than one pack (the same pack imported from a file and subscribed
   * by URL, or two editions), with where each occurs. Read from the id index's keys alone,
   * so no metadata is loaded for the ids that occur once.
   */
  async idsInSeveralPacks(): Promise<Map<string, Array<[string, number]>>> {
    const packOf = await this.packOfKey();
    // The index lists an id's chunks side by side: only the current id is remembered, not a
    // set of packs for each of a million ids (about 200 bytes an id, in the worker).
    const several: string[] = [];
    let [id, firstPack, counted] = ['', '', false];
    let cursor = await this.db.transaction('metas').store.index('ids').openKeyCursor();
    while (cursor) {
      const pack = packOf.get((cursor.primaryKey as [string, number])[0]);
      const key = cursor.key as string;
      if (pack === undefined) {
        // A staged write's chunk: not in the index yet.
      } else if (key !== id) {
        [id, firstPack, counted] = [key, pack, false];
      } else if (pack !== firstPack && !counted) {
        several.push(key);
        counted = true;
      }
      cursor = await cursor.continue();
    }
    const out = new Map<string, Array<[string, number]>>();
    for (const id of several) out.set(id, await this.findInPacks(id, packOf));
    return out;
  }

  /** Where an entry id occurs in packs: [pack id, entry number] pairs. */
  async findInPacks(id: string, packOf?: Map<string, string>): Promise<Array<[string, number]>> {
    packOf ??= await this.packOfKey();
    return (await this.db.getAllFromIndex('metas', 'ids', id)).flatMap((ch) => {
      const pack = packOf.get(ch.pack);
      return pack === undefined ? [] : ch.ids.flatMap((x, i) => (x === id ? [[pack, ch.c * CHUNK + i] as [string, number]] : []));
    });
  }

  async userEntries(): Promise<Entry[]> {
    return (await this.db.getAll('user')).map((s) => ({
      meta: s.meta,
      fingerprint: { signature: s.signature, terms: s.terms, offsets: s.offsets, words: s.words },
    }));
  }

  async putUserEntries(entries: Entry[]): Promise<void> {
    const tx = this.db.transaction('user', 'readwrite');
    const added = new Date().toISOString();
    await Promise.all([
      ...entries.map((e) => {
        const f = e.fingerprint;
        const [signature, terms, offsets, words] = [f.signature.slice(), f.terms.slice(), f.offsets.slice(), f.words.slice()];
        return tx.store.put({ id: e.meta.id, meta: e.meta, signature, terms, offsets, words, added });
      }),
      tx.done,
    ]);
  }

  async deleteUserEntry(id: string): Promise<void> {
    await this.db.delete('user', id);
  }

  /** Every original read on a trusted site, light part (see ReadRecord). */
  async readRecords(): Promise<ReadRecord[]> {
    return this.db.getAll('read');
  }

  /** Originals read on trusted sites, whole, by id; undefined where missing. */
  async readEntries(ids: readonly string[]): Promise<Array<Entry | undefined>> {
    const tx = this.db.transaction(['read', 'readSketches']);
    const got = await Promise.all(ids.map((id) => Promise.all([tx.objectStore('read').get(id), tx.objectStore('readSketches').get(id)])));
    await tx.done;
    return got.map(([r, s]) =>
      r && s ? { meta: r.meta, fingerprint: { signature: r.signature, terms: s.terms, offsets: s.offsets, words: s.words } } : undefined,
    );
  }

  /** Stores (or replaces) an original read on a trusted site, and drops the ids in `evict`, in one transaction. */
  async putRead(record: Omit<ReadRecord, 'signature'>, entry: Entry, evict: readonly string[] = []): Promise<void> {
    const tx = this.db.transaction(['read', 'readSketches'], 'readwrite');
    const f = entry.fingerprint;
    await Promise.all([
      ...evict.flatMap((id) => [tx.objectStore('read').delete(id), tx.objectStore('readSketches').delete(id)]),
      tx.objectStore('read').put({ ...record, signature: f.signature.slice() }),
      tx.objectStore('readSketches').put({ id: record.id, terms: f.terms.slice(), offsets: f.offsets.slice(), words: f.words.slice() }),
      tx.done,
    ]);
  }

  /** Removes originals read on trusted sites: the ids given, or all of them. */
  async deleteRead(ids?: readonly string[]): Promise<void> {
    const tx = this.db.transaction(['read', 'readSketches'], 'readwrite');
    const stores = [tx.objectStore('read'), tx.objectStore('readSketches')];
    await Promise.all([...(ids ? ids.flatMap((id) => stores.map((s) => s.delete(id))) : stores.map((s) => s.clear())), tx.done]);
  }

  async hiddenIds(): Promise<Set<string>> {
    return new Set(await this.db.getAllKeys('hidden'));
  }

  async hide(id: string): Promise<void> {
    await this.db.put('hidden', { id });
  }

  /** Forgets every deletion of a bundled or pack entry. */
  async clearHidden(): Promise<void> {
    await this.db.clear('hidden');
  }
}

export const isLegacy = (p: StoredPack | LegacyPack): p is LegacyPack => 'bytes' in p && p.bytes instanceof Uint8Array;

type DataTx = IDBPTransaction<Schema, Array<'packs' | (typeof DATA_STORES)[number]>, 'readwrite'>;

/** The requests that delete everything stored under data key `key`, in `tx`. */
function deleteIn(tx: DataTx, key: string): Array<Promise<unknown>> {
  return [
    tx.objectStore('tables').delete(key),
    tx.objectStore('keyChunks').delete(inPack(key)),
    tx.objectStore('metas').delete(inPack(key)),
    tx.objectStore('sketches').delete(inPack(key)),
  ];
}

async function deleteData(db: IDBPDatabase<Schema>, key: string): Promise<void> {
  const tx = db.transaction(['packs', ...DATA_STORES], 'readwrite');
  await Promise.all([...deleteIn(tx, key), tx.done]);
}

/**
 * A pack written a part at a time under a key of its own (see IndexStore): entries in runs
 * (putEntries), then its tables and its record (commit), which alone make it visible. A
 * write that stops midway leaves data that no record points to, which discard or the next
 * sweep removes.
 */
export class PackWriter {
  private chunks = 0;

  constructor(
    private readonly db: IDBPDatabase<Schema>,
    readonly key: string,
  ) {}

  /** Entries from entry `from` on (a multiple of CHUNK, in order), in one transaction. */
  async putEntries(from: number, entries: readonly Entry[]): Promise<void> {
    if (from !== this.chunks * CHUNK) throw new Error(`entries out of order: ${from} after ${this.chunks * CHUNK}`);
    const tx = this.db.transaction(['metas', 'sketches'], 'readwrite');
    const writes: Array<Promise<unknown>> = [];
    for (let at = 0; at < entries.length; at += CHUNK) {
      const chunk = entries.slice(at, at + CHUNK);
      const c = (from + at) / CHUNK;
      const metaList = chunk.map((e) => e.meta);
      // Copies: a pack's arrays may be views into one large buffer, and a structured clone of
      // a view copies its whole buffer.
      const sketchList = chunk.map(({ fingerprint: f }) => ({
        signature: f.signature.slice(),
        terms: f.terms.slice(),
        offsets: f.offsets.slice(),
        words: f.words.slice(),
      }));
      writes.push(
        tx.objectStore('metas').put({ pack: this.key, c, metas: metaList, ids: metaList.map((m) => m.id) }),
        tx.objectStore('sketches').put({ pack: this.key, c, sketches: sketchList }),
      );
    }
    await Promise.all([...writes, tx.done]);
    this.chunks += Math.ceil(entries.length / CHUNK);
  }

  /**
   * Writes the tables, then the record, which now points here, in one transaction with
   * dropping the data of the pack it replaces: readers see the old pack or the new, whole.
   */
  async commit(pack: StoredPack, tables: KeyTables): Promise<void> {
    if (this.chunks !== Math.ceil(pack.entries / CHUNK) || tables.count !== pack.entries)
      throw new Error(`the pack's entries were not all written (${Math.min(pack.entries, this.chunks * CHUNK)} of ${pack.entries})`);
    const chunks = chunksOf(tables);
    for (let from = 0; from < chunks.length; from += STAGE_TABLE_CHUNKS) {
      const tx = this.db.transaction('keyChunks', 'readwrite');
      await Promise.all([...chunks.slice(from, from + STAGE_TABLE_CHUNKS).map((k) => tx.store.put({ ...k, pack: this.key })), tx.done]);
    }
    const tx = this.db.transaction(['packs', ...DATA_STORES], 'readwrite');
    const packs = tx.objectStore('packs');
    const old = await packs.get(pack.id);
    // A sweep may have taken a write that ran for longer than its grace: never point to less.
    const [metas, sketches] = await Promise.all([
      tx.objectStore('metas').count(inPack(this.key)),
      tx.objectStore('sketches').count(inPack(this.key)),
    ]);
    if (metas !== this.chunks || sketches !== this.chunks) {
      tx.done.catch(() => {});
      tx.abort();
      throw new Error('the import was interrupted; import the pack again');
    }
    const oldKey = old ? dataKey(old, pack.id) : null;
    await Promise.all([
      ...(oldKey !== null && oldKey !== this.key ? deleteIn(tx, oldKey) : []),
      tx.objectStore('tables').put({ ...headOf(tables), id: this.key }),
      packs.put({ ...pack, data: this.key }),
      tx.done,
    ]);
  }

  /** Removes what this write stored (it never committed). */
  async discard(): Promise<void> {
    await deleteData(this.db, this.key);
  }
}
