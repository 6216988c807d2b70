import { readPack, type Pack } from './pack';

export type FetchResult =
  | { status: 'not-modified' }
  | { status: 'ok'; bytes: Uint8Array; pack: Pack; etag: string | null; lastModified: string | null }
  | { status: 'error'; error: string };

/** Largest pack a subscription may download. */
export const MAX_DOWNLOAD = 256 * 1024 * 1024;

/**
 * Fetches a subscribed pack with a conditional request (ETag / Last-Modified), and validates
 * it before anyone uses it. A failure is a value, so the caller keeps the last good copy.
 */
export async function fetchPack(
  url: string,
  previous: { etag: string | null; lastModified: string | null },
  fetchFn: typeof fetch = fetch,
): Promise<FetchResult> {
  if (!/^https?:\/\//i.test(url)) return { status: 'error', error: 'a subscription address must start with http:// or https://' };
  const headers: Record<string, string> = {};
  if (previous.etag) headers['If-None-Match'] = previous.etag;
  if (previous.lastModified) headers['If-Modified-Since'] = previous.lastModified;
  let response: Response;
  try {
    response = await fetchFn(url, { headers, cache: 'no-cache', credentials: 'omit', redirect: 'follow' });
  } catch (e) {
    return { status: 'error', error: `${url} could not be reached (${(e as Error).message})` };
  }
  if (response.status === 304) return { status: 'not-modified' };
  if (!response.ok) return { status: 'error', error: `${url} answered ${response.status} ${response.statusText}`.trim() };
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_DOWNLOAD) return { status: 'error', error: `the pack at ${url} is larger than ${MAX_DOWNLOAD >> 20} MB` };
  const bytes = new Uint8Array(await response.arrayBuffer());
  const result = await readPack(bytes);
  if (!result.ok) return { status: 'error', error: `the pack at ${url} was refused: ${result.error}` };
  return {
    status: 'ok',
    bytes,
    pack: result.pack,
    etag: response.headers.get('etag'),
    lastModified: response.headers.get('last-modified'),
  };
}
