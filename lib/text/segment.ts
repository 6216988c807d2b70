import { foldCase, normalizeText } from './normalize';

/**
 * Word and sentence segmentation with Intl.Segmenter (ICU), so that scripts without
 * spaces (Chinese, Japanese, Thai) segment into dictionary words, and Arabic or Hebrew
 * segment on their own rules, with no per-language code here.
 */

const wordSegmenters = new Map<string, Intl.Segmenter>();
const sentenceSegmenters = new Map<string, Intl.Segmenter>();

function segmenter(cache: Map<string, Intl.Segmenter>, lang: string, granularity: 'word' | 'sentence') {
  let s = cache.get(lang);
  if (!s) {
    let locale = 'en';
    try {
      locale = Intl.getCanonicalLocales(lang)[0] ?? 'en';
    } catch {
      // A page's lang attribute can be anything ("en_US", "x-klingon"): fall back, never throw.
    }
    s = new Intl.Segmenter(locale, { granularity });
    cache.set(lang, s);
  }
  return s;
}

/** Word-like segments, case-folded. */
export function words(text: string, lang = 'en'): string[] {
  return writtenWords(text, lang).map(foldCase);
}

/**
 * Text in Latin script, Latin-1 punctuation and ASCII symbols only (no underscore, no soft
 * hyphen: Unicode treats those specially): most news, and the text LATIN_WORD splits.
 */
const LATIN_ONLY = /^[\t\n\r\x20-\x5E\x60-\x7E\u00A0-\u00AC\u00AE-\u024F]*$/;
/**
 * A word by Unicode's word-boundary rules (UAX #29) restricted to those characters: letters
 * and digits, joined by ":", ".", "'" or "·" between letters and by ",", ";", "." or "'"
 * between digits ("U.S", "don't", "17,000", "3.5"). ICU's segmenter is a third of a check's
 * time; this gives the same words about 15 times faster (tests/unit/text.test.ts compares
 * the two on random strings; on 48,000 sentences of news they never differed).
 */
const LATIN_WORD = /[\p{L}\p{Nd}]+(?:(?:(?<=\p{L})[:.'\u00B7](?=\p{L})|(?<=\p{Nd})[,;.'](?=\p{Nd}))[\p{L}\p{Nd}]+)*/gu;

/** Word-like segments as written (case kept). */
export function writtenWords(text: string, lang = 'en'): string[] {
  if (LATIN_ONLY.test(text)) return text.match(LATIN_WORD) ?? [];
  return icuWords(text, lang);
}

/** Word-like segments by ICU (Intl.Segmenter), for any script. */
export function icuWords(text: string, lang = 'en'): string[] {
  const out: string[] = [];
  for (const seg of segmenter(wordSegmenters, lang, 'word').segment(text)) {
    if (seg.isWordLike) out.push(seg.segment);
  }
  return out;
}

// ICU's sentence rules break after every abbreviation ("Mr. | Smith"); these are the
// news-text abbreviations after which a break is almost always wrong.
const ABBREVIATION =
  /(?:^|[\s("'])(?:mr|mrs|ms|dr|prof|st|sen|rep|gov|gen|lt|col|capt|sgt|cpl|rev|jr|sr|inc|ltd|co|corp|plc|vs|etc|no|nos|vol|fig|approx|dept|est|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|mt|ft|ave|blvd|e\.g|i\.e|[a-z](?:\.[a-z])*)\.\s*$/i;

/**
 * ICU is given a paragraph this many characters at a time: V8 walks a string's sentence
 * segments in time that grows faster than the string (a 150,000-character paragraph of
 * abbreviations took 3.4 s, 16 times a quarter of it).
 */
const SEGMENT_WINDOW = 2_000;

/** Splits a paragraph into sentences; keeps quotes with their sentence and survives abbreviations. */
export function sentences(paragraph: string, lang = 'en'): string[] {
  const out: string[] = [];
  let carry = '';
  const take = (segment: string) => {
    const piece = carry + segment;
    if (ABBREVIATION.test(piece)) {
      carry = piece;
      return;
    }
    carry = '';
    const trimmed = piece.trim();
    if (trimmed) out.push(trimmed);
  };
  const icu = segmenter(sentenceSegmenters, lang, 'sentence');
  let rest = paragraph;
  while (rest.length > SEGMENT_WINDOW) {
    // A window ends at a space; its last sentence may run on past it, so it is segmented
    // again at the start of the next window. ICU decides a break from the text around it.
    const space = rest.lastIndexOf(' ', SEGMENT_WINDOW);
    const end = space > SEGMENT_WINDOW / 2 ? space : SEGMENT_WINDOW;
    const segs = [...icu.segment(rest.slice(0, end))];
    const last = segs.length > 1 ? segs[segs.length - 1]!.index : end;
    for (const seg of segs) if (seg.index < last) take(seg.segment);
    rest = rest.slice(last);
  }
  for (const seg of icu.segment(rest)) take(seg.segment);
  if (carry.trim()) out.push(carry.trim());
  return out;
}

/**
 * A block whose lines all run 40-100 characters (the last may be shorter) was wrapped by hand
 * (a plain-text e-mail, a terminal paste): its lines are one paragraph. In any other block a
 * single newline separates paragraphs, as it does in text copied from a web page.
 */
function hardWrapped(lines: string[]): boolean {
  return lines.length > 1 && lines.slice(0, -1).every((l) => l.length >= 40 && l.length <= 100);
}

/** Paragraphs of a plain text: blank lines separate them, and single newlines unless the text is hard-wrapped. */
export function paragraphs(text: string): string[] {
  const norm = normalizeText(text).replace(/\r\n?/g, '\n');
  return norm.split(/\n\s*\n/).flatMap((block) => {
    const lines = block
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    return hardWrapped(lines) ? [lines.join(' ')] : lines;
  });
}
