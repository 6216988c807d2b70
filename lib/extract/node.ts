import { parseHTML } from 'linkedom';
import { extractArticle, type Extraction } from './article';

/** Extraction for Node (CLI, tests, benchmarks): the same Readability code over linkedom's DOM. */
export function extractHtml(html: string, url: string | null = null): Extraction {
  const { document } = parseHTML(html);
  return extractArticle(document as unknown as Document, url);
}
