import { probeOf, type Probe } from '../candidates';
import { fingerprint, MAX_SENTENCES, MinHash, type Fingerprint } from '../fingerprint';
import type { Entry, EntryMeta } from '../index';
import type { MemoryIndex } from '../storage';
import { analyze, withoutRepeats, type AnalyzedText } from '../text';
import type { Idf } from './idf';
import { headlineSimilarity, pageView, titleTerms, type PageView } from './evidence';
import { laterReason, reasonFor } from './reason';
import { VERDICT_MODEL } from './verdict-model';
import { isLikelySource, verify, type VerdictModel, type Verified } from './verify';

/** The text to check: an extracted article or a plain text. */
export interface CheckInput {
  title?: string;
  text: string;
  paragraphs?: string[];
  lang?: string;
  /** The page's own publication date, when it states one: a source published after it cannot be where it came from. */
  published?: string | null;
}

export interface Passage {
  /** Index of the page sentence. */
  page: number;
  /** Index of the source sentence it was aligned with (the first of two it merges: see `through`). */
  source: number;
  /** The page sentence merges source sentences `source` to `through` (a rewrite that joined two). */
  through?: number;
  /** The page sentence (plain text, for display and highlighting). */
  text: string;
  similarity: number;
}

export type Verdict = 'likely-source' | 'related';

export interface Match {
  id: string;
  title: string;
  publisher: string | null;
  author: string | null;
  url: string | null;
  published: string | null;
  original: boolean;
  /** Share of the page's article words in sentences aligned to this source, 0-100. */
  overlap: number;
  /** Mean similarity of the aligned sentences, 0-1. */
  similarity: number;
  verdict: Verdict;
  /** One sentence a reader can check, from the evidence behind the verdict. */
  reason: string;
  passages: Passage[];
  /** Other index entries with the same text, grouped under this one. */
  duplicates: string[];
  /** In the extension: the host of the user's remote index, when the match came from it. */
  remote?: string;
  /**
   * Its evidence is that of a copy, but it was published after the page, so it cannot be the
   * page's source (verdict "related"; the reason gives both dates): the page may be the earlier one.
   */
  publishedAfterPage?: true;
  /** In the CLI: the page checked is this indexed article itself (see isSameArticle), not a copy of it. */
  self?: true;
}

export type CheckResult =
  | { status: 'matched' | 'no-match'; article: ArticleSummary; matches: Match[] }
  | { status: 'too-short'; article: ArticleSummary; matches: []; message: string };

/** An index entry that shares candidate keys (its rarest terms) with the page, and how many. */
export interface Candidate {
  entry: Entry;
  hits: number;
}

/**
 * Where candidates come from: the in-memory index (synchronous, in the extension) or a
 * remote store such as Redis (asynchronous, Node only: lib/store). Either way they are
 * the entries whose keys the page's terms weigh most (lib/candidates), best first, and the
 * verification of each one is the same pure function.
 */
export interface CandidateSource {
  candidates(probe: Probe, limit: number): Candidate[] | Promise<Candidate[]>;
}

/** Fewer words than this cannot be told apart from a coincidence. */
export const MIN_WORDS = 30;
/** Candidates verified per check. */
export const CANDIDATES = 30;
/** Related coverage is only listed when this much of the page aligns. */
const RELATED_MIN_OVERLAP = 15;

interface Scored {
  entry: Entry;
  evidence: Verified;
  likely: boolean;
  /** Judged taken on its evidence, but published after the page: listed as related, and why. */
  later?: { page: string; source: string };
}

/**
 * How much later than the page a source must be dated before it is ruled out: pages write
 * dates without a time or in their own time zone, and a copy can carry its original's date,
 * so a day either way says nothing.
 */
const LATER_BY_MS = 2 * 86_400_000;

const dayOf = (date: string) => new Date(Date.parse(date)).toISOString().slice(0, 10);

/** Both dates, as days, when the source was published clearly after the page (null otherwise: either undated or unreadable). */
function publishedAfter(source: string | undefined, page: string | null | undefined): Scored['later'] | undefined {
  const [s, p] = [Date.parse(source ?? ''), Date.parse(page ?? '')];
  if (Number.isNaN(s) || Number.isNaN(p) || s - p < LATER_BY_MS) return undefined;
  return { page: dayOf(page!), source: dayOf(source!) };
}

/** Earlier publication, then an "original" mark, decides which of two sources is shown. */
function preferredFirst(a: EntryMeta, b: EntryMeta): number {
  if (!!a.original !== !!b.original) return a.original ? -1 : 1;
  if (a.published && b.published && a.published !== b.published) return a.published < b.published ? -1 : 1;
  if (!!a.published !== !!b.published) return a.published ? -1 : 1;
  return 0;
}

function toMatch(s: Scored, pageSentences: readonly string[], headline: number, duplicates: string[]): Match {
  const m = s.entry.meta;
  return {
    id: m.id,
    title: m.title,
    publisher: m.publisher ?? null,
    author: m.author ?? null,
    url: m.url ?? null,
    published: m.published ?? null,
    original: !!m.original,
    overlap: Math.round(s.evidence.overlap),
    similarity: Math.round(s.evidence.features.similarity * 100) / 100,
    verdict: s.likely ? 'likely-source' : 'related',
    reason: s.later ? laterReason(s.later) : reasonFor(s.evidence, s.likely, headline),
    passages: s.evidence.taken.map((a) => ({
      page: a.page,
      source: a.source,
      text: pageSentences[a.page]!,
      similarity: Math.round(a.similarity * 100) / 100,
      ...(a.merged ? { through: a.source + 1 } : {}),
    })),
    duplicates,
    ...(s.later ? { publishedAfterPage: true as const } : {}),
  };
}

