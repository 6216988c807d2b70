import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../cli/format';
import { corpus, corpusLine, derivative } from '../fixtures/news';
import { independentReport, original, rewrite, scrapedCopy } from './fixtures/ferry-pier';

const cli = (args: string[], input?: string) => spawnSync('node', ['bin/provenance.mjs', ...args], { encoding: 'utf8', input });
const tmp = mkdtempSync(join(tmpdir(), 'provenance-report-'));
const file = (name: string, content: string) => {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
};
const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** The ferry-pier original, its title with a comma and quotes, its link on the source's site. */
const source = {
  ...original,
  title: 'Kellmouth pier "cannot be saved", council told, as survey finds rotten piles',
  url: 'https://gazette.example/kellmouth/ferry-pier',
};
let pack: string;

beforeAll(() => {
  pack = join(tmp, 'ferry.pack');
  const built = cli(['index', 'build', file('ferry.jsonl', jsonl([source])), '-o', pack]);
  expect(built.status, built.stderr).toBe(0);
});

const checkText = (article: { title: string; text: string }) => {
  const r = cli(['check', '--index', pack, '-'], `${article.title}\n\n${article.text}`);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
};
const checkJson = (article: { title: string; text: string }) =>
  JSON.parse(cli(['check', '--index', pack, '--json', '-'], `${article.title}\n\n${article.text}`).stdout);

