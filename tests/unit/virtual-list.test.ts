import { describe, expect, it } from 'vitest';
import { PageCache } from '../../components/options/page-cache';
import { pagesFor, virtualWindow } from '../../components/options/virtual';

const base = { viewport: 480, rowHeight: 60, overscan: 4, maxHeight: 10_000_000 };

describe('virtualWindow: the rows a long list draws', () => {
  it('draws the visible rows and the overscan, positioned one row height apart', () => {
    const w = virtualWindow({ ...base, scrollTop: 6000, total: 100_000 });
    expect(w.height).toBe(6_000_000);
    expect(w.start).toBe(96); // row 100 is at the top, 4 rows of overscan above
    expect(w.end).toBe(113); // 9 visible rows + 4 below
    expect(w.top(100)).toBe(6000);
  });

  it('never draws past either end of the list', () => {
    expect(virtualWindow({ ...base, scrollTop: 0, total: 3 })).toMatchObject({ start: 0, end: 3, height: 180 });
    const bottom = virtualWindow({ ...base, scrollTop: 6_000_000, total: 100_000 });
    expect(bottom.end).toBe(100_000);
    expect(bottom.top(99_999) + base.rowHeight).toBe(bottom.height);
  });

  it('scales a list taller than the browser allows, so the last row is still reachable', () => {
    const total = 1_000_000;
    const top = virtualWindow({ ...base, scrollTop: 0, total });
    expect(top.height).toBe(base.maxHeight);
    expect(top.start).toBe(0);
    expect(top.top(0)).toBe(0);
    const scrollTop = base.maxHeight - base.viewport;
    const bottom = virtualWindow({ ...base, scrollTop, total });
    expect(bottom.end).toBe(total);
    // The last row ends exactly at the bottom of the viewport.
    expect(bottom.top(total - 1) + base.rowHeight).toBeCloseTo(scrollTop + base.viewport, 6);
    // Rows stay one row height apart.
    expect(bottom.top(total - 1) - bottom.top(total - 2)).toBeCloseTo(base.rowHeight, 6);
  });

  it('draws nothing for an empty list', () => {
    expect(virtualWindow({ ...base, scrollTop: 0, total: 0 })).toMatchObject({ start: 0, end: 0, height: 0 });
  });
});

describe('pagesFor', () => {
  it('lists the pages that hold a range of rows', () => {
    expect(pagesFor(0, 10, 100)).toEqual([0]);
    expect(pagesFor(95, 113, 100)).toEqual([0, 1]);
    expect(pagesFor(100, 200, 100)).toEqual([1]);
    expect(pagesFor(5, 5, 100)).toEqual([]);
  });
});

/** A list of `total` numbered rows behind a fake message channel that records each request. */
function source(total: number) {
  const requests: number[] = [];
  const pending: Array<() => void> = [];
  const fetchPage = (offset: number, limit: number) => {
    requests.push(offset);
    const rows = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => offset + i);
    return new Promise<{ total: number; rows: number[] }>((resolve) => pending.push(() => resolve({ total, rows })));
  };
  const flush = async () => {
    while (pending.length) pending.shift()!();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { requests, fetchPage, flush };
}

describe('PageCache: pages of entries fetched as the user scrolls', () => {
  it('asks for the first page to learn the count, then only for the pages in view', async () => {
    const s = source(100_000);
    let changes = 0;
    const cache = new PageCache(s.fetchPage, () => changes++, 100);
    cache.ensure(0, 0);
    cache.ensure(0, 0);
    expect(s.requests).toEqual([0]); // no second request while the first is on its way
    await s.flush();
    expect(cache.total).toBe(100_000);
    expect(cache.rowAt(42)).toBe(42);
    cache.ensure(50_010, 50_030);
    cache.ensure(50_010, 50_030);
    await s.flush();
    expect(s.requests).toEqual([0, 50_000]);
    expect(cache.rowAt(50_020)).toBe(50_020);
    expect(changes).toBe(2);
  });

  it('fetches the rows in view once the count is known, when the view was asked for before it', async () => {
    const s = source(1000);
    const cache = new PageCache(s.fetchPage, () => undefined, 100);
    cache.ensure(520, 540); // a list scrolled down, whose index just changed
    await s.flush();
    await s.flush();
    expect(s.requests).toEqual([0, 500]);
    expect(cache.rowAt(530)).toBe(530);
  });

  it('drops the answers that arrive after it was replaced by a new query', async () => {
    const s = source(10);
    let changes = 0;
    const cache = new PageCache(s.fetchPage, () => changes++);
    cache.ensure(0, 0);
    cache.dispose();
    await s.flush();
    expect(cache.total).toBeNull();
    expect(changes).toBe(0);
  });

  it('keeps a bounded number of pages, dropping the farthest from the view', async () => {
    const s = source(10_000);
    const cache = new PageCache(s.fetchPage, () => undefined, 10, 3);
    cache.ensure(0, 0);
    await s.flush();
    for (const start of [10, 20, 30, 40]) {
      cache.ensure(start, start + 10);
      await s.flush();
    }
    expect(cache.rowAt(45)).toBe(45);
    expect(cache.rowAt(35)).toBe(35);
    expect(cache.rowAt(5)).toBeUndefined();
  });

  it('reports a failed page as an error, and retries it when asked again', async () => {
    let fail = true;
    const cache = new PageCache(
      async (offset) => {
        if (fail) throw new Error('the background is not answering');
        return { total: 1, rows: [offset] };
      },
      () => undefined,
    );
    cache.ensure(0, 0);
    await new Promise((r) => setTimeout(r, 0));
    expect(cache.error).toBe('the background is not answering');
    fail = false;
    cache.ensure(0, 0);
    await new Promise((r) => setTimeout(r, 0));
    expect(cache.error).toBeNull();
    expect(cache.rowAt(0)).toBe(0);
  });
});
