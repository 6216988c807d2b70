import { foldCase } from './normalize';
import { writtenWords } from './segment';
import { contentTerms, primaryLanguage } from './terms';

// Languages that capitalise every noun: there a capital says nothing about a name.
const NOUN_CAPITALS = new Set(['de', 'lb']);

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

/** nameTerms of a sentence's words as written (analyze segments each sentence once for both). */
export function namesOf(written: readonly string[], lang: string): string[] {
  const primary = primaryLanguage(lang);
  const capitals = !NOUN_CAPITALS.has(primary);
  const capital = (i: number) => capitals && /^\p{Lu}/u.test(written[i] ?? '');
  // A sentence's first word is capitalised anyway: a name there only when the next word is one too.
  const named = written.filter((w, i) => /\d/.test(w) || (capital(i) && (i > 0 || capital(1))));
  return contentTerms(named.map(foldCase), primary);
}
