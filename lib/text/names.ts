import { foldCase } from './normalize';
import { writtenWords } from './segment';
import { contentTerms, primaryLanguage } from './terms';

// Languages that capitalise every noun: there a capital says nothing about a name.
const NOUN_CAPITALS = new Set(['de', 'lb']);

/**
 * A sentence in title case ("One Of The Most Popular Artificial Sweeteners ...", a headline,
 * a video blurb): at least TITLE_SHARE of its words of TITLE_LETTERS or more start with a
 * capital, and it has at least TITLE_WORDS such words. There a capital says nothing about a
 * name: a real rewrite written in title case had every word taken for a name, so that none of
 * its phrasing or details counted (see titleCased and analyze).
 */
const TITLE_LETTERS = 3;
const TITLE_WORDS = 4;
const TITLE_SHARE = 0.85;

/**
 * The content terms of a sentence that it writes as a name or a number: a word with a
 * capital initial (at the sentence's start, only when the next word has one too), or
 * with a digit. Every report of
 * an event writes the same names ("Francis Scott Key Bridge", "Princess of Wales") and
 * numbers ("17,000 jobs"), so a word pair made of two of them is the event's, not one
 * source's phrasing (measured on real pages: leaving such pairs out of phrase containment
 * found 72 of 114 derived pages instead of 68, cross-validated, with the same 2 of 190
 * independent reports flagged).
 */
export function nameTerms(sentence: string, lang = 'en'): string[] {
  return namesOf(writtenWords(sentence, lang), lang);
}

/** nameTerms of a sentence's words as written (analyze segments each sentence once for both, and tells whether it is title case). */
export function namesOf(written: readonly string[], lang: string, titled = titleCased(written)): string[] {
  const primary = primaryLanguage(lang);
  const capitals = !NOUN_CAPITALS.has(primary) && !titled;
  const capital = (i: number) => capitals && startsUpper(written[i] ?? '');
  // A sentence's first word is capitalised anyway: a name there only when the next word is one too.
  const named = written.filter((w, i) => /\d/.test(w) || (capital(i) && (i > 0 || capital(1))));
  return contentTerms(named.map(foldCase), primary);
}

/** Whether a sentence's words as written are in title case (see TITLE_SHARE). */
export function titleCased(written: readonly string[]): boolean {
  let long = 0;
  let capital = 0;
  for (const w of written) {
    if (w.length < TITLE_LETTERS || !startsLetter(w)) continue;
    long++;
    if (startsUpper(w)) capital++;
  }
  return long >= TITLE_WORDS && capital >= TITLE_SHARE * long;
}

// Every word of a check is tested once or twice: an ASCII initial (nearly all of them in
// English) is told without the Unicode expressions, which were 3% of a check.
const LETTER = /^\p{L}/u;
const UPPER = /^\p{Lu}/u;

/** /^\p{L}/u.test(w) */
function startsLetter(w: string): boolean {
  const c = w.charCodeAt(0);
  return c < 128 ? (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a : LETTER.test(w);
}

/** /^\p{Lu}/u.test(w) */
function startsUpper(w: string): boolean {
  const c = w.charCodeAt(0);
  return c < 128 ? c >= 0x41 && c <= 0x5a : UPPER.test(w);
}
