import { useState } from 'preact/hooks';
import type { Match } from '@/lib/match';
import { formatDate, safeHref } from './format';

interface Props {
  match: Match;
  onHighlight?: (match: Match, on: boolean) => Promise<number>;
}

/** One source: who published it, how much of the page it explains, and the passages taken. */
export function MatchCard({ match, onHighlight }: Props) {
  const [highlighted, setHighlighted] = useState(false);
  const [found, setFound] = useState<number | null>(null);
  const likely = match.verdict === 'likely-source';
  const href = safeHref(match.url);
  const byline = [match.publisher, match.author, formatDate(match.published)].filter(Boolean).join(' · ');
  const toggle = async () => {
    if (!onHighlight) return;
    const next = !highlighted;
    setFound(await onHighlight(match, next));
    setHighlighted(next);
  };
  return (
    <article
      class={`match ${likely ? 'likely' : 'related'}`}
      aria-label={`${likely ? 'Likely source' : 'Related coverage'}: ${match.title}`}
    >
      <p class="verdict">{likely ? 'Likely source' : 'Related coverage'}</p>
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
      <p class="overlap">
        <strong>{match.overlap}%</strong> of this article is in sentences taken from it
        <meter min={0} max={100} value={match.overlap} aria-label="Share taken" />
      </p>
      {match.passages.length > 0 && (
        <details>
          <summary>{match.passages.length} passages taken</summary>
          <ol class="passages">
            {match.passages.map((p) => (
              <li key={p.page}>{p.text}</li>
            ))}
          </ol>
        </details>
      )}
      {onHighlight && match.passages.length > 0 && (
        <button type="button" aria-pressed={highlighted} onClick={toggle}>
          {highlighted ? 'Remove highlights' : 'Highlight taken passages'}
        </button>
      )}
      {found !== null && highlighted && (
        <p class="hint" role="status">
          {found} passages highlighted in the page
        </p>
      )}
      {match.duplicates.length > 0 && <p class="hint">Also in your index as {match.duplicates.length} identical copies.</p>}
    </article>
  );
}
