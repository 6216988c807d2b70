/**
 * Section 6 (Chromium): what a large imported index costs the extension's service worker in
 * real headless Chromium, with the built extension (.output/chrome-mv3, as section 4b).
 *
 * Synthetic entries (bench/synthetic.ts) are written as packs of at most 250,000 entries and
 * imported through the options page, as a user would (file input, preview, "Import N
 * entries"). Before and after the import the worker is stopped (CDP ServiceWorker.stopAllWorkers),
 * as Chrome stops an idle worker, and the demo derivative page is checked: the first check starts a new worker, whose
 * engine loads the bundled pack and every stored pack's candidate tables from IndexedDB; then warm
 * checks; then the worker's JS heap (CDP Runtime.getHeapUsage after a collection: V8 heap and
 * typed-array backing stores apart) and the resident memory of the extension's renderer
 * process (VmRSS in /proc). Growth per entry = (after - baseline) / imported entries.
 *
 * The Node figures to compare with: section 2b (tables bytes per entry, structured-clone load).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, Page, Worker } from 'playwright-core';
import { loadIdf } from '../cli/engine';
import { packTables } from '../lib/candidates';
import { entryFromArticle, writePack } from '../lib/index';
import { CHROMIUM } from '../scripts/chromium';
import { serveFolder } from '../scripts/demo-server';
import { launchBuildCopy, settled } from './browser';
import { loadBbc, ROOT } from './data';
import { syntheticEntries, termModel } from './synthetic';
import { bytes, int, median, ms, now, table } from './util';

export const DEFAULT_WORKER_ENTRIES = 100_000;
const EXTENSION = join(ROOT, '.output/chrome-mv3');
/** Entries per pack file: well under a pack's limits (1 GB, 2,000,000 entries). */
const PACK_ENTRIES = 250_000;
/** Each first check needs a worker stopped and started again; warm checks are quick. The page load around a check is noisy on a busy machine. */
const FIRST_RUNS = 3;
const WARM_RUNS = 9;
/** An import of 250,000 entries takes minutes on a slow machine; a wait for it should not give up first. */
const IMPORT_TIMEOUT_MS = 20 * 60_000;
/** How often the extension process's RSS is read during an import (for its peak). */
const RSS_POLL_MS = 200;

export interface ProcessMemory {
  pid: number;
  /** VmRSS: resident set, including shared pages of the Chromium binary and libraries. */
  rssBytes: number;
  /** RssAnon: the process's own resident memory (heaps, typed arrays), without mapped files. */
  rssAnonBytes: number;
  /** VmHWM: peak resident set over the process's life. */
  peakRssBytes: number;
}

export interface WorkerPhase {
  /** Imported entries in the index (besides the bundled pack). */
  entries: number;
  /** Navigation start until the result is cached, for the first check after the worker was stopped (a new worker, which loads the engine): median and each run. */
  firstCheckMs: number;
  firstRunsMs: number[];
  /** Navigation start until the result is cached, warm worker: median and each run. */
  warmCheckMs: number;
  warmRunsMs: number[];
  /** State of the check of the derivative page ("done" when it was checked). */
  state: string;
  /** Runtime.getHeapUsage on the worker after HeapProfiler.collectGarbage. */
  heap: { usedBytes: number; totalBytes: number; embedderBytes: number; backingStoreBytes: number };
  /** Renderer processes with --extension-process (the worker's, and the extension's pages'). */
  extensionProcesses: ProcessMemory[];
  /** Chromium's storage service (it runs IndexedDB), for context. */
  storageService: ProcessMemory | null;
}

export interface WorkerPack {
  name: string;
  entries: number;
  fileBytes: number;
  /** Node: syntheticEntries + writePack. */
  makeMs: number;
  /** Node: the pack's candidate tables as packTables builds them (offsets + postings), what the worker should hold for it. */
  tableBytes: number;
  /** Options page: file chosen until the preview's button shows (read, readPack validation, preview). */
  readMs: number;
  /** Options page: button clicked until "Imported N entries" (the file read again by runs of entries, tables, IndexedDB writes, the worker's reload). */
  storeMs: number;
  /** Peak RSS of the extension process(es) during this import, summed (the options page shares the worker's process). */
  peakExtensionRssBytes: number | null;
  /** RSS of the extension process(es) when this import began (the first sample), summed. */
  startExtensionRssBytes: number | null;
}

