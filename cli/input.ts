/**
 * What `check` reads: files, folders and standard input, each told apart by its content
 * (an HTML page saved as .txt is still a page; a binary file is refused, not checked).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isShareLine } from '../lib/extract/article';
import { declaredCharset } from '../lib/ingest/fetch';
import { articleFromHtml, type Article } from './engine';
import { DataError } from './files';

export { DataError, readBytes } from './files';

/** Signatures of common binary formats, for a reason a user recognises. */
const MAGIC: [bytes: number[], what: string][] = [
  [[0x7f, 0x45, 0x4c, 0x46], 'an ELF executable'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (or a .docx, .odt or .epub)'],
  [[0x1f, 0x8b], 'a gzip file'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x4e, 0x50, 0x50, 0x4b], 'an index pack: give it with --index'],
];

export type Sniffed = { kind: 'html' | 'jsonl' | 'text'; text: string } | { kind: 'empty' } | { kind: 'binary'; what: string };

/**
 * The text encoding of a file from its first bytes (a byte-order mark, else UTF-8), or what
 * kind of binary file it is.
 */
export function encodingOf(head: Uint8Array): { encoding: 'utf-8' | 'utf-16le' | 'utf-16be' } | { binary: string } {
  for (const [magic, what] of MAGIC) if (magic.every((b, i) => head[i] === b)) return { binary: what };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le' };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be' };
  if (head.subarray(0, 8192).includes(0)) return { binary: 'binary data' };
  return { encoding: 'utf-8' };
}

/** The kind of an input, from its bytes: HTML, JSON Lines, plain text, empty, or binary. */
export function sniff(bytes: Uint8Array): Sniffed {
  const enc = encodingOf(bytes);
  if ('binary' in enc) return { kind: 'binary', what: enc.binary };
  let text: string;
  try {
    text = new TextDecoder(enc.encoding, { fatal: true }).decode(bytes);
  } catch {
    // A page saved from a site that still serves windows-1251, Shift_JIS or Latin-1 says so
    // in its <meta charset>, as the browser reads it. A page that declares UTF-8 and has a
    // stray byte that is not is read as the browser reads it too: that byte a replacement character.
    if (isUtf8Name(declaredCharset(bytes))) text = new TextDecoder('utf-8').decode(bytes);
    else {
      const declared = legacyText(bytes);
      if (declared === undefined) return { kind: 'binary', what: 'not UTF-8 text, and no charset declared in it' };
      text = declared;
    }
  }
  text = text.replace(/^\uFEFF/, '');
  const start = text.trimStart();
  if (!start) return { kind: 'empty' };
  if (/^<[!?a-z]/i.test(start)) return { kind: 'html', text };
  if (start.startsWith('{')) return { kind: 'jsonl', text };
  return { kind: 'text', text };
}

const isUtf8Name = (charset: string | undefined) => !!charset && /^utf-?8$/i.test(charset);

