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
 * Per-entry counters for one query at a time, indexed by entry handle: typed-array increments
 * cost about a tenth of a Map's get and set, and a check at a million entries counts some
 * 40,000 list members. Reset, by the entries touched, when the query's ranking is taken; a
 * query's counting and taking run without an await between them, so one Tally serves
 * concurrent queries.
 */
export class Tally {
  counts = new Uint8Array(1024);
  scores = new Uint32Array(1024);
  /** The list number that last counted each entry, so that an entry counts once a list (addList only). */
  private stamps = new Uint32Array(0);
  private stamp = 0;
  readonly touched: number[] = [];

  /** Room for handles below `size`. */
  ensure(size: number): void {
    if (size <= this.counts.length) return;
    const next = Math.max(size, this.counts.length * 2);
    // Typed arrays are zeroed: counters of entries never touched start at 0.
    const grown = <T extends Uint8Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(next);
      b.set(a);
      return b;
    };
    this.counts = grown(this.counts, (n) => new Uint8Array(n));
    this.scores = grown(this.scores, (n) => new Uint32Array(n));
  }

  get bytes(): number {
    return this.counts.byteLength + this.scores.byteLength + this.stamps.byteLength;
  }

  /** Counts one list's members, each once however often it holds them. */
  addList(members: Uint32Array, weight: number): void {
    let top = 0;
    for (let k = 0; k < members.length; k++) top = Math.max(top, members[k]! + 1);
    this.ensure(top);
    if (this.stamps.length < this.counts.length) {
      const stamps = new Uint32Array(this.counts.length);
      stamps.set(this.stamps);
      this.stamps = stamps;
    }
    if (++this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
    const { counts, scores, stamps, stamp, touched } = this;
    for (let k = 0; k < members.length; k++) {
      const id = members[k]!;
      if (stamps[id] === stamp) continue;
      stamps[id] = stamp;
      if (counts[id]!++ === 0) touched.push(id);
      scores[id]! += weight;
    }
  }

  /** The entries counted at least `minHits` times, in no order; the counters are reset. */
  take(minHits: number): Ranked[] {
    const out: Ranked[] = [];
    for (const id of this.touched) {
      if (this.counts[id]! >= minHits) out.push({ id, hits: this.counts[id]!, score: this.scores[id]! });
      this.counts[id] = 0;
      this.scores[id] = 0;
    }
    this.touched.length = 0;
    return out;
  }
}
