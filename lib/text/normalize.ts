/**
 * Text normalisation shared by every stage, so that the extension, the CLI and the
 * index builder see the same characters for the same page.
 */

// Typographic variants that copy-paste and CMS templates introduce; folding them keeps
// a republished sentence identical to its source.
const FOLD: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u2033': '"',
  '\u00AB': '"',
  '\u00BB': '"',
  '\u2039': "'",
  '\u203A': "'",
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u00A0': ' ',
  '\u2007': ' ',
  '\u202F': ' ',
  '\u200B': '',
  '\u200C': '',
  '\u200D': '',
  '\uFEFF': '',
};
// Alternation, not a character class: the zero-width joiners would join neighbours in a class.
const FOLD_RE = new RegExp(Object.keys(FOLD).join('|'), 'g');

/** One character folded as normalizeText folds it, when that keeps it one character. */
export function foldChar(c: string): string {
  const f = FOLD[c];
  return f !== undefined && f.length === 1 ? f : c;
}

// Letters of other scripts that look like Latin ones, used by spammers and scrapers to defeat
// copy detection ("Тhe" with a Cyrillic T). Folded only inside words that also contain
// Latin letters, so Russian or Greek text is left as it is.
const LOOKALIKE: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ɑ: 'a',
  ɡ: 'g',
  ո: 'n',
  ս: 'u',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  І: 'I',
  Ј: 'J',
  Ѕ: 'S',
  Ԁ: 'D',
  α: 'a',
  ο: 'o',
  ν: 'v',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  ι: 'i',
  κ: 'k',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
  Ⴝ: 'S',
};
const LOOKALIKE_CLASS = `[${Object.keys(LOOKALIKE).join('')}]`;
const MIXED_WORD = new RegExp(`[\\p{L}]*(?:[a-zA-Z][\\p{L}]*${LOOKALIKE_CLASS}|${LOOKALIKE_CLASS}[\\p{L}]*[a-zA-Z])[\\p{L}]*`, 'gu');
const LOOKALIKE_RE = new RegExp(LOOKALIKE_CLASS, 'gu');
const ANY_LOOKALIKE = new RegExp(LOOKALIKE_CLASS, 'u');

function foldLookalikes(text: string): string {
  // MIXED_WORD is tried at every position of the text (3% of a check); a word it matches holds
  // a lookalike, and most pages have none: one scan for the class says so first.
  if (!ANY_LOOKALIKE.test(text)) return text;
  return text.replace(MIXED_WORD, (word) => word.replace(LOOKALIKE_RE, (c) => LOOKALIKE[c] ?? c));
}

/** NFKC, typographic folding and whitespace clean-up; case is kept (sentence splitting needs it). */
export function normalizeText(text: string): string {
  return (
    foldLookalikes(text.normalize('NFKC').replace(FOLD_RE, (c) => FOLD[c] ?? c))
      // Sentences glued together by a careless scraper ("labyrinth.The rescue"): a full stop
      // between two lower-case letters and a capitalised word starts a new sentence.
      .replace(/(\p{Ll}{2})([.!?])(\p{Lu}\p{Ll})/gu, '$1$2 $3')
      // Control characters (binary junk) become spaces rather than poisoning tokens.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD]/g, ' ')
      .replace(/[ \t]+/g, ' ')
  );
}

/** Case folding for comparison: lower case, plus ß -> ss as Unicode full folding does. */
export function foldCase(word: string): string {
  const lower = word.toLowerCase();
  return lower.includes('ß') ? lower.replace(/ß/g, 'ss') : lower;
}
