import { useEffect, useRef, useState } from 'preact/hooks';
import { sendMessage } from '@/lib/messaging';
import type { IndexSummary } from '@/lib/protocol';
import { t } from '../i18n';
import { failure, Notice, type Note } from './Notice';
import { PackRow } from './PackRow';
import { tn } from '../plural';
import { formatBytes } from './storage';

interface Props {
  summary: IndexSummary | null;
  onChanged: () => void;
  onRestored: () => void;
}

/** What the index holds, by origin, and the packs and subscriptions the user can switch off or remove. */
export function Overview({ summary, onChanged, onRestored }: Props) {
  const [note, setNote] = useState<Note>(null);
  const section = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // A control that goes with what it acted on (a pack's "Yes, remove", "Clear…", "Restore…")
  // leaves the keyboard nowhere: it comes back to this section's heading, not to the page's top.
  const keepFocus = useRef(false);
  useEffect(() => {
    const lost = !document.activeElement || document.activeElement === document.body;
    if (keepFocus.current && lost) heading.current?.focus();
    keepFocus.current = false;
  }, [summary]);
  const onResult = (n: Note) => {
    // Nowhere already, too: a button disabled while it works (PackRow's) loses the focus then.
    const at = document.activeElement;
    keepFocus.current = !at || at === document.body || !!section.current?.contains(at);
    setNote(n);
    onChanged();
  };
  // A deletion is one click; this undoes them (a bundled or pack entry is only hidden).
  const restore = async () => {
    try {
      const r = await sendMessage('restoreDeleted', undefined);
      onResult(r.ok ? { ok: true, text: tn('restoredEntries', r.value.restored) } : { ok: false, text: r.error });
      if (r.ok) onRestored();
    } catch (e) {
      onResult(failure(e));
    }
  };
  // Clearing cannot be undone (a read article comes back only when read again): asked first.
  const [confirming, setConfirming] = useState(false);
  // Focus goes to Cancel when asked (Enter pressed twice does not clear), back to the button after.
  const cancel = useRef<HTMLButtonElement>(null);
  const clearButton = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (confirming) cancel.current?.focus();
    else if (asked.current) clearButton.current?.focus();
    asked.current = confirming;
  }, [confirming]);
  const clearRead = async () => {
    setConfirming(false);
    try {
      const r = await sendMessage('clearRead', undefined);
      onResult(r.ok ? { ok: true, text: tn('clearedRead', r.value.cleared) } : { ok: false, text: r.error });
    } catch (e) {
      onResult(failure(e));
    }
  };
  return (
    <section id="overview" aria-labelledby="overview-heading" ref={section}>
      <h2 id="overview-heading" tabIndex={-1} ref={heading}>
        {t('overviewHeading')}
      </h2>
      {summary ? (
        <>
          <p class="totals">
            {tn('entriesTotal', summary.total)} · {t('storageUsed', formatBytes(summary.bytes), formatBytes(summary.bundledBytes))}
          </p>
          <div class="table-scroll">
            <table class="sources">
              <caption class="visually-hidden">{t('sourcesCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('colSource')}</th>
                  <th scope="col">{t('colEntries')}</th>
                  <th scope="col">{t('colSize')}</th>
                  <th scope="col">{t('colUpdated')}</th>
                  <th scope="col">{t('colActions')}</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">
                    {t('originBundled')}
                    <span class="hint">{t('bundledHint')}</span>
                  </th>
                  <td class="num">{summary.bundled.toLocaleString()}</td>
                  <td class="num">{formatBytes(summary.bundledBytes)}</td>
                  <td />
                  <td />
                </tr>
                <tr>
                  <th scope="row">{t('originUser')}</th>
                  <td class="num">{summary.user.toLocaleString()}</td>
                  <td class="num">{formatBytes(userBytes(summary))}</td>
                  <td />
                  <td />
                </tr>
                {summary.read > 0 && (
                  <tr>
                    <th scope="row">{t('originReadRow')}</th>
                    <td class="num">{summary.read.toLocaleString()}</td>
                    <td class="num">{formatBytes(summary.readBytes)}</td>
                    <td />
                    <td>
                      {confirming ? (
                        <div role="group" aria-labelledby="clear-read-question" class="confirm">
                          <p id="clear-read-question">{tn('clearReadConfirm', summary.read)}</p>
                          <button type="button" onClick={clearRead}>
                            {t('clearReadYes')}
                          </button>{' '}
                          <button type="button" ref={cancel} onClick={() => setConfirming(false)}>
                            {t('cancel')}
                          </button>
                        </div>
                      ) : (
                        <button type="button" ref={clearButton} onClick={() => setConfirming(true)}>
                          {t('clearRead')}
                        </button>
                      )}
                    </td>
                  </tr>
                )}
                {summary.packs.map((p) => (
                  <PackRow key={p.id} pack={p} onResult={onResult} />
                ))}
              </tbody>
            </table>
          </div>
          {summary.deleted > 0 && (
            <p class="hint">
              {tn('deletedEntries', summary.deleted)}{' '}
              <button type="button" onClick={restore}>
                {t('restoreDeleted')}
              </button>
            </p>
          )}
        </>
      ) : (
        <p role="status">{t('loading')}</p>
      )}
      <Notice note={note} />
    </section>
  );
}

/** The summary counts packs, the user's entries and the reading together; the user's share is the rest. */
const userBytes = (s: IndexSummary) => Math.max(0, s.bytes - s.readBytes - s.packs.reduce((sum, p) => sum + p.bytes, 0));
