/**
 * Finds the page sentences a source explains, in the page itself, and marks them with the
 * CSS Custom Highlight API: the page's text is not wrapped in new elements (which could
 * break the site's scripts), and nothing is ever inserted as HTML - one <style> rule is
 * the only addition.
 *
 * The engine returns sentences as it normalised them (typographic quotes folded, NFKC,
 * "labyrinth.The" split), so a sentence is found by its letters and digits alone, and the
 * reader is shown the page's own text for it, exactly as written.
 */
import { foldCase, foldChar, normalizeText } from './text/normalize';

const NAME = 'provenance-taken';
const SOURCE_NAME = 'provenance-source';
const STYLE_ID = 'provenance-highlight-style';

interface At {
  node: Text;
  offset: number;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** The letters and digits of a text, folded as the engine folds them, lower case. */
export function keyOf(text: string): string {
  return Array.from(foldCase(normalizeText(text)))
    .filter((c) => WORD_CHAR.test(c))
    .join('');
}

/** The page's visible letters and digits, folded one character at a time, and where each came from. */
function pageKey(doc: Document): { key: string; at: At[] } {
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement?.closest('script,style,noscript,template') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  let key = '';
  const at: At[] = [];
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    const data = n.data;
    for (let i = 0; i < data.length; i++) {
      // NFKC may turn one character into several ("ﬁ" into "fi"): each points back to it.
      for (const c of foldCase(foldChar(data[i]!).normalize('NFKC'))) {
        if (!WORD_CHAR.test(c)) continue;
        key += c;
        at.push({ node: n, offset: i });
      }
    }
  }
  return { key, at };
}

const isEdgePunctuation = (c: string | undefined) => c !== undefined && !/\s/.test(c) && !WORD_CHAR.test(c);

/** Where each sentence is in the page (null when it is not there): from its first to its last character, punctuation included. */
export function locateSentences(doc: Document, sentences: readonly string[]): Array<Range | null> {
  if (!doc.body) return sentences.map(() => null);
  const { key, at } = pageKey(doc);
  let from = 0;
  return sentences.map((s) => {
    const needle = keyOf(s);
    if (!needle) return null;
    // Passages come in page order: search on from the last one, then from the top.
    let i = key.indexOf(needle, from);
    if (i < 0) i = key.indexOf(needle);
    if (i < 0) return null;
    from = i + needle.length;
    const start = at[i]!;
    const end = at[i + needle.length - 1]!;
    let startOffset = start.offset;
    while (startOffset > 0 && isEdgePunctuation(start.node.data[startOffset - 1])) startOffset--;
    let endOffset = end.offset + 1;
    while (endOffset < end.node.length && isEdgePunctuation(end.node.data[endOffset])) endOffset++;
    const range = doc.createRange();
    range.setStart(start.node, startOffset);
    range.setEnd(end.node, endOffset);
    return range;
  });
}

/** A located sentence as the page writes it, whitespace collapsed. */
export const textOf = (range: Range) => range.toString().replace(/\s+/g, ' ').trim();

/** Highlights (or clears) the given sentences; returns how many were found in the page. */
export function highlightSentences(doc: Document, sentences: readonly string[], on: boolean): number {
  const registry = (globalThis as { CSS?: { highlights?: Map<string, unknown> } }).CSS?.highlights;
  const HighlightCtor = (globalThis as { Highlight?: new (...r: Range[]) => unknown }).Highlight;
  if (!registry || !HighlightCtor) return 0;
  registry.delete(NAME);
  if (!on || sentences.length === 0) return 0;
  const ranges = locateSentences(doc, sentences).filter((r): r is Range => r !== null);
  addStyle(doc);
  registry.set(NAME, new HighlightCtor(...ranges));
  return ranges.length;
}

function addStyle(doc: Document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent =
    `::highlight(${NAME}) { background-color: #ffe08a; color: #1a1a1a; }\n` +
    `::highlight(${SOURCE_NAME}) { background-color: #b9e3c6; color: #1a1a1a; }`;
  (doc.head ?? doc.documentElement).append(style);
}

/**
 * Marks the source's sentences in the source page, each element carrying the copy's
 * passage as its tooltip (a title attribute: text, never markup). Returns how many were found.
 */
export function markSourceSentences(doc: Document, pairs: ReadonlyArray<{ sentence: string; passage: string }>): number {
  const registry = (globalThis as { CSS?: { highlights?: Map<string, unknown> } }).CSS?.highlights;
  const HighlightCtor = (globalThis as { Highlight?: new (...r: Range[]) => unknown }).Highlight;
  if (!registry || !HighlightCtor) return 0;
  const located = locateSentences(
    doc,
    pairs.map((p) => p.sentence),
  );
  const ranges: Range[] = [];
  located.forEach((range, i) => {
    if (!range) return;
    ranges.push(range);
    const element = range.startContainer.parentElement;
    if (element) element.title = `${element.title ? `${element.title}\n\n` : ''}${pairs[i]!.passage}`;
  });
  addStyle(doc);
  registry.set(SOURCE_NAME, new HighlightCtor(...ranges));
  return ranges.length;
}

/** Scrolls the page to a sentence; false when it is not in the page. */
export function scrollToSentence(doc: Document, sentence: string): boolean {
  const [range] = locateSentences(doc, [sentence]);
  const element = range?.startContainer.parentElement;
  if (!element) return false;
  // Instantly: a smooth scroll does not run in a tab that is not in front (the popup is).
  element.scrollIntoView({ block: 'center' });
  return true;
}
