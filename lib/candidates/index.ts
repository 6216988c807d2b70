import type { Fingerprint } from '../fingerprint';
import type { Idf } from '../match/idf';
import { CANDIDATE_MIN_HITS, entryKeys, readingOrder, type Probe } from './keys';
import { best, type Ranked } from './rank';
import { buildTables, runOf, tableBytes, type KeyTables } from './tables';

export { entryKeys, probeOf, readingOrder, CANDIDATE_MIN_HITS, KEYS_PER_ENTRY, MIN_KEY_WEIGHT, POSTING_BUDGET, type Probe } from './keys';
export { best, better, type Ranked } from './rank';
export { buildTables, validTables, runOf, tableBytes, TABLES_FORMAT, type KeyTables } from './tables';

/**
 * Candidate generation from the rarest terms (keys.ts), over entry handles: frozen tables,
 * each covering a range of handles (the bundled pack, each stored pack), plus a small
 * mutable part for entries added one at a time (the user's own, those read on trusted
 * sites). The in-memory index, the extension's engine and, through the same keys, reading
 * order and ranking, the Redis store (lib/storage/redis/candidates.ts) all answer the same.
 */
export class CandidateIndex {
  private segments: Array<{ base: number; tables: KeyTables }> = [];
  private readonly recent = new Map<number, number[]>();
  private readonly removed = new Set<number>();
  private pending = 0;
  private counts = new Uint8Array(1024);
  private scores = new Uint32Array(1024);

  /** Adds frozen tables whose entry i is handle base + i. */
  addSegment(base: number, tables: KeyTables): void {
    this.segments.push({ base, tables });
  }

  /** Drops every segment and recent addition (before a rebuild). */
  clear(): void {
    this.segments = [];
    this.recent.clear();
    this.removed.clear();
    this.pending = 0;
  }

  insert(id: number, keys: Uint32Array): void {
    this.removed.delete(id);
    this.pending++;
    for (const key of keys) {
      const list = this.recent.get(key);
      if (list) list.push(id);
      else this.recent.set(key, [id]);
    }
  }

  remove(id: number): void {
    this.removed.add(id);
  }

  get size(): number {
    return this.segments.reduce((s, x) => s + x.tables.count, 0) + this.pending - this.removed.size;
  }

  /**
   * Entries sharing at least CANDIDATE_MIN_HITS of their keys with the page's terms, best
   * first: the page's lists are read shortest first within the budget (readingOrder).
   */
  query(probe: Probe, limit: number): Ranked[] {
    const touched = this.tally(probe).touched;
    // Only entries with two shared keys become objects: at a million entries a check touches
    // some 40,000 entries, nearly all through one key.
    const ranked: Ranked[] = [];
    for (const id of touched) {
      const hits = this.counts[id]!;
      if (hits >= CANDIDATE_MIN_HITS && !this.removed.has(id)) ranked.push({ id, hits, score: this.scores[id]! });
    }
    this.reset(touched);
    return best(ranked, limit, CANDIDATE_MIN_HITS);
  }

  /** What a query reads (for the benchmark): lists looked up and read, postings read, entries touched and ranked. */
  load(probe: Probe): { looked: number; lists: number; postings: number; touched: number; ranked: number } {
    const { touched, lists, postings } = this.tally(probe);
    const ranked = touched.filter((id) => this.counts[id]! >= CANDIDATE_MIN_HITS).length;
    this.reset(touched);
    return { looked: probe.terms.length, lists, postings, touched: touched.length, ranked };
  }

  private reset(touched: readonly number[]): void {
    for (const id of touched) {
      this.counts[id] = 0;
      this.scores[id] = 0;
    }
  }

  /** Counts every entry sharing a read list with the page (hits and score left in the counters, for the caller to reset). */
  private tally({ terms, weights }: Probe): { touched: number[]; lists: number; postings: number } {
    const segs = this.segments.length;
    const from = new Uint32Array(terms.length * segs);
    const to = new Uint32Array(terms.length * segs);
    const lengths = new Uint32Array(terms.length);
    let last = 0;
    for (let i = 0; i < terms.length; i++) {
      const key = terms[i]!;
      for (let s = 0; s < segs; s++) {
        const { base, tables } = this.segments[s]!;
        const [a, b] = runOf(tables, key);
        from[i * segs + s] = a;
        to[i * segs + s] = b;
        lengths[i]! += b - a;
        if (b > a) last = Math.max(last, base + tables.count);
      }
      const recent = this.recent.get(key);
      if (recent) {
        lengths[i]! += recent.length;
        for (const id of recent) last = Math.max(last, id + 1);
      }
    }
    if (last > this.counts.length) this.grow(last);
    // Counters per entry handle, not a Map: typed-array increments are ~10x cheaper.
    const counts = this.counts;
    const scores = this.scores;
    const touched: number[] = [];
    const read = readingOrder(lengths, terms);
    let postings = 0;
    for (const i of read) {
      const w = weights[i]!;
      postings += lengths[i]!;
      for (let s = 0; s < segs; s++) {
        const { base, tables } = this.segments[s]!;
        const list = tables.postings;
        const idMask = 2 ** tables.idBits - 1;
        const end = to[i * segs + s]!;
        for (let k = from[i * segs + s]!; k < end; k++) {
          const id = base + (list[k]! & idMask);
          if (counts[id]!++ === 0) touched.push(id);
          scores[id]! += w;
        }
      }
      for (const id of this.recent.get(terms[i]!) ?? []) {
        if (counts[id]!++ === 0) touched.push(id);
        scores[id]! += w;
      }
    }
    return { touched, lists: read.length, postings };
  }

  private grow(size: number): void {
    const next = Math.max(size, this.counts.length * 2);
    // Typed arrays are zeroed: counters of entries never touched start at 0.
    const counts = new Uint8Array(next);
    counts.set(this.counts);
    this.counts = counts;
    const scores = new Uint32Array(next);
    scores.set(this.scores);
    this.scores = scores;
  }

  /** Bytes held by the frozen tables and the per-query counters. */
  get bytes(): number {
    return this.segments.reduce((sum, { tables }) => sum + tableBytes(tables), this.counts.byteLength + this.scores.byteLength);
  }
}

/** The frozen tables of a pack's entries, each filed under its keys. */
export function packTables(entries: ReadonlyArray<{ fingerprint: Pick<Fingerprint, 'terms'> }>, idf: Idf): KeyTables {
  return buildTables(entries.length, (i) => entryKeys(entries[i]!.fingerprint, idf));
}
