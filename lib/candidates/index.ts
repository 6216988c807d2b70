import type { Fingerprint } from '../fingerprint';
import type { Idf } from '../match/idf';
import { CANDIDATE_MIN_HITS, entryKeys, readingOrder, type Probe } from './keys';
import { best, Tally, type Ranked } from './rank';
import {
  buildTables,
  chunkOfKey,
  runInChunk,
  runOf,
  tableBytes,
  validChunk,
  type KeyTables,
  type TableChunk,
  type TableHead,
} from './tables';

export { entryKeys, probeOf, readingOrder, CANDIDATE_MIN_HITS, KEYS_PER_ENTRY, MIN_KEY_WEIGHT, POSTING_BUDGET, type Probe } from './keys';
export { best, better, Tally, type Ranked } from './rank';
export {
  buildTables,
  validTables,
  runOf,
  tableBytes,
  chunksOf,
  headOf,
  validHead,
  CHUNK_BUCKETS,
  TABLES_FORMAT,
  type KeyTables,
  type TableChunk,
  type TableHead,
} from './tables';

/** Chunks a lazy table keeps in memory at most (about 6 KB each at a million entries). */
const CACHED_CHUNKS = 8192;

/** One segment's tables as a query reads them: whole in memory, or a chunk at a time from storage. */
interface Lookup {
  readonly count: number;
  readonly idBits: number;
  /** Bytes held in memory. */
  readonly bytes: number;
  /** The postings array and the run [from, to) of a key's postings in it. */
  run(key: number): [Uint32Array, number, number];
  /** Reads from storage what lookups of these keys need (lazy tables only). */
  fetch?(keys: Uint32Array): Promise<void>;
}

/** Tables held whole (the bundled pack, the CLI's and the eval's indexes). */
class WholeTables implements Lookup {
  constructor(private readonly t: KeyTables) {}

  get count(): number {
    return this.t.count;
  }

  get idBits(): number {
    return this.t.idBits;
  }

  get bytes(): number {
    return tableBytes(this.t);
  }

  run(key: number): [Uint32Array, number, number] {
    return [this.t.postings, ...runOf(this.t, key)];
  }
}

/**
 * A table read from storage a chunk at a time (the extension's stored packs): fetch() reads
 * the chunks a page's terms fall in that are not held yet, and a lookup reads only held
 * chunks. The chunks read last are kept, up to CACHED_CHUNKS; a chunk that is missing or
 * damaged in storage counts as empty, never as out-of-bounds postings.
 */
export class LazyTables implements Lookup {
  private readonly held = new Map<number, TableChunk | null>();

  constructor(
    readonly head: TableHead,
    private readonly read: (chunks: number[]) => Promise<Array<TableChunk | undefined>>,
  ) {}

  get count(): number {
    return this.head.count;
  }

  get idBits(): number {
    return this.head.idBits;
  }

  async fetch(keys: Uint32Array): Promise<void> {
    const wanted = new Set(Array.from(keys, (k) => chunkOfKey(this.head, k)));
    const missing = [...wanted].filter((c) => !this.held.has(c));
    if (missing.length) {
      const got = await this.read(missing);
      missing.forEach((c, i) => {
        const k = got[i];
        this.held.set(c, validChunk(this.head, k, c) ? k : null);
      });
    }
    // The chunks wanted now move last, so that the oldest go first.
    for (const c of wanted) {
      const chunk = this.held.get(c);
      if (chunk === undefined) continue;
      this.held.delete(c);
      this.held.set(c, chunk);
    }
    for (const c of this.held.keys()) {
      if (this.held.size <= CACHED_CHUNKS) break;
      this.held.delete(c);
    }
  }

  /** The postings array and run [from, to) of a key, empty when its chunk is not held. */
  run(key: number): [Uint32Array, number, number] {
    const chunk = this.held.get(chunkOfKey(this.head, key));
    if (!chunk) return [EMPTY, 0, 0];
    return [chunk.postings, ...runInChunk(this.head, chunk, key)];
  }

  get bytes(): number {
    let sum = 0;
    for (const k of this.held.values()) if (k) sum += k.offsets.byteLength + k.postings.byteLength;
    return sum;
  }
}

const EMPTY = new Uint32Array(0);

interface Segment {
  base: number;
  lookup: Lookup;
}

