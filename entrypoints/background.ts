import { browser } from 'wxt/browser';
import { t } from '@/components/i18n';
import { badgeFor } from '@/lib/badge';
import { withoutMarkup } from '@/lib/index';
import { Engine } from '@/lib/engine';
import { IndexStore } from '@/lib/storage/indexeddb';
import { onMessage, sendMessage } from '@/lib/messaging';
import { INDEX_CHANGED_KEY, tabResultKey, type SourceComparison, type TabResult } from '@/lib/protocol';
import { checkRemote, withRemote } from '@/lib/remote';
import { notKept, readEntry } from '@/lib/ingest/trusted';
import type { Article } from '@/lib/extract';
import { DEFAULT_SETTINGS, listedSite, parseSettings, SETTINGS_KEY, type Settings } from '@/lib/settings';
import {
  ACCESS_REMOVED_KEY,
  ALL_SITES,
  CONTENT_SCRIPT_FILE,
  SENDS_PAGE_TEXT,
  losesAllSites,
  siteAccessState,
  siteAccessStep,
} from '@/lib/site-access';
import { isHttpError, whyUncheckable } from '@/lib/uncheckable';
import { sourceNotLoaded } from '@/lib/compare';

// Glue only: the engine lives in lib/. The worker may be stopped at any time, so results
// are cached in storage.session (per tab), settings live in storage.local, and the engine
// reloads itself from IndexedDB on demand.

const compareKey = (tabId: number) => `compare:${tabId}`;
const REFRESH_ALARM = 'refresh-subscriptions';
// The toolbar button: `action` in Manifest V3 (Chromium); Firefox runs the Manifest V2
// build, where it is `browserAction` and `action` is undefined.
const toolbar = () => browser.action ?? browser.browserAction;

/** Firefox: whether the reader consented to pages being sent out (SENDS_PAGE_TEXT); elsewhere the setting is the consent. */
async function maySendPages(): Promise<boolean> {
  if (!import.meta.env.FIREFOX) return true;
  return browser.permissions.contains(SENDS_PAGE_TEXT as unknown as Parameters<typeof browser.permissions.contains>[0]).catch(() => false);
}

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

/** Tells an open options page that the index changed (see INDEX_CHANGED_KEY). */
async function indexChanged(): Promise<void> {
  await browser.storage.session.set({ [INDEX_CHANGED_KEY]: Date.now() });
}

/**
 * The verdict a tab shows was reached with the index and settings of its check: when either
 * changes (an entry deleted, a pack imported, the threshold raised, the site skipped), each
 * tab with a result is checked again, so that no badge or popup goes on naming a deleted
 * source or ignoring the reader's new threshold. Tabs whose content script has gone are left.
 */
async function recheckTabs(also: number[] = [], except: ReadonlySet<number> = new Set()): Promise<void> {
  const all = (await browser.storage.session.get(null)) as Record<string, TabResult>;
  const tabs = Object.entries(all).flatMap(([key, r]) =>
    key.startsWith('tab:') && (r.state === 'done' || r.state === 'skipped') ? [Number(key.slice(4))] : [],
  );
  await Promise.all(
    [...new Set([...also, ...tabs])]
      .filter((tabId) => !except.has(tabId))
      .map((tabId) => sendMessage('extractNow', { recheck: true }, tabId).catch(() => undefined)),
  );
}

/**
 * recheckTabs once a series of changes has settled: deleting five entries in a row, or
 * reading several articles on trusted sites, checks the open tabs once, not five times.
 * `except`: a tab whose result is already newer than every change before this one (the tab
 * whose article was just kept: checked again, it would lose the line saying so); a later
 * change without it checks that tab again too.
 */
let recheckTimer: ReturnType<typeof setTimeout> | undefined;
const recheckExcept = new Set<number>();
function recheckTabsSoon(except?: number): void {
  if (except === undefined) recheckExcept.clear();
  else recheckExcept.add(except);
  clearTimeout(recheckTimer);
  recheckTimer = setTimeout(() => {
    const skip = new Set(recheckExcept);
    recheckExcept.clear();
    void recheckTabs([], skip);
  }, 300);
}

