/**
 * Issue 15 item 4: on-click mode needs no access to sites; automatic checking asks for it.
 * One fresh install, followed through a reader's choices: the first-run page, on-click,
 * automatic (the browser's prompt, then the grant), back to on-click, and the access taken
 * away in the browser's own settings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentScriptRegistered } from '../../scripts/chromium';
import {
  activeTabId,
  badgeText,
  badgeWhen,
  clickToolbarButton,
  EXTENSION,
  grantedOrigins,
  launch,
  openPopup,
  registeredScripts,
  restart,
  setSettings,
  tabState,
  visit,
  type Harness,
} from './harness';

// Port of this file (others: reading 8801, options 8802/8812/8822/8823, popup 8803, remote
// 8804/8830, firefox 8805, what-the-reader-sees 8807/8814/8825).
let h: Harness;
beforeAll(async () => {
  h = await launch(8809, { allSites: false });
});
afterAll(async () => h?.close());

const ALL_SITES = ['http://*/*', 'https://*/*'];

async function welcomePage(): Promise<Page> {
  const url = `chrome-extension://${h.extensionId}/welcome.html`;
  return h.context.pages().find((p) => p.url() === url) ?? (await h.context.waitForEvent('page', (p) => p.url() === url));
}

async function optionsPage(): Promise<Page> {
  const page = await h.context.newPage();
  await page.goto(`chrome-extension://${h.extensionId}/options.html`);
  await page.getByRole('button', { name: 'Save settings' }).waitFor();
  return page;
}

async function savedMode(): Promise<string | undefined> {
  return h.worker.evaluate(async () => ((await chrome.storage.local.get('settings')).settings as { mode?: string } | undefined)?.mode);
}

/**
 * Nobody can answer the browser's permission prompt in headless Chromium: this records what
 * the page asks for and answers "not now", as a reader who closes the prompt would.
 */
async function recordPermissionRequests(page: Page): Promise<() => Promise<string[][]>> {
  await page.evaluate(() => {
    const asked: string[][] = [];
    (window as unknown as { asked: string[][] }).asked = asked;
    chrome.permissions.request = ((request: { origins?: string[] }, callback?: (granted: boolean) => void) => {
      asked.push(request.origins ?? []);
      callback?.(false);
      return Promise.resolve(false);
    }) as unknown as typeof chrome.permissions.request;
  });
  return () => page.evaluate(() => (window as unknown as { asked: string[][] }).asked);
}

/** Opens a demo page and gives the extension time in which it would have checked it automatically. */
async function openUnchecked(path: string): Promise<{ page: Page; tabId: number }> {
  const page = await h.context.newPage();
  await page.goto(`${h.site}/${path}`);
  const tabId = await activeTabId(h);
  await new Promise((r) => setTimeout(r, 1500));
  return { page, tabId };
}