export interface WorkerResults {
  skipped: string | null;
  chromium: string | null;
  entries: number;
  packs: WorkerPack[];
  /** The options page's total after the measurements ("N entries in all"): the worker indexed every pack. */
  indexTotal: string | null;
  /** Bytes of the profile's IndexedDB folder after the import (all packs stored taken apart). */
  indexedDbBytes: number | null;
  baseline: WorkerPhase | null;
  after: WorkerPhase | null;
  /** (after - baseline) / entries. */
  perEntry: {
    heapUsedBytes: number;
    backingStoreBytes: number;
    extensionRssBytes: number | null;
    extensionRssAnonBytes: number | null;
    storageServiceRssBytes: number | null;
    /** Node's packTables figure, for comparison. */
    tableBytes: number;
    /** On disk: the IndexedDB folder, all of it, over the imported entries. */
    indexedDbBytes: number;
  } | null;
  seconds: { packs: number; imports: number; total: number };
}

const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
const extensionUrl = (id: string) => `chrome-extension://${id}/`;

// --- processes ------------------------------------------------------------------------

function processMemory(pid: number): ProcessMemory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { pid, rssBytes: kb('VmRSS'), rssAnonBytes: kb('RssAnon'), peakRssBytes: kb('VmHWM') };
  } catch {
    return null; // not Linux, or the process has just exited
  }
}

const commandLine = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
};

/**
 * This browser's processes, from CDP (SystemInfo.getProcessInfo), so that another Chromium on
 * the machine (the end-to-end tests) is never counted. The extension's renderer is the one
 * with --extension-process on its command line: Chromium runs an extension's worker and its
 * pages in one process per extension, and only our extension is loaded.
 */
async function processes(browserCdp: CDPSession): Promise<{ extension: ProcessMemory[]; storage: ProcessMemory | null }> {
  const { processInfo } = (await browserCdp.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string; id: number }> };
  const extension = processInfo
    .filter((p) => p.type === 'renderer' && commandLine(p.id).includes('--extension-process'))
    .flatMap((p) => processMemory(p.id) ?? []);
  const storagePid = processInfo.find((p) => p.type.includes('StorageService'))?.id;
  return { extension, storage: storagePid === undefined ? null : processMemory(storagePid) };
}

/** Bytes of the files under a folder (0 when it does not exist). */
function folderBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true }).reduce((a, d) => {
    const p = join(dir, d.name);
    return a + (d.isDirectory() ? folderBytes(p) : d.isFile() ? statSync(p).size : 0);
  }, 0);
}

const sum = (ps: readonly ProcessMemory[], f: (p: ProcessMemory) => number) => ps.reduce((a, p) => a + f(p), 0);

// --- the worker -----------------------------------------------------------------------

async function workerTargetId(cdp: CDPSession, extensionId: string): Promise<string> {
  const { targetInfos } = await cdp.send('Target.getTargets');
  const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(extensionUrl(extensionId)));
  if (!target) throw new Error('no service worker target');
  return target.targetId;
}

/**
 * Stops the service worker, as Chrome does when it idles: the next event starts a new one,
 * which must load the index from IndexedDB. (Target.closeTarget, which the end-to-end tests
 * use, left a worker that had just started running here; ServiceWorker.stopAllWorkers,
 * followed to the "stopped" status, does not depend on when it is sent.)
 * Playwright keeps the same Worker object for the restarted worker: an evaluate sent while it
 * is stopped waits for the new one.
 */
