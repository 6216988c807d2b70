import type { Validators } from './fetch';
import type { FeedItem } from './feed';
import type { RobotsCopy } from './robots';

/**
 * What `index crawl` remembers between runs, in a JSON file beside the pack
 * (`<pack>.crawl.json`): the validators of each feed, sitemap and robots.txt, so an unchanged
 * one answers 304 and costs nothing; the pages that were not articles, asked again only
 * conditionally; and the articles found but not yet in the pack (a page that failed), tried
 * again on the next run even when their feed has not changed. It belongs to one pack: the
 * pack's creation time is stored, and a state that does not match its pack is ignored.
 */
export interface CrawlState {
  format: 'news-provenance-crawl-state';
  version: 1;
  /** The `created` of the pack this state was written with. */
  pack: string;
  /** Feeds and sitemaps by URL; a sitemap index keeps the sitemaps it listed. */
  feeds: Record<string, Validators & { sitemaps?: string[] }>;
  robots: Record<string, RobotsCopy>;
  /** Pages that were not articles, by URL, with the reason. */
  skipped: Record<string, Validators & { reason: string }>;
  /** Articles listed by a feed that are not in the pack yet, with the runs they failed in. */
  pending: (FeedItem & { failures: number })[];
  /**
   * When each entry of the pack was crawled, by id (states of earlier versions have none: the
   * pack's creation time stands in): an article its feed says changed since is read again.
   */
  crawled?: Record<string, string>;
  /** The validators of recent articles' pages, by URL, for their scheduled conditional reads (RSS dates no change). */
  recent?: Record<string, Validators>;
  /** Pages that answered 401, 403 or 451, with that status: never asked for again (404 and 410 are retried as failures; states of earlier versions may list them). */
  gone: Record<string, number>;
}

export const STATE_VERSION = 1;

export function emptyState(pack = ''): CrawlState {
  return { format: 'news-provenance-crawl-state', version: STATE_VERSION, pack, feeds: {}, robots: {}, skipped: {}, pending: [], gone: {} };
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Reads a state file. It is a cache, so a state that cannot be used is not an error: the
 * reason comes back, and the crawl reads every feed in full.
 */
export function parseState(text: string, packCreated: string): { state: CrawlState; ignored?: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { state: emptyState(), ignored: 'it is not valid JSON' };
  }
  if (!isRecord(raw) || raw.format !== 'news-provenance-crawl-state' || raw.version !== STATE_VERSION)
    return { state: emptyState(), ignored: 'it is not a crawl state of this version' };
  if (raw.pack !== packCreated) return { state: emptyState(), ignored: 'it was written for another version of the pack' };
  if (!isRecord(raw.feeds) || !isRecord(raw.robots) || !isRecord(raw.skipped) || !Array.isArray(raw.pending))
    return { state: emptyState(), ignored: 'it is incomplete' };
  const pending = raw.pending.filter((p): p is CrawlState['pending'][number] => isRecord(p) && typeof p.url === 'string');
  // States written before `gone` was kept have none.
  const gone = isRecord(raw.gone) ? (raw.gone as Record<string, number>) : {};
  const crawled = isRecord(raw.crawled) ? (raw.crawled as Record<string, string>) : {};
  const recent = isRecord(raw.recent) ? (raw.recent as Record<string, Validators>) : {};
  return { state: { ...(raw as unknown as CrawlState), pending, gone, crawled, recent } };
}