describe('the text report of check', () => {
  it('names a likely source with the share taken, its link and the one-line reason', () => {
    const out = checkText(scrapedCopy);
    const m = checkJson(scrapedCopy).matches[0];
    expect(m.verdict).toBe('likely-source');
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe(`-: "${scrapedCopy.title}", ${checkJson(scrapedCopy).article.words} words`);
    expect(lines[1]).toBe(`  LIKELY SOURCE  ${m.overlap}% taken  "${source.title}" (Kellmouth Gazette, 2023-05-11)`);
    expect(lines[2]).toBe(`    ${source.url}`);
    expect(lines[3]).toBe(
      `    ${m.overlap}% of this article's words are in ${m.passages.length} sentences taken from it (mean similarity ${m.similarity.toFixed(2)}).`,
    );
    expect(lines[4]).toBe(`    Why: ${m.reason}`);
    expect(m.reason).toMatch(/follow the one before them in the source's order/);
    expect(out).not.toMatch(/Related coverage|No source found|No likely source/);
  });

  it('says the same of a rewrite that keeps the order but not the words', () => {
    const out = checkText(rewrite);
    expect(out).toMatch(/^ {2}LIKELY SOURCE {2}\d+% taken {2}"Kellmouth pier "cannot be saved"/m);
    expect(out).toMatch(/^ {4}Why: \d+ of \d+ sentences outside quotes follow the one before them in the source's order/m);
  });

  it('lists related coverage apart, as what it is, never as taken and with no passages', () => {
    const json = checkJson(independentReport);
    expect(json.matches.map((m: { verdict: string }) => m.verdict)).toEqual(['related']);
    const out = checkText(independentReport);
    expect(out).toBe(
      [
        `-: "${independentReport.title}", ${json.article.words} words`,
        '  No likely source: no indexed article reads as copied or rewritten here.',
        '  Related coverage, not a source: 1 article that shares names, facts or quotes with this one and follows its own order',
        `    "${source.title}" (Kellmouth Gazette, 2023-05-11)`,
        `      ${source.url}`,
        `      ${json.matches[0].reason}`,
        '',
      ].join('\n'),
    );
    expect(out).not.toMatch(/taken|passage/i);
    expect(out).not.toMatch(/LIKELY SOURCE|No source found/);
    // The overlap figure is the share of the page in sentences taken from a source: not shown for related coverage.
    expect(out).not.toContain(`${json.matches[0].overlap}%`);
  });

  it('separates the articles of a report with a blank line, and says plainly when nothing matched', () => {
    const queries = file(
      'three.jsonl',
      jsonl([
        { id: 'copy', ...scrapedCopy },
        { id: 'other', title: 'Tram line approved', text: 'Councillors approved the riverside tram line on Tuesday. '.repeat(8) },
        { id: 'report', ...independentReport },
      ]),
    );
    const blocks = cli(['check', '--index', pack, queries]).stdout.trimEnd().split('\n\n');
    expect(blocks.map((b) => b.split(':')[0])).toEqual(['copy', 'other', 'report']);
    expect(blocks[1]).toMatch(/\n {2}No source found in the index\.$/);
  });
});

describe('check --format=csv', () => {
  it('gives a header row and one row per article and match that a CSV reader reads back, commas, quotes and line breaks included', () => {
    const articles = [
      { id: 'copy, "scraped"', title: 'Pier to close, "rotten" piles found', text: scrapedCopy.text },
      { id: 'report', title: 'Islanders fear for ferry,\nand say "no one asked"', text: independentReport.text },
      { id: 'other', title: 'Tram line approved', text: 'Councillors approved the riverside tram line on Tuesday. '.repeat(8) },
      { id: 'short', title: 'Brief', text: 'Too short to check.' },
    ];
    const queries = file('csv.jsonl', jsonl(articles));
    const r = cli(['check', '--index', pack, '--format=csv', queries]);
    // The short one is not checked: its row says why, and the exit status says not every article was.
    expect(r.stderr).toBe('provenance: short: Not enough article text to check (4 words; at least 30 are needed).\n');
    expect(r.status).toBe(1);
    expect(r.stdout.endsWith('\r\n')).toBe(true);
    const rows: string[][] = parse(r.stdout, { relaxQuotes: false, relaxColumnCount: false });
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const records = rows.slice(1).map((row) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, row[i]])));

    const json = cli(['check', '--index', pack, '--json', queries])
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // One row per match, or one with the match fields empty.
    expect(records).toHaveLength(json.reduce((n, j) => n + Math.max(1, j.matches.length), 0));
    expect(records.map((r) => r.input)).toEqual(articles.map((a) => a.id));
    for (const [i, j] of json.entries()) {
      const row = records[i]!;
      expect(row).toMatchObject({ input: j.input, article_title: j.article.title, article_words: String(j.article.words) });
      const m = j.matches[0];
      if (!m) {
        expect([row.rank, row.verdict, row.overlap, row.source_id, row.source_title, row.reason]).toEqual(['', '', '', '', '', '']);
        continue;
      }
      expect(row).toMatchObject({
        rank: '1',
        verdict: m.verdict,
        overlap: String(m.overlap),
        similarity: String(m.similarity),
        source_id: m.id,
        source_title: source.title,
        publisher: 'Kellmouth Gazette',
        published: '2023-05-11',
        url: source.url,
        reason: m.reason,
      });
      expect(row.passages_taken).toBe(m.verdict === 'likely-source' ? String(m.passages.length) : '');
    }
    expect(records[0]).toMatchObject({ article_title: 'Pier to close, "rotten" piles found', verdict: 'likely-source' });
    expect(records[1]).toMatchObject({ article_title: 'Islanders fear for ferry,\nand say "no one asked"', verdict: 'related' });
    expect(records[2]).toMatchObject({ verdict: '', error: '' });
    expect(records[3]!.error).toMatch(/./);
  });

  it('refuses a format it does not know, and --json with another format, as usage mistakes', () => {
    const xml = cli(['check', '--format=xml', 'demo/original.html']);
    expect(xml.status).toBe(2);
    expect(xml.stderr).toMatch(/--format takes text, json, csv, not "xml"/);
    const both = cli(['check', '--json', '--format=csv', 'demo/original.html']);
    expect(both.status).toBe(2);
    expect(cli(['check', '--json', '--format=json', 'demo/original.html']).status).toBe(0);
  });

  it('is documented in check --help', () => {
    const help = cli(['check', '--help']).stdout;
    expect(help).toMatch(/--format <format>/);
    expect(help).toMatch(/csv {3}a header row, then one row per article and match/);
    expect(help).toMatch(/-q, --quiet/);
  });
});

