/**
 * What `check` prints per article, in its three formats: a text report a journalist can
 * paste, CSV rows for a spreadsheet, and (in engine.ts) the JSON of the contract.
 *
 * The words follow the verdict: only a likely source is a text this article was taken
 * from. Related coverage shares names, facts or quotes and follows its own order; it is
 * listed apart, with its reason, and never with a "taken" figure or a passage count. An
 * indexed article that reads like a copy but is dated after the page is listed apart too.
 */
import type { CheckResult, Match } from '../lib/match';

export type Format = 'text' | 'json' | 'csv';
export const FORMATS: readonly Format[] = ['text', 'json', 'csv'];

/** Related coverage listed in full in a text report; the rest are counted (CSV and JSON list them all). */
export const RELATED_SHOWN = 5;

/** A date as a reader wants it: 2024-06-22, of a crawled 2024-06-22T11:40:00.000Z too (the JSON keeps it whole). */
export function dayOf(published: string): string {
  return /^\d{4}-\d{2}-\d{2}T/.test(published) ? published.slice(0, 10) : published;
}

/** "1 word", "2 words". */
export const counted = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "BBC News, Jonathan Head, 2024-06-20": who published the entry and when, as far as the index knows. */
function byline(m: Match): string {
  return [m.publisher, m.author, m.published && dayOf(m.published)].filter(Boolean).join(', ');
}

function described(m: Match): string {
  const by = byline(m);
  return `"${m.title}"${by ? ` (${by})` : ''}`;
}

/** A reason from the engine as one sentence, whatever its final punctuation. */
const sentence = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);

function likelySource(m: Match): string[] {
  if (m.self) return [`  THE INDEXED ORIGINAL ITSELF  ${described(m)}`, '    This page is that article, not a copy of it.'];
  const lines = [`  LIKELY SOURCE  ${m.overlap}% taken  ${described(m)}`];
  if (m.url) lines.push(`    ${m.url}`);
  const n = m.passages.length;
  lines.push(
    `    ${m.overlap}% of this article's words are in ${n} sentence${n === 1 ? '' : 's'} taken from it (mean similarity ${m.similarity.toFixed(2)}).`,
  );
  if (m.reason) lines.push(`    Why: ${sentence(m.reason)}`);
  if (m.duplicates.length) lines.push(`    The index holds the same text as: ${m.duplicates.join(', ')}.`);
  return lines;
}

function related(m: Match): string[] {
  const lines = [`    ${described(m)}`];
  if (m.url) lines.push(`      ${m.url}`);
  if (m.reason) lines.push(`      ${sentence(m.reason)}`);
  if (m.duplicates.length) lines.push(`      The index holds the same text as: ${m.duplicates.join(', ')}.`);
  return lines;
}

/** The text report for one article: its likely sources first, then the related coverage apart. */
export function formatResult(input: string, result: CheckResult): string {
  const lines = [`${input}: "${result.article.title || '(untitled)'}", ${counted(result.article.words, 'word')}`];
  if (result.article.truncated)
    lines.push(
      '  Only its beginning was checked: a page is read up to 10 MB of HTML, its text up to 200,000 characters and 400 sentences.',
    );
  if (result.status === 'too-short') return [...lines, `  ${result.message}`].join('\n');
  if (result.matches.length === 0) return [...lines, '  No source found in the index.'].join('\n');
  const sources = result.matches.filter((m) => m.verdict === 'likely-source');
  const later = result.matches.filter((m) => m.publishedAfterPage);
  const others = result.matches.filter((m) => m.verdict !== 'likely-source' && !m.publishedAfterPage);
  for (const m of sources) lines.push(...likelySource(m));
  if (sources.length === 0 && later.length === 0) lines.push('  No likely source: no indexed article reads as copied or rewritten here.');
  if (later.length) {
    const what =
      later.length === 1
        ? 'the indexed article with much of its wording and order was'
        : `the ${later.length} indexed articles with much of its wording and order were`;
    if (sources.length === 0) lines.push(`  No likely source: ${what} published after it, so this article may be the earlier one.`);
    lines.push('  Published after this article, so not its source:');
    for (const m of later) lines.push(...related(m));
  }
  if (others.length) {
    const what =
      others.length === 1
        ? '1 article that shares names, facts or quotes with this one and follows its own order'
        : `${others.length} articles that share names, facts or quotes with this one and follow their own order`;
    lines.push(`  Related coverage, not a source: ${what}`);
    for (const m of others.slice(0, RELATED_SHOWN)) lines.push(...related(m));
    const more = others.length - RELATED_SHOWN;
    if (more > 0) lines.push(`    and ${more} more (--format=csv or --json lists them all)`);
  }
  return lines.join('\n');
}

// CSV (RFC 4180): one row per article and match, a header row first, CRLF line ends.

export const CSV_COLUMNS = [
  'input',
  'article_title',
  'article_words',
  'error',
  'rank',
  'verdict',
  'overlap',
  'similarity',
  'passages_taken',
  'source_id',
  'source_title',
  'publisher',
  'author',
  'published',
  'url',
  'reason',
  'duplicates',
  'self',
] as const;

type Column = (typeof CSV_COLUMNS)[number];
type Row = Partial<Record<Column, string | number | null>>;

/** One field, quoted when it holds a comma, a double quote or a line break (quotes doubled). */
export function csvField(value: string | number | null | undefined): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const csvLine = (fields: (string | number | null | undefined)[]) => fields.map(csvField).join(',') + '\r\n';

export function csvHeader(): string {
  return csvLine([...CSV_COLUMNS]);
}

/** The rows of one article: one per match, best first, or one with the match fields empty. */
export function csvRows(input: string, result: CheckResult): string {
  const article: Row = {
    input,
    article_title: result.article.title,
    article_words: result.article.words,
    error: result.status === 'too-short' ? result.message : '',
  };
  const rows: Row[] = result.matches.length
    ? result.matches.map((m, i) => ({
        ...article,
        rank: i + 1,
        verdict: m.verdict,
        overlap: m.overlap,
        similarity: m.similarity,
        // Passages are text taken from a source; related coverage has none to count.
        passages_taken: m.verdict === 'likely-source' ? m.passages.length : '',
        source_id: m.id,
        source_title: m.title,
        publisher: m.publisher,
        author: m.author,
        published: m.published,
        url: m.url,
        reason: m.reason,
        duplicates: m.duplicates.join(' '),
        self: m.self ? 'true' : '',
      }))
    : [article];
  return rows.map((r) => csvLine(CSV_COLUMNS.map((c) => r[c]))).join('');
}
