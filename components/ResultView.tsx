import type { Match } from '@/lib/match';
import type { TabResult } from '@/lib/protocol';
import { t } from './i18n';
import { MatchCard } from './MatchCard';

interface Props {
  result: TabResult;
  onHighlight?: (match: Match, on: boolean) => Promise<number>;
  onCheck?: () => void;
  onAdd?: () => void;
}

/** The state of one tab, as the popup shows it. Page text is rendered as text, never as HTML. */
export function ResultView({ result, onHighlight, onCheck, onAdd }: Props) {
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
    case 'error':
      return (
        <p class="state error" role="alert">
          {t('stateError', result.message)}
        </p>
      );
    case 'done': {
      const likely = result.matches.filter((m) => m.verdict === 'likely-source');
      const related = result.matches.filter((m) => m.verdict === 'related');
      return (
        <section>
          <p class="article-title">
            {result.article.title || t('untitled')} · {t('articleWords', result.article.words)}
          </p>
          {result.self && (
            <p class="state self">
              {t('selfOriginal', `${result.self.title}${result.self.publisher ? ` (${result.self.publisher})` : ''}`)}
            </p>
          )}
          {likely.length === 0 && !result.self && (
            <div class="state">
              <p>{t('noSource')}</p>
              {onAdd && (
                <button type="button" onClick={onAdd}>
                  {t('addThisArticle')}
                </button>
              )}
            </div>
          )}
          {likely.map((m) => (
            <MatchCard key={m.id} match={m} onHighlight={onHighlight} />
          ))}
          {result.remoteError && <p class="hint">{t('remoteErrorHint', result.remoteError)}</p>}
          {related.length > 0 && (
            <>
              <h2 class="section">{t('relatedCoverage')}</h2>
              {related.map((m) => (
                <MatchCard key={m.id} match={m} onHighlight={onHighlight} />
              ))}
            </>
          )}
        </section>
      );
    }
  }
}