/**
 * Candidate generation from the rarest terms (keys.ts), over entry handles: frozen tables,
 * each covering a range of handles (the bundled pack, each stored pack), plus a small
 * mutable part for entries added one at a time (the user's own, those read on trusted
 * sites). The in-memory index, the extension's engine and, through the same keys, reading
 * order and ranking, the Redis store (lib/storage/redis/candidates.ts) all answer the same.
 */
export class CandidateIndex {
  private segments: Segment[] = [];
  private readonly recent = new Map<number, number[]>();
  private readonly removed = new Set<number>();
  private pending = 0;
  private readonly tally = new Tally();

  /** Adds frozen tables whose entry i is handle base + i. */
  addSegment(base: number, tables: KeyTables): void {
    this.segments.push({ base, lookup: new WholeTables(tables) });
  }

  /** Adds tables read from storage on demand (see fetch). */
  addLazySegment(base: number, lazy: LazyTables): void {
    this.segments.push({ base, lookup: lazy });
  }

  /** Reads what a query for this probe needs of the lazy tables: call before query(). */
  async fetch(probe: Probe): Promise<void> {
    await Promise.all(this.segments.map(({ lookup }) => lookup.fetch?.(probe.terms)));
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
    return this.segments.reduce((s, x) => s + x.lookup.count, 0) + this.pending - this.removed.size;
  }

  /**
   * Entries sharing at least CANDIDATE_MIN_HITS of their keys with the page's terms, best
   * first: the page's lists are read shortest first within the budget (readingOrder).
   */
  query(probe: Probe, limit: number): Ranked[] {
    const { weights } = this.count(probe);
    // Only entries with two shared keys become objects: at a million entries a check touches
    // some 40,000 entries, nearly all through one key.
    const ranked = this.tally.take(weights, CANDIDATE_MIN_HITS).ranked.filter((r) => !this.removed.has(r.id));
    return best(ranked, limit, CANDIDATE_MIN_HITS);
  }

  /** What a query reads (for the benchmark): lists looked up and read, postings read, entries touched and ranked. */
  load(probe: Probe): { looked: number; lists: number; postings: number; touched: number; ranked: number } {
    const { lists, postings, weights } = this.count(probe);
    const { ranked, touched } = this.tally.take(weights, CANDIDATE_MIN_HITS);
    return { looked: probe.terms.length, lists, postings, touched, ranked: ranked.length };
  }

  /** Adds to the tally the lists the page reads, numbered in reading order; their weights in that order. */
  private count({ terms, weights }: Probe): { lists: number; postings: number; weights: number[] } {
    const segs = this.segments.length;
    const from = new Uint32Array(terms.length * segs);
    const to = new Uint32Array(terms.length * segs);
    const lists: Uint32Array[] = [];
    const lengths = new Uint32Array(terms.length);
    for (let i = 0; i < terms.length; i++) {
      const key = terms[i]!;
      for (let s = 0; s < segs; s++) {
        const [list, a, b] = this.segments[s]!.lookup.run(key);
        lists[i * segs + s] = list;
        from[i * segs + s] = a;
        to[i * segs + s] = b;
        lengths[i]! += b - a;
      }
      lengths[i]! += this.recent.get(key)?.length ?? 0;
    }
    const read = readingOrder(lengths, terms);
    let postings = 0;
    read.forEach((i, k) => {
      postings += lengths[i]!;
      for (let s = 0; s < segs; s++) {
        const { base, lookup } = this.segments[s]!;
        this.tally.addRun(lists[i * segs + s]!, from[i * segs + s]!, to[i * segs + s]!, base, 2 ** lookup.idBits - 1, k);
      }
      const recent = this.recent.get(terms[i]!);
      if (recent) this.tally.addList(Uint32Array.from(recent), k);
    });
    return { lists: read.length, postings, weights: read.map((i) => weights[i]!) };
  }

  /** Bytes held by the frozen tables and the per-query counters. */
  get bytes(): number {
    return this.segments.reduce((sum, { lookup }) => sum + lookup.bytes, this.tally.bytes);
  }
}

/** The frozen tables of a pack's entries, each filed under its keys. */
export function packTables(entries: ReadonlyArray<{ fingerprint: Pick<Fingerprint, 'terms'> }>, idf: Idf): KeyTables {
  return buildTables(entries.length, (i) => entryKeys(entries[i]!.fingerprint, idf));
}
