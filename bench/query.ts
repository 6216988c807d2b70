/**
 * Section 2: the whole check of one article against the index (lib/match check():
 * normalise, fingerprint, candidates, verify) at 2,225 real entries and at 10k, 100k and
 * 1M entries (the real ones plus synthetic ones), with the index build time and memory.
 */
import { deserialize, serialize } from 'node:v8';
import { CandidateIndex, packTables, probeOf, validTables, type KeyTables, type Probe } from '../lib/candidates';
import { fingerprint } from '../lib/fingerprint';
import { type Entry } from '../lib/index';
import { MemoryIndex } from '../lib/storage';
import { CANDIDATES, check, verify as verifyCandidate, type Idf } from '../lib/match';
import { pageView, type PageView } from '../lib/match/evidence';
import { analyze } from '../lib/text';
import type { DevQuery } from './data';
import { shapeOf, syntheticEntries, termModel, type SyntheticShape } from './synthetic';
import { bytes, growth, int, median, memory, ms, now, percentile, table, type MemoryGrowth } from './util';

export interface SizeResult {
  entries: number;
  syntheticEntries: number;
  queries: number;
  /** Timed passes over the queries (each query's time is its median over the passes). */
  passes: number;
  checkMs: { median: number; p95: number; max: number };
  /** index.candidates() alone (lists looked up, read and ranked), on a subset of the queries. */
  candidatesMs: { median: number; p95: number; queries: number };
  /** The true source is the first match, over the derivatives that have one. */
  rank1: { correct: number; of: number };
  buildMs: number;
  tableBytesPerEntry: number;
  /** Memory of the entries themselves (synthetic ones laid out like a loaded pack; the real ones as entryFromArticle makes them). */
  entriesMemory: MemoryGrowth | null;
  /** Memory added by MemoryIndex.addAll (id map, entry list, candidate tables). */
  indexMemory: MemoryGrowth;
  /** What the candidate stage reads, mean over the queries: terms looked up, lists read, postings read, entries touched, entries ranked (>= 2 shared keys). */
  load: { queries: number; looked: number; lists: number; postings: number; touched: number; ranked: number };
  /**
   * The extension's worker holds only candidate tables (entries stay in IndexedDB): their bytes per
   * entry, the time to build them (once, at import), their structured-clone size (what
   * IndexedDB stores) and the time to load them (structured-clone read, validation, segment).
   */
  worker: { tableBytesPerEntry: number; heapPerEntry: number; buildMs: number; storedBytesPerEntry: number; loadMs: number };
}

export interface QueryResults {
  stagesMs: { analyze: number; fingerprint: number; verifyPerCandidate: number };
  syntheticShape: SyntheticShape;
  realShape: SyntheticShape;
  sizes: SizeResult[];
  targets: { medianAt100kMs: number; medianAt1MMs: number };
}

/** Time for the timed check passes at one index size, and for the candidates-only timing. */
const CHECK_BUDGET_MS = 60_000;
const CANDIDATES_BUDGET_MS = 15_000;
const MIN_QUERIES = 30;
const MIN_CANDIDATE_QUERIES = 10;

interface Options {
  sizes: number[];
  bbcEntries: Entry[];
  bbcEntriesMemory: MemoryGrowth | null;
  queries: DevQuery[];
  idf: Idf;
}

