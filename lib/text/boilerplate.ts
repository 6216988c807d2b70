import { isCaptionLine, isChromeLine } from './chrome-lines';
/**
 * Site chrome that scrapers and republishers leave in an article's text: share bars,
 * copyright lines, "Related:" links, "Latest Stories" lists. They are not article words,
 * so they count neither for nor against the overlap figure. Readability removes most of
 * this from real pages; these rules catch what survives in pasted or scraped text, and
 * err on the side of keeping a paragraph.
 */

// Unmistakable anywhere in a short paragraph. A © glued to the end of a word ("a manifesto™©")
// is a writer's joke in a sentence, not a notice ("Copyright©" is one): taken for one, it
// dropped a real paragraph.
const LEGAL =
  /(?<![\p{L}\p{N}])©|copyright©|\ball rights reserved\b|\bmay not be (?:published|reproduced|broadcast)|^(?:related|also read|read more|read also|see also)\s*:|^advertisement$/iu;
// Calls to action: chrome only in a line too short to be a sentence of the story.
const CALL_TO_ACTION = /\bshare (?:this|on)\b|^share:|\bfollow us\b|\bsubscribe\b|\bclick here\b|\bsign up\b|\bnewsletter\b|^sponsored\b/i;
const LIST_HEADING =
  /^(latest stories|latest news|most read|most viewed|most shared|most popular|popular now|read next|related stories|related articles|related posts|more stories|more (?:\S+ )?(?:news|stories)|more from .{1,40}|trending( now)?|recommended( for you)?|you may also like|top stories|editor'?s picks)\s*:?$/i;
const TERMINAL = /[.!?。！？…"'”’»)\]]$/u;

const SPACE = /\s/;

/** . ! ? and their ideographic and full-width forms. */
function isSentenceEnd(c: number): boolean {
  return c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3002 || c === 0xff01 || c === 0xff1f;
}

/** Whether a UTF-16 code unit is whitespace as /\s/ has it (ASCII decided without the expression). */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return SPACE.test(String.fromCharCode(c));
}

/**
 * Runs of at least eight words closed by a full stop, question or exclamation mark: what
 * /(?:[^\s.!?]+\s+){7,}[^\s.!?]*[.!?]/g counts, in one pass. That expression, tried from
 * every position of a long paragraph without a full stop, took time quadratic in its length
 * (a 60 KB line held a check for 14 s, and the worker with it). A loop over the characters,
 * not a token expression: matching every word and space made an array each (4% of a check).
 */
export function proseSentences(p: string): number {
  let count = 0;
  let words = 0;
  let inWord = false;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (isSentenceEnd(c)) {
      if (words >= 7) count++;
      words = 0;
      inWord = false;
    } else if (isSpace(c)) {
      if (inWord) words++;
      inWord = false;
    } else inWord = true;
  }
  return count;
}

/**
 * Two real sentences make a paragraph article text, whatever else it carries: real excerpts
 * end mid-sentence, use dashes as punctuation, or arrive as one paragraph with a menu line
 * glued to its start, and a rule that took them for chrome lost the whole article (one
 * real 341-word rewrite was checked as 8 words).
 */
function isProse(p: string): boolean {
  const n = proseSentences(p);
  return n >= 2 || (n === 1 && wordCount(p) >= 30);
}

/** Runs of non-whitespace, as p.split(/\s+/).filter(Boolean) counts them without making the array. */
function wordCount(p: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < p.length; i++) {
    const space = isSpace(p.charCodeAt(i));
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** A menu's item: up to three capitalised words ("Sports", "Real Estate", "Eat + Drink", "US & World"). */
const MENU_ITEM = /^\p{Lu}[\p{L}\p{N}'’&+.-]*(?:\s+(?:[&+]|\p{Lu}[\p{L}\p{N}'’&+.-]*)){0,2}$/u;
const MIN_MENU = 6;

/**
 * A site's menu read into the article one item a paragraph ("Home", "News", "Sports", "Real
 * Estate", "Jobs", "Cars", ...): six items or more in a row, most of them one word. A list in a
 * story is of sentences, or of names of two words and more (players, nominees), and stays.
 */
function menuRuns(paragraphs: readonly string[]): boolean[] {
  const out = paragraphs.map(() => false);
  let start = 0;
  for (let i = 0; i <= paragraphs.length; i++) {
    if (i < paragraphs.length && MENU_ITEM.test(paragraphs[i]!.trim())) continue;
    const run = paragraphs.slice(start, i);
    const single = run.filter((p) => !/\s/.test(p.trim())).length;
    if (run.length >= MIN_MENU && single * 2 > run.length) for (let k = start; k < i; k++) out[k] = true;
    start = i + 1;
  }
  return out;
}

/** For each paragraph, whether it is site chrome rather than article text. */
export function chromeParagraphs(paragraphs: readonly string[]): boolean[] {
  let inList = false;
  const menu = menuRuns(paragraphs);
  return paragraphs.map((raw, i) => {
    if (menu[i]) return true;
    const p = raw.trim();
    const words = wordCount(p);
    const ends = TERMINAL.test(p);
    if (LIST_HEADING.test(p)) {
      inList = true;
      return true;
    }
    // Inside a "Latest Stories" list, headlines (no full stop) and "21 mins -" lines are chrome
    // until a real paragraph appears.
    const prose = isProse(p);
    if (inList && !prose && (!ends || words < 6)) return true;
    inList = false;
    if (words <= 40 && LEGAL.test(p)) return true;
    // A photo's caption with its credit at the end is chrome however many sentences it has.
    if (isCaptionLine(p)) return true;
    if (words <= 12 && CALL_TO_ACTION.test(p) && (!ends || /^(share|follow|subscribe|click|sign up)/i.test(p))) return true;
    if (prose) return false;
    // Bylines, credits, tag lines, time stamps and paywall calls, as the extraction knows them.
    if (isChromeLine(p)) return true;
    // Menus and breadcrumbs ("Home | News | World", "By Ana · 3 July"): separators between
    // items of a few words. A bullet list of facts has items the length of a sentence.
    const separated = (sep: RegExp, min: number) => {
      const items = p.split(sep).filter((x) => x.trim());
      return items.length > min && words / items.length <= 5;
    };
    if (separated(/\s[|·•\\]\s/, 2)) return true;
    // A dash is also a writer's punctuation: a heading such as "Despite The Fee, You Still Own It -
    // Not Rent It - Games" has a clause (a comma) in an item, which a menu's items never have.
    // Three items at least: two joined by a dash are a clause and its gloss ("Wir wollen auch
    // Provisionen - dafür ist das Fixum moderater") or a range ("15 – 30 Min"), not a menu.
    if (!ends && separated(/(?:^|\s)[-–•]\s/, 2) && !p.split(/(?:^|\s)[-–]\s/).some((item) => item.includes(','))) return true;
    return false;
  });
}
