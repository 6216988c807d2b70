import { fingerprint } from '../fingerprint';
import { analyze } from '../text';
import type { Entry, EntryMeta } from './entry';

/** One line of a corpus file (`provenance index build`): an original article with its metadata. */
export interface CorpusArticle extends Omit<EntryMeta, 'words'> {
  text: string;
}

/** Fingerprints an original for the index; its text is not kept. */
export function entryFromArticle(a: CorpusArticle): Entry {
  const analyzed = analyze(a.text, a.lang ?? 'en');
  const meta: EntryMeta = { id: a.id, title: a.title, words: analyzed.words };
  for (const k of ['url', 'publisher', 'author', 'published', 'lang'] as const) if (a[k]) meta[k] = a[k];
  if (a.original) meta.original = true;
  return { meta, fingerprint: fingerprint(analyzed) };
}
