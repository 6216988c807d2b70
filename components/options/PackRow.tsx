import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { sendMessage } from '@/lib/messaging';
import type { Outcome, PackSummary } from '@/lib/protocol';
import { t } from '../i18n';
import { formatDateTime } from './dates';
import { failure, type Note } from './Notice';
import { tn } from '../plural';
import { formatBytes } from './storage';

interface Props {
  pack: PackSummary;
  onResult: (note: Note) => void;
}

/** One imported pack or subscription in the overview, with what can be done to it. */
export function PackRow({ pack, onResult }: Props) {
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const removeButton = useRef<HTMLButtonElement>(null);
  const confirmId = useId();
  // Keyboard users land on the question when it appears, and back on "Remove" when it goes.
  const asked = useRef(false);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
    else if (asked.current) removeButton.current?.focus();
    asked.current ||= confirming;
  }, [confirming]);

  // The button pressed is disabled while it works, which takes the keyboard focus from it: it gets it back.
  const returnTo = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const lost = !document.activeElement || document.activeElement === document.body;
    if (!busy && lost && returnTo.current?.isConnected) returnTo.current.focus();
    if (!busy) returnTo.current = null;
  }, [busy]);

  const run = async <T,>(action: () => Promise<Outcome<T>>, success: string | ((value: T) => string)) => {
    returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setBusy(true);
    try {
      const r = await action();
      onResult(r.ok ? { ok: true, text: typeof success === 'string' ? success : success(r.value) } : { ok: false, text: r.error });
    } catch (e) {
      onResult(failure(e));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };
  const toggle = () =>
    run(
      () => sendMessage('setPackEnabled', { id: pack.id, enabled: !pack.enabled }),
      t(pack.enabled ? 'packDisabled' : 'packEnabled', pack.name),
    );
  // Named as the update left it: a new edition may carry another name and other entries.
  const refresh = () =>
    run(
      () => sendMessage('refreshSubscription', { id: pack.id }),
      (now) =>
        now.changed ? tn('packRenewed', now.entries, now.name, pack.entries.toLocaleString()) : tn('packUpdated', now.entries, now.name),
    );
  const remove = () => run(() => sendMessage('removePack', { id: pack.id }), t('packRemoved', pack.name));
  // A file and a subscription may carry the same name: a screen reader's list of buttons tells them apart.
  const named = t(pack.url ? 'subscriptionNamed' : 'packNamed', pack.name);

  return (
    <tr class={pack.enabled ? '' : 'off'}>
      <th scope="row">
        <span class="source-name">{pack.name}</span>
        <span class="hint">{pack.url ? t('packSubscription', pack.url) : t('packFile')}</span>
        {!pack.enabled && <span class="hint">{t('packOff')}</span>}
        {pack.error && <span class="error">{t('packError', pack.error)}</span>}
      </th>
      <td class="num">{pack.entries.toLocaleString()}</td>
      <td class="num">{formatBytes(pack.bytes)}</td>
      <td class="when">
        {pack.url ? (pack.updated ? formatDateTime(pack.updated) : t('neverUpdated')) : t('importedOn', formatDateTime(pack.added))}
      </td>
      <td class="actions">
        {confirming ? (
          <span role="group" aria-labelledby={confirmId}>
            <span class="confirm" id={confirmId}>
              {tn('removeConfirm', pack.entries, pack.name)}
            </span>
            <button
              type="button"
              class="danger"
              ref={confirmButton}
              disabled={busy}
              onClick={remove}
              aria-label={t('removeYesPack', named)}
            >
              {t('removeYes')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('cancel')}
            </button>
          </span>
        ) : (
          <>
            <button type="button" disabled={busy} onClick={toggle} aria-label={t(pack.enabled ? 'disablePack' : 'enablePack', named)}>
              {t(pack.enabled ? 'disable' : 'enable')}
            </button>
            {pack.url && (
              <button type="button" disabled={busy} onClick={refresh} aria-label={t('updatePackNow', named)}>
                {t('updateNow')}
              </button>
            )}
            <button
              type="button"
              ref={removeButton}
              disabled={busy}
              onClick={() => setConfirming(true)}
              aria-label={t('removePack', named)}
            >
              {t('remove')}
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
