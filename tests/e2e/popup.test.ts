import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activeTabId,
  badgeText,
  badgeWhen,
  clickToolbarButton,
  launch,
  openPopup,
  registeredScripts,
  setSettings,
  tabIdOf,
  visit as visitPage,
  type Harness,
} from './harness';

let h: Harness;
beforeAll(async () => {
  h = await launch(8803);
});
afterAll(async () => h?.close());

const visit = (path: string) => visitPage(h, path);

describe('the popup and the badge', () => {
  it('lists the BBC original first with its metadata and the passages taken, and highlights them in the page', async () => {
    const { page, tabId } = await visit('derivative.html');
    const popup = await openPopup(h, tabId);
    const card = popup.getByRole('article').first();
    await expect.poll(() => card.getAttribute('aria-label')).toBe('Likely source: Putin in Vietnam: An old friendship that refuses to die');
    await expect.poll(() => card.innerText()).toMatch(/BBC News · Jonathan Head · (20 June 2024|June 20, 2024)/);
    await card.getByText(/passages taken/).click();
    const passages = card.getByRole('listitem');
    expect(await passages.count()).toBeGreaterThan(5);
    expect(await passages.first().innerText()).toMatch(/Putin|Vietnam|Russia/);

    const highlights = () => page.evaluate(() => (CSS.highlights.get('provenance-taken') as Highlight | undefined)?.size ?? 0);
    // One toggle: its name stays, aria-pressed says whether it is on.
    const toggle = card.getByRole('button', { name: 'Highlight taken passages' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    await expect.poll(() => card.getByRole('status').innerText()).toMatch(/^\d+ passages highlighted in the page$/);
    expect(await highlights()).toBeGreaterThan(5);
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await card.getByRole('button', { name: /remove highlights/i }).count()).toBe(0);
    await toggle.click();
    await expect.poll(highlights).toBe(0);
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await popup.close();
    await page.close();
  });

  it('marks an indexed original with a check mark, not a percentage', async () => {
    const { page, tabId } = await visit('original.html');
    expect(await badgeText(h, tabId)).toBe('\u2713');
    const popup = await openPopup(h, tabId);
    await expect.poll(() => popup.getByText(/This is an indexed original: Putin in Vietnam/).count()).toBe(1);
    await popup.close();
    await page.close();
  });

  it('clears the badge when a single-page site navigates from the copy to an unrelated story', async () => {
    const page = await h.context.newPage();
    await page.goto(`${h.site}/spa.html`);
    const tabId = await tabIdOf(h, `${h.site}/spa.html`);
    expect(await badgeWhen(h, tabId, (t) => t.endsWith('%'))).toMatch(/^\d+%$/);
    await page.getByRole('link', { name: 'Riverside tram line' }).click();
    expect(await badgeWhen(h, tabId, (t) => t === '')).toBe('');
    const popup = await openPopup(h, tabId);
    await expect.poll(() => popup.getByText('No source found in your index.').count()).toBe(1);
    await popup.close();
    await page.close();
  });

  it('checks again when a single-page site swaps in another story at the same address', async () => {
    const page = await h.context.newPage();
    await page.goto(`${h.site}/spa.html?in-place`);
    const tabId = await tabIdOf(h, `${h.site}/spa.html?in-place`);
    expect(await badgeWhen(h, tabId, (t) => t.endsWith('%'))).toMatch(/^\d+%$/);
    await page.getByRole('button', { name: 'Next story' }).click();
    expect(await badgeWhen(h, tabId, (t) => t === '')).toBe('');
    expect(page.url()).toBe(`${h.site}/spa.html?in-place`);
    const popup = await openPopup(h, tabId);
    await expect.poll(() => popup.getByText('No source found in your index.').count()).toBe(1);
    await popup.close();
    await page.close();
  });

  it('says so when popup.html?tabId= names no open tab, rather than judge its own page', async () => {
    for (const id of ['abc', '987654321']) {
      const popup = await h.context.newPage();
      await popup.goto(`chrome-extension://${h.extensionId}/popup.html?tabId=${id}`);
      await expect
        .poll(() => popup.getByRole('alert').innerText())
        .toBe(`The check failed: no open tab has the id “${id}” (popup.html?tabId= takes the number of an open tab)`);
      await popup.close();
    }
  });

  it('in on-click mode, does nothing until the toolbar button is used', async () => {
    await setSettings(h, { mode: 'click', skipSites: [], threshold: 20 });
    await expect.poll(() => registeredScripts(h)).toEqual([]);
    const page = await h.context.newPage();
    await page.goto(`${h.site}/derivative.html?on-click`);
    const tabId = await activeTabId(h);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await badgeText(h, tabId)).toBe('');
    await clickToolbarButton(h, page);
    expect(await badgeWhen(h, tabId, (t) => t.endsWith('%'))).toMatch(/^\d+%$/);
    const popup = await openPopup(h, tabId);
    await expect.poll(() => popup.getByRole('article').first().getAttribute('aria-label')).toMatch(/^Likely source: Putin in Vietnam/);
    await popup.close();
    await page.close();
    await setSettings(h, { mode: 'auto', skipSites: [], threshold: 20 });
    await expect.poll(() => registeredScripts(h)).toEqual(['reader']);
  });

  it('says a page still loading is being checked, and shows its result once it has loaded', async () => {
    // The page's beginning now, its article four seconds later, as a slow site sends it.
    const html = readFileSync('demo/derivative.html', 'utf8');
    const cut = html.indexOf('<body');
    const slow = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.write(html.slice(0, cut));
      setTimeout(() => res.end(html.slice(cut)), 4000);
    });
    await new Promise<void>((r) => slow.listen(8853, '127.0.0.1', r));
    try {
      const page = await h.context.newPage();
      await page.goto('http://127.0.0.1:8853/slow.html', { waitUntil: 'commit' });
      const tabId = await activeTabId(h);
      const popup = await openPopup(h, tabId);
      await expect.poll(() => popup.getByRole('status').innerText()).toBe('Checking this page…');
      expect(await popup.getByText('This page has not been checked').count()).toBe(0);
      await expect
        .poll(() => popup.getByRole('article').first().getAttribute('aria-label'), { timeout: 15_000 })
        .toMatch(/^Likely source: Putin in Vietnam/);
      await popup.close();
      await page.close();
    } finally {
      slow.closeAllConnections();
      slow.close();
    }
  });

  it('skips the sites the user listed', async () => {
    await setSettings(h, { mode: 'auto', skipSites: ['127.0.0.1'], threshold: 20 });
    const { page, tabId } = await visit('derivative.html?skip');
    expect(await badgeText(h, tabId)).toBe('');
    const popup = await openPopup(h, tabId);
    await expect.poll(() => popup.getByText(/Not checked: this site is on your list of sites to skip/).count()).toBe(1);
    await popup.close();
    await page.close();
    await setSettings(h, { mode: 'auto', skipSites: [], threshold: 20 });
  });
});