async function stopWorker(context: BrowserContext, extensionId: string): Promise<void> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  // The domain learns of running workers only through its events: stopping before it has
  // heard of ours stops nothing.
  let status = 'unknown';
  cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: Array<{ scriptURL: string; runningStatus: string }> }) => {
    for (const v of e.versions) if (v.scriptURL.startsWith(extensionUrl(extensionId))) status = v.runningStatus;
  });
  await cdp.send('ServiceWorker.enable');
  for (let i = 0; status !== 'stopped'; i++) {
    if (i > 1000) throw new Error(`the service worker did not stop (${status})`);
    if (status === 'running') await cdp.send('ServiceWorker.stopAllWorkers');
    await sleep(10);
  }
  await cdp.detach();
  await page.close();
  // Time for the extension process to go, when nothing else of the extension keeps it.
  await sleep(1000);
}

/**
 * The worker's heap after a full collection. Playwright opens CDP sessions on pages only, so
 * this attaches to the worker's target through a page's session (non-flat: messages wrapped
 * in Target.sendMessageToTarget).
 */
async function workerHeap(context: BrowserContext, extensionId: string): Promise<WorkerPhase['heap']> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  try {
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: await workerTargetId(cdp, extensionId), flatten: false });
    let next = 0;
    const waiting = new Map<number, (m: { result?: unknown; error?: { message: string } }) => void>();
    cdp.on('Target.receivedMessageFromTarget', (e: { sessionId?: string; message: string }) => {
      const m = JSON.parse(e.message) as { id?: number; result?: unknown; error?: { message: string } };
      if (e.sessionId === sessionId && m.id !== undefined) waiting.get(m.id)?.(m);
    });
    const send = async (method: string): Promise<unknown> => {
      const id = ++next;
      const reply = new Promise<{ result?: unknown; error?: { message: string } }>((resolve) => waiting.set(id, resolve));
      await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params: {} }) });
      const m = await reply;
      if (m.error) throw new Error(`${method}: ${m.error.message}`);
      return m.result;
    };
    await send('HeapProfiler.collectGarbage');
    await send('HeapProfiler.collectGarbage');
    const h = (await send('Runtime.getHeapUsage')) as {
      usedSize: number;
      totalSize: number;
      embedderHeapUsedSize?: number;
      backingStorageSize?: number;
    };
    await cdp.send('Target.detachFromTarget', { sessionId });
    return {
      usedBytes: h.usedSize,
      totalBytes: h.totalSize,
      embedderBytes: h.embedderHeapUsedSize ?? NaN,
      backingStoreBytes: h.backingStorageSize ?? NaN,
    };
  } finally {
    await cdp.detach();
    await page.close();
  }
}

/** Opens a page and waits until the worker has cached its result: [ms from navigation start, state]. */
async function check(context: BrowserContext, worker: Worker, url: string): Promise<{ ms: number; state: string }> {
  const page = await context.newPage();
  const start = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  const s = await settled(worker, url);
  await page.close();
  return { ms: s.at - start, state: s.state };
}

/**
 * One measurement of the worker with the index as it is: stopped, then a first check (a new
 * worker loads the engine), FIRST_RUNS times; warm checks; memory once it is idle (the
 * process is the last new worker's). Extension pages must be closed first, or their memory
 * counts in the same process.
 */
async function measure(
  context: BrowserContext,
  browserCdp: CDPSession,
  extensionId: string,
  worker: Worker,
  origin: string,
  label: string,
  entries: number,
): Promise<WorkerPhase> {
  const firstRuns: number[] = [];
  for (let r = 0; r < FIRST_RUNS; r++) {
    await worker.evaluate(() => void Object.assign(globalThis, { beforeRestart: true }));
    await stopWorker(context, extensionId);
    firstRuns.push((await check(context, worker, `${origin}/derivative.html?first-${label}-${r}`)).ms);
    // A first check answered by the old worker would measure nothing.
    if (await worker.evaluate(() => 'beforeRestart' in globalThis)) throw new Error('the service worker was not restarted');
  }
  const warm: number[] = [];
  let state = 'unknown';
  for (let r = 0; r < WARM_RUNS; r++) {
    const c = await check(context, worker, `${origin}/derivative.html?warm-${label}-${r}`);
    warm.push(c.ms);
    state = c.state;
  }
  const heap = await workerHeap(context, extensionId);
  const procs = await processes(browserCdp);
  return {
    entries,
    firstCheckMs: median(firstRuns),
    firstRunsMs: firstRuns,
    warmCheckMs: median(warm),
    warmRunsMs: warm,
    state,
    heap,
    extensionProcesses: procs.extension,
    storageService: procs.storage,
  };
}

