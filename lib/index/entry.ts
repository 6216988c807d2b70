import type { Fingerprint } from '../fingerprint';

/** What the index knows about an original besides its fingerprint. Never its text. */
export interface EntryMeta {
  id: string;
  title: string;
  url?: string;
  publisher?: string;
  author?: string;
  /** ISO 8601 date (or date-time) of first publication. */
  published?: string;
  /** Marked by its publisher or curator as the original of a story. */
  original?: boolean;
  lang?: string;
  /** Word count of the indexed article. */
  words?: number;
}

export interface Entry {
  meta: EntryMeta;
  fingerprint: Fingerprint;
}
