import type { ReadOutcome, TabResult } from '@/lib/protocol';
import type { Uncheckable } from '@/lib/uncheckable';
import { t } from './i18n';
import { MatchCard, type PageActions } from './MatchCard';
import { tn } from './plural';

interface Props {
  result: TabResult;
  page?: PageActions;
  onCheck?: () => void;
  onAdd?: () => void;
}

/** The state of one tab, as the popup shows it. Page text is rendered as text, never as HTML. */
export function ResultView({ result, page, onCheck, onAdd }: Props) {
  switch (result.state) {
    case 'unknown':
      return (
        <section class="state">
          <p>{t('stateUnknown')}</p>
          {onCheck && (
            <button type="button" onClick={onCheck}>
              {t('checkThisPage')}
            </button>
          )}
        </section>
      );
    case 'checking':
      return (
        <p class="state" role="status">
          {t('stateChecking')}
        </p>
      );
    case 'not-article':
      return <p class="state">{t('stateNotArticle')}</p>;
    case 'skipped':
      return <p class="state">{t('stateSkipped', result.reason)}</p>;
    case 'too-short':
      return <p class="state">{result.message}</p>;
    case 'uncheckable':
      return <UncheckablePage why={result.why} />;
    case 'error':
      return (
        <p class="state error" role="alert">
          {t('stateError', result.message)}
        </p>
      );
    case 'done': {
      const likely = result.matches.filter((m) => m.verdict === 'likely-source');
      // A source below the reader's threshold is still evidence of copying, not related coverage.
      const below = result.matches.filter((m) => m.verdict === 'related' && m.belowThreshold !== undefined);
      // Dated after the page: copy-like, yet not its source (the page may be the earlier one).
      const later = result.matches.filter((m) => m.publishedAfterPage);
      // Evidence of copying comes with a warning before the page is added as an original: a
      // source below the threshold, or one dated after the page (a copy's date can be backdated).
      const warned = below.length > 0 || later.length > 0;
      const related = result.matches.filter((m) => m.verdict === 'related' && m.belowThreshold === undefined && !m.publishedAfterPage);
      // An article read on a trusted site is in the index already: nothing to offer adding.
      const add = result.read && result.read.status !== 'unavailable' && result.read.status !== 'taken' ? undefined : onAdd;
      // Just kept as an original, with no other source: the note above says all there is.
      const kept = result.read?.status === 'added' || result.read?.status === 'updated';
      return (
        <section>
          <p class="article-title">
            {result.article.title || t('untitled')} · {t('articleWords', result.article.words)}
          </p>
          {result.read && <ReadNote read={result.read} />}
          {result.self && (
            <p class="state self">
              {t('selfOriginal', `${result.self.title}${result.self.publisher ? ` (${result.self.publisher})` : ''}`)}
            </p>
          )}
          {likely.length === 0 && !result.self && !(kept && !result.matches.length) && (
            <div class="state">
              {/* A listed match is never "no source". Related coverage says nothing of copies: adding
                  the page is offered plainly then. */}
              <p>
                {t(
                  !result.matches.length
                    ? 'noSource'
                    : below.length
                      ? 'noLikelySourceBelow'
                      : later.length
                        ? 'noLikelySourceLater'
                        : 'noLikelySource',
                )}
              </p>
              {add && warned && (
                <p class="warning" id="add-warning">
                  {t(below.length ? 'resemblesWarning' : 'resemblesLaterWarning')}
                </p>
              )}
              {add && (
                <button type="button" onClick={add} aria-describedby={warned ? 'add-warning' : undefined}>
                  {t(warned ? 'addAnyway' : 'addThisArticle')}
                </button>
              )}
            </div>
          )}
          {likely.map((m) => (
            <MatchCard key={m.id} match={m} page={page} />
          ))}
          {result.remoteError && <p class="hint">{t('remoteErrorHint', result.remoteError)}</p>}
          {below.length > 0 && (
            <>
              <h2 class="section">{tn('belowThresholdHeading', below.length, below[0]!.belowThreshold!)}</h2>
              {below.map((m) => (
                <MatchCard key={m.id} match={m} page={page} />
              ))}
            </>
          )}
          {later.length > 0 && (
            <>
              <h2 class="section">{t('publishedAfterPageHeading')}</h2>
              {later.map((m) => (
                <MatchCard key={m.id} match={m} page={page} />
              ))}
            </>
          )}
          {related.length > 0 && (
            <>
              <h2 class="section">{t('relatedCoverage')}</h2>
              {related.map((m) => (
                <MatchCard key={m.id} match={m} page={page} />
              ))}
            </>
          )}
        </section>
      );
    }
  }
}

const READ_TEXT = {
  added: 'readAdded',
  updated: 'readUpdated',
  unchanged: 'readUnchanged',
  unavailable: 'readUnavailable',
  taken: 'readTaken',
  indexed: 'readIndexed',
} as const;

/** What became of a page read on one of the reader's trusted sites. */
function ReadNote({ read }: { read: ReadOutcome }) {
  return (
    <p
      class={read.status === 'added' || read.status === 'updated' || read.status === 'unchanged' ? 'state self' : 'state warning'}
      role="status"
    >
      {t(READ_TEXT[read.status], read.site)}
    </p>
  );
}

const UNCHECKABLE: Record<Uncheckable, string> = {
  'browser-page': 'uncheckableBrowser',
  'web-store': 'uncheckableStore',
  file: 'uncheckableFile',
  'browser-page-or-file': 'uncheckableMaybeFile',
  'error-page': 'uncheckableErrorPage',
  'not-granted': 'uncheckableNotGranted',
  other: 'uncheckableOther',
};

/**
 * A page the browser keeps from extensions: what it is, and for a saved file how to allow it.
 * A page not granted yet is most likely a web page: the click is what it needs; the steps
 * for a saved file come second, since its address is hidden.
 */
function UncheckablePage({ why }: { why: Uncheckable }) {
  const file = why === 'file' || why === 'browser-page-or-file' || why === 'not-granted';
  return (
    <section class="state">
      <p>{t(UNCHECKABLE[why])}</p>
      {why === 'not-granted' && <p class="hint">{t('notGrantedFile')}</p>}
      {file && (
        <>
          <ol class="steps">
            <li>{t('fileStep1')}</li>
            <li>{t('fileStep2')}</li>
            <li>{t('fileStep3')}</li>
          </ol>
          <p class="hint">{t('fileCli')}</p>
        </>
      )}
    </section>
  );
}