// --- import ---------------------------------------------------------------------------

/** Imports a pack file through the options page, as a user does; [read ms, store ms]. */
async function importPack(options: Page, path: string, name: string): Promise<{ readMs: number; storeMs: number }> {
  let t = now();
  await options.getByLabel('Index pack file').setInputFiles(path);
  const button = options.getByRole('button', { name: /^Import [\d,.\s\u00a0\u202f]+ entr(y|ies)$/ });
  const refused = options.getByRole('alert');
  await button.or(refused).first().waitFor({ timeout: IMPORT_TIMEOUT_MS });
  if (await refused.count()) throw new Error(`the options page refused ${name}: ${await refused.first().innerText()}`);
  const readMs = now() - t;
  t = now();
  await button.click();
  const done = options.getByRole('status').filter({ hasText: `entries from “${name}”` });
  await done.or(refused).first().waitFor({ timeout: IMPORT_TIMEOUT_MS });
  if (await refused.count()) throw new Error(`the import of ${name} failed: ${await refused.first().innerText()}`);
  return { readMs, storeMs: now() - t };
}

/** Samples the extension processes' summed RSS until stopped; the first sample and the peak. */
function rssPeak(browserCdp: CDPSession): { stop(): Promise<{ start: number | null; peak: number | null }> } {
  let peak: number | null = null;
  let start: number | null = null;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { extension } = await processes(browserCdp).catch(() => ({ extension: [] as ProcessMemory[] }));
      const rss = sum(extension, (p) => p.rssBytes);
      if (extension.length && start === null) start = rss;
      if (extension.length && rss > (peak ?? 0)) peak = rss;
      await sleep(RSS_POLL_MS);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { start, peak };
    },
  };
}

// --- the section ----------------------------------------------------------------------

/** Writes the synthetic packs (each made, written and dropped in turn, so Node holds one pack's entries at a time). */
async function writePacks(
  dir: string,
  total: number,
): Promise<Array<Omit<WorkerPack, 'readMs' | 'storeMs' | 'peakExtensionRssBytes' | 'startExtensionRssBytes'> & { path: string }>> {
  const pool = termModel(loadBbc().map(entryFromArticle));
  const idf = loadIdf();
  const count = Math.ceil(total / PACK_ENTRIES);
  const out = [];
  for (let p = 0; p < count; p++) {
    const from = p * PACK_ENTRIES;
    const to = Math.min(total, from + PACK_ENTRIES);
    const name = `Synthetic ${p + 1} of ${count}`;
    const t = now();
    const entries = syntheticEntries(from, to, pool);
    const bytesOut = await writePack(entries, name, '2005-01-01T00:00:00.000Z');
    const makeMs = now() - t;
    const tables = packTables(entries, idf);
    const path = join(dir, `synthetic-${p + 1}.pack`);
    writeFileSync(path, bytesOut);
    out.push({
      name,
      path,
      entries: to - from,
      fileBytes: bytesOut.byteLength,
      makeMs,
      tableBytes: tables.offsets.byteLength + tables.postings.byteLength,
    });
    console.log(`  wrote ${name}: ${int(to - from)} entries, ${bytes(bytesOut.byteLength)} in ${ms(makeMs)}`);
  }
  return out;
}

