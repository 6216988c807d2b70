import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/components/i18n';
import { failure, Notice, type Note } from '@/components/options/Notice';
import { chooseMode } from '@/components/site-access';
import type { Settings } from '@/lib/settings';
import '@/components/style.css';
import './welcome.css';

/**
 * The first-run page (opened on install): the two ways of checking, in plain words, and the
 * reader's choice. Automatic checking is the one proposed, but it needs the reader's grant,
 * which only a click on this page (or the options page) can ask for.
 */
function Welcome() {
  const [note, setNote] = useState<Note>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => void (document.title = t('welcomePageTitle')), []);

  const choose = (mode: Settings['mode']) => {
    setBusy(true);
    chooseMode(mode)
      .then(({ granted }) =>
        setNote(
          mode === 'click'
            ? { ok: true, text: t('welcomeClickDone') }
            : granted
              ? { ok: true, text: t('welcomeAutoDone') }
              : { ok: false, text: t('welcomeAutoRefused') },
        ),
      )
      .catch((e: unknown) => setNote(failure(e)))
      .finally(() => setBusy(false));
  };

  return (
    <main class="welcome">
      <h1>{t('welcomeHeading')}</h1>
      <p>{t('welcomeIntro')}</p>
      <h2>{t('welcomeQuestion')}</h2>
      <div class="modes">
        <section aria-labelledby="mode-auto-heading">
          <h3 id="mode-auto-heading">{t('welcomeAutoHeading')}</h3>
          <p>{t('welcomeAutoText')}</p>
          <p class="hint">{t('welcomeAutoAsk')}</p>
          <button type="button" class="primary" disabled={busy} onClick={() => choose('auto')}>
            {t('welcomeAutoButton')}
          </button>
        </section>
        <section aria-labelledby="mode-click-heading">
          <h3 id="mode-click-heading">{t('welcomeClickHeading')}</h3>
          <p>{t('welcomeClickText')}</p>
          <p class="hint">{t('welcomeClickAsk')}</p>
          <button type="button" disabled={busy} onClick={() => choose('click')}>
            {t('welcomeClickButton')}
          </button>
        </section>
      </div>
      <Notice note={note} />
      <p>
        {t('welcomeLater')} <a href={browser.runtime.getURL('/options.html')}>{t('welcomeSettingsLink')}</a>
      </p>
    </main>
  );
}

render(<Welcome />, document.getElementById('app')!);
