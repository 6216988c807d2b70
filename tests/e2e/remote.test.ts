import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badgeText, launch, openPopup, setSettings, visit, type Harness } from './harness';
import { startRemoteIndex } from './remote-index';

// The opt-in remote index: a newsroom's `provenance serve` holds an original the extension
// does not know; with the setting on, the page is checked there too, and the popup says so.

const PORT = 8830;
let h: Harness;
let server: ChildProcess;

beforeAll(async () => {
  server = await startRemoteIndex(PORT);
  h = await launch(8804);
});
afterAll(async () => {
  await h?.close();
  server?.kill();
});

describe('the remote index (opt-in)', () => {
  it('finds the source that only the remote index holds, and says where the match came from', async () => {
    await setSettings(h, { mode: 'auto', skipSites: [], threshold: 20, remote: `http://127.0.0.1:${PORT}` });
    const { page, tabId } = await visit(h, 'unrelated.html?remote');
    expect(await badgeText(h, tabId)).toMatch(/^\d+%$/);
    const popup = await openPopup(h, tabId);
    const card = popup.getByRole('article', { name: 'Likely source: Tram line vote' });
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.innerText()).toContain(`From the remote index at 127.0.0.1:${PORT}`);
    await popup.close();
    await page.close();
  });

  it('falls back to the local index, and says so, when the remote index cannot be reached', async () => {
    await setSettings(h, { mode: 'auto', skipSites: [], threshold: 20, remote: 'http://127.0.0.1:9' });
    const { page, tabId } = await visit(h, 'derivative.html?remote-down');
    expect(await badgeText(h, tabId)).toMatch(/^\d+%$/);
    const popup = await openPopup(h, tabId);
    await expect
      .poll(() => popup.getByText(/^Only your local index was used: the remote index at 127.0.0.1:9 could not be used/).count())
      .toBe(1);
    await popup.close();
    await page.close();
  });
});
