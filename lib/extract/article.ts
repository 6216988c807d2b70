import { isProbablyReaderable, Readability } from '@mozilla/readability';
import { isChromeLine } from '../text/chrome-lines';
import { parseByline } from './chrome';

/** The article a page carries, as the content script and the CLI extract it. */
export interface Article {
  title: string;
  /** The author as metadata or the page's byline name them, without "By" or a date. */
  byline: string | null;
  siteName: string | null;
  published: string | null;
  lang: string;
  url: string | null;
  /** The address the page names as its own (`<link rel="canonical">`, else og:url), absolute; absent when it names none. */
  canonical?: string | null;
  /**
   * The page says its article is for subscribers (schema.org `isAccessibleForFree: false`,
   * which publishers set for search engines' paywall rules): the text is likely a teaser.
   */
  paywalled?: boolean;
  /** Article body as plain text, paragraphs separated by blank lines. */
  text: string;
  paragraphs: string[];
}

export type Extraction = { ok: true; article: Article } | { ok: false; reason: 'not-an-article' | 'no-text' };

const BLOCK = new Set(['P', 'LI', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'PRE', 'TD', 'TH', 'DD', 'DT']);
// A photo caption describes a picture, not the story (and a copy's captions are its own).
const SKIP = new Set(['FIGCAPTION']);
const CONTAINER = new Set(['DIV', 'SECTION', 'ARTICLE', 'MAIN', 'UL', 'OL', 'TABLE', 'TBODY', 'TR', 'DL', 'FIGURE', 'HEADER', 'ASIDE']);
const isBlock = (el: Element) => BLOCK.has(el.tagName) || CONTAINER.has(el.tagName) || SKIP.has(el.tagName);
// One native lookup that stops at the first block (the content script runs this on every article page).
const BLOCK_SELECTOR = [...BLOCK, ...CONTAINER, ...SKIP].map((t) => t.toLowerCase()).join(',');
const hasBlockInside = (el: Element) => el.querySelector(BLOCK_SELECTOR) !== null;

/**
 * Paragraph texts of Readability's content element, in document order. An element that holds
 * blocks can also hold text of its own beside them - a list item's sentence before its sub-list,
 * a quote's text after the line that names who is quoted, a <div> of text with a <p> in it -
 * and that text is a paragraph too: read only through the blocks, it was lost (on
 * trafilatura's evaluation pages, sentences of a dozen articles).
 */
