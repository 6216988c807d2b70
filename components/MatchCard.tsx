import { useState } from 'preact/hooks';
import type { Match } from '@/lib/match';
import { formatDate, safeHref } from './format';
import { TAKEN } from '@/lib/badge';
import { t } from './i18n';
import { tn } from './plural';

interface Props {
  match: Match;
  onHighlight?: (match: Match, on: boolean) => Promise<number>;
}

/** One source: who published it, how much of the page it explains, and the passages taken. */
export function MatchCard({ match, onHighlight }: Props) {
  const [highlighted, setHighlighted] = useState(false);
  const [found, setFound] = useState<number | null>(null);
  const likely = match.verdict === 'likely-source';
  const verdict = t(likely ? 'likelySource' : 'relatedCoverage');
  const href = safeHref(match.url);
  const byline = [match.publisher, match.author, formatDate(match.published)].filter(Boolean).join(' · ');
  const toggle = async () => {
    if (!onHighlight) return;
    const next = !highlighted;
    setFound(await onHighlight(match, next));
    setHighlighted(next);
  };
  return (
    <article class={`match ${likely ? 'likely' : 'related'}`} aria-label={`${verdict}: ${match.title}`}>
      <p class="verdict">{verdict}</p>
      <h2 class="headline">
        {href ? (
          <a href={href} target="_blank" rel="noreferrer noopener">
            {match.title}
          </a>
        ) : (
          match.title
        )}
      </h2>
      {byline && <p class="byline">{byline}</p>}
      {match.remote && <p class="hint">{t('fromRemote', match.remote)}</p>}
      <p class="overlap">
        <strong>{match.overlap}%</strong> {t('overlapText')}
        {/* optimum 0: the more taken, the worse - the browser colours it as the badge is (red from 70%, orange from 40%). */}
        <meter min={0} max={100} low={TAKEN.medium} high={TAKEN.high} optimum={0} value={match.overlap} aria-label={t('shareTaken')} />
      </p>
      {/* Why the verdict: a sentence the reader can check against the two texts. */}
      {match.reason && <p class="reason">{match.reason}</p>}
      {match.passages.length > 0 && (
        <details>
          <summary>{t('passagesTaken', match.passages.length)}</summary>
          <ol class="passages">
            {match.passages.map((p) => (
              <li key={p.page}>{p.text}</li>
            ))}
          </ol>
        </details>
      )}
      {onHighlight && match.passages.length > 0 && (
        <button type="button" aria-pressed={highlighted} onClick={toggle}>
          {t(highlighted ? 'removeHighlights' : 'highlightPassages')}
        </button>
      )}
      {found !== null && highlighted && (
        <p class="hint" role="status">
          {found > 0 ? t('passagesHighlighted', found) : t('passagesNotFound')}
        </p>
      )}
      {match.duplicates.length > 0 && <p class="hint">{tn('duplicates', match.duplicates.length)}</p>}
    </article>
  );
}
