import { CandidateIndex, entryKeys, packTables, type KeyTables, type Probe } from '../candidates';
import type { Idf } from '../match/idf';
import type { Entry, EntryMeta } from '../index/entry';

/**
 * The index held in memory: entry metadata, fingerprints and the candidate tables over their
 * keys (lib/candidates). Numeric entry handles are positions in `entries`; a removed entry
 * leaves a hole until the next addAll, which renumbers (queries are synchronous, so none is
 * running).
 */
export class MemoryIndex {
  private entries: Array<Entry | undefined> = [];
  private byId = new Map<string, number>();
  private readonly keys = new CandidateIndex();

  /** The IDF table orders terms, rarest first: an entry is filed under its rarest. */
  constructor(private readonly idf: Idf) {}

  /**
   * Adds entries and rebuilds the compact candidate tables (the fast path for loading packs).
   * `tablesOf` may give the tables of the final entry list instead (a cache of them).
   */
  addAll(entries: Iterable<Entry>, tablesOf: (all: readonly Entry[]) => KeyTables = (all) => packTables(all, this.idf)): void {
    const given = [...this.entries.filter((e): e is Entry => !!e), ...entries];
    // A later version of an entry replaces the earlier one, at the later one's place.
    const last = new Map<string, number>();
    given.forEach((e, i) => last.set(e.meta.id, i));
    if (last.size === given.length) {
      // No id twice (a pack's ids are unique): the positions are the handles already.
      this.entries = given;
      this.byId = last;
    } else {
      this.entries = given.filter((e, i) => last.get(e.meta.id) === i);
      this.byId = new Map(this.entries.map((e, i) => [e!.meta.id, i]));
    }
    this.keys.clear();
    this.keys.addSegment(0, tablesOf(this.entries as Entry[]));
  }

  /** Adds one entry (a user's addition) without rebuilding the tables. */
  add(entry: Entry): void {
    if (this.byId.has(entry.meta.id)) this.remove(entry.meta.id);
    const handle = this.entries.length;
    this.entries.push(entry);
    this.byId.set(entry.meta.id, handle);
    this.keys.insert(handle, entryKeys(entry.fingerprint, this.idf));
  }

  remove(id: string): boolean {
    const handle = this.byId.get(id);
    if (handle === undefined) return false;
    this.entries[handle] = undefined;
    this.byId.delete(id);
    this.keys.remove(handle);
    return true;
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Entry | undefined {
    const handle = this.byId.get(id);
    return handle === undefined ? undefined : this.entries[handle];
  }

  metas(): EntryMeta[] {
    return this.entries.filter((e): e is Entry => !!e).map((e) => e.meta);
  }

  /** Candidate entries for a page's probe (lib/candidates probeOf), best first. */
  candidates(probe: Probe, limit: number): Array<{ entry: Entry; hits: number }> {
    return this.keys
      .query(probe, limit)
      .map(({ id, hits }) => ({ entry: this.entries[id]!, hits }))
      .filter((c) => c.entry);
  }

  /** What a check's candidate stage reads (CandidateIndex.load). */
  candidateLoad(probe: Probe): ReturnType<CandidateIndex['load']> {
    return this.keys.load(probe);
  }

  get tableBytes(): number {
    return this.keys.bytes;
  }
}
