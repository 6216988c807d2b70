import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badgeText, launchFirefox, openPopup, toolbarWhen, visit as visitPage, type FirefoxHarness } from './firefox-harness';

// The reading tests of reading.test.ts, on the Firefox build (.output/firefox-mv2) in
// Debian's Firefox ESR.
let h: FirefoxHarness;
beforeAll(async () => {
  h = await launchFirefox(8805);
});
afterAll(async () => h?.close());

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
