import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { serveDemo } from './harness';

/** The built Firefox extension (npm test builds it first). */
export const FIREFOX_EXTENSION = resolve('.output/firefox-mv2');

/** Debian's Firefox ESR unless FIREFOX_PATH names another build (no browser is downloaded). */
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/**
 * The add-on's internal UUID, fixed (through a pref) so that its pages have a known
 * moz-extension:// origin; Firefox would otherwise pick a random one at install.
 */
const UUID = '2b7e6c1a-4d3f-4e8b-9a61-5c0f3d2e7b94';

export interface FirefoxHarness {
  browser: Browser;
  /** An extension page (the options page) that the tests call the WebExtension APIs from. */
  ext: Page;
  origin: string;
  site: string;
  close(): Promise<void>;
}

/**
 * Headless Firefox driven over WebDriver BiDi, with the built Firefox extension installed
 * as a temporary add-on, and the demo site on 127.0.0.1.
 */
export async function launchFirefox(port: number): Promise<FirefoxHarness> {
  const manifest = JSON.parse(readFileSync(`${FIREFOX_EXTENSION}/manifest.json`, 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${FIREFOX_EXTENSION}/manifest.json has no gecko id`);
  if (!existsSync(FIREFOX)) throw new Error(`no Firefox at ${FIREFOX}: apt-get install firefox-esr, or set FIREFOX_PATH`);
  const { site, server } = await serveDemo(port);
  const browser = await puppeteer
    .launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      // Lets the BiDi session see and script moz-extension:// documents.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [id]: UUID }),
        // permissions.request grants without showing its prompt (nobody could answer it).
        // The request still needs a real click, which grantAllSites gives it.
        'extensions.webextOptionalPermissionPrompts': false,
      },
    })
    .catch((e: unknown) => {
      server.close();
      throw e;
    });
  const close = async () => {
    await browser.close();
    server.close();
  };
  try {
    await browser.installExtension(FIREFOX_EXTENSION);
    const origin = `moz-extension://${UUID}`;
    await grantAllSites(browser, origin);
    return { browser, ext: await openExtensionPage(browser, `${origin}/options.html`), origin, site, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * The reader's choice of automatic checking on the first-run page: a click on its button,
 * which asks Firefox for access to all sites (granted without a prompt by the test profile's
 * pref), after which the extension registers its content script.
 */
async function grantAllSites(browser: Browser, origin: string): Promise<void> {
  const welcome = await openExtensionPage(browser, `${origin}/welcome.html`);
  const button = await welcome.waitForSelector('::-p-aria([role="button"][name="Check every page automatically"])', { timeout: 10_000 });
  await button!.click();
  await welcome.waitForSelector('::-p-text(every page you open is now checked)', { timeout: 10_000 });
  await welcome.waitForFunction(
    async () => {
      const ext = (globalThis as unknown as { browser: Ext }).browser;
      return (await ext.scripting.getRegisteredContentScripts()).some((s) => s.id === 'reader');
    },
    { polling: 100, timeout: 10_000 },
  );
  await welcome.close();
}

/**
 * Opens a page of the extension in a new tab. Puppeteer's goto() does not resolve for a
 * moz-extension:// URL (it times out and page.url() stays about:blank), though the page
 * loads and can be scripted; so the navigation is started and the loaded document waited for.
 */
async function openExtensionPage(browser: Browser, url: string): Promise<Page> {
  // Now and then (2 full runs in 6) the tab's realm breaks while the extension page loads,
  // and every evaluation in it fails with the same BiDi protocol error ("right-hand side of
  // 'in' should be an object, got null") until the tab is closed: a new tab loads it fine.
  for (let attempt = 1; ; attempt++) {
    const page = await browser.newPage();
    void page.goto(url, { timeout: 0 }).catch(() => undefined);
    try {
      await page.waitForFunction((u) => location.href === u && document.readyState === 'complete', { polling: 50, timeout: 15_000 }, url);
      return page;
    } catch (e) {
      const protocol = /protocol error/i.test(`${String(e)} ${String((e as Error).cause)}`);
      if (!protocol || attempt === 3) throw e;
      await page.close().catch(() => undefined);
    }
  }
}

/** The extension's API namespace in an extension page (Firefox's promise-based `browser`). */
type Ext = typeof chrome;

/** Opens a demo page in a new tab and waits for the extension's verdict on it. */
export async function visit(h: FirefoxHarness, path: string): Promise<{ page: Page; tabId: number; state: string }> {
  const page = await h.browser.newPage();
  const url = `${h.site}/${path}`;
  await page.goto(url);
  // The extension has no "tabs" permission, so tabs.query gives no URLs: the tab is found
  // through the per-tab results the background caches, once one is final.
  const found = await h.ext
    .waitForFunction(
      async (u) => {
        const ext = (globalThis as unknown as { browser: Ext }).browser;
        const all = (await ext.storage.session.get(null)) as Record<string, { url?: string; state?: string }>;
        const hit = Object.entries(all).find(([k, v]) => k.startsWith('tab:') && v.url === u && v.state !== 'checking');
        return hit ? { tabId: Number(hit[0].slice(4)), state: hit[1].state ?? 'unknown' } : null;
      },
      { polling: 100, timeout: 20_000 },
      url,
    )
    .catch(() => {
      throw new Error(`the extension never reported on ${url}`);
    });
  const { tabId, state } = (await found.jsonValue()) as { tabId: number; state: string };
  return { page, tabId, state };
}

type Shown = 'text' | 'title';

/** What the toolbar button shows for a tab: its badge text or its tooltip (browserAction in Manifest V2). */
export async function toolbar(h: FirefoxHarness, tabId: number, what: Shown): Promise<string> {
  return h.ext.evaluate(
    (id, w) => {
      const ext = (globalThis as unknown as { browser: Ext }).browser;
      const button = ext.action ?? ext.browserAction;
      return w === 'text' ? button.getBadgeText({ tabId: id }) : button.getTitle({ tabId: id });
    },
    tabId,
    what,
  );
}

export const badgeText = (h: FirefoxHarness, tabId: number) => toolbar(h, tabId, 'text');

/**
 * Waits until the toolbar button of a tab shows a badge text or tooltip matching a pattern
 * (the extension sets them just after it caches the result); returns the last one seen.
 */
export async function toolbarWhen(h: FirefoxHarness, tabId: number, what: Shown, pattern: RegExp, timeout = 5_000): Promise<string> {
  return h.ext
    .waitForFunction(
      async (id, w, source) => {
        const ext = (globalThis as unknown as { browser: Ext }).browser;
        const button = ext.action ?? ext.browserAction;
        const value = w === 'text' ? await button.getBadgeText({ tabId: id }) : await button.getTitle({ tabId: id });
        return new RegExp(source).test(value) ? value : null;
      },
      { polling: 100, timeout },
      tabId,
      what,
      pattern.source,
    )
    .then((handle) => handle.jsonValue() as Promise<string>)
    .catch(() => toolbar(h, tabId, what));
}

/** The popup for a tab, opened in a tab of its own (popup.html?tabId=N). */
export async function openPopup(h: FirefoxHarness, tabId: number): Promise<Page> {
  return openExtensionPage(h.browser, `${h.origin}/popup.html?tabId=${tabId}`);
}
