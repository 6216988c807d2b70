import { describe, expect, it } from 'vitest';
import type { Match } from '../../lib/match';
import { isSameArticle } from '../../lib/match/self';

// When the page checked is the indexed article itself (a check mark, "This is an indexed
// original"), and when it is a copy that says it is (a copy names any publisher it likes).

const indexed = (url: string | null): Match => ({
  id: 'tram-1',
  title: 'Councillors back Riverside tram line',
  publisher: 'Port Alder Post',
  author: null,
  url,
  published: null,
  original: true,
  overlap: 100,
  similarity: 1,
  verdict: 'likely-source',
  reason: '',
  passages: [],
  duplicates: [],
});
const page = (url: string | null, siteName = 'Port Alder Post') => ({ url, title: 'Councillors back Riverside tram line', siteName });

describe('the indexed article itself', () => {
  it('is its own address, or its publisher and headline on its own site', () => {
    const entry = indexed('https://www.portalder.co.uk/news/tram');
    expect(isSameArticle(entry, page('https://portalder.co.uk/news/tram/'))).toBe(true);
    // The same paper under its other domain, at another address (an updated slug).
    expect(isSameArticle(entry, page('https://news.portalder.com/2024/tram-line-backed'))).toBe(true);
    // Saved and checked without an address, or served from this machine: the publisher's name is all there is.
    expect(isSameArticle(entry, page(null))).toBe(true);
    expect(isSameArticle(entry, page('http://127.0.0.1:8765/tram.html'))).toBe(true);
  });

  it('is not a copy on another site that names the publisher as its own (og:site_name)', () => {
    expect(isSameArticle(indexed('https://www.portalder.co.uk/news/tram'), page('https://copycat.example/tram'))).toBe(false);
    // An entry without an address: the page's site must go by the publisher's name.
    expect(isSameArticle(indexed(null), page('https://copycat.example/tram'))).toBe(false);
    expect(isSameArticle(indexed(null), page('https://www.portalderpost.com/tram'))).toBe(true);
    expect(isSameArticle(indexed(null), page('https://www.portalder.co.uk/tram'))).toBe(true);
    // Nor a page of the publisher's own site under another publisher's name.
    expect(isSameArticle(indexed(null), page('https://www.portalder.co.uk/tram', 'Copycat Daily'))).toBe(false);
  });
});
