import { chromeParagraphs } from './boilerplate';
import { quotedShares } from './quotes';
import { normalizeText } from './normalize';
import { paragraphs as splitParagraphs, sentences as splitSentences, words } from './segment';
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
}

export interface AnalyzedText {
  lang: string;
  sentences: Sentence[];
  /** Article words in the text (site chrome excluded). */
  words: number;
  /** Words in paragraphs recognised as site chrome, left out of the sentences. */
  chromeWords: number;
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
  const chrome = chromeParagraphs(paras);
  paras.forEach((para, p) => {
    if (budget <= 0) return;
    if (chrome[p]) {
      chromeWords += words(para, lang).length;
      return;
    }
    const clipped = para.slice(0, budget);
    budget -= clipped.length;
    const split = splitSentences(clipped, lang);
    const quoted = quotedShares(split);
    split.forEach((s, k) => {
      const w = words(s, lang);
      if (w.length === 0) return;
      total += w.length;
      sentences.push({ text: s, paragraph: p, words: w.length, terms: contentTerms(w, lang), quoted: quoted[k]! });
    });
  });
  return { lang, sentences, words: total, chromeWords };
}
