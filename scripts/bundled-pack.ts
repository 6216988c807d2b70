import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { entryFromArticle, writePack } from '../lib/index';
import { readBundledCorpus } from '../lib/index/bundled';

/** Writes the bundled index pack from assets/corpus/*.jsonl; returns its path. */
export async function writeBundledPack(path: string): Promise<string> {
  const bytes = await writePack(readBundledCorpus().map(entryFromArticle), 'bundled', '2024-06-20T00:00:00.000Z');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return path;
}
