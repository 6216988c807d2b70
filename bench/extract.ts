/**
 * Section 4 (Node): article extraction with lib/extract/node.ts (Readability over linkedom)
 * on the demo pages and on a large synthetic news page, and the cost of the
 * `isProbablyReaderable` gate alone on a page that is not an article.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProbablyReaderable } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { extractHtml } from '../lib/extract/node';
import { loadBbc, ROOT } from './data';
import { bytes, median, ms, sample, table } from './util';

export const DEMO_PAGES = ['original', 'derivative', 'unrelated', 'links'] as const;

export interface TestPage {
  name: string;
  file: string;
  html: string;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The derivative demo page grown to a long, cluttered news page: ten times the paragraphs
 * (BBC 2005 text, so paragraphs differ), and a sidebar of 12 link lists of 25 items each,
 * plus a comment section - what a heavy real news page brings.
 */
export function largeNewsPage(): string {
  const base = readFileSync(join(ROOT, 'demo/derivative.html'), 'utf8');
  const article = base.slice(base.indexOf('<article'), base.indexOf('</article>'));
  const own = (article.match(/<p>[\s\S]*?<\/p>/g) ?? []).length || 9;
  const paragraphs = loadBbc()
    .slice(0, 400)
    .flatMap((a) => a.text.split(/\n\s*\n/))
    .map((p) => p.trim())
    .filter((p) => p.split(/\s+/).length >= 25)
    .slice(0, own * 9);
  const body = paragraphs.map((p) => `      <p>${escape(p)}</p>`).join('\n');
  const lists = Array.from({ length: 12 }, (_, s) => {
    const items = Array.from(
      { length: 25 },
      (_, i) => `<li><a href="#">Headline ${s * 25 + i + 1}: a story from elsewhere on the site</a></li>`,
    );
    return `    <section class="latest"><h2>More from section ${s + 1}</h2><ol>${items.join('')}</ol></section>`;
  }).join('\n');
  const comments = Array.from(
    { length: 40 },
    (_, i) =>
      `<div class="comment"><span class="who">Reader ${i + 1}</span><p>Comment number ${i + 1}: I agree with some of this.</p></div>`,
  ).join('');
  let html = base;
  html = html.includes('</article>') ? html.replace('</article>', `${body}\n    </article>`) : html.replace('</body>', `${body}</body>`);
  html = html.includes('</aside>') ? html.replace('</aside>', `${lists}\n  </aside>`) : html.replace('</body>', `${lists}</body>`);
  html = html.replace('</main>', `<section class="comments"><h2>Comments</h2>${comments}</section></main>`);
  return html;
}

export function testPages(): TestPage[] {
  const pages: TestPage[] = DEMO_PAGES.map((name) => ({
    name: `demo/${name}.html`,
    file: `${name}.html`,
    html: readFileSync(join(ROOT, `demo/${name}.html`), 'utf8'),
  }));
  pages.push({ name: 'large page (10x paragraphs, big sidebar)', file: 'large.html', html: largeNewsPage() });
  return pages;
}

export interface ExtractRow {
  page: string;
  htmlBytes: number;
  result: string;
  words: number;
  /** parseHTML (linkedom) alone. */
  parseMs: number;
  /** extractHtml: parse + isProbablyReaderable + clone + Readability + paragraphs. */
  extractMs: number;
}

export interface ExtractResults {
  pages: ExtractRow[];
  gate: { page: string; isProbablyReaderableMs: number; result: boolean };
}

export function benchExtract(pages: readonly TestPage[]): ExtractResults {
  const rows: ExtractRow[] = pages.map((p) => {
    const r = extractHtml(p.html);
    const parse = sample(() => parseHTML(p.html), { minRuns: 10, minMs: 300 });
    const extract = sample(() => extractHtml(p.html), { minRuns: 10, minMs: 600 });
    return {
      page: p.name,
      htmlBytes: Buffer.byteLength(p.html),
      result: r.ok ? 'article' : r.reason,
      words: r.ok ? r.article.text.split(/\s+/).length : 0,
      parseMs: median(parse),
      extractMs: median(extract),
    };
  });
  const links = pages.find((p) => p.file === 'links.html')!;
  const { document } = parseHTML(links.html);
  const doc = document as unknown as Document;
  const gate = sample(() => isProbablyReaderable(doc), { minRuns: 50, minMs: 300 });
  const results: ExtractResults = {
    pages: rows,
    gate: { page: links.name, isProbablyReaderableMs: median(gate), result: isProbablyReaderable(doc) },
  };
  table(
    '4. Extraction in Node: lib/extract/node.ts extractHtml (linkedom + Readability), median',
    ['page', 'HTML', 'result', 'words', 'parseHTML', 'extractHtml (incl. parse)'],
    rows.map((r) => [r.page, bytes(r.htmlBytes), r.result, r.words, ms(r.parseMs), ms(r.extractMs)]),
    `The isProbablyReaderable gate alone on ${results.gate.page} (already parsed): ${ms(results.gate.isProbablyReaderableMs)} ` +
      `(returns ${results.gate.result}).`,
  );
  return results;
}
