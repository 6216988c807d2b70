/**
 * Lines that sit inside a page's <article> but are not its story: breadcrumbs ("World ›
 * Asia"), tag lines ("Topics: Vietnam, Russia"), bylines ("By Ana Ferreira · 3 July 2024")
 * and photo credits. Readability keeps them (they are inside the article element); left in,
 * they were aligned to a source's sentences and shown to the reader as passages taken.
 */

const TERMINAL = /[.!?。！？…"'”’»)]$/u;
// Separators of a trail of sections: › » > / | → with spaces around.
const TRAIL = /\s[›»>/|→]\s/u;
const TAG_LINE = /^(?:related\s+)?(?:topics?|tags?|filed under|more on|categories|keywords|see more)\s*:/i;
const CREDIT = /^(?:photo(?:graph)?|image|picture|video|credit|source|illustration)s?\s*:/i;
const BYLINE = /^[Bb]y\s+\p{Lu}/u;
// A live page's time stamps and labels: "8:00 Update", "Updated 10:32 GMT", "12.15pm ET", "2 hours ago".
const TIME_STAMP =
  /^(?:(?:updated|posted|published|last updated)\s*:?\s*)?(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?|\d+\s*(?:min(?:ute)?s?|h(?:ours?|rs?)?|days?)\s+ago)(?:\s+(?:update[ds]?|updated|breaking|new|pinned|live))?$/i;

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** Whether one paragraph of an article's content element is site chrome rather than article text. */
export function isChromeLine(paragraph: string): boolean {
  const p = paragraph.trim();
  const n = words(p);
  if (n <= 12 && !TERMINAL.test(p) && TRAIL.test(p)) return true;
  if (n <= 25 && (TAG_LINE.test(p) || CREDIT.test(p))) return true;
  // A byline names people and maybe a date, with no sentence after it.
  if (n <= 14 && BYLINE.test(p) && (!TERMINAL.test(p) || /[·|•]/.test(p))) return true;
  // Left in, a live blog's stamps made a verbatim copy of it 92-95% "taken" where 100% is true.
  if (n <= 6 && TIME_STAMP.test(p)) return true;
  return false;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_MONTH_YEAR = /\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b/;
const MONTH_DAY_YEAR = /\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/;
const ISO = /\b(\d{4})-(\d{2})-(\d{2})\b/;

function isoDate(year: string, month: number, day: string): string | null {
  const d = Number(day);
  if (month < 0 || d < 1 || d > 31) return null;
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const monthOf = (name: string) => (name.length >= 3 ? MONTHS.indexOf(name.slice(0, 3).toLowerCase()) : -1);

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
    .replace(/^\s*(?:written\s+)?by\s+/i, '')
    .split(/\s[·|•]\s|\s[-–—]\s|,\s*(?:updated|published|posted)\b/i)[0]!
    .replace(/[\s,·|•–—-]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
  return { author: names || null, date: found?.date ?? null };
}
