/**
 * A new user's trial of the built extension: what the popup and the options page say after
 * each step must be true, and every control must leave the reader somewhere sensible.
 */
import { createServer, type Server } from 'node:http';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveKellmouth } from './kellmouth-site';
import { badgeText, launch, openPopup, setSettings, settled, tabIdOf, visit, type Harness } from './harness';

// Ports of this file (others: see what-the-reader-sees.test.ts): the demo site 8806, a
// plain-text page 8816, the Kellmouth site 8815.
const DEMO_PORT = 8806;
const TEXT_SITE = 'http://127.0.0.1:8816';
const KELLMOUTH = 'http://127.0.0.1:8815';

/** A story served as text/plain, so the tab has no title. */
const PLAIN = [
  'Harbour trust buys the old net loft at Skerry Quay',
  '',
  'The Skerry Quay harbour trust has bought the derelict net loft on the north pier for 180,000 pounds and plans to turn it into a workshop for boat builders. The trust chairman, Morag Lindsay, said the building had been empty for twelve years and that two apprentices would start there in the spring.',
  '',
  'Fishermen who still mend their nets on the pier will keep a corner of the ground floor free of charge, the trust said.',
].join('\n');

let h: Harness;
let textSite: Server;
let kellmouth: Server;
beforeAll(async () => {
  h = await launch(DEMO_PORT);
  kellmouth = await serveKellmouth(Number(new URL(KELLMOUTH).port));
  textSite = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(PLAIN);
  });
  await new Promise<void>((ok) => textSite.listen(Number(new URL(TEXT_SITE).port), '127.0.0.1', ok));
});
afterAll(async () => {
  await h?.close();
  textSite?.close();
  kellmouth?.close();
});

async function visible(locator: Locator): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout: 15_000 });
  return locator;
}

async function openOptions(): Promise<Page> {
  const page = await h.context.newPage();
  await page.goto(`chrome-extension://${h.extensionId}/options.html`);
  await visible(page.getByText(/entr(y|ies) in all/));
  return page;
}

async function kellmouthTab(path: string): Promise<{ page: Page; tabId: number }> {
  const page = await h.context.newPage();
  const url = `${KELLMOUTH}/${path}`;
  await page.goto(url);
  const tabId = await tabIdOf(h, url);
  await settled(h, tabId);
  return { page, tabId };
}

