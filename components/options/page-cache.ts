import { pagesFor } from './virtual';

export type FetchPage<Row> = (offset: number, limit: number) => Promise<{ total: number; rows: Row[] }>;

/**
 * Pages of a long list, fetched on demand as the user scrolls, so a 100,000-entry index
 * never crosses the message channel at once. One cache serves one query: a new query (or
 * a changed index) gets a new cache, and the old one's late answers are dropped.
 */
export class PageCache<Row> {
  /** Number of rows, known once the first page has arrived. */
  total: number | null = null;
  error: string | null = null;
  private readonly pages = new Map<number, Row[]>();
  private readonly pending = new Set<number>();
  private disposed = false;
  /** The rows last asked for: fetched once the count is known, even if nobody asks again. */
  private wanted: [number, number] = [0, 0];

  constructor(
    private readonly fetchPage: FetchPage<Row>,
    private readonly onChange: () => void,
    readonly pageSize = 100,
    /** Pages kept in memory; the farthest from the view are dropped first. */
    private readonly maxPages = 40,
  ) {}

  rowAt(i: number): Row | undefined {
    return this.pages.get(Math.floor(i / this.pageSize))?.[i % this.pageSize];
  }

  /** Fetches the pages holding rows [start, end) that are neither loaded nor on their way. */
  ensure(start: number, end: number): void {
    this.wanted = [start, end];
    const pages = this.total === null ? [0] : pagesFor(start, Math.min(end, this.total), this.pageSize);
    for (const p of pages) if (!this.pages.has(p) && !this.pending.has(p)) void this.load(p);
  }

  dispose(): void {
    this.disposed = true;
  }

  private async load(page: number): Promise<void> {
    this.pending.add(page);
    try {
      const { total, rows } = await this.fetchPage(page * this.pageSize, this.pageSize);
      if (this.disposed) return;
      this.total = total;
      this.error = null;
      this.pages.set(page, rows);
      this.evict();
      this.ensure(...this.wanted);
    } catch (e) {
      if (this.disposed) return;
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.pending.delete(page);
    }
    this.onChange();
  }

  private evict(): void {
    if (this.pages.size <= this.maxPages) return;
    const near = Math.floor(this.wanted[0] / this.pageSize);
    const byDistance = [...this.pages.keys()].sort((a, b) => Math.abs(b - near) - Math.abs(a - near));
    for (const p of byDistance.slice(0, this.pages.size - this.maxPages)) this.pages.delete(p);
  }
}
