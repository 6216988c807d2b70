import { looksLikeJson, parseManifest, sha256Hex, type Manifest, type ManifestPart } from './manifest';
import { readPack, type Pack } from './pack';

/** A part of a manifest subscription as the subscriber keeps it: which part, by its hash. */
export interface HeldPart {
  url: string;
  sha256: string;
  entries: number;
  /** Size of the part file. */
  bytes: number;
}

/** One part of a fetched manifest: downloaded and validated, or already held (pack null). */
export interface FetchedPart {
  part: ManifestPart;
  pack: Pack | null;
  /** Size of the part file (as downloaded, or as held). */
  bytes: number;
}

export type FetchResult =
  | { status: 'not-modified' }
  | { status: 'ok'; kind: 'pack'; bytes: Uint8Array; pack: Pack; etag: string | null; lastModified: string | null }
  | {
      status: 'ok';
      kind: 'manifest';
      manifest: Manifest;
      parts: FetchedPart[];
      /** Bytes downloaded for the parts (not the ones already held). */
      downloaded: number;
      etag: string | null;
      lastModified: string | null;
    }
  | { status: 'error'; error: string };

/** Largest pack a subscription may download. */
export const MAX_DOWNLOAD = 256 * 1024 * 1024;

interface Previous {
  etag: string | null;
  lastModified: string | null;
  /** The parts held of a manifest subscription (none for a plain pack). */
  parts?: readonly HeldPart[] | null;
}

type Got = { ok: true; response: Response; bytes: Uint8Array } | { ok: false; error: string };

async function get(url: string, headers: Record<string, string>, fetchFn: typeof fetch, what: string): Promise<Got | 'not-modified'> {
  let response: Response;
  try {
    response = await fetchFn(url, { headers, cache: 'no-cache', credentials: 'omit', redirect: 'follow' });
  } catch (e) {
    return { ok: false, error: `${url} could not be reached (${(e as Error).message})` };
  }
  if (response.status === 304) return 'not-modified';
  if (!response.ok) return { ok: false, error: `${url} answered ${response.status} ${response.statusText}`.trim() };
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_DOWNLOAD) return { ok: false, error: `the ${what} at ${url} is larger than ${MAX_DOWNLOAD >> 20} MB` };
  return { ok: true, response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

/**
 * Fetches a subscription with a conditional request (ETag / Last-Modified), and validates
 * it before anyone uses it. The address may name a pack, or a manifest of parts
 * (lib/index/manifest.ts): then only the parts whose SHA-256 is not among `previous.parts`
 * are downloaded, each checked against its hash and entry count and read by readPack. A
 * failure anywhere is a value, so the caller keeps the last good copy.
 */
export async function fetchPack(url: string, previous: Previous, fetchFn: typeof fetch = fetch): Promise<FetchResult> {
  if (!/^https?:\/\//i.test(url)) return { status: 'error', error: 'a subscription address must start with http:// or https://' };
  const headers: Record<string, string> = {};
  if (previous.etag) headers['If-None-Match'] = previous.etag;
  if (previous.lastModified) headers['If-Modified-Since'] = previous.lastModified;
  const got = await get(url, headers, fetchFn, 'pack');
  if (got === 'not-modified') return { status: 'not-modified' };
  if (!got.ok) return { status: 'error', error: got.error };
  const { response, bytes } = got;
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  if (looksLikeJson(bytes)) return fetchParts(url, bytes, previous.parts ?? [], fetchFn, etag, lastModified);
  const result = await readPack(bytes);
  if (!result.ok) return { status: 'error', error: `the pack at ${url} was refused: ${result.error}` };
  return { status: 'ok', kind: 'pack', bytes, pack: result.pack, etag, lastModified };
}

async function fetchParts(
  url: string,
  bytes: Uint8Array,
  held: readonly HeldPart[],
  fetchFn: typeof fetch,
  etag: string | null,
  lastModified: string | null,
): Promise<FetchResult> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { status: 'error', error: `the manifest at ${url} was refused: it is not UTF-8 text` };
  }
  const parsed = parseManifest(text, url);
  if (!parsed.ok) return { status: 'error', error: `the manifest at ${url} was refused: ${parsed.error}` };
  const have = new Map(held.map((p) => [p.sha256, p.bytes]));
  const parts: FetchedPart[] = [];
  let downloaded = 0;
  for (const part of parsed.manifest.parts) {
    if (have.has(part.sha256)) {
      parts.push({ part, pack: null, bytes: have.get(part.sha256)! });
      continue;
    }
    const address = new URL(part.url, url).href;
    const refused = (why: string): FetchResult => ({ status: 'error', error: `the part ${part.url} of ${url} was refused: ${why}` });
    const got = await get(address, {}, fetchFn, 'part');
    if (got === 'not-modified') return refused('it answered 304 to a request that was not conditional');
    if (!got.ok) return { status: 'error', error: `the part ${part.url} of ${url} is missing: ${got.error}` };
    if ((await sha256Hex(got.bytes)) !== part.sha256) return refused('its SHA-256 does not match the manifest');
    const read = await readPack(got.bytes);
    if (!read.ok) return refused(read.error);
    if (read.pack.header.entries !== part.entries)
      return refused(`it holds ${read.pack.header.entries} entries; the manifest says ${part.entries}`);
    parts.push({ part, pack: read.pack, bytes: got.bytes.length });
    downloaded += got.bytes.length;
    // The parts together are held to what one pack may weigh.
    if (downloaded > MAX_DOWNLOAD)
      return { status: 'error', error: `the parts of ${url} are larger than ${MAX_DOWNLOAD >> 20} MB together` };
  }
  return { status: 'ok', kind: 'manifest', manifest: parsed.manifest, parts, downloaded, etag, lastModified };
}
