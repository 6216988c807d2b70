import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Entry, EntryMeta } from './entry';

/**
 * Persistent index storage in IndexedDB (through `idb`). Imported packs and the user's own
 * entries are kept apart, so a pack can be removed or replaced without touching the rest;
 * every change is one transaction, so an import lands whole or not at all.
 */

export interface StoredPack {
  id: string;
  name: string;
  /** Where a subscription is fetched from; null for a pack imported from a file. */
  url: string | null;
  bytes: Uint8Array;
  entries: number;
  enabled: boolean;
  added: string;
  updated: string | null;
  error: string | null;
  etag: string | null;
  lastModified: string | null;
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

interface Schema extends DBSchema {
  packs: { key: string; value: StoredPack };
  user: { key: string; value: StoredEntry };
  /** Ids of bundled or pack entries the user deleted: they stay in their pack but never match. */
  hidden: { key: string; value: { id: string } };
}

export class IndexStore {
  private constructor(private readonly db: IDBPDatabase<Schema>) {}

  static async open(name = 'provenance'): Promise<IndexStore> {
    const db = await openDB<Schema>(name, 1, {
      upgrade(db) {
        for (const name of ['packs', 'user', 'hidden'] as const) {
          if (!db.objectStoreNames.contains(name)) db.createObjectStore(name, { keyPath: 'id' });
        }
      },
    });
    return new IndexStore(db);
  }

  async packs(): Promise<StoredPack[]> {
    return this.db.getAll('packs');
  }

  async putPack(pack: StoredPack): Promise<void> {
    await this.db.put('packs', pack);
  }

  async deletePack(id: string): Promise<void> {
    await this.db.delete('packs', id);
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
    await Promise.all([...entries.map((e) => tx.store.put({ id: e.meta.id, meta: e.meta, ...e.fingerprint, added })), tx.done]);
  }

  async deleteUserEntry(id: string): Promise<void> {
    await this.db.delete('user', id);
  }

  async hiddenIds(): Promise<Set<string>> {
    return new Set(await this.db.getAllKeys('hidden'));
  }

  async hide(id: string): Promise<void> {
    await this.db.put('hidden', { id });
  }

  async pack(id: string): Promise<StoredPack | undefined> {
    return this.db.get('packs', id);
  }
}
