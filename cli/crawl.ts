/**
 * `provenance index crawl`: the pack and its state file on disk, progress on standard error.
 * The crawling itself is lib/ingest.
 */
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { readPack, writePack, type Entry } from '../lib/index';
import { crawl, emptyState, Fetcher, parseState, sameSite, type CrawlEvent, type CrawlState, type PageOutcome } from '../lib/ingest';
import { DataError } from './input';
import { partsLine, writeParts } from './parts';

/** The robots.txt product token the crawler answers to (`User-agent: provenance`). */
export const ROBOTS_AGENT = 'provenance';

export const statePath = (pack: string) => `${pack}.crawl.json`;

interface Existing {
  entries: Entry[];
  name?: string;
  state: CrawlState;
}

/** The pack to add to and the state written with it; no pack yet is an empty start, a refused pack an error. */
async function openPack(pack: string, warn: (line: string) => void): Promise<Existing> {
  if (!existsSync(pack)) {
    // A run that added nothing writes no pack, but remembers what it learnt (a state for no pack).
    const file = statePath(pack);
    return { entries: [], state: existsSync(file) ? parseState(readFileSync(file, 'utf8'), '').state : emptyState() };
  }
  const result = await readPack(readFileSync(pack));
  if (!result.ok) throw new DataError(`${pack} was refused: ${result.error} (move it away to start a new pack)`);
  const { header, entries } = result.pack;
  const file = statePath(pack);
  if (!existsSync(file)) return { entries, name: header.name, state: emptyState(header.created) };
  const { state, ignored } = parseState(readFileSync(file, 'utf8'), header.created);
  if (ignored) warn(`${file} ignored (${ignored}): every feed is read in full`);
  return { entries, name: header.name, state };
}

/** Written beside the target and renamed over it, so an interrupted write never leaves half a pack. */
function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * Progress on standard error: on a terminal, one bar redrawn in place, with skipped and failed
 * pages printed above it; otherwise (a log, a pipe) one line per feed and per page.
 */
function progress(stream: NodeJS.WriteStream): { event: (e: CrawlEvent) => void; line: (s: string) => void; done: () => void } {
  const tty = stream.isTTY === true;
  let total = 0;
  let done = 0;
  const counts: Record<PageOutcome, number> = { added: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 };
  const bar = () => {
    if (!tty || total === 0) return;
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 60));
    const filled = Math.round((done / total) * width);
    stream.write(
      `\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} pages, ${counts.added} added, ${counts.skipped} skipped, ${counts.failed} failed`,
    );
  };
  const line = (s: string) => {
    stream.write(tty ? `\r\x1b[K${s}\n` : `${s}\n`);
    bar();
  };
  return {
    line,
    event(e) {
      if (e.kind === 'pages') {
        total = e.total;
        bar();
      } else if (e.kind === 'feed') {
        line(`${e.outcome === 'failed' ? 'provenance: feed failed' : `feed ${e.outcome}`}: ${e.url}: ${e.detail}`);
      } else {
        done++;
        counts[e.outcome]++;
        if (!tty || e.outcome === 'updated' || e.outcome === 'skipped' || e.outcome === 'failed')
          line(`${e.outcome} ${e.url}: ${e.detail}`);
        else bar();
      }
    },
    done: () => {
      if (tty && total) stream.write('\r\x1b[K');
    },
  };
}

export interface CrawlCommand {
  feeds: string[];
  output: string;
  /** Also write the pack as dated parts and a manifest into this folder (cli/parts.ts). */
  parts?: string;
  name?: string;
  original?: boolean;
  maxPages?: number;
  /** Sent with every request to the sites of the feeds given (a subscriber's cookie), never to another site. */
  headers?: Record<string, string>;
  version: string;
}

/**
 * Holds `<pack>.lock` while a crawl runs: two crawls of one pack (an hourly cron job that
 * overran) each wrote the pack they had read, and the entries of one were lost. A lock left
 * by a crawl that is no longer running (killed) is taken over.
 */
