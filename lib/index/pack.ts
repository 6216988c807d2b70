import { PARAMS, MAX_SENTENCES, MAX_TERMS_PER_SENTENCE, type Fingerprint } from '../fingerprint';
import type { Entry, EntryMeta } from './entry';

/**
 * Index pack format, version 2 - the one place it is defined (README "Index packs" describes it).
 *
 *   0   "NPPK"                      magic
 *   4   u16 version (2), u16 0
 *   8   u32 H, then H bytes of UTF-8 JSON header:
 *         {format:"news-provenance-pack", version:2, name, created, numPerm, seed,
 *          entries: N, sentences: S, terms: T}
 *   ... zero padding to a multiple of 4, then, little-endian:
 *         u32 M, M bytes UTF-8 JSON array of N entry metadata objects (padded to 4)
 *         N x numPerm u32   MinHash signatures
 *         N u32             sentences per entry
 *         S u16             words per sentence   (padded to 4)
 *         S u16             terms per sentence   (padded to 4)
 *         T u32             term hashes of each sentence, in order of first mention
 *   end 32 bytes            SHA-256 of everything before it
 *
 * Packs hold fingerprints and metadata, never article text. A pack is refused whole if any
 * check fails; readPack returns the reason instead of throwing.
 */

export const PACK_VERSION = 2;
// Version 1 kept each sentence's term hashes sorted: the word pairs that phrase containment
// reads back from a sketch (lib/match/evidence.ts) are lost, so its entries cannot be judged.
const OUTDATED = 'was written by an earlier version whose sketches lack word order: build it again with `provenance index build`';
const MAGIC = [0x4e, 0x50, 0x50, 0x4b]; // "NPPK"

export const PACK_LIMITS = {
  bytes: 1 << 30,
  entries: 2_000_000,
  headerBytes: 64 * 1024,
  metaBytes: 512 * 1024 * 1024,
  stringChars: 2000,
} as const;

export interface PackHeader {
  format: 'news-provenance-pack';
  version: number;
  name: string;
  created: string;
  numPerm: number;
  seed: number;
  entries: number;
  sentences: number;
  terms: number;
}

export interface Pack {
  header: PackHeader;
  entries: Entry[];
}

export type PackResult = { ok: true; pack: Pack } | { ok: false; error: string };

const pad4 = (n: number) => (n + 3) & ~3;

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

export async function writePack(entries: readonly Entry[], name: string, created = new Date().toISOString()): Promise<Uint8Array> {
  let sentences = 0;
  let terms = 0;
  for (const e of entries) {
    sentences += e.fingerprint.words.length;
    terms += e.fingerprint.terms.length;
  }
  const header: PackHeader = {
    format: 'news-provenance-pack',
    version: PACK_VERSION,
    name,
    created,
    numPerm: PARAMS.numPerm,
    seed: PARAMS.seed,
    entries: entries.length,
    sentences,
    terms,
  };
  const enc = new TextEncoder();
  const headerBytes = enc.encode(JSON.stringify(header));
  const metaBytes = enc.encode(JSON.stringify(entries.map((e) => e.meta)));
  const k = PARAMS.numPerm;
  const n = entries.length;
  const size = 8 + pad4(4 + headerBytes.length) + pad4(4 + metaBytes.length) + 4 * n * k + 4 * n + 2 * pad4(2 * sentences) + 4 * terms + 32;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint16(4, PACK_VERSION, true);
  let at = 8;
  const putBlob = (b: Uint8Array) => {
    view.setUint32(at, b.length, true);
    out.set(b, at + 4);
    at += pad4(4 + b.length);
  };
  putBlob(headerBytes);
  putBlob(metaBytes);
  for (const e of entries) for (let i = 0; i < k; i++, at += 4) view.setUint32(at, e.fingerprint.signature[i]!, true);
  for (const e of entries) {
    view.setUint32(at, e.fingerprint.words.length, true);
    at += 4;
  }
  for (const e of entries) {
    for (const w of e.fingerprint.words) {
      view.setUint16(at, w, true);
      at += 2;
    }
  }
  at = pad4(at);
  for (const e of entries) {
    const f = e.fingerprint;
    for (let s = 0; s + 1 < f.offsets.length; s++) {
      view.setUint16(at, f.offsets[s + 1]! - f.offsets[s]!, true);
      at += 2;
    }
  }
  at = pad4(at);
  for (const e of entries) {
    for (const t of e.fingerprint.terms) {
      view.setUint32(at, t, true);
      at += 4;
    }
  }
  out.set(await sha256(out.subarray(0, at)), at);
  return out.subarray(0, at + 32);
}

