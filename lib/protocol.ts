import type { Article } from './extract';
import type { CorpusArticle, EntryMeta } from './index';
import type { Match } from './match';
import type { SiteAccessState } from './site-access';
import type { Settings } from './settings';
import type { Uncheckable } from './uncheckable';

/** A match as the extension shows it: the user's threshold may demote a likely source. */
export type ShownMatch = Match & {
  /** The engine found a likely source, but its overlap is below the user's threshold (that threshold). */
  belowThreshold?: number;
};

/** The user's threshold only demotes: below it, a likely source is listed as related, marked so. */
export function demote(m: Match, threshold: number): ShownMatch {
  return m.verdict === 'likely-source' && m.overlap < threshold ? { ...m, verdict: 'related', belowThreshold: threshold } : m;
}

/**
 * Session-storage key the background sets when the index changes other than through the
 * options page (the popup's "Add this article", a scheduled refresh): an open options page
 * listens for it and refreshes its counts and list.
 */
export const INDEX_CHANGED_KEY = 'index:changed';

/** Where the background keeps a tab's result (storage.session): the popup shows it, and follows its changes. */
export const tabResultKey = (tabId: number): string => `tab:${tabId}`;

/** What the extension knows about one tab, as the popup shows it. */
export type TabResult =
  | { state: 'unknown' }
  | { state: 'checking'; url: string }
  | { state: 'not-article'; url: string }
  | { state: 'skipped'; url: string; reason: string }
  | { state: 'too-short'; url: string; title: string; message: string }
  | { state: 'error'; url: string; message: string }
  /** The browser does not let extensions read the page (chrome://, the web store, file://...). */
  | { state: 'uncheckable'; url: string; why: Uncheckable }
  | {
      state: 'done';
      url: string;
      article: { title: string; words: number };
      /** The page is itself an indexed original (not a copy of one). */
      self: Match | null;
      matches: ShownMatch[];
      /** Why the user's remote index could not be asked (the local answer stands). */
      remoteError?: string;
      /** The page is on a trusted site: what became of it in the reader's index. */
      read?: ReadOutcome;
    };

/**
 * "Compare with the source", kept per source tab: the copy's passages and the sentences of
 * the source page they were aligned to (found from the stored sketches once the reader's
 * tab has loaded the source).
 */
export interface SourceComparison {
  /** The copy's headline. */
  title: string;
  entryId: string;
  /**
   * waiting: the tab is loading; unreachable: it did not load or cannot be read; not-found:
   * its server answered with an error (httpStatus); not-article: it loaded, with no article
   * in it; changed: an article, but none of the sentences is there.
   */
  status: 'waiting' | 'shown' | 'unreachable' | 'not-found' | 'not-article' | 'changed';
  /** The HTTP status the source page was served with, when it was an error. */
  httpStatus?: number;
  pairs: Array<{ source: number; passage: string; sentence: string | null }>;
}

/** Where an entry comes from: shipped with the extension, a pack (file or subscription), the user, or the user's reading on a trusted site. */
export type EntryOrigin =
  { kind: 'bundled' } | { kind: 'user' } | { kind: 'read'; site: string } | { kind: 'pack'; packId: string; pack: string };

/** What became of an article read on a trusted site: kept as an original, or why not. */
export interface ReadOutcome {
  /** taken: not kept, the page was taken from an indexed article; indexed: not kept, it is one already. */
  status: 'added' | 'updated' | 'unchanged' | 'unavailable' | 'taken' | 'indexed';
  /** The trusted site, as the reader listed it. */
  site: string;
}

export interface EntryRow {
  meta: EntryMeta;
  origin: EntryOrigin;
  /** The same entry (same id) in other packs or subscriptions: it is listed once, under `origin`. */
  also?: EntryOrigin[];
}

export interface PackSummary {
  id: string;
  name: string;
  entries: number;
  enabled: boolean;
  /** Subscription address; null for a pack imported from a file. */
  url: string | null;
  added: string;
  updated: string | null;
  error: string | null;
  bytes: number;
}

export interface IndexSummary {
  bundled: number;
  /** Size of the bundled pack, which ships inside the extension (not counted in `bytes`). */
  bundledBytes: number;
  user: number;
  /** Originals read on trusted sites, and what they take in storage. */
  read: number;
  readBytes: number;
  packs: PackSummary[];
  /** Entries that match (enabled, not deleted); in the options page's overview, an entry in several packs counts once. */
  total: number;
  /** Bytes stored in this browser: packs, the user's entries and the originals read on trusted sites. */
  bytes: number;
  /** Entries of the bundled index or of packs that the user deleted (they can be restored). */
  deleted: number;
}

