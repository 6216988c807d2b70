import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractHtml } from '../lib/extract/node';
import { entryFromArticle, readPack, type Entry } from '../lib/index';
import { MemoryIndex } from '../lib/storage';
import { packTables } from '../lib/candidates';
import { cacheKey, readTables, stampOf, verifiedBefore, writeTables } from './table-cache';
import { readBundledCorpus } from '../lib/index/bundled';
import { Idf, type CheckResult } from '../lib/match';
import { checkWith, type CandidateSource } from '../lib/match/check';
import { isSameArticle } from '../lib/match/self';
import { readBytes } from './files';
import { checkListed, packPaths } from './pack-paths';
import { plainArticle } from './input';
import { BadRequest, type CheckRequest } from './serve';
import { packageRoot } from '../lib/package-root';

export const ROOT = packageRoot(import.meta.url);

let idfBytes: Uint8Array | null = null;
let idf: Idf | null = null;

/** The shipped IDF table's file, read once per process (the table, and the key of the LSH table cache). */
function loadIdfBytes(): Uint8Array {
  return (idfBytes ??= readFileSync(join(ROOT, 'assets/idf.bin')));
}

/** The shipped IDF table, read once per process (the index and the check both use it). */
export function loadIdf(): Idf {
  return (idf ??= Idf.fromBytes(loadIdfBytes()));
}

/** The bundled index, built from the same assets/corpus files the extension's pack is built from. */
export function bundledEntries(): Entry[] {
  return readBundledCorpus().map(entryFromArticle);
}

export async function packEntries(file: string): Promise<Entry[]> {
  return (await readPackFile(file)).entries;
}

async function readPackFile(file: string, bytes = readBytes(file), verified = false): Promise<{ entries: Entry[]; bytes: Uint8Array }> {
  const result = await readPack(bytes, { verified });
  if (!result.ok) throw new Error(`${file} was refused: ${result.error}`);
  return { entries: result.pack.entries, bytes };
}

/** The index of the given packs (or the bundled one), its candidate tables read from the cache beside the first pack when they are there. */
export async function loadIndex(args: string[]): Promise<MemoryIndex> {
  const index = new MemoryIndex(loadIdf());
  if (!args.length) {
    index.addAll(bundledEntries());
    return index;
  }
  // A set of parts (index build --parts) is given by its manifest or its folder.
  const paths = packPaths(args);
  const packs = paths.map((p) => p.path);
  const cache = `${packs[0]}.tables`;
  const stamps = packs.map(stampOf);
  const raw = packs.map((p) => readBytes(p));
  const key = cacheKey(raw, loadIdfBytes());
  // Files verified whole before and unchanged since are not verified again (see table-cache.ts).
  const verified = verifiedBefore(cache, key, stamps);
  const files = await Promise.all(packs.map((p, i) => readPackFile(p, raw[i], verified)));
  files.forEach((f, i) => checkListed(paths[i]!, f.entries.length));
  index.addAll(
    files.flatMap((f) => f.entries),
    (entries) => {
      const cached = readTables(cache, key, entries.length);
      if (cached && verified) return cached;
      const tables = cached ?? packTables(entries, loadIdf());
      // Written again when only the files' stamps changed, so that the next start is fast too.
      writeTables(cache, key, tables, stamps);
      return tables;
    },
  );
  return index;
}

/** What check and serve compare against: the bundled index, packs, or a Redis store. */
export interface Source {
  candidates: CandidateSource;
  /** For messages: the store address or the number of entries. */
  name: string;
  /** Rejects with the reason when a check could not be answered now (a store's node down); absent for an index in memory. */
  health?: () => Promise<void>;
  close(): void;
}

export async function openSource(opts: { index?: string[]; store?: string }): Promise<Source> {
  if (opts.store) {
    // Loaded on demand: the Redis client is only needed past one machine.
    const { RedisStore } = await import('../lib/storage/redis');
    const store = await RedisStore.open(opts.store, { idf: loadIdf() });
    // host:port, never the URL: it may carry a password, and /health shows the name.
    return { candidates: store, name: `Redis at ${store.connection.name}`, health: () => store.health(), close: () => store.close() };
  }
  const index = await loadIndex(opts.index ?? []);
  return {
    candidates: index,
    name: `${index.size} ${index.size === 1 ? 'entry' : 'entries'} (${opts.index?.length ? opts.index.join(', ') : 'bundled'})`,
    close: () => {},
  };
}

