import type { Article } from './extract';
import type { Match } from './match';
import { demote, type TabResult } from './protocol';
import type { Settings } from './settings';

/** A remote index answers within this time or is reported as unavailable. */
const TIMEOUT_MS = 8000;

const isString = (v: unknown): v is string => typeof v === 'string';
const orNull = (v: unknown) => (isString(v) ? v : null);

/** One match as a `provenance serve` endpoint sends it, checked field by field. */
function parseMatch(raw: unknown, host: string): Match | null {
  const m = raw as Record<string, unknown>;
  if (!m || !isString(m.id) || !isString(m.title) || typeof m.overlap !== 'number') return null;
  const passages = Array.isArray(m.passages) ? m.passages : [];
  return {
    id: m.id,
    title: m.title,
    publisher: orNull(m.publisher),
    author: orNull(m.author),
    url: orNull(m.url),
    published: orNull(m.published),
    original: false,
    overlap: Math.max(0, Math.min(100, Math.round(m.overlap))),
    similarity: typeof m.similarity === 'number' ? m.similarity : 0,
    verdict: m.verdict === 'likely-source' ? 'likely-source' : 'related',
    reason: isString(m.reason) ? m.reason : '',
    passages: passages.flatMap((p: Record<string, unknown>) =>
      typeof p?.page === 'number' && typeof p.source === 'number' && isString(p.text)
        ? [
            {
              page: p.page,
              source: p.source,
              text: p.text,
              similarity: typeof p.similarity === 'number' ? p.similarity : 0,
              ...(typeof p.through === 'number' && p.through > p.source ? { through: p.through } : {}),
            },
          ]
        : [],
    ),
    duplicates: Array.isArray(m.duplicates) ? m.duplicates.filter(isString) : [],
    ...(m.publishedAfterPage === true && m.verdict !== 'likely-source' ? { publishedAfterPage: true as const } : {}),
    remote: host,
  };
}

/** Asks the user's remote index (a `provenance serve` endpoint) about an article. */
export async function checkRemote(remote: string, article: Article, fetchFn: typeof fetch = fetch): Promise<Match[]> {
  const host = new URL(remote).host;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetchFn(`${remote}/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: article.title,
        text: article.text,
        paragraphs: article.paragraphs,
        lang: article.lang,
        published: article.published ?? undefined,
      }),
      credentials: 'omit',
      signal: controller.signal,
    });
    const body = (await response.json().catch(() => null)) as { matches?: unknown; error?: unknown } | null;
    if (!response.ok) throw new Error(isString(body?.error) ? body.error : `answered ${response.status}`);
    return (Array.isArray(body?.matches) ? body.matches : []).map((m) => parseMatch(m, host)).filter((m): m is Match => !!m);
  } catch (e) {
    const why = (e as Error).name === 'AbortError' ? 'it did not answer in time' : (e as Error).message;
    throw new Error(`the remote index at ${host} could not be used: ${why}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Adds the remote index's matches to a local result (entries known locally are not listed twice). */
export function withRemote(result: TabResult, remote: Match[] | Error, settings: Settings): TabResult {
  if (result.state !== 'done') return result;
  if (remote instanceof Error) return { ...result, remoteError: remote.message };
  const known = new Set([...result.matches.map((m) => m.id), result.self?.id]);
  const added = remote.filter((m) => !known.has(m.id)).map((m) => demote(m, settings.threshold));
  const matches = [...result.matches, ...added];
  const likely = (m: Match) => Number(m.verdict === 'likely-source');
  matches.sort((a, b) => likely(b) - likely(a) || (likely(a) ? 0 : b.overlap - a.overlap));
  return { ...result, matches };
}
