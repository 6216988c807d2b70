/**
 * Section 4 (Chromium): the built extension in real Chromium (headless, --load-extension,
 * pages served from 127.0.0.1, as tests/e2e/harness.ts does).
 *
 * - Content script: its main-thread time in each page, from a Chromium trace (the
 *   EvaluateScript event of content-scripts/content.js - it extracts the article
 *   synchronously - plus its later callbacks), and, as a cross-check, extractArticle from
 *   the same source bundled with esbuild and run in the page (main world) with performance.now().
 * - Page to result: from navigation start until the background has cached the page's result
 *   (the badge is set then).
 * - Popup: time to first render with a cached result: popup.html?tabId=N after the
 *   derivative page has been checked, from navigation start until an element with role
 *   "article" (a match card) is in the popup.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { CHROMIUM, launchWithExtension } from '../scripts/chromium';
import { serveFolder } from '../scripts/demo-server';
import { ROOT } from './data';
import type { TestPage } from './extract';
import { median, ms, table } from './util';

const EXTENSION = join(ROOT, '.output/chrome-mv3');
const TRACE_RUNS = 3;
/** CPU profile sampling interval. */
const PROFILE_INTERVAL_US = 250;
/** Kept profiling after the result is in: the content script looks again once the page has been quiet for 400 ms. */
const SETTLE_MS = 700;
const PROXY_RUNS = 15;
const POPUP_RUNS = 10;

export interface BrowserPageRow {
  page: string;
  state: string;
  /** Content script, from the trace: evaluation of content.js (includes the synchronous extraction). */
  contentScriptEvaluateMs: number | null;
  /** Content script, from the trace: its later callbacks (message replies, events). */
  contentScriptCallbacksMs: number | null;
  /** Content script, from a CPU profile: sampled time with a content.js frame on the stack, from load until the result is in (all of its work). */
  contentScriptCpuMs: number;
  /** extractArticle (esbuild bundle of lib/extract) run in the page's main world: first call (cold code), then the median of warm calls. */
  extractArticleColdMs: number;
  extractArticleMs: number;
  /** isProbablyReaderable alone, same bundle. */
  gateMs: number;
  /** Navigation start until the page's result is cached by the background. */
  pageToResultMs: number | null;
}

export interface BrowserResults {
  skipped: string | null;
  chromium: string | null;
  pages: BrowserPageRow[];
  popup: {
    runs: number;
    /** performance.now() in the popup when a role="article" element appeared (MutationObserver). */
    firstArticleMs: number | null;
    /** performance.now() read after page.waitForSelector found it (includes one CDP round trip). */
    afterWaitForSelectorMs: number | null;
    firstContentfulPaintMs: number | null;
  } | null;
}

