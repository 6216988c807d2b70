/**
 * Bylines taken apart (names and date). The lines of chrome themselves are told by
 * lib/text/chrome-lines.ts, which the text stage reads too.
 */

// Month names by their first letters (lower case, accents dropped) in English, German,
// French, Spanish, Italian, Portuguese and Dutch: "juin" and "juil" told apart by the fourth.
const MONTHS = [
  /^(?:jan|gen|ene)/,
  /^(?:feb|fev)/,
  /^(?:mar|maa)/,
  /^(?:apr|avr|abr)/,
  /^(?:may|mai|mag|mei)/,
  /^(?:jun|juin|giu)/,
  /^(?:jul|juil|lug)/,
  /^(?:aug|aou|ago)/,
  /^(?:sep|set)/,
  /^(?:oct|okt|ott|out)/,
  /^nov/,
  /^(?:dec|dez|dic)/,
];
// "3 July 2024", "3. Juli 2024", "3 de julio de 2024", "le 8 février 2024".
const DAY_MONTH_YEAR = /(?<!\d)(\d{1,2})(?:st|nd|rd|th|\.|º)?\s+(?:de\s+)?(\p{L}{3,10})\.?,?\s+(?:de\s+)?(\d{4})\b/u;
const MONTH_DAY_YEAR = /\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/;
const ISO = /\b(\d{4})-(\d{2})-(\d{2})\b/;

function isoDate(year: string, month: number, day: string): string | null {
  const d = Number(day);
  if (month < 0 || d < 1 || d > 31) return null;
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function monthOf(name: string): number {
  const key = name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return key.length >= 3 ? MONTHS.findIndex((m) => m.test(key)) : -1;
}

/** A date written in a byline ("3 July 2024", "July 3, 2024", "2024-07-03"), as YYYY-MM-DD. */
function dateIn(s: string): { date: string; at: number } | null {
  let m = ISO.exec(s);
  if (m) return { date: `${m[1]}-${m[2]}-${m[3]}`, at: m.index };
  m = DAY_MONTH_YEAR.exec(s);
  if (m && monthOf(m[2]!) >= 0) {
    const date = isoDate(m[3]!, monthOf(m[2]!), m[1]!);
    if (date) return { date, at: m.index };
  }
  m = MONTH_DAY_YEAR.exec(s);
  if (m && monthOf(m[1]!) >= 0) {
    const date = isoDate(m[3]!, monthOf(m[1]!), m[2]!);
    if (date) return { date, at: m.index };
  }
  return null;
}

/**
 * A byline as pages write it ("By Ana Ferreira · 3 July 2024", "By Tom Rowe, Staff writer |
 * July 3, 2024") taken apart: the names, and the date when it carries one.
 */
export function parseByline(byline: string): { author: string | null; date: string | null } {
  const found = dateIn(byline);
  let names = found ? byline.slice(0, found.at) : byline;
  names = names
    .replace(/^\s*(?:(?:written\s+)?by|von|par|por|door|av)\s+/i, '')
    .split(/\s[·|•]\s|\s[-–—]\s|,\s*(?:updated|published|posted)\b/i)[0]!
    .replace(/[\s,·|•–—-]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
  return { author: names || null, date: found?.date ?? null };
}
