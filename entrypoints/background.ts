import { browser } from 'wxt/browser';
import { badgeFor } from '@/lib/badge';
import { Engine } from '@/lib/engine';
import { IndexStore } from '@/lib/index/store';
import { onMessage, sendMessage } from '@/lib/messaging';
import type { TabResult } from '@/lib/protocol';

// Glue only: the engine lives in lib/. The worker may be stopped at any time, so results
// are cached in storage.session (per tab) and the engine reloads itself on demand.

const cacheKey = (tabId: number) => `tab:${tabId}`;

async function loadEngine(): Promise<Engine> {
  const fetchBytes = async (path: string) => new Uint8Array(await (await fetch(browser.runtime.getURL(path as '/'))).arrayBuffer());
  const [pack, idf] = await Promise.all([fetchBytes('/index/bundled.pack'), fetchBytes('/index/idf.bin')]);
  let store: IndexStore | null = null;
  try {
    store = await IndexStore.open();
  } catch (e) {
    console.error('IndexedDB unavailable; only the bundled index is used', e);
  }
  return Engine.create(pack, idf, store);
}

export default defineBackground(() => {
  let engine: Promise<Engine> | null = null;
  const getEngine = () => (engine ??= loadEngine().catch((e) => ((engine = null), Promise.reject(e))));

  async function publish(tabId: number, result: TabResult): Promise<TabResult> {
    await browser.storage.session.set({ [cacheKey(tabId)]: result });
    const badge = badgeFor(result);
    await Promise.all([
      browser.action.setBadgeText({ tabId, text: badge.text }),
      browser.action.setTitle({ tabId, title: badge.title }),
      badge.text ? browser.action.setBadgeBackgroundColor({ tabId, color: badge.color }) : Promise.resolve(),
    ]).catch(() => undefined); // the tab may have closed meanwhile
    return result;
  }

  onMessage('pageArticle', async ({ data, sender }) => {
    const tabId = sender.tab?.id;
    if (tabId === undefined) return { state: 'unknown' };
    if (!data.article) return publish(tabId, { state: 'not-article', url: data.url });
    try {
      return publish(tabId, (await getEngine()).checkArticle(data.url, data.article));
    } catch (e) {
      return publish(tabId, { state: 'error', url: data.url, message: (e as Error).message });
    }
  });

  onMessage('tabResult', async ({ data }) => {
    const key = cacheKey(data.tabId);
    const stored = await browser.storage.session.get(key);
    return (stored[key] as TabResult | undefined) ?? { state: 'unknown' };
  });

  onMessage('checkTab', async ({ data }) => {
    await sendMessage('extractNow', undefined, data.tabId).catch(() => undefined);
    const key = cacheKey(data.tabId);
    return ((await browser.storage.session.get(key))[key] as TabResult | undefined) ?? { state: 'unknown' };
  });

  onMessage('indexSummary', async () => (await getEngine()).summary());
  onMessage('addOriginal', async ({ data }) => (await getEngine()).addOriginal(data));
  onMessage('reloadIndex', async () => {
    const e = await getEngine();
    await e.reload();
    return e.summary();
  });

  // A new page in the tab: its old result no longer applies.
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading' && change.url) {
      void browser.storage.session.remove(cacheKey(tabId));
      void browser.action.setBadgeText({ tabId, text: '' });
    }
  });
  browser.tabs.onRemoved.addListener((tabId) => void browser.storage.session.remove(cacheKey(tabId)));
});
