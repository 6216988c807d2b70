import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryFromArticle, writePack, type CorpusArticle } from '../../lib/index';
import { serveFolder } from '../../scripts/demo-server';
import { badgeText, launch, openPopup, settled, tabIdOf, type Harness } from './harness';

// Ports of this file: the harness's demo site, the fixture site with the copying page,
// and a pack publisher for subscriptions (reading.test.ts uses 8801).
const DEMO_PORT = 8802;
const FIXTURE_SITE = 'http://127.0.0.1:8812';
const PACK_SITE = 'http://127.0.0.1:8822';
/** Nothing listens there: an unreachable publisher. */
const NOWHERE = 'http://127.0.0.1:8823';

/** An invented news story, pasted as an original; tests/e2e/fixtures/copy.html copies it word for word. */
const ORIGINAL = {
  title: 'Lighthouse cottages on Gannet Point to become marine research station',
  url: 'https://northern-gazette.example/news/gannet-point-cottages',
  publisher: 'The Northern Gazette',
  author: 'Isla Fenwick',
  published: '2023-03-15',
  text: [
    "The county council has agreed to turn the derelict lighthouse keepers' cottages on Gannet Point into a small marine research station, ending nine years of uncertainty over the listed buildings. Councillors voted eleven to four on Wednesday evening to lease the site to the Northern Shelf Trust for a nominal rent of one pound a year.",
    'The trust plans to spend 2.3 million pounds restoring the three cottages, which have stood empty since the lighthouse was automated in 1998. Its director, Ruth Abernethy, said the station would monitor seal colonies, seabird numbers and water temperature along forty miles of coast. Students from two universities are expected to use the laboratory from next summer.',
    'Local fishermen had opposed an earlier plan to sell the cottages as holiday homes, arguing that the harbour road could not cope with extra traffic. Harbour master Colin Trewin welcomed the decision but warned that the slipway beneath the point would need urgent repairs before any research boats could be launched safely.',
  ].join('\n\n'),
};

/** Invented originals for the packs a newsroom would publish. */
const WIRE: CorpusArticle[] = [
  {
    id: 'coastal/ferry-timetable',
    title: 'Winter ferry timetable cut at Port Eske',
    text: 'The ferry operator serving Port Eske will run four crossings a day instead of seven from November, blaming fuel costs and a shortage of crew. Islanders said the reduced timetable would leave commuters stranded on the mainland after six in the evening.',
    publisher: 'Coastal Wire',
    published: '2022-10-03',
  },
  {
    id: 'coastal/seal-count',
    title: 'Record seal pup count on the Skerry Banks',
    text: 'Volunteers counted 412 grey seal pups on the Skerry Banks this autumn, the highest figure since surveys began in 1987. Wardens credited a ban on recreational boats near the breeding beaches, introduced three years ago after complaints from wildlife groups.',
    publisher: 'Coastal Wire',
    published: '2022-11-21',
  },
  {
    // tests/e2e/fixtures/wire-copy.html copies this one.
    id: 'coastal/lifeboat-station',
    title: 'Kelby opens its new lifeboat station',
    text: [
      "Kelby's new lifeboat station opened on Saturday, two years after the old boathouse was condemned when cracks appeared in its slipway. The building cost 1.4 million pounds, most of it raised by villagers through raffles, sponsored swims and a book of local recipes that sold eleven thousand copies.",
      "The station houses an all-weather lifeboat named Margaret Tulloch after the coxswain's grandmother, who rowed out to a sinking trawler in the great gale of 1953. Twenty-two volunteers crew the boat, among them a baker, two teachers and the village postmistress.",
      'Coxswain Andrew Tulloch said the crew launched forty-one times last year, mostly to fishing boats with engine failures and to walkers cut off by the tide below the cliffs. He said the new slipway would let the lifeboat reach the sea in under seven minutes at any state of the tide.',
    ].join('\n\n'),
    publisher: 'Coastal Wire',
    published: '2023-01-30',
  },
  {
    id: 'coastal/harbour-wall',
    title: 'Storm damage closes Kelby harbour wall',
    text: 'Engineers have closed the outer harbour wall at Kelby after a January storm washed away a section of the parapet. The council said repairs would cost at least 800,000 pounds and that fishing boats should use the inner basin until the spring.',
    publisher: 'Coastal Wire',
    published: '2023-01-12',
  },
];

