/** What a virtualised list renders for one scroll position. */
export interface VirtualWindow {
  /** Height of the scrolled content, in pixels. */
  height: number;
  /** First row to render (inclusive). */
  start: number;
  /** Row after the last one to render (exclusive). */
  end: number;
  /** Offset from the top of the content at which row i is drawn. */
  top(i: number): number;
}

export interface WindowInput {
  scrollTop: number;
  viewport: number;
  rowHeight: number;
  total: number;
  /** Rows rendered above and below the visible ones, so fast scrolling shows no blank. */
  overscan: number;
  /** Tallest content to lay out; browsers cap an element's height (Chrome ~33.5M px, Firefox ~17.9M px). */
  maxHeight: number;
}

/**
 * The rows a list of `total` fixed-height rows needs for the current scroll position.
 * Past maxHeight (a million entries at 60 px is 60M px) the scrollbar maps onto the list
 * at a reduced scale, and the visible rows are drawn relative to the scroll position.
 */
export function virtualWindow({ scrollTop, viewport, rowHeight, total, overscan, maxHeight }: WindowInput): VirtualWindow {
  const full = total * rowHeight;
  const height = Math.min(full, maxHeight);
  const ratio = height > viewport ? (full - viewport) / (height - viewport) : 1;
  const top = Math.max(0, Math.min(scrollTop, Math.max(0, height - viewport)));
  const virtualTop = top * ratio;
  const first = Math.floor(virtualTop / rowHeight);
  const visible = Math.ceil(viewport / rowHeight) + 1;
  const clamp = (n: number) => Math.max(0, Math.min(total, n));
  const shift = top - virtualTop;
  return { height, start: clamp(first - overscan), end: clamp(first + visible + overscan), top: (i) => i * rowHeight + shift };
}

/** Indexes of the pages of `pageSize` rows that hold rows [start, end). */
export function pagesFor(start: number, end: number, pageSize: number): number[] {
  if (end <= start) return [];
  const pages: number[] = [];
  for (let p = Math.floor(start / pageSize); p <= Math.floor((end - 1) / pageSize); p++) pages.push(p);
  return pages;
}
