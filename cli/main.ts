import { readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { entryFromArticle, readCorpus, readPack, writePack, type Entry } from '../lib/index';
import { startCheckServer } from '../lib/store/http';
import { crawlIntoPack } from './crawl';
import { articleFromRequest, checkArticle, loadIdf, openSource, packEntries, resultJson, ROOT, type Article } from './engine';
import { formatResult } from './format';
import { DEFAULT_PORT, HELP } from './help';
import { articlesOf, DataError, expandInputs, readBytes, sniff } from './input';

/** A mistake on the command line: exit 2, with a pointer to the command's help. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly command = 'main',
  ) {
    super(message);
  }
}

/** Exit code of `check --fail-on-match` when an article has a likely source. */
export const EXIT_MATCH = 3;

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/** parseArgs with --help on every command, and its complaints as usage errors of that command. */
function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], command: string, options: O, positionals = true) {
  try {
    return parseArgs({ args, options: { ...options, ...HELP_OPTION }, allowPositionals: positionals, strict: true });
  } catch (e) {
    if (args.includes('--help') || args.includes('-h')) return { values: { help: true }, positionals: [] } as never;
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument starting with a '-'.*$/s, ''), command);
  }
}

function help(command: string): number {
  process.stdout.write(HELP[command]! + '\n');
  return 0;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

function readText(path: string): string {
  const bytes = readBytes(path);
  const s = sniff(bytes);
  if (s.kind === 'binary') throw new DataError(`${path}: not a text file (${s.what})`);
  return s.kind === 'empty' ? '' : s.text;
}

/** --index and --store name two different indexes: one or the other. */
function sourceOptions(values: { index?: string[]; store?: string }, command: string): { index?: string[]; store?: string } {
  if (values.index?.length && values.store) throw new UsageError('give --index or --store, not both', command);
  if (values.store !== undefined && !/^rediss?:\/\//.test(values.store))
    throw new UsageError('--store takes a redis://HOST:PORT address', command);
  return values;
}

async function runCheck(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, 'check', {
    index: { type: 'string', multiple: true },
    store: { type: 'string' },
    json: { type: 'boolean' },
    'fail-on-match': { type: 'boolean' },
  });
  if (values.help) return help('check');
  if (positionals.length === 0) throw new UsageError('check needs an input: a file, a folder, or - for standard input', 'check');
  if (positionals.filter((p) => p === '-').length > 1) throw new UsageError('standard input (-) can be given once', 'check');
  const inputs = expandInputs(positionals);
  const source = await openSource(sourceOptions(values, 'check'));
  const idf = loadIdf();
  let errors = 0;
  let matched = false;
  try {
    for (const { path, inFolder } of inputs) {
      let articles: Article[];
      try {
        const bytes = readBytes(path);
        if (inFolder) {
          const s = sniff(bytes);
          if (s.kind === 'binary' || s.kind === 'empty') {
            process.stderr.write(`provenance: ${path}: skipped, ${s.kind === 'empty' ? 'empty' : `not a text file (${s.what})`}\n`);
            continue;
          }
        }
        articles = articlesOf(bytes, path);
      } catch (e) {
        if (!(e instanceof DataError)) throw e;
        process.stderr.write(`provenance: ${e.message}\n`);
        errors++;
        continue;
      }
      for (const a of articles) {
        const result = await checkArticle(a, source.candidates, idf);
        matched ||= result.matches.some((m) => m.verdict === 'likely-source');
        process.stdout.write((values.json ? JSON.stringify(resultJson(a.input, result)) : formatResult(a.input, result)) + '\n');
      }
    }
  } finally {
    source.close();
  }
  if (errors) return 1;
  return values['fail-on-match'] && matched ? EXIT_MATCH : 0;
}

/** Corpus lines of one file; an empty one is an error, not an empty index. */
function corpusOf(file: string) {
  const articles = readCorpus(readText(file), file);
  if (articles.length === 0) throw new DataError(`${file} is empty: no articles in it`);
  return articles;
}

/** No id twice: the index keeps one entry per id, so a second would silently replace the first. */
function refuseDuplicates(ids: string[], where: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new DataError(`the id "${id}" appears twice in ${where}`);
    seen.add(id);
  }
}

async function runBuild(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, 'index build', { output: { type: 'string', short: 'o' }, name: { type: 'string' } });
  if (values.help) return help('index build');
  if (!values.output) throw new UsageError('index build needs -o <pack>', 'index build');
  if (positionals.length === 0) throw new UsageError('index build needs at least one corpus .jsonl file', 'index build');
  const started = Date.now();
  const articles = positionals.flatMap(corpusOf);
  refuseDuplicates(
    articles.map((a) => a.id),
    'the corpus',
  );
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