describe('progress of long work, when standard error is not a terminal', () => {
  const news = corpus(60);
  const corpusFile = file('news.jsonl', jsonl(news.map(corpusLine)));
  const newsPack = join(tmp, 'news.pack');

  it('index build writes a progress line now and then on stderr, and nothing on stdout', () => {
    const r = cli(['index', 'build', corpusFile, '-o', newsPack]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    const progress = lines.filter((l) => l.startsWith('provenance: index build: '));
    expect(progress.length).toBeGreaterThanOrEqual(10);
    expect(progress.length).toBeLessThanOrEqual(12);
    expect(progress.at(-1)).toMatch(/^provenance: index build: 100%, 60 of 60 articles, [\d.]+ articles\/s$/);
    expect(lines.at(-1)).toMatch(/news\.pack: 60 entries, \d+ bytes/);
    expect(r.stderr).not.toContain('\r');
    expect(r.stderr).not.toContain('\x1b');
    expect(cli(['index', 'build', '--quiet', corpusFile, '-o', newsPack]).stderr).toBe('');
  });

  it('a check of a large .jsonl keeps stdout to the results and shows its progress on stderr', () => {
    const queries = file(
      'queries.jsonl',
      jsonl(
        news.map((a, i) => {
          const { title, text } = derivative(a, i % 2 ? 'light-edit' : 'independent');
          return { id: `q${i}`, title, text };
        }),
      ),
    );
    const r = cli(['check', '--index', newsPack, '--json', queries]);
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout.trimEnd().split('\n');
    expect(out).toHaveLength(60);
    expect(out.map((l) => JSON.parse(l).input)).toEqual(news.map((_, i) => `q${i}`));
    const progress = r.stderr.trimEnd().split('\n');
    expect(progress.every((l) => /^provenance: check: \d+%, \d+ of 60 articles/.test(l))).toBe(true);
    expect(progress.at(-1)).toMatch(/^provenance: check: 100%, 60 of 60 articles/);
    expect(cli(['check', '--quiet', '--index', newsPack, '--json', queries]).stderr).toBe('');
  });

  it('a check of many files counts the files done and the articles checked', () => {
    const folder = join(tmp, 'pages');
    mkdirSync(folder);
    news.forEach((a, i) => writeFileSync(join(folder, `${String(i).padStart(2, '0')}.txt`), `${a.title}\n\n${a.text}`));
    const r = cli(['check', '--index', newsPack, '--format=csv', folder]);
    expect(r.status, r.stderr).toBe(0);
    const rows: string[][] = parse(r.stdout);
    expect(new Set(rows.slice(1).map((row) => row[0])).size).toBe(60);
    const progress = r.stderr.trimEnd().split('\n');
    expect(progress.every((l) => /^provenance: check: \d+%, \d+ articles/.test(l))).toBe(true);
    expect(progress.at(-1)).toMatch(/^provenance: check: 100%, 60 articles/);

    // The text report lists five related articles at most, and counts the others.
    const blocks = cli(['check', '--quiet', '--index', newsPack, folder]).stdout.trimEnd().split('\n\n');
    expect(blocks).toHaveLength(60);
    let capped = 0;
    for (const b of blocks) {
      const n = Number(/Related coverage, not a source: (\d+) article/.exec(b)?.[1] ?? 0);
      const listed = b.split('\n').filter((l) => l.startsWith('    "')).length;
      expect(listed).toBe(Math.min(n, 5));
      if (n > 5) {
        capped++;
        expect(b).toContain(`\n    and ${n - 5} more (--format=csv or --json lists them all)`);
      }
    }
    expect(capped).toBeGreaterThan(0);
  });

  it('a single quick check shows no progress at all', () => {
    const r = cli(['check', 'demo/derivative.html']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});