export class PackError extends Error {}
/** The reason a pack whose checksum fails is refused, unless it is cut off (see CUT_OFF). */
export const CORRUPTED = 'the checksum does not match: the pack is corrupted';
/** Reasons that say a pack is cut off or overlong: named before its checksum, which fails too. */
export const CUT_OFF = /truncated|too short|trailing data/;
export const fail = (msg: string): never => {
  throw new PackError(msg);
};

/**
 * HTML a pack may not carry in its strings: a tag of an HTML element, a comment or CDATA.
 * Not every "<" before a letter: headlines say "Why x<y matters" and "Protest at <Embassy>
 * gates", and such titles are shown escaped like any other text. Nor "javascript:" in text
 * ("JavaScript: the language that ate the web"): addresses are held to http(s) on their own.
 */
export const MARKUP =
  /<\s*\/?\s*(?:a|abbr|applet|area|audio|b|base|body|br|button|canvas|center|code|dialog|div|em|embed|font|form|frame|frameset|h[1-6]|head|hr|html|i|iframe|image|img|input|label|li|link|marquee|math|meta|noscript|object|ol|option|p|picture|pre|script|select|source|span|strong|style|sub|sup|svg|table|tbody|td|template|textarea|th|tr|u|ul|video)(?=[\s/>]|$)|<!--|<!\[cdata\[|<\?/i;

/**
 * A page's string with what reads as markup taken out: a headline that shows a tag as text
 * ("<img src=x onerror=...> test") is added from the reader's tab, where no field can be
 * edited, instead of being refused.
 */
export function withoutMarkup(value: string | null | undefined): string {
  return (value ?? '')
    .replace(new RegExp(`(?:${MARKUP.source})[^<>]*>?`, 'gi'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function checkString(value: unknown, field: string, index: number, required: boolean): string | undefined {
  if (value === undefined || value === null) {
    if (required) fail(`entry ${index}: "${field}" is missing`);
    return undefined;
  }
  if (typeof value !== 'string') return fail(`entry ${index}: "${field}" must be a string`);
  if (value.length > PACK_LIMITS.stringChars) fail(`entry ${index}: "${field}" is longer than ${PACK_LIMITS.stringChars} characters`);
  if (field === 'url' && value && !/^https?:\/\/[^\s]+$/i.test(value)) fail(`entry ${index}: "url" must be an http(s) address`);
  if (MARKUP.test(value)) fail(`entry ${index}: "${field}" contains markup, which a pack may not carry`);
  if (required && !value.trim()) fail(`entry ${index}: "${field}" is empty`);
  return value;
}

/** Checks one metadata object from a pack or a corpus line; throws PackError with the reason. */
export function validateMeta(raw: unknown, index: number): EntryMeta {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(`entry ${index}: metadata must be an object`);
  const r = raw as Record<string, unknown>;
  const meta: EntryMeta = { id: checkString(r.id, 'id', index, true)!, title: checkString(r.title, 'title', index, true)! };
  for (const k of ['url', 'publisher', 'author', 'published', 'lang'] as const) {
    const v = checkString(r[k], k, index, false);
    if (v) meta[k] = v;
  }
  if (meta.published && Number.isNaN(Date.parse(meta.published)))
    fail(`entry ${index}: "published" is not a date: ${meta.published.slice(0, 40)}`);
  if (r.original !== undefined && typeof r.original !== 'boolean') fail(`entry ${index}: "original" must be true or false`);
  if (r.original) meta.original = true;
  if (r.words !== undefined) {
    if (!Number.isInteger(r.words) || (r.words as number) < 0) fail(`entry ${index}: "words" must be a whole number`);
    meta.words = r.words as number;
  }
  return meta;
}

export interface ReadOptions {
  /**
   * These bytes were read and validated whole before, unchanged since (the CLI knows it from
   * its tables cache, which records the file's checksum, size, inode and change time): the
   * checksum and the per-entry metadata checks are not done again. Their structure is
   * checked as always.
   */
  verified?: boolean;
}

/** Where a pack's sections start, from the end of its metadata on (the header's counts decide). */
export interface PackLayout {
  signatures: number;
  sentenceCounts: number;
  words: number;
  termCounts: number;
  terms: number;
  end: number;
}

export function packLayout(at: number, h: Pick<PackHeader, 'entries' | 'sentences' | 'terms'>): PackLayout {
  const signatures = at;
  const sentenceCounts = signatures + 4 * h.entries * PARAMS.numPerm;
  const words = sentenceCounts + 4 * h.entries;
  const termCounts = words + pad4(2 * h.sentences);
  const terms = termCounts + pad4(2 * h.sentences);
  return { signatures, sentenceCounts, words, termCounts, terms, end: terms + 4 * h.terms };
}

/** Whether a file's first bytes are those of a pack manifest (its "format" comes first; see manifest.ts). */
export function isManifestHead(head: Uint8Array): boolean {
  return /^\s*\{[^]*"format"\s*:\s*"news-provenance-manifest"/.test(new TextDecoder().decode(head.subarray(0, 512)));
}

/** Checks the file's signature and version; `bytes` holds at least its first 8 bytes. */
export function checkStart(bytes: Uint8Array, size: number): void {
  if (size === 0) fail('the file is empty');
  // The signature first: a short text or an HTML error page is not a pack, not a truncated one.
  if (MAGIC.slice(0, size).some((b, i) => bytes[i] !== b)) {
    // A publisher's manifest (index build --parts) is the one file beside packs that people take for one.
    if (isManifestHead(bytes))
      fail('this is a manifest of pack parts, not a pack: subscribe to its address, or use the .pack files it lists');
    // The other: the corpus a pack is built from.
    if (/^\s*[[{]\s*[{"]/.test(new TextDecoder().decode(bytes.subarray(0, 64))))
      fail(
        'this is JSON (a corpus of articles?), not an index pack: build a pack from it with provenance index build <corpus.jsonl> -o <pack>',
      );
    fail('this is not an index pack (wrong file signature)');
  }
  if (size < 8 + 4 + 32) fail('the file is too short to be an index pack (truncated?)');
  if (size > PACK_LIMITS.bytes) fail(`the pack is larger than ${PACK_LIMITS.bytes >> 20} MB`);
  const version = new DataView(bytes.buffer, bytes.byteOffset, 8).getUint16(4, true);
  if (version === 1) fail(`this pack (format version 1) ${OUTDATED}`);
  if (version !== PACK_VERSION) fail(`pack format version ${version} is not supported (this version reads ${PACK_VERSION})`);
}

/**
 * The length of the length-prefixed section at `at` (its bytes follow the u32), checked
 * against its limit and the end of the fingerprints (`end`, the checksum's offset).
 */
export function sectionLength(bytes: Uint8Array, at: number, end: number, limit: number, what: string): number {
  if (at + 4 > end) fail(`the pack is truncated (in the ${what})`);
  const len = new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0, true);
  if (len > limit) fail(`the ${what} is larger than allowed`);
  if (at + 4 + len > end) fail(`the pack is truncated (in the ${what})`);
  return len;
}

/** A section's JSON (fatal on bad UTF-8: that throws a TypeError, not a PackError). */
export function sectionJson(bytes: Uint8Array, what: string): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail(`the ${what} is not valid UTF-8 text`);
  }
  try {
    return JSON.parse(text);
  } catch {
    return fail(`the ${what} is not valid JSON`);
  }
}

/** Checks a parsed header; the position after it is `at`, where the metadata's length is. */
export function checkHeader(h: unknown): PackHeader {
  const p = h as Partial<PackHeader> | null;
  if (!p || typeof p !== 'object' || p.format !== 'news-provenance-pack') fail('the header does not describe a news-provenance pack');
  const header = p as PackHeader;
  if (header.version !== PACK_VERSION) fail(`pack format version ${String(header.version)} is not supported`);
  if (header.numPerm !== PARAMS.numPerm || header.seed !== PARAMS.seed) fail('the pack was built with different fingerprint parameters');
  const n = header.entries;
  const s = header.sentences;
  const t = header.terms;
  for (const [v, name] of [
    [n, 'entries'],
    [s, 'sentences'],
    [t, 'terms'],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) fail(`the header's "${name}" count is not a whole number`);
  }
  if (n > PACK_LIMITS.entries) fail(`the pack has ${n} entries; at most ${PACK_LIMITS.entries} are allowed`);
  if (s > n * MAX_SENTENCES || t > s * MAX_TERMS_PER_SENTENCE) fail("the header's counts are inconsistent");
  if (typeof header.name !== 'string' || header.name.length > 200 || MARKUP.test(header.name))
    fail('the pack name is missing, too long or contains markup');
  return header;
}

export const metaCountError = (listed: number | 'no', n: number) => `the metadata lists ${listed} entries; the header says ${n}`;

export function checkSize(layout: PackLayout, end: number): void {
  if (layout.end !== end) fail(layout.end > end ? 'the pack is truncated' : 'the pack has trailing data after its fingerprints');
}

/**
 * Each entry's first sentence and first term (n + 1 of each), checked against the header's
 * counts: an entry's fingerprint is then a view of [start[i], start[i + 1]).
 */
export function entryStarts(
  header: PackHeader,
  sentenceCounts: Uint32Array,
  termCounts: Uint16Array,
): { sentenceStart: Uint32Array; termStart: Uint32Array } {
  const { entries: n, sentences: s, terms: t } = header;
  const sentenceStart = new Uint32Array(n + 1);
  const termStart = new Uint32Array(n + 1);
  let sAt = 0;
  let tAt = 0;
  for (let i = 0; i < n; i++) {
    const count = sentenceCounts[i]!;
    if (count > MAX_SENTENCES || sAt + count > s) fail(`entry ${i}: its sentence count does not fit the pack`);
    let entryTerms = 0;
    for (let j = sAt; j < sAt + count; j++) {
      const c = termCounts[j]!;
      if (c > MAX_TERMS_PER_SENTENCE) fail(`entry ${i}: a sentence has more terms than allowed`);
      entryTerms += c;
    }
    if (tAt + entryTerms > t) fail(`entry ${i}: its terms do not fit the pack`);
    sAt += count;
    tAt += entryTerms;
    sentenceStart[i + 1] = sAt;
    termStart[i + 1] = tAt;
  }
  if (sAt !== s || tAt !== t) fail("the header's counts do not match the entries");
  return { sentenceStart, termStart };
}

/** Checks entries' metadata in order: each valid, no id twice. */
export class MetaCheck {
  private readonly ids = new Set<string>();
  check(raw: unknown, i: number): EntryMeta {
    const meta = validateMeta(raw, i);
    if (this.ids.has(meta.id)) fail(`entry ${i}: the id "${meta.id}" appears twice`);
    this.ids.add(meta.id);
    return meta;
  }
}

/** A fingerprint from its sections' runs: the sentences' term counts become offsets. */
export function fingerprintOf(signature: Uint32Array, words: Uint16Array, termCounts: Uint16Array, terms: Uint32Array): Fingerprint {
  const offsets = new Uint32Array(words.length + 1);
  for (let j = 0; j < words.length; j++) offsets[j + 1] = offsets[j]! + termCounts[j]!;
  return { signature, words, offsets, terms };
}

function parse(input: Uint8Array, options: ReadOptions = {}): Pack {
  // A plain view: Node's Buffer overrides slice() to share memory.
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  // The fingerprint sections are read in place where they are aligned (a file read whole
  // starts its own buffer), else copied: copying 300 MB of a large pack took a tenth of
  // the CLI's start and doubled its memory for a moment.
  const u32 = (from: number, count: number) =>
    (bytes.byteOffset + from) % 4 === 0
      ? new Uint32Array(bytes.buffer, bytes.byteOffset + from, count)
      : new Uint32Array(bytes.slice(from, from + 4 * count).buffer);
  const u16 = (from: number, count: number) =>
    (bytes.byteOffset + from) % 2 === 0
      ? new Uint16Array(bytes.buffer, bytes.byteOffset + from, count)
      : new Uint16Array(bytes.slice(from, from + 2 * count).buffer);
  checkStart(bytes, bytes.length);
  const end = bytes.length - 32;
  let at = 8;
  const blob = (limit: number, what: string): unknown => {
    const len = sectionLength(bytes, at, end, limit, what);
    const value = sectionJson(bytes.subarray(at + 4, at + 4 + len), what);
    at += pad4(4 + len);
    return value;
  };
  const header = checkHeader(blob(PACK_LIMITS.headerBytes, 'header'));
  const { entries: n, sentences: s, terms: t } = header;
  const metasRaw = blob(PACK_LIMITS.metaBytes, 'entry metadata');
  if (!Array.isArray(metasRaw) || metasRaw.length !== n) fail(metaCountError(Array.isArray(metasRaw) ? metasRaw.length : 'no', n));
  const metas = metasRaw as unknown[];
  const k = PARAMS.numPerm;
  const layout = packLayout(at, header);
  checkSize(layout, end);
  const entries: Entry[] = new Array<Entry>(n);
  const signatures = u32(layout.signatures, n * k);
  const words = u16(layout.words, s);
  const termCounts = u16(layout.termCounts, s);
  const terms = u32(layout.terms, t);
  // Each entry's first sentence and first term; its fingerprint's views are made when it is
  // first read (a check reads about 30 of a pack's entries; making 4 views for each of
  // 300,000 entries took a second of the CLI's start).
  const { sentenceStart, termStart } = entryStarts(header, u32(layout.sentenceCounts, n), termCounts);
  const fingerprint = (i: number): Fingerprint => {
    const [s0, s1] = [sentenceStart[i]!, sentenceStart[i + 1]!];
    return fingerprintOf(
      signatures.subarray(i * k, (i + 1) * k),
      words.subarray(s0, s1),
      termCounts.subarray(s0, s1),
      terms.subarray(termStart[i]!, termStart[i + 1]!),
    );
  };
  const check = new MetaCheck();
  for (let i = 0; i < n; i++) {
    const meta = options.verified ? (metas[i] as EntryMeta) : check.check(metas[i], i);
    entries[i] = lazyEntry(meta, () => fingerprint(i));
  }
  return { header, entries };
}

/** An entry whose fingerprint is made on first read, then kept (an own, enumerable property either way). */
function lazyEntry(meta: EntryMeta, make: () => Fingerprint): Entry {
  return {
    meta,
    get fingerprint(): Fingerprint {
      const fingerprint = make();
      Object.defineProperty(this, 'fingerprint', { value: fingerprint, enumerable: true, writable: true, configurable: true });
      return fingerprint;
    },
  };
}

/** Reads and validates a pack. Never throws: a bad pack gives the reason it was refused. */
export async function readPack(bytes: Uint8Array, options: ReadOptions = {}): Promise<PackResult> {
  try {
    if (options.verified) return { ok: true, pack: parse(bytes, options) };
    // What the file is comes before whether it is intact: a page saved as .pack fails the checksum too.
    checkStart(bytes, bytes.length);
    if (bytes.length >= 32) {
      const body = bytes.subarray(0, bytes.length - 32);
      const sum = await sha256(body);
      const stored = bytes.subarray(bytes.length - 32);
      if (sum.some((b, i) => b !== stored[i])) {
        // Name the likelier cause first: a cut-off download fails the checksum too. Any other
        // fault (a flipped byte that breaks the metadata's text) is the corruption itself.
        try {
          parse(bytes);
        } catch (e) {
          if (e instanceof PackError && CUT_OFF.test(e.message)) throw e;
        }
        return { ok: false, error: CORRUPTED };
      }
    }
    return { ok: true, pack: parse(bytes) };
  } catch (e) {
    if (e instanceof PackError) return { ok: false, error: e.message };
    return { ok: false, error: `the pack could not be read: ${(e as Error).message}` };
  }
}
