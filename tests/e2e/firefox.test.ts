import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badgeText, launchFirefox, openPopup, toolbarWhen, visit as visitPage, type FirefoxHarness } from './firefox-harness';
import { startRemoteIndex } from './remote-index';

// The reading tests of reading.test.ts, on the Firefox build (.output/firefox-mv2) in
// Debian's Firefox ESR.
let h: FirefoxHarness;
let remote: ChildProcess;
const REMOTE_PORT = 8831;
beforeAll(async () => {
  [h, remote] = await Promise.all([launchFirefox(8805), startRemoteIndex(REMOTE_PORT)]);
});
afterAll(async () => {
  remote?.kill();
  await h?.close();
});

const visit = (path: string) => visitPage(h, path);

// One retry: Firefox's WebDriver BiDi now and then breaks a tab's realm under load (see
// openExtensionPage); a real regression fails both times.
describe('reading a news page with the extension, in Firefox', { retry: 1 }, () => {
  it('shows the share taken on the AI-reworded copy, and the popup names the BBC original', async () => {
    const { tabId, state } = await visit('derivative.html');
    expect(state).toBe('done');
    const badge = await toolbarWhen(h, tabId, 'text', /^\d{1,3}%$/);
    expect(badge).toMatch(/^\d{1,3}%$/);
    expect(Number.parseInt(badge, 10)).toBeGreaterThanOrEqual(55);
    expect(Number.parseInt(badge, 10)).toBeLessThanOrEqual(85);

    const popup = await openPopup(h, tabId);
    const card = await popup.waitForSelector(
      '::-p-aria([role="article"][name="Likely source: Putin in Vietnam: An old friendship that refuses to die"])',
      { timeout: 10_000 },
    );
    const text = await card!.evaluate((el) => (el as HTMLElement).innerText);
    expect(text).toContain('BBC News');
    expect(text).toContain('Jonathan Head');
    expect(text).toMatch(/\d+% of this article/);
    await popup.close();
  });

  it('shows no badge on an unrelated article, and the popup says no source was found', async () => {
    const { tabId, state } = await visit('unrelated.html');
    expect(state).toBe('done');
    // The tooltip shows that the extension did set the toolbar for this tab: no badge is its verdict.
    expect(await toolbarWhen(h, tabId, 'title', /No source found/)).toBe('News Provenance: No source found in your index');
    expect(await badgeText(h, tabId)).toBe('');
    const popup = await openPopup(h, tabId);
    await popup.waitForSelector('::-p-text(No source found in your index.)', { timeout: 10_000 });
    await popup.close();
  });

  it('leaves a page that is not an article alone: no badge, no error', async () => {
    const { tabId, state } = await visit('links.html');
    expect(state).toBe('not-article');
    expect(await badgeText(h, tabId)).toBe('');
    const popup = await openPopup(h, tabId);
    await popup.waitForSelector('::-p-text(does not look like a news article)', { timeout: 10_000 });
    expect(await popup.$$('::-p-aria([role="alert"])')).toHaveLength(0);
    await popup.close();
  });
});

/** What Firefox reports as granted of its data-collection permissions. */
const dataConsent = () =>
  h.ext.evaluate(async () => {
    const ext = (globalThis as unknown as { browser: { permissions: { getAll(): Promise<{ data_collection?: string[] }> } } }).browser;
    return (await ext.permissions.getAll()).data_collection ?? [];
  });

describe("the remote index in Firefox: the page is sent only with the reader's consent to share website content", { retry: 1 }, () => {
  it('asks for it in the click that sets the index, and the popup says when it is missing', async () => {
    expect(await dataConsent()).not.toContain('websiteContent');
    const field = await h.ext.waitForSelector('::-p-aria([role="textbox"][name="Remote index (optional)"])', { timeout: 10_000 });
    await field!.type(`http://127.0.0.1:${REMOTE_PORT}`);
    await (await h.ext.waitForSelector('::-p-aria([role="button"][name="Save settings"])'))!.click();
    await h.ext.waitForSelector('::-p-text(Settings saved.)', { timeout: 10_000 });
    // Granted without a prompt by the test profile's pref, as a reader's "Allow" would.
    await expect.poll(dataConsent).toContain('websiteContent');

    const sent = await visit('unrelated.html?remote');
    const popup = await openPopup(h, sent.tabId);
    const card = await popup.waitForSelector('::-p-aria([role="article"][name="Likely source: Tram line vote"])', { timeout: 10_000 });
    expect(await card!.evaluate((el) => (el as HTMLElement).innerText)).toContain(`From the remote index at 127.0.0.1:${REMOTE_PORT}`);
    await popup.close();

    // Taken back in Firefox's add-on manager: the page is checked locally only, and the popup says why.
    await h.ext.evaluate(async () => {
      const ext = (globalThis as unknown as { browser: { permissions: { remove(p: object): Promise<boolean> } } }).browser;
      await ext.permissions.remove({ data_collection: ['websiteContent'] });
    });
    const kept = await visit('unrelated.html?no-consent');
    const local = await openPopup(h, kept.tabId);
    await local.waitForSelector(
      `::-p-text(Only your local index was used: the page was not sent to the remote index at 127.0.0.1:${REMOTE_PORT}: Firefox's permission to send website content to it is not given)`,
      { timeout: 10_000 },
    );
    expect(await local.$$('::-p-aria([role="article"][name="Likely source: Tram line vote"])')).toHaveLength(0);
    await local.close();
  });
});
