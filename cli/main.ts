import { readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { readPack, writePack, type CorpusArticle, type Entry } from '../lib/index';
import { startCheckServer } from './serve';
import { corpusArticles, countLines, fileHead, isSavedPage } from './corpus-stream';
import { crawlIntoPack } from './crawl';
import { fingerprintAll } from './fingerprint-pool';
import { MAX_SENTENCES } from '../lib/fingerprint';
import { partsLine, writeParts } from './parts';
import { articleFromRequest, checkArticle, loadIdf, openSource, packEntries, resultJson, ROOT, type Article } from './engine';
import { csvHeader, csvRows, dayOf, formatResult, FORMATS, type Format } from './format';
import { DEFAULT_PORT, HELP } from './help';
import { fileError } from './files';
import { articlesOf, DataError, encodingOf, expandInputs, readBytes, sniff } from './input';
import { checkListed, localManifest, type LocalManifest } from './pack-paths';
import { Progress } from './progress';

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

/** --index and --store name two different indexes: one or the other. */
function sourceOptions(values: { index?: string[]; store?: string }, command: string): { index?: string[]; store?: string } {
  if (values.index?.length && values.store) throw new UsageError('give --index or --store, not both', command);
  if (values.store !== undefined && !/^rediss?:\/\//.test(values.store))
    throw new UsageError('--store takes a redis://HOST:PORT address', command);
  return values;
}

/** --format=text|json|csv, or --json (the same as --format=json); not both, unless they agree. */
function formatOf(values: { json?: boolean; format?: string }): Format {
  const f = values.format;
  if (f !== undefined && !FORMATS.includes(f as Format)) throw new UsageError(`--format takes ${FORMATS.join(', ')}, not "${f}"`, 'check');
  if (values.json && f !== undefined && f !== 'json') throw new UsageError(`give --json or --format=${f}, not both`, 'check');
  return values.json ? 'json' : ((f as Format | undefined) ?? 'text');
}

async function runCheck(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, 'check', {
    index: { type: 'string', multiple: true },
    store: { type: 'string' },
    json: { type: 'boolean' },
    format: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    'fail-on-match': { type: 'boolean' },
  });
  if (values.help) return help('check');
  const format = formatOf(values);
  if (positionals.length === 0) throw new UsageError('check needs an input: a file, a folder, or - for standard input', 'check');
  if (positionals.filter((p) => p === '-').length > 1) throw new UsageError('standard input (-) can be given once', 'check');
  const inputs = expandInputs(positionals);
  const source = await openSource(sourceOptions(values, 'check'));
  const idf = loadIdf();
  // Many files: the share of files done (the number of articles is known file by file); one file: its articles.
  const progress = new Progress({
    label: 'check',
    unit: 'articles',
    size: inputs.length > 1 ? inputs.length : undefined,
    enabled: !values.quiet,
  });
  // On a terminal that shows both, a result or a message goes where the bar was; the next update redraws it.
  const out = (s: string) => {
    if (process.stdout.isTTY) progress.clear();
    process.stdout.write(s);
  };
  const note = (s: string) => {
    progress.clear();
    process.stderr.write(s);
  };
  let errors = 0;
  let matched = false;
  let checked = 0;
  if (format === 'csv') out(csvHeader());
  try {
    for (const [f, { path, inFolder }] of inputs.entries()) {
      let articles: Article[];
      try {
        const bytes = readBytes(path);
        if (inFolder) {
          const s = sniff(bytes);
          if (s.kind === 'binary' || s.kind === 'empty') {
            note(`provenance: ${path}: skipped, ${s.kind === 'empty' ? 'empty' : `not a text file (${s.what})`}\n`);
            continue;
          }
        }
        articles = articlesOf(bytes, path);
      } catch (e) {
        if (!(e instanceof DataError)) throw e;
        if (format === 'json' || format === 'csv') {
          // In the results too, in its place: a script pairs every input with one result.
          articles = [{ input: path, text: '', invalid: true, error: e.message }];
        } else {
          note(`provenance: ${e.message}\n`);
          errors++;
          continue;
        }
      }
      if (inputs.length === 1) progress.setTotal(articles.length);
      for (const [i, a] of articles.entries()) {
        if (a.invalid) {
          note(`provenance: ${a.error}\n`);
          errors++;
        }
        const result = await checkArticle(a, source.candidates, idf);
        if (result.status === 'too-short' && !a.invalid) {
          // Not an article, or too little of one: not checked, which a script must not read as "no source".
          if (format !== 'text') note(`provenance: ${a.input}: ${result.message}\n`);
          errors++;
        }
        matched ||= result.matches.some((m) => m.verdict === 'likely-source' && !m.self);
        if (format === 'json') out(JSON.stringify(resultJson(a.input, result)) + '\n');
        else if (format === 'csv') out(csvRows(a.input, result));
        // A blank line between the articles of a text report; an input that is not an article is named as such, without a headline or word count.
        else
          out(
            (checked ? '\n' : '') +
              (a.invalid ? `${a.input}: not checked: ${a.error!.replace(`${a.input}: `, '')}` : formatResult(a.input, result)) +
              '\n',
          );
        progress.update(++checked, inputs.length > 1 ? (f + (i + 1) / articles.length) / inputs.length : undefined);
      }
    }
  } finally {
    progress.done();
    source.close();
  }
  if (errors) return 1;
  // Folders with nothing to check in them: a script must not read that as "checked, no source".
  if (checked === 0) {
    note(`provenance: no article to check in ${positionals.join(', ')}\n`);
    return 1;
  }
  return values['fail-on-match'] && matched ? EXIT_MATCH : 0;
}

/**
 * The articles of corpus files, streamed in order; an empty file is an error, not an empty
 * index, and an id given twice is a bad line (corpusArticles).
 */
async function* corpora(files: string[], where: string, skippable = new Set<string>()): AsyncGenerator<CorpusArticle> {
  const seen = new Map<string, string>();
  for (const file of files) {
    let any = false;
    try {
      for await (const { article: a } of corpusArticles(file, seen, where)) {
        any = true;
        yield a;
      }
    } catch (e) {
      // A page found in a folder that is no article (its index page, a gallery) is passed over, and said so.
      if (!(e instanceof DataError) || !skippable.has(file)) throw e;
      process.stderr.write(`provenance: warning: skipped ${(e as Error).message}\n`);
      continue;
    }
    if (!any) throw new DataError(`${file} is empty: no articles in it`);
  }
}

/**
 * Corpus files as index entries, analysed on every core (--threads), with progress; an
 * article without article sentences is left out with a warning.
 */
async function indexed(
  files: string[],
  where: string,
  progress: Progress,
  threads?: number,
  expected?: number | null,
  leftOutOf = 'the pack',
  skippable?: Set<string>,
): Promise<Entry[]> {
  const entries: Entry[] = [];
  let n = 0;
  for await (const e of fingerprintAll(corpora(files, where, skippable), { threads, expected })) {
    if (e.fingerprint.offsets.length > 1) {
      entries.push(e);
      const kept = e.fingerprint.words.reduce((sum, w) => sum + w, 0);
      if (e.fingerprint.words.length === MAX_SENTENCES && kept < (e.meta.words ?? 0)) {
        progress.clear();
        process.stderr.write(
          `provenance: warning: "${e.meta.id}" is longer than an entry holds: only its first ${MAX_SENTENCES} sentences (${kept} of ${e.meta.words} words) are indexed\n`,
        );
      }
    } else {
      progress.clear();
      process.stderr.write(
        `provenance: warning: "${e.meta.id}" has no article sentences (${e.meta.words ?? 0} words after site chrome), left out of ${leftOutOf}\n`,
      );
    }
    progress.update(++n);
  }
  progress.done();
  return entries;
}

/** How many articles the corpus files hold, for progress (null when one is standard input). */
async function corpusSize(files: string[], isPage: (file: string) => boolean = isSavedPage): Promise<number | null> {
  let total = 0;
  for (const f of files) {
    const n = isPage(f) ? 1 : await countLines(f);
    if (n === null) return null;
    total += n;
  }
  return total;
}

function threadsOption(raw: string | undefined, command: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--threads takes a whole number of at least 1, not "${raw}"`, command);
  return n;
}

/**
 * The files `index build` reads: folders of saved pages expanded to their files; a file given
 * twice, or the pack to write among them, is a usage mistake (the build would write its pack
 * over its own corpus, which a pack cannot give back: it holds no article text).
 */
function corpusInputs(paths: string[], output: string | undefined): { files: string[]; pages: Set<string>; skippable: Set<string> } {
  // In a folder, only what can be indexed: saved pages and corpus files (not its images).
  const found = expandInputs(paths)
    .map((f) => ({ ...f, page: isSavedPage(f.path) }))
    .filter((f) => !f.inFolder || f.page || extname(f.path).toLowerCase() === '.jsonl');
  const files = found.map((f) => f.path);
  if (files.length === 0) throw new DataError(`no saved pages (.html, .txt) or corpus files (.jsonl) in ${paths.join(', ')}`);
  const key = (p: string) => (p === '-' ? p : resolve(p));
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(key(f))) throw new UsageError(`${f} is given twice`, 'index build');
    seen.add(key(f));
  }
  if (output && seen.has(key(output)))
    throw new UsageError(
      `-o ${output} is one of the files to index: the pack would be written over it; give the pack another name`,
      'index build',
    );
  const pagesWhere = (keep: (f: (typeof found)[number]) => boolean) => new Set(found.filter(keep).map((f) => f.path));
  return { files, pages: pagesWhere((f) => f.page), skippable: pagesWhere((f) => f.page && f.inFolder) };
}

async function runBuild(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, 'index build', {
    output: { type: 'string', short: 'o' },
    parts: { type: 'string' },
    name: { type: 'string' },
    threads: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
  });
  if (values.help) return help('index build');
  if (!values.output && !values.parts) throw new UsageError('index build needs -o <pack> or --parts <dir>', 'index build');
  if (positionals.length === 0) throw new UsageError('index build needs at least one corpus .jsonl file', 'index build');
  const { files: inputs, pages, skippable } = corpusInputs(positionals, values.output);
  const threads = threadsOption(values.threads, 'index build');
  const started = Date.now();
  const total = await corpusSize(inputs, (f) => pages.has(f));
  const progress = new Progress({ label: 'index build', unit: 'articles', total: total ?? undefined, enabled: !values.quiet });
  const entries = await indexed(inputs, 'the corpus', progress, threads, total, 'the pack', skippable);
  const name = values.name ?? (values.output ? basename(values.output, extname(values.output)) : basename(resolve(values.parts!)));
  const count = entries.length === 1 ? '1 entry' : `${entries.length} entries`;
  if (values.output) {
    const bytes = await writePack(entries, name);
    try {
      writeFileSync(values.output, bytes);
    } catch (e) {
      throw fileError('write', values.output, e);
    }
    const secs = (Date.now() - started) / 1000;
    if (!values.quiet) process.stderr.write(`${values.output}: ${count}, ${bytes.length} bytes, ${secs.toFixed(1)} s\n`);
  }
  if (values.parts) {
    const w = await writeParts(entries, values.parts, name, (line) => process.stderr.write(`provenance: ${line}\n`));
    if (!values.quiet) process.stderr.write(`${count}; ${partsLine(w)}`);
  }
  return 0;
}

async function runInfo(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, 'index info', {});
  if (values.help) return help('index info');
  if (positionals.length !== 1) throw new UsageError('index info takes one pack, or the manifest of a set of parts', 'index info');
  const file = positionals[0]!;
  const set = localManifest(file);
  if (set) return describeParts(set);
  const bytes = readBytes(file);
  const result = await readPack(bytes);
  if (!result.ok) throw new DataError(`${file} was refused: ${result.error}`);
  const { header, entries } = result.pack;
  process.stdout.write(
    [
      `pack:      ${header.name}`,
      `format:    ${header.format} v${header.version}`,
      `created:   ${header.created}`,
      `entries:   ${header.entries} (${entries.filter((e) => e.meta.original).length} marked original)`,
      `sentences: ${header.sentences}`,
      `published: ${publishedRange(entries)}`,
      `bytes:     ${bytes.length}`,
    ].join('\n') + '\n',
  );
  return 0;
}

/** "2024-03-02 .. 2024-05-01": the first and last publication days of the entries, for `index info`. */
function publishedRange(entries: readonly Entry[]): string {
  const dates = entries
    .map((e) => e.meta.published)
    .filter(Boolean)
    .sort() as string[];
  return dates.length ? `${dayOf(dates[0]!)} .. ${dayOf(dates[dates.length - 1]!)}` : 'no dates';
}

/** `index info` of a set of parts: the manifest's name and date, then the parts read and added up. */
async function describeParts({ path, manifest, parts }: LocalManifest): Promise<number> {
  const read = await Promise.all(
    parts.map(async (p) => {
      const result = await readPack(readBytes(p.path));
      if (!result.ok) throw new DataError(`${p.path} was refused: ${result.error}`);
      checkListed(p, result.pack.entries.length);
      return result.pack.entries;
    }),
  );
  const entries = read.flat();
  process.stdout.write(
    [
      `manifest:  ${manifest.name} (${path})`,
      `created:   ${manifest.created}`,
      `parts:     ${manifest.parts.length}: ${manifest.parts.map((p, i) => `${p.url} (${read[i]!.length})`).join(', ')}`,
      `entries:   ${entries.length} (${entries.filter((e) => e.meta.original).length} marked original)`,
      `published: ${publishedRange(entries)}`,
    ].join('\n') + '\n',
  );
  return 0;
}

async function runCrawl(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, 'index crawl', {
    output: { type: 'string', short: 'o' },
    parts: { type: 'string' },
    name: { type: 'string' },
    original: { type: 'boolean' },
    'max-pages': { type: 'string' },
    header: { type: 'string', multiple: true },
  });
  if (values.help) return help('index crawl');
  const headers = crawlHeaders(values.header ?? []);
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
    parts: values.parts,
    name: values.name,
    original: values.original,
    maxPages,
    headers,
    version: version(),
  });
}

/** The crawler's own headers: the conditional requests and the robots.txt product token depend on them. */
const OWN_HEADERS = new Set(['user-agent', 'accept', 'if-none-match', 'if-modified-since', 'host']);

/** `--header "Name: value"` as a header map, or the usage mistake named. */
function crawlHeaders(given: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const h of given) {
    const m = h.match(/^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:\s*(.*\S)\s*$/);
    if (!m) throw new UsageError(`--header takes "Name: value", not ${h}`, 'index crawl');
    const name = m[1]!.toLowerCase();
    if (OWN_HEADERS.has(name)) throw new UsageError(`--header cannot set ${m[1]}: the crawl sets it itself`, 'index crawl');
    headers[name] = m[2]!;
  }
  return headers;
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

function storeOption(
  args: string[],
  command: string,
): { store: string; positionals: string[]; help?: boolean; quiet?: boolean; buckets?: number } {
  const options = { store: { type: 'string' }, quiet: { type: 'boolean', short: 'q' } } as const;
  // --buckets only where a store can be created (index push).
  const { values, positionals } =
    command === 'index push' ? parse(args, command, { ...options, buckets: { type: 'string' } }) : parse(args, command, options);
  if (values.help) return { store: '', positionals, help: true };
  if (!values.store) throw new UsageError(`${command} needs --store redis://HOST:PORT`, command);
  const given = 'buckets' in values ? values.buckets : undefined;
  const buckets = given === undefined ? undefined : Number(given);
  if (buckets !== undefined && !(Number.isInteger(buckets) && buckets > 0 && Number.isInteger(Math.log2(buckets))))
    throw new UsageError(`--buckets must be a power of two, such as 4194304 (2^22), not "${given}"`, command);
  return { store: sourceOptions(values, command).store!, positionals, quiet: values.quiet, buckets };
}

/** Entries of packs and corpus files (told apart by content), in order; an id given twice is refused as `index build` refuses it. */
async function entriesOf(files: string[], quiet?: boolean): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (const f of files) {
    const set = localManifest(f);
    if (set) {
      for (const p of set.parts) {
        const part = await packEntries(p.path);
        checkListed(p, part.length);
        entries.push(...part);
      }
    } else if ('binary' in encodingOf(fileHead(f))) entries.push(...(await packEntries(f)));
    else {
      // Fingerprinting a large corpus takes seconds: the first stage of the push, with its own progress.
      const total = await corpusSize([f]);
      const progress = new Progress({
        label: `index push: fingerprinting ${f}`,
        unit: 'articles',
        total: total ?? undefined,
        enabled: !quiet,
      });
      entries.push(...(await indexed([f], f, progress, undefined, total, 'what is pushed')));
    }
  }
  const seen = new Set<string>();
  for (const { meta } of entries) {
    if (seen.has(meta.id)) throw new DataError(`the id "${meta.id}" appears twice in what is pushed`);
    seen.add(meta.id);
  }
  return entries;
}

async function runPush(args: string[]): Promise<number> {
  const { store: url, positionals, help: wanted, quiet, buckets } = storeOption(args, 'index push');
  if (wanted) return help('index push');
  if (positionals.length === 0) throw new UsageError('index push needs at least one pack or corpus .jsonl file', 'index push');
  const started = Date.now();
  const { RedisStore, StoreLayout } = await import('../lib/storage/redis');
  if (buckets !== undefined) {
    try {
      StoreLayout.ofBuckets(buckets);
    } catch (e) {
      throw new UsageError(`--buckets: ${(e as Error).message}`, 'index push');
    }
  }
  const entries = await entriesOf(positionals, quiet);
  const store = await RedisStore.open(url, { idf: loadIdf(), create: true, buckets });
  try {
    const progress = new Progress({ label: 'index push', unit: 'entries', total: entries.length, enabled: !quiet });
    let r: Awaited<ReturnType<typeof store.push>>;
    try {
      r = await store.push(entries, (done) => progress.update(done));
    } finally {
      progress.done();
    }
    const secs = (Date.now() - started) / 1000;
    if (!quiet)
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
  const { RedisStore } = await import('../lib/storage/redis');
  const store = await RedisStore.open(url, { idf: loadIdf() });
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
      health: source.health,
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
