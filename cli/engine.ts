import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { entryFromArticle, MemoryIndex, readPack, type Entry } from '../lib/index';
import { readBundledCorpus } from '../lib/index/bundled';
import { Idf } from '../lib/match';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export function loadIdf(): Idf {
  return Idf.fromBytes(readFileSync(join(ROOT, 'assets/idf.bin')));
}

/** The bundled index, built from the same assets/corpus files the extension's pack is built from. */
export function bundledEntries(): Entry[] {
  return readBundledCorpus().map(entryFromArticle);
}

export async function packEntries(file: string): Promise<Entry[]> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const result = await readPack(bytes);
  if (!result.ok) throw new Error(`${file} was refused: ${result.error}`);
  return result.pack.entries;
}

export async function loadIndex(packs: string[]): Promise<MemoryIndex> {
  const index = new MemoryIndex();
  const entries = packs.length ? (await Promise.all(packs.map(packEntries))).flat() : bundledEntries();
  index.addAll(entries);
  return index;
}
