import type { Article } from '../extract';
import { entryFromArticle, type Entry } from '../index';
import type { ReadOutcome, TabResult } from '../protocol';

/**
 * Originals read on trusted sites: an article the reader opens on a site they listed as an
 * original source is added to their own index - its fingerprints and metadata, never its
 * text - so that a later copy of it anywhere gets its badge. Nothing is fetched or sent:
 * the article is the one the content script already extracted for the check.
 */

/** A short list the reader can tick: news agencies and public broadcasters, whose stories are copied most. */
export const SUGGESTED_TRUSTED_SITES: ReadonlyArray<{ site: string; name: string }> = [
  { site: 'reuters.com', name: 'Reuters' },
  { site: 'apnews.com', name: 'Associated Press' },
  { site: 'afp.com', name: 'AFP' },
  { site: 'bbc.co.uk', name: 'BBC' },
  { site: 'bbc.com', name: 'BBC' },
  { site: 'npr.org', name: 'NPR' },
  { site: 'cbc.ca', name: 'CBC' },
  { site: 'abc.net.au', name: 'ABC (Australia)' },
  { site: 'dw.com', name: 'Deutsche Welle' },
  { site: 'rte.ie', name: 'RTÉ' },
];

// Query parameters that only say where a reader came from: the same article with or without them.
const TRACKING = /^(utm_|fbclid$|gclid$|mc_|at_|cmpid$|ocid$|ns_|share$|ref$)/i;

/** The address an article is kept under: its canonical URL without the fragment and tracking parameters. */
export function canonicalAddress(url: string): string | null {
  try {
    const u = new URL(url);
    if (!/^https?:$/.test(u.protocol)) return null;
    u.hash = '';
    for (const key of [...u.searchParams.keys()]) if (TRACKING.test(key)) u.searchParams.delete(key);
    u.hostname = u.hostname.toLowerCase();
    return u.href;
  } catch {
    return null;
  }
}

/**
 * Why a page read on a trusted site is not kept, from the check of it: it was taken from an
 * article the index holds (even a trusted site republishes others' stories, and a copy must
 * never become the "original" its own source is then blamed for), or it is an indexed
 * article already (from a pack, or read before at another address). Null: keep it.
 */
export function notKept(checked: TabResult, entry: Entry, site: string): ReadOutcome | null {
  if (checked.state !== 'done') return null;
  if (checked.matches.some((m) => m.verdict === 'likely-source' || m.belowThreshold !== undefined)) return { status: 'taken', site };
  if (checked.self && checked.self.id !== entry.meta.id) return { status: 'indexed', site };
  return null;
}

/** Fewer words than this are not worth keeping as an original (the check needs 30). */
const MIN_WORDS = 30;

/**
 * The index entry of an article read on a trusted site, under its canonical address (one
 * entry per address: reading it again replaces it), marked original; null when the page has
 * no usable address or too little text.
 */
export function readEntry(article: Article, pageUrl: string, site: string): Entry | null {
  const address = canonicalAddress(article.canonical ?? pageUrl) ?? canonicalAddress(pageUrl);
  if (!address) return null;
  const published = article.published && !Number.isNaN(Date.parse(article.published)) ? article.published : undefined;
  const entry = entryFromArticle({
    id: `read:${address}`,
    title: article.title.trim() || address,
    text: article.text,
    url: address,
    publisher: article.siteName?.trim() || site,
    author: article.byline ?? undefined,
    published,
    lang: article.lang,
    original: true,
  });
  return (entry.meta.words ?? 0) >= MIN_WORDS ? entry : null;
}
