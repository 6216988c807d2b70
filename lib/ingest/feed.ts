import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isoTimestamp } from '../dates';

/**
 * What a newsroom publishes about its articles: RSS 2.0 (and RSS 1.0), Atom, and sitemaps
 * (news sitemaps' `<news:news>`, plain ones, and sitemap indexes), read into one shape.
 */

/** An article a feed or sitemap lists, with what the feed says about it. */
export interface FeedItem {
  url: string;
  title?: string;
  author?: string;
  /** ISO 8601. */
  published?: string;
  /** When the feed says the article last changed (Atom `<updated>`, a sitemap's `<lastmod>`), ISO 8601. */
  updated?: string;
  publisher?: string;
}

export type Feed =
  /** `unlinked`: the titles (or positions) of the entries left out for want of an http(s) link, for the report. */
  | { kind: 'rss' | 'atom' | 'sitemap' | 'json-feed'; items: FeedItem[]; unlinked: string[] }
  /** A sitemap index lists other sitemaps, not articles. */
  | { kind: 'sitemap-index'; sitemaps: string[] };

export type FeedResult = ({ ok: true } & Feed) | { ok: false; error: string };

const PARSER_OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Everything stays a string: a headline "2024" must not become a number.
  parseTagValue: false,
  parseAttributeValue: false,
  // Feeds carry HTML entities (&mdash;, &nbsp;) that XML alone does not define.
  htmlEntities: true,
  trimValues: true,
};
const parser = new XMLParser(PARSER_OPTIONS);

/**
 * The vocabularies read here, by namespace, with the prefix this reader names them by. A
 * feed may bind any prefix to them: sitemaps written by Python's ElementTree come as
 * `<ns0:urlset><ns0:url><ns0:loc>`, news sitemaps as `<n:news>`, and Atom as `<a:feed>`.
 */
const VOCABULARIES: Record<string, string> = {
  'http://www.sitemaps.org/schemas/sitemap/0.9': 'sitemap',
  'http://www.w3.org/2005/Atom': 'atom',
  'http://purl.org/rss/1.0/': 'rss1',
  'http://www.google.com/schemas/sitemap-news/0.9': 'news',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/rss/1.0/modules/content/': 'content',
};

/**
 * A parser that renames prefixed elements to the names this reader uses, or the shared one
 * when every prefix is already the usual one. A sitemap's or RSS 1.0's own elements, and
 * Atom's in an Atom feed, lose their prefix; Atom's inside an RSS channel keep "atom:" (its
 * `<atom:link rel="self">` is not the channel's link).
 */
function parserFor(xml: string): XMLParser {
  const head = xml.slice(0, 4096).replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<![^>]*>/g, '');
  const root = head.match(/<([A-Za-z_][\w.:-]*)/)?.[1] ?? '';
  const rootPrefix = root.includes(':') ? root.slice(0, root.indexOf(':')) : undefined;
  const renames = new Map<string, string>();
  for (const [, prefix, uri] of xml.matchAll(/\sxmlns:([A-Za-z_][\w.-]*)\s*=\s*["']([^"']*)["']/g)) {
    const vocabulary = VOCABULARIES[uri!.trim()];
    if (!vocabulary || renames.has(prefix!)) continue;
    const bare = vocabulary === 'sitemap' || vocabulary === 'rss1' || (vocabulary === 'atom' && prefix === rootPrefix);
    const name = bare ? '' : vocabulary;
    if (name !== prefix) renames.set(prefix!, name);
  }
  if (renames.size === 0) return parser;
  return new XMLParser({
    ...PARSER_OPTIONS,
    transformTagName: (tag: string) => {
      const colon = tag.indexOf(':');
      const name = colon > 0 ? renames.get(tag.slice(0, colon)) : undefined;
      if (name === undefined) return tag;
      return name ? `${name}:${tag.slice(colon + 1)}` : tag.slice(colon + 1);
    },
  });
}

type Node = Record<string, unknown>;

const list = (x: unknown): unknown[] => (x === undefined || x === null ? [] : Array.isArray(x) ? x : [x]);

/** An element's text, whether the parser gave a string or an object with attributes (xhtml titles are flattened before parsing). */
function text(x: unknown): string | undefined {
  if (Array.isArray(x)) return text(x[0]);
  if (typeof x === 'string') return x;
  if (typeof x === 'number') return String(x);
  if (x && typeof x === 'object' && '#text' in x) return text((x as Node)['#text']);
  return undefined;
}

/**
 * Feed strings are shown to readers: no markup (some feeds escape HTML into titles), one
 * line. Only what reads as a tag goes: "Greens 3 < Labour 4 and Tories 5 > 2" is a headline.
 */
