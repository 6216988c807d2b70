import { MinHash, PARAMS, type Fingerprint } from '../fingerprint';
import type { Entry, EntryMeta } from './entry';
import { commonBandMask, packTables, type IsCommon } from './import';
import { LshIndex, type LshTables } from './lsh';

/**
 * The index held in memory: entry metadata, fingerprints and the LSH tables over their
 * signatures. Numeric entry handles are positions in `entries`; a removed entry leaves a
 * hole until the next addAll, which renumbers (queries are synchronous, so none is running).
 */
export class MemoryIndex {
  private entries: Array<Entry | undefined> = [];
  private byId = new Map<string, number>();
  private readonly lsh = new LshIndex(PARAMS.numPerm);

  /** With `isCommon`, bands won by a common word get no postings: a query skips them anyway. */
  constructor(private readonly isCommon?: IsCommon) {}

  /**
   * Adds entries and rebuilds the compact LSH tables (the fast path for loading packs).
   * `tablesOf` may give the tables of the final entry list instead (a cache of them).
   */
  addAll(entries: Iterable<Entry>, tablesOf: (all: readonly Entry[]) => LshTables = (all) => packTables(all, this.isCommon)): void {
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
    this.lsh.clear();
    this.lsh.addSegment(0, tablesOf(this.entries as Entry[]));
  }

  /** Adds one entry (a user's addition) without rebuilding the tables. */
  add(entry: Entry): void {
    if (this.byId.has(entry.meta.id)) this.remove(entry.meta.id);
    const handle = this.entries.length;
    this.entries.push(entry);
    this.byId.set(entry.meta.id, handle);
    this.lsh.insert(handle, entry.fingerprint.signature, commonBandMask(entry.fingerprint, this.isCommon));
  }

  remove(id: string): boolean {
    const handle = this.byId.get(id);
    if (handle === undefined) return false;
    this.entries[handle] = undefined;
    this.byId.delete(id);
    this.lsh.remove(handle);
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

  /**
   * Candidate entries for a page signature, most shared LSH bands first; with `weights`
   * (see bandWeights), weighted by how rare the shared terms are, common-word bands skipped.
   */
  candidates(signature: Uint32Array, limit: number, weights?: Float32Array): Array<{ entry: Entry; hits: number }> {
    if (MinHash.isEmpty(signature)) return [];
    return this.lsh
      .query(signature, limit, CANDIDATE_MIN_HITS, weights, weights ? MIN_BAND_WEIGHT : 0)
      .map(({ id, hits }) => ({ entry: this.entries[id]!, hits }))
      .filter((c) => c.entry);
  }

  get lshBytes(): number {
    return this.lsh.bytes;
  }
}

/**
 * Bands whose winning page term has a lower IDF (a word in more than ~5% of news articles)
 * are not looked up: their buckets hold the most postings and the least evidence. On the dev
 * set, skipping them (about half the bands) kept every source among the top 3 candidates.
 */
export const MIN_BAND_WEIGHT = 3;

/** Two shared bands of 64: below that, the estimated Jaccard (< 0.03) is noise. */
export const CANDIDATE_MIN_HITS = 2;

export type { Fingerprint };
