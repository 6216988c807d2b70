import { MinHash, PARAMS, winnersOf, type Fingerprint } from '../fingerprint';
import type { Entry, EntryMeta } from './entry';
import { bandMask, LshIndex, type BandMask } from './lsh';

/** Whether a term hash is a common word (its band is never looked up): from the IDF table. */
export type IsCommon = (termHash: number) => boolean;

/**
 * The index held in memory: entry metadata, fingerprints and the LSH tables over their
 * signatures. Numeric entry handles are positions in `entries`; a removed entry leaves a
 * hole until the next addAll, which renumbers (queries are synchronous, so none is running).
 */
export class MemoryIndex {
  private entries: Array<Entry | undefined> = [];
  private readonly byId = new Map<string, number>();
  private readonly lsh = new LshIndex(PARAMS.numPerm);

  /** With `isCommon`, bands won by a common word get no postings: a query skips them anyway. */
  constructor(private readonly isCommon?: IsCommon) {}

  /** Adds entries and rebuilds the compact LSH tables (the fast path for loading packs). */
  addAll(entries: Iterable<Entry>): void {
    const all = new Map<string, Entry>();
    for (const e of this.entries) if (e) all.set(e.meta.id, e);
    for (const e of entries) {
      all.delete(e.meta.id); // a later version of an entry replaces the earlier one
      all.set(e.meta.id, e);
    }
    this.entries = [...all.values()];
    this.byId.clear();
    this.entries.forEach((e, i) => this.byId.set(e!.meta.id, i));
    const list = this.entries as Entry[];
    this.lsh.clear();
    this.lsh.addSegment(
      0,
      LshIndex.build(
        list.length,
        PARAMS.numPerm,
        (i) => list[i]!.fingerprint.signature,
        (i) => this.maskOf(list[i]!.fingerprint),
      ),
    );
  }

  /** Adds one entry (a user's addition) without rebuilding the tables. */
  add(entry: Entry): void {
    if (this.byId.has(entry.meta.id)) this.remove(entry.meta.id);
    const handle = this.entries.length;
    this.entries.push(entry);
    this.byId.set(entry.meta.id, handle);
    this.lsh.insert(handle, entry.fingerprint.signature, this.maskOf(entry.fingerprint));
  }

  /** Bands this entry gets postings in (null: all of them). */
  maskOf(fp: Fingerprint): BandMask | null {
    return commonBandMask(fp, this.isCommon);
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
 * The bands of an entry worth a posting: those whose winning term is not a common word. A
 * page shares a band value only through the same winning term, whose weight is then below
 * MIN_BAND_WEIGHT on the page too, so the query would skip that band: leaving it out of the
 * tables changes no answer and saves about half of them.
 */
export function commonBandMask(fp: Fingerprint, isCommon: IsCommon | undefined): BandMask | null {
  if (!isCommon) return null;
  const winners = winnersOf(fp);
  return winners && bandMask(PARAMS.numPerm, (b) => !isCommon(winners[b]!));
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
