import { readFileSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { entryFromArticle, readCorpus, readPack } from '../lib/index';
import { check, type CheckResult } from '../lib/match';
import { extractHtml } from '../lib/extract/node';
import { loadIdf, loadIndex } from './engine';
import { formatResult } from './format';

const USAGE = `Usage:
  provenance check [--index <pack>]... [--json] <file.html|file.txt|file.jsonl|->
  provenance index build <corpus.jsonl>... -o <pack> [--name <name>]
  provenance index info <pack>

check    finds where an article came from (the bundled index unless --index is given)
index    builds an index pack from corpus lines {"id","title","text","url"?,"publisher"?,
         "author"?,"published"?,"original"?} or describes a pack`;

class UsageError extends Error {}

interface Article {
  input: string;
  /** Why there is nothing to check (an HTML page without an article). */
  error?: string;
  title?: string;
  text: string;
  paragraphs?: string[];
  lang?: string;
}

function readInput(path: string): string {
  return path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
}

/** Turns an input file into the articles to check, by its extension (or content, for stdin). */
function articlesOf(path: string): Article[] {
  const raw = readInput(path);
  const ext = path === '-' ? (/^\s*</.test(raw) ? '.html' : '.txt') : extname(path).toLowerCase();
  if (ext === '.html' || ext === '.htm') {
    const result = extractHtml(raw, null);
    if (!result.ok) {
      const why = result.reason === 'not-an-article' ? 'the page does not look like an article' : 'no article text was found in the page';
      return [{ input: path, text: '', title: '', error: `Nothing to check: ${why}.` }];
    }
    const a = result.article;
    return [{ input: path, title: a.title, text: a.text, paragraphs: a.paragraphs, lang: a.lang }];
  }
  if (ext === '.jsonl') {
    return raw
      .split('\n')
      .map((line, i) => ({ line, i }))
      .filter(({ line }) => line.trim())
      .map(({ line, i }) => {
        let o: { id?: unknown; title?: unknown; text?: unknown; lang?: unknown };
        try {
          o = JSON.parse(line);
        } catch {
          throw new UsageError(`${path}:${i + 1}: not valid JSON`);
        }
        if (typeof o.text !== 'string') throw new UsageError(`${path}:${i + 1}: "text" is missing`);
        return {
          input: typeof o.id === 'string' ? o.id : `${path}:${i + 1}`,
          title: typeof o.title === 'string' ? o.title : undefined,
          text: o.text,
          lang: typeof o.lang === 'string' ? o.lang : undefined,
        };
      });
  }
  return [{ input: path, text: raw }];
}

async function runCheck(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { index: { type: 'string', multiple: true }, json: { type: 'boolean' } },
  });
  if (positionals.length !== 1) throw new UsageError('check takes exactly one input (a file or -)');
  const articles = articlesOf(positionals[0]!);
  const index = await loadIndex(values.index ?? []);
  const idf = loadIdf();
  for (const a of articles) {
    const result: CheckResult = a.error
      ? { status: 'too-short', article: { title: '', words: 0 }, matches: [], message: a.error }
      : check({ title: a.title, text: a.text, paragraphs: a.paragraphs, lang: a.lang }, index, idf);
    if (values.json) {
      const { article, matches } = result;
      process.stdout.write(
        JSON.stringify({
          input: a.input,
          article,
          ...(result.status === 'too-short' ? { error: result.message } : {}),
          matches: matches.map(({ original: _o, ...m }) => m),
        }) + '\n',
      );
    } else {
      process.stdout.write(formatResult(a.input, result) + '\n');
    }
  }
  return 0;
}

async function runIndex(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'build') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { output: { type: 'string', short: 'o' }, name: { type: 'string' } },
    });
    if (!values.output) throw new UsageError('index build needs -o <pack>');
    if (positionals.length === 0) throw new UsageError('index build needs at least one corpus .jsonl file');
    const started = Date.now();
    const articles = positionals.flatMap((f) => readCorpus(readInput(f), f));
    const seen = new Set<string>();
    for (const a of articles) {
      if (seen.has(a.id)) throw new UsageError(`the id "${a.id}" appears twice in the corpus`);
      seen.add(a.id);
    }
    const { writePack } = await import('../lib/index');
    const bytes = await writePack(articles.map(entryFromArticle), values.name ?? basename(values.output, extname(values.output)));
    writeFileSync(values.output, bytes);
    const secs = (Date.now() - started) / 1000;
    process.stderr.write(`${values.output}: ${articles.length} entries, ${bytes.length} bytes, ${secs.toFixed(1)} s\n`);
    return 0;
  }
  if (sub === 'info') {
    if (rest.length !== 1) throw new UsageError('index info takes one pack');
    const result = await readPack(readFileSync(rest[0]!));
    if (!result.ok) {
      process.stderr.write(`${rest[0]} was refused: ${result.error}\n`);
      return 1;
    }
    const { header, entries } = result.pack;
    const dates = entries
      .map((e) => e.meta.published)
      .filter(Boolean)
      .sort();
    process.stdout.write(
      [
        `pack:      ${header.name}`,
        `format:    ${header.format} v${header.version}`,
        `created:   ${header.created}`,
        `entries:   ${header.entries} (${entries.filter((e) => e.meta.original).length} marked original)`,
        `sentences: ${header.sentences}`,
        `published: ${dates.length ? `${dates[0]} .. ${dates[dates.length - 1]}` : 'no dates'}`,
        `bytes:     ${readFileSync(rest[0]!).length}`,
      ].join('\n') + '\n',
    );
    return 0;
  }
  throw new UsageError(`unknown index command: ${sub ?? '(none)'}`);
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'check') return await runCheck(rest);
    if (command === 'index') return await runIndex(rest);
    if (command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    throw new UsageError(command ? `unknown command: ${command}` : 'no command given');
  } catch (e) {
    const err = e as Error;
    process.stderr.write(`provenance: ${err.message}\n`);
    if (e instanceof UsageError) process.stderr.write(`\n${USAGE}\n`);
    return e instanceof UsageError ? 2 : 1;
  }
}
