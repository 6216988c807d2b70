import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { AddOriginalForm } from '@/components/AddOriginalForm';
import { t } from '@/components/i18n';
import { ImportPack } from '@/components/ImportPack';
import { AddFromTab } from '@/components/options/AddFromTab';
import { EntryBrowser } from '@/components/options/EntryBrowser';
import { ExportPack } from '@/components/options/ExportPack';
import { failure, Notice, type Note } from '@/components/options/Notice';
import { Overview } from '@/components/options/Overview';
import { SettingsForm } from '@/components/options/SettingsForm';
import { Subscribe } from '@/components/options/Subscribe';
import { sendMessage } from '@/lib/messaging';
import { browser } from 'wxt/browser';
import { INDEX_CHANGED_KEY, type IndexSummary } from '@/lib/protocol';
import '@/components/style.css';
import './options.css';

const SECTIONS = [
  ['overview', 'navOverview'],
  ['entries', 'navEntries'],
  ['add', 'navAdd'],
  ['packs', 'navPacks'],
  ['settings', 'navSettings'],
] as const;

/** The options page: what the index holds, how to grow it, and the settings. */
function Options() {
  const [summary, setSummary] = useState<IndexSummary | null>(null);
  const [version, setVersion] = useState(0);
  const [restores, setRestores] = useState(0);
  const [note, setNote] = useState<Note>(null);
  // Every change to the index refreshes the counts and the entry list.
  const changed = useCallback((next?: IndexSummary) => {
    setVersion((v) => v + 1);
    if (next) return setSummary(next);
    sendMessage('indexSummary', undefined).then(setSummary, (e: unknown) => setNote(failure(e)));
  }, []);
  useEffect(() => changed(), [changed]);
  // Changes made elsewhere (the popup's "Add this article", a scheduled refresh).
  useEffect(() => {
    const listener = (changes: Record<string, unknown>, area: string) => {
      if (area === 'session' && INDEX_CHANGED_KEY in changes) changed();
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, [changed]);
  useEffect(() => void (document.title = t('optionsPageTitle')), []);

  return (
    <>
      <header class="options-header">
        <h1>{t('optionsHeading')}</h1>
        <nav aria-label={t('navLabel')}>
          <ul>
            {SECTIONS.map(([id, key]) => (
              <li key={id}>
                <a href={`#${id}`}>{t(key)}</a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main class="options">
        <Notice note={note} />
        <Overview summary={summary} onChanged={() => changed()} onRestored={() => setRestores((n) => n + 1)} />
        <EntryBrowser version={version} restores={restores} onChanged={() => changed()} />
        <section id="add" aria-labelledby="add-section-heading">
          <h2 id="add-section-heading">{t('addSectionHeading')}</h2>
          <AddOriginalForm onAdded={() => changed()} />
          <AddFromTab onAdded={() => changed()} />
        </section>
        <section id="packs" aria-labelledby="packs-heading">
          <h2 id="packs-heading">{t('packsHeading')}</h2>
          <ImportPack summary={summary} onImported={changed} />
          <ExportPack />
          <Subscribe onSubscribed={() => changed()} />
        </section>
        <SettingsForm />
      </main>
    </>
  );
}

render(<Options />, document.getElementById('app')!);
