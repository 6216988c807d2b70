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

/** NFKC, typographic folding and whitespace clean-up; case is kept (sentence splitting needs it). */
export function normalizeText(text: string): string {
  return (
    text
      .normalize('NFKC')
      .replace(FOLD_RE, (c) => FOLD[c] ?? c)
      // Control characters (binary junk) become spaces rather than poisoning tokens.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD]/g, ' ')
      .replace(/[ \t]+/g, ' ')
  );
}

/** Case folding for comparison: lower case, plus ß -> ss as Unicode full folding does. */
export function foldCase(word: string): string {
  return word.toLowerCase().replace(/ß/g, 'ss');
}
