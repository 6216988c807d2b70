import { PARAMS } from '../fingerprint';
import type { Entry, EntryMeta } from './entry';
import {
  checkHeader,
  checkSize,
  checkStart,
  CORRUPTED,
  entryStarts,
  fail,
  fingerprintOf,
  metaCountError,
  MetaCheck,
  PACK_LIMITS,
  PackError,
  packLayout,
  sectionJson,
  sectionLength,
  validateMeta,
  type PackHeader,
  type PackLayout,
} from './pack';
// Fed a slice at a time: WebCrypto digests only whole buffers (and Chromium copies the
// buffer first), so checking a 332 MB pack that way held it twice.
import { sha256 } from '@noble/hashes/sha2.js';

/**
 * A pack read a slice at a time (the format is lib/index/pack.ts's): the extension's import
 * never holds the file whole. scanPack reads it once, in order, and checks all that readPack
 * checks, with the same reasons (the checksum computed as it goes); readEntries then reads
 * any run of entries from the five sections that hold them. What stays in memory between
 * the two is where each entry's parts start, 16 bytes an entry.
 */

/** Random access to a pack's bytes (a File, through Blob.slice, or bytes in memory). */
export interface PackSource {
  size: number;
  read(from: number, to: number): Promise<Uint8Array>;
}

export const blobSource = (blob: Blob): PackSource => ({
  size: blob.size,
  read: async (from, to) => new Uint8Array(await blob.slice(from, to).arrayBuffer()),
});

/** What readEntries needs to find any entry's parts. */
export interface PackScan {
  header: PackHeader;
  size: number;
  layout: PackLayout;
  sentenceStart: Uint32Array;
  termStart: Uint32Array;
  /** Where each entry's metadata object starts and ends in the file. */
  metaStart: Uint32Array;
  metaEnd: Uint32Array;
}

export type ScanResult = { ok: true; scan: PackScan } | { ok: false; error: string };

/** Bytes read at a time in the scan: large enough for few reads, small beside any pack worth slicing. */
const SLICE = 4 << 20;

export interface ScanOptions {
  /** Each entry's metadata, in order, as it is read (for a preview). */
  onMeta?: (meta: EntryMeta, i: number) => void;
  /** Bytes read at a time. */
  slice?: number;
}

/**
 * Reads and checks a pack whole, a slice at a time. Never throws: a bad pack gives the
 * reason it was refused, the one readPack gives.
 */
export async function scanPack(source: PackSource, options: ScanOptions = {}): Promise<ScanResult> {
  try {
    return { ok: true, scan: await scan(source, options.onMeta ?? (() => {}), options.slice ?? SLICE) };
  } catch (e) {
    if (e instanceof PackError) return { ok: false, error: e.message };
    return { ok: false, error: `the pack could not be read: ${(e as Error).message}` };
  }
}