/** An original the user adds: an article with its metadata; the id is given by the index. */
export type UserOriginal = Omit<CorpusArticle, 'id' | 'original'>;

export type Outcome<T = void> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Adding an original. With `unlessResembling`, nothing is added when the text resembles an
 * indexed article: the answer names it (`resembles`), so the user can confirm or cancel.
 */
export type AddRequest = UserOriginal & { unlessResembling?: boolean };
export type AddOutcome = Outcome<{ id: string }> | { ok: false; error: string; resembles: string };

/**
 * The one message protocol between contexts: name -> (request) => response. Renaming a
 * message or changing its shape is a compile error in every context that uses it.
 */
export interface ProtocolMap {
  /** content -> background: the page's article (or null when the page is not an article). */
  pageArticle(data: { url: string; article: Article | null; skipped?: string; httpStatus?: number | null; recheck?: boolean }): TabResult;
  /** popup -> background */
  tabResult(data: { tabId: number }): TabResult;
  /** popup -> background: check this tab now (on-click mode, or a retry). */
  checkTab(data: { tabId: number }): TabResult;
  /** popup/options -> background: add the article open in a tab to the user's index. */
  /** `anyway`: added even when it resembles an indexed article (the reader was warned); otherwise `resembles` names it. */
  addTabArticle(data: {
    tabId: number;
    anyway?: boolean;
  }): Outcome<{ id: string; title: string }> | { ok: false; error: string; resembles: string };
  /** popup -> background: open the source in a tab and show there the sentences the passages were aligned to. */
  compareWithSource(data: { url: string; entryId: string; title: string; pairs: Array<{ source: number; passage: string }> }): Outcome;
  /** popup -> background: the comparison shown in a source tab, if any. */
  compareState(data: { tabId: number }): SourceComparison | null;
  /** background -> content: mark the source's sentences, each with the copy's passage as its tooltip. */
  showSource(data: { pairs: Array<{ sentence: string; passage: string }> }): number;
  /**
   * options -> background: tabs with an article the extension has seen (no "tabs" permission
   * needed); `inIndex`: the title of the indexed original the page itself is.
   */
  articleTabs(): Array<{ tabId: number; url: string; title: string; inIndex?: string }>;
  /** background -> content: extract and report the article again (forced even in on-click mode); `recheck`: because the index or the settings changed, so nothing is kept from a trusted site. */
  extractNow(data: { recheck: boolean }): void;
  /** background -> content: the extracted article itself. */
  getArticle(): Article | null;
  /** background -> content: the HTTP status the page was served with (null where the browser does not tell). */
  httpStatus(): number | null;
  /** popup -> content: mark or unmark the page sentences taken from a source (`key`: the source's id). */
  highlight(data: { key: string; sentences: string[]; on: boolean }): number;
  /** popup -> content: which source's passages are highlighted in the page now. */
  highlightState(): { key: string | null };
  /** popup -> content: each sentence as the page writes it, or null when the page does not have it. */
  locatePassages(data: { sentences: string[] }): Array<string | null>;
  /** popup -> content: scroll the page to a sentence; false when it is not in the page. */
  showPassage(data: { sentence: string }): boolean;
  /** options -> background */
  indexSummary(): IndexSummary;
  listEntries(data: { query: string; offset: number; limit: number }): { total: number; rows: EntryRow[] };
  /**
   * `undoable`: the reader's own entry, which undoDelete can put back while the worker runs;
   * `stillIn`: the title of an identical copy still indexed.
   */
  deleteEntry(data: { id: string }): Outcome<{ undoable: boolean; stillIn?: string }>;
  undoDelete(data: { id: string }): Outcome<{ title: string }>;
  restoreDeleted(): Outcome<{ restored: number }>;
  /** options -> background: forget every original read on a trusted site. */
  clearRead(): Outcome<{ cleared: number }>;
  addOriginal(data: AddRequest): AddOutcome;
  /** options -> background: packs changed in storage (a file was imported); reload them. */
  reloadIndex(): IndexSummary;
  setPackEnabled(data: { id: string; enabled: boolean }): Outcome;
  removePack(data: { id: string }): Outcome;
  subscribe(data: { url: string }): Outcome<PackSummary>;
  refreshSubscription(data: { id: string }): Outcome<PackSummary & { changed: boolean }>;
  getSettings(): Settings;
  /** options -> background: save settings; a switch to on-click gives back the access to all sites. */
  setSettings(data: Partial<Settings>): Settings;
  /** options/welcome -> background: when pages are checked, and whether the browser granted automatic checking. */
  siteAccess(): { state: SiteAccessState; granted: boolean };
}
