import type { EntryOrigin, EntryRow } from '@/lib/protocol';
import { formatDate, safeHref } from '../format';
import { t } from '../i18n';

/** Height of one row in pixels; options.css gives .entry the same height. */
export const ROW_HEIGHT = 60;

interface Props {
  row: EntryRow | undefined;
  index: number;
  total: number;
  top: number;
  /** A deletion is under way: its button waits, so a second click cannot ask twice. */
  busy: boolean;
  onDelete: (row: EntryRow) => void;
}

function originLabel(origin: EntryOrigin): string {
  if (origin.kind === 'bundled') return t('originBundledShort');
  if (origin.kind === 'user') return t('originUser');
  if (origin.kind === 'read') return t('originRead', origin.site);
  // A pack imported from a file and the same pack subscribed by URL share a name.
  return origin.packId.startsWith('subscription/') ? t('originSubscription', origin.pack) : t('originPack', origin.pack);
}

/** One entry of the virtualised list (or a placeholder while its page is on its way). */
export function EntryItem({ row, index, total, top, busy, onDelete }: Props) {
  const position = { 'aria-setsize': total, 'aria-posinset': index + 1, style: { top: `${top}px` } };
  if (!row) {
    return (
      <li class="entry loading" aria-busy="true" {...position}>
        {t('loading')}
      </li>
    );
  }
  const { meta } = row;
  const href = safeHref(meta.url ?? null);
  // "From “X”, also from the subscription “Y”": the label after "also" is mid-sentence.
  const lower = (label: string) => label.charAt(0).toLocaleLowerCase() + label.slice(1);
  const origins = [originLabel(row.origin), ...(row.also ?? []).map((o) => t('originAlso', lower(originLabel(o))))].join(', ');
  const details = [meta.publisher, meta.author, formatDate(meta.published ?? null), origins].filter(Boolean).join(' · ');
  return (
    <li class="entry" data-index={index} {...position}>
      <div class="entry-text">
        <span class="entry-title" title={meta.title}>
          {href ? (
            <a href={href} target="_blank" rel="noreferrer noopener">
              {meta.title}
            </a>
          ) : (
            meta.title
          )}
        </span>
        <span class="entry-meta" title={meta.url ?? undefined}>
          {details}
        </span>
      </div>
      <button type="button" disabled={busy} aria-label={`${t('deleteEntry', meta.title)} (${details})`} onClick={() => onDelete(row)}>
        {t('delete')}
      </button>
    </li>
  );
}
