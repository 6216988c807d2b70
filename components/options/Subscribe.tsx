import { useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendMessage } from '@/lib/messaging';
import { t } from '../i18n';
import { failure, Notice, type Note } from './Notice';
import { tn } from '../plural';

/** The origin a subscription is fetched from, or null when the address is not http(s). */
function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return /^https?:$/.test(u.protocol) ? u.origin : null;
  } catch {
    return null;
  }
}

/** How long the browser's permission prompt may go unanswered (some never settle the request). */
export const PROMPT_TIME_LIMIT_MS = 60_000;

/**
 * Subscribes to a pack published at a URL. The extension holds no host permission, so
 * it asks for this one origin first; the request must run inside the click (a user
 * gesture), before anything else is awaited. A refusal is not the end: a server that
 * allows CORS can still be read, so the subscription is tried and its error shown.
 */
export function Subscribe({ onSubscribed }: { onSubscribed: () => void }) {
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<Note>(null);
  // While the permission prompt is open: ends the wait (with the reason) when it is cancelled.
  const [waiting, setWaiting] = useState(false);
  const stopWaiting = useRef<((why: 'cancelled') => void) | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    const address = url.trim();
    const origin = originOf(address);
    if (!origin) return setNote({ ok: false, text: t('subscribeBadUrl') });
    setBusy(true);
    setNote({ ok: true, text: t('subscribing', address) });
    let granted = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setWaiting(true);
    const answer = await Promise.race([
      browser.permissions.request({ origins: [`${origin}/*`] }).catch(() => false),
      new Promise<'timeout'>((done) => (timer = setTimeout(() => done('timeout'), PROMPT_TIME_LIMIT_MS))),
      new Promise<'cancelled'>((done) => (stopWaiting.current = done)),
    ]);
    clearTimeout(timer);
    stopWaiting.current = null;
    setWaiting(false);
    if (answer === 'timeout' || answer === 'cancelled') {
      setBusy(false);
      // The Cancel button has gone: the keyboard goes back to the address.
      input.current?.focus();
      return setNote(
        answer === 'timeout'
          ? { ok: false, text: t('subscribePromptNoAnswer', origin, PROMPT_TIME_LIMIT_MS / 1000) }
          : { ok: true, text: t('subscribeCancelled') },
      );
    }
    granted = answer;
    try {
      const r = await sendMessage('subscribe', { url: address });
      if (r.ok) {
        setUrl('');
        setNote({ ok: true, text: tn('subscribed', r.value.entries, r.value.name) });
        onSubscribed();
      } else {
        setNote({ ok: false, text: `${t('subscribeFailed', r.error)}${granted ? '' : ` ${t('subscribeNoPermission', origin)}`}` });
      }
    } catch (e) {
      setNote(failure(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="subscribe" onSubmit={submit} aria-labelledby="subscribe-heading">
      <h3 id="subscribe-heading">{t('subscribeHeading')}</h3>
      <p class="hint" id="subscribe-hint">
        {t('subscribeHint')}
      </p>
      <label for="subscribe-url">{t('subscribeUrlLabel')}</label>
      <div class="inline">
        <input
          id="subscribe-url"
          ref={input}
          type="url"
          required
          placeholder="https://"
          value={url}
          aria-describedby="subscribe-hint"
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
        <button type="submit" class="primary" disabled={busy}>
          {t('subscribe')}
        </button>
        {waiting && (
          <button type="button" onClick={() => stopWaiting.current?.('cancelled')}>
            {t('cancel')}
          </button>
        )}
      </div>
      <Notice note={note} />
    </form>
  );
}
