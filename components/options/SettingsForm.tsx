import { useEffect, useState } from 'preact/hooks';
import { sendMessage } from '@/lib/messaging';
import { browser } from 'wxt/browser';
import { DEFAULT_SETTINGS, normalizeRemote, type Settings } from '@/lib/settings';
import { t } from '../i18n';
import { failure, Notice, type Note } from './Notice';
import { parseSiteLines } from './sites';

interface Draft {
  mode: Settings['mode'];
  sites: string;
  threshold: string;
  remote: string;
}

const draftOf = (s: Settings): Draft => ({
  mode: s.mode,
  sites: s.skipSites.join('\n'),
  threshold: String(s.threshold),
  remote: s.remote ?? '',
});

/** When pages are checked, which sites are skipped, and how much must be taken for a "likely source". */
export function SettingsForm() {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [note, setNote] = useState<Note>(null);
  useEffect(() => {
    sendMessage('getSettings', undefined).then(
      (s) => setDraft(draftOf(s)),
      (e: unknown) => setNote(failure(e)),
    );
  }, []);

  const apply = async (next: Partial<Settings>, success: string) => {
    try {
      setDraft(draftOf(await sendMessage('setSettings', next)));
      setNote({ ok: true, text: success });
    } catch (e) {
      setNote(failure(e));
    }
  };
  const save = (event: Event) => {
    event.preventDefault();
    if (!draft) return;
    const { sites, invalid } = parseSiteLines(draft.sites);
    if (invalid.length) return setNote({ ok: false, text: t('sitesInvalid', invalid.join(', ')) });
    const remote = draft.remote.trim() ? normalizeRemote(draft.remote) : null;
    if (draft.remote.trim() && !remote) return setNote({ ok: false, text: t('remoteInvalid') });
    // The permission for the remote index's origin is asked for here, in the click that saves it.
    if (remote) void requestOrigin(remote);
    void apply({ mode: draft.mode, skipSites: sites, threshold: Number(draft.threshold), remote }, t('settingsSaved'));
  };

  if (!draft) return <Section>{note ? <Notice note={note} /> : <p role="status">{t('loading')}</p>}</Section>;
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  return (
    <Section>
      <form onSubmit={save}>
        <fieldset>
          <legend>{t('modeLegend')}</legend>
          {(['auto', 'click'] as const).map((mode) => (
            <label key={mode} class="choice">
              <input type="radio" name="mode" value={mode} checked={draft.mode === mode} onChange={() => set({ mode })} />
              {t(mode === 'auto' ? 'modeAuto' : 'modeClick')}
            </label>
          ))}
        </fieldset>
        <label for="skip-sites">{t('skipSitesLabel')}</label>
        <textarea
          id="skip-sites"
          class="sites"
          value={draft.sites}
          aria-describedby="skip-sites-hint"
          spellcheck={false}
          onInput={(e) => set({ sites: e.currentTarget.value })}
        />
        <p id="skip-sites-hint" class="hint">
          {t('skipSitesHint')}
        </p>
        <label for="threshold">{t('thresholdLabel')}</label>
        <input
          id="threshold"
          type="number"
          min={1}
          max={100}
          step={1}
          required
          value={draft.threshold}
          aria-describedby="threshold-hint"
          onInput={(e) => set({ threshold: e.currentTarget.value })}
        />
        <p id="threshold-hint" class="hint">
          {t('thresholdHint', DEFAULT_SETTINGS.threshold)}
        </p>
        <label for="remote-index">{t('remoteLabel')}</label>
        <input
          id="remote-index"
          type="url"
          placeholder="https://"
          value={draft.remote}
          aria-describedby="remote-index-hint"
          onInput={(e) => set({ remote: e.currentTarget.value })}
        />
        <p id="remote-index-hint" class="hint">
          {t('remoteHint')}
        </p>
        <div class="buttons">
          <button type="submit" class="primary">
            {t('saveSettings')}
          </button>
          <button type="button" onClick={() => void apply(DEFAULT_SETTINGS, t('settingsReset'))}>
            {t('resetDefaults')}
          </button>
        </div>
      </form>
      <Notice note={note} />
    </Section>
  );
}

function Section({ children }: { children: preact.ComponentChildren }) {
  return (
    <section id="settings" aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('settingsHeading')}</h2>
      {children}
    </section>
  );
}

/** Asks for access to the remote index's origin; where it is refused, requests may still pass by CORS. */
async function requestOrigin(remote: string): Promise<void> {
  try {
    await browser.permissions.request({ origins: [`${new URL(remote).origin}/*`] });
  } catch {
    // No prompt possible (or refused): the check reports the failure on the popup.
  }
}
