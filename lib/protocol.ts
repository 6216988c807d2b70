import type { Article } from './extract';
import type { Match } from './match';

/** What the extension knows about one tab, as the popup shows it. */
export type TabResult =
  | { state: 'unknown' }
  | { state: 'checking'; url: string }
  | { state: 'not-article'; url: string }
  | { state: 'skipped'; url: string; reason: string }
  | { state: 'too-short'; url: string; title: string; message: string }
  | { state: 'error'; url: string; message: string }
  | {
      state: 'done';
      url: string;
      article: { title: string; words: number };
      /** The page is itself an indexed original (not a copy of one). */
      self: Match | null;
      matches: Match[];
    };

export interface IndexSummary {
  bundled: number;
  user: number;
  packs: Array<{
    id: string;
    name: string;
    entries: number;
    enabled: boolean;
    url: string | null;
    updated: string | null;
    error: string | null;
  }>;
  total: number;
}

export interface UserOriginal {
  title: string;
  text: string;
  url?: string;
  publisher?: string;
  author?: string;
  published?: string;
}

export type Outcome<T = void> = { ok: true; value: T } | { ok: false; error: string };

/**
 * The one message protocol between contexts: name -> (request) => response. Renaming a
 * message or changing its shape is a compile error in every context that uses it.
 */
export interface ProtocolMap {
  /** content -> background: the page's article (or null when the page is not an article). */
  pageArticle(data: { url: string; article: Article | null }): TabResult;
  /** popup -> background */
  tabResult(data: { tabId: number }): TabResult;
  /** popup -> background: check this tab now (on-click mode, or a retry). */
  checkTab(data: { tabId: number }): TabResult;
  /** background -> content: extract and send the article again. */
  extractNow(): void;
  /** popup -> content: mark or unmark the page sentences taken from a source. */
  highlight(data: { sentences: string[]; on: boolean }): number;
  /** options -> background */
  indexSummary(): IndexSummary;
  addOriginal(data: UserOriginal): Outcome<{ id: string }>;
  /** options -> background: packs changed in storage (imported or removed); reload them. */
  reloadIndex(): IndexSummary;
}