describe('site access: on-click needs none, automatic checking asks for it', () => {
  it('asks for no site access at install, and opens a first-run page that explains the two modes and asks which one', async () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.content_scripts).toBeUndefined();
    expect(manifest.host_permissions).toBeUndefined();
    expect(manifest.optional_host_permissions).toEqual(ALL_SITES);
    expect(await grantedOrigins(h)).toEqual([]);
    expect(await registeredScripts(h)).toEqual([]);

    const welcome = await welcomePage();
    await welcome.getByRole('heading', { name: 'Welcome to News Provenance' }).waitFor();
    expect(await welcome.getByRole('region', { name: /Every page, as it opens/ }).innerText()).toMatch(
      /read and change data on all websites/,
    );
    expect(await welcome.getByRole('region', { name: 'Only when I click' }).innerText()).toMatch(/No access to websites is asked for/);
    expect(await welcome.getByRole('button', { name: 'Check every page automatically' }).count()).toBe(1);
  });

  it('in on-click mode, registers and is granted nothing, and checks a page when the toolbar button is clicked', async () => {
    const welcome = await welcomePage();
    await welcome.getByRole('button', { name: 'Check only when I click' }).click();
    await welcome.getByRole('status').filter({ hasText: 'click the toolbar button on an article' }).waitFor();
    expect(await savedMode()).toBe('click');
    expect(await registeredScripts(h)).toEqual([]);
    expect(await grantedOrigins(h)).toEqual([]);

    const { page, tabId } = await openUnchecked('derivative.html?on-click');
    expect(await tabState(h, tabId)).toBe('unknown');
    expect(await badgeText(h, tabId)).toBe('');
    // The options page does not say that no article is open: it says what to do to add it.
    const options = await optionsPage();
    const fromTab = options.getByRole('region', { name: 'Or add an article open in another tab' });
    await expect
      .poll(() => fromTab.innerText())
      .toContain('No article checked in another tab yet: pages are read only when you click the toolbar button.');
    await page.bringToFront();
    await clickToolbarButton(h, page);
    expect(await badgeWhen(h, tabId, (t) => t.endsWith('%'))).toMatch(/^\d+%$/);
    await options.getByRole('button', { name: 'Refresh the list of tabs' }).click();
    await fromTab.getByRole('button', { name: /^Add “Putin in Vietnam: An Enduring Friendship/ }).waitFor();
    await options.close();
    const popup = await openPopup(h, tabId);
    await expect.poll(() => popup.getByRole('article').first().getAttribute('aria-label')).toMatch(/^Likely source: Putin in Vietnam/);
    // The click granted that one tab, nothing more.
    expect(await grantedOrigins(h)).toEqual([]);
    await popup.close();
    // A single-page site moves to another story: the old result's badge and tooltip go with it.
    const title = () => h.worker.evaluate((id) => chrome.action.getTitle({ tabId: id }), tabId);
    expect(await title()).toMatch(/^News Provenance: \d+% of this article was taken from/);
    await page.evaluate(() => history.pushState({}, '', '/another-story.html'));
    await expect.poll(title).toBe('News Provenance');
    expect(await badgeText(h, tabId)).toBe('');
    await page.close();
  });

  it('tells of a web page not checked yet (no click, no access) to click the toolbar button, not that browsers keep it from extensions', async () => {
    const { page, tabId } = await openUnchecked('derivative.html?not-clicked');
    // popup.html?tabId=N: the popup without the click that grants activeTab.
    const popup = await openPopup(h, tabId);
    const main = popup.locator('main');
    await expect
      .poll(() => main.innerText())
      .toContain('This page has not been checked yet. To check it, click the News Provenance button');
    const text = await main.innerText();
    expect(text).toContain('or choose to check every page automatically');
    expect(text).not.toMatch(/Browsers do not let extensions read this page|a browser page|web store/);
    expect(await popup.getByRole('alert').count()).toBe(0);
    await popup.close();
    await page.close();
  });

  it('switching to automatic asks the browser for access to all sites; until it is granted, pages are checked on click', async () => {
    const options = await optionsPage();
    const asked = await recordPermissionRequests(options);
    await options.getByRole('radio', { name: /Check every article automatically/ }).check();
    await options.getByRole('button', { name: 'Save settings' }).click();
    await options.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    expect(await asked()).toEqual([ALL_SITES]);
    expect(await savedMode()).toBe('auto');
    await options.getByText(/Until you allow it, pages are checked only when you click the toolbar button/).waitFor();
    await options.getByRole('button', { name: 'Allow access to all websites' }).click();
    expect(await asked()).toEqual([ALL_SITES, ALL_SITES]);
    expect(await registeredScripts(h)).toEqual([]);
    await options.close();

    const { page, tabId } = await openUnchecked('derivative.html?waiting');
    expect(await tabState(h, tabId)).toBe('unknown');
    await page.close();
  });

  it('once the reader grants it, registers the content script, keeps it across restarts, and a new page gets its badge', async () => {
    await restart(h, { grantAllSites: true });
    await contentScriptRegistered(h.worker);
    expect(await grantedOrigins(h)).toEqual(ALL_SITES);
    const first = await visit(h, 'derivative.html?granted');
    expect(await badgeWhen(h, first.tabId, (t) => t.endsWith('%'))).toMatch(/^\d+%$/);
    await first.page.close();

    // A registration the browser dropped is made again when the extension next starts.
    await h.worker.evaluate(() => chrome.scripting.unregisterContentScripts({ ids: ['reader'] }));
    expect(await registeredScripts(h)).toEqual([]);
    await restart(h);
    await contentScriptRegistered(h.worker);
    const again = await visit(h, 'derivative.html?re-registered');
    expect(await badgeWhen(h, again.tabId, (t) => t.endsWith('%'))).toMatch(/^\d+%$/);
    await again.page.close();
  });

  it('switching back to on-click unregisters the content script and gives the access back', async () => {
    const options = await optionsPage();
    await options.getByText('Every page is checked as it opens: you gave the extension access to all websites.').waitFor();
    await options.getByRole('radio', { name: 'Only when I click the toolbar button' }).check();
    await options.getByRole('button', { name: 'Save settings' }).click();
    await options.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    await expect.poll(() => registeredScripts(h)).toEqual([]);
    await expect.poll(() => grantedOrigins(h)).toEqual([]);
    await options.getByText(/No access to websites is needed/).waitFor();
    await options.close();

    const { page, tabId } = await openUnchecked('derivative.html?back-to-click');
    expect(await tabState(h, tabId)).toBe('unknown');
    await page.close();
  });

  it("falls back to on-click when the access is taken away in the browser's settings, and the options page says so", async () => {
    await restart(h, { grantAllSites: true });
    await setSettings(h, { mode: 'auto', skipSites: [], threshold: 20 });
    await contentScriptRegistered(h.worker);
    const options = await optionsPage();

    // The extensions page's own control: Site access "On click".
    const extensions = await h.context.newPage();
    await extensions.goto(`chrome://extensions/?id=${h.extensionId}`);
    await extensions.evaluate(async (id) => {
      const api = (chrome as unknown as { developerPrivate: { updateExtensionConfiguration(u: object): Promise<void> } }).developerPrivate;
      await api.updateExtensionConfiguration({ extensionId: id, hostAccess: 'ON_CLICK' });
    }, h.extensionId);
    await extensions.close();

    await expect.poll(savedMode).toBe('click');
    await expect.poll(() => registeredScripts(h)).toEqual([]);
    await options
      .getByText(/taken away in the browser's settings, so pages are now checked only when you click the toolbar button/)
      .waitFor();
    expect(await options.getByRole('radio', { name: 'Only when I click the toolbar button' }).isChecked()).toBe(true);
    await options.close();
  });
});