function paragraphsOf(root: Element): string[] {
  const out: string[] = [];
  const push = (raw: string) => {
    const text = raw.replace(/\s+/g, ' ').trim();
    if (text && !isChromeLine(text)) out.push(text);
  };
  const visit = (el: Element) => {
    let run = '';
    for (const node of Array.from(el.childNodes)) {
      if (node.nodeType === 3) {
        run += node.nodeValue ?? '';
        continue;
      }
      if (node.nodeType !== 1) continue;
      const child = node as Element;
      if (SKIP.has(child.tagName)) continue;
      if (!isBlock(child) && !hasBlockInside(child)) {
        // Inline: a link, emphasis or span within the text around it.
        run += child.tagName === 'BR' ? ' ' : (child.textContent ?? '');
        continue;
      }
      push(run);
      run = '';
      if (BLOCK.has(child.tagName) && !Array.from(child.children).some((c) => BLOCK.has(c.tagName) || CONTAINER.has(c.tagName))) {
        push(child.textContent ?? '');
      } else {
        visit(child);
      }
    }
    push(run);
  };
  visit(root);
  if (out.length === 0) {
    const text = (root.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (text) out.push(text);
  }
  return out;
}

function metaContent(doc: Document, selectors: string[]): string | null {
  for (const sel of selectors) {
    const v = doc.querySelector(sel)?.getAttribute('content') ?? doc.querySelector(sel)?.getAttribute('datetime');
    if (v && v.trim()) return v.trim();
  }
  return null;
}

/**
 * A site's call to share, follow or subscribe ("Follow us on Facebook"), which scrapers keep
 * above the headline: never a headline itself.
 */
export function isShareLine(line: string): boolean {
  const t = line.trim();
  return (
    t.split(/\s+/).length <= 12 &&
    /^(?:follow us|share (?:this|on|via)\b|share:|subscribe\b|sign up\b|click here|advertisement$|listen to this|read more\b|like us on)/i.test(
      t,
    )
  );
}

/**
 * The headline: Readability's, unless it found none or took a share line, then the page's
 * own og:title, twitter:title, <title> or first <h1>.
 */
function headlineOf(doc: Document, readability: string | null | undefined): string {
  const candidates = [
    readability,
    metaContent(doc, ['meta[property="og:title"]', 'meta[name="twitter:title"]']),
    doc.title,
    doc.querySelector('h1')?.textContent,
  ];
  for (const c of candidates) {
    const t = (c ?? '').replace(/\s+/g, ' ').trim();
    if (t && !isShareLine(t)) return t;
  }
  return '';
}

/**
 * A headline without the site's name around it ("富士山… | ニュース速報サイト"): Readability
 * strips such a suffix only when enough words remain, which a short or a CJK headline lacks.
 */
function withoutSiteName(title: string, siteName: string | null | undefined): string {
  const site = siteName?.trim();
  if (!site) return title;
  const escaped = site.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const stripped = title
    .replace(new RegExp(`\\s*[|\\-–—·•»]\\s*${escaped}\\s*$`, 'iu'), '')
    .replace(new RegExp(`^\\s*${escaped}\\s*[|\\-–—·•»]\\s*`, 'iu'), '');
  return stripped.trim() || title;
}

/** Two addresses name the same page, whatever their scheme, www., query or trailing slash. */
function sameAddress(a: string, b: string): boolean {
  const key = (u: string) =>
    u
      .toLowerCase()
      .replace(/^https?:\/\/(?:www\.)?/, '')
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '');
  return key(a) === key(b);
}

/** Two lines say the same, whatever their spacing, punctuation or case. */
function sameLine(a: string, b: string): boolean {
  const key = (s: string) =>
    s
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '');
  const [x, y] = [key(a), key(b)];
  return x.length > 0 && x === y;
}

/** Scripts whose words are not separated by spaces: a paragraph says as much in a third of the characters. */
const UNSPACED = /^(zh|ja|ko|th|lo|km|my)\b/i;
const UNSPACED_TEXT = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0eff\u1780-\u17ff]/g;

/** Schema.org types a news page gives itself in JSON-LD or microdata. */
const ARTICLE_TYPE = /^(?:[A-Za-z]*NewsArticle|Article|Report|BlogPosting|LiveBlogPosting|OpinionNewsArticle)$/;

