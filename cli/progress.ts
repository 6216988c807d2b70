/**
 * Progress of long work (index build, index push, a check of many articles), always on
 * standard error so that standard output stays the result a script reads. On a terminal a
 * bar with the rate and the time left, redrawn in place; otherwise (a log, a CI job) a
 * plain line at every tenth of the work, or when a while has passed without one.
 *
 * Short work prints nothing: the progress starts once the work is known to be large
 * (`total` at least `minTotal`) or has run for `delay` ms, whichever comes first.
 */

/** Where progress goes: process.stderr, or a stand-in in tests. */
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** What is being done, e.g. "index build". */
  label: string;
  /** What is counted, plural, e.g. "articles". */
  unit: string;
  /** How many there are, when known up front (or later: setTotal). */
  total?: number;
  /** How large the work is, when that is known but not in units (a check of many files: the number of files). */
  size?: number;
  stream?: ProgressStream;
  /** False for --quiet: nothing is printed. */
  enabled?: boolean;
  /** Work of at least this many units shows progress from the start. */
  minTotal?: number;
  /** Other work shows progress once it has run this long (ms). */
  delay?: number;
  /** A plain line at the latest this often (ms), between tenths. */
  lineEvery?: number;
  /** Bar redraws at most this often (ms). */
  redrawEvery?: number;
  now?: () => number;
}

/** "under 1 s", "4 s", "2 min 05 s", "1 h 07 min". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 1) return 'under 1 s';
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

function rate(perSecond: number): string {
  return perSecond >= 10 ? String(Math.round(perSecond)) : perSecond.toFixed(1);
}

export class Progress {
  private readonly stream: ProgressStream;
  private readonly tty: boolean;
  private readonly enabled: boolean;
  private readonly now: () => number;
  private readonly started: number;
  private showing = false;
  /** A bar is on the terminal's last line (to be cleared before anything else is written). */
  private drawn = false;
  private lastDraw = -Infinity;
  private lastTenth = 0;
  private count = 0;
  private fraction = 0;
  private total: number | undefined;

  constructor(private readonly o: ProgressOptions) {
    this.stream = o.stream ?? process.stderr;
    this.tty = !!this.stream.isTTY;
    this.enabled = o.enabled ?? true;
    this.now = o.now ?? Date.now;
    this.started = this.now();
    this.total = o.total;
    this.large(o.total ?? o.size);
  }

  /** The number of units, once known. */
  setTotal(total: number): void {
    this.total = total;
    this.large(total);
  }

  private large(size: number | undefined): void {
    if (this.enabled && size !== undefined && size >= (this.o.minTotal ?? 50)) this.showing = true;
  }

  /**
   * `count` units done; `fraction` (0-1) of the whole, when it is not count / total (a check
   * of many files, where the number of articles is only known file by file).
   */
  update(count: number, fraction?: number): void {
    this.count = count;
    this.fraction = Math.min(1, Math.max(0, fraction ?? (this.total ? count / this.total : 0)));
    if (!this.enabled) return;
    const t = this.now();
    if (!this.showing && t - this.started >= (this.o.delay ?? 2000)) this.showing = true;
    if (!this.showing) return;
    if (this.tty) {
      if (!this.drawn || t - this.lastDraw >= (this.o.redrawEvery ?? 100) || this.fraction === 1) this.draw(t);
      return;
    }
    const tenth = Math.floor(this.fraction * 10);
    if (tenth > this.lastTenth || t - this.lastDraw >= (this.o.lineEvery ?? 10_000)) {
      this.lastTenth = Math.max(this.lastTenth, tenth);
      this.lastDraw = t;
      this.stream.write(`provenance: ${this.o.label}: ${this.status(t)}\n`);
    }
  }

  /** Takes the bar off the terminal line, so that a message or a result can be written there; the next update redraws it. */
  clear(): void {
    if (!this.drawn) return;
    this.stream.write('\r\x1b[K');
    this.drawn = false;
  }

  /** The work is over: the bar goes (the command's own summary line takes its place). */
  done(): void {
    this.clear();
  }

  private status(t: number): string {
    const elapsed = t - this.started;
    const { total } = this;
    const { unit } = this.o;
    const parts = [
      `${Math.floor(this.fraction * 100)}%`,
      total !== undefined ? `${this.count} of ${total} ${unit}` : `${this.count} ${unit}`,
    ];
    if (elapsed > 0 && this.count > 0) parts.push(`${rate((this.count * 1000) / elapsed)} ${unit}/s`);
    if (this.fraction > 0 && this.fraction < 1 && elapsed > 0)
      parts.push(`${duration((elapsed * (1 - this.fraction)) / this.fraction)} left`);
    return parts.join(', ');
  }

  private draw(t: number): void {
    this.lastDraw = t;
    const text = this.status(t);
    const columns = this.stream.columns || 80;
    // A bar of steady width (the status beside it changes length), narrower on a narrow terminal.
    const width = Math.max(10, Math.min(30, columns - this.o.label.length - 64));
    const full = Math.round(this.fraction * width);
    const line = `${this.o.label} [${'#'.repeat(full)}${'-'.repeat(width - full)}] ${text}`;
    this.stream.write(`\r${line.slice(0, Math.max(0, columns - 1))}\x1b[K`);
    this.drawn = true;
  }
}
