import type { Entry } from './entry';
import { PACK_LIMITS } from './pack';

/**
 * Pack manifest, version 1 - the one place it is defined (README "Index packs" describes it).
 *
 * A published pack may be split into dated parts, each an ordinary pack (format 2, read by
 * readPack), listed in a small JSON file beside them, `manifest.json`:
 *
 *   {
 *     "format": "news-provenance-manifest",
 *     "version": 1,
 *     "name": "Coastal Wire",                  the subscription's name (no markup, <= 200 chars)
 *     "created": "2024-03-02T06:00:00.000Z",  when the set was last changed (a date)
 *     "parts": [                               at most 10,000 parts, in order
 *       { "url": "2024-02.pack",               relative to the manifest's address, same origin
 *         "entries": 812,                      entries in that part (whole number)
 *         "sha256": "9f86d0...",               SHA-256 of the part file, 64 lowercase hex digits
 *         "period": "2024-02" }                optional: "YYYY-MM" or "undated"
 *     ]
 *   }
 *
 * A subscriber keeps the SHA-256 of every part it holds and downloads only the parts whose
 * hash it does not have; each downloaded part must match its hash and entry count and pass
 * readPack, or the whole update is refused and the last good copy stays. A manifest that
 * breaks any rule here is refused whole, with the reason: parseManifest never throws.
 */

export const MANIFEST_FORMAT = 'news-provenance-manifest';
export const MANIFEST_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_LIMITS = { bytes: 4 * 1024 * 1024, parts: 10_000, urlChars: 500 } as const;
/** The part of entries without a publication date. */
export const UNDATED = 'undated';

export interface ManifestPart {
  url: string;
  entries: number;
  sha256: string;
  period?: string;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  version: number;
  name: string;
  created: string;
  parts: ManifestPart[];
}

export type ManifestResult = { ok: true; manifest: Manifest } | { ok: false; error: string };

// A manifest's name and part addresses: stricter than a pack's headlines, which may say "x<y".
const MARKUP = /<\s*[a-z!/?]|javascript:/i;
const HEX64 = /^[0-9a-f]{64}$/;
const PERIOD = /^(\d{4}-(0[1-9]|1[0-2])|undated)$/;

/** True when the bytes look like a JSON document (a manifest) rather than a binary pack. */
export function looksLikeJson(bytes: Uint8Array): boolean {
  for (const b of bytes.subarray(0, 64)) {
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0xef || b === 0xbb || b === 0xbf) continue;
    return b === 0x7b; // "{"
  }
  return false;
}

class ManifestError extends Error {}
const fail = (msg: string): never => {
  throw new ManifestError(msg);
};

/**
 * Parses and validates a manifest. With `base` (the manifest's own address) every part's
 * address must resolve to an http(s) address on the manifest's origin: the permission a
 * subscriber grants covers that origin only.
 */
