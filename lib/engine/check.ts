import type { Probe } from '../candidates';
import { sourceSentences } from '../compare';
import type { Article } from '../extract';
import { checkWith, type Idf } from '../match';
import type { Candidate, CandidateSource } from '../match/check';
import { isSameArticle } from '../match/self';
import { demote, type ShownMatch, type TabResult } from '../protocol';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import type { Held } from './held';

/**
 * The check side of the engine: candidates from what it holds, the check of a tab's
 * article, and the source sentences the comparison view shows. Pure over a Held snapshot
 * (lib/engine/held.ts), so a check that started before a reload finishes against the index
 * it started with.
 */

/** Candidates for a page: its rarest terms looked up in memory, then the entries themselves from where they live. */
export async function heldCandidates(held: Held, probe: Probe, limit: number): Promise<Candidate[]> {
  await held.keys.fetch(probe);
  const hits = held.keys.query(probe, limit);
  const entries = await held.entriesAt(hits.map((h) => h.id));
  // One entry per id, the later source winning (a newer edition of a pack, the user's own).
  const latest = new Map<string, number>();
  hits.forEach((h, i) => {
    const id = entries[i]?.meta.id;
    if (id !== undefined && (latest.get(id) ?? -1) < h.id) latest.set(id, h.id);
  });
  return hits.flatMap((h, i) => {
    const entry = entries[i];
    return entry && latest.get(entry.meta.id) === h.id ? [{ entry, hits: h.hits }] : [];
  });
}

/** The check of a tab's article as the popup and badge show it: the page itself set apart, the user's threshold applied. */
export async function checkTab(
  source: CandidateSource,
  idf: Idf,
  url: string,
  article: Article,
  settings: Settings = DEFAULT_SETTINGS,
): Promise<TabResult> {
  const result = await checkWith(
    { title: article.title, text: article.text, paragraphs: article.paragraphs, lang: article.lang, published: article.published },
    source,
    idf,
  );
  if (result.status === 'too-short') return { state: 'too-short', url, title: article.title, message: result.message };
  const self = result.matches.find((m) => isSameArticle(m, { url, title: article.title, siteName: article.siteName })) ?? null;
  // The user's threshold only demotes: below it, a source is listed as related coverage.
  const matches = result.matches.filter((m) => m !== self).map((m): ShownMatch => demote(m, settings.threshold));
  matches.sort((a, b) => Number(b.verdict === 'likely-source') - Number(a.verdict === 'likely-source'));
  return { state: 'done', url, article: result.article, self, matches };
}

/** "Compare with the source": the source page's sentences for the given sentences of an entry (null: no such entry). */
export async function heldSourceSentences(
  held: Held,
  id: string,
  page: Article,
  wanted: readonly number[],
): Promise<Array<string | null> | null> {
  const [handle] = await held.handlesOf(id);
  if (handle === undefined) return null;
  const [entry] = await held.entriesAt([handle]);
  return entry ? sourceSentences(entry.fingerprint, page, wanted) : null;
}