async function scan(source: PackSource, onMeta: (meta: EntryMeta, i: number) => void, sliceBytes: number): Promise<PackScan> {
  const size = source.size;
  const end = size - 32;
  const prefix = await source.read(0, Math.min(size, 8 + 4 + PACK_LIMITS.headerBytes + 8));
  checkStart(prefix, size);
  const headerLength = sectionLength(prefix, 8, end, PACK_LIMITS.headerBytes, 'header');
  const header = checkHeader(sectionJson(prefix.subarray(12, 12 + headerLength), 'header'));
  const metaAt = 8 + pad4(4 + headerLength);
  const metaLength = sectionLength(prefix, metaAt, end, PACK_LIMITS.metaBytes, 'entry metadata');
  const metaFrom = metaAt + 4;
  const layout = packLayout(metaAt + pad4(4 + metaLength), header);
  const sized = layout.end === end;
  const n = header.entries;
  const sentenceCounts = new Uint32Array(sized ? n : 0);
  const termCounts = new Uint16Array(sized ? header.sentences : 0);
  const metaStart = new Uint32Array(n);
  const metaEnd = new Uint32Array(n);
  const check = new MetaCheck();
  let metaError: string | null = null;
  let count = 0;
  const splitter = new ArraySplitter(metaFrom, (bytes, from, to) => {
    const i = count++;
    if (i >= n) return;
    metaStart[i] = from;
    metaEnd[i] = to;
    const raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (metaError !== null) return;
    try {
      onMeta(check.check(raw, i), i);
    } catch (e) {
      if (!(e instanceof PackError)) throw e;
      metaError = e.message;
    }
  });
  const sha = sha256.create();
  let malformed = false;
  for (let at = 0; at < end; at += sliceBytes) {
    const slice = await source.read(at, Math.min(end, at + sliceBytes));
    sha.update(slice);
    const metaPart = overlap(at, slice, metaFrom, metaFrom + metaLength);
    if (metaPart && !malformed) {
      try {
        splitter.push(metaPart.bytes, metaPart.from);
      } catch {
        malformed = true; // the whole section read again below gives the reason
      }
    }
    if (sized) {
      copyInto(
        new Uint8Array(sentenceCounts.buffer),
        overlap(at, slice, layout.sentenceCounts, layout.sentenceCounts + 4 * n),
        layout.sentenceCounts,
      );
      copyInto(
        new Uint8Array(termCounts.buffer),
        overlap(at, slice, layout.termCounts, layout.termCounts + 2 * header.sentences),
        layout.termCounts,
      );
    }
  }
  const stored = await source.read(end, size);
  const sum = sha.digest();
  if (sum.some((b, i) => b !== stored[i])) {
    checkSize(layout, end); // a cut-off file is named as such, as readPack names it
    fail(CORRUPTED);
  }
  if (malformed || !splitter.done()) {
    // Rare (only a broken pack): the section whole, for readPack's exact reason.
    const whole = sectionJson(await source.read(metaFrom, metaFrom + metaLength), 'entry metadata');
    if (!Array.isArray(whole) || whole.length !== n) fail(metaCountError(Array.isArray(whole) ? whole.length : 'no', n));
    fail('the entry metadata is not a plain JSON array');
  }
  if (count !== n) fail(metaCountError(count, n));
  checkSize(layout, end);
  const { sentenceStart, termStart } = entryStarts(header, sentenceCounts, termCounts);
  if (metaError !== null) fail(metaError);
  return { header, size, layout, sentenceStart, termStart, metaStart, metaEnd };
}

/**
 * Entries [from, to) of a scanned pack, read from its source. Their typed arrays are their
 * own (not views of one large buffer), so storing them copies only them.
 */
export async function readEntries(source: PackSource, scan: PackScan, from: number, to: number): Promise<Entry[]> {
  const { layout, sentenceStart: ss, termStart: ts } = scan;
  const k = PARAMS.numPerm;
  const [s0, s1, t0, t1] = [ss[from]!, ss[to]!, ts[from]!, ts[to]!];
  const [signatures, words, termCounts, terms, metas] = await Promise.all([
    source.read(layout.signatures + 4 * k * from, layout.signatures + 4 * k * to),
    source.read(layout.words + 2 * s0, layout.words + 2 * s1),
    source.read(layout.termCounts + 2 * s0, layout.termCounts + 2 * s1),
    source.read(layout.terms + 4 * t0, layout.terms + 4 * t1),
    source.read(scan.metaStart[from]!, scan.metaEnd[to - 1]!),
  ]);
  const [sig, w, tc, t] = [u32(signatures), u16(words), u16(termCounts), u32(terms)];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const metaBase = scan.metaStart[from]!;
  const out: Entry[] = [];
  for (let i = from; i < to; i++) {
    const raw = JSON.parse(decoder.decode(metas.subarray(scan.metaStart[i]! - metaBase, scan.metaEnd[i]! - metaBase)));
    const [a, b] = [ss[i]! - s0, ss[i + 1]! - s0];
    out.push({
      // Checked again: cheap, and the bytes were read again.
      meta: validateMeta(raw, i),
      fingerprint: fingerprintOf(
        sig.slice((i - from) * k, (i - from + 1) * k),
        w.slice(a, b),
        tc.subarray(a, b),
        t.slice(ts[i]! - t0, ts[i + 1]! - t0),
      ),
    });
  }
  return out;
}