async function runInfo(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, 'index info', {});
  if (values.help) return help('index info');
  if (positionals.length !== 1) throw new UsageError('index info takes one pack', 'index info');
  const file = positionals[0]!;
  const bytes = readBytes(file);
  const result = await readPack(bytes);
  if (!result.ok) throw new DataError(`${file} was refused: ${result.error}`);
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

async function runCrawl(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, 'index crawl', {
    output: { type: 'string', short: 'o' },
    name: { type: 'string' },
    original: { type: 'boolean' },
    'max-pages': { type: 'string' },
  });
  if (values.help) return help('index crawl');
  const maxPages = values['max-pages'] === undefined ? undefined : Number(values['max-pages']);
  if (maxPages !== undefined && !(Number.isInteger(maxPages) && maxPages > 0))
    throw new UsageError(`--max-pages takes a number of pages, not ${values['max-pages']}`, 'index crawl');
  if (!values.output) throw new UsageError('index crawl needs -o <pack>', 'index crawl');
  if (positionals.length === 0) throw new UsageError('index crawl needs the address of at least one feed or sitemap', 'index crawl');
  for (const p of positionals) {
    if (!URL.canParse(p) || !/^https?:$/.test(new URL(p).protocol)) throw new UsageError(`not an http(s) address: ${p}`, 'index crawl');
  }
  return crawlIntoPack({
    feeds: positionals,
    output: values.output,
    name: values.name,
    original: values.original,
    maxPages,
    version: version(),
  });
}

async function runIndex(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'build') return runBuild(rest);
  if (sub === 'crawl') return runCrawl(rest);
  if (sub === 'info') return runInfo(rest);
  if (sub === 'push') return runPush(rest);
  if (sub === 'remove') return runRemove(rest);
  if (sub === '--help' || sub === '-h') return help('index');
  if (sub === undefined) throw new UsageError('index needs a command: build, crawl, info, push or remove', 'index');
  throw new UsageError(`unknown index command: ${sub} (build, crawl, info, push or remove)`, 'index');
}

function storeOption(args: string[], command: string): { store: string; positionals: string[]; help?: boolean } {
  const { values, positionals } = parse(args, command, { store: { type: 'string' } });
  if (values.help) return { store: '', positionals, help: true };
  if (!values.store) throw new UsageError(`${command} needs --store redis://HOST:PORT`, command);
  return { store: sourceOptions(values, command).store!, positionals };
}

/** Entries of packs and corpus files (told apart by content), in order; an id given twice is refused as `index build` refuses it. */
async function entriesOf(files: string[]): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (const f of files) {
    const s = sniff(readBytes(f));
    if (s.kind === 'binary') entries.push(...(await packEntries(f)));
    else entries.push(...corpusOf(f).map(entryFromArticle));
  }
  refuseDuplicates(
    entries.map((e) => e.meta.id),
    'what is pushed',
  );
  return entries;
}

async function runPush(args: string[]): Promise<number> {
  const { store: url, positionals, help: wanted } = storeOption(args, 'index push');
  if (wanted) return help('index push');
  if (positionals.length === 0) throw new UsageError('index push needs at least one pack or corpus .jsonl file', 'index push');
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
  const { store: url, positionals, help: wanted } = storeOption(args, 'index remove');
  if (wanted) return help('index remove');
  if (positionals.length === 0) throw new UsageError('index remove needs the id of at least one entry', 'index remove');
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
  const { values, positionals } = parse(args, 'serve', {
    index: { type: 'string', multiple: true },
    store: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
  });
  if (values.help) return help('serve');
  if (positionals.length) throw new UsageError('serve takes no input: articles are POSTed to it', 'serve');
  const port = Number(values.port ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes a port number, not ${values.port}`, 'serve');
  const source = await openSource(sourceOptions(values, 'serve'));
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

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = { check: runCheck, index: runIndex, serve: runServe };

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === '--help' || command === '-h') return help('main');
    if (command === undefined) throw new UsageError('no command given (check, index or serve)');
    if (command === '--version' || command === '-V' || command === 'version') {
      process.stdout.write(`provenance ${version()}\n`);
      return 0;
    }
    if (command === 'help') {
      const topic = rest.join(' ') || 'main';
      if (!HELP[topic]) throw new UsageError(`no help for "${topic}": commands are check, index, serve`);
      return help(topic);
    }
    const run = COMMANDS[command];
    if (!run) throw new UsageError(`unknown command: ${command}`);
    return await run(rest);
  } catch (e) {
    const err = e as Error;
    process.stderr.write(`provenance: ${err.message}\n`);
    if (!(e instanceof UsageError)) return 1;
    const hint = e.command === 'main' ? 'provenance --help' : `provenance ${e.command} --help`;
    process.stderr.write(`Try '${hint}' for usage.\n`);
    return 2;
  }
}
