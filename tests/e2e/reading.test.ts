import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badgeText, launch, openPopup, visit as visitPage, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await launch(8801);
});
afterAll(async () => h?.close());

const visit = (path: string) => visitPage(h, path);

describe('reading a news page with the extension', () => {
  it('shows the share taken on the AI-reworded copy, and the popup names the BBC original', async () => {
    const { tabId } = await visit('derivative.html');
    const badge = await badgeText(h, tabId);
    expect(badge).toMatch(/^\d{1,3}%$/);
    expect(Number.parseInt(badge, 10)).toBeGreaterThanOrEqual(55);
    expect(Number.parseInt(badge, 10)).toBeLessThanOrEqual(85);

    const popup = await openPopup(h, tabId);
    const card = popup.getByRole('article', { name: /^Likely source: Putin in Vietnam: An old friendship that refuses to die/ });
    await expect.poll(() => card.count()).toBe(1);
    const text = await card.innerText();
    expect(text).toContain('BBC News');
    expect(text).toContain('Jonathan Head');
    expect(text).toMatch(/\d+% of this article/);
    await popup.close();
  });

  it('shows no badge on an unrelated article, and the popup says no source was found', async () => {
    const { tabId, state } = await visit('unrelated.html');
    expect(state).toBe('done');
    expect(await badgeText(h, tabId)).toBe('');
    const popup = await openPopup(h, tabId);
    await expect.poll(() => popup.getByText('No source found in your index.').count()).toBe(1);
    await popup.close();
  });

  it('leaves a page that is not an article alone: no badge, no error', async () => {
    const { tabId, state } = await visit('links.html');
    expect(state).toBe('not-article');
    expect(await badgeText(h, tabId)).toBe('');
    const popup = await openPopup(h, tabId);
    await expect.poll(() => popup.getByText(/does not look like a news article/).count()).toBe(1);
    expect(await popup.getByRole('alert').count()).toBe(0);
    await popup.close();
  });
});
