/**
 * A small news site for the end-to-end tests, built from the story written for the unit
 * tests (tests/unit/fixtures/ferry-pier.ts): the original as its newspaper publishes it,
 * a scraped copy on a content farm, and another outlet's own report. Each page carries the
 * chrome real articles carry inside <article>: a breadcrumb, a byline with a date, a photo
 * caption and a tag line, none of which is article text.
 */
import { createServer, type Server } from 'node:http';
import { independentReport, original, scrapedCopy } from '../unit/fixtures/ferry-pier';

interface Page {
  site: string;
  title: string;
  byline: string;
  published: string;
  author: string;
  paragraphs: string[];
  /** Typeset as the web does: curly apostrophes and quotes. */
  typographic?: boolean;
  /** Author, publisher and date in JSON-LD (otherwise only the byline and og:site_name say them). */
  jsonLd?: boolean;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const curly = (s: string) =>
  s
    .replace(/(\w)'(\w)/g, '$1\u2019$2')
    .replace(/"(?=\w)/g, '\u201C')
    .replace(/"/g, '\u201D');

const body = (text: string) => text.split('\n\n').filter((p) => !/^(Home \||Share this|Related:)/.test(p));

export const PAGES: Record<string, Page> = {
  'original.html': {
    site: 'Kellmouth Gazette',
    title: original.title,
    byline: 'By Ana Ferreira \u00B7 11 May 2023',
    published: '2023-05-11T18:30:00Z',
    author: 'Ana Ferreira',
    paragraphs: body(original.text),
  },
  'copy.html': {
    site: 'Daily Coast Digest',
    title: scrapedCopy.title,
    byline: 'By Digest staff \u00B7 12 May 2023',
    published: '2023-05-12T07:00:00Z',
    author: 'Digest staff',
    paragraphs: body(scrapedCopy.text),
    typographic: true,
    jsonLd: true,
  },
  /** The scraped copy as a site that back-dates its pages shows it: three days before the original. */
  'backdated.html': {
    site: 'Coastal Times Online',
    title: scrapedCopy.title,
    byline: 'By Times desk \u00B7 8 May 2023',
    published: '2023-05-08T09:00:00Z',
    author: 'Times desk',
    paragraphs: body(scrapedCopy.text),
    typographic: true,
    jsonLd: true,
  },
  /** Half the original, half the report's own reporting: a partial copy. */
  'mashup.html': {
    site: 'Harbour Briefing',
    title: 'Kellmouth pier to close, and islanders fear for their ferry',
    byline: 'By Harbour Briefing \u00B7 13 May 2023',
    published: '2023-05-13T08:00:00Z',
    author: 'Harbour Briefing',
    paragraphs: [...body(original.text).slice(0, 3), ...body(independentReport.text).filter((p) => !/^"|Oyelaran/.test(p))],
    typographic: true,
    jsonLd: true,
  },
  'report.html': {
    site: 'Island Voice',
    title: independentReport.title,
    byline: 'By Tom Rowe \u00B7 12 May 2023',
    published: '2023-05-12T10:00:00Z',
    author: 'Tom Rowe',
    paragraphs: body(independentReport.text),
    typographic: true,
    jsonLd: true,
  },
};

export function render(p: Page): string {
  const text = (s: string) => escape(p.typographic ? curly(s) : s);
  const jsonLd = JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: p.title,
    datePublished: p.published,
    author: { '@type': 'Person', name: p.author },
    publisher: { '@type': 'Organization', name: p.site },
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escape(p.title)} | ${escape(p.site)}</title>
<meta property="og:type" content="article">
<meta property="og:site_name" content="${escape(p.site)}">
${p.jsonLd ? `<script type="application/ld+json">${jsonLd}</script>` : ''}
</head>
<body>
<header><nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/coast">Coast</a> | <a href="/sport">Sport</a></nav></header>
<main>
<article>
<p class="breadcrumb"><a href="/news">News</a> \u203A <a href="/coast">Coast</a></p>
<h1>${text(p.title)}</h1>
<p class="byline">${escape(p.byline)}</p>
<figure><figcaption>The pier at low tide, seen from the lifeboat slipway. Photograph: ${escape(p.site)}</figcaption></figure>
${p.paragraphs.map((para) => `<p>${text(para)}</p>`).join('\n')}
<p class="tags">Topics: Kellmouth, Ferries, Council</p>
</article>
</main>
<footer>Copyright ${escape(p.site)}</footer>
</body>
</html>
`;
}

/** Serves the pages on 127.0.0.1, and any other files given (a pack to subscribe to). */
export async function serveKellmouth(port: number, files: Record<string, Uint8Array> = {}): Promise<Server> {
  const server = createServer((req, res) => {
    const name = (req.url ?? '').replace(/^\/|\?.*$/g, '');
    const file = files[name];
    if (file) return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file);
    const page = PAGES[name];
    if (!page) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(render(page));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}
