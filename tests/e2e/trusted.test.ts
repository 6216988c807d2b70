/**
 * Issue 15: originals read on trusted sites. The reader lists the Kellmouth Gazette's site
 * as an original source; its article, once read, is in the reader's index (once, across a
 * browser restart), a copy of it on another site gets a badge naming it, and clearing the
 * reading removes it. The two sites are the Kellmouth test site on two ports.
 */
import type { Server } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentScriptRegistered } from '../../scripts/chromium';
import { badgeText, badgeWhen, launch, openPopup, restart, settled, tabIdOf, type Harness } from './harness';
import { serveKellmouth } from './kellmouth-site';

// Ports of this file (see what-the-reader-sees.test.ts for the others): the demo site 8852,
// the trusted newspaper 8850 and the content farm that copies it 8851.
const TRUSTED = 'http://127.0.0.1:8850';
const ELSEWHERE = 'http://127.0.0.1:8851';
const TITLE = 'Kellmouth council votes to close Victorian ferry pier after survey finds rotten piles';

let h: Harness;
let sites: Server[] = [];
beforeAll(async () => {
  h = await launch(8852);
  sites = await Promise.all([serveKellmouth(8850), serveKellmouth(8851)]);
});
afterAll(async () => {
  await h?.close();
  for (const s of sites) s.close();
});

async function visit(url: string): Promise<{ page: Page; tabId: number }> {
  const page = await h.context.newPage();
  await page.goto(url);
  const tabId = await tabIdOf(h, url);
  await settled(h, tabId);
  return { page, tabId };
}

async function openOptions(): Promise<Page> {
  const page = await h.context.newPage();
  await page.goto(`chrome-extension://${h.extensionId}/options.html`);
  await page.getByRole('button', { name: 'Save settings' }).waitFor();
  // Access to all sites is granted in this profile already; nobody could answer a prompt here.
  await page.evaluate(() => {
    chrome.permissions.request = (() => Promise.resolve(true)) as unknown as typeof chrome.permissions.request;
  });
  return page;
}

const popupText = async (tabId: number, text: string | RegExp) => {
  const popup = await openPopup(h, tabId);
  await popup.getByText(text).first().waitFor({ timeout: 15_000 });
  return popup;
};