function typesIn(node: unknown, out: string[]): void {
  if (Array.isArray(node)) for (const n of node) typesIn(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const type = o['@type'];
    for (const t of Array.isArray(type) ? type : [type]) if (typeof t === 'string') out.push(t.replace(/^.*[/#]/, ''));
    if (o['@graph']) typesIn(o['@graph'], out);
  }
}

/** The page's JSON-LD blocks, parsed (the first ten: a site's broken one says nothing either way). */
function linkedDataOf(doc: Document): unknown[] {
  return Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))
    .slice(0, 10)
    .flatMap((script) => {
      try {
        return [JSON.parse(script.textContent ?? '') as unknown];
      } catch {
        return [];
      }
    });
}

/** Whether the JSON-LD says some of the page is not free to read (on the article, its @graph or a hasPart), as Google's paywall markup does. */
function closedAccess(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(closedAccess);
  if (!node || typeof node !== 'object') return false;
  const o = node as Record<string, unknown>;
  const free = o.isAccessibleForFree;
  if (free === false || (typeof free === 'string' && /^(?:false|no)$/i.test(free.trim()))) return true;
  return closedAccess(o['@graph']) || closedAccess(o.hasPart);
}

/**
 * The page says it is an article: og:type "article", or a schema.org NewsArticle/Article in
 * JSON-LD or microdata. Readability's own test (isProbablyReaderable) only looks at <p>,
 * <pre> and <div><br> text, so it turns away sites that set paragraphs in <div>s.
 */
function declaresArticle(doc: Document, linkedData: unknown[]): boolean {
  const og = doc.querySelector('meta[property="og:type"]')?.getAttribute('content')?.trim().toLowerCase();
  if (og === 'article') return true;
  const types: string[] = [];
  typesIn(linkedData, types);
  for (const el of Array.from(doc.querySelectorAll('[itemtype]')).slice(0, 20))
    types.push((el.getAttribute('itemtype') ?? '').replace(/^.*[/#]/, ''));
  return types.some((t) => ARTICLE_TYPE.test(t));
}

/**
 * Whether the page carries an article. Readability's test counts characters (140 in a
 * paragraph), which Chinese, Japanese or Thai reach in a third of the words, so those pages
 * are held to a third of it; and a page that declares itself an article is taken at its word.
 */
function looksLikeArticle(doc: Document, linkedData: unknown[]): boolean {
  const lang = doc.documentElement.getAttribute('lang') ?? '';
  const title = doc.title ?? '';
  const unspaced = UNSPACED.test(lang) || (title.match(UNSPACED_TEXT)?.length ?? 0) > title.length / 3;
  // Readability's defaults (140 characters, a score of 20 as a sum of sqrt(length - 140))
  // scaled to a third of the characters: 47, and 20 / sqrt(3).
  const options = unspaced ? { minContentLength: 47, minScore: 11.5 } : {};
  return isProbablyReaderable(doc, options) || declaresArticle(doc, linkedData) || hasArticleText(doc, unspaced);
}

/** Elements that hold a page's navigation and furniture, never its story. */
const FURNITURE = 'nav, header, footer, aside, form, menu, [role="navigation"], [role="banner"], [role="contentinfo"]';

/**
 * Readability's test wants paragraphs of 140 characters or more in <p>, <pre> or <div><br>;
 * real articles also come as many short paragraphs (one sentence each, as wire copy and
 * mobile sites set them) or as text in <div>s and <span>s without <p>. A page is taken as an
 * article when one container, outside the page's navigation and furniture, holds at least
 * five blocks side by side that each carry a sentence of their own (the element's own text,
 * not a link's) and together reach an article's length - 800 characters, or 300 in scripts
 * written without spaces - with little of the container's text in links. A front page's
 * teasers sit one to a list item, each beside its headline link, and never add up.
 */
function hasArticleText(doc: Document, unspaced: boolean): boolean {
  const [minBlock, minTotal] = unspaced ? [15, 300] : [40, 800];
  const found = new Map<Element, { blocks: number; chars: number }>();
  for (const el of Array.from(doc.body.querySelectorAll('p, div, span, section, td, li, blockquote'))) {
    let own = '';
    for (const n of Array.from(el.childNodes)) if (n.nodeType === 3) own += n.nodeValue ?? '';
    own = own.replace(/\s+/g, ' ').trim();
    if (own.length < minBlock || !/[.!?。！？؟]/.test(own) || el.closest(FURNITURE)) continue;
    // The container the paragraphs share: above any wrapper that holds this block alone.
    let box = el.parentElement;
    while (box?.parentElement && box.children.length === 1) box = box.parentElement;
    if (!box) continue;
    const f = found.get(box) ?? { blocks: 0, chars: 0 };
    f.blocks++;
    f.chars += own.length;
    found.set(box, f);
    if (f.blocks >= 5 && f.chars >= minTotal && linkShare(box) < 0.3) return true;
  }
  return false;
}

/** Share of an element's text that is inside links. */
function linkShare(el: Element): number {
  const all = (el.textContent ?? '').replace(/\s+/g, '').length;
  let linked = 0;
  for (const a of Array.from(el.querySelectorAll('a'))) linked += (a.textContent ?? '').replace(/\s+/g, '').length;
  return all ? linked / all : 1;
}

/** The page's own address for itself, resolved against the page's URL; null when it gives none that is http(s). */
function canonicalOf(doc: Document, url: string | null): string | null {
  const raw = doc.querySelector('link[rel~="canonical"]')?.getAttribute('href') ?? metaContent(doc, ['meta[property="og:url"]']);
  if (!raw?.trim()) return null;
  try {
    const u = new URL(raw.trim(), url ?? undefined);
    return /^https?:$/.test(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}

/** What never holds a story's text, in a page element read without Readability's cleaning. */
const NOT_TEXT = 'script, style, noscript, template, iframe, form, button, nav, aside, footer, figure, figcaption, svg';

/**
 * The article text of the element the page marks as its body (schema.org's articleBody, else
 * its one <article>), for when Readability finds none in a page it had judged readable: it
 * leaves out a content area set in an <aside>, and found nothing in a few other layouts (on
 * trafilatura's evaluation pages, a news agency's 70-word story, a magazine's profile, a blog post).
 */
function markedBodyParagraphs(doc: Document): string[] {
  const articles = doc.querySelectorAll('article');
  const marked = doc.querySelector('[itemprop="articleBody"]') ?? (articles.length === 1 ? articles[0]! : null);
  if (!marked) return [];
  const body = marked.cloneNode(true) as Element;
  for (const el of Array.from(body.querySelectorAll(NOT_TEXT))) el.remove();
  return paragraphsOf(body);
}

/**
 * Extracts the article of a document with Mozilla Readability. The document is cloned
 * first (Readability rewrites the tree it reads), and pages that are not articles (front
 * pages, lists of links) are skipped without running it.
 */
export function extractArticle(doc: Document, url: string | null = null): Extraction {
  // An empty or binary file parses to a document without a root element.
  if (!doc.documentElement || !doc.body) return { ok: false, reason: 'not-an-article' };
  const linkedData = linkedDataOf(doc);
  if (!looksLikeArticle(doc, linkedData)) return { ok: false, reason: 'not-an-article' };
  const lang = (doc.documentElement.getAttribute('lang') || 'en').trim();
  // A <time> outside the article is as likely a sidebar's older story or the site's clock:
  // a date too early would rule out the page's true source (lib/match/check.ts).
  const published = metaContent(doc, [
    'meta[property="article:published_time"]',
    'meta[name="date"]',
    'meta[itemprop="datePublished"]',
    '[itemprop="datePublished"][datetime]',
    'time[pubdate][datetime]',
    'article time[datetime]',
  ]);
  const canonical = canonicalOf(doc, url);
  const clone = doc.cloneNode(true) as Document;
  const parsed = new Readability<Element>(clone, { serializer: (el) => el as Element }).parse();
  const content = parsed?.content ?? null;
  const siteName = parsed?.siteName?.trim() || metaContent(doc, ['meta[property="og:site_name"]']);
  const title = withoutSiteName(headlineOf(doc, parsed?.title), siteName);
  // A site that prints the page's own address in the article (Hearst's share box does) gives no article text by it.
  const ownAddress = (p: string) => canonical !== null && /^https?:\/\/\S+$/.test(p) && sameAddress(p, canonical);
  const read = content ? paragraphsOf(content) : [];
  const paragraphs = (read.length ? read : markedBodyParagraphs(doc)).filter((p) => !ownAddress(p));
  // Readability drops a header that repeats the title by comparing \W-separated words, which
  // finds no words in Chinese, Japanese, Arabic or Cyrillic text: the headline stayed as the
  // article's first paragraph (and its first "taken passage"). It is the headline, not text.
  // The page's <h1> is its headline too, where og:title (which Readability may prefer) words it otherwise.
  const h1 = doc.querySelector('h1')?.textContent ?? '';
  if (paragraphs.length > 1 && (sameLine(paragraphs[0]!, title) || sameLine(paragraphs[0]!, h1))) paragraphs.shift();
  if (paragraphs.length === 0) return { ok: false, reason: 'no-text' };
  // Readability's byline is the page's own line when no metadata names the author.
  const byline = parsed?.byline?.trim() ? parseByline(parsed.byline.trim()) : { author: null, date: null };
  return {
    ok: true,
    article: {
      title,
      byline: byline.author,
      siteName: siteName || null,
      published: parsed?.publishedTime?.trim() || published || byline.date,
      lang: parsed?.lang?.trim() || lang,
      url,
      canonical,
      ...(closedAccess(linkedData) ? { paywalled: true } : {}),
      text: paragraphs.join('\n\n'),
      paragraphs,
    },
  };
}