/** What a change of settings means for the verdicts already shown (see recheckTabs). */
const changesVerdicts = (a: Settings, b: Settings) =>
  a.threshold !== b.threshold || a.remote !== b.remote || a.skipSites.join('\n') !== b.skipSites.join('\n');

async function getSettings(): Promise<Settings> {
  return parseSettings((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY] ?? DEFAULT_SETTINGS);
}

const allSitesGranted = () => browser.permissions.contains({ origins: [...ALL_SITES] });

/**
 * Puts the content script's registration in line with the setting and the grant (see
 * siteAccessStep). `justRemoved`: permissions.onRemoved took away access to all sites.
 */
async function syncSiteAccess(justRemoved = false): Promise<void> {
  const [settings, granted, registered] = await Promise.all([
    getSettings(),
    allSitesGranted(),
    browser.scripting.getRegisteredContentScripts(),
  ]);
  const step = siteAccessStep({ mode: settings.mode, granted, registered, justRemoved });
  if (step.fallBack) await browser.storage.local.set({ [SETTINGS_KEY]: { ...settings, mode: 'click' }, [ACCESS_REMOVED_KEY]: true });
  if (step.unregister.length) await browser.scripting.unregisterContentScripts({ ids: step.unregister });
  if (step.register.length) await browser.scripting.registerContentScripts(step.register);
}

async function cached(tabId: number): Promise<TabResult> {
  const key = tabResultKey(tabId);
  return ((await browser.storage.session.get(key))[key] as TabResult | undefined) ?? { state: 'unknown' };
}

async function comparison(tabId: number): Promise<SourceComparison | null> {
  return ((await browser.storage.session.get(compareKey(tabId)))[compareKey(tabId)] as SourceComparison | undefined) ?? null;
}