let h: Harness;
let fixtures: Server;
let packServer: PackServer;
let tmp: string;

beforeAll(async () => {
  h = await launch(DEMO_PORT);
  fixtures = await serveFolder(resolve('tests/e2e/fixtures'), Number(new URL(FIXTURE_SITE).port));
  packServer = await startPackServer(Number(new URL(PACK_SITE).port));
  tmp = mkdtempSync(join(tmpdir(), 'provenance-packs-'));
});
afterAll(async () => {
  await h?.close();
  fixtures?.close();
  packServer?.server.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function openOptions(): Promise<Page> {
  const page = await h.context.newPage();
  await page.goto(`chrome-extension://${h.extensionId}/options.html`);
  await visible(totals(page));
  return page;
}

const totals = (page: Page) => page.getByText(/entr(y|ies) in all/);
const entryList = (page: Page) => page.getByRole('region', { name: 'Entries in the index' });
const status = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text });
const alert = (page: Page, text: string | RegExp) => page.getByRole('alert').filter({ hasText: text });

async function visible(locator: Locator): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout: 15_000 });
  return locator;
}

/**
 * Headless Chromium shows the host-permission prompt of permissions.request, but nobody can
 * answer it, so the request would never settle; this answers "no" for the reader (both the
 * callback form the polyfill uses and the promise form).
 */
async function declinePermissionPrompts(page: Page): Promise<void> {
  await page.evaluate(() => {
    const decline = (_request: unknown, callback?: (granted: boolean) => void) => {
      callback?.(false);
      return Promise.resolve(false);
    };
    chrome.permissions.request = decline as unknown as typeof chrome.permissions.request;
  });
}

/** Types a query and waits for the list to answer it (the search box is debounced). */
async function search(page: Page, query: string): Promise<void> {
  await page.getByLabel('Search entries').fill(query);
  await visible(status(page, query ? new RegExp(`match(es)? “${query}”`) : /^[\d,]+ entr(y|ies)\.$/));
}

async function visit(url: string): Promise<{ tabId: number; state: string }> {
  const page = await h.context.newPage();
  await page.goto(url);
  const tabId = await tabIdOf(h, url);
  return { tabId, state: await settled(h, tabId) };
}

async function packFile(name: string, articles: CorpusArticle[], change?: (bytes: Uint8Array) => void): Promise<string> {
  const bytes = await writePack(articles.map(entryFromArticle), name);
  change?.(bytes);
  const path = join(tmp, `${name.replace(/\W+/g, '-')}.pack`);
  writeFileSync(path, bytes);
  return path;
}

/**
 * Stops the extension's service worker, as Chrome does when it idles, so that the next
 * message starts a fresh one that must load the index from IndexedDB. (chrome.runtime.reload
 * leaves a command-line-loaded extension disabled in this harness.)
 */
async function stopServiceWorker(page: Page): Promise<void> {
  await h.worker.evaluate(() => void Object.assign(globalThis, { beforeRestart: true }));
  const cdp = await h.context.newCDPSession(page);
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${h.extensionId}/`));
  await cdp.send('Target.closeTarget', { targetId: worker!.targetId });
  await cdp.detach();
}

/** The running service worker, checked to be a new one since stopServiceWorker. */
async function restartedWorker(): Promise<void> {
  h.worker = h.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${h.extensionId}/`))!;
  expect(await h.worker.evaluate(() => 'beforeRestart' in globalThis)).toBe(false);
}

