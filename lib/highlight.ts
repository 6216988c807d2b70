/**
 * Marks the page sentences taken from a source with the CSS Custom Highlight API: the
 * page's text is not wrapped in new elements (which could break the site's scripts), and
 * nothing is ever inserted as HTML - one <style> rule is the only addition.
 */
import { foldChar, normalizeText } from './text/normalize';

const NAME = 'provenance-taken';
const STYLE_ID = 'provenance-highlight-style';

interface Located {
  node: Text;
  offset: number;
}

/** The page's visible text with whitespace collapsed, and where each character came from. */
function flatten(doc: Document): { text: string; at: Located[] } {
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement?.closest('script,style,noscript,template') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  let text = '';
  const at: Located[] = [];
  let lastSpace = true;
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    const data = n.data;
    for (let i = 0; i < data.length; i++) {
      const space = /\s/.test(data[i]!);
      if (space && lastSpace) continue;
      text += space ? ' ' : data[i]!;
      at.push({ node: n, offset: i });
      lastSpace = space;
    }
    if (!lastSpace) {
      // Block boundaries usually separate words; a virtual space keeps sentences findable.
      text += ' ';
      at.push({ node: n, offset: data.length });
      lastSpace = true;
    }
  }
  return { text, at };
}

// Page text is folded character by character (so positions still map to the DOM), the way
// the engine folded the sentences it returned.
const foldPage = (s: string) => Array.from(s, (c) => (c.length === 1 ? foldChar(c) : c)).join('');

/** Highlights (or clears) the given sentences; returns how many were found in the page. */
export function highlightSentences(doc: Document, sentences: readonly string[], on: boolean): number {
  const registry = (globalThis as { CSS?: { highlights?: Map<string, unknown> } }).CSS?.highlights;
  const HighlightCtor = (globalThis as { Highlight?: new (...r: Range[]) => unknown }).Highlight;
  if (!registry || !HighlightCtor) return 0;
  registry.delete(NAME);
  if (!on || sentences.length === 0) return 0;
  const { text, at } = flatten(doc);
  const folded = foldPage(text);
  const ranges: Range[] = [];
  for (const s of sentences) {
    const needle = normalizeText(s).replace(/\s+/g, ' ').trim();
    const i = needle ? folded.indexOf(needle) : -1;
    if (i < 0) continue;
    const start = at[i]!;
    const end = at[i + needle.length - 1]!;
    const range = doc.createRange();
    range.setStart(start.node, start.offset);
    range.setEnd(end.node, Math.min(end.offset + 1, end.node.length));
    ranges.push(range);
  }
  if (!doc.getElementById(STYLE_ID)) {
    const style = doc.createElement('style');
    style.id = STYLE_ID;
    style.textContent = `::highlight(${NAME}) { background-color: #ffe08a; color: #1a1a1a; }`;
    (doc.head ?? doc.documentElement).append(style);
  }
  registry.set(NAME, new HighlightCtor(...ranges));
  return ranges.length;
}
