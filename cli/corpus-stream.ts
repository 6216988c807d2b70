/**
 * Corpus files read line by line, never whole: a newsroom's archive as JSON Lines can be
 * larger than the longest string V8 can hold (about 512 MB; reading a 300,000-article file
 * into one string failed with ERR_STRING_TOO_LONG).
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import { isoTimestamp } from '../lib/dates';
import { extractHtml } from '../lib/extract/node';
import { parseCorpusLine, validateMeta, withoutMarkup, type CorpusArticle } from '../lib/index';
import { DataError, fileError, readBytes } from './files';
import { encodingOf, plainArticle, sniff } from './input';

const cannotRead = (file: string, e: unknown) => fileError('read', file, e);

/** The first bytes of a file (empty for standard input, which cannot be read twice). */
export function fileHead(file: string): Uint8Array {
  if (file === '-') return new Uint8Array();
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw cannotRead(file, e);
  }
  try {
    const buf = new Uint8Array(8192);
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
  } catch (e) {
    throw cannotRead(file, e);
  } finally {
    closeSync(fd);
  }
}

/** The lines of a text file or of standard input (`-`), decoded as its byte-order mark says. */
export async function* textLines(file: string): AsyncGenerator<string> {
  const enc = encodingOf(fileHead(file));
  if ('binary' in enc) throw new DataError(`${file}: not a text file (${enc.binary})`);
  if (enc.encoding === 'utf-8') return yield* utf8Lines(file);
  const decoder = new TextDecoder(enc.encoding, { fatal: true });
  const decode = (chunk?: Uint8Array) => {
    try {
      return decoder.decode(chunk, { stream: chunk !== undefined });
    } catch {
      throw new DataError(`${file}: not a text file (not ${enc.encoding === 'utf-8' ? 'UTF-8' : 'UTF-16'} text)`);
    }
  };
  let rest = '';
  try {
    for await (const chunk of file === '-' ? process.stdin : createReadStream(file)) {
      const lines = (rest + decode(chunk as Uint8Array)).split('\n');
      rest = lines.pop()!;
      yield* lines;
    }
  } catch (e) {
    throw e instanceof DataError ? e : cannotRead(file, e);
  }
  rest += decode();
  if (rest) yield rest;
}

/**
 * UTF-8 lines split on their bytes (a newline byte is never part of another character) and
 * decoded one by one, so that a line in another encoding (one Latin-1 headline in an
 * archive of 300,000) is named by its number.
 */
async function* utf8Lines(file: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lineNo = 0;
  const decode = (bytes: Uint8Array) => {
    lineNo++;
    try {
      return decoder.decode(bytes);
    } catch {
      throw new DataError(`${file}:${lineNo}: not UTF-8 text; save the corpus as UTF-8`);
    }
  };
  let rest: Buffer[] = [];
  try {
    for await (const chunk of file === '-' ? process.stdin : createReadStream(file)) {
      const bytes = chunk as Buffer;
      let from = 0;
      for (let nl = bytes.indexOf(0x0a); nl !== -1; nl = bytes.indexOf(0x0a, from)) {
        rest.push(bytes.subarray(from, nl));
        yield decode(rest.length === 1 ? rest[0]! : Buffer.concat(rest));
        rest = [];
        from = nl + 1;
      }
      if (from < bytes.length) rest.push(bytes.subarray(from));
    }
  } catch (e) {
    throw e instanceof DataError ? e : cannotRead(file, e);
  }
  if (rest.length) yield decode(Buffer.concat(rest));
}

/** Bad lines named in one error; the rest are counted. */
const BAD_LINES_LISTED = 20;

/**
 * The articles of a corpus file, in order, each with its line number. A bad line is an
 * error naming the file and line, raised at the end of the file with every other bad line
 * (the first 20 named): once one is found no more articles are given, but the rest of the
 * file is still read, so that one run lists what to fix. `seen` (id -> "file:line", shared
 * by the files of one index) makes an id given twice a bad line too: the index keeps one
 * entry per id, so a second would silently replace the first.
 */
