import { useCallback, useEffect, useState } from 'preact/hooks';
import { sendMessage } from '@/lib/messaging';
import { browser } from 'wxt/browser';
import { DEFAULT_SETTINGS, normalizeRemote, SETTINGS_KEY, type Settings } from '@/lib/settings';
import type { SiteAccessState } from '@/lib/site-access';
import { t } from '../i18n';
import { dropRemoteConsent, requestAllSites, requestRemote } from '../site-access';
import { failure, Notice, type Note } from './Notice';
import { parseSiteLines } from './sites';
import { TrustedSites } from './TrustedSites';

interface Draft {
  mode: Settings['mode'];
  sites: string;
  trusted: string;
  readCap: string;
  threshold: string;
  remote: string;
}

const draftOf = (s: Settings): Draft => ({
  mode: s.mode,
  sites: s.skipSites.join('\n'),
  trusted: s.trustedSites.join('\n'),
  readCap: String(s.readCap),
  threshold: String(s.threshold),
  remote: s.remote ?? '',
});

/** The fields a save can refuse, by id. */
const FIELD_IDS = { sites: 'skip-sites', trusted: 'trusted-sites', remote: 'remote-index' } as const;
const SETTINGS_ERROR_ID = 'settings-error';

/** When pages are checked, which sites are skipped, and how much must be taken for a "likely source". */
export function SettingsForm() {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [note, setNote] = useState<Note>(null);
  const [wrong, setWrong] = useState({ sites: false, trusted: false, remote: false });
  const [access, setAccess] = useState<SiteAccessState | null>(null);
  const refreshAccess = useCallback(() => {
    sendMessage('siteAccess', undefined).then(
      (a) => {
        setAccess(a.state);
        // Taken away in the browser's settings while this page was open: the mode fell back.
        if (a.state === 'removed') setDraft((d) => d && { ...d, mode: 'click' });
      },
      () => setAccess(null),
    );
  }, []);
  useEffect(() => {
    sendMessage('getSettings', undefined).then(
      (s) => setDraft(draftOf(s)),
      (e: unknown) => setNote(failure(e)),
    );
    refreshAccess();
  }, [refreshAccess]);
  useEffect(() => {
    const onSettings = (changes: Record<string, unknown>, area: string) => area === 'local' && SETTINGS_KEY in changes && refreshAccess();
    browser.storage.onChanged.addListener(onSettings);
    browser.permissions.onAdded.addListener(refreshAccess);
    browser.permissions.onRemoved.addListener(refreshAccess);
    return () => {
      browser.storage.onChanged.removeListener(onSettings);
      browser.permissions.onAdded.removeListener(refreshAccess);
      browser.permissions.onRemoved.removeListener(refreshAccess);
    };
  }, [refreshAccess]);

  /**
   * `grant`: the request for access to all sites, made at the start of the click when
   * automatic checking is chosen; a refusal shows in the note under the choice of mode.
   */
  const apply = async (next: Partial<Settings>, success: string, grant?: Promise<boolean>) => {
    try {
      await grant;
      setDraft(draftOf(await sendMessage('setSettings', next)));
      setNote({ ok: true, text: success });
    } catch (e) {
      setNote(failure(e));
    }
    refreshAccess();
  };
  const save = (event: Event) => {
    event.preventDefault();
    setNote(null);
    if (!draft) return;
    const { sites, invalid } = parseSiteLines(draft.sites);
    const trusted = parseSiteLines(draft.trusted);
    const invalidLines = [...invalid, ...trusted.invalid];
    const remote = draft.remote.trim() ? normalizeRemote(draft.remote) : null;
    const refused = { sites: invalid.length > 0, trusted: trusted.invalid.length > 0, remote: !!draft.remote.trim() && !remote };
    setWrong(refused);
    // The field to correct is marked (aria-invalid, the alert as its description) and focused.
    const first = (['sites', 'trusted', 'remote'] as const).find((k) => refused[k]);
    if (first) document.getElementById(FIELD_IDS[first])?.focus();
    if (invalidLines.length) return setNote({ ok: false, text: t('sitesInvalid', invalidLines.join(', ')) });
    if (refused.remote) return setNote({ ok: false, text: t('remoteInvalid') });
    // Permissions are asked for here, in the click that saves, in one prompt: access to all
    // sites covers the remote index's origin too. A refused origin may still pass by CORS; a
    // refused consent to send pages (Firefox) leaves the remote index unused, and the popup says so.
    const auto = draft.mode === 'auto';
    const grant = remote ? requestRemote(remote, auto) : auto ? requestAllSites() : undefined;
    if (!remote) dropRemoteConsent();
    const next = {
      mode: draft.mode,
      skipSites: sites,
      trustedSites: trusted.sites,
      readCap: Number(draft.readCap),
      threshold: Number(draft.threshold),
      remote,
    };
    void apply(next, t('settingsSaved'), grant);
  };
  const reset = () => {
    const grant = requestAllSites();
    dropRemoteConsent();
    void apply(DEFAULT_SETTINGS, t('settingsReset'), grant);
  };
  const allow = () => {
    const grant = requestAllSites();
    void grant.then((granted) => (granted ? setNote(null) : setNote({ ok: false, text: t('accessRefused') }))).then(refreshAccess);
  };

  if (!draft) return <Section>{note ? <Notice note={note} /> : <p role="status">{t('loading')}</p>}</Section>;
  const set = (change: Partial<Draft>) => {
    setDraft({ ...draft, ...change });
    // A field being corrected is no longer marked wrong.
    setWrong({
      sites: wrong.sites && !('sites' in change),
      trusted: wrong.trusted && !('trusted' in change),
      remote: wrong.remote && !('remote' in change),
    });
  };
  const described = (hint: string, bad: boolean) => (bad ? `${hint} ${SETTINGS_ERROR_ID}` : hint);
  return (
    <Section>
      {/* The browser's own check of a field (a negative count) stops the save before onSubmit: the last save's note goes. */}
      <form onSubmit={save} onInvalidCapture={() => setNote(null)}>
        <fieldset>
          <legend>{t('modeLegend')}</legend>
          {(['auto', 'click'] as const).map((mode) => (
            <label key={mode} class="choice">
              <input type="radio" name="mode" value={mode} checked={draft.mode === mode} onChange={() => set({ mode })} />
              {t(mode === 'auto' ? 'modeAuto' : 'modeClick')}
            </label>
          ))}
          {access && <SiteAccessNote state={access} onAllow={allow} />}
        </fieldset>
        <label for="skip-sites">{t('skipSitesLabel')}</label>
        <textarea
          id={FIELD_IDS.sites}
          class="sites"
          value={draft.sites}
          aria-invalid={wrong.sites || undefined}
          aria-describedby={described('skip-sites-hint', wrong.sites)}
          spellcheck={false}
          onInput={(e) => set({ sites: e.currentTarget.value })}
        />
        <p id="skip-sites-hint" class="hint">
          {t('skipSitesHint')}
        </p>
        <TrustedSites
          sites={draft.trusted}
          cap={draft.readCap}
          invalid={wrong.trusted}
          describedBy={described('trusted-hint', wrong.trusted)}
          onChange={(change) => set(change)}
        />
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
          id={FIELD_IDS.remote}
          type="url"
          placeholder="https://"
          value={draft.remote}
          aria-invalid={wrong.remote || undefined}
          aria-describedby={described('remote-index-hint', wrong.remote)}
          onInput={(e) => set({ remote: e.currentTarget.value })}
        />
        <p id="remote-index-hint" class="hint">
          {t('remoteHint')}
        </p>
        <div class="buttons">
          <button type="submit" class="primary">
            {t('saveSettings')}
          </button>
          <button type="button" onClick={reset}>
            {t('resetDefaults')}
          </button>
        </div>
      </form>
      <Notice note={note} id={SETTINGS_ERROR_ID} />
    </Section>
  );
}

const ACCESS_TEXT = { auto: 'accessAuto', waiting: 'accessWaiting', click: 'accessClick', removed: 'accessRemoved' } as const;

/** What the saved mode needs from the browser, and whether it has it. */
function SiteAccessNote({ state, onAllow }: { state: SiteAccessState; onAllow: () => void }) {
  return (
    <div class="site-access">
      <p id="site-access" role="status" class={state === 'waiting' || state === 'removed' ? 'hint warning' : 'hint'}>
        {t(ACCESS_TEXT[state])}
      </p>
      {state === 'waiting' && (
        <button type="button" onClick={onAllow}>
          {t('allowAccess')}
        </button>
      )}
    </div>
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