describe('originals read on trusted sites', () => {
  it('are offered as a list to tick, and none is trusted until the reader says so', async () => {
    const options = await openOptions();
    const reuters = options.getByRole('checkbox', { name: 'Reuters (reuters.com)' });
    expect(await reuters.isChecked()).toBe(false);
    expect(await options.getByLabel('Trusted sites (one per line)').inputValue()).toBe('');
    await reuters.check();
    await expect.poll(() => options.getByLabel('Trusted sites (one per line)').inputValue()).toBe('reuters.com');
    await reuters.uncheck();
    await expect.poll(() => options.getByLabel('Trusted sites (one per line)').inputValue()).toBe('');
    await options.close();

    // Not trusted yet: reading the newspaper adds nothing.
    const { page, tabId } = await visit(`${TRUSTED}/original.html?before`);
    const popup = await popupText(tabId, 'No source found in your index.');
    expect(await popup.getByText(/read on/).count()).toBe(0);
    await Promise.all([popup.close(), page.close()]);
  });

  it("keep the trusted site's article as an original once, across a restart, and a copy elsewhere gets a badge naming it", async () => {
    const options = await openOptions();
    await options.getByLabel('Trusted sites (one per line)').fill('127.0.0.1:8850');
    await options.getByRole('button', { name: 'Save settings' }).click();
    await options.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    await options.close();

    const first = await visit(`${TRUSTED}/original.html`);
    let popup = await popupText(
      first.tabId,
      'Added to your index as an original read on 127.0.0.1:8850: copies of it on other sites will be recognised when this browser checks them.',
    );
    await Promise.all([popup.close(), first.page.close()]);

    // A trusted site's page that copies an indexed article is not kept as an original: its source stays the source.
    const republished = await visit(`${TRUSTED}/copy.html`);
    popup = await popupText(
      republished.tabId,
      'Not added to your index, though 127.0.0.1:8850 is a trusted site: this page was taken from an article already in it.',
    );
    expect(await popup.getByRole('article', { name: new RegExp(`^Likely source: ${TITLE}`) }).innerText()).toContain('Kellmouth Gazette');
    await Promise.all([popup.close(), republished.page.close()]);

    const again = await visit(`${TRUSTED}/original.html#comments`);
    popup = await popupText(again.tabId, 'In your index as an original read on 127.0.0.1:8850.');
    await Promise.all([popup.close(), again.page.close()]);

    await restart(h);
    // The restarted worker registers its content script again as it starts: a page opened before that is not read.
    await contentScriptRegistered(h.worker);
    const copy = await visit(`${ELSEWHERE}/copy.html`);
    expect(await badgeWhen(h, copy.tabId, (t) => t.endsWith('%'))).toMatch(/^\d+%$/);
    popup = await openPopup(h, copy.tabId);
    const card = popup.getByRole('article', { name: new RegExp(`^Likely source: ${TITLE}`) });
    await card.waitFor({ timeout: 15_000 });
    expect(await card.innerText()).toContain('Kellmouth Gazette');
    await Promise.all([popup.close(), copy.page.close()]);

    // Listed once, under the site it was read on.
    const list = await openOptions();
    await list.getByRole('row', { name: /Read on trusted sites 1\b/ }).waitFor({ timeout: 15_000 });
    await list.getByRole('searchbox').fill('Kellmouth');
    await list
      .getByText(/Read on 127\.0\.0\.1:8850/)
      .first()
      .waitFor({ timeout: 15_000 });
    await list.close();
  });

  it('are forgotten when the reader clears them, and the copy gets no badge any more', async () => {
    // The newspaper's page is still open while the reader clears: checked again, it is not kept again.
    const open = await visit(`${TRUSTED}/original.html?open-while-clearing`);
    const options = await openOptions();
    // Asked first: cancelled, nothing goes; confirmed, it is cleared.
    await options.getByRole('button', { name: 'Clear articles read on trusted sites' }).click();
    const question = options.getByRole('group', {
      name: 'Clear the 1 article read on a trusted site? It comes back only when you read it there again.',
    });
    const cancel = question.getByRole('button', { name: 'Cancel' });
    expect(await cancel.evaluate((el) => el === document.activeElement)).toBe(true);
    await cancel.click();
    await options.getByRole('row', { name: /Read on trusted sites 1\b/ }).waitFor();
    const clear = options.getByRole('button', { name: 'Clear articles read on trusted sites' });
    expect(await clear.evaluate((el) => el === document.activeElement)).toBe(true);
    await clear.click();
    await question.getByRole('button', { name: 'Yes, clear them' }).click();
    await options.getByRole('status').filter({ hasText: 'Cleared 1 article read on a trusted site.' }).waitFor();
    expect(await options.getByRole('row', { name: /Read on trusted sites/ }).count()).toBe(0);
    const checkedAgain = await popupText(open.tabId, 'No source found in your index.');
    await Promise.all([checkedAgain.close(), open.page.close()]);
    await options.reload();
    await options.getByText(/entr(y|ies) in all/).waitFor();
    expect(await options.getByRole('row', { name: /Read on trusted sites/ }).count()).toBe(0);
    // Stop trusting the site, or the next visit to it adds the article again.
    await options.getByLabel('Trusted sites (one per line)').fill('');
    await options.getByRole('button', { name: 'Save settings' }).click();
    await options.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    await options.close();

    const copy = await visit(`${ELSEWHERE}/copy.html?after-clearing`);
    const popup = await popupText(copy.tabId, 'No source found in your index.');
    expect(await badgeWhen(h, copy.tabId, (t) => t === '')).toBe('');
    await Promise.all([popup.close(), copy.page.close()]);
  });

  it('check a copy already open again when its original is read, and when a lower cap drops that original', async () => {
    const options = await openOptions();
    const trusted = options.getByLabel('Trusted sites (one per line)');
    const cap = options.getByLabel('Keep at most this many articles read on trusted sites (those read longest ago go first)');
    const save = async () => {
      await options.getByRole('button', { name: 'Save settings' }).click();
      await options.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    };
    await trusted.fill('127.0.0.1:8850');
    await save();
    const copy = await visit(`${ELSEWHERE}/copy.html?open-before-reading`);
    expect(await badgeText(h, copy.tabId)).toBe('');

    // The copy's tab is not reloaded: reading its original in another tab is enough.
    const original = await visit(`${TRUSTED}/original.html?read-while-copy-open`);
    expect(await badgeWhen(h, copy.tabId, (t) => t.endsWith('%'))).toMatch(/^\d+%$/);
    // The tab that was read keeps saying it was added (it is not checked again itself).
    const popup = await popupText(original.tabId, /^Added to your index as an original read on 127\.0\.0\.1:8850/);
    await popup.close();
    // A second article read on the site, then a cap of one: the first read goes, and with it the copy's badge.
    const report = await visit(`${TRUSTED}/report.html?read-second`);
    await options.getByRole('row', { name: /Read on trusted sites 2\b/ }).waitFor({ timeout: 15_000 });
    await cap.fill('1');
    await save();
    expect(await badgeWhen(h, copy.tabId, (t) => t === '')).toBe('');
    // What is left is the independent report read second: related coverage, not a source.
    const after = await popupText(
      copy.tabId,
      'No likely source in your index. The articles below cover the same story, each in its own way.',
    );
    await Promise.all([after.close(), copy.page.close(), original.page.close(), report.page.close()]);

    await options.getByRole('button', { name: 'Clear articles read on trusted sites' }).click();
    await options.getByRole('button', { name: 'Yes, clear them' }).click();
    await options
      .getByRole('status')
      .filter({ hasText: /^Cleared 1 article/ })
      .waitFor();
    await trusted.fill('');
    await save();
    await options.close();
  });
});