const pad4 = (n: number) => (n + 3) & ~3;
// Each read is a buffer of its own, starting at a section's aligned offset.
const u32 = (b: Uint8Array) => new Uint32Array(b.buffer, b.byteOffset, b.byteLength >> 2);
const u16 = (b: Uint8Array) => new Uint16Array(b.buffer, b.byteOffset, b.byteLength >> 1);

/** The part of `slice` (at file offset `at`) within [from, to), with its file offset. */
function overlap(at: number, slice: Uint8Array, from: number, to: number): { bytes: Uint8Array; from: number } | null {
  const a = Math.max(at, from);
  const b = Math.min(at + slice.length, to);
  return a < b ? { bytes: slice.subarray(a - at, b - at), from: a } : null;
}

function copyInto(target: Uint8Array, part: { bytes: Uint8Array; from: number } | null, sectionAt: number): void {
  if (part) target.set(part.bytes, part.from - sectionAt);
}

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * Splits a JSON array, fed in pieces, into its elements' bytes (with their file offsets),
 * without parsing it whole: a million entries' metadata is hundreds of megabytes of objects.
 * Throws on anything but `[ value, value, ... ]`; each value is parsed by `onElement`.
 */
class ArraySplitter {
  /** 0 before "[", 1 inside, 2 after "]". */
  private state = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private start = -1;
  private carry: Uint8Array[] = [];
  private count = 0;
  private offset: number;

  constructor(
    private readonly first: number,
    private readonly onElement: (bytes: Uint8Array, from: number, to: number) => void,
  ) {
    this.offset = first;
  }

  push(bytes: Uint8Array, at: number): void {
    if (at !== this.offset) throw new Error('out of order');
    let i = 0;
    // A byte-order mark, which TextDecoder would drop.
    if (at === this.first && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
    for (; i < bytes.length; i++) {
      const c = bytes[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) this.inString = false;
        continue;
      }
      if (this.state !== 1) {
        if (SPACE.has(c)) continue;
        if (this.state === 0 && c === 0x5b) {
          this.state = 1;
          continue;
        }
        throw new Error('not an array');
      }
      if (this.depth === 0) {
        if (c === 0x2c || c === 0x5d) {
          if (this.start >= 0) this.emit(bytes, at, i);
          else if (c === 0x2c || this.count > 0) throw new Error('empty element');
          if (c === 0x5d) this.state = 2;
          continue;
        }
        if (SPACE.has(c)) continue;
        if (this.start < 0) this.start = at + i;
      }
      if (c === 0x22) this.inString = true;
      else if (c === 0x7b || c === 0x5b) this.depth++;
      else if (c === 0x7d || c === 0x5d) this.depth--;
    }
    if (this.start >= 0) this.carry.push(bytes.subarray(Math.max(0, this.start - at)));
    this.offset = at + bytes.length;
  }

  done(): boolean {
    return this.state === 2 && !this.inString;
  }

  /** The element from this.start to offset i of this piece (exclusive), trailing spaces trimmed. */
  private emit(bytes: Uint8Array, at: number, i: number): void {
    let last = i;
    while (last > 0 && SPACE.has(bytes[last - 1]!)) last--;
    const head = bytes.subarray(Math.max(0, this.start - at), last);
    const whole = this.carry.length ? concat([...this.carry, head]) : head;
    // Spaces trimmed from a carried piece's end are harmless to JSON.parse.
    this.onElement(whole, this.start, this.start + whole.length);
    this.carry = [];
    this.start = -1;
    this.count++;
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
