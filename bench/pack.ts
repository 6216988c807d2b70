/**
 * Section 3: building the index from a corpus (entryFromArticle + writePack), the size of a
 * pack per entry, and the time to read and validate a pack (readPack) - what the
 * extension's worker does with the bundled pack and every imported pack when it starts.
 */
import { entryFromArticle, readPack, writePack, type Entry } from '../lib/index';
import { readBundledCorpus } from '../lib/index/bundled';
import { loadBbc } from './data';
import { syntheticEntries, termModel } from './synthetic';
import { bytes, growth, int, median, memory, ms, now, sampleAsync, table, type MemoryGrowth } from './util';

export interface PackRow {
  name: string;
  entries: number;
  packBytes: number;
  bytesPerEntry: number;
  writeMs: number;
  readMs: { median: number; runs: number };
}

export interface PackResults {
  build: { articles: number; entriesMs: number; writePackMs: number; articlesPerSecond: number; entryMemory: MemoryGrowth };
  packs: PackRow[];
}

async function packRow(name: string, entries: readonly Entry[], runs: { minRuns: number; minMs: number }): Promise<PackRow> {
  const t = now();
  const pack = await writePack(entries, name, '2005-01-01T00:00:00.000Z');
  const writeMs = now() - t;
  const reads = await sampleAsync(
    async () => {
      const r = await readPack(pack);
      if (!r.ok) throw new Error(`readPack refused the ${name} pack: ${r.error}`);
    },
    { warmup: 1, minRuns: runs.minRuns, maxRuns: 50, minMs: runs.minMs },
  );
  return {
    name,
    entries: entries.length,
    packBytes: pack.byteLength,
    bytesPerEntry: pack.byteLength / entries.length,
    writeMs,
    readMs: { median: median(reads), runs: reads.length },
  };
}

/** Runs the section; also returns the BBC entries, which the query section indexes. */
export async function benchPack(): Promise<{ results: PackResults; bbcEntries: Entry[] }> {
  const articles = loadBbc();
  const before = memory();
  let t = now();
  const bbcEntries = articles.map(entryFromArticle);
  const entriesMs = now() - t;
  const entryMemory = growth(before, memory(), bbcEntries.length);
  t = now();
  await writePack(bbcEntries, 'bbc-2005');
  const writePackMs = now() - t;

  const bundled = readBundledCorpus().map(entryFromArticle);
  const packs: PackRow[] = [];
  packs.push(await packRow('bundled (assets/corpus)', bundled, { minRuns: 20, minMs: 300 }));
  packs.push(await packRow('BBC 2005', bbcEntries, { minRuns: 10, minMs: 500 }));
  // A pack of 100,000 entries (the BBC ones and synthetic ones shaped like them), the size the README quotes.
  const large = bbcEntries.concat(syntheticEntries(0, 100_000 - bbcEntries.length, termModel(bbcEntries)));
  packs.push(await packRow('100k (BBC + synthetic)', large, { minRuns: 3, minMs: 0 }));

  const results: PackResults = {
    build: {
      articles: articles.length,
      entriesMs,
      writePackMs,
      articlesPerSecond: articles.length / ((entriesMs + writePackMs) / 1000),
      entryMemory,
    },
    packs,
  };
  print(results);
  return { results, bbcEntries };
}

function print(r: PackResults): void {
  const b = r.build;
  table(
    `3. Index build and packs - BBC 2005 corpus: entryFromArticle ${ms(b.entriesMs)} + writePack ${ms(b.writePackMs)} ` +
      `for ${int(b.articles)} articles = ${int(b.articlesPerSecond)} articles/s; an entry in memory: ` +
      `${bytes(b.entryMemory.heapPerItem)} heap + ${bytes(b.entryMemory.arrayBuffersPerItem)} typed arrays`,
    ['pack', 'entries', 'pack size', 'bytes/entry', 'writePack', 'readPack (read + validate)'],
    r.packs.map((p) => [p.name, int(p.entries), bytes(p.packBytes), int(p.bytesPerEntry), ms(p.writeMs), ms(p.readMs.median)]),
  );
}