describe('a new user’s trial', () => {
  it('below the threshold, a source is not called related coverage, and the top line does not call the articles independent', async () => {
    await setSettings(h, { mode: 'auto', skipSites: [], threshold: 90 });
    const { page, tabId } = await visit(h, 'derivative.html');
    const popup = await openPopup(h, tabId);
    const heading = await visible(
      popup.getByRole('heading', { name: 'Below your threshold: a source this page may have been taken from, with less than your 90%' }),
    );
    expect(await heading.count()).toBe(1);
    await visible(popup.getByRole('article', { name: /^Below your threshold: Putin in Vietnam/ }));
    const body = await popup.locator('main').innerText();
    expect(body).not.toMatch(/related coverage/i);
    expect(body).not.toContain('each in its own way');
    expect(body).toContain('No source in your index reaches your likely-source threshold');
    // The heading names the section; the card does not say it again.
    expect(await popup.getByText(/^Below your threshold$/i).count()).toBe(0);
    await popup.close();
    await page.close();

    // The options page's hint says the same.
    const options = await openOptions();
    const hint = await visible(options.locator('#threshold-hint'));
    const described = await options.getByLabel('Likely-source threshold (%)').getAttribute('aria-describedby');
    expect(described).toBe('threshold-hint');
    expect(await hint.innerText()).toContain('under “Below your threshold”');
    expect(await hint.innerText()).not.toMatch(/is listed as related coverage/);
    await options.close();
    await setSettings(h, { mode: 'auto', skipSites: [], threshold: 20 });
  });

  it('says “Related coverage” once: the section heading, not the card again', async () => {
    const original = await kellmouthTab('original.html');
    const adding = await openPopup(h, original.tabId);
    await adding.getByRole('button', { name: 'Add this article to my index' }).click();
    await visible(adding.getByText(/This is an indexed original/));
    await adding.close();
    await original.page.close();

    const { page, tabId } = await kellmouthTab('report.html');
    const popup = await openPopup(h, tabId);
    await visible(popup.getByRole('heading', { name: 'Related coverage' }));
    await visible(popup.getByRole('article', { name: /^Related coverage: Kellmouth council votes/ }));
    expect(await popup.getByText(/^Related coverage$/i).count()).toBe(1);
    expect(await popup.locator('main').innerText()).toContain('each in its own way');
    await popup.close();
    await page.close();
  });

  it('a permission prompt that never answers: Cancel while waiting, and a plain message after 60 seconds', async () => {
    const page = await h.context.newPage();
    await page.clock.install();
    await page.goto(`chrome-extension://${h.extensionId}/options.html`);
    await visible(page.getByText(/entr(y|ies) in all/));
    // As in some headless browsers: the request neither grants nor refuses, ever.
    await page.evaluate(() => {
      chrome.permissions.request = (() => new Promise(() => undefined)) as unknown as typeof chrome.permissions.request;
    });
    const subscribe = page.getByRole('button', { name: 'Subscribe', exact: true });
    await page.getByLabel('Pack address (URL)').fill('http://127.0.0.1:8826/feed.pack');
    await subscribe.click();
    await visible(page.getByRole('status').filter({ hasText: 'Fetching and checking' }));
    expect(await subscribe.isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Cancelled: nothing was subscribed.' }));
    expect(await subscribe.isEnabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Cancel', exact: true }).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('subscribe-url');

    await subscribe.click();
    await visible(page.getByRole('button', { name: 'Cancel', exact: true }));
    await page.clock.fastForward(61_000);
    const said = await visible(page.getByRole('alert').filter({ hasText: 'got no answer in 60 seconds' }));
    expect(await said.innerText()).toMatch(/^The browser's prompt asking permission to read http:\/\/127\.0\.0\.1:8826 got no answer/);
    expect(await subscribe.isEnabled()).toBe(true);
    await page.close();
  });

  it('says the same pasted article is in the index already, warns before adding its text under another address, and clears every field after an add', async () => {
    const story = {
      title: 'Glen Torran bus route saved by village fund',
      publisher: 'Torran Courier',
      author: 'Ewan Baird',
      text: 'The number 54 bus between Glen Torran and the market town will keep running after villagers raised 38,000 pounds in six weeks to cover the subsidy the county withdrew in March. The operator had warned that the last service would run at the end of the month. Parish clerk Fiona Munro said more than four hundred households had given money, and that the fund would be reviewed every year with the operator.',
    };
    const page = await openOptions();
    const fields = ['Title', 'URL', 'Publisher', 'Author', 'Published', 'Article text'].map((name) =>
      page.getByLabel(name, { exact: true }),
    );
    const fill = async () => {
      await fields[0]!.fill(story.title);
      await fields[2]!.fill(story.publisher);
      await fields[3]!.fill(story.author);
      await fields[4]!.fill('2024-04-02');
      await fields[5]!.fill(story.text);
    };
    const add = page.getByRole('button', { name: 'Add to index' });
    await fill();
    await add.click();
    await visible(page.getByRole('status').filter({ hasText: `Added “${story.title}” to your index.` }));
    for (const f of fields) expect(await f.inputValue()).toBe('');

    const rows = async () => {
      await page.getByLabel('Search entries').fill('Glen Torran bus');
      await visible(page.getByRole('status').filter({ hasText: /match(es)? “Glen Torran bus”/ }));
      return page.getByRole('region', { name: 'Entries in the index' }).getByRole('listitem').filter({ hasText: story.title }).count();
    };

    // The same article again: it is there already, and nothing is offered to add it twice.
    await fill();
    await add.click();
    await visible(page.getByRole('alert').filter({ hasText: `This article is already in your index: “${story.title}”.` }));
    expect(await page.getByRole('button', { name: 'Add it to my index anyway' }).count()).toBe(0);
    expect(await rows()).toBe(1);

    // The same text under an address of its own (another page): the form asks first.
    await fields[1]!.fill('https://torran-courier.example/bus-route');
    await add.click();
    const question = await visible(page.getByRole('group', { name: /^This article resembles an article in your index: “Glen Torran/ }));
    expect(await page.getByRole('alert').count()).toBe(0);
    await question.getByRole('button', { name: 'Cancel' }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Nothing was added' }));
    expect(await fields[0]!.inputValue()).toBe(story.title);
    expect(await rows()).toBe(1);

    // Confirmed: added as asked.
    await add.click();
    await visible(question);
    await question.getByRole('button', { name: 'Add it to my index anyway' }).click();
    await visible(page.getByRole('status').filter({ hasText: `Added “${story.title}” to your index.` }));
    await expect.poll(rows).toBe(2);
    await page.close();
  });

  it('after a deletion the keyboard stays in the list, and a restore clears the “Deleted” notice', async () => {
    const page = await openOptions();
    const focused = () =>
      page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');
    await page.getByLabel('Search entries').fill('Glen Torran bus');
    await visible(page.getByRole('status').filter({ hasText: '2 entries match “Glen Torran bus”.' }));
    const deletes = page.getByRole('button', { name: /^Delete Glen Torran bus route/ });
    await deletes.first().click();
    await visible(page.getByRole('status').filter({ hasText: '1 entry matches “Glen Torran bus”.' }));
    await expect.poll(focused).toMatch(/^Delete Glen Torran bus route/);
    await page.keyboard.press('Enter');
    await visible(page.getByRole('status').filter({ hasText: '0 entries match “Glen Torran bus”.' }));
    await expect.poll(focused).toContain('Deleted “Glen Torran bus route saved by village fund”');

    await page.getByLabel('Search entries').fill('Putin in Vietnam');
    await visible(page.getByRole('status').filter({ hasText: '1 entry matches “Putin in Vietnam”.' }));
    await page.getByRole('button', { name: /^Delete Putin in Vietnam/ }).click();
    const deleted = page.getByRole('status').filter({ hasText: /^Deleted “Putin in Vietnam/ });
    await visible(deleted);
    // The bundled original, the Glen Torran story of the Island Wire pack, and the same story
    // the reader pasted (an own entry, deleted since the worker started): all three come back.
    await visible(page.getByText('3 deleted entries can be restored.'));
    await page.getByRole('button', { name: 'Restore deleted entries' }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Restored 3 entries.' }));
    await visible(page.getByRole('status').filter({ hasText: '1 entry matches “Putin in Vietnam”.' }));
    expect(await deleted.count()).toBe(0);
    await page.close();
  });

  it('a tab left open follows the settings and the index: a raised threshold, a skipped site and a deleted source change its badge, popup and marks at once', async () => {
    const copy = await visit(h, 'derivative.html?left-open');
    expect(await badgeText(h, copy.tabId)).toBe('79%');
    const options = await openOptions();
    // The reader granted automatic checking already: the browser asks nothing on saving it.
    await options.evaluate(() => {
      chrome.permissions.request = (() => Promise.resolve(true)) as unknown as typeof chrome.permissions.request;
    });
    const save = async () => {
      await options.getByRole('button', { name: 'Save settings' }).click();
      await visible(options.getByRole('status').filter({ hasText: 'Settings saved.' }));
    };
    const popupSays = async (text: string) => {
      const popup = await openPopup(h, copy.tabId);
      await visible(popup.getByText(text));
      await popup.close();
    };
    const badge = () => badgeText(h, copy.tabId);

    await options.getByLabel('Likely-source threshold (%)').fill('80');
    await save();
    await expect.poll(badge).toBe('');
    await popupSays('No source in your index reaches your likely-source threshold');

    await options.getByLabel('Likely-source threshold (%)').fill('20');
    await options.getByLabel('Sites to skip (one per line)').fill('127.0.0.1');
    await save();
    await popupSays('Not checked: this site is on your list of sites to skip');
    await options.getByLabel('Sites to skip (one per line)').fill('');
    await save();
    await expect.poll(badge).toBe('79%');

    // The taken passages marked in the page go when their source does.
    const marks = () => copy.page.evaluate(() => (CSS.highlights.get('provenance-taken') as Highlight | undefined)?.size ?? 0);
    const popup = await openPopup(h, copy.tabId);
    await popup.getByRole('button', { name: 'Highlight taken passages' }).click();
    await expect.poll(marks).toBeGreaterThan(5);
    await popup.close();
    await options.getByLabel('Search entries').fill('Putin in Vietnam');
    await options.getByRole('button', { name: /^Delete Putin in Vietnam/ }).click();
    await visible(options.getByRole('status').filter({ hasText: /^Deleted “Putin in Vietnam/ }));
    await expect.poll(badge).toBe('');
    await popupSays('No source found in your index.');
    expect(await marks()).toBe(0);

    await options.getByRole('button', { name: 'Restore deleted entries' }).click();
    await visible(options.getByRole('status').filter({ hasText: 'Restored 1 entry.' }));
    await expect.poll(badge).toBe('79%');
    await options.close();
    await copy.page.close();
  });
});