/** The text of a page in the legacy charset it declares; undefined when it declares none (or one this runtime cannot decode). */
export function legacyText(bytes: Uint8Array): string | undefined {
  const charset = declaredCharset(bytes);
  if (!charset || isUtf8Name(charset)) return undefined;
  try {
    return new TextDecoder(charset, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * A plain text as an article: its first line is the headline when it reads like one (short,
 * no full stop, text after it; share lines above it are skipped), and is then taken out of
 * the text, as a page's headline is not part of its article: the words counted, and those
 * weighed against a source, are the article's own.
 */
export function plainArticle(input: string, text: string): Article {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.trim() && !isShareLine(l.trim()));
  const headline = lines[first]?.trim();
  const rest = lines.slice(first + 1);
  if (!headline || !rest.some((l) => l.trim()) || headline.length > 200 || /[.!?:;]["”’)]?$/.test(headline)) return { input, text };
  return { input, title: headline, text: [...lines.slice(0, first), ...rest].join('\n').trim() };
}

const SHAPE = '{"id"?, "title"?, "text", "lang"?, "published"?}';

/** Why a parsed JSON value is not an article to check, or null when it is one. */
function notAnArticle(o: unknown): string | null {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return `not a JSON object ${SHAPE}`;
  const r = o as Record<string, unknown>;
  if (typeof r.text !== 'string') return `"text" ${r.text == null ? 'is missing' : 'must be a string'} (each article is ${SHAPE})`;
  const wrong = (['id', 'title', 'lang', 'published'] as const).find((k) => r[k] !== undefined && typeof r[k] !== 'string');
  return wrong ? `"${wrong}" must be a string` : null;
}

/**
 * Articles from JSON records, each named by `where` in messages. A record that is not an
 * article gives an invalid article in its place, so that the results still come one a
 * record, in order, and one bad record of a large file costs that record only.
 */
function articlesFrom(records: Iterable<{ where: string; at: string; parse: () => unknown }>): Article[] {
  const seen = new Map<string, string>();
  return Array.from(records, ({ where, at, parse }): Article => {
    const problem = (why: string): Article => ({ input: where, text: '', invalid: true, error: `${where}: ${why}` });
    let value: unknown;
    try {
      value = parse();
    } catch (e) {
      return problem(`not valid JSON (${(e as Error).message})`);
    }
    const why = notAnArticle(value);
    if (why) return problem(why);
    const o = value as Record<string, unknown>;
    const id = o.id as string | undefined;
    if (id !== undefined) {
      const before = seen.get(id);
      if (before !== undefined) return problem(`the id "${id}" is already ${before}`);
      seen.set(id, at);
    }
    // A corpus line's address and publisher, when it has them, tell the indexed article itself from a copy.
    const optional = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
    return {
      input: id ?? where,
      id,
      url: optional('url'),
      siteName: optional('publisher'),
      title: o.title as string | undefined,
      text: o.text as string,
      lang: o.lang as string | undefined,
      published: optional('published'),
    };
  });
}

/** One article a line (JSON Lines). */
function* jsonLines(text: string, name: string) {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim()) yield { where: `${name}:${i + 1}`, at: `on line ${i + 1}`, parse: () => JSON.parse(line) as unknown };
  }
}

/**
 * A whole file of JSON (an array of articles, or one article written over several lines), or
 * undefined when it is not one: then it is JSON Lines, or text that merely starts with "[".
 */
function wholeJson(text: string, name: string) {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (Array.isArray(value)) return value.map((v, i) => ({ where: `${name}[${i}]`, at: `at [${i}]`, parse: () => v }));
  // An object on one line is JSON Lines of one line, named by its line.
  const multiline = text.trim().includes('\n');
  return multiline && value !== null && typeof value === 'object' ? [{ where: name, at: '', parse: () => value }] : undefined;
}

/** The articles of one input, by its content; `name` is how messages and results name it. */
export function articlesOf(bytes: Uint8Array, name: string): Article[] {
  const s = sniff(bytes);
  if (s.kind === 'binary') throw new DataError(`${name}: not a text file (${s.what}); give an HTML page, a text file or JSON Lines`);
  if (s.kind === 'empty') throw new DataError(`${name} is empty: no article to check`);
  if (s.kind === 'html') return [articleFromHtml(s.text, name)];
  const whole = /^\s*[[{]/.test(s.text) ? wholeJson(s.text, name) : undefined;
  if (whole) return articlesFrom(whole);
  if (s.kind === 'jsonl') return articlesFrom(jsonLines(s.text, name));
  return [plainArticle(name, s.text)];
}

/** One file to read: named on the command line, or found in a folder (then a binary one is skipped, not an error). */
export interface InputFile {
  path: string;
  inFolder: boolean;
}

/** The command line's inputs, folders expanded to their files (recursively, sorted, hidden ones left out). */
export function expandInputs(paths: string[]): InputFile[] {
  const out: InputFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) out.push({ path, inFolder: true });
    }
  };
  for (const path of paths) {
    let folder = false;
    try {
      folder = path !== '-' && statSync(path).isDirectory();
    } catch {
      // Not there: reading it says so, in order with the other inputs.
    }
    if (folder) walk(path);
    else out.push({ path, inFolder: false });
  }
  return out;
}
