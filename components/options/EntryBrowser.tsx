import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { sendMessage } from '@/lib/messaging';
import type { EntryRow } from '@/lib/protocol';
import { t } from '../i18n';
import { EntryItem, ROW_HEIGHT } from './EntryItem';
import { failure, Notice, type Note } from './Notice';
import { PageCache } from './page-cache';
import { tn } from '../plural';
import { useDebounced } from './use-debounced';
import { virtualWindow } from './virtual';

// Rows drawn beyond the visible ones, and the tallest list the browser is asked to lay out.
const OVERSCAN = 8;
const MAX_HEIGHT = 10_000_000;

interface Props {
  /** Bumped whenever the index changes, so the pages are fetched again. */
  version: number;
  /** Bumped when deleted entries are restored: a "Deleted …" notice no longer holds. */
  restores: number;
  onChanged: () => void;
}

/**
 * Searchable list of every entry. Only the visible rows are in the DOM and only their pages
 * are fetched, so 100,000 entries scroll as smoothly as ten; the search waits for a pause
 * in typing, so keystrokes never wait for the background.
 */
export function EntryBrowser({ version, restores, onChanged }: Props) {
  const [input, setInput] = useState('');
  const query = useDebounced(input.trim(), 250);
  const [, setTick] = useState(0);
  const cache = useMemo(
    () =>
      new PageCache<EntryRow>(
        (offset, limit) => sendMessage('listEntries', { query, offset, limit }),
        () => setTick((n) => n + 1),
      ),
    [query, version],
  );
  useEffect(() => () => cache.dispose(), [cache]);

  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(480);
  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    if (viewport.current) viewport.current.scrollTop = 0;
    setScrollTop(0);
  }, [query]);

  // Until a new cache knows its count, the old one keeps the list's height, so the scroll
  // position survives a deletion.
  const lastTotal = useRef(0);
  const total = cache.total ?? lastTotal.current;
  lastTotal.current = total;
  const win = virtualWindow({ scrollTop, viewport: height, rowHeight: ROW_HEIGHT, total, overscan: OVERSCAN, maxHeight: MAX_HEIGHT });
  useEffect(() => cache.ensure(win.start, win.end), [cache, win.start, win.end]);

  const [note, setNote] = useState<Note>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setNote(null), [restores]);
  // After a deletion the keyboard goes to the Delete button of the entry now in its place
  // (or the one before, if it was the last), or to the notice when the list is empty.
  const refocus = useRef<number | null>(null);
  const noticeBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const at = refocus.current;
    if (at === null || busy || cache.total === null) return;
    if (cache.total === 0) {
      refocus.current = null;
      noticeBox.current?.focus();
      return;
    }
    const target = Math.min(at, cache.total - 1);
    const button = viewport.current?.querySelector<HTMLButtonElement>(`li[data-index="${target}"] button`);
    if (button) {
      refocus.current = null;
      button.focus();
    }
  });
  /** Runs a change of the list with the list busy; a failure is the note. */
  const busyWhile = async (change: () => Promise<void>) => {
    setBusy(true);
    try {
      await change();
    } catch (e) {
      setNote(failure(e));
    } finally {
      setBusy(false);
    }
  };
  const remove = (row: EntryRow, index: number) =>
    busyWhile(async () => {
      const r = await sendMessage('deleteEntry', { id: row.meta.id });
      const undo = r.ok && r.value.undoable ? () => void undoDelete(row.meta.id) : undefined;
      const text = r.ok && r.value.stillIn ? t('entryDeletedCopyKept', row.meta.title, r.value.stillIn) : t('entryDeleted', row.meta.title);
      setNote(r.ok ? { ok: true, text, undo } : { ok: false, text: r.error });
      // The row (and the focused button) goes away: keep the keyboard in the list.
      if (r.ok) {
        refocus.current = index;
        onChanged();
      }
    });
  const undoDelete = (id: string) =>
    busyWhile(async () => {
      const r = await sendMessage('undoDelete', { id });
      setNote(r.ok ? { ok: true, text: t('entryUndeleted', r.value.title) } : { ok: false, text: r.error });
      if (r.ok) onChanged();
    });

  const rows = [];
  for (let i = win.start; i < win.end; i++) {
    rows.push(
      <EntryItem
        key={i}
        row={cache.rowAt(i)}
        index={i}
        total={total}
        top={win.top(i)}
        busy={busy}
        onDelete={(row) => void remove(row, i)}
      />,
    );
  }
  return (
    <section id="entries" aria-labelledby="entries-heading">
      <h2 id="entries-heading">{t('entriesHeading')}</h2>
      <label for="entry-search">{t('searchEntries')}</label>
      <input
        id="entry-search"
        type="search"
        value={input}
        onInput={(e) => setInput(e.currentTarget.value)}
        aria-describedby="entry-search-hint"
        autocomplete="off"
      />
      <p id="entry-search-hint" class="hint">
        {t('searchHint')}
      </p>
      <p role="status" class="count">
        {cache.total === null ? t('loading') : query ? tn('entriesMatching', total, query) : tn('entriesAll', total)}
      </p>
      {cache.error && (
        <p role="alert" class="error">
          {t('somethingFailed', cache.error)}
        </p>
      )}
      <div
        ref={viewport}
        class="entry-viewport"
        hidden={cache.total === 0}
        tabIndex={0}
        role="region"
        aria-label={t('entriesListLabel')}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <ul role="list" class="entry-list" style={{ height: `${win.height}px` }}>
          {rows}
        </ul>
      </div>
      <div ref={noticeBox} tabIndex={-1}>
        <Notice note={note} />
      </div>
    </section>
  );
}
