import { useEffect, useId, useState } from 'preact/hooks';
import type { ShownMatch } from '@/lib/protocol';
import { TAKEN } from '@/lib/badge';
import { comparisonPairs } from '@/lib/compare';
import { formatDate, safeHref } from './format';
import { t } from './i18n';
import { tn } from './plural';

/** What the popup can do in the page the match is about (absent where there is no page). */
export interface PageActions {
  highlight(match: ShownMatch, on: boolean): Promise<number>;
  /** Each passage as the page writes it (null: not in the page); null when the page cannot be asked. */
  locate(match: ShownMatch): Promise<Array<string | null> | null>;
  show(sentence: string): Promise<boolean>;
  /** Opens the source in a tab, its sentences marked with these passages of the page. */
  compare(match: ShownMatch, pairs: Array<{ source: number; passage: string }>): Promise<void>;
  /** The id of the source whose passages are highlighted in the page now. */
  highlighted: string | null;
}

interface Props {
  match: ShownMatch;
  page?: PageActions;
}

/**
 * One indexed article and what it is to this page. Only a likely source is said to be one
 * that text was taken from, with its passages; related coverage, a source below the
 * user's threshold, or one published after the page says what it is and lists nothing as taken.
 */
export function MatchCard({ match, page }: Props) {
  const likely = match.verdict === 'likely-source';
  const below = match.belowThreshold !== undefined;
  const later = !!match.publishedAfterPage;
  const verdict = t(likely ? 'likelySource' : below ? 'belowThreshold' : later ? 'publishedAfterPage' : 'relatedCoverage');
  const href = safeHref(match.url);
  const Headline = likely ? 'h2' : 'h3';
  const byline = [match.publisher, match.author, formatDate(match.published)].filter(Boolean).join(' · ');
  return (
    <article class={`match ${likely ? 'likely' : below ? 'below' : later ? 'later' : 'related'}`} aria-label={`${verdict}: ${match.title}`}>
      {/* Related coverage, sources below the threshold and later ones sit under an h2 that names them already: their titles are h3s in it. */}
      {likely && <p class="verdict">{verdict}</p>}
      <Headline class="headline">
        {href ? (
          <a href={href} target="_blank" rel="noreferrer noopener">
            {match.title}
          </a>
        ) : (
          match.title
        )}
      </Headline>
      {byline && <p class="byline">{byline}</p>}
      {match.remote && <p class="hint">{t('fromRemote', match.remote)}</p>}
      {likely ? (
        <p class="overlap">
          <strong>{match.overlap}%</strong> {t('overlapText')}
          {/* optimum 0: the more taken, the worse - the browser colours it as the badge is (red from 70%, orange from 40%). */}
          <meter min={0} max={100} low={TAKEN.medium} high={TAKEN.high} optimum={0} value={match.overlap} aria-label={t('shareTaken')} />
        </p>
      ) : (
        below && <p class="overlap">{t('belowThresholdText', match.overlap, match.belowThreshold!)}</p>
      )}
      {/* Why the verdict, under the figure: a sentence the reader can check against the two texts. */}
      <p class="reason">{match.reason || (likely ? '' : t('relatedFallback'))}</p>
      {likely && match.passages.length > 0 && <Passages match={match} page={page} />}
      {match.duplicates.length > 0 && <p class="hint">{tn('duplicates', match.duplicates.length)}</p>}
    </article>
  );
}

/**
 * The passages taken, as the page writes them, each a button that scrolls the page to it,
 * and the highlight toggle. A passage the page no longer has is not listed, so every listed
 * passage is one the highlight marks.
 */
function Passages({ match, page }: { match: ShownMatch; page?: PageActions }) {
  // The page's own text of each passage, or null where the page no longer has it.
  const [located, setLocated] = useState<Array<string | null> | null>(page ? null : match.passages.map((p) => p.text));
  const texts = located && located.filter((s): s is string => s !== null);
  const [highlighted, setHighlighted] = useState(page?.highlighted === match.id);
  const [found, setFound] = useState<number | null>(null);
  // The group and its list are named by the summary ("14 passages taken"), for a screen reader's list of regions.
  const passagesId = useId();
  useEffect(() => {
    if (!page) return;
    void page.locate(match).then((l) => setLocated(l ?? match.passages.map((p) => p.text)));
  }, [match, page]);
  useEffect(() => setHighlighted(page?.highlighted === match.id), [page?.highlighted, match.id]);
  if (located === null || texts === null) return null;
  if (texts.length === 0) return <p class="hint">{t('passagesNotFound')}</p>;
  const toggle = async () => {
    if (!page) return;
    const next = !highlighted;
    setFound(await page.highlight(match, next));
    setHighlighted(next);
  };
  return (
    <>
      <details aria-labelledby={passagesId}>
        <summary id={passagesId}>{t('passagesTaken', texts.length)}</summary>
        <ol class="passages" aria-labelledby={passagesId}>
          {texts.map((text, i) => (
            <li key={i}>
              {page ? (
                <button type="button" class="passage" title={t('showPassage')} onClick={() => void page.show(text)}>
                  {text}
                </button>
              ) : (
                text
              )}
            </li>
          ))}
        </ol>
      </details>
      {page && (
        // A toggle keeps its name; aria-pressed says whether it is on (a changing name as well would say it twice).
        <button type="button" aria-pressed={highlighted} onClick={toggle}>
          {t('highlightPassages')}
        </button>
      )}{' '}
      {page && safeHref(match.url) && (
        <button type="button" onClick={() => void page.compare(match, comparisonPairs(match.passages, located))}>
          {t('compareWithSource')}
        </button>
      )}
      {found !== null && highlighted && (
        <p class="hint" role="status">
          {found > 0 ? t('passagesHighlighted', found) : t('passagesNotFound')}
        </p>
      )}
    </>
  );
}
