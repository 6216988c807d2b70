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

const sameArray = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.prototype.every.call(a, (x, i) => x === b[i]);

/**
 * The same article added twice: the same text (the index keeps no text, so the same
 * sentence sketches and signature) at the same address, or under the same title where
 * neither has an address. The same text at another address is a copy, left to the
 * "resembles" question.
 */
export function isSameEntry(a: Entry, b: Entry): boolean {
  const where = a.meta.url || b.meta.url ? a.meta.url === b.meta.url : a.meta.title === b.meta.title;
  return (
    where &&
    sameArray(a.fingerprint.signature, b.fingerprint.signature) &&
    sameArray(a.fingerprint.offsets, b.fingerprint.offsets) &&
    sameArray(a.fingerprint.terms, b.fingerprint.terms)
  );
}