export function benchQuery(opts: Options): QueryResults {
  const { bbcEntries, queries, idf } = opts;
  const inputs = queries.map((q) => ({ q, input: { title: q.title, text: q.text } }));
  const pool = termModel(bbcEntries);

  // Size-independent stages, once.
  const analyzeMs: number[] = [];
  const fingerprintMs: number[] = [];
  const probes: Probe[] = [];
  const fingerprints: PageView[] = [];
  for (let pass = 0; pass < 3; pass++) {
    inputs.forEach(({ q }, i) => {
      let t = now();
      const a = analyze(q.text, 'en');
      const ta = now() - t;
      t = now();
      const fp = fingerprint(a);
      const tf = now() - t;
      if (pass === 0) {
        fingerprints.push(pageView(a, fp));
        probes.push(probeOf(fp, idf));
        analyzeMs[i] = ta;
        fingerprintMs[i] = tf;
      } else {
        analyzeMs[i] = Math.min(analyzeMs[i]!, ta);
        fingerprintMs[i] = Math.min(fingerprintMs[i]!, tf);
      }
    });
  }

  let synthetic: Entry[] = [];
  const verify = { perCandidate: NaN };
  const sizes: SizeResult[] = [];
  for (const size of opts.sizes) {
    const want = Math.max(0, size - bbcEntries.length);
    let entriesMemory = opts.bbcEntriesMemory;
    if (want > synthetic.length) {
      const added = want - synthetic.length;
      const before = memory();
      synthetic = synthetic.concat(syntheticEntries(synthetic.length, want, pool));
      entriesMemory = growth(before, memory(), added);
    }
    const entries = bbcEntries.concat(synthetic.slice(0, want));
    const stages = { analyzeMs, fingerprintMs, probes, fingerprints };
    sizes.push(measureSize(entries, want, entriesMemory, inputs, stages, idf, verify));
    printSize(sizes[sizes.length - 1]!);
  }

  const at = (n: number) => sizes.find((s) => s.entries === n)?.checkMs.median ?? NaN;
  const results: QueryResults = {
    stagesMs: { analyze: median(analyzeMs), fingerprint: median(fingerprintMs), verifyPerCandidate: verify.perCandidate },
    syntheticShape: shapeOf(synthetic.slice(0, 20_000)),
    realShape: shapeOf(bbcEntries),
    sizes,
    targets: { medianAt100kMs: at(100_000), medianAt1MMs: at(1_000_000) },
  };
  print(results, queries.length);
  printWorker(results);
  return results;
}

interface Stages {
  analyzeMs: number[];
  fingerprintMs: number[];
  probes: Probe[];
  fingerprints: PageView[];
}

/** Milliseconds to build an index; the index is garbage once this returns. */
function timeBuild(entries: readonly Entry[], idf: Idf): number {
  const index = new MemoryIndex(idf);
  const t = now();
  index.addAll(entries);
  return now() - t;
}

