import { useEffect, useRef, useState } from 'preact/hooks';
import { sendMessage } from '@/lib/messaging';
import type { ProtocolMap } from '@/lib/protocol';
import { t } from '../i18n';
import { failure, Notice, type Note } from './Notice';

type ArticleTab = ReturnType<ProtocolMap['articleTabs']>[number];

/** Adds an article open in another tab: the ones the extension has already checked are listed. */
export function AddFromTab({ onAdded }: { onAdded: () => void }) {
  const [tabs, setTabs] = useState<ArticleTab[] | null>(null);
  const [note, setNote] = useState<Note>(null);
  const [busy, setBusy] = useState<number | null>(null);
  // A tab whose article resembles an indexed one waits for the reader's word, as a pasted article does.
  const [pending, setPending] = useState<{ tab: ArticleTab; resembles: string } | null>(null);
  const anyway = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (pending) anyway.current?.focus();
  }, [pending]);
  // On click, a tab is read only once its toolbar button is clicked: an open article is not listed before.
  const [onClick, setOnClick] = useState(false);
  const load = () =>
    Promise.all([sendMessage('articleTabs', undefined), sendMessage('getSettings', undefined)]).then(
      ([list, settings]) => {
        setOnClick(settings.mode === 'click');
        setTabs(list.filter((tab) => /^https?:/.test(tab.url)));
      },
      (e: unknown) => setNote(failure(e)),
    );
  useEffect(() => {
    void load();
    // Coming back from the other tab is when the list is most likely to have changed.
    const onFocus = () => void load();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, []);

  const add = async (tab: ArticleTab, anyway = false) => {
    setBusy(tab.tabId);
    setPending(null);
    try {
      const r = await sendMessage('addTabArticle', { tabId: tab.tabId, anyway });
      if (!r.ok && 'resembles' in r) {
        setNote(null);
        return setPending({ tab, resembles: r.resembles });
      }
      setNote(r.ok ? { ok: true, text: t('addedToIndex', r.value.title) } : { ok: false, text: r.error });
      if (r.ok) {
        onAdded();
        void load();
      }
    } catch (e) {
      setNote(failure(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="add-tab" aria-labelledby="tab-heading">
      <h3 id="tab-heading">{t('addTabHeading')}</h3>
      {tabs === null ? (
        <p role="status">{t('loading')}</p>
      ) : tabs.length === 0 ? (
        <p class="hint">{t(onClick ? 'noArticleTabsClick' : 'noArticleTabs')}</p>
      ) : (
        <ul class="tabs">
          {tabs.map((tab) => (
            <li key={tab.tabId}>
              <span class="tab-title">{tab.title || t('untitled')}</span>
              <span class="hint">{tab.url}</span>
              {tab.inIndex ? (
                <span class="hint">{t('tabInIndex', tab.inIndex)}</span>
              ) : (
                <button type="button" disabled={busy !== null} onClick={() => add(tab)} aria-label={t('addTab', tab.title || tab.url)}>
                  {t('addToIndex')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {pending && (
        <div role="group" aria-labelledby="tab-resembles">
          <p class="warning" id="tab-resembles">
            {t('resemblesEntry', pending.resembles)}
          </p>
          <button type="button" ref={anyway} disabled={busy !== null} onClick={() => void add(pending.tab, true)}>
            {t('addAnyway')}
          </button>{' '}
          <button type="button" onClick={() => (setPending(null), setNote({ ok: true, text: t('tabAddCancelled') }))}>
            {t('cancel')}
          </button>
        </div>
      )}
      <button type="button" onClick={() => void load()}>
        {t('refreshTabs')}
      </button>
      <Notice note={note} />
    </section>
  );
}
