import type { Match } from '@/lib/match';
import type { TabResult } from '@/lib/protocol';
import { MatchCard } from './MatchCard';

interface Props {
  result: TabResult;
  onHighlight?: (match: Match, on: boolean) => Promise<number>;
  onCheck?: () => void;
}

/** The state of one tab, as the popup shows it. Page text is rendered as text, never as HTML. */
export function ResultView({ result, onHighlight, onCheck }: Props) {
  switch (result.state) {
    case 'unknown':
      return (
        <section class="state">
          <p>This page has not been checked.</p>
          {onCheck && (
            <button type="button" onClick={onCheck}>
              Check this page
            </button>
          )}
        </section>
      );
    case 'checking':
      return (
        <p class="state" role="status">
          Checking this page…
        </p>
      );
    case 'not-article':
      return <p class="state">This page does not look like a news article, so it was not checked.</p>;
    case 'skipped':
      return <p class="state">Not checked: {result.reason}</p>;
    case 'too-short':
      return <p class="state">{result.message}</p>;
    case 'error':
      return (
        <p class="state error" role="alert">
          The check failed: {result.message}
        </p>
      );
    case 'done': {
      const likely = result.matches.filter((m) => m.verdict === 'likely-source');
      const related = result.matches.filter((m) => m.verdict === 'related');
      return (
        <section>
          <p class="article-title">
            {result.article.title || 'Untitled article'} · {result.article.words} words
          </p>
          {result.self && (
            <p class="state self">
              This is an indexed original: {result.self.title}
              {result.self.publisher ? ` (${result.self.publisher})` : ''}.
            </p>
          )}
          {likely.length === 0 && !result.self && <p class="state">No source found in your index.</p>}
          {likely.map((m) => (
            <MatchCard key={m.id} match={m} onHighlight={onHighlight} />
          ))}
          {related.length > 0 && (
            <>
              <h2 class="section">Related coverage</h2>
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
