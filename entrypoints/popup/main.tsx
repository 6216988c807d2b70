import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ResultView } from '@/components/ResultView';
import { sendMessage } from '@/lib/messaging';
import type { Match } from '@/lib/match';
import type { TabResult } from '@/lib/protocol';
import '@/components/style.css';

/** popup.html?tabId=N shows tab N (tests, debugging); otherwise the active tab. */
async function targetTab(): Promise<number | null> {
  const param = new URLSearchParams(location.search).get('tabId');
  if (param && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

function Popup() {
  const [tabId, setTabId] = useState<number | null>(null);
  const [result, setResult] = useState<TabResult | null>(null);
  useEffect(() => {
    void (async () => {
      const id = await targetTab();
      setTabId(id);
      if (id === null) return setResult({ state: 'error', url: '', message: 'no active tab' });
      setResult(await sendMessage('tabResult', { tabId: id }));
    })();
  }, []);
  const highlight = async (m: Match, on: boolean) =>
    tabId === null ? 0 : sendMessage('highlight', { sentences: m.passages.map((p) => p.text), on }, tabId).catch(() => 0);
  const check = async () => tabId !== null && setResult(await sendMessage('checkTab', { tabId }));
  return (
    <main>
      <h1>News Provenance</h1>
      {result ? (
        <ResultView result={result} onHighlight={highlight} onCheck={check} />
      ) : (
        <p class="state" role="status">
          Loading…
        </p>
      )}
      <footer>
        <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noreferrer">
          Manage index and settings
        </a>
      </footer>
    </main>
  );
}

render(<Popup />, document.getElementById('app')!);