function lockPack(pack: string): () => void {
  const lock = `${pack}.lock`;
  const take = () => writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
  try {
    take();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const pid = Number.parseInt(readFileSync(lock, 'utf8'), 10);
    if (pid > 0 && pid !== process.pid && running(pid))
      throw new DataError(
        `another crawl (process ${pid}) is writing ${pack}: run one crawl of a pack at a time (remove ${lock} if that process is not a crawl)`,
      );
    rmSync(lock, { force: true });
    take();
  }
  const release = () => rmSync(lock, { force: true });
  process.once('exit', release);
  return () => {
    process.off('exit', release);
    release();
  };
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs the crawl into the pack; 1 when a feed or sitemap could not be read (failed pages are retried next run). */
export async function crawlIntoPack(cmd: CrawlCommand): Promise<number> {
  // Before any page is fetched: a pack that cannot be written would lose the whole crawl.
  const folder = dirname(resolve(cmd.output));
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new DataError(`cannot write ${cmd.output}: there is no folder ${folder}`);
  const unlock = lockPack(cmd.output);
  try {
    return await crawlLocked(cmd);
  } finally {
    unlock();
  }
}

async function crawlLocked(cmd: CrawlCommand): Promise<number> {
  const started = Date.now();
  const out = progress(process.stderr);
  const existing = await openPack(cmd.output, out.line);
  const own = cmd.headers ?? {};
  const ownSite = (url: string) => cmd.feeds.some((feed) => sameSite(feed, url));
  const fetcher = new Fetcher(`${ROBOTS_AGENT}/${cmd.version} (news-provenance index crawl; reads robots.txt)`, {}, (url) =>
    ownSite(url) ? own : {},
  );
  const known = new Set(existing.entries.flatMap((e) => [e.meta.id, ...(e.meta.url ? [e.meta.url] : [])]));
  const byAddress = new Map(existing.entries.flatMap((e) => [[e.meta.id, e] as const, ...(e.meta.url ? [[e.meta.url, e] as const] : [])]));
  // Ctrl-C stops starting pages; what was crawled is written, the rest waits for the next run.
  const stop = new AbortController();
  const interrupt = () => {
    if (stop.signal.aborted) process.exit(130);
    stop.abort();
    out.line('provenance: interrupted: finishing the pages in flight, then writing the pack (Ctrl-C again quits at once)');
  };
  process.on('SIGINT', interrupt);
  const result = await crawl({
    feeds: cmd.feeds,
    known,
    existing: byAddress,
    state: existing.state,
    fetcher,
    agent: ROBOTS_AGENT,
    original: cmd.original,
    onEvent: out.event,
    maxPages: cmd.maxPages,
    subscribed: (url) => Object.keys(own).length > 0 && ownSite(url),
    signal: stop.signal,
  }).finally(() => process.off('SIGINT', interrupt));
  out.done();
  const f = result.feeds;
  // Not one feed answered (a mistyped address, the site down) and there was no pack: an empty
  // pack would only hide the failure from whoever checks against it next.
  if (!existsSync(cmd.output) && f.failed && !f.read && !f.unchanged) {
    process.stderr.write(`provenance: no feed or sitemap could be read, so ${cmd.output} was not written\n`);
    return 1;
  }
  const replaced = new Map(result.updated.map((e) => [e.meta.id, e]));
  const entries = [...existing.entries.map((e) => replaced.get(e.meta.id) ?? e), ...result.entries];
  // Nor when no article could be added to a pack that does not exist yet.
  if (!existsSync(cmd.output) && !entries.length) {
    const { skipped, failed } = result.pages;
    process.stderr.write(
      `provenance: no article could be added (${failed} page${failed === 1 ? '' : 's'} failed, ${skipped} skipped), so ${cmd.output} was not written\n`,
    );
    writeAtomic(statePath(cmd.output), JSON.stringify({ ...result.state, pack: '' }, null, 1) + '\n');
    return 1;
  }
  let size = existsSync(cmd.output) ? readFileSync(cmd.output).length : 0;
  // An unchanged pack is left as it is (its creation time is what ties the state file to it).
  if (result.entries.length || result.updated.length || !existsSync(cmd.output)) {
    const created = new Date().toISOString();
    const bytes = await writePack(entries, cmd.name ?? existing.name ?? basename(cmd.output, extname(cmd.output)), created);
    writeAtomic(cmd.output, bytes);
    result.state.pack = created;
    size = bytes.length;
  }
  writeAtomic(statePath(cmd.output), JSON.stringify(result.state, null, 1) + '\n');
  if (cmd.parts) {
    const name = cmd.name ?? existing.name ?? basename(cmd.output, extname(cmd.output));
    out.line(partsLine(await writeParts(entries, cmd.parts, name, (s) => out.line(`provenance: ${s}`))).trimEnd());
  }
  const { added, updated, unchanged, skipped, failed } = result.pages;
  const secs = (Date.now() - started) / 1000;
  process.stderr.write(
    `${cmd.output}: ${added} added, ${updated} updated, ${unchanged} unchanged, ${skipped} skipped, ${failed} failed; ` +
      `feeds ${f.read} read, ${f.unchanged} unchanged, ${f.failed} failed; ` +
      `${entries.length} entries, ${size} bytes, ${fetcher.requests} requests, ${secs.toFixed(1)} s` +
      (result.deferred ? `; ${result.deferred} page${result.deferred === 1 ? '' : 's'} left for the next run` : '') +
      '\n',
  );
  return f.failed || stop.signal.aborted ? 1 : 0;
}
