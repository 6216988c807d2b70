import { describe, expect, it } from 'vitest';
import { duration, Progress, type ProgressStream } from '../../cli/progress';

/** A stand-in for process.stderr, and a clock the test moves by hand. */
function setup(tty: boolean, columns = 100) {
  const writes: string[] = [];
  const stream: ProgressStream = { write: (s: string) => writes.push(s), isTTY: tty, columns };
  let t = 1_000;
  return { writes, stream, now: () => t, advance: (ms: number) => (t += ms) };
}

/** The line a terminal redraw shows: after the carriage return, before the erase-to-end-of-line. */
function drawn(write: string | undefined): string {
  expect(write?.startsWith('\r')).toBe(true);
  expect(write?.endsWith('\x1b[K')).toBe(true);
  return write!.slice(1, -3);
}

describe('progress of long work', () => {
  it('on a terminal, redraws one line in place: a bar, the count, the rate and the time left', () => {
    const { writes, stream, now, advance } = setup(true);
    const p = new Progress({ label: 'index build', unit: 'articles', total: 200, stream, now });
    advance(1_000);
    p.update(50);
    expect(writes).toHaveLength(1);
    expect(drawn(writes[0])).toMatch(/^index build \[#+-+\] 25%, 50 of 200 articles, 50 articles\/s, 3 s left$/);
    advance(10);
    p.update(51); // within the redraw interval: not drawn again
    expect(writes).toHaveLength(1);
    advance(1_000);
    p.update(100);
    expect(drawn(writes[1])).toMatch(/^index build \[#+-+\] 50%, 100 of 200 articles, 50 articles\/s, 2 s left$/);
    expect(writes.join('')).not.toContain('\n');
    p.done();
    expect(writes.at(-1)).toBe('\r\x1b[K');
  });

  it('keeps the bar within a narrow terminal', () => {
    const { writes, stream, now, advance } = setup(true, 60);
    const p = new Progress({ label: 'check', unit: 'articles', total: 1000, stream, now });
    advance(500);
    p.update(10);
    expect(drawn(writes[0]).length).toBeLessThan(60);
  });

  it('elsewhere, writes a plain line at every tenth of the work, and when a while has passed without one', () => {
    const { writes, stream, now, advance } = setup(false);
    const p = new Progress({ label: 'check', unit: 'articles', total: 100, stream, now });
    for (let i = 1; i <= 100; i++) {
      advance(20);
      p.update(i);
    }
    p.done();
    // The first article, then 10%, 20% ... 100%.
    expect(writes).toHaveLength(11);
    expect(writes.every((w) => /^provenance: check: \d+%, \d+ of 100 articles, [\d.]+ articles\/s(, .+ left)?\n$/.test(w))).toBe(true);
    expect(writes[5]).toBe('provenance: check: 50%, 50 of 100 articles, 50 articles/s, 1 s left\n');
    expect(writes.at(-1)).toBe('provenance: check: 100%, 100 of 100 articles, 50 articles/s\n');

    const slow = setup(false);
    const q = new Progress({ label: 'index push', unit: 'entries', total: 100_000, stream: slow.stream, now: slow.now });
    q.update(1);
    slow.advance(11_000);
    q.update(2); // not a tenth further, but 11 s since the last line
    expect(slow.writes).toHaveLength(2);
  });

  it('prints nothing for short work, starts once the work has run a while, and nothing at all when quiet', () => {
    const { writes, stream, now, advance } = setup(false);
    const p = new Progress({ label: 'check', unit: 'articles', total: 3, stream, now });
    p.update(1);
    p.update(2);
    p.update(3);
    p.done();
    expect(writes).toEqual([]);

    const unknown = new Progress({ label: 'check', unit: 'articles', size: 2, stream, now });
    unknown.update(1, 0.25);
    expect(writes).toEqual([]);
    advance(2_500);
    unknown.update(2, 0.5);
    expect(writes).toEqual(['provenance: check: 50%, 2 articles, 0.8 articles/s, 3 s left\n']);

    const quiet = setup(true);
    const q = new Progress({ label: 'index build', unit: 'articles', total: 1000, stream: quiet.stream, now: quiet.now, enabled: false });
    quiet.advance(5_000);
    q.update(500);
    q.done();
    expect(quiet.writes).toEqual([]);
  });

  it('says how long is left in words a reader scans', () => {
    expect(duration(300)).toBe('under 1 s');
    expect(duration(4_200)).toBe('4 s');
    expect(duration(125_000)).toBe('2 min 05 s');
    expect(duration(4_020_000)).toBe('1 h 07 min');
  });
});
