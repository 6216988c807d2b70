import { readFileSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { entryFromArticle, readCorpus, readPack, writePack, type Entry } from '../lib/index';
import type { CheckResult } from '../lib/match';
import { startCheckServer } from '../lib/store/http';
import { articleFromHtml, articleFromRequest, checkArticle, loadIdf, openSource, packEntries, resultJson, type Article } from './engine';
import { formatResult } from './format';

const DEFAULT_PORT = 8766;

const USAGE = `Usage:
  provenance check [--index <pack>... | --store redis://HOST:PORT] [--json] <file.html|file.txt|file.jsonl|->
  provenance index build <corpus.jsonl>... -o <pack> [--name <name>]
  provenance index info <pack>
  provenance index push <pack|corpus.jsonl>... --store redis://HOST:PORT
  provenance index remove <id>... --store redis://HOST:PORT
  provenance serve [--index <pack>... | --store redis://HOST:PORT] [--port N] [--host ADDRESS]

check    finds where an article came from (the bundled index unless --index or --store is given)
index    builds an index pack from corpus lines {"id","title","text","url"?,"publisher"?,
         "author"?,"published"?,"original"?} or describes a pack; pushes packs or corpora
         to a Redis store (one node or a cluster), or removes entries from it
serve    answers POST /check (an article as JSON {"title"?,"text","lang"?}, HTML or plain
         text) with the check --json object, on http://127.0.0.1:${DEFAULT_PORT} by default`;

class UsageError extends Error {}

function readInput(path: string): string {
  try {
    return path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Turns an input file into the articles to check, by its extension (or content, for stdin). */
function articlesOf(path: string): Article[] {
  const raw = readInput(path);
  const ext = path === '-' ? (/^\s*</.test(raw) ? '.html' : '.txt') : extname(path).toLowerCase();
  if (ext === '.html' || ext === '.htm') return [articleFromHtml(raw, path)];
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
  return [{ input: path, title: headlineOf(raw), text: raw }];
}

/** A plain text's first line is its headline when it reads like one: short, no full stop, more text after it. */
function headlineOf(text: string): string | undefined {
  const trimmed = text.trim();
  const first = trimmed.split('\n', 1)[0]!.trim();
  return first.length > 0 && first.length <= 200 && !/[.!?:;]["”’)]?$/.test(first) && trimmed.length > first.length ? first : undefined;
}

/** --index and --store name two different indexes: one or the other. */
function sourceOptions(values: { index?: string[]; store?: string }): { index?: string[]; store?: string } {
  if (values.index?.length && values.store) throw new UsageError('give --index or --store, not both');
  if (values.store !== undefined && !/^rediss?:\/\//.test(values.store)) throw new UsageError('--store takes a redis://HOST:PORT address');
  return values;
}

async function runCheck(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { index: { type: 'string', multiple: true }, store: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (positionals.length !== 1) throw new UsageError('check takes exactly one input (a file or -)');
  const articles = articlesOf(positionals[0]!);
  const source = await openSource(sourceOptions(values));
  const idf = loadIdf();
  try {
    for (const a of articles) {
      const result: CheckResult = await checkArticle(a, source.candidates, idf);
      process.stdout.write((values.json ? JSON.stringify(resultJson(a.input, result)) : formatResult(a.input, result)) + '\n');
    }
  } finally {
    source.close();
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
    const entries = articles.map(entryFromArticle).filter((e) => {
      if (e.fingerprint.offsets.length > 1) return true;
      process.stderr.write(
        `provenance: warning: "${e.meta.id}" has no article sentences (${e.meta.words ?? 0} words after site chrome), left out of the pack\n`,
      );
      return false;
    });
    const bytes = await writePack(entries, values.name ?? basename(values.output, extname(values.output)));
    writeFileSync(values.output, bytes);
    const secs = (Date.now() - started) / 1000;
    process.stderr.write(`${values.output}: ${entries.length} entries, ${bytes.length} bytes, ${secs.toFixed(1)} s\n`);
    return 0;
  }
  if (sub === 'info') {
    if (rest.length !== 1) throw new UsageError('index info takes one pack');
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(rest[0]!);
    } catch (e) {
      throw new Error(`cannot read ${rest[0]}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const result = await readPack(bytes);
    if (!result.ok) {
      process.stderr.write(`provenance: ${rest[0]} was refused: ${result.error}\n`);
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
        `bytes:     ${bytes.length}`,
      ].join('\n') + '\n',
    );
    return 0;
  }
  if (sub === 'push') return runPush(rest);
  if (sub === 'remove') return runRemove(rest);
  throw new UsageError(`unknown index command: ${sub ?? '(none)'}`);
}

function storeOption(args: string[], what: string): { store: string; positionals: string[] } {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { store: { type: 'string' } } });
  if (!values.store) throw new UsageError(`${what} needs --store redis://HOST:PORT`);
  return { store: sourceOptions(values).store!, positionals };
}

/** Entries of packs and corpus files (.jsonl), in order; an id given twice is refused as `index build` refuses it. */
async function entriesOf(files: string[]): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (const f of files) {
    if (extname(f).toLowerCase() === '.jsonl') entries.push(...readCorpus(readInput(f), f).map(entryFromArticle));
    else entries.push(...(await packEntries(f)));
  }
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.meta.id)) throw new UsageError(`the id "${e.meta.id}" appears twice in what is pushed`);
    seen.add(e.meta.id);
  }
  return entries;
}

async function runPush(args: string[]): Promise<number> {
  const { store: url, positionals } = storeOption(args, 'index push');
  if (positionals.length === 0) throw new UsageError('index push needs at least one pack or corpus .jsonl file');
  const started = Date.now();
  const entries = await entriesOf(positionals);
  const { RedisStore } = await import('../lib/store/redis');
  const store = await RedisStore.open(url, { create: true });
  try {
    const progress = process.stderr.isTTY ? (done: number) => process.stderr.write(`\r${done} / ${entries.length} entries`) : undefined;
    const r = await store.push(entries, progress);
    if (progress) process.stderr.write('\n');
    const secs = (Date.now() - started) / 1000;
    process.stderr.write(
      `${store.connection.name}: ${entries.length} entries pushed (${r.added} added, ${r.replaced} replaced, ${r.unchanged} unchanged), ${secs.toFixed(1)} s\n`,
    );
  } finally {
    store.close();
  }
  return 0;
}

async function runRemove(args: string[]): Promise<number> {
  const { store: url, positionals } = storeOption(args, 'index remove');
  if (positionals.length === 0) throw new UsageError('index remove needs the id of at least one entry');
  const { RedisStore } = await import('../lib/store/redis');
  const store = await RedisStore.open(url);
  try {
    const r = await store.remove(positionals);
    process.stderr.write(`${store.connection.name}: ${r.removed.length} ${r.removed.length === 1 ? 'entry' : 'entries'} removed\n`);
    if (r.missing.length) process.stderr.write(`provenance: not in the store: ${r.missing.join(', ')}\n`);
    return r.missing.length ? 1 : 0;
  } finally {
    store.close();
  }
}

async function runServe(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { index: { type: 'string', multiple: true }, store: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } },
  });
  if (positionals.length) throw new UsageError('serve takes no input: articles are POSTed to it');
  const port = Number(values.port ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes a port number, not ${values.port}`);
  const source = await openSource(sourceOptions(values));
  const idf = loadIdf();
  try {
    const server = await startCheckServer({
      host: values.host ?? '127.0.0.1',
      port,
      index: source.name,
      answer: async (req) => {
        const a = articleFromRequest(req);
        return resultJson(a.input, await checkArticle(a, source.candidates, idf));
      },
    });
    process.stderr.write(`provenance: serving checks against ${source.name} on ${server.url}/check (Ctrl-C stops)\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
  } finally {
    source.close();
  }
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'check') return await runCheck(rest);
    if (command === 'index') return await runIndex(rest);
    if (command === 'serve') return await runServe(rest);
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
