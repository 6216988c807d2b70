import { chromeParagraphs } from './boilerplate';
import { scanQuotes } from './quotes';
import { normalizeText } from './normalize';
import { foldCase } from './normalize';
import { namesOf, titleCased } from './names';
import { paragraphs as splitParagraphs, sentences as splitSentences, words, writtenWords } from './segment';
import { contentTerms } from './terms';

export interface Sentence {
  /** The sentence as it reads on the page (normalised whitespace). */
  text: string;
  /** Index of the paragraph it belongs to. */
  paragraph: number;
  /** Number of words, the unit of the overlap figure. */
  words: number;
  /** Content terms (stemmed, stopwords removed), in order, with repeats. */
  terms: string[];
  /** Share of its letters inside quotation marks, 0-1. */
  quoted: number;
  /**
   * Its content terms outside quotation marks, in order (the same array as `terms` when it
   * has none): what the reporter wrote, as opposed to the statement every report quotes.
   */
  openTerms: string[];
  /** Its content terms written as names or numbers (see nameTerms). */
  names: string[];
}

export interface AnalyzedText {
  lang: string;
  sentences: Sentence[];
  /** Article words in the text (site chrome excluded). */
  words: number;
  /** Words in paragraphs recognised as site chrome, left out of the sentences. */
  chromeWords: number;
  /** The text ran past MAX_ANALYZED_CHARS: only its beginning was analysed. */
  truncated: boolean;
}

/** Upper bound on the text analysed: a 5 MB page must not stall the worker. */
export const MAX_ANALYZED_CHARS = 200_000;

/** Splits an article into sentences with their words and content terms. */
export function analyze(text: string, lang = 'en', paragraphList?: readonly string[]): AnalyzedText {
  const paras = paragraphList
    ? paragraphList.map((p) => normalizeText(p).replace(/\s+/g, ' ').trim()).filter(Boolean)
    : splitParagraphs(text.slice(0, MAX_ANALYZED_CHARS));
  const sentences: Sentence[] = [];
  let total = 0;
  let chromeWords = 0;
  let budget = MAX_ANALYZED_CHARS;
  let truncated = !paragraphList && text.length > MAX_ANALYZED_CHARS;
  const chrome = chromeParagraphs(paras);
  const titled: number[] = [];
  paras.forEach((para, p) => {
    if (budget <= 0) {
      truncated = true;
      return;
    }
    if (chrome[p]) {
      chromeWords += words(para, lang).length;
      return;
    }
    if (para.length > budget) truncated = true;
    const clipped = para.slice(0, budget);
    budget -= clipped.length;
    const split = splitSentences(clipped, lang);
    const quotes = scanQuotes(split);
    split.forEach((s, k) => {
      const written = writtenWords(s, lang);
      if (written.length === 0) return;
      total += written.length;
      const w = written.map(foldCase);
      const terms = contentTerms(w, lang);
      const { share, open } = quotes[k]!;
      const isTitle = titleCased(written);
      sentences.push({
        text: s,
        paragraph: p,
        words: w.length,
        terms,
        quoted: share,
        openTerms: share === 0 ? terms : contentTerms(writtenWords(open, lang).map(foldCase), lang),
        names: namesOf(written, lang, isTitle),
      });
      if (isTitle) titled.push(sentences.length - 1);
    });
  });
  // In a title-case sentence capitals say nothing (namesOf keeps only numbers there): its
  // names are the terms the page writes as names in its other sentences.
  if (titled.length) {
    const isTitled = new Set(titled);
    const known = new Set(sentences.flatMap((s, i) => (isTitled.has(i) ? [] : s.names)));
    for (const i of titled) {
      const s = sentences[i]!;
      s.names = [...new Set([...s.names, ...s.terms.filter((t) => known.has(t))])];
    }
  }
  return { lang, sentences, words: total, chromeWords, truncated };
}

/** A sentence whose content terms all but repeat one earlier sentence's (this share of them) is a repeat. */
const REPEAT = 0.9;

/**
 * The page without its repeated sentences: a headline printed again as the first line, a
 * block a site shows twice, an embedded post that repeats a quote. Counted once, they are
 * not twice the evidence, nor twice the words (measured on real pages: with them dropped,
 * more copies and rewrites were found with the verdict cross-validated by story).
 */
export function withoutRepeats(a: AnalyzedText): AnalyzedText {
  const holders = new Map<string, number[]>();
  const sentences = a.sentences.filter((s, index) => {
    const terms = new Set(s.terms);
    if (terms.size === 0) return true;
    const shared = new Map<number, number>();
    for (const t of terms) for (const earlier of holders.get(t) ?? []) shared.set(earlier, (shared.get(earlier) ?? 0) + 1);
    const repeat = [...shared.values()].some((n) => n >= REPEAT * terms.size);
    for (const t of terms) {
      const list = holders.get(t);
      if (list) list.push(index);
      else holders.set(t, [index]);
    }
    return !repeat;
  });
  return sentences.length === a.sentences.length ? a : { ...a, sentences };
}