/** The content script of a tab that has just loaded may not listen yet: ask a few times. */
async function articleOf(tabId: number) {
  for (let i = 0; i < 10; i++) {
    try {
      return { article: await sendMessage('getArticle', undefined, tabId) };
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  return null;
}

export default defineBackground(() => {
  let engine: Promise<Engine> | null = null;
  const getEngine = () => (engine ??= loadEngine().catch((e) => ((engine = null), Promise.reject(e))));
  /** Runs a change of the index; once it is made (not refused), the open tabs are checked again. */
  const changingIndex = async <T>(change: (e: Engine) => Promise<T>): Promise<T> => {
    const result = await change(await getEngine());
    const refused = typeof result === 'object' && result !== null && 'ok' in result && result.ok === false;
    if (!refused) recheckTabsSoon();
    return result;
  };

  async function publish(tabId: number, result: TabResult): Promise<TabResult> {
    await browser.storage.session.set({ [tabResultKey(tabId)]: result });
    const badge = badgeFor(result, t);
    await Promise.all([
      toolbar().setBadgeText({ tabId, text: badge.text }),
      toolbar().setTitle({ tabId, title: badge.title }),
      badge.text ? toolbar().setBadgeBackgroundColor({ tabId, color: badge.color }) : Promise.resolve(),
    ]).catch(() => undefined); // the tab may have closed meanwhile
    return result;
  }

  /** An article read on one of the reader's trusted sites is kept as an original (lib/ingest/trusted.ts). */
  async function keepIfTrusted(tabId: number, e: Engine, url: string, article: Article, checked: TabResult, settings: Settings) {
    const site = listedSite(url, settings.trustedSites);
    const entry = site && readEntry(article, url, site);
    if (!site || !entry) return undefined;
    const skipped = notKept(checked, entry, site);
    if (skipped) return skipped;
    const read = await e.recordRead(entry, site, settings.readCap);
    if (read.status === 'added' || read.status === 'updated') {
      await indexChanged();
      // Another open tab may be a copy of what was just kept, or name a source the cap dropped.
      recheckTabsSoon(tabId);
    }
    return read;
  }

  onMessage('pageArticle', async ({ data, sender }) => {
    const tabId = sender.tab?.id;
    if (tabId === undefined) return { state: 'unknown' };
    if (data.skipped) return publish(tabId, { state: 'skipped', url: data.url, reason: data.skipped });
    // The site's own error page (404...) is a page that did not load, not one that is no article.
    if (!data.article)
      return publish(
        tabId,
        isHttpError(data.httpStatus) ? { state: 'uncheckable', url: data.url, why: 'error-page' } : { state: 'not-article', url: data.url },
      );
    try {
      const [e, settings] = await Promise.all([getEngine(), getSettings()]);
      // Checked first: the page is judged against the index as it was before this visit.
      const checked = await e.checkArticle(data.url, data.article, settings);
      // A check again after a change of the index keeps nothing: "Clear articles read on
      // trusted sites" with such a page open would otherwise bring it straight back.
      const read = data.recheck ? undefined : await keepIfTrusted(tabId, e, data.url, data.article, checked, settings);
      const local = read && checked.state === 'done' ? { ...checked, read } : checked;
      if (!settings.remote || local.state !== 'done') return publish(tabId, local);
      // Opt-in only: the article goes to the user's own remote index, nowhere else.
      const remote = (await maySendPages())
        ? await checkRemote(settings.remote, data.article).catch((err: Error) => err)
        : new Error(t('remoteNoConsent', new URL(settings.remote).host));
      return publish(tabId, withRemote(local, remote, settings));
    } catch (e) {
      return publish(tabId, { state: 'error', url: data.url, message: (e as Error).message });
    }
  });

  onMessage('tabResult', ({ data }) => cached(data.tabId));

  // On-click mode, or a page opened before the extension was installed: the popup's click
  // grants activeTab, which lets the content script be injected into this one tab.
  onMessage('checkTab', async ({ data }) => {
    const ask = () => sendMessage('extractNow', { recheck: false }, data.tabId);
    try {
      await ask();
    } catch {
      try {
        await browser.scripting.executeScript({ target: { tabId: data.tabId }, files: [CONTENT_SCRIPT_FILE] });
        await ask();
      } catch (e) {
        // The browser's own words are for developers; the reader gets what the page is.
        console.info('News Provenance: cannot read this tab', e);
        const url = await browser.tabs.get(data.tabId).then(
          (tab) => tab.url,
          () => undefined,
        );
        const [fileAccess, allSites] = await Promise.all([
          (browser.extension.isAllowedFileSchemeAccess?.() ?? Promise.resolve(false)).catch(() => false),
          allSitesGranted().catch(() => false),
        ]);
        return { state: 'uncheckable', url: url ?? '', why: whyUncheckable(url, (e as Error).message, fileAccess, allSites) };
      }
    }
    return cached(data.tabId);
  });

  onMessage('addTabArticle', async ({ data }) => {
    const article = await sendMessage('getArticle', undefined, data.tabId).catch(() => null);
    if (!article) return { ok: false, error: 'No article was found in that tab.' };
    // The page's own strings, no field to correct them in: what reads as markup is taken out, not refused.
    const title = withoutMarkup(article.title);
    const result = await (
      await getEngine()
    ).addOriginal({
      title,
      text: article.text,
      url: article.url && /^https?:/.test(article.url) ? article.url : undefined,
      publisher: withoutMarkup(article.siteName) || undefined,
      author: withoutMarkup(article.byline) || undefined,
      published: article.published && !Number.isNaN(Date.parse(article.published)) ? article.published : undefined,
      lang: article.lang,
      unlessResembling: !data.anyway,
    });
    if (!result.ok) return result;
    await indexChanged();
    // This tab, and any other open on a copy of it.
    await recheckTabs([data.tabId]);
    return { ok: true, value: { id: result.value.id, title } };
  });

  // "Compare with the source": the reader's own tab opens the source (nothing is fetched in
  // the background); once it has loaded, its sentences are matched to the stored sketches.
  onMessage('compareWithSource', async ({ data }) => {
    if (!/^https?:\/\//i.test(data.url)) return { ok: false, error: 'This source has no web address to open.' };
    const tab = await browser.tabs.create({ url: data.url });
    if (tab.id === undefined) return { ok: false, error: 'The source could not be opened in a tab.' };
    const record: SourceComparison = {
      title: data.title,
      entryId: data.entryId,
      status: 'waiting',
      pairs: data.pairs.map((p) => ({ ...p, sentence: null })),
    };
    await browser.storage.session.set({ [compareKey(tab.id)]: record });
    // A page served fast may have finished loading before the record was stored.
    if ((await browser.tabs.get(tab.id).catch(() => null))?.status === 'complete') void showComparison(tab.id);
    return { ok: true, value: undefined };
  });

  onMessage('compareState', ({ data }) => comparison(data.tabId));

  // A tab's load can be reported twice (its "complete" event, and the check after creating it).
  const comparing = new Set<number>();
  async function showComparison(tabId: number): Promise<void> {
    if (comparing.has(tabId)) return;
    comparing.add(tabId);
    try {
      await compareIn(tabId);
    } finally {
      comparing.delete(tabId);
    }
  }
  async function compareIn(tabId: number): Promise<void> {
    const record = await comparison(tabId);
    if (!record || record.status !== 'waiting') return;
    const read = await articleOf(tabId);
    let next: SourceComparison;
    const notLoaded = read && sourceNotLoaded(await sendMessage('httpStatus', undefined, tabId).catch(() => null), !!read.article);
    if (!read) next = { ...record, status: 'unreachable' };
    else if (notLoaded) next = { ...record, ...notLoaded };
    else {
      const sentences = read.article
        ? await (
            await getEngine()
          ).sourceSentences(
            record.entryId,
            read.article,
            record.pairs.map((p) => p.source),
          )
        : null;
      const pairs = record.pairs.map((p, i) => ({ ...p, sentence: sentences?.[i] ?? null }));
      const found = pairs.flatMap((p) => (p.sentence ? [{ sentence: p.sentence, passage: p.passage }] : []));
      next = { ...record, pairs, status: found.length ? 'shown' : 'changed' };
      if (found.length) await sendMessage('showSource', { pairs: found }, tabId).catch(() => undefined);
    }
    await browser.storage.session.set({ [compareKey(tabId)]: next });
  }

  onMessage('articleTabs', async () => {
    const all = (await browser.storage.session.get(null)) as Record<string, TabResult>;
    return Object.entries(all).flatMap(([key, r]) =>
      key.startsWith('tab:') && (r.state === 'done' || r.state === 'too-short')
        ? [
            {
              tabId: Number(key.slice(4)),
              url: r.url,
              title: r.state === 'done' ? r.article.title : r.title,
              ...(r.state === 'done' && r.self ? { inIndex: r.self.title } : {}),
            },
          ]
        : [],
    );
  });

  onMessage('indexSummary', async () => (await getEngine()).overview());
  onMessage('listEntries', async ({ data }) => (await getEngine()).listEntries(data.query, data.offset, data.limit));
  onMessage('deleteEntry', ({ data }) => changingIndex((e) => e.deleteEntry(data.id)));
  onMessage('undoDelete', ({ data }) => changingIndex((e) => e.undoDelete(data.id)));
  onMessage('restoreDeleted', () => changingIndex((e) => e.restoreDeleted()));
  onMessage('clearRead', async () => {
    const cleared = await changingIndex((e) => e.clearRead());
    await indexChanged();
    return cleared;
  });
  onMessage('addOriginal', ({ data }) => changingIndex((e) => e.addOriginal(data)));
  // After an import (written by the options page itself).
  onMessage('reloadIndex', () => changingIndex(async (e) => (await e.reload(), e.overview())));
  onMessage('setPackEnabled', ({ data }) => changingIndex((e) => e.setPackEnabled(data.id, data.enabled)));
  onMessage('removePack', ({ data }) => changingIndex((e) => e.removePack(data.id)));
  onMessage('subscribe', ({ data }) => changingIndex((e) => e.subscribe(data.url)));
  onMessage('refreshSubscription', ({ data }) => changingIndex((e) => e.refreshSubscription(data.id)));
  onMessage('getSettings', () => getSettings());
  onMessage('setSettings', async ({ data }) => {
    const previous = await getSettings();
    const next = parseSettings({ ...previous, ...data });
    await browser.storage.local.set({ [SETTINGS_KEY]: next });
    // The reader has seen the page that said the access was removed.
    await browser.storage.local.remove(ACCESS_REMOVED_KEY);
    // Only the reader's own switch gives the access back (tests and other contexts may write
    // the setting directly; that only changes what is registered).
    if (previous.mode === 'auto' && next.mode === 'click') await browser.permissions.remove({ origins: [...ALL_SITES] }).catch(() => false);
    // A lower cap applies now, not at the next article read.
    const trimmed = next.readCap < previous.readCap && (await (await getEngine()).trimRead(next.readCap)) > 0;
    if (trimmed) await indexChanged();
    if (trimmed || changesVerdicts(previous, next)) recheckTabsSoon();
    return next;
  });
  onMessage('siteAccess', async () => {
    const [settings, granted, removed] = await Promise.all([
      getSettings(),
      allSitesGranted(),
      browser.storage.local.get(ACCESS_REMOVED_KEY),
    ]);
    return { state: siteAccessState(settings.mode, granted, !!removed[ACCESS_REMOVED_KEY]), granted };
  });

  // The content script runs on every page only while automatic checking is chosen and
  // granted. Registrations persist across restarts, but the browser may drop them (and an
  // update may change the files), so every start checks; so does every change of either.
  let siteAccess = Promise.resolve();
  const resync = (justRemoved = false) => {
    siteAccess = siteAccess.then(() => syncSiteAccess(justRemoved)).catch((e: unknown) => console.error('News Provenance: site access', e));
  };
  resync();
  // Its listener makes the browser start the worker at every browser start, so the check runs then.
  browser.runtime.onStartup.addListener(() => resync());
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && SETTINGS_KEY in changes) resync();
  });
  browser.permissions.onAdded.addListener(() => resync());
  // Also the access taken away in the browser's own settings: checking falls back to on-click.
  browser.permissions.onRemoved.addListener((removed) => resync(losesAllSites(removed.origins ?? [])));
  // The first-run page explains the two modes and asks which one (the grant needs a click there).
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
  });

  // Subscriptions are refreshed daily; a failed refresh keeps the last good copy.
  void browser.alarms.get(REFRESH_ALARM).then((existing) => {
    if (!existing) void browser.alarms.create(REFRESH_ALARM, { periodInMinutes: 24 * 60, delayInMinutes: 1 });
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REFRESH_ALARM) void changingIndex((e) => e.refreshAllSubscriptions()).then(indexChanged);
  });

  // A new document in the tab: its old result no longer applies. (Single-page sites keep
  // the document; their content script reports the new URL itself.)
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading' && change.url) {
      void browser.storage.session.remove(tabResultKey(tabId));
      void toolbar().setBadgeText({ tabId, text: '' });
      // The tooltip too: it said what the old page's result was ("79% of this article ...").
      void toolbar().setTitle({ tabId, title: t('extName') });
      // A comparison belongs to the source's document; a new one (not the source loading) ends it.
      void comparison(tabId).then((c) => {
        if (c && c.status !== 'waiting') return browser.storage.session.remove(compareKey(tabId));
      });
    }
    if (change.status === 'complete') void showComparison(tabId);
  });
  browser.tabs.onRemoved.addListener((tabId) => void browser.storage.session.remove([tabResultKey(tabId), compareKey(tabId)]));
});
