import { isProbablyReaderable, Readability } from '@mozilla/readability';

/** The article a page carries, as the content script and the CLI extract it. */
export interface Article {
  title: string;
  byline: string | null;
  siteName: string | null;
  published: string | null;
  lang: string;
  url: string | null;
  /** Article body as plain text, paragraphs separated by blank lines. */
  text: string;
  paragraphs: string[];
}

export type Extraction = { ok: true; article: Article } | { ok: false; reason: 'not-an-article' | 'no-text' };

const BLOCK = new Set(['P', 'LI', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'PRE', 'FIGCAPTION', 'TD', 'DD', 'DT']);
const CONTAINER = new Set(['DIV', 'SECTION', 'ARTICLE', 'MAIN', 'UL', 'OL', 'TABLE', 'TBODY', 'TR', 'DL', 'FIGURE', 'HEADER', 'ASIDE']);

/** Paragraph texts of Readability's content element, in document order. */
function paragraphsOf(root: Element): string[] {
  const out: string[] = [];
  const visit = (el: Element) => {
    for (const child of Array.from(el.children)) {
      if (BLOCK.has(child.tagName) && !Array.from(child.children).some((c) => BLOCK.has(c.tagName) || CONTAINER.has(c.tagName))) {
        const text = (child.textContent ?? '').replace(/\s+/g, ' ').trim();
        if (text) out.push(text);
      } else {
        visit(child);
      }
    }
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
 * Extracts the article of a document with Mozilla Readability. The document is cloned
 * first (Readability rewrites the tree it reads), and pages that Readability does not
 * consider articles (front pages, lists of links) are skipped without running it.
 */
export function extractArticle(doc: Document, url: string | null = null): Extraction {
  if (!isProbablyReaderable(doc)) return { ok: false, reason: 'not-an-article' };
  const lang = (doc.documentElement.getAttribute('lang') || 'en').trim();
  const published = metaContent(doc, [
    'meta[property="article:published_time"]',
    'meta[name="date"]',
    'meta[itemprop="datePublished"]',
    'time[datetime]',
  ]);
  const clone = doc.cloneNode(true) as Document;
  const parsed = new Readability<Element>(clone, { serializer: (el) => el as Element }).parse();
  if (!parsed || !parsed.content) return { ok: false, reason: 'no-text' };
  const paragraphs = paragraphsOf(parsed.content);
  if (paragraphs.length === 0) return { ok: false, reason: 'no-text' };
  return {
    ok: true,
    article: {
      title: (parsed.title ?? '').trim(),
      byline: parsed.byline?.trim() || null,
      siteName: parsed.siteName?.trim() || null,
      published: parsed.publishedTime?.trim() || published,
      lang: parsed.lang?.trim() || lang,
      url,
      text: paragraphs.join('\n\n'),
      paragraphs,
    },
  };
}