function clean(s: string | undefined): string | undefined {
  const t = s
    ?.replace(/<\/?[a-z][^<>]*>/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
  return t || undefined;
}

/** An http(s) address resolved against the feed's own (or only a whole address, without a base), or nothing. */
function absolute(href: string | undefined, base?: string): string | undefined {
  if (!href) return undefined;
  try {
    const u = new URL(href.trim(), base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    u.hash = '';
    return u.href;
  } catch {
    return undefined;
  }
}

/** RSS `<author>` is an e-mail address, often with the name in brackets: "desk@example.com (Ana Ruiz)". */
function rssAuthor(s: string | undefined): string | undefined {
  const bracketed = s?.match(/\(([^)]+)\)\s*$/)?.[1];
  if (bracketed) return clean(bracketed);
  return s && !s.includes('@') ? clean(s) : undefined;
}

/** Items in the shape of FeedItem; an entry without an http(s) link is named in `unlinked`, not silently dropped. */
function linked(fields: Array<Omit<FeedItem, 'url'> & { url: string | undefined }>): { items: FeedItem[]; unlinked: string[] } {
  const unlinked: string[] = [];
  const items = fields.flatMap((f, i) => {
    if (!f.url) unlinked.push(f.title ? `“${f.title}”` : `entry ${i + 1}`);
    return item(f);
  });
  return { items, unlinked };
}

function item(fields: Omit<FeedItem, 'url'> & { url: string | undefined }): FeedItem[] {
  if (!fields.url) return [];
  const out: FeedItem = { url: fields.url };
  for (const k of ['title', 'author', 'published', 'updated', 'publisher'] as const) if (fields[k]) out[k] = fields[k];
  return [out];
}

function rssItems(channel: Node, items: unknown[], base: string) {
  const publisher = clean(text(channel.title));
  return linked(
    items.map((raw) => {
      const it = raw as Node;
      const guid = list(it.guid)[0];
      const guidIsLink = typeof guid === 'string' || (guid as Node | undefined)?.['@_isPermaLink'] !== 'false';
      return {
        // A guid is a link only when it is a whole address: "12345" is an id, not a page of the feed's folder.
        url: absolute(text(it.link), base) ?? (guidIsLink ? absolute(text(guid)) : undefined),
        title: clean(text(it.title)),
        author: clean(text(it['dc:creator'])) ?? rssAuthor(text(it.author)),
        published: isoTimestamp(text(it.pubDate) ?? text(it['dc:date'])),
        publisher,
      };
    }),
  );
}

/** The entry's page: its alternate link (a link without rel is one), never its replies, enclosure or self. */
function atomLink(links: unknown, base: string): string | undefined {
  const all = list(links) as Node[];
  const alternate = all.find((l) => (l['@_rel'] ?? 'alternate') === 'alternate' && l['@_type'] !== 'application/atom+xml');
  return absolute(alternate?.['@_href'] as string | undefined, baseOf(alternate, base));
}

/** An element's xml:base resolved against its parent's base (Atom feeds set it on the feed, an entry or a link). */
function baseOf(el: unknown, parent: string): string {
  const own = el && typeof el === 'object' ? ((el as Node)['@_xml:base'] as string | undefined) : undefined;
  if (!own) return parent;
  try {
    return new URL(own.trim(), parent).href;
  } catch {
    return parent;
  }
}

function atomAuthor(authors: unknown): string | undefined {
  const names = (list(authors) as Node[]).map((a) => clean(text(a.name))).filter(Boolean);
  return names.length ? names.join(', ') : undefined;
}

function atomItems(feed: Node, url: string) {
  const publisher = clean(text(feed.title));
  const feedAuthor = atomAuthor(feed.author);
  const feedBase = baseOf(feed, url);
  return linked(
    list(feed.entry).map((raw) => {
      const e = raw as Node;
      // The id is a page's address only when it is a whole http(s) one (usually it is a tag: URI).
      return {
        url: atomLink(e.link, baseOf(e, feedBase)) ?? absolute(text(e.id)),
        title: clean(text(e.title)),
        author: atomAuthor(e.author) ?? feedAuthor,
        published: isoTimestamp(text(e.published) ?? text(e.updated)),
        updated: isoTimestamp(text(e.updated)),
        publisher,
      };
    }),
  );
}

function sitemapItems(urlset: Node, base: string) {
  return linked(
    list(urlset.url).map((raw) => {
      const u = raw as Node;
      const news = (list(u['news:news'])[0] ?? {}) as Node;
      const publication = (list(news['news:publication'])[0] ?? {}) as Node;
      return {
        url: absolute(text(u.loc), base),
        title: clean(text(news['news:title'])),
        published: isoTimestamp(text(news['news:publication_date']) ?? text(u.lastmod)),
        updated: isoTimestamp(text(u.lastmod)),
        publisher: clean(text(publication['news:name'])),
      };
    }),
  );
}

/**
 * A JSON Feed (jsonfeed.org, versions 1 and 1.1): `items` with `url` (else an `id` that is an
 * address), `title`, `date_published`/`date_modified`, `authors` (1.1) or `author` (1).
 */
function parseJsonFeed(body: string, url: string): FeedResult {
  let feed: Node;
  try {
    feed = JSON.parse(body) as Node;
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${(e as Error).message.split('\n')[0]}` };
  }
  if (typeof feed !== 'object' || feed === null || !/^https?:\/\/jsonfeed\.org\/version\//.test(String(feed.version)))
    return { ok: false, error: 'JSON, but not a JSON Feed (its "version" must be a https://jsonfeed.org/version/ address)' };
  const publisher = clean(typeof feed.title === 'string' ? feed.title : undefined);
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  const names = (x: unknown) =>
    list(x)
      .map((a) => clean(str((a as Node | null)?.name)))
      .filter(Boolean)
      .join(', ') || undefined;
  return {
    ok: true,
    kind: 'json-feed',
    ...linked(
      list(feed.items).map((raw) => {
        const it = (raw ?? {}) as Node;
        return {
          url: absolute(str(it.url), url) ?? absolute(str(it.id)),
          title: clean(str(it.title)),
          author: names(it.authors) ?? names(it.author),
          published: isoTimestamp(str(it.date_published)),
          updated: isoTimestamp(str(it.date_modified)),
          publisher,
        };
      }),
    ),
  };
}

/**
 * Atom's `type="xhtml"` titles as plain text: the parser keeps no order between an element's
 * text and its children ("Pier <em>reopens</em> after repairs" came out "Pierafter repairs"),
 * so their markup is taken out first (entities stay, for the parser to decode).
 */
function xhtmlTitlesAsText(xml: string): string {
  return xml.replace(
    /<title\b([^>]*\btype\s*=\s*["']xhtml["'][^>]*)>([\s\S]*?)<\/title>/g,
    (_, attrs: string, inner: string) => `<title${attrs}>${inner.replace(/<[^>]*>/g, '')}</title>`,
  );
}

/** The root element's name, for the reason a document that is not a feed is refused. */
function rootName(doc: Node): string | undefined {
  return Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('#') && !k.startsWith('!'));
}

/**
 * Reads a feed or sitemap. Malformed XML and documents of another kind (an HTML page, an
 * unknown root) are refused with a one-line reason; never throws.
 */
export function parseFeed(xml: string, url: string): FeedResult {
  const body = xml.replace(/^\uFEFF/, '').trimStart();
  if (!body) return { ok: false, error: 'the document is empty' };
  if (body.startsWith('{')) return parseJsonFeed(body, url);
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    const html = /^<!doctype html|^<html[\s>]/i.test(body)
      ? ' (it looks like an HTML page: give the address of its RSS, Atom or sitemap)'
      : '';
    return { ok: false, error: `not well-formed XML, line ${line} column ${col}: ${msg.replace(/\s+/g, ' ')}${html}` };
  }
  let doc: Node;
  try {
    doc = parserFor(body).parse(xhtmlTitlesAsText(body)) as Node;
  } catch (e) {
    return { ok: false, error: `the XML could not be read: ${(e as Error).message.split('\n')[0]}` };
  }
  const root = rootName(doc);
  const node = (root ? (doc[root] ?? {}) : {}) as Node;
  const el = typeof node === 'object' ? node : {};
  switch (root) {
    case 'rss': {
      const channel = (list(el.channel)[0] ?? {}) as Node;
      return { ok: true, kind: 'rss', ...rssItems(channel, list(channel.item), url) };
    }
    case 'rdf:RDF': // RSS 1.0: items beside the channel, not inside it
      return { ok: true, kind: 'rss', ...rssItems((list(el.channel)[0] ?? {}) as Node, list(el.item), url) };
    case 'feed':
      return { ok: true, kind: 'atom', ...atomItems(el, url) };
    case 'urlset':
      return { ok: true, kind: 'sitemap', ...sitemapItems(el, url) };
    case 'sitemapindex':
      return {
        ok: true,
        kind: 'sitemap-index',
        sitemaps: (list(el.sitemap) as Node[]).map((s) => absolute(text(s.loc), url)).filter((u): u is string => !!u),
      };
    default:
      return {
        ok: false,
        error: `not a feed or sitemap: the root element is <${root ?? 'none'}> (RSS <rss>, Atom <feed> or a sitemap <urlset>/<sitemapindex> expected)`,
      };
  }
}
