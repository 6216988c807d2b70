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
 * The members of the lists a query reads, counted per entry by sorting them (radix sort on
 * the entry handle, two 16-bit passes) rather than with counters indexed by handle: at a
 * million entries a check counts some 40,000 members scattered over the whole handle range,
 * and a counter array of that range (5-8 MB at 1M, 40 MB at 5M) is read and written at
 * random, a cache miss a member, so counting grew with the index (2-5 ms at 1M, ~10 ms
 * at 5M on Redis); sorting the members themselves costs the same at any size. A Map costs
 * ~10x the counters. A query's adding and taking run without an await between them, so one
 * Tally serves concurrent queries.
 */
export class Tally {
  private ids = new Uint32Array(1 << 12);
  private lists = new Uint16Array(1 << 12);
  private spareIds = new Uint32Array(1 << 12);
  private spareLists = new Uint16Array(1 << 12);
  private readonly histogram = new Uint32Array(1 << 16);
  private size = 0;

  /** Room for n more members. */
  private reserve(n: number): void {
    if (this.size + n <= this.ids.length) return;
    const next = Math.max(this.size + n, 2 * this.ids.length);
    const ids = new Uint32Array(next);
    ids.set(this.ids.subarray(0, this.size));
    const lists = new Uint16Array(next);
    lists.set(this.lists.subarray(0, this.size));
    this.ids = ids;
    this.lists = lists;
    this.spareIds = new Uint32Array(next);
    this.spareLists = new Uint16Array(next);
  }

  /** Adds the members of list number `list` (lists are added in increasing number). */
  addList(members: Uint32Array, list: number): void {
    this.reserve(members.length);
    this.ids.set(members, this.size);
    this.lists.fill(list, this.size, this.size + members.length);
    this.size += members.length;
  }

  /** Adds list number `list` as the handles base + (run[k] & mask), k in [from, to). */
  addRun(run: Uint32Array, from: number, to: number, base: number, mask: number, list: number): void {
    this.reserve(to - from);
    const ids = this.ids;
    let at = this.size;
    for (let k = from; k < to; k++) ids[at++] = base + (run[k]! & mask);
    this.lists.fill(list, this.size, at);
    this.size = at;
  }

  /** Bytes held between queries. */
  get bytes(): number {
    return 6 * 2 * this.ids.length + this.histogram.byteLength;
  }

  /**
   * The entries found in at least `minHits` of the lists (an entry counts once a list),
   * score the summed weight of those lists (weights[list]), in no order; and how many
   * entries were found at all. Empties the tally.
   */
  take(weights: ArrayLike<number>, minHits: number): { ranked: Ranked[]; touched: number } {
    const n = this.size;
    this.size = 0;
    // Stable LSD radix sort in two passes, low bits then high bits; equal handles keep the
    // order they were added in, so their list numbers stay increasing. The digits are as wide
    // as the largest handle needs (10 bits at a million entries): clearing and summing a 2^16
    // histogram twice per check took longer than sorting the members (0.3 ms of 0.6 at 100,000).
    let max = 0;
    for (let i = 0; i < n; i++) max = Math.max(max, this.ids[i]!);
    const bits = 32 - Math.clz32(max);
    const low = Math.ceil(bits / 2);
    this.pass(this.ids, this.lists, this.spareIds, this.spareLists, n, 0, low);
    this.pass(this.spareIds, this.spareLists, this.ids, this.lists, n, low, bits - low);
    const ids = this.ids;
    const lists = this.lists;
    const ranked: Ranked[] = [];
    let touched = 0;
    for (let i = 0; i < n;) {
      const id = ids[i]!;
      let hits = 0;
      let score = 0;
      let last = -1;
      for (; i < n && ids[i] === id; i++) {
        const list = lists[i]!;
        if (list === last) continue;
        last = list;
        hits++;
        score += weights[list]!;
      }
      touched++;
      if (hits >= minHits) ranked.push({ id, hits, score });
    }
    return { ranked, touched };
  }

  /** One counting-sort pass on the `width` bits of each handle from bit `shift`. */
  private pass(
    fromIds: Uint32Array,
    fromLists: Uint16Array,
    toIds: Uint32Array,
    toLists: Uint16Array,
    n: number,
    shift: number,
    width: number,
  ): void {
    const h = this.histogram;
    const mask = 2 ** width - 1;
    h.fill(0, 0, mask + 1);
    for (let i = 0; i < n; i++) h[(fromIds[i]! >>> shift) & mask]!++;
    let sum = 0;
    for (let d = 0; d <= mask; d++) {
      const c = h[d]!;
      h[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const at = h[(fromIds[i]! >>> shift) & mask]!++;
      toIds[at] = fromIds[i]!;
      toLists[at] = fromLists[i]!;
    }
  }
}
