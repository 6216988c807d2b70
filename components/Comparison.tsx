import { useState } from 'preact/hooks';
import type { SourceComparison } from '@/lib/protocol';
import { t } from './i18n';

/**
 * The popup on a source opened by "Compare with the source": pairs of the copy's passage
 * and the source sentence it was aligned to, one at a time, the page scrolled to each; or
 * why there is nothing to compare.
 */
export function Comparison({ comparison: c, show }: { comparison: SourceComparison; show: (sentence: string) => void }) {
  const found = c.pairs.filter((p): p is typeof p & { sentence: string } => p.sentence !== null);
  const [i, setI] = useState(0);
  if (c.status === 'waiting')
    return (
      <p class="state" role="status">
        {t('compareWaiting')}
      </p>
    );
  if (c.status === 'unreachable') return <p class="warning">{t('compareUnreachable')}</p>;
  if (c.status === 'not-found') return <p class="warning">{t('compareNotFound', c.httpStatus ?? '')}</p>;
  if (c.status === 'not-article') return <p class="warning">{t('compareNotArticle')}</p>;
  if (c.status === 'changed') return <p class="warning">{t('compareChanged', c.pairs.length)}</p>;
  const pair = found[Math.min(i, found.length - 1)]!;
  const step = (to: number) => {
    setI(to);
    show(found[to]!.sentence);
  };
  return (
    <section class="comparison" aria-labelledby="comparison-heading">
      <h2 class="section" id="comparison-heading">
        {t('compareHeading', c.title)}
      </h2>
      {found.length < c.pairs.length && <p class="warning">{t('comparePartlyChanged', found.length, c.pairs.length)}</p>}
      <p role="status">{t('comparePair', i + 1, found.length)}</p>
      <p class="hint">{t('compareCopySays')}</p>
      <blockquote>{pair.passage}</blockquote>
      <p class="hint">{t('compareSourceSays')}</p>
      <blockquote>{pair.sentence}</blockquote>
      <button type="button" disabled={i === 0} onClick={() => step(i - 1)}>
        {t('previousPair')}
      </button>{' '}
      <button type="button" disabled={i >= found.length - 1} onClick={() => step(i + 1)}>
        {t('nextPair')}
      </button>
    </section>
  );
}