export async function benchWorker(entries = DEFAULT_WORKER_ENTRIES): Promise<WorkerResults> {
  const started = now();
  if (!existsSync(CHROMIUM)) return skip(entries, `Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`);
  // Not built here (unlike 4b): a build rewrites .output while other work may be using it.
  if (!existsSync(join(EXTENSION, 'manifest.json'))) return skip(entries, '.output/chrome-mv3 is missing (build it with `npx wxt build`)');
  if (!Number.isInteger(entries) || entries < 1) throw new Error(`--worker-entries must be a positive integer (got ${entries})`);

  console.log(`\n6. Worker with ${int(entries)} imported entries: writing packs`);
  const packDir = mkdtempSync(join(tmpdir(), 'provenance-bench-packs-'));
  const server = await serveFolder(join(ROOT, 'demo'), 0);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let launched: Awaited<ReturnType<typeof launchBuildCopy>> | null = null;
  try {
    const files = await writePacks(packDir, entries);
    const packsDone = now();
    launched = await launchBuildCopy();
    const { context, worker, extensionId, profile } = launched;
    const browserCdp = await context.browser()!.newBrowserCDPSession();

    console.log('  baseline (bundled index only)');
    const baseline = await measure(context, browserCdp, extensionId, worker, origin, 'baseline', 0);

    const packs: WorkerPack[] = [];
    const options = await context.newPage();
    await options.goto(`${extensionUrl(extensionId)}options.html`);
    await options
      .getByText(/entr(y|ies) in all/)
      .first()
      .waitFor({ timeout: 60_000 });
    const importsStarted = now();
    for (const f of files) {
      const sampler = rssPeak(browserCdp);
      let timing: { readMs: number; storeMs: number };
      let rss: { start: number | null; peak: number | null };
      try {
        timing = await importPack(options, f.path, f.name);
      } finally {
        rss = await sampler.stop();
      }
      const { path: _path, ...rest } = f;
      packs.push({ ...rest, ...timing, peakExtensionRssBytes: rss.peak, startExtensionRssBytes: rss.start });
      console.log(`  imported ${f.name}: read ${ms(timing.readMs)}, store ${ms(timing.storeMs)}`);
    }
    const importsDone = now();
    const indexedDbBytes = folderBytes(join(profile, 'Default/IndexedDB'));
    // The options page lives in the worker's process: closed, so that it does not count.
    await options.close();
    rmSync(packDir, { recursive: true, force: true });

    console.log('  after the import');
    const after = await measure(context, browserCdp, extensionId, worker, origin, 'after', entries);
    const summary = await context.newPage();
    await summary.goto(`${extensionUrl(extensionId)}options.html`);
    const total = summary.getByText(/entr(y|ies) in all/).first();
    await total.waitFor({ timeout: 120_000 });
    const indexTotal = await total.innerText();
    await summary.close();

    const results: WorkerResults = {
      skipped: null,
      chromium: context.browser()?.version() ?? null,
      entries,
      packs,
      indexTotal,
      indexedDbBytes,
      baseline,
      after,
      perEntry: perEntry(baseline, after, packs, indexedDbBytes),
      seconds: { packs: (packsDone - started) / 1000, imports: (importsDone - importsStarted) / 1000, total: (now() - started) / 1000 },
    };
    print(results);
    return results;
  } finally {
    await launched?.close();
    server.close();
    rmSync(packDir, { recursive: true, force: true });
  }
}

function perEntry(
  base: WorkerPhase,
  after: WorkerPhase,
  packs: readonly WorkerPack[],
  indexedDb: number,
): NonNullable<WorkerResults['perEntry']> {
  const n = after.entries - base.entries;
  const rss = (p: WorkerPhase, f: (x: ProcessMemory) => number) => (p.extensionProcesses.length ? sum(p.extensionProcesses, f) : NaN);
  const delta = (x: number) => (Number.isFinite(x) ? x / n : null);
  return {
    heapUsedBytes: (after.heap.usedBytes - base.heap.usedBytes) / n,
    backingStoreBytes: (after.heap.backingStoreBytes - base.heap.backingStoreBytes) / n,
    extensionRssBytes: delta(rss(after, (p) => p.rssBytes) - rss(base, (p) => p.rssBytes)),
    extensionRssAnonBytes: delta(rss(after, (p) => p.rssAnonBytes) - rss(base, (p) => p.rssAnonBytes)),
    storageServiceRssBytes: delta((after.storageService?.rssBytes ?? NaN) - (base.storageService?.rssBytes ?? NaN)),
    tableBytes: packs.reduce((a, p) => a + p.tableBytes, 0) / n,
    indexedDbBytes: indexedDb / n,
  };
}

