/**
 * Section 3: building the index from a corpus (entryFromArticle + writePack), the size of a
 * pack per entry, and the time to read and validate a pack (readPack) - what the
 * extension's worker does with the bundled pack and every imported pack when it starts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { entryFromArticle, readPack, writePack, type Entry } from '../lib/index';
import { readBundledCorpus } from '../lib/index/bundled';
import { loadBbc, ROOT } from './data';
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

/** `provenance index build` itself (the bundle), on one thread and on every core. */
export interface CliBuildRow {
  threads: number;
  articles: number;
  /** Median wall time of the whole command, reading the corpus to writing the pack. */
  ms: number;
  articlesPerSecond: number;
  perThread: number;
}

/** `provenance check --index` start to first result with a large pack, its tables cached beside it. */
export interface CliStartRow {
  entries: number;
  /** The pack verified before and unchanged since: neither checksum nor metadata checked again. */
  verifiedMs: number;
  /** The pack's time changed since: verified whole again (and the tables file rewritten). */
  reverifiedMs: number;
}

export interface PackResults {
  build: { articles: number; entriesMs: number; writePackMs: number; articlesPerSecond: number; entryMemory: MemoryGrowth };
  packs: PackRow[];
  cliBuild: CliBuildRow[] | null;
  cliStart: CliStartRow | null;
}

/** Runs the bundled CLI (not bin/provenance.mjs, which falls back to tsx after an edit) and returns its wall time. */
function timeCli(args: string[]): number {
  const bundle = join(ROOT, '.output/cli/provenance.mjs');
  const script = `const { main } = await import(${JSON.stringify(pathToFileURL(bundle).href)}); process.exitCode = await main(${JSON.stringify(args)});`;
  const t = now();
  const r = spawnSync('node', ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: ROOT });
  if (r.status !== 0) throw new Error(`provenance ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return now() - t;
}

/** The CLI's start with a pack of `entries`, its tables cached: trusted as verified, and verified again after a touch. */
async function benchCliStart(entries: readonly Entry[]): Promise<CliStartRow | null> {
  if (!existsSync(join(ROOT, '.output/cli/provenance.mjs'))) return null;
  const tmp = mkdtempSync(join(tmpdir(), 'provenance-bench-start-'));
  try {
    const pack = join(tmp, 'large.pack');
    writeFileSync(pack, await writePack(entries, 'large'));
    const args = ['check', '--index', pack, '-q', '--format=json', 'demo/derivative.html'];
    timeCli(args); // writes the tables file, with the pack's stamp
    const verified = [timeCli(args), timeCli(args), timeCli(args)];
    const reverified = [0, 1, 2].map((i) => {
      utimesSync(pack, new Date(), new Date(Date.now() + 1000 * (i + 1)));
      return timeCli(args);
    });
    return { entries: entries.length, verifiedMs: median(verified), reverifiedMs: median(reverified) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The CLI's index build of the BBC corpus four times over (8,900 articles, ids renamed), on
 * one thread and on every core, in the same run: the ratio is what the worker threads buy.
 */
function benchCliBuild(articles: ReturnType<typeof loadBbc>): CliBuildRow[] | null {
  const bundle = join(ROOT, '.output/cli/provenance.mjs');
  if (!existsSync(bundle)) return null;
  const tmp = mkdtempSync(join(tmpdir(), 'provenance-bench-build-'));
  try {
    const corpus = join(tmp, 'corpus.jsonl');
    const copies = [0, 1, 2, 3].flatMap((k) => articles.map((a) => JSON.stringify({ ...a, id: `${a.id}#${k}` })));
    writeFileSync(corpus, copies.join('\n') + '\n');
    const run = (threads: number) => timeCli(['index', 'build', corpus, '-o', join(tmp, 'out.pack'), '-q', '--threads', String(threads)]);
    return [...new Set([1, availableParallelism()])].map((threads) => {
      const times = [run(threads), run(threads), run(threads)];
      const wall = median(times);
      const perSecond = copies.length / (wall / 1000);
      return { threads, articles: copies.length, ms: wall, articlesPerSecond: perSecond, perThread: perSecond / threads };
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
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
  const cliStart = await benchCliStart(large);

  const results: PackResults = {
    build: {
      articles: articles.length,
      entriesMs,
      writePackMs,
      articlesPerSecond: articles.length / ((entriesMs + writePackMs) / 1000),
      entryMemory,
    },
    packs,
    cliBuild: benchCliBuild(articles),
    cliStart,
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
  if (r.cliStart)
    table(
      `\`provenance check --index\` with a ${int(r.cliStart.entries)}-entry pack, its tables cached: start to first result, median of 3`,
      ['pack file', 'wall time', 'ratio'],
      [
        ['unchanged since verified (no checksum, no metadata checks)', ms(r.cliStart.verifiedMs), '1.00'],
        ['touched: verified whole again', ms(r.cliStart.reverifiedMs), (r.cliStart.reverifiedMs / r.cliStart.verifiedMs).toFixed(2)],
      ],
    );
  if (!r.cliBuild) return console.log('\n`provenance index build`: skipped - .output/cli is not built (npm run build)');
  const one = r.cliBuild[0]!;
  table(
    `\`provenance index build\` (the bundle), ${int(one.articles)} articles (the BBC corpus four times), median of 3 runs each`,
    ['threads', 'wall time', 'articles/s', 'articles/s per thread', 'ratio to one thread'],
    r.cliBuild.map((b) => [
      String(b.threads),
      ms(b.ms),
      int(b.articlesPerSecond),
      int(b.perThread),
      (b.articlesPerSecond / one.articlesPerSecond).toFixed(2),
    ]),
  );
}