/** An input to check, as read from a file, a JSONL line or a request. */
export interface Article {
  input: string;
  /** A JSON Lines article's own id and address (a corpus line checked against the pack built from it is that entry itself). */
  id?: string;
  url?: string;
  /** Why there is nothing to check (an HTML page without an article). */
  error?: string;
  /** The input itself is wrong (a JSON Lines line that is not an article): reported, and the exit code is 1. */
  invalid?: boolean;
  /** The publisher the page names (og:site_name), to tell the indexed original itself from a copy. */
  siteName?: string | null;
  title?: string;
  text: string;
  paragraphs?: string[];
  lang?: string;
  /** The page's own date (its metadata, or a JSON Lines line's "published"): a source published after it is not its source. */
  published?: string;
  /** An HTML page longer than MAX_HTML_CHARS: only its beginning was read. */
  cut?: true;
}

/**
 * How much of an HTML page is parsed, as `serve` takes at most: a page's article comes in its
 * first megabytes, and a 100 MB page took 29 s and 2.5 GB to parse whole.
 */
export const MAX_HTML_CHARS = 10 * 1024 * 1024;

/** An HTML page's article, extracted with the same Readability code as the browser. */
export function articleFromHtml(page: string, input: string): Article {
  const cut = page.length > MAX_HTML_CHARS;
  const html = cut ? page.slice(0, MAX_HTML_CHARS) : page;
  const result = extractHtml(html, null);
  if (!result.ok) {
    const why = result.reason === 'not-an-article' ? 'the page does not look like an article' : 'no article text was found in the page';
    return { input, text: '', title: '', error: `Nothing to check: ${why}.` };
  }
  const a = result.article;
  return {
    input,
    title: a.title,
    text: a.text,
    paragraphs: a.paragraphs,
    lang: a.lang,
    siteName: a.siteName,
    published: a.published ?? undefined,
    // The address the page names as its own: a saved copy of another site's page is of that site.
    url: a.canonical ?? undefined,
    ...(cut ? { cut: true } : {}),
  };
}

/** Checks one article; a likely source that is the page itself is marked `self`, as the extension shows it. */
export async function checkArticle(a: Article, source: CandidateSource, idf: Idf): Promise<CheckResult> {
  if (a.error) return { status: 'too-short', article: { title: '', words: 0 }, matches: [], message: a.error };
  const result = await checkWith(
    { title: a.title, text: a.text, paragraphs: a.paragraphs, lang: a.lang, published: a.published },
    source,
    idf,
  );
  if (a.cut) result.article.truncated = true;
  const page = { title: a.title ?? '', siteName: a.siteName, url: a.url };
  for (const m of result.matches) if (m.verdict === 'likely-source' && (m.id === a.id || isSameArticle(m, page))) m.self = true;
  return result;
}

/** The `check --json` object for one article (README "The command line"). */
export function resultJson(input: string, result: CheckResult): object {
  const { article, matches } = result;
  return {
    input,
    article,
    ...(result.status === 'too-short' ? { error: result.message } : {}),
    matches: matches.map(({ original: _o, ...m }) => m),
  };
}

/** A POST /check body as an article: JSON {title?, text, lang?, paragraphs?, id?}, an HTML page or plain text. */
export function articleFromRequest(req: CheckRequest): Article {
  if (req.type === 'html') return articleFromHtml(req.html, '-');
  if (req.type === 'text') return plainArticle('-', req.text);
  const o = req.value as Record<string, unknown> | null;
  if (typeof o !== 'object' || o === null || Array.isArray(o))
    throw new BadRequest('the JSON body must be an object {"title"?, "text", "lang"?, "published"?}');
  if (typeof o.text !== 'string')
    throw new BadRequest(`"text" ${o.text === undefined || o.text === null ? 'is missing' : 'must be a string'} (the article text)`);
  for (const k of ['id', 'title', 'lang', 'published'] as const)
    if (o[k] !== undefined && typeof o[k] !== 'string') throw new BadRequest(`"${k}" must be a string`);
  const paragraphs = o.paragraphs;
  if (paragraphs !== undefined && !(Array.isArray(paragraphs) && paragraphs.every((p) => typeof p === 'string')))
    throw new BadRequest('"paragraphs" must be an array of strings');
  return {
    input: (o.id as string | undefined) ?? '-',
    title: o.title as string | undefined,
    text: o.text,
    paragraphs: paragraphs as string[] | undefined,
    lang: o.lang as string | undefined,
    published: o.published as string | undefined,
  };
}