export function parseManifest(text: string, base?: string): ManifestResult {
  try {
    if (text.length > MANIFEST_LIMITS.bytes) fail(`the manifest is larger than ${MANIFEST_LIMITS.bytes >> 20} MB`);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return fail('the manifest is not valid JSON');
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('the manifest must be a JSON object');
    const r = raw as Record<string, unknown>;
    if (r.format !== MANIFEST_FORMAT) fail(`the manifest's "format" must be "${MANIFEST_FORMAT}"`);
    if (r.version !== MANIFEST_VERSION)
      fail(`manifest version ${String(r.version)} is not supported (this version reads ${MANIFEST_VERSION})`);
    if (typeof r.name !== 'string' || !r.name.trim() || r.name.length > 200 || MARKUP.test(r.name))
      fail('the manifest name is missing, too long or contains markup');
    if (typeof r.created !== 'string' || r.created.length > 40 || Number.isNaN(Date.parse(r.created)))
      fail('the manifest\'s "created" is not a date');
    if (!Array.isArray(r.parts)) return fail('the manifest has no "parts" list');
    if (r.parts.length > MANIFEST_LIMITS.parts) fail(`the manifest lists more than ${MANIFEST_LIMITS.parts} parts`);
    const origin = base ? new URL(base).origin : null;
    const urls = new Set<string>();
    const hashes = new Set<string>();
    let total = 0;
    const parts = (r.parts as unknown[]).map((p, i): ManifestPart => {
      const at = `part ${i + 1}`;
      if (typeof p !== 'object' || p === null || Array.isArray(p)) return fail(`${at}: must be an object`);
      const q = p as Record<string, unknown>;
      if (typeof q.url !== 'string' || !q.url.trim() || q.url.length > MANIFEST_LIMITS.urlChars || MARKUP.test(q.url))
        fail(`${at}: "url" is missing, too long or contains markup`);
      const url = q.url as string;
      if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url)) fail(`${at}: "url" must be relative to the manifest (${url.slice(0, 60)})`);
      if (origin !== null) {
        const resolved = new URL(url, base);
        if (resolved.origin !== origin) fail(`${at}: "${url.slice(0, 60)}" leaves the manifest's site`);
      }
      if (!Number.isInteger(q.entries) || (q.entries as number) < 0) fail(`${at}: "entries" must be a whole number`);
      if (typeof q.sha256 !== 'string' || !HEX64.test(q.sha256)) fail(`${at}: "sha256" must be 64 lowercase hexadecimal digits`);
      if (q.period !== undefined && (typeof q.period !== 'string' || !PERIOD.test(q.period)))
        fail(`${at}: "period" must be YYYY-MM or "${UNDATED}"`);
      const key = base ? new URL(url, base).href : url;
      if (urls.has(key)) fail(`${at}: "${url.slice(0, 60)}" is listed twice`);
      if (hashes.has(q.sha256 as string)) fail(`${at}: its SHA-256 is listed twice (the same part twice)`);
      urls.add(key);
      hashes.add(q.sha256 as string);
      total += q.entries as number;
      const part: ManifestPart = { url, entries: q.entries as number, sha256: q.sha256 as string };
      if (q.period !== undefined) part.period = q.period as string;
      return part;
    });
    if (total > PACK_LIMITS.entries) fail(`the parts hold ${total} entries; at most ${PACK_LIMITS.entries} are allowed`);
    return {
      ok: true,
      manifest: { format: MANIFEST_FORMAT, version: MANIFEST_VERSION, name: r.name as string, created: r.created as string, parts },
    };
  } catch (e) {
    if (e instanceof ManifestError) return { ok: false, error: e.message };
    return { ok: false, error: `the manifest could not be read: ${(e as Error).message}` };
  }
}

/** The manifest as its file: stable key order, one part a line, so an unchanged set writes the same bytes. */
export function writeManifest(m: Omit<Manifest, 'format' | 'version'>): string {
  const parts = m.parts.map((p) => '    ' + JSON.stringify(p)).join(',\n');
  return (
    `{\n  "format": "${MANIFEST_FORMAT}",\n  "version": ${MANIFEST_VERSION},\n` +
    `  "name": ${JSON.stringify(m.name)},\n  "created": ${JSON.stringify(m.created)},\n` +
    `  "parts": [${parts ? `\n${parts}\n  ` : ''}]\n}\n`
  );
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const sum = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(sum, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The part an entry belongs in: the UTC month of its publication date, or "undated". */
export function periodOf(published: string | undefined): string {
  const t = published ? Date.parse(published) : NaN;
  if (Number.isNaN(t)) return UNDATED;
  const month = new Date(t).toISOString().slice(0, 7);
  return /^\d{4}-\d{2}$/.test(month) ? month : UNDATED;
}

/** Entries split by period, months in order and the undated part last; each keeps the input order. */
export function splitByPeriod(entries: readonly Entry[]): Array<{ period: string; entries: Entry[] }> {
  const groups = new Map<string, Entry[]>();
  for (const e of entries) {
    const p = periodOf(e.meta.published);
    const list = groups.get(p);
    if (list) list.push(e);
    else groups.set(p, [e]);
  }
  return [...groups.keys()]
    .sort((a, b) => (a === UNDATED ? 1 : b === UNDATED ? -1 : a < b ? -1 : a > b ? 1 : 0))
    .map((period) => ({ period, entries: groups.get(period)! }));
}
