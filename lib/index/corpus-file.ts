import type { CorpusArticle } from './corpus';
import { validateMeta } from './pack';

/**
 * One line of a corpus JSONL file (line numbers from 1), or null for a blank line; a bad
 * line is an error naming the file and line.
 */
export function parseCorpusLine(line: string, name: string, lineNo: number): CorpusArticle | null {
  if (!line.trim()) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    throw new Error(`${name}:${lineNo}: not valid JSON`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new Error(`${name}:${lineNo}: not an article: a line is one JSON object {"id", "title", "text", ...}`);
  const r = raw as Record<string, unknown>;
  if (r.text !== undefined && r.text !== null && typeof r.text !== 'string')
    throw new Error(
      `${name}:${lineNo}: "text" must be a string (the article's text), not ${Array.isArray(r.text) ? 'an array' : typeof r.text}`,
    );
  if (typeof r.text !== 'string' || !r.text.trim()) throw new Error(`${name}:${lineNo}: "text" is missing or empty`);
  try {
    const meta = validateMeta(raw, lineNo - 1);
    return { ...meta, text: r.text } as CorpusArticle;
  } catch (e) {
    throw new Error(`${name}:${lineNo}: ${(e as Error).message.replace(/^entry \d+: /, '')}`);
  }
}

/** Parses a corpus JSONL file held in a string (the CLI streams larger ones: cli/corpus-stream.ts). */
export function readCorpus(jsonl: string, name: string): CorpusArticle[] {
  return jsonl.split('\n').flatMap((line, i) => parseCorpusLine(line, name, i + 1) ?? []);
}