function skip(entries: number, reason: string): WorkerResults {
  console.log(`\n6. Worker with a large index in Chromium: skipped - ${reason}`);
  return {
    skipped: reason,
    chromium: null,
    entries,
    packs: [],
    indexTotal: null,
    indexedDbBytes: null,
    baseline: null,
    after: null,
    perEntry: null,
    seconds: { packs: 0, imports: 0, total: 0 },
  };
}

function print(r: WorkerResults): void {
  const procs = (p: WorkerPhase) =>
    p.extensionProcesses.length
      ? `${bytes(sum(p.extensionProcesses, (x) => x.rssBytes))} (anon ${bytes(sum(p.extensionProcesses, (x) => x.rssAnonBytes))})`
      : '-';
  const row = (label: string, p: WorkerPhase) => [
    label,
    int(p.entries),
    p.state,
    ms(p.firstCheckMs),
    ms(p.warmCheckMs),
    bytes(p.heap.usedBytes),
    bytes(p.heap.backingStoreBytes),
    procs(p),
    bytes(p.storageService?.rssBytes),
  ];
  const e = r.perEntry!;
  table(
    `6. The worker with ${int(r.entries)} imported entries, Chromium ${r.chromium ?? ''} (headless): checks of demo/derivative.html ` +
      `after the worker was stopped (first: a new worker loads the engine, median of ${FIRST_RUNS}) and warm (median of ${WARM_RUNS}); memory after a full GC`,
    [
      '',
      'imported entries',
      'state',
      'first check',
      'warm check',
      'JS heap',
      'typed arrays',
      'extension process RSS',
      'storage service RSS',
    ],
    [
      row('baseline (bundled index)', r.baseline!),
      row('after import', r.after!),
      [
        'growth per entry',
        '-',
        '-',
        '-',
        '-',
        bytes(e.heapUsedBytes),
        bytes(e.backingStoreBytes),
        e.extensionRssBytes === null ? '-' : `${bytes(e.extensionRssBytes)} (anon ${bytes(e.extensionRssAnonBytes)})`,
        bytes(e.storageServiceRssBytes),
      ],
    ],
    `Tables alone (packTables in Node): ${bytes(e.tableBytes)} per entry. "JS heap": V8 heap used; "typed arrays": their backing ` +
      'stores (Runtime.getHeapUsage on the worker). Extension process: the renderer with --extension-process (the worker; the ' +
      `options page too while open), pid ${r.baseline!.extensionProcesses.map((p) => p.pid).join('+') || '-'} at baseline, ` +
      `${r.after!.extensionProcesses.map((p) => p.pid).join('+') || '-'} after. Checks: navigation start until the result is cached. ` +
      `Options page afterwards: "${r.indexTotal}".`,
  );
  table(
    `Import through the options page (packs of up to ${int(PACK_ENTRIES)} entries; imports took ${r.seconds.imports.toFixed(0)} s, writing the packs ${r.seconds.packs.toFixed(0)} s)`,
    [
      'pack',
      'entries',
      'file',
      'tables (Node)',
      'read + validate + preview',
      'store + reload',
      'extension RSS at start',
      'peak extension RSS',
    ],
    r.packs.map((p) => [
      p.name,
      int(p.entries),
      bytes(p.fileBytes),
      bytes(p.tableBytes),
      ms(p.readMs),
      ms(p.storeMs),
      bytes(p.startExtensionRssBytes),
      bytes(p.peakExtensionRssBytes),
    ]),
    '"store + reload": "Import" clicked until "Imported N entries" (the file read again a run of entries at a time in the import Web Worker, ' +
      'each run one IndexedDB transaction, the tables built and the record written last, ' +
      `the worker reloads every pack). IndexedDB on disk afterwards: ${bytes(r.indexedDbBytes)} (${bytes(e.indexedDbBytes)} per entry).`,
  );
}