/** lib/extract and Readability's gate as one script for the page's main world. */
async function extractBundle(): Promise<string> {
  const out = await build({
    stdin: {
      contents: "export { extractArticle } from './lib/extract/article';\nexport { isProbablyReaderable } from '@mozilla/readability';\n",
      resolveDir: ROOT,
      sourcefile: 'bench-extract.ts',
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    globalName: '__benchExtract',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

/** page.goto, retried: extension files can be missing for a moment while `wxt build` rewrites .output. */
async function gotoWithRetry(page: Page, url: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto(url);
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
      await sleep(2000);
    }
  }
}

/** Waits (polling in the worker) until the background cached a settled result for a URL; returns [Date.now() then, state]. */
export async function settled(worker: Worker, url: string): Promise<{ at: number; state: string }> {
  return worker.evaluate(async (u) => {
    for (let i = 0; i < 5000; i++) {
      const all = (await chrome.storage.session.get(null)) as Record<string, { url?: string; state?: string }>;
      const hit = Object.values(all).find((v) => v.url === u && v.state !== 'checking');
      if (hit) return { at: Date.now(), state: hit.state ?? 'unknown' };
      await new Promise((r) => setTimeout(r, 2));
    }
    throw new Error(`no result for ${u}`);
  }, url);
}

async function tabIdOf(worker: Worker, url: string): Promise<number> {
  const id = await worker.evaluate(async (u) => {
    const all = (await chrome.storage.session.get(null)) as Record<string, { url?: string }>;
    const hit = Object.entries(all).find(([k, v]) => k.startsWith('tab:') && v.url === u);
    return hit ? Number(hit[0].slice(4)) : null;
  }, url);
  if (id === null) throw new Error(`no tab for ${url}`);
  return id;
}

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  args?: { data?: { url?: string } };
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { url: string }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

const CONTENT_SCRIPT = '/content-scripts/content.js';

/** Sampled CPU time (ms) with a frame of the content script on the stack. */
function contentScriptCpu(profile: CpuProfile): number {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ours = new Map<number, boolean>();
  const isOurs = (id: number): boolean => {
    const known = ours.get(id);
    if (known !== undefined) return known;
    const up = parent.get(id);
    const value = !!byId.get(id)?.callFrame.url.endsWith(CONTENT_SCRIPT) || (up !== undefined && isOurs(up));
    ours.set(id, value);
    return value;
  };
  let us = 0;
  // A sample stands for the interval until the next one.
  for (let i = 0; i + 1 < profile.samples.length; i++) if (isOurs(profile.samples[i]!)) us += profile.timeDeltas[i + 1]!;
  return us / 1000;
}

/** Loads a page with a trace running, until the background has its result; the content script's EvaluateScript and FunctionCall time. */
async function traceContentScript(context: BrowserContext, worker: Worker, url: string): Promise<{ evaluate: number; callbacks: number }> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d: { value: object[] }) => events.push(...(d.value as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['devtools.timeline', 'v8.execute'] },
    transferMode: 'ReportEvents',
  });
  await page.goto(url);
  await settled(worker, url);
  await sleep(SETTLE_MS);
  await cdp.send('Tracing.end');
  await complete;
  await page.close();
  const ours = (e: TraceEvent) => e.ph === 'X' && !!e.args?.data?.url?.endsWith(CONTENT_SCRIPT);
  const sum = (name: string) => events.filter((e) => e.name === name && ours(e)).reduce((a, e) => a + (e.dur ?? 0) / 1000, 0);
  return { evaluate: sum('EvaluateScript'), callbacks: sum('FunctionCall') };
}

/**
 * Loads a page with the CPU profiler running, until the background has its result and the
 * content script's settle-and-retry timer has fired: the content script's sampled CPU time
 * (all of its work, including what runs in promise continuations, which the trace does not attribute).
 */
async function profileContentScript(context: BrowserContext, worker: Worker, url: string): Promise<number> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: PROFILE_INTERVAL_US });
  await cdp.send('Profiler.start');
  await page.goto(url);
  await settled(worker, url);
  await sleep(SETTLE_MS);
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  await page.close();
  return contentScriptCpu(profile);
}

// In-page code is passed as source text: tsx would wrap named functions in a helper
// (__name) that does not exist in the page.
const TIME_IN_PAGE = `(runs) => {
  const api = window.__benchExtract;
  // performance.now() is coarsened to 100 µs in a page that is not cross-origin isolated:
  // quick calls are timed in batches.
  const time = (fn, batch) => {
    const out = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      for (let k = 0; k < batch; k++) fn();
      out.push((performance.now() - t) / batch);
    }
    return out;
  };
  let t = performance.now();
  api.extractArticle(document, location.href);
  const cold = performance.now() - t;
  return {
    cold,
    extract: time(() => api.extractArticle(document, location.href), 4),
    gate: time(() => api.isProbablyReaderable(document), 200),
  };
}`;

