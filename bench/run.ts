/**
 * `npm run bench`: speed and size of the engine and the extension, all figures measured in
 * this run (ratios too). Prints tables and writes every figure to bench/results.json.
 *
 *   1. fingerprint: ours vs the `minhash` package (time per 1,000-word article, Jaccard accuracy)
 *   2. query: whole check of an article at 2,225 / 10k / 100k / 1M indexed entries, index build and memory
 *   3. pack: index build throughput, pack bytes per entry, readPack time
 *   4. extract: extraction in Node; the built extension in Chromium (content script, popup)
 *   5. bundle: sizes of the built extension's entrypoints
 *   6. worker: the built extension's service worker in Chromium with a large imported index (import, checks, memory)
 *   7. cli: start-up to first result of `node bin/provenance.mjs check <file>`, bundled and through tsx
 *
 * Options: --only=fingerprint,pack,extract,query,browser,bundle,worker,cli   --sizes=2225,10000,100000,1000000
 *          --worker-entries=100000 (entries imported for the worker section)
 * See bench/README.md.
 */
import { writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadIdf } from '../cli/engine';
import { entryFromArticle, type Entry } from '../lib/index';
import { benchBrowser } from './browser';
import { benchBundle } from './bundle';
import { benchCli } from './cli';
import { requireShared } from '../scripts/shared-data';
import { BBC_FILE, loadBbc, loadDevQueries, ROOT } from './data';
import { benchExtract, testPages } from './extract';
import { benchFingerprint } from './fingerprint';
import { benchPack } from './pack';
import { benchQuery } from './query';
import { bytes, collectGarbage, growth, memory, now, type MemoryGrowth } from './util';
import { benchWorker, DEFAULT_WORKER_ENTRIES } from './worker';

const SECTIONS = ['fingerprint', 'pack', 'extract', 'query', 'browser', 'bundle', 'worker', 'cli'] as const;
type Section = (typeof SECTIONS)[number];
const DEFAULT_SIZES = [2225, 10_000, 100_000, 1_000_000];

function option(name: string): string | undefined {
  const arg = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  return arg?.slice(name.length + 3);
}

async function main(): Promise<void> {
  const started = now();
  const only = option('only')?.split(',') ?? [...SECTIONS];
  for (const s of only) if (!SECTIONS.includes(s as Section)) throw new Error(`unknown section "${s}" (sections: ${SECTIONS.join(', ')})`);
  const run = (s: Section) => only.includes(s);
  const sizes = option('sizes')?.split(',').map(Number) ?? DEFAULT_SIZES;
  const workerEntries = Number(option('worker-entries') ?? DEFAULT_WORKER_ENTRIES);
  // Every section but the bundle sizes and the CLI measures on the BBC corpus: say so before anything runs.
  if (only.some((s) => s !== 'bundle' && s !== 'cli')) requireShared('npm run bench', [BBC_FILE]);

  const cpu = cpus();
  const machine = {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    totalMemoryBytes: totalmem(),
    node: process.version,
    v8: process.versions.v8,
    os: `${platform()} ${release()} ${arch()}`,
    loadAverageAtStart: loadavg(),
    gcAvailable: collectGarbage(),
  };
  console.log('News Provenance benchmark');
  console.log(
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${bytes(machine.totalMemoryBytes)} RAM; node ${machine.node} (V8 ${machine.v8}); ${machine.os}`,
  );
  console.log(
    `Load average at start: ${machine.loadAverageAtStart.map((x) => x.toFixed(2)).join(' ')}` +
      (machine.loadAverageAtStart[0]! > 0.5 ? ' (the machine is busy: figures are noisier)' : ''),
  );
  if (!machine.gcAvailable) console.log('(no garbage collection on demand: memory figures are approximate)');

  const results: Record<string, unknown> = { machine, startedAt: new Date().toISOString() };
  const timings: Record<string, number> = {};
  const failures: string[] = [];
  /** Runs a section; a failing section is reported (and recorded) and the others still run. */
  const timed = async <T>(name: Section, fn: () => T | Promise<T>): Promise<T | { error: string }> => {
    const t = now();
    try {
      return await fn();
    } catch (e) {
      console.error(`\nSection "${name}" failed:`, e);
      failures.push(name);
      return { error: e instanceof Error ? e.message : String(e) };
    } finally {
      timings[name] = (now() - t) / 1000;
    }
  };

  if (run('fingerprint')) results.fingerprint = await timed('fingerprint', () => benchFingerprint());

  let bbcEntries: Entry[] | null = null;
  let bbcEntriesMemory: MemoryGrowth | null = null;
  if (run('pack')) {
    const pack = await timed('pack', () => benchPack());
    if ('error' in pack) results.pack = pack;
    else {
      results.pack = pack.results;
      bbcEntries = pack.bbcEntries;
      bbcEntriesMemory = pack.results.build.entryMemory;
    }
  }

  const pages = run('extract') || run('browser') ? testPages() : [];
  if (run('extract')) results.extract = await timed('extract', () => benchExtract(pages));

  if (run('query')) {
    if (!bbcEntries) {
      const before = memory();
      bbcEntries = loadBbc().map(entryFromArticle);
      bbcEntriesMemory = growth(before, memory(), bbcEntries.length);
    }
    const entries = bbcEntries;
    const entriesMemory = bbcEntriesMemory;
    results.query = await timed('query', () =>
      benchQuery({ sizes, bbcEntries: entries, bbcEntriesMemory: entriesMemory, queries: loadDevQueries(), idf: loadIdf() }),
    );
  }
  bbcEntries = null;
  collectGarbage();

  if (run('browser')) results.browser = await timed('browser', () => benchBrowser(pages));
  if (run('bundle')) results.bundle = await timed('bundle', () => benchBundle());
  if (run('worker')) results.worker = await timed('worker', () => benchWorker(workerEntries));
  if (run('cli')) results.cli = await timed('cli', () => benchCli());

  const seconds = (now() - started) / 1000;
  results.run = { seconds, sectionSeconds: timings, loadAverageAtEnd: loadavg(), peakRssBytes: process.resourceUsage().maxRSS * 1024 };
  const file = join(ROOT, 'bench/results.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(
    `\nDone in ${seconds.toFixed(0)} s (${Object.entries(timings)
      .map(([k, v]) => `${k} ${v.toFixed(0)} s`)
      .join(', ')}); peak RSS ${bytes(process.resourceUsage().maxRSS * 1024)}. Figures written to bench/results.json.`,
  );
  if (failures.length) {
    console.error(`Failed sections: ${failures.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
