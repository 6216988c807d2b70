import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/components/i18n';
import type { PageActions } from '@/components/MatchCard';
import { ResultView } from '@/components/ResultView';
import { sendMessage } from '@/lib/messaging';
import { tabResultKey, type ShownMatch, type SourceComparison, type TabResult } from '@/lib/protocol';
import { Comparison } from '@/components/Comparison';
import '@/components/style.css';

/**
 * popup.html?tabId=N shows tab N (tests, debugging); otherwise the active tab. A tabId that
 * names no open tab is said to, rather than judged as the popup's own page.
 */
async function targetTab(): Promise<number | string> {
  const param = new URLSearchParams(location.search).get('tabId');
  if (param !== null) {
    const id = /^\d+$/.test(param) ? Number(param) : NaN;
    const open =
      Number.isSafeInteger(id) &&
      (await browser.tabs.get(id).then(
        () => true,
        () => false,
      ));
    return open ? id : t('noSuchTab', param);
  }
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? t('noActiveTab');
}

function Popup() {
  const [tabId, setTabId] = useState<number | null>(null);
  const [result, setResult] = useState<TabResult | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  // The page remembers what it highlights, so a reopened popup shows it (per tab, per document).
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const [comparison, setComparison] = useState<SourceComparison | null>(null);
  useEffect(() => {
    void (async () => {
      const id = await targetTab();
      if (typeof id === 'string') return setResult({ state: 'error', url: '', message: id });
      setTabId(id);
      const cached = await sendMessage('tabResult', { tabId: id });
      setResult(cached);
      void sendMessage('compareState', { tabId: id }).then(setComparison, () => undefined);
      void sendMessage('highlightState', undefined, id).then(
        (s) => setHighlighted(s.key),
        () => undefined,
      );
      // Opening the popup is the click that on-click mode waits for. A page still loading is
      // read once it has loaded: the popup says it is being checked meanwhile.
      if (cached.state === 'unknown') {
        setResult({ state: 'checking', url: '' });
        setResult(await sendMessage('checkTab', { tabId: id }));
      }
    })();
  }, []);
  // The tab is checked again while the popup is open (the index or the settings changed, the
  // article finished rendering): show the new result.
  useEffect(() => {
    if (tabId === null) return;
    const key = tabResultKey(tabId);
    const follow = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      const next = changes[key]?.newValue as TabResult | undefined;
      if (area === 'session' && next) setResult(next);
    };
    browser.storage.onChanged.addListener(follow);
    return () => browser.storage.onChanged.removeListener(follow);
  }, [tabId]);
  // The source tab is still loading: ask again until its comparison is ready.
  useEffect(() => {
    if (comparison?.status !== 'waiting' || tabId === null) return;
    const timer = setTimeout(() => void sendMessage('compareState', { tabId }).then(setComparison, () => undefined), 500);
    return () => clearTimeout(timer);
  }, [comparison, tabId]);
  const page = useMemo<PageActions | undefined>(
    () =>
      tabId === null
        ? undefined
        : {
            highlighted,
            highlight: async (m: ShownMatch, on: boolean) => {
              const found = await sendMessage('highlight', { key: m.id, sentences: m.passages.map((p) => p.text), on }, tabId).catch(
                () => 0,
              );
              setHighlighted(on ? m.id : null);
              return found;
            },
            locate: (m: ShownMatch) => sendMessage('locatePassages', { sentences: m.passages.map((p) => p.text) }, tabId).catch(() => null),
            show: (sentence: string) => sendMessage('showPassage', { sentence }, tabId).catch(() => false),
            compare: async (m: ShownMatch, pairs: Array<{ source: number; passage: string }>) => {
              const title = result?.state === 'done' ? result.article.title : '';
              const r = await sendMessage('compareWithSource', { url: m.url ?? '', entryId: m.id, title, pairs });
              if (!r.ok) setNotice({ ok: false, text: r.error });
            },
          },
    [tabId, highlighted, result],
  );
  if (tabId === null && result === null) return <Shell>{<Loading />}</Shell>;
  const check = async () => {
    if (tabId === null) return;
    setResult({ state: 'checking', url: '' });
    setResult(await sendMessage('checkTab', { tabId }));
  };
  const add = async () => {
    if (tabId === null) return;
    // The popup shows its own warning beside the button when the page resembles an indexed article.
    const r = await sendMessage('addTabArticle', { tabId, anyway: true });
    setNotice(r.ok ? { ok: true, text: t('addedToIndex', r.value.title) } : { ok: false, text: r.error });
    if (r.ok) setResult(await sendMessage('tabResult', { tabId }));
  };
  return (
    <Shell>
      {comparison && tabId !== null && (
        <Comparison comparison={comparison} show={(sentence) => void sendMessage('showPassage', { sentence }, tabId).catch(() => false)} />
      )}
      {result ? <ResultView result={result} page={page} onCheck={check} onAdd={add} /> : <Loading />}
      {notice && (
        <p role={notice.ok ? 'status' : 'alert'} class={notice.ok ? 'ok' : 'error'}>
          {notice.text}
        </p>
      )}
    </Shell>
  );
}

const Loading = () => (
  <p class="state" role="status">
    {t('loading')}
  </p>
);

function Shell({ children }: { children: preact.ComponentChildren }) {
  return (
    <main>
      <h1>{t('popupTitle')}</h1>
      {children}
      <footer>
        <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noreferrer">
          {t('manageIndex')}
        </a>
      </footer>
    </main>
  );
}

render(<Popup />, document.getElementById('app')!);
