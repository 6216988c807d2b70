import { isoTimestamp } from '../dates';
import { extractHtml } from '../extract/node';
import { entryFromArticle, isSameEntry, validateMeta, type CorpusArticle, type Entry } from '../index';
import type { Fetcher, FetchResult, Validators } from './fetch';
import { parseFeed, type FeedItem } from './feed';
import { RobotsRules } from './robots';
import { canonicalAddress } from './trusted';
import type { CrawlState } from './state';

/**
 * `provenance index crawl`: feeds and sitemaps -> the article pages they list -> entries.
 * Feeds are read first (a sitemap index's sitemaps too), then every listed page that is not
 * in the pack yet is fetched, extracted with the same Readability code as the browser and
 * fingerprinted; its text is not kept. A page that fails is reported and tried again next
 * run; it never stops the crawl.
 */

export type PageOutcome = 'added' | 'updated' | 'unchanged' | 'skipped' | 'failed';

export type CrawlEvent =
  | { kind: 'feed'; url: string; outcome: 'read' | 'unchanged' | 'failed'; detail: string }
  /** The pages to request are known: the progress bar's length. */
  | { kind: 'pages'; total: number }
  | { kind: 'page'; url: string; outcome: PageOutcome; detail: string };

export interface CrawlOptions {
  feeds: string[];
  /** URLs (and ids) of the entries already in the pack: fetched again only when their feed says they changed since they were crawled. */
  known: Set<string>;
  /** The entries already in the pack, by id and by url: a page read again is compared with its entry. */
  existing?: ReadonlyMap<string, Entry>;
  state: CrawlState;
  fetcher: Fetcher;
  /** The product token robots.txt is read for. */
  agent: string;
  /** Mark every entry as an original (a newsroom crawling its own feeds). */
  original?: boolean;
  onEvent?: (e: CrawlEvent) => void;
  /** Fetch at most this many pages, newest first; the others wait in the state for the next run. */
  maxPages?: number;
  /** Whether requests to this address carry a subscriber's access (`--header`): a paywalled page is then read whole. */
  subscribed?: (url: string) => boolean;
  /** Once aborted, no page is started: the ones not fetched wait for the next run. */
  signal?: AbortSignal;
}

export interface CrawlResult {
  /** The new entries, in the order their pages were fetched. */
  entries: Entry[];
  /** Entries of the pack read again because their feed said they changed, and found changed (same ids). */
  updated: Entry[];
  state: CrawlState;
  pages: Record<PageOutcome, number>;
  feeds: { read: number; unchanged: number; failed: number };
  /** Pages left for the next run (--max-pages, or an interrupted run). */
  deferred: number;
}

/** Sitemap indexes may nest; deeper than this is a site map of site maps no newsroom needs. */
const MAX_SITEMAP_DEPTH = 3;
/** The sitemap protocol's own limit (50,000 URLs, 50 MB); an RSS or Atom feed is far smaller. */
export const FEED_MAX_BYTES = 50 * 1024 * 1024;
/** Pages of the pack read again in one run because their feed says they changed. */
export const MAX_REREADS = 200;
/**
 * An article whose feed dates no change (RSS has no such date) is read again while it is
 * recent - corrections and new headlines come in a story's first days -, each time once it
 * has waited as long as it was old when last read (at least an hour): about eight reads
 * in its first week, the later ones rare. Conditional, so an unchanged page costs a 304.
 */
export const REREAD_WINDOW_MS = 7 * 24 * 3600 * 1000;
const MIN_REREAD_WAIT_MS = 3600 * 1000;

/** Whether an article published at `published` is still read again on a schedule at `now` (ISO times; false when undated). */
function withinWindow(published: string | undefined, now: string): boolean {
  return Date.parse(now) - Date.parse(published ?? '') <= REREAD_WINDOW_MS;
}

/** Whether an article published at `published` and last read at `read` is due to be read again at `now` (ISO times). */
export function rereadDue(published: string | undefined, read: string | undefined, now: string): boolean {
  if (!read || !withinWindow(published, now)) return false;
  const [p, r, n] = [Date.parse(published!), Date.parse(read), Date.parse(now)];
  return !Number.isNaN(r) && n - r >= Math.max(MIN_REREAD_WAIT_MS, r - p);
}

/** Runs a page may fail in before it is dropped from the pending list. */
export const MAX_FAILURES = 5;
/**
 * Refusals that will not change on a retry: the page is reported and not asked for again. A
 * 404 or 410 is retried like any failure: a feed often lists a story a little before its
 * page is served (measured in a trial: a page listed while it answered 404 was never added).
 */
