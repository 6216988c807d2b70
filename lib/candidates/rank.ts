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