/** Checks an article against the index: candidates from its rarest terms, then verification. `model` is for the eval's cross-validation. */
export function check(input: CheckInput, index: MemoryIndex, idf: Idf, model: VerdictModel = VERDICT_MODEL): CheckResult {
  const page = readPage(input);
  if ('status' in page) return page;
  return judge(page, index.candidates(probeOf(page.fingerprint, idf), CANDIDATES), idf, model, input.published);
}

/** The same check with candidates from any source: the answer depends only on which entries it returns. */
export async function checkWith(input: CheckInput, source: CandidateSource, idf: Idf): Promise<CheckResult> {
  const page = readPage(input);
  if ('status' in page) return page;
  return judge(page, await source.candidates(probeOf(page.fingerprint, idf), CANDIDATES), idf, VERDICT_MODEL, input.published);
}

interface Page {
  analyzed: AnalyzedText;
  fingerprint: Fingerprint;
  view: PageView;
  article: ArticleSummary;
}

/** The page's text as the check reads it: analysed, its repeated sentences counted once. */
export function analyzePage(input: CheckInput): AnalyzedText {
  return withoutRepeats(analyze(input.text, input.lang ?? 'en', input.paragraphs));
}

/** The checked text as the result describes it. */
export interface ArticleSummary {
  title: string;
  /** Article words analysed (site chrome left out). */
  words: number;
  /** Only the beginning was checked: the text ran past 200,000 characters or 400 sentences. */
  truncated?: true;
}

function readPage(input: CheckInput): Page | CheckResult {
  const analyzed = analyzePage(input);
  const title = (input.title ?? '').trim();
  const partial = analyzed.truncated || analyzed.sentences.length > MAX_SENTENCES;
  const article: ArticleSummary = { title, words: analyzed.words, ...(partial ? { truncated: true as const } : {}) };
  if (analyzed.words < MIN_WORDS) {
    return {
      status: 'too-short',
      article,
      matches: [],
      message: `Not enough article text to check (${analyzed.words} word${analyzed.words === 1 ? '' : 's'}; at least ${MIN_WORDS} are needed).`,
    };
  }
  const fp = fingerprint(analyzed);
  return { analyzed, fingerprint: fp, view: pageView(analyzed, fp, title), article };
}

/** MinHash Jaccard from which two entries hold the same text (republications listed as one match). */
export const SAME_TEXT = 0.9;

/**
 * Verifies every candidate against the page and ranks the matches (pure: no index involved).
 * A source dated after the page is related at most, whatever its evidence: the page may be
 * the earlier of the two (an indexed copy, or a publisher's follow-up that retells it).
 */
function judge(
  { analyzed, view, article }: Page,
  candidates: readonly Candidate[],
  idf: Idf,
  model: VerdictModel,
  pagePublished: string | null | undefined,
): CheckResult {
  const scored: Scored[] = candidates
    .map(({ entry }): Scored => {
      const evidence = verify(view, entry.fingerprint, idf, model);
      const likely = isLikelySource(evidence, model);
      const later = likely ? publishedAfter(entry.meta.published, pagePublished) : undefined;
      return later ? { entry, evidence, likely: false, later } : { entry, evidence, likely };
    })
    .filter((s) => s.likely || s.later || s.evidence.overlap >= RELATED_MIN_OVERLAP);

  scored.sort((a, b) => b.evidence.score - a.evidence.score || preferredFirst(a.entry.meta, b.entry.meta));

  // Group entries with the same text (republications inside the index) under the
  // preferred one: original mark, then earliest publication.
  const groups: Scored[][] = [];
  for (const s of scored) {
    const group = groups.find(
      (g) => g[0]!.likely === s.likely && MinHash.jaccard(g[0]!.entry.fingerprint.signature, s.entry.fingerprint.signature) >= SAME_TEXT,
    );
    if (group) group.push(s);
    else groups.push([s]);
  }
  const pageSentences = analyzed.sentences.map((s) => s.text);
  const matches = groups.map((g) => {
    const [head, ...rest] = [...g].sort((a, b) => preferredFirst(a.entry.meta, b.entry.meta));
    const headline = head!.likely ? headlineSimilarity(view, titleTerms(head!.entry.meta.title, head!.entry.meta.lang), idf) : 0;
    return toMatch(
      head!,
      pageSentences,
      headline,
      rest.map((r) => r.entry.meta.id),
    );
  });
  reorderBySourceOfTruth(matches);
  return { status: matches.some((m) => m.verdict === 'likely-source') ? 'matched' : 'no-match', article, matches };
}

/**
 * Among likely sources that explain the same page sentences (a copy of the original that is
 * itself indexed), the original or earliest published is shown first.
 */
function reorderBySourceOfTruth(matches: Match[]): void {
  const likely = matches.filter((m) => m.verdict === 'likely-source');
  if (likely.length < 2) return;
  const top = likely[0]!;
  const topPages = new Set(top.passages.map((p) => p.page));
  let best = top;
  for (const m of likely.slice(1)) {
    const shared = m.passages.filter((p) => topPages.has(p.page)).length;
    const explainsSame = shared >= 0.5 * Math.min(topPages.size, m.passages.length);
    const metaOf = (x: Match): EntryMeta => ({ id: x.id, title: x.title, original: x.original, published: x.published ?? undefined });
    if (explainsSame && preferredFirst(metaOf(m), metaOf(best)) < 0) best = m;
  }
  if (best !== top) {
    matches.splice(matches.indexOf(best), 1);
    matches.unshift(best);
  }
}
