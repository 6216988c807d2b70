/** An entry that shares keys with the page: how many, and their summed integer weight. */
export interface Ranked {
  id: number;
  hits: number;
  score: number;
}

/** The ranking every back end uses: higher score first, then the earlier entry (insertion or push order). */
export function better(a: Ranked, b: Ranked): boolean {
  return a.score > b.score || (a.score === b.score && a.id < b.id);
}

/** The `limit` best of `all` (those with at least `minHits`), best first, without sorting all of them. */
export function best(all: Iterable<Ranked>, limit: number, minHits: number): Ranked[] {
  const top: Ranked[] = [];
  if (limit <= 0) return top;
  for (const c of all) {
    if (c.hits < minHits) continue;
    if (top.length === limit && !better(c, top[limit - 1]!)) continue;
    let i = Math.min(top.length, limit - 1);
    top[i] = c;
    for (; i > 0 && better(top[i]!, top[i - 1]!); i--) [top[i], top[i - 1]] = [top[i - 1]!, top[i]!];
  }
  return top;
}

/**
 * Per-entry counters for one query at a time, indexed by entry handle: two u32 cells an
 * entry side by side - hits (low 8 bits; an entry has 24 keys) with the number of the list
 * that last counted it, and the summed weight - so counting a list member touches one cache
 * line (at a million entries a check counts some 40,000 members at random; a Map's get and
 * set cost ~10x, separate arrays one cache miss each). Reset, by the entries touched, when
 * the query's ranking is taken; a query's counting and taking run without an await between
 * them, so one Tally serves concurrent queries.
 */
export class Tally {
  /** [hits | list stamp << 8, score] for each entry handle. */
  cells = new Uint32Array(2048);
  private stamp = 0;
  readonly touched: number[] = [];

  /** Room for handles below `size`. */
  ensure(size: number): void {
    if (2 * size <= this.cells.length) return;
    // Typed arrays are zeroed: counters of entries never touched start at 0.
    const cells = new Uint32Array(Math.max(2 * size, 2 * this.cells.length));
    cells.set(this.cells);
    this.cells = cells;
  }

  get bytes(): number {
    return this.cells.byteLength;
  }

  /** Counts one list's members, each once however often it holds them. */
  addList(members: Uint32Array, weight: number): void {
    let top = 0;
    for (let k = 0; k < members.length; k++) if (members[k]! >= top) top = members[k]! + 1;
    this.ensure(top);
    if (++this.stamp === 1 << 24) {
      // Stamps wrap: clear the old ones of the entries counted so far.
      for (const id of this.touched) this.cells[2 * id] = this.cells[2 * id]! & HITS;
      this.stamp = 1;
    }
    const { cells, touched } = this;
    const mark = this.stamp << 8;
    for (let k = 0; k < members.length; k++) {
      const c = 2 * members[k]!;
      const cell = cells[c]!;
      if ((cell & ~HITS) === mark) continue;
      if (cell === 0) touched.push(members[k]!);
      cells[c] = mark | ((cell & HITS) + 1);
      cells[c + 1]! += weight;
    }
  }

  /** The entries counted at least `minHits` times, in no order; the counters are reset. */
  take(minHits: number): Ranked[] {
    const out: Ranked[] = [];
    const cells = this.cells;
    for (const id of this.touched) {
      const hits = cells[2 * id]! & HITS;
      if (hits >= minHits) out.push({ id, hits, score: cells[2 * id + 1]! });
      cells[2 * id] = 0;
      cells[2 * id + 1] = 0;
    }
    this.touched.length = 0;
    return out;
  }
}

const HITS = 0xff;