/** One index size: build (time and memory), then every query. In its own function so that nothing of it outlives it. */
function measureSize(
  entries: readonly Entry[],
  synthetic: number,
  entriesMemory: MemoryGrowth | null,
  inputs: Array<{ q: DevQuery; input: { title: string; text: string } }>,
  stages: Stages,
  idf: Idf,
  verify: { perCandidate: number },
): SizeResult {
  // The first build gives the memory figure (nothing else is being allocated meanwhile);
  // quick builds are repeated and their median taken.
  const before = memory();
  const idx = new MemoryIndex(idf);
  let t = now();
  idx.addAll(entries);
  const buildTimes = [now() - t];
  const indexMemory = growth(before, memory(), entries.length);
  if (entries.length <= 20_000) for (let b = 0; b < 4; b++) buildTimes.push(timeBuild(entries, idf));

  // Warm up, and estimate what a check costs at this size.
  const probe = inputs.slice(0, 5).map(({ input }) => {
    t = now();
    check(input, idx, idf);
    return now() - t;
  });
  const estimate = Math.max(median(probe), 0.001);
  // As many queries and passes (all of them, three times) as the time budget allows; when a
  // check is slow, a subset spread over the dev set (it lists each source's derivatives together).
  const n = Math.min(inputs.length, Math.max(MIN_QUERIES, Math.floor(CHECK_BUDGET_MS / estimate)));
  const chosen = Array.from({ length: n }, (_, i) => Math.floor((i * inputs.length) / n));
  const passes = Math.max(1, Math.min(3, Math.floor(CHECK_BUDGET_MS / (estimate * n))));
  const perQuery: number[][] = chosen.map(() => []);
  let correct = 0;
  let of = 0;
  for (let pass = 0; pass < passes; pass++) {
    chosen.forEach((qi, i) => {
      const { q, input } = inputs[qi]!;
      t = now();
      const result = check(input, idx, idf);
      perQuery[i]!.push(now() - t);
      if (pass === 0 && q.kind !== 'independent') {
        of++;
        if (result.matches[0]?.id === q.source) correct++;
      }
    });
  }
  const checkTimes = perQuery.map((xs) => median(xs));

  // The candidate stage alone, on as many of the same queries as its budget allows.
  const nCandidates = Math.min(n, Math.max(MIN_CANDIDATE_QUERIES, Math.floor(CANDIDATES_BUDGET_MS / estimate)));
  const spread = Array.from({ length: nCandidates }, (_, i) => chosen[Math.floor((i * n) / nCandidates)]!);
  const candidateTimes = spread.map((qi) => {
    t = now();
    idx.candidates(stages.probes[qi]!, CANDIDATES);
    return now() - t;
  });

  // Verification cost per candidate (verify(), all of it sentence alignment), once, at the first size.
  if (Number.isNaN(verify.perCandidate)) {
    const perCandidate = stages.fingerprints.map((page, i) => {
      const sources = idx.candidates(stages.probes[i]!, CANDIDATES).map((c) => c.entry);
      t = now();
      for (const source of sources) verifyCandidate(page, source.fingerprint, idf);
      return sources.length ? (now() - t) / sources.length : NaN;
    });
    verify.perCandidate = median(perCandidate.filter((x) => !Number.isNaN(x)));
  }

  return {
    entries: entries.length,
    syntheticEntries: synthetic,
    queries: n,
    passes,
    checkMs: { median: median(checkTimes), p95: percentile(checkTimes, 95), max: Math.max(...checkTimes) },
    candidatesMs: { median: median(candidateTimes), p95: percentile(candidateTimes, 95), queries: candidateTimes.length },
    rank1: { correct, of },
    buildMs: median(buildTimes),
    tableBytesPerEntry: idx.tableBytes / entries.length,
    entriesMemory,
    indexMemory,
    load: loadOf(
      idx,
      chosen.map((qi) => stages.probes[qi]!),
    ),
    worker: workerTables(entries, idf),
  };
}

/** Mean candidate load over the queries (SizeResult.load). */
function loadOf(idx: MemoryIndex, probes: readonly Probe[]): SizeResult['load'] {
  const sum = { looked: 0, lists: 0, postings: 0, touched: 0, ranked: 0 };
  for (const p of probes) {
    const l = idx.candidateLoad(p);
    for (const k of Object.keys(sum) as Array<keyof typeof sum>) sum[k] += l[k];
  }
  const n = Math.max(1, probes.length);
  return {
    queries: probes.length,
    looked: sum.looked / n,
    lists: sum.lists / n,
    postings: sum.postings / n,
    touched: sum.touched / n,
    ranked: sum.ranked / n,
  };
}

/** What the worker holds for these entries, and what loading it costs (see SizeResult.worker). */
function workerTables(entries: readonly Entry[], idf: Idf): SizeResult['worker'] {
  let t = now();
  const built = packTables(entries, idf);
  const buildMs = now() - t;
  const stored = serialize(built);
  const tableBytes = built.offsets.byteLength + built.postings.byteLength;
  const before = memory();
  t = now();
  const tables = deserialize(stored) as KeyTables;
  if (!validTables(tables)) throw new Error('the tables did not survive a structured clone');
  const keys = new CandidateIndex();
  keys.addSegment(0, tables);
  const loadMs = now() - t;
  const heap = growth(before, memory(), entries.length);
  if (keys.size !== entries.length) throw new Error('loaded tables of the wrong size');
  return {
    tableBytesPerEntry: tableBytes / entries.length,
    heapPerEntry: heap.heapPerItem + heap.arrayBuffersPerItem,
    buildMs,
    storedBytesPerEntry: stored.byteLength / entries.length,
    loadMs,
  };
}

function printSize(s: SizeResult): void {
  console.log(
    `  ${int(s.entries)} entries: check median ${ms(s.checkMs.median)}, p95 ${ms(s.checkMs.p95)}; ` +
      `candidates median ${ms(s.candidatesMs.median)}; build ${ms(s.buildMs)}`,
  );
}