describe('the options page, where a reader or a newsroom curates the index', () => {
  it('adds a pasted original, after which a page that copies it shows a percentage badge', async () => {
    const page = await openOptions();
    await page.getByLabel('Title', { exact: true }).fill(ORIGINAL.title);
    await page.getByLabel('URL', { exact: true }).fill(ORIGINAL.url);
    await page.getByLabel('Publisher').fill(ORIGINAL.publisher);
    await page.getByLabel('Author').fill(ORIGINAL.author);
    await page.getByLabel('Published').fill(ORIGINAL.published);
    await page.getByLabel('Article text').fill(ORIGINAL.text);
    await page.getByRole('button', { name: 'Add to index' }).click();
    await visible(status(page, `Added “${ORIGINAL.title}” to your index.`));

    await search(page, 'Gannet Point');
    const row = await visible(entryList(page).getByRole('listitem').filter({ hasText: ORIGINAL.title }));
    expect(await row.innerText()).toContain('The Northern Gazette · Isla Fenwick');
    expect(await row.innerText()).toContain('Added by you');
    await page.close();

    const { tabId } = await visit(`${FIXTURE_SITE}/copy.html`);
    expect(await badgeText(h, tabId)).toMatch(/^\d{1,3}%$/);
    const popup = await openPopup(h, tabId);
    const card = await visible(popup.getByRole('article', { name: `Likely source: ${ORIGINAL.title}` }));
    expect(await card.innerText()).toContain('The Northern Gazette');
    await popup.close();
  });

  it('says an article pasted again is in the index already, and lists it once', async () => {
    const page = await openOptions();
    await page.getByLabel('Title', { exact: true }).fill(ORIGINAL.title);
    await page.getByLabel('URL', { exact: true }).fill(ORIGINAL.url);
    await page.getByLabel('Article text').fill(ORIGINAL.text);
    await page.getByRole('button', { name: 'Add to index' }).click();
    await visible(alert(page, `This article is already in your index: “${ORIGINAL.title}”.`));
    expect(await page.getByRole('button', { name: 'Add it to my index anyway' }).count()).toBe(0);
    await search(page, 'Gannet Point');
    await expect.poll(() => entryList(page).getByRole('listitem').filter({ hasText: ORIGINAL.title }).count()).toBe(1);
    await page.close();
  });

  it('clears the last attempt’s alert when the browser’s own check of a field stops the next one', async () => {
    const page = await openOptions();
    const title = page.getByLabel('Title', { exact: true });
    await title.fill('Short one');
    await page.getByLabel('Article text').fill('too short text here');
    await page.getByRole('button', { name: 'Add to index' }).click();
    await visible(alert(page, /too short/));
    // The title left empty: the browser says "Please fill out this field" and the form is not sent.
    await title.fill('');
    await page.getByLabel('Article text').fill(ORIGINAL.text);
    await page.getByRole('button', { name: 'Add to index' }).click();
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
    expect(await title.evaluate((e) => (e as HTMLInputElement).validationMessage)).not.toBe('');

    // Settings: the skip list's alert goes when the next save is stopped by a negative count.
    const sites = page.getByLabel('Sites to skip');
    await sites.fill('not a site!');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await visible(alert(page, 'These lines are not site names: not a site!'));
    await sites.fill('');
    const cap = page.getByLabel(/Keep at most this many/);
    await cap.fill('-3');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
    expect(await cap.evaluate((e) => (e as HTMLInputElement).validationMessage)).not.toBe('');
    await page.close();
  });

  it('says of the form, on the field itself, that a title of spaces is empty and that a field is too long', async () => {
    const page = await openOptions();
    const title = page.getByLabel('Title', { exact: true });
    const publisher = page.getByLabel('Publisher', { exact: true });
    await page.getByLabel('Article text').fill(ORIGINAL.text);
    await title.fill('   ');
    await page.getByRole('button', { name: 'Add to index' }).click();
    expect(await (await visible(alert(page, /empty/))).innerText()).toBe('The Title field is empty.');
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    await title.fill(ORIGINAL.title);
    await publisher.fill('Gazette '.repeat(300));
    await page.getByRole('button', { name: 'Add to index' }).click();
    expect(await (await visible(alert(page, /longer/))).innerText()).toBe('The Publisher field is longer than 2,000 characters.');
    expect(await publisher.getAttribute('aria-invalid')).toBe('true');
    expect(await title.getAttribute('aria-invalid')).toBeNull();
    await page.close();
  });

  it('gives the bundled index its size, and says the total stored in this browser leaves it out', async () => {
    const page = await openOptions();
    const bundled = page.getByRole('row', { name: /^Bundled with the extension/ });
    const size = await bundled.getByRole('cell').nth(1).innerText();
    expect(size).toMatch(/^\d+(\.\d+)? (B|KB|MB)$/);
    expect(size).not.toBe('0 B');
    expect(await totals(page).innerText()).toMatch(
      new RegExp(
        `stored in this browser \\(packs, your entries and what you read\\); the bundled index, ${size.replace('.', '\\.')}, ships inside the extension`,
      ),
    );
    await page.close();
  });

  it('finds an entry by its date as the list writes it, as well as by the ISO date', async () => {
    const page = await openOptions();
    await search(page, 'june 20, 2024');
    await visible(status(page, '1 entry matches “june 20, 2024”.'));
    expect(await entryList(page).innerText()).toContain('BBC News · Jonathan Head · June 20, 2024');
    await search(page, '2024-06-20');
    await visible(status(page, '1 entry matches “2024-06-20”.'));
    await search(page, '');
    await page.close();
  });

  it('exports the entries the user added as a pack that imports back', async () => {
    const page = await openOptions();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export my entries' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^news-provenance-my-entries-\d{4}-\d{2}-\d{2}\.pack$/);
    await visible(status(page, /^Exported 1 entry to news-provenance-my-entries/));

    await page.getByLabel('Index pack file').setInputFiles((await download.path())!);
    const preview = await visible(page.getByRole('group', { name: /is a valid pack/ }));
    expect(await preview.innerText()).toContain(ORIGINAL.title);
    await preview.getByRole('button', { name: 'Cancel' }).click();
    expect(await preview.count()).toBe(0);
    await page.close();
  });

  it('lists an entry once, with both origins, when the reader imports the export of their own entries', async () => {
    const page = await openOptions();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export my entries' }).click()]);
    await page.getByLabel('Index pack file').setInputFiles((await download.path())!);
    await page.getByRole('button', { name: 'Import 1 entry' }).click();
    await visible(status(page, /^Imported 1 entry from “My entries/));
    await search(page, 'Gannet Point');
    await visible(status(page, '1 entry matches “Gannet Point”.'));
    expect(await entryList(page).innerText()).toMatch(/From “My entries [\d-]+”, also added by you/);
    // Removed again: the tests below delete the reader's entry and expect no copy left.
    await page.getByRole('button', { name: /^Remove “My entries/ }).click();
    await page.getByRole('button', { name: /^Yes, remove “My entries/ }).click();
    await visible(status(page, /^“My entries [\d-]+” was removed\./));
    await page.close();
  });

  it('imports a valid pack after a preview; its entries are searchable and survive a restart of the extension', async () => {
    const page = await openOptions();
    await page.getByLabel('Index pack file').setInputFiles(await packFile('Coastal Wire archive', WIRE));
    const preview = await visible(page.getByRole('group', { name: /is a valid pack/ }));
    const text = await preview.innerText();
    expect(text).toContain('Coastal Wire archive');
    expect(text).toMatch(/Entries\s+4/);
    expect(text).toContain('Record seal pup count on the Skerry Banks');
    expect(text).toMatch(/2022 to .*2023/); // the date range, in the browser locale's words
    await page.getByRole('button', { name: 'Import 4 entries' }).press('Enter');
    await visible(status(page, 'Imported 4 entries from “Coastal Wire archive”.'));
    await visible(page.getByRole('row', { name: /Coastal Wire archive/ }));
    // The Import button has gone with the preview: the keyboard is back on the file input.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pack-file');

    await search(page, 'Port Eske');
    await visible(entryList(page).getByRole('listitem').filter({ hasText: 'Winter ferry timetable cut at Port Eske' }));

    await stopServiceWorker(page);
    await page.close();
    const after = await openOptions();
    await restartedWorker();
    await search(after, 'Port Eske');
    const row = await visible(entryList(after).getByRole('listitem').filter({ hasText: 'Winter ferry timetable cut at Port Eske' }));
    expect(await row.innerText()).toContain('From “Coastal Wire archive”');
    await after.close();

    // A page that copies one of the pack's articles, checked by the restarted worker: the
    // entry is read back from IndexedDB, where the pack's entries live.
    const { tabId, state } = await visit(`${FIXTURE_SITE}/wire-copy.html`);
    expect(state).toBe('done');
    expect(await badgeText(h, tabId)).toMatch(/^\d+%$/);
    const popup = await openPopup(h, tabId);
    const card = await visible(popup.getByRole('article').filter({ hasText: 'Kelby opens its new lifeboat station' }));
    expect(await card.innerText()).toContain('Coastal Wire');
    await popup.close();
  });

  it('refuses a corrupted pack with the reason, and nothing changes', async () => {
    const page = await openOptions();
    const before = await totals(page).innerText();
    // Damage the fingerprints, as a bad disk or a cut download would.
    const path = await packFile('Damaged archive', WIRE, (bytes) => {
      for (let i = bytes.length - 120; i < bytes.length - 100; i++) bytes[i]! ^= 0xff;
    });
    await page.getByLabel('Index pack file').setInputFiles(path);
    const refusal = await visible(alert(page, 'was refused'));
    expect(await refusal.innerText()).toMatch(/checksum does not match.*Nothing was changed\./);
    expect(await page.getByRole('button', { name: /^Import/ }).count()).toBe(0);
    // The refused file is not left chosen, so the same file, downloaded again, can be chosen again.
    expect(await page.getByLabel('Index pack file').inputValue()).toBe('');
    expect(await page.getByRole('row', { name: /Damaged archive/ }).count()).toBe(0);
    expect(await totals(page).innerText()).toBe(before);
    await page.close();
  });

  it('deletes an entry, after which the page that copied it gets no badge; the reader’s own can be put back with Undo', async () => {
    const page = await openOptions();
    await search(page, 'Gannet Point');
    const remove = () => page.getByRole('button', { name: `Delete ${ORIGINAL.title}` }).click();
    await remove();
    await visible(status(page, `Deleted “${ORIGINAL.title}”`));
    await visible(status(page, '0 entries match “Gannet Point”.'));
    await page.getByRole('button', { name: 'Undo' }).click();
    await visible(status(page, `“${ORIGINAL.title}” is back in your index.`));
    await visible(status(page, '1 entry matches “Gannet Point”.'));
    const back = await visit(`${FIXTURE_SITE}/copy.html?after-undo`);
    expect(await badgeText(h, back.tabId)).toMatch(/^\d+%$/);

    await remove();
    await visible(status(page, `Deleted “${ORIGINAL.title}”`));
    await visible(status(page, '0 entries match “Gannet Point”.'));
    await page.close();

    // A new address, so the tab's earlier result cannot be mistaken for the new one.
    const { tabId, state } = await visit(`${FIXTURE_SITE}/copy.html?after-delete`);
    expect(state).toBe('done');
    expect(await badgeText(h, tabId)).toBe('');
    const popup = await openPopup(h, tabId);
    await visible(popup.getByText('No source found in your index.'));
    await popup.close();
  });

  it('deletes the bundled original, after which the demo copy gets no badge, and restores it', async () => {
    const page = await openOptions();
    await search(page, 'Putin in Vietnam');
    await page.getByRole('button', { name: 'Delete Putin in Vietnam' }).click();
    await visible(status(page, '0 entries match “Putin in Vietnam”.'));
    // A bundled entry is only hidden: "Restore deleted entries" brings it back, not an Undo.
    await visible(status(page, 'Deleted “Putin in Vietnam'));
    expect(await page.getByRole('button', { name: 'Undo' }).count()).toBe(0);
    const gone = await visit(`${h.site}/derivative.html?after-delete`);
    expect(await badgeText(h, gone.tabId)).toBe('');

    // With it, any own entry deleted by the tests before while the worker ran (kept for Undo): as many as the overview says.
    const hint = await visible(page.getByText(/^\d+ deleted entr(?:y|ies) can be restored\./));
    const restorable = Number.parseInt(await hint.innerText(), 10);
    expect(restorable).toBeGreaterThanOrEqual(1);
    await page.getByRole('button', { name: 'Restore deleted entries' }).click();
    await visible(status(page, `Restored ${restorable} ${restorable === 1 ? 'entry' : 'entries'}.`));
    const back = await visit(`${h.site}/derivative.html?after-restore`);
    expect(await badgeText(h, back.tabId)).toMatch(/^\d+%$/);
    await page.close();
  });

  it('adds the article open in another tab, which then shows as an indexed original', async () => {
    const url = `${h.site}/unrelated.html`;
    const { tabId } = await visit(url);
    expect(await badgeText(h, tabId)).toBe('');
    const page = await openOptions();
    const add = await visible(page.getByRole('button', { name: /^Add “Councillors back Riverside tram line.*” to index$/ }));
    await add.click();
    await visible(status(page, /^Added “Councillors back Riverside tram line.*” to your index\.$/));
    await expect.poll(() => badgeText(h, tabId)).toBe('\u2713');
    await page.close();
    // Now the page is an indexed original: it is no longer offered for adding, and says why.
    const again = await openOptions();
    await visible(again.getByText(/^In your index already, as “Councillors back Riverside tram line/));
    expect(await again.getByRole('button', { name: /^Add “Councillors back Riverside tram line/ }).count()).toBe(0);
    await again.close();
  });

  it('asks before adding an article open in another tab that was taken from an indexed one', async () => {
    const { tabId } = await visit(`${h.site}/derivative.html?add-from-tab`);
    expect(await badgeText(h, tabId)).toMatch(/^\d+%$/);
    const page = await openOptions();
    const count = async () => Number(/([\d,]+) entr/.exec(await totals(page).innerText())![1]!.replace(/,/g, ''));
    const before = await count();
    const row = page.getByRole('listitem').filter({ hasText: 'derivative.html?add-from-tab' });
    await (await visible(row.getByRole('button', { name: /^Add “Putin in Vietnam: An Enduring Friendship.*” to index$/ }))).click();
    const warning = page.getByRole('group', {
      name: 'This article resembles an article in your index: “Putin in Vietnam: An old friendship that refuses to die”. Add it as an original only if you know it is one, not a copy.',
    });
    await visible(warning);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Add it to my index anyway');
    await warning.getByRole('button', { name: 'Cancel' }).click();
    await visible(status(page, 'Nothing was added.'));
    expect(await count()).toBe(before);
    expect(await badgeText(h, tabId)).toMatch(/^\d+%$/);
    await page.close();
  });

  it("adds a page from the popup's “Add this article to my index”, and an open options page shows it without a reload", async () => {
    const options = await openOptions();
    const count = async () => Number(/([\d,]+) entr/.exec(await totals(options).innerText())![1]!.replace(/,/g, ''));
    const before = await count();
    const { tabId, state } = await visit(`${FIXTURE_SITE}/fresh.html`);
    expect(state).toBe('done');
    expect(await badgeText(h, tabId)).toBe('');
    const popup = await openPopup(h, tabId);
    await popup.getByRole('button', { name: 'Add this article to my index' }).click();
    await visible(popup.getByText(/This is an indexed original: Harbour festival returns to Port Eske/));
    await popup.close();
    await expect.poll(() => badgeText(h, tabId)).toBe('\u2713');
    await expect.poll(count).toBe(before + 1);
    await options.close();
  });

  it('lists 20,000 entries by rendering only the visible rows, and fetches the rest on scrolling', async () => {
    const bulk: CorpusArticle[] = Array.from({ length: 20_000 }, (_, i) => ({
      id: `wire/${i + 1}`,
      title: `Tide table bulletin ${i + 1}`,
      text: `Bulletin number ${i + 1} gives the tide times for harbour ${i % 97} and berth ${i % 13} this week.`,
      publisher: 'Harbour Office',
    }));
    const page = await openOptions();
    const before = await totals(page).innerText();
    await page.getByLabel('Index pack file').setInputFiles(await packFile('Tide bulletins', bulk));
    await page.getByRole('button', { name: 'Import 20,000 entries' }).click();
    await visible(status(page, 'Imported 20,000 entries from “Tide bulletins”.'));

    await search(page, 'tide table bulletin');
    await visible(status(page, '20,000 entries match “tide table bulletin”.'));
    const rows = entryList(page).getByRole('listitem');
    expect(await rows.count()).toBeLessThan(60);
    await entryList(page).focus();
    await page.keyboard.press('End');
    await visible(rows.filter({ hasText: 'Tide table bulletin 20000' }));
    expect(await rows.count()).toBeLessThan(60);

    await page.getByRole('button', { name: 'Remove “Tide bulletins”' }).click();
    await page.getByRole('button', { name: 'Yes, remove “Tide bulletins”' }).click();
    await visible(status(page, '“Tide bulletins” was removed.'));
    await visible(status(page, '0 entries match “tide table bulletin”.'));
    expect(await totals(page).innerText()).toBe(before);
    await page.close();
  });

  it('subscribes to a pack URL, keeps the last good copy when an update fails, and can disable and remove it', async () => {
    const submit = async (page: Page, url: string) => {
      await page.getByLabel('Pack address (URL)').fill(url);
      await page.getByRole('button', { name: 'Subscribe' }).click();
    };
    let page = await openOptions();
    await declinePermissionPrompts(page);
    await submit(page, `${NOWHERE}/feed.pack`);
    const refused = await visible(alert(page, 'Could not subscribe'));
    expect(await refused.innerText()).toContain('could not be reached');
    expect(await refused.innerText()).toContain(`not given permission to read ${NOWHERE}`);
    await page.close();

    page = await openOptions();
    await declinePermissionPrompts(page);
    await submit(page, `${PACK_SITE}/feed.pack`);
    await visible(status(page, 'Subscribed to “Coastal Wire feed”: 4 entries.'));
    const row = await visible(page.getByRole('row', { name: /Coastal Wire feed/ }));
    expect(await row.innerText()).toContain(`Subscription: ${PACK_SITE}/feed.pack`);

    packServer.failing = true;
    await page.getByRole('button', { name: 'Update the subscription “Coastal Wire feed” now' }).click();
    await visible(alert(page, /answered 500.*the last good copy is still used/));
    await visible(row.getByText(/Last update failed: .*answered 500/));
    await search(page, 'Skerry Banks');
    await visible(status(page, /^2 entries match/)); // the imported archive's copy and the subscription's

    await page.getByRole('button', { name: 'Disable the subscription “Coastal Wire feed”' }).press('Enter');
    await visible(status(page, '“Coastal Wire feed” is disabled'));
    // The button pressed keeps the keyboard, under its new name.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Enable the subscription “Coastal Wire feed”');
    await visible(status(page, /^1 entry matches “Skerry Banks”/));
    await page.getByRole('button', { name: 'Enable the subscription “Coastal Wire feed”' }).click();
    await visible(status(page, /^2 entries match “Skerry Banks”/));

    await page.getByRole('button', { name: 'Remove the subscription “Coastal Wire feed”' }).click();
    // The question takes the keyboard focus, so Enter answers it.
    const yes = page.getByRole('button', { name: 'Yes, remove the subscription “Coastal Wire feed”' });
    await visible(yes);
    expect(await yes.evaluate((button) => button === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await visible(status(page, '“Coastal Wire feed” was removed.'));
    // The overview's counts are read again after the removal is announced.
    await expect.poll(() => page.getByRole('row', { name: /Coastal Wire feed/ }).count()).toBe(0);
    // Its row has gone: the keyboard is at the top of the overview, not of the page.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('What is in the index');
    await page.close();
  });

  it('keeps settings across a reload of the page, and resets them to the defaults', async () => {
    const page = await openOptions();
    const auto = page.getByRole('radio', { name: /Check every article automatically/ });
    const onClick = page.getByRole('radio', { name: 'Only when I click the toolbar button' });
    const sites = page.getByLabel('Sites to skip');
    const threshold = page.getByLabel('Likely-source threshold (%)');
    expect(await auto.isChecked()).toBe(true);
    expect(await threshold.inputValue()).toBe('20');

    await onClick.check();
    await sites.fill('https://www.Example.com/news\n*.tabloid.test');
    await threshold.fill('30');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await visible(status(page, 'Settings saved.'));

    await page.reload();
    await visible(threshold);
    await expect.poll(() => threshold.inputValue()).toBe('30');
    expect(await onClick.isChecked()).toBe(true);
    expect(await sites.inputValue()).toBe('example.com\ntabloid.test');

    await sites.fill('not a site!');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await visible(alert(page, 'These lines are not site names: not a site!'));
    // The box to correct says so to a screen reader, with the alert as its description, and has the focus.
    expect(await sites.getAttribute('aria-invalid')).toBe('true');
    expect(await sites.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(
      await sites.evaluate((el) =>
        el
          .getAttribute('aria-describedby')!
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent),
      ),
    ).toContain('These lines are not site names: not a site!. Nothing was saved.');
    const trusted = page.getByLabel('Trusted sites (one per line)');
    expect(await trusted.getAttribute('aria-invalid')).toBeNull();
    await sites.fill('example.com');
    expect(await sites.getAttribute('aria-invalid')).toBeNull();

    // The default is automatic checking, which asks again for the access to all sites that
    // saving on-click gave back; nobody can answer that prompt here.
    await declinePermissionPrompts(page);
    await page.getByRole('button', { name: 'Reset to defaults' }).click();
    await visible(status(page, 'Settings reset to their defaults.'));
    await visible(page.getByText(/Until you allow it, pages are checked only when you click the toolbar button/));
    await page.reload();
    await visible(threshold);
    await expect.poll(() => threshold.inputValue()).toBe('20');
    expect(await auto.isChecked()).toBe(true);
    expect(await sites.inputValue()).toBe('');
    await page.close();
  });
});

interface PackServer {
  server: Server;
  /** When set, every request is answered 500, as a broken publisher would. */
  failing: boolean;
}

/** Publishes a pack at /feed.pack, as a newsroom would. */
async function startPackServer(port: number): Promise<PackServer> {
  // The feed republishes the archive's stories under its own ids.
  const feed = WIRE.map((a) => entryFromArticle({ ...a, id: a.id.replace('coastal/', 'feed/') }));
  const bytes = await writePack(feed, 'Coastal Wire feed');
  const state: PackServer = { server: null as unknown as Server, failing: false };
  state.server = createServer((req, res) => {
    if (state.failing) res.writeHead(500).end('broken');
    else if (req.url === '/feed.pack') res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((ok) => state.server.listen(port, '127.0.0.1', ok));
  return state;
}