export async function* corpusArticles(
  file: string,
  seen = new Map<string, string>(),
  where = 'the corpus',
): AsyncGenerator<{ article: CorpusArticle; line: number }> {
  if (isSavedPage(file)) {
    const article = savedPage(file);
    const first = seen.get(article.id);
    if (first) throw new DataError(`${file}: the id "${article.id}" appears twice in ${where} (first at ${first})`);
    seen.set(article.id, file);
    yield { article, line: 1 };
    return;
  }
  let lineNo = 0;
  const bad: string[] = [];
  let badLines = 0;
  for await (const line of textLines(file)) {
    let article: CorpusArticle | null;
    try {
      article = parseCorpusLine(line.replace(/\r$/, ''), file, ++lineNo);
      const first = article && seen.get(article.id);
      if (first) throw new DataError(`${file}:${lineNo}: the id "${article!.id}" appears twice in ${where} (first at ${first})`);
      if (article) seen.set(article.id, `${file}:${lineNo}`);
    } catch (e) {
      if (++badLines <= BAD_LINES_LISTED) bad.push((e as Error).message);
      continue;
    }
    if (article && !badLines) yield { article, line: lineNo };
  }
  if (badLines === 1) throw new DataError(bad[0]!);
  if (badLines) {
    const more = badLines > bad.length ? `\n... and ${badLines - bad.length} more` : '';
    throw new DataError(`${file} has ${badLines} bad lines:\n${bad.join('\n')}${more}`);
  }
}

/**
 * A saved page (HTML, by its content) or a plain text (.txt) given to `index build` beside
 * corpus files: a fact-checker indexes the pages they saved as they are, as `check` reads them.
 */
export function isSavedPage(file: string): boolean {
  if (file === '-') return false;
  const start = new TextDecoder()
    .decode(fileHead(file))
    .replace(/^\uFEFF/, '')
    .trimStart();
  return /^<[!?a-z]/i.test(start) || (extname(file).toLowerCase() === '.txt' && !start.startsWith('{'));
}

/**
 * One saved page as an article of the corpus, extracted as `check` and the browser extract it:
 * its id and url the address the page names as its own (else the file's name), its headline,
 * publisher, author and date from the page; a text file's headline is its first line.
 */
function savedPage(file: string): CorpusArticle {
  const s = sniff(readBytes(file));
  if (s.kind === 'empty') throw new DataError(`${file} is empty: no article in it`);
  if (s.kind === 'binary') throw new DataError(`${file}: not a text file (${s.what})`);
  if (s.kind !== 'html') {
    const a = plainArticle(file, s.text);
    if (!a.title) throw new DataError(`${file}: a text file is indexed with its headline on the first line, then the article`);
    return { id: file, title: a.title, text: a.text };
  }
  const r = extractHtml(s.text, null);
  if (!r.ok)
    throw new DataError(
      `${file}: ${r.reason === 'not-an-article' ? 'the page does not look like an article' : 'no article text was found in the page'}`,
    );
  const a = r.article;
  // The page's own strings: what reads as markup is taken out, as when a tab is added in the browser.
  const title = withoutMarkup(a.title);
  if (!title) throw new DataError(`${file}: the page has no headline`);
  const article: CorpusArticle = { id: a.canonical ?? file, title, text: a.text, lang: a.lang };
  if (a.canonical) article.url = a.canonical;
  const [publisher, author] = [withoutMarkup(a.siteName), withoutMarkup(a.byline)];
  if (publisher) article.publisher = publisher;
  if (author) article.author = author;
  const published = isoTimestamp(a.published);
  if (published) article.published = published;
  try {
    return { ...validateMeta(article, 0), text: article.text } as CorpusArticle;
  } catch (e) {
    throw new DataError(`${file}: ${(e as Error).message.replace(/^entry \d+: /, '')}`);
  }
}

/** How many non-blank lines a corpus file has (a quick pass over its bytes, for progress); null for standard input. */
export async function countLines(file: string): Promise<number | null> {
  if (file === '-') return null;
  let count = 0;
  let blank = true;
  try {
    for await (const chunk of createReadStream(file)) {
      for (const byte of chunk as Uint8Array) {
        if (byte === 0x0a) {
          if (!blank) count++;
          blank = true;
        } else if (byte !== 0x20 && byte !== 0x0d && byte !== 0x09) blank = false;
      }
    }
  } catch (e) {
    throw cannotRead(file, e);
  }
  return blank ? count : count + 1;
}