const REFUSED = new Set([401, 403, 451]);

const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.1';
const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.1';

/** Metadata from several listings of one URL: the first value of each field wins. */
function merge(a: FeedItem, b: FeedItem): FeedItem {
  return { ...b, ...Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) } as FeedItem;
}

/** Whether two addresses are of one site: the same host but for a "www.", "m." or "amp." in front, or one a subdomain of the other. */
export function sameSite(a: string, b: string): boolean {
  const host = (url: string) => new URL(url).hostname.replace(/^(?:www|m|mobile|amp)\./, '');
  const [x, y] = [host(a), host(b)];
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`);
}

export async function crawl(opts: CrawlOptions): Promise<CrawlResult> {
  const { fetcher, known } = opts;
  const emit = opts.onEvent ?? (() => {});
  const old = opts.state;
  const crawled: Record<string, string> = { ...old.crawled };
  const recent: Record<string, Validators> = {};
  const state: CrawlState = {
    ...old,
    feeds: { ...old.feeds },
    robots: { ...old.robots },
    skipped: { ...old.skipped },
    pending: [],
    // A 404 or 410 kept by an earlier version is asked for again.
    gone: Object.fromEntries(Object.entries(old.gone).filter(([, status]) => REFUSED.has(status))),
    crawled,
    recent,
  };
  const robots = new RobotsRules(fetcher, opts.agent, state.robots);
  const allowed = (url: string) => robots.refusal(url);
  const feeds = { read: 0, unchanged: 0, failed: 0 };
  const pages: Record<PageOutcome, number> = { added: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 };
  const started = new Date().toISOString();
  const found = new Map<string, FeedItem>();
  const failures = new Map(old.pending.map((p) => [p.url, p.failures]));

  // One page, however it was linked: "?utm_source=rss" and the like are taken off.
  const list = (items: FeedItem[]) => {
    for (const listed of items) {
      const it = { ...listed, url: canonicalAddress(listed.url) ?? listed.url };
      found.set(it.url, found.has(it.url) ? merge(found.get(it.url)!, it) : it);
    }
  };

  const readFeed = async (url: string, depth: number, seen: Set<string>): Promise<void> => {
    if (seen.has(url)) return;
    seen.add(url);
    const failed = (detail: string) => {
      feeds.failed++;
      emit({ kind: 'feed', url, outcome: 'failed', detail });
    };
    const res = await fetcher.get(url, { validators: old.feeds[url], accept: FEED_ACCEPT, allowed, maxBytes: FEED_MAX_BYTES });
    if (res.status === 'error') return failed(res.error);
    const children = (sitemaps: string[]) =>
      depth < MAX_SITEMAP_DEPTH
        ? Promise.all(sitemaps.map((s) => readFeed(s, depth + 1, seen)))
        : failed('sitemap indexes nested too deep');
    if (res.status === 'not-modified') {
      feeds.unchanged++;
      emit({ kind: 'feed', url, outcome: 'unchanged', detail: 'not modified' });
      await children(old.feeds[url]?.sitemaps ?? []);
      return;
    }
    if (res.truncated) return failed(`larger than ${FEED_MAX_BYTES >> 20} MB`);
    const feed = parseFeed(res.body, res.url);
    if (!feed.ok) return failed(feed.error);
    feeds.read++;
    if (feed.kind === 'sitemap-index') {
      state.feeds[url] = { ...res.validators, sitemaps: feed.sitemaps };
      emit({ kind: 'feed', url, outcome: 'read', detail: `sitemap index of ${feed.sitemaps.length} sitemaps` });
      await children(feed.sitemaps);
      return;
    }
    state.feeds[url] = res.validators;
    list(feed.items);
    // Pages, not lines: a feed that links one page twice (with and without ?utm_) lists it once.
    const links = [...new Set(feed.items.map((it) => canonicalAddress(it.url) ?? it.url))];
    const fresh = links.filter((url) => !known.has(url)).length;
    emit({
      kind: 'feed',
      url,
      outcome: 'read',
      detail:
        `${feed.kind}, ${links.length} link${links.length === 1 ? '' : 's'}, ${fresh} not in the pack` +
        // A newsroom can fix its feed only if it knows which entries were left out.
        (feed.unlinked.length
          ? `; left out for want of an http(s) link: ${feed.unlinked.slice(0, 5).join(', ')}${feed.unlinked.length > 5 ? ` and ${feed.unlinked.length - 5} more` : ''}`
          : ''),
    });
  };

  const seen = new Set<string>();
  await Promise.all(opts.feeds.map((f) => readFeed(f, 0, seen)));
  // An article its feed says changed after it was crawled (a correction, a new headline) is read again.
  const crawledAt = (url: string) => old.crawled?.[opts.existing?.get(url)?.meta.id ?? url] ?? old.pack;
  const changed = [...found.values()].filter((it) => {
    if (!known.has(it.url)) return false;
    const at = crawledAt(it.url);
    return !!(it.updated && at && it.updated > at);
  });
  // Listed without a date of change: read again on a schedule while recent.
  const publishedOf = (it: FeedItem) => it.published ?? opts.existing?.get(it.url)?.meta.published;
  const due = [...found.values()]
    .filter((it) => known.has(it.url) && !it.updated && rereadDue(publishedOf(it), crawledAt(it.url), started))
    .sort((a, b) => (publishedOf(b) ?? '').localeCompare(publishedOf(a) ?? ''));
  // Some sitemaps date every URL "now": the latest changes first, MAX_REREADS a run, the rest the next runs.
  const again = new Set(
    [...changed.sort((a, b) => b.updated!.localeCompare(a.updated!)), ...due].slice(0, MAX_REREADS).map((it) => it.url),
  );
  // A recent article's validators are kept for its next conditional read, as long as its feed lists it.
  for (const it of found.values()) {
    const kept = old.recent?.[it.url];
    if (kept && known.has(it.url) && !it.updated && withinWindow(publishedOf(it), started)) recent[it.url] = kept;
  }
  for (const [url] of found) if (known.has(url) && !again.has(url)) pages.unchanged++;
  // Pages that failed last time come back even when their feed has not changed.
  list(old.pending.filter((p) => !found.has(p.url)).map(({ failures: _f, ...item }) => item));
  const newest = (a: FeedItem, b: FeedItem) => (b.published ?? '').localeCompare(a.published ?? '');
  const refusedBefore = (url: string) => REFUSED.has(state.gone[url] ?? 0);
  const todo = [...found.values()].filter((it) => (!known.has(it.url) || again.has(it.url)) && !refusedBefore(it.url)).sort(newest);
  // Listed again, refused before: counted and named, so that the summary adds up to the links read.
  const refused = [...found.values()].filter((it) => !known.has(it.url) && refusedBefore(it.url));
  let deferred = 0;
  const defer = (item: FeedItem) => {
    deferred++;
    state.pending.push({ ...item, failures: failures.get(item.url) ?? 0 });
  };
  todo.splice(opts.maxPages ?? todo.length).forEach(defer);
  emit({ kind: 'pages', total: todo.length });

  const entries: Entry[] = [];
  const updated: Entry[] = [];
  const report = (url: string, outcome: PageOutcome, detail: string) => {
    pages[outcome]++;
    emit({ kind: 'page', url, outcome, detail });
  };
  const retryLater = (item: FeedItem, error: string) => {
    const n = (failures.get(item.url) ?? 0) + 1;
    if (n < MAX_FAILURES) state.pending.push({ ...item, failures: n });
    report(item.url, 'failed', n < MAX_FAILURES ? `${error}; tried again next run` : `${error}; given up after ${n} runs`);
  };
  const skip = (item: FeedItem, res: FetchResult & { status: 'ok' }, reason: string) => {
    // Remembered only when it can be asked about conditionally; otherwise it costs the same either way.
    if (res.validators.etag || res.validators.lastModified) state.skipped[item.url] = { ...res.validators, reason };
    report(item.url, 'skipped', reason);
  };

  for (const it of refused) report(it.url, 'skipped', `refused with HTTP ${old.gone[it.url]} in an earlier run; not asked for again`);

  const page = async (item: FeedItem) => {
    const validators = old.skipped[item.url] ?? (again.has(item.url) ? old.recent?.[item.url] : undefined);
    const res = await fetcher.get(item.url, { validators, accept: PAGE_ACCEPT, allowed, signal: opts.signal });
    // Stopped while it waited to be asked again: left for the next run, as the pages not started are.
    if (res.status === 'error' && res.interrupted) return defer(item);
    if (res.status === 'not-modified') {
      const id = opts.existing?.get(item.url)?.meta.id;
      if (again.has(item.url) && id) crawled[id] = started;
      const why = again.has(item.url)
        ? 'read again: not modified since it was crawled'
        : `not modified (${old.skipped[item.url]?.reason ?? 'seen before'})`;
      return report(item.url, 'unchanged', why);
    }
    if (res.status === 'error') {
      if (res.blocked) return report(item.url, 'skipped', res.error);
      if (res.httpStatus !== undefined && REFUSED.has(res.httpStatus)) {
        state.gone[item.url] = res.httpStatus;
        return report(item.url, 'failed', `${res.error}; not asked for again`);
      }
      return retryLater(item, res.error);
    }
    delete state.skipped[item.url];
    const before = again.has(item.url) ? opts.existing?.get(item.url) : undefined;
    if (known.has(res.url) && !before) return report(item.url, 'unchanged', `already in the pack as ${res.url}`);
    // A page's type is what it says, unless its body says otherwise (servers label HTML text/plain).
    if (res.contentType && !/html|xml/i.test(res.contentType) && !/^\s*(?:<!doctype html|<html[\s>])/i.test(res.body.slice(0, 512)))
      return skip(item, res, `not an HTML page (${res.contentType.split(';')[0]})`);
    const extraction = extractHtml(res.body, res.url);
    if (!extraction.ok)
      return skip(item, res, extraction.reason === 'not-an-article' ? 'not an article' : 'no article text found in the page');
    const a = extraction.article;
    // The page names its own address: another site's (a syndicated copy, which --original would
    // otherwise make the original its source is then said to copy), or the one of a page the
    // pack holds already (an AMP or print version).
    const canonical = a.canonical ? canonicalAddress(a.canonical) : null;
    if (canonical && !sameSite(canonical, res.url))
      return skip(item, res, `a copy: the page names ${canonical} as its address, on another site`);
    if (canonical && known.has(canonical) && !before) return report(item.url, 'unchanged', `already in the pack as ${canonical}`);
    const article: CorpusArticle = {
      id: before?.meta.id ?? item.url,
      title: a.title || item.title || '',
      text: a.text,
      url: canonical ?? res.url,
      publisher: a.siteName ?? item.publisher,
      author: a.byline ?? item.author,
      published: isoTimestamp(a.published) ?? item.published,
      lang: a.lang,
      original: opts.original,
    };
    if (!article.title) return skip(item, res, 'no headline, on the page or in the feed');
    const entry = entryFromArticle(article);
    if (entry.fingerprint.offsets.length <= 1) return skip(item, res, `too little article text (${entry.meta.words ?? 0} words)`);
    try {
      validateMeta(entry.meta, entries.length);
    } catch (e) {
      return skip(item, res, (e as Error).message.replace(/^entry \d+: /, ''));
    }
    crawled[entry.meta.id] = started;
    if ((res.validators.etag || res.validators.lastModified) && withinWindow(item.published ?? entry.meta.published, started))
      recent[item.url] = res.validators;
    if (before) {
      if (isSameEntry(before, entry) && before.meta.title === entry.meta.title)
        return report(item.url, 'unchanged', 'read again: not changed since it was crawled');
      updated.push(entry);
      return report(item.url, 'updated', entry.meta.title);
    }
    entries.push(entry);
    known.add(item.url).add(res.url);
    if (canonical) known.add(canonical);
    const notes = [
      res.truncated ? `cut at ${fetcher.limits.maxBytes >> 20} MB` : '',
      a.paywalled && !opts.subscribed?.(res.url)
        ? `for subscribers: only the ${entry.meta.words ?? 0} words it shows to all were read; --header can give the crawl a subscriber's access`
        : '',
    ].filter(Boolean);
    report(item.url, 'added', `${entry.meta.title}${notes.length ? ` (${notes.join('; ')})` : ''}`);
  };

  // One lane per host, as many workers as the host allows: a slow site never holds up another.
  const byHost = new Map<string, FeedItem[]>();
  for (const it of todo) {
    const host = new URL(it.url).host;
    const lane = byHost.get(host);
    if (lane) lane.push(it);
    else byHost.set(host, [it]);
  }
  await Promise.all(
    [...byHost.values()].flatMap((lane) => {
      let next = 0;
      return Array.from({ length: Math.min(fetcher.limits.perHost, lane.length) }, async () => {
        while (next < lane.length) {
          const it = lane[next++]!;
          await (opts.signal?.aborted ? defer(it) : page(it));
        }
      });
    }),
  );
  return { entries, updated, state, pages, feeds, deferred };
}