/** extractArticle and the gate, timed inside the page with performance.now(). */
async function timeInPage(page: Page, bundle: string): Promise<{ cold: number; extract: number[]; gate: number[] }> {
  await page.addScriptTag({ content: bundle });
  return (await page.evaluate(`(${TIME_IN_PAGE})(${PROXY_RUNS})`)) as { cold: number; extract: number[]; gate: number[] };
}

const POPUP_PROBE = `
  window.__benchFirstArticle = null;
  new MutationObserver((_, observer) => {
    if (document.querySelector('article, [role="article"]')) {
      window.__benchFirstArticle = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

/**
 * Chromium on a private copy of the build, so that a `wxt build` running meanwhile cannot pull
 * files from under the browser, with a fresh profile; close() quits it and removes both.
 */
export async function launchBuildCopy(): Promise<
  Awaited<ReturnType<typeof launchWithExtension>> & { profile: string; close(): Promise<void> }
> {
  const profile = mkdtempSync(join(tmpdir(), 'provenance-bench-profile-'));
  const extension = mkdtempSync(join(tmpdir(), 'provenance-bench-extension-'));
  const remove = () => {
    for (const dir of [profile, extension]) rmSync(dir, { recursive: true, force: true });
  };
  try {
    cpSync(EXTENSION, extension, { recursive: true });
    const launched = await launchWithExtension(profile, extension);
    return { ...launched, profile, close: async () => (await launched.context.close(), remove()) };
  } catch (e) {
    remove();
    throw e;
  }
}

export async function benchBrowser(pages: readonly TestPage[]): Promise<BrowserResults> {
  if (!existsSync(CHROMIUM)) return skip(`Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`);
  if (!existsSync(join(EXTENSION, 'manifest.json'))) {
    console.log('\n(.output/chrome-mv3 is missing: running `npx wxt build` first)');
    execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  const bundle = await extractBundle();
  const site = mkdtempSync(join(tmpdir(), 'provenance-bench-site-'));
  for (const p of pages) writeFileSync(join(site, p.file), p.html);
  const server = await serveFolder(site, 0);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let launched: Awaited<ReturnType<typeof launchBuildCopy>> | null = null;
  try {
    launched = await launchBuildCopy();
    const { context, worker, extensionId } = launched;
    const version = context.browser()?.version() ?? null;

    // Warm the background engine (it loads the bundled pack on the first check).
    const warm = await context.newPage();
    await warm.goto(`${origin}/derivative.html?warm`);
    await settled(worker, `${origin}/derivative.html?warm`);
    await warm.close();

    const rows: BrowserPageRow[] = [];
    let run = 0;
    for (const p of pages) {
      const evaluate: number[] = [];
      const callbacks: number[] = [];
      const cpu: number[] = [];
      for (let r = 0; r < TRACE_RUNS; r++) {
        const t = await traceContentScript(context, worker, `${origin}/${p.file}?trace=${run++}`);
        evaluate.push(t.evaluate);
        callbacks.push(t.callbacks);
        cpu.push(await profileContentScript(context, worker, `${origin}/${p.file}?profile=${run++}`));
      }
      const toResult: number[] = [];
      let state = 'unknown';
      for (let r = 0; r < TRACE_RUNS; r++) {
        const page = await context.newPage();
        const url = `${origin}/${p.file}?load=${run++}`;
        const start = Date.now();
        await page.goto(url, { waitUntil: 'commit' });
        const s = await settled(worker, url);
        toResult.push(s.at - start);
        state = s.state;
        await page.close();
      }
      const page = await context.newPage();
      await page.goto(`${origin}/${p.file}?proxy`);
      const inPage = await timeInPage(page, bundle);
      await page.close();
      rows.push({
        page: p.name,
        state,
        contentScriptEvaluateMs: evaluate.some((x) => x > 0) ? median(evaluate) : null,
        contentScriptCallbacksMs: evaluate.some((x) => x > 0) ? median(callbacks) : null,
        contentScriptCpuMs: median(cpu),
        extractArticleColdMs: inPage.cold,
        extractArticleMs: median(inPage.extract),
        gateMs: median(inPage.gate),
        pageToResultMs: median(toResult),
      });
    }

    // Popup with a cached result for the derivative page (kept open: its tab's result stays cached).
    const derivative = await context.newPage();
    const derivativeUrl = `${origin}/derivative.html?popup`;
    await derivative.goto(derivativeUrl);
    await settled(worker, derivativeUrl);
    const tabId = await tabIdOf(worker, derivativeUrl);
    const first: number[] = [];
    const after: number[] = [];
    const fcp: number[] = [];
    for (let r = 0; r < POPUP_RUNS + 1; r++) {
      const popup = await context.newPage();
      await popup.addInitScript(POPUP_PROBE);
      await gotoWithRetry(popup, `chrome-extension://${extensionId}/popup.html?tabId=${tabId}`);
      await popup.waitForSelector('article, [role="article"]');
      const m = await popup.evaluate(() => ({
        now: performance.now(),
        first: (window as unknown as { __benchFirstArticle: number | null }).__benchFirstArticle,
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      }));
      await popup.close();
      if (r === 0) continue; // the first popup compiles its code
      after.push(m.now);
      if (m.first !== null) first.push(m.first);
      if (m.fcp !== null) fcp.push(m.fcp);
    }
    await derivative.close();

    const results: BrowserResults = {
      skipped: null,
      chromium: version,
      pages: rows,
      popup: {
        runs: POPUP_RUNS,
        firstArticleMs: first.length ? median(first) : null,
        afterWaitForSelectorMs: median(after),
        firstContentfulPaintMs: fcp.length ? median(fcp) : null,
      },
    };
    print(results);
    return results;
  } finally {
    await launched?.close();
    server.close();
    rmSync(site, { recursive: true, force: true });
  }
}

