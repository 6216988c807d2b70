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
  /(?<![\p{L}\p{N}])©|copyright©|\ball rights reserved\b|\bmay not be (?:published|reproduced|broadcast)|^(?:related|also read|read more|read also|see also)\s*:|\bretrieved\b[^.]{0,40}\bfrom https?:\/\/|^advertisement$/iu;
// Calls to action: chrome only in a line too short to be a sentence of the story.
const CALL_TO_ACTION = /\bshare (?:this|on)\b|^share:|\bfollow us\b|\bsubscribe\b|\bclick here\b|\bsign up\b|\bnewsletter\b|^sponsored\b/i;
const LIST_HEADING =
  /^(latest stories|latest news|most read|most viewed|most shared|most popular|popular now|read next|related stories|related articles|related posts|more stories|more (?:\S+ ){0,3}(?:news|stories)|you might also like|more from .{1,40}|trending( now)?|recommended( for you)?|you may also like|top stories|editor'?s picks)\s*(?::|…|\.\.\.)?$/i;
const TERMINAL = /[.!?。！？…"'”’»)\]]$/u;

// A paragraph's invitation to the reader: to sign up, subscribe, join, follow, write in, or
// get the site's letters and offers ("Sign up for the free daily newsletter.", "Join our
// forums to keep talking ...", "Follow her on Twitter @kellmouth", "Email Ana at ana@... ",
// "Get the Gazette delivered through your letterbox every month.", "If you enjoyed this
// article, ...: Join Gazette Plus."). An imperative at a sentence's start: a story reports
// such calls in the third person ("Users who sign up ..."), and is not written to its reader.
const PITCH = [
  /^(?:and\s+)?(?:sign up|subscribe|register)\b/iu,
  /^[Jj]oin (?:our|us|\p{Lu})/u,
  /^follow (?:us|him|her|them|me)\b/iu,
  /^follow\b.{0,40}\bon (?:twitter|facebook|instagram|youtube|linkedin|tiktok)\b/iu,
  /^(?:e-?mail|contact|write to)\b.{0,60}\bat:?\s+\S+@\S+/iu,
  /^get\b.{0,80}\b(?:delivered|inbox|alerts|access to|newsletters?)\b/iu,
  /^if you (?:enjoyed|liked|value|appreciate)\b/iu,
  /^have a (?:news )?tip\b/iu,
  /^click here\b/iu,
  /^check out our\b/iu,
  /^start your (?:day|week|morning) with\b/iu,
  /^members get\b/iu,
];
// What such a paragraph says around its call: an address to write to, a handle, the letter
// and where it arrives ("... delivered weekday mornings", "let us know at: tips@...").
const PITCH_DETAIL =
  /\S@\S+\.\p{L}{2,}|(?:^|\s)@\w{2,}|\b(?:newsletters?|inbox|delivered (?:weekday|daily|every|to your|through your|right))\b/iu;

/**
 * A promotion of the site set in the article's place: up to 60 words, at least one sentence
 * an invitation to the reader (PITCH), and half its sentences such a call or what goes with it.
 */
function isPitch(p: string, words: number): boolean {
  if (words > 60) return false;
  const sentences = p.split(/(?<=[.!?])\s+(?=\S)/u).map((x) => x.replace(/^[^\p{L}\p{N}@]+/u, ''));
  let strong = 0;
  let weak = 0;
  for (const x of sentences) {
    if (PITCH.some((re) => re.test(x))) strong++;
    else if (PITCH_DETAIL.test(x)) weak++;
  }
  // A call alone is a pitch with its letter, address or handle ("Sign up for our newsletter"),
  // or when it asks to be followed or joined: a deal's "Sign up for the bundle ..." is the story.
  if (sentences.length === 1) return strong > 0 && (PITCH_DETAIL.test(p) || /^(?:follow|join)\b/iu.test(sentences[0]!));
  return strong > 0 && (strong + weak) * 2 >= sentences.length;
}

// A note about the writer set under the story: their name, then what they are ("Ana Ferreira is
// a freelance writer living in Lisbon", "Tom is the Senior Editor of the Gazette. ...", "Ana
// covers the harbour for the Gazette and hosts its podcast."), in the present tense: a story
// tells what someone was or did.
const ROLE = `(?:${[
  'writer',
  'reporter',
  'editor',
  'journalist',
  'correspondent',
  'columnist',
  'contributor',
  'blogger',
  'producer',
  'author',
  'freelancer',
  'host',
  'anchor',
  'photographer',
]
  .map((w) => `[${w[0]}${w[0]!.toUpperCase()}]${w.slice(1)}`)
  .join('|')})s?`;
const BIO = new RegExp(
  `^\\p{Lu}[\\p{L}'’.-]*(?:\\s+\\p{Lu}[\\p{L}'’.-]*){0,2}\\s+(?:(?:is|has been)\\s+(?:a|an|the|our)\\s+[^.!?"“”]{0,60}?\\b${ROLE}\\b(?:\\s+(?:for|at|of|with|based|living|who|in|and)\\b|[.,;]|$)|covers\\s+[^.!?"“”]{1,80}\\s+for\\s+[\\p{Lu}\\p{N}])`,
  'u',
);
// An editor's leftover of escaped markup, shown as text: "&lt;span data-mce-type=...&gt;&amp;#65279;&lt;/span&gt;".
const ESCAPED_MARKUP = /^(?:\s*(?:&lt;[^]*?&gt;|&(?:amp;)*#?\w+;))+\s*$/u;
// A site's notice that it uses cookies, with its buttons.
// Known by its buttons at the end ("... Accept Read More", "OK", "Got it"): a privacy policy's
// paragraph about cookies is a sentence.
const COOKIES = /\bcookies?\b/iu;
const CONSENT_BUTTONS =
  /(?:^|\s)(?:accept(?: all)?|ok|okay|got it|i agree|agree|allow(?: all)?|akzeptieren|einverstanden|accepter|aceptar|aceitar|accetta)(?:\s+(?:read more|more info|learn more|settings|reject|decline|privacy policy))*$/iu;
// Teasers for other stories, each headline closed by a label in brackets ("... [VIDEO]Next
// headline ... [INSIGHT]"), or glued to the site's "Also on example.com".
const TEASER_LABELS = /\[\p{Lu}{3,}\]/gu;
const ALSO_ON = /^(?:also|more) (?:on|at|from) [\p{L}\p{N}-]+\.\p{L}{2,}\b/iu;

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
    if (words <= 12 && CALL_TO_ACTION.test(p) && (!ends || /^(share|follow|subscribe|click|sign up)\b/i.test(p))) return true;
    if (ESCAPED_MARKUP.test(p)) return true;
    if (words <= 60 && COOKIES.test(p) && CONSENT_BUTTONS.test(p)) return true;
    // A note about the writer comes after the story: in its body, "Ana Ferreira is a reporter for
    // the Gazette" is news about a journalist (one detained, one honoured), and stays.
    if (isPitch(p, words) || (words <= 60 && i >= paragraphs.length - 2 && BIO.test(p))) return true;
    if (prose) return false;
    if ((p.match(TEASER_LABELS)?.length ?? 0) >= 2 || (!ends && words <= 30 && ALSO_ON.test(p))) return true;
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
