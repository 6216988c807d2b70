import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { grantAllSites, launchWithExtension } from '../../scripts/chromium';
import { serveFolder } from '../../scripts/demo-server';

/** The built Chrome extension (npm test builds it first). */
export const EXTENSION = resolve('.output/chrome-mv3');

export interface Harness {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  site: string;
  profile: string;
  close(): Promise<void>;
}

/** The demo site on 127.0.0.1, which the tests in every browser read. */
export async function serveDemo(port: number): Promise<{ site: string; server: Server }> {
  return { site: `http://127.0.0.1:${port}`, server: await serveFolder(resolve('demo'), port) };
}

/**
 * Real Chromium with the built extension loaded, and the demo site on 127.0.0.1. By default
 * the reader has granted automatic checking (through the profile: see launchWithExtension);
 * `allSites: false` is a fresh install, in which nothing is granted.
 */
export async function launch(port: number, options: { allSites?: boolean } = {}): Promise<Harness> {
  const { site, server } = await serveDemo(port);
  const profile = mkdtempSync(join(tmpdir(), 'provenance-e2e-'));
  const { context, worker, extensionId } = await launchWithExtension(profile, EXTENSION, options);
  const h: Harness = {
    context,
    worker,
    extensionId,
    site,
    profile,
    async close() {
      await h.context.close();
      server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
  return h;
}

/**
 * Quits the browser and starts it again on the same profile, as a reader does.
 * `grantAllSites`: meanwhile the reader said yes to the browser's prompt for access to all
 * sites (which nobody can answer in headless Chromium; see grantAllSites).
 */
export async function restart(h: Harness, { grantAllSites: grant = false } = {}): Promise<void> {
  await h.context.close();
  if (grant) grantAllSites(h.profile, EXTENSION);
  const { context, worker } = await launchWithExtension(h.profile, EXTENSION, { allSites: false });
  h.context = context;
  h.worker = worker;
}

/**
 * The id of the tab showing a URL, once the extension has a result for it. The extension
 * has no "tabs" permission, so the tab is found through the per-tab results it caches.
 */
export async function tabIdOf(h: Harness, url: string): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const id = await h.worker.evaluate(async (u) => {
      const all = (await chrome.storage.session.get(null)) as Record<string, { url?: string }>;
      const hit = Object.entries(all).find(([k, v]) => k.startsWith('tab:') && v.url === u);
      return hit ? Number(hit[0].slice(4)) : null;
    }, url);
    if (id !== null) return id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the extension never reported on ${url}`);
}

export async function badgeText(h: Harness, tabId: number): Promise<string> {
  return h.worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
}

/** The state the background cached for a tab (the popup's source of truth). */
export async function tabState(h: Harness, tabId: number): Promise<string> {
  return h.worker.evaluate(async (id) => {
    const key = `tab:${id}`;
    const r = (await chrome.storage.session.get(key))[key] as { state?: string } | undefined;
    return r?.state ?? 'unknown';
  }, tabId);
}

/** Waits until the extension has finished with a tab (a result is cached for it). */
export async function settled(h: Harness, tabId: number): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const state = await tabState(h, tabId);
    if (state !== 'unknown' && state !== 'checking') return state;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tab ${tabId} was never checked`);
}

export async function openPopup(h: Harness, tabId: number): Promise<Page> {
  const popup = await h.context.newPage();
  await popup.goto(`chrome-extension://${h.extensionId}/popup.html?tabId=${tabId}`);
  return popup;
}

/**
 * Clicks the extension's toolbar button on a page, as the reader does: the browser grants
 * activeTab for that tab and opens the popup, which checks the tab. (Extensions.triggerAction
 * needs the tab's own CDP target, not the page's; Playwright does not attach to the popup,
 * so what it shows is read through popup.html?tabId=N.)
 */
export async function clickToolbarButton(h: Harness, page: Page): Promise<void> {
  const cdp = await h.context.browser()!.newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
    const tab = targetInfos.find((t) => t.url === page.url());
    if (!tab) throw new Error(`no tab shows ${page.url()}`);
    await cdp.send('Extensions.triggerAction', { id: h.extensionId, targetId: tab.targetId });
    const popup = `chrome-extension://${h.extensionId}/popup.html`;
    for (let i = 0; i < 100; i++) {
      if ((await cdp.send('Target.getTargets')).targetInfos.some((t) => t.url === popup)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the toolbar button opened no popup');
  } finally {
    await cdp.detach();
  }
}

/** The ids of the content scripts the extension has registered. */
export async function registeredScripts(h: Harness): Promise<string[]> {
  return h.worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).map((s) => s.id));
}

/** The sites the browser lets the extension read (its granted host permissions). */
export async function grantedOrigins(h: Harness): Promise<string[]> {
  return h.worker.evaluate(async () => (await chrome.permissions.getAll()).origins ?? []);
}

/** The id of the active tab (the page just opened), when the extension has not reported on it. */
export async function activeTabId(h: Harness): Promise<number> {
  return h.worker.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    if (tab?.id === undefined) throw new Error('no active tab');
    return tab.id;
  });
}

/** Waits until the badge of a tab satisfies a test (the extension works asynchronously). */
export async function badgeWhen(h: Harness, tabId: number, ok: (text: string) => boolean): Promise<string> {
  let text = '';
  for (let i = 0; i < 100; i++) {
    text = await badgeText(h, tabId);
    if (ok(text)) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  return text;
}

export async function setSettings(h: Harness, settings: Record<string, unknown>): Promise<void> {
  await h.worker.evaluate((s) => chrome.storage.local.set({ settings: s }), settings);
}

/** Opens a demo page in a new tab and waits for the extension's verdict on it. */
export async function visit(h: Harness, path: string): Promise<{ page: Page; tabId: number; state: string }> {
  const page = await h.context.newPage();
  const url = `${h.site}/${path}`;
  await page.goto(url);
  const tabId = await tabIdOf(h, url);
  const state = await settled(h, tabId);
  return { page, tabId, state };
}