function skip(reason: string): BrowserResults {
  console.log(`\n4b. Extension in Chromium: skipped - ${reason}`);
  return { skipped: reason, chromium: null, pages: [], popup: null };
}

function print(r: BrowserResults): void {
  table(
    `4b. Extension in Chromium ${r.chromium ?? ''} (headless): the content script's main-thread cost per page load ` +
      `(median of ${TRACE_RUNS} loads), extractArticle run in the page (median of ${PROXY_RUNS})`,
    [
      'page',
      'state',
      'content script CPU',
      'content.js evaluate',
      'content.js callbacks',
      'extractArticle 1st / warm',
      'gate (warm)',
      'navigation -> result',
    ],
    r.pages.map((p) => [
      p.page,
      p.state,
      ms(p.contentScriptCpuMs),
      ms(p.contentScriptEvaluateMs),
      ms(p.contentScriptCallbacksMs),
      `${ms(p.extractArticleColdMs)} / ${ms(p.extractArticleMs)}`,
      ms(p.gateMs),
      ms(p.pageToResultMs),
    ]),
    `"content script CPU": sampled CPU profile (${PROFILE_INTERVAL_US} µs, separate loads), time with a content.js frame on the stack from load until the result is in ` +
      '(all its work: start-up, extraction, messaging; the profiler inflates it somewhat). "evaluate" and "callbacks": the ' +
      "trace's EvaluateScript and FunctionCall events of content.js (work in promise continuations, such as an extraction " +
      'after an await, is in neither). "extractArticle": the same code bundled with esbuild and run in the page (first call with ' +
      'cold code, then warm). "navigation -> result": until the background has checked the page and cached the result (badge set).',
  );
  const p = r.popup!;
  console.log(
    `Popup time to first render with a cached result (popup.html?tabId=N, median of ${p.runs}): role="article" present at ` +
      `${ms(p.firstArticleMs)} after navigation start (MutationObserver; ${ms(p.afterWaitForSelectorMs)} read after waitForSelector); ` +
      `first contentful paint ${ms(p.firstContentfulPaintMs)}.`,
  );
}
