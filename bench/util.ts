/**
 * Small helpers shared by the benchmark sections: timing, statistics, memory snapshots,
 * a seeded random generator and plain-text tables.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const now = (): number => performance.now();

export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

/** Percentile by linear interpolation between closest ranks. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const at = (p / 100) * (s.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return s[lo]! + (s[hi]! - s[lo]!) * (at - lo);
}

export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

/**
 * Times `fn` repeatedly (after `warmup` untimed calls) until both `minRuns` runs and
 * `minMs` milliseconds are done, or `maxRuns` is reached. Returns each run's milliseconds.
 */
export function sample(fn: () => unknown, opts: { warmup?: number; minRuns?: number; maxRuns?: number; minMs?: number } = {}): number[] {
  const { warmup = 3, minRuns = 10, maxRuns = 1000, minMs = 200 } = opts;
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  const start = now();
  while (out.length < maxRuns && (out.length < minRuns || now() - start < minMs)) {
    const t = now();
    fn();
    out.push(now() - t);
  }
  return out;
}

export async function sampleAsync(
  fn: () => Promise<unknown>,
  opts: { warmup?: number; minRuns?: number; maxRuns?: number; minMs?: number } = {},
): Promise<number[]> {
  const { warmup = 2, minRuns = 5, maxRuns = 200, minMs = 200 } = opts;
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  const start = now();
  while (out.length < maxRuns && (out.length < minRuns || now() - start < minMs)) {
    const t = now();
    await fn();
    out.push(now() - t);
  }
  return out;
}

// --- memory -------------------------------------------------------------------------

let gcFn: (() => void) | null | undefined;

/**
 * A full garbage collection. Uses `global.gc` when node runs with --expose-gc; otherwise
 * turns the flag on at run time (V8 installs `gc` in contexts created after that), so
 * `tsx bench/run.ts` works without extra node flags.
 */
export function collectGarbage(): boolean {
  if (gcFn === undefined) {
    const g = (globalThis as { gc?: () => void }).gc;
    if (typeof g === 'function') gcFn = g;
    else {
      try {
        setFlagsFromString('--expose-gc');
        const fromContext = runInNewContext('gc') as unknown;
        gcFn = typeof fromContext === 'function' ? (fromContext as () => void) : null;
      } catch {
        gcFn = null;
      }
    }
  }
  if (!gcFn) return false;
  gcFn();
  gcFn();
  return true;
}

export interface MemorySnapshot {
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  rss: number;
}

/** process.memoryUsage() after a full collection (when a collection is possible). */
export function memory(): MemorySnapshot {
  collectGarbage();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss };
}

export interface MemoryGrowth {
  /** Bytes per item of JS heap (objects, strings). */
  heapPerItem: number;
  /** Bytes per item of typed-array backing stores (outside the JS heap). */
  arrayBuffersPerItem: number;
  /** Bytes per item of resident set size. */
  rssPerItem: number;
}

export function growth(before: MemorySnapshot, after: MemorySnapshot, items: number): MemoryGrowth {
  return {
    heapPerItem: (after.heapUsed - before.heapUsed) / items,
    arrayBuffersPerItem: (after.arrayBuffers - before.arrayBuffers) / items,
    rssPerItem: (after.rss - before.rss) / items,
  };
}

// --- random ---------------------------------------------------------------------------

/** Deterministic 32-bit generator (mulberry32): the same data on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Fisher-Yates shuffle in place with a seeded generator. */
export function shuffle<T>(xs: T[], next: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = next() % (i + 1);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

// --- formatting -------------------------------------------------------------------------

export function ms(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '-';
  if (x === 0) return '0';
  if (x < 0.01) return `${(x * 1000).toFixed(2)} µs`;
  if (x < 1) return `${(x * 1000).toFixed(0)} µs`;
  if (x < 10) return `${x.toFixed(2)} ms`;
  if (x < 1000) return `${x.toFixed(1)} ms`;
  return `${(x / 1000).toFixed(2)} s`;
}

export function bytes(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '-';
  const sign = x < 0 ? '-' : '';
  const a = Math.abs(x);
  if (a < 1024) return `${sign}${a.toFixed(0)} B`;
  if (a < 1024 * 1024) return `${sign}${(a / 1024).toFixed(a < 10 * 1024 ? 2 : 1)} KB`;
  if (a < 1024 ** 3) return `${sign}${(a / 1024 ** 2).toFixed(1)} MB`;
  return `${sign}${(a / 1024 ** 3).toFixed(2)} GB`;
}

export function int(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

export function ratio(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(x < 10 ? 1 : 0)}x` : '-';
}

/** Prints a table with a title; numbers-looking cells are right-aligned. */
export function table(title: string, headers: string[], rows: Array<Array<string | number>>, note?: string): void {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) => cells.length > 0 && cells.every((r) => /^[-+~<>]?[\d.,]/.test(r[i] ?? '') || r[i] === '-'));
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] && i > 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(`\n${title}`);
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells) console.log(line(r));
  if (note) console.log(note);
}
