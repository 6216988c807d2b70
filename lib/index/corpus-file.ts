import type { CorpusArticle } from './corpus';
import { validateMeta } from './pack';

/** Parses a corpus JSONL file; a bad line is an error naming the file and line. */
export function readCorpus(jsonl: string, name: string): CorpusArticle[] {
  const out: CorpusArticle[] = [];
  jsonl.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new Error(`${name}:${i + 1}: not valid JSON`);
    }
    const r = raw as Record<string, unknown>;
    if (typeof r?.text !== 'string' || !r.text.trim()) throw new Error(`${name}:${i + 1}: "text" is missing or empty`);
    try {
      const meta = validateMeta(raw, i);
      out.push({ ...meta, text: r.text } as CorpusArticle);
    } catch (e) {
      throw new Error(`${name}:${i + 1}: ${(e as Error).message.replace(/^entry \d+: /, '')}`);
    }
  });
  return out;
}
