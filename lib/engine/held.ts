import { CandidateIndex, type KeyTables, type LazyTables } from '../candidates';
import type { Entry } from '../index';
import type { EntryOrigin } from '../protocol';
import type { IndexStore, ReadRecord } from '../storage/indexeddb';

/** A range of entry handles: the bundled pack, or one stored pack (its entries are in IndexedDB). */
export interface Segment {
  base: number;
  count: number;
  origin: EntryOrigin;
}

/**
 * What the engine holds in memory, and where each entry behind a handle lives. Handles run
 * bundled, then each enabled pack, then the user's entries and the originals read; a reload
 * builds a new Held, and a check that started before keeps resolving its handles against the
 * one it started with.
 */
export class Held {
  readonly keys = new CandidateIndex();
  readonly segments: Segment[];
  /** The user's own entries (few, added by hand), by handle. */
  readonly user = new Map<number, Entry>();
  /** Originals read on trusted sites, by handle: light records, their sketches stay in IndexedDB. */
  readonly read = new Map<number, ReadRecord>();
  /** Their handles by id (one per canonical address). */
  readonly readIds = new Map<string, number>();
  /** Handles of deleted entries (hidden ids), left out of candidates and lists. */
  readonly removed = new Set<number>();
  next: number;

  constructor(
    private readonly bundled: readonly Entry[],
    bundledTables: KeyTables,
    private readonly bundledIds: ReadonlyMap<string, number>,
    private readonly store: IndexStore | null,
  ) {
    this.keys.addSegment(0, bundledTables);
    this.segments = [{ base: 0, count: bundled.length, origin: { kind: 'bundled' } }];
    this.next = bundled.length;
  }

  /** A stored pack's entries, under the next handles; its tables are read as checks need them. */
  addPack(packId: string, pack: string, tables: LazyTables): void {
    this.keys.addLazySegment(this.next, tables);
    this.segments.push({ base: this.next, count: tables.count, origin: { kind: 'pack', packId, pack } });
    this.next += tables.count;
  }

  insertUser(e: Entry, keys: Uint32Array): void {
    const handle = this.next++;
    this.user.set(handle, e);
    this.keys.insert(handle, keys);
  }

  insertRead(r: ReadRecord & { keys: Uint32Array }): void {
    const handle = this.next++;
    this.read.set(handle, r);
    this.readIds.set(r.id, handle);
    this.keys.insert(handle, r.keys);
  }

  /** Forgets an original read; the record it was, if it was one. */
  dropRead(handle: number): ReadRecord | undefined {
    const r = this.read.get(handle);
    if (!r) return undefined;
    this.read.delete(handle);
    this.readIds.delete(r.id);
    this.remove(handle);
    return r;
  }

  /** The `count` originals read longest ago. */
  oldestRead(count: number): ReadRecord[] {
    return count > 0 ? [...this.read.values()].sort((a, b) => (a.readAt < b.readAt ? -1 : 1)).slice(0, count) : [];
  }

  remove(handle: number): void {
    this.removed.add(handle);
    this.keys.remove(handle);
  }

  segmentOf(handle: number): Segment | undefined {
    return this.segments.find((s) => handle >= s.base && handle < s.base + s.count);
  }

  /** Every handle under which an id is indexed (an id may recur in several packs). */
  async handlesOf(id: string): Promise<number[]> {
    const out: number[] = [];
    const b = this.bundledIds.get(id);
    if (b !== undefined) out.push(b);
    const r = this.readIds.get(id);
    if (r !== undefined) out.push(r);
    for (const [h, e] of this.user) if (e.meta.id === id) out.push(h);
    if (this.store) {
      for (const [packId, n] of await this.store.findInPacks(id)) {
        const seg = this.segments.find((s) => s.origin.kind === 'pack' && s.origin.packId === packId);
        if (seg && n < seg.count) out.push(seg.base + n);
      }
    }
    return out.filter((h) => !this.removed.has(h));
  }

  /** The entries behind handles, in order: pack entries read from IndexedDB, one transaction per pack. */
  entriesAt(handles: readonly number[]): Promise<Array<Entry | undefined>> {
    return this.resolve(
      handles,
      (e) => e,
      (packId, ns) => this.store!.packEntries(packId, ns),
      (ids) => this.store!.readEntries(ids),
    );
  }

  /** What is behind each handle: from memory (`local`), a stored pack (`stored`) or the originals read (`read`). */
  async resolve<T>(
    handles: readonly number[],
    local: (e: Entry) => T,
    stored: (packId: string, ns: number[]) => Promise<Array<T | undefined>>,
    read: (ids: string[]) => Promise<Array<T | undefined>>,
  ): Promise<Array<T | undefined>> {
    const out: Array<T | undefined> = handles.map(() => undefined);
    const byPack = new Map<Segment, number[]>();
    const reads: number[] = [];
    handles.forEach((h, i) => {
      const user = this.user.get(h);
      if (user) return void (out[i] = local(user));
      if (this.read.has(h)) return void reads.push(i);
      const seg = this.segmentOf(h);
      if (!seg) return;
      if (seg.origin.kind === 'bundled') return void (out[i] = local(this.bundled[h]!));
      const list = byPack.get(seg) ?? [];
      list.push(i);
      byPack.set(seg, list);
    });
    for (const [seg, positions] of byPack) {
      if (seg.origin.kind !== 'pack') continue;
      const values = await stored(
        seg.origin.packId,
        positions.map((i) => handles[i]! - seg.base),
      );
      positions.forEach((i, k) => (out[i] = values[k]));
    }
    if (reads.length) {
      const values = await read(reads.map((i) => this.read.get(handles[i]!)!.id));
      reads.forEach((i, k) => (out[i] = values[k]));
    }
    return out;
  }
}
