import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Fingerprint } from '../fingerprint';
import type { Entry, EntryMeta } from '../index/entry';
import { chunksOf, headOf, type KeyTables, type TableChunk, type TableHead } from '../candidates';

/**
 * Persistent index storage in IndexedDB (through `idb`). Imported packs and the user's own
 * entries are kept apart, so a pack can be removed or replaced without touching the rest;
 * every change is one transaction, so an import lands whole or not at all.
 *
 * A pack is stored taken apart rather than as its file: its candidate tables as built, in
 * chunks of consecutive buckets (`tables` holds their head, `keyChunks` the chunks), and each
 * entry's metadata and sentence sketches as records of their own. A check reads the chunks
 * its page's terms fall in and the records of its few candidates, so a worker that Chrome
 * starts again reads nothing of a million entries until the first check (README, "Scale").
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
const inPack = (id: string) => IDBKeyRange.bound([id, 0], [id, Infinity]);

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

  /** The pack's record alone (enabled, errors, conditional-request headers). */
  async putPackRecord(pack: StoredPack): Promise<void> {
    await this.db.put('packs', pack);
  }

  /**
   * Stores a pack whole, in place of any pack with its id: record, tables, metadata and
   * sketches in one transaction, so a failure (storage full) leaves the old one as it was.
   */
  async putPack(pack: StoredPack, entries: readonly Entry[], tables: KeyTables): Promise<void> {
    const tx = this.db.transaction(['packs', 'tables', 'keyChunks', 'metas', 'sketches'], 'readwrite');
    const [packs, tablesStore, keyChunks, metas, sketches] = [
      tx.objectStore('packs'),
      tx.objectStore('tables'),
      tx.objectStore('keyChunks'),
      tx.objectStore('metas'),
      tx.objectStore('sketches'),
    ];
    const writes: Array<Promise<unknown>> = [
      metas.delete(inPack(pack.id)),
      sketches.delete(inPack(pack.id)),
      keyChunks.delete(inPack(pack.id)),
    ];
    for (const k of chunksOf(tables)) writes.push(keyChunks.put({ ...k, pack: pack.id }));
    for (let c = 0; c * CHUNK < entries.length; c++) {
      const chunk = entries.slice(c * CHUNK, (c + 1) * CHUNK);
      const metaList = chunk.map((e) => e.meta);
      // Copies: a pack's arrays are views into the one buffer of the file, and a structured
      // clone of a view copies its whole buffer.
      const sketchList = chunk.map(({ fingerprint: f }) => ({
        signature: f.signature.slice(),
        terms: f.terms.slice(),
        offsets: f.offsets.slice(),
        words: f.words.slice(),
      }));
      writes.push(
        metas.put({ pack: pack.id, c, metas: metaList, ids: metaList.map((m) => m.id) }),
        sketches.put({ pack: pack.id, c, sketches: sketchList }),
      );
    }
    writes.push(tablesStore.put({ ...headOf(tables), id: pack.id }), packs.put(pack));
    await Promise.all([...writes, tx.done]);
  }

  async deletePack(id: string): Promise<void> {
    const tx = this.db.transaction(['packs', 'tables', 'keyChunks', 'metas', 'sketches'], 'readwrite');
    await Promise.all([
      tx.objectStore('packs').delete(id),
      tx.objectStore('tables').delete(id),
      tx.objectStore('keyChunks').delete(inPack(id)),
      tx.objectStore('metas').delete(inPack(id)),
      tx.objectStore('sketches').delete(inPack(id)),
      tx.done,
    ]);
  }

  /** A pack's table head, or whatever an earlier version stored there (see Engine.reload). */
  async tables(packId: string): Promise<(Partial<TableHead & KeyTables> & { id: string }) | undefined> {
    return this.db.get('tables', packId);
  }

  /** Replaces a pack's tables (built again for a new layout): head and chunks in one transaction. */
  async putTables(packId: string, tables: KeyTables): Promise<void> {
    const tx = this.db.transaction(['tables', 'keyChunks'], 'readwrite');
    const chunks = tx.objectStore('keyChunks');
    await Promise.all([
      chunks.delete(inPack(packId)),
      ...chunksOf(tables).map((k) => chunks.put({ ...k, pack: packId })),
      tx.objectStore('tables').put({ ...headOf(tables), id: packId }),
      tx.done,
    ]);
  }

  /** Chunks c of a pack's tables, in one transaction; undefined where missing. */
  async tableChunks(packId: string, cs: readonly number[]): Promise<Array<TableChunk | undefined>> {
    const tx = this.db.transaction('keyChunks');
    const got = await Promise.all(cs.map((c) => tx.store.get([packId, c])));
    await tx.done;
    return got;
  }

  /** Every entry's sentence sketches of a pack, in order (to build its tables again). */
  async packSketches(packId: string): Promise<Array<Omit<Fingerprint, 'winners'>>> {
    return (await this.db.getAll('sketches', inPack(packId))).flatMap((ch) => ch.sketches);
  }

  /** Entries n of a pack, whole (metadata and sketches), in one transaction; undefined where missing. */
  async packEntries(packId: string, ns: readonly number[]): Promise<Array<Entry | undefined>> {
    const tx = this.db.transaction(['metas', 'sketches']);
    const chunks = [...new Set(ns.map((n) => Math.floor(n / CHUNK)))];
    const read = await Promise.all(
      chunks.map((c) => Promise.all([tx.objectStore('metas').get([packId, c]), tx.objectStore('sketches').get([packId, c])])),
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
    const chunks = await this.db.getAll(
      'metas',
      IDBKeyRange.bound([packId, first], [packId, first + Math.ceil(count / CHUNK)], false, true),
    );
    return chunks
      .flatMap((ch) => ch.metas.map((meta, i) => ({ n: ch.c * CHUNK + i, meta })))
      .filter((r) => r.n >= from && r.n < from + count);
  }

  /** Metadata of the given entries of a pack, in that order; undefined where missing. */
  async packMetasAt(packId: string, ns: readonly number[]): Promise<Array<EntryMeta | undefined>> {
    const tx = this.db.transaction('metas');
    const chunks = [...new Set(ns.map((n) => Math.floor(n / CHUNK)))];
    const read = new Map(await Promise.all(chunks.map(async (c) => [c, await tx.store.get([packId, c])] as const)));
    await tx.done;
    return ns.map((n) => read.get(Math.floor(n / CHUNK))?.metas[n % CHUNK]);
  }

  /**
   * Ids that occur in more than one pack (the same pack imported from a file and subscribed
   * by URL, or two editions), with where each occurs. Read from the id index's keys alone,
   * so no metadata is loaded for the ids that occur once.
   */
  async idsInSeveralPacks(): Promise<Map<string, Array<[string, number]>>> {
    const packsOf = new Map<string, Set<string>>();
    let cursor = await this.db.transaction('metas').store.index('ids').openKeyCursor();
    while (cursor) {
      const id = cursor.key as string;
      const pack = (cursor.primaryKey as [string, number])[0];
      const set = packsOf.get(id) ?? new Set<string>();
      set.add(pack);
      packsOf.set(id, set);
      cursor = await cursor.continue();
    }
    const out = new Map<string, Array<[string, number]>>();
    for (const [id, packs] of packsOf) if (packs.size > 1) out.set(id, await this.findInPacks(id));
    return out;
  }

  /** Where an entry id occurs in packs: [pack id, entry number] pairs. */
  async findInPacks(id: string): Promise<Array<[string, number]>> {
    return (await this.db.getAllFromIndex('metas', 'ids', id)).flatMap((ch) =>
      ch.ids.flatMap((x, i) => (x === id ? [[ch.pack, ch.c * CHUNK + i] as [string, number]] : [])),
    );
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
