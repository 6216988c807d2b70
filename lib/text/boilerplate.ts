/**
 * Site chrome that scrapers and republishers leave in an article's text: share bars,
 * copyright lines, "Related:" links, "Latest Stories" lists. They are not article words,
 * so they count neither for nor against the overlap figure. Readability removes most of
 * this from real pages; these rules catch what survives in pasted or scraped text, and
 * err on the side of keeping a paragraph.
 */

// Unmistakable anywhere in a short paragraph.
const LEGAL =
  /©|\ball rights reserved\b|\bmay not be (?:published|reproduced|broadcast)|^(?:related|also read|read more|read also|see also)\s*:|^advertisement$/i;
// Calls to action: chrome only in a line too short to be a sentence of the story.
const CALL_TO_ACTION = /\bshare (?:this|on)\b|^share:|\bfollow us\b|\bsubscribe\b|\bclick here\b|\bsign up\b|\bnewsletter\b|^sponsored\b/i;
const LIST_HEADING =
  /^(latest stories|latest news|most read|most popular|related stories|related articles|more stories|more from .{1,40}|trending( now)?|recommended( for you)?|you may also like|top stories|editor'?s picks)\s*:?$/i;
const TERMINAL = /[.!?。！？…"'”’»)\]]$/u;

function wordCount(p: string): number {
  return p.split(/\s+/).filter(Boolean).length;
}

/** For each paragraph, whether it is site chrome rather than article text. */
export function chromeParagraphs(paragraphs: readonly string[]): boolean[] {
  let inList = false;
  return paragraphs.map((raw) => {
    const p = raw.trim();
    const words = wordCount(p);
    const ends = TERMINAL.test(p);
    if (LIST_HEADING.test(p)) {
      inList = true;
      return true;
    }
    // Inside a "Latest Stories" list, headlines (no full stop) and "21 mins -" lines are chrome
    // until a real paragraph appears.
    if (inList && (!ends || words < 6)) return true;
    inList = false;
    if (words <= 40 && LEGAL.test(p)) return true;
    if (words <= 12 && CALL_TO_ACTION.test(p) && (!ends || /^(share|follow|subscribe|click|sign up)/i.test(p))) return true;
    if ((p.match(/\s[|·•]\s/g) ?? []).length >= 2) return true;
    if (!ends && (p.match(/(^|\s)[-–•]\s/g) ?? []).length >= 2) return true;
    return false;
  });
}
