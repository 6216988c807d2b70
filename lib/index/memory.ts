import { MinHash, PARAMS, type Fingerprint } from '../fingerprint';
import type { Entry, EntryMeta } from './entry';
import { LshIndex } from './lsh';

/**
 * The index held in memory: entry metadata, fingerprints and the LSH tables over their
 * signatures. Numeric entry handles are positions in `entries`; removed entries leave a
 * hole, so handles held by a running query stay valid.
 */
export class MemoryIndex {
  private readonly entries: Array<Entry | undefined> = [];
  private readonly byId = new Map<string, number>();
  private readonly lsh = new LshIndex(PARAMS.numPerm);

  /** Adds entries and rebuilds the compact LSH tables (the fast path for loading packs). */
  addAll(entries: Iterable<Entry>): void {
    for (const e of entries) this.put(e, false);
    this.lsh.freeze(this.live());
  }

  /** Adds one entry (a user's addition) without rebuilding the tables. */
  add(entry: Entry): void {
    this.put(entry, true);
  }

  private put(entry: Entry, incremental: boolean): void {
    const old = this.byId.get(entry.meta.id);
    if (old !== undefined) this.remove(entry.meta.id);
    const handle = this.entries.length;
    this.entries.push(entry);
    this.byId.set(entry.meta.id, handle);
    if (incremental) this.lsh.insert(handle, entry.fingerprint.signature);
  }

  remove(id: string): boolean {
    const handle = this.byId.get(id);
    if (handle === undefined) return false;
    this.entries[handle] = undefined;
    this.byId.delete(id);
    this.lsh.remove(handle);
    return true;
  }

  private live(): Array<{ id: number; signature: Uint32Array }> {
    const out: Array<{ id: number; signature: Uint32Array }> = [];
    this.entries.forEach((e, id) => e && out.push({ id, signature: e.fingerprint.signature }));
    return out;
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