function printWorker(r: QueryResults): void {
  table(
    "2b. The extension's worker: candidate tables only in memory (metadata and sketches stay in IndexedDB, read for ~30 candidates per check)",
    ['entries', 'tables bytes/entry', 'memory growth/entry', 'build (at import)', 'stored bytes/entry', 'load'],
    r.sizes.map((s) => [
      int(s.entries),
      bytes(s.worker.tableBytesPerEntry),
      bytes(s.worker.heapPerEntry),
      ms(s.worker.buildMs),
      bytes(s.worker.storedBytesPerEntry),
      ms(s.worker.loadMs),
    ]),
    'Load: structured-clone read of the stored tables (what IndexedDB does), validation and one segment; in Chromium, ' +
      'reading the same bytes from IndexedDB adds disk time. Each entry is filed under its 24 rarest terms (lib/candidates).',
  );
}

function print(r: QueryResults, queries: number): void {
  const per = (g: MemoryGrowth | null) =>
    g ? `${bytes(g.heapPerItem)} + ${bytes(g.arrayBuffersPerItem)} (rss ${bytes(g.rssPerItem)})` : '-';
  const syn = r.syntheticShape;
  const real = r.realShape;
  table(
    `2. Whole check of one article (lib/match check) - dev-set derivatives as queries (${queries}; a spread subset when a check is slow); ` +
      `stages independent of the index size: analyze ${ms(r.stagesMs.analyze)}, fingerprint ${ms(r.stagesMs.fingerprint)}, ` +
      `verify ${ms(r.stagesMs.verifyPerCandidate)} per candidate, up to ${CANDIDATES} candidates (medians)`,
    ['entries', 'queries x passes', 'check median', 'check p95', 'candidates median', 'candidates p95', 'rank-1 true source'],
    r.sizes.map((s) => [
      int(s.entries),
      `${s.queries} x ${s.passes}`,
      ms(s.checkMs.median),
      ms(s.checkMs.p95),
      ms(s.candidatesMs.median),
      ms(s.candidatesMs.p95),
      `${s.rank1.correct}/${s.rank1.of}`,
    ]),
    `Targets: < 3 ms median at 100k (measured ${ms(r.targets.medianAt100kMs)}), < 5 ms at 1M (measured ${ms(r.targets.medianAt1MMs)}). ` +
      `Synthetic entries: ${syn.distinctTerms.toFixed(0)} distinct terms, ${syn.sentences.toFixed(1)} sentences of ` +
      `${syn.termsPerSentence.toFixed(1)} terms (BBC: ${real.distinctTerms.toFixed(0)}, ${real.sentences.toFixed(1)}, ${real.termsPerSentence.toFixed(1)}).`,
  );
  table(
    'Index in memory (MemoryIndex.addAll) - memory as JS heap + typed arrays per entry, after a full GC',
    [
      'entries',
      'addAll',
      'table bytes/entry',
      'index memory/entry',
      'entries memory/entry',
      'terms looked up',
      'lists read',
      'postings read',
      'touched',
      'ranked (>= 2 keys)',
    ],
    r.sizes.map((s) => [
      int(s.entries),
      ms(s.buildMs),
      bytes(s.tableBytesPerEntry),
      per(s.indexMemory),
      per(s.entriesMemory),
      int(s.load.looked),
      int(s.load.lists),
      int(s.load.postings),
      int(s.load.touched),
      int(s.load.ranked),
    ]),
    `Candidate load: mean over the timed queries of the page's terms looked up (rare enough to be keys), the lists read ` +
      '(shortest first, within the budget of lib/candidates), their postings, the distinct entries among them (touched), and ' +
      'those sharing at least 2 keys (ranked). ' +
      'Entries memory: the BBC entries as entryFromArticle makes them (own typed arrays), synthetic ones as readPack lays them out ' +
      '(views into shared buffers). RSS growth is coarse (the allocator reuses freed pages) and can be negative at small sizes.',
  );
}
