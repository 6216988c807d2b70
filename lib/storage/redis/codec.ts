import { createHash } from 'node:crypto';
import { entryKeys } from '../../candidates';
import { MAX_SENTENCES, MAX_TERMS_PER_SENTENCE, PARAMS, signTerms, type Fingerprint } from '../../fingerprint';
import { validateMeta, type Entry, type EntryMeta } from '../../index';
import type { Idf } from '../../match/idf';
import { StoreRefused } from '../errors';
import { entryKey, u32le } from './keys';

/**
 * An entry as the store keeps it: one binary value (fixed-width little-endian numbers, as in
 * a pack), so that a fingerprint read back is bit for bit the one that was pushed, and one
 * key an entry (the per-key overhead of Redis, ~90 bytes, was a quarter of an entry):
 *
 *   u8    ready: 1 once the entry's list memberships are all written (it is then served), else 0
 *   u8    flags: 1 when the MinHash signature is stored (it is not when, as for every entry
 *         this engine writes, signing the sketches' terms gives it back: 256 bytes saved)
 *   16 B  digest of signature, sketches and metadata: an unchanged entry is recognised
 *         without decoding it
 *   u32   length of the sketches
 *   [numPerm u32 signature, when flagged]
 *   sketches: u32 S (its top bit set when every count below fits in a byte: they are then
 *         u8, ~40 bytes saved an entry), S u16 words per sentence, S u16 terms per sentence, zero padding to a
 *         multiple of 4, then the u32 term hashes of every sentence in order of first mention
 *   the EntryMeta as a JSON array of its fields in META_FIELDS order (null for a field it
 *         lacks, none after its last), to the end: the field names were ~40 bytes an entry
 */

export const SIGNATURE_BYTES = 4 * PARAMS.numPerm;
/** Offset of the ready byte: SETRANGE writes it alone. */
export const READY_AT = 0;
const FLAGS_AT = 1;
const DIGEST_AT = 2;
const DIGEST_BYTES = 16;
const SKETCH_LENGTH_AT = DIGEST_AT + DIGEST_BYTES;
export const HEADER_BYTES = SKETCH_LENGTH_AT + 4;
const SIGNATURE_STORED = 1;
/** Top bit of a sketch's sentence count: its per-sentence counts are bytes. */
const NARROW = 0x80000000;

export const READY = Buffer.from([1]);
export const WITHDRAWN = Buffer.from([0]);

const pad4 = (n: number) => (n + 3) & ~3;

/** EntryMeta's fields in one order, so the same metadata from a pack or a corpus line has the same bytes (and digest). Append only. */
const META_FIELDS: Array<keyof EntryMeta> = ['id', 'title', 'url', 'publisher', 'author', 'published', 'original', 'lang', 'words'];

/** The entry's value, not yet ready (its list memberships are written after it). */
export function encodeEntry(e: Entry): Buffer {
  const f = e.fingerprint;
  const s = f.words.length;
  const counts = Array.from({ length: s }, (_, i) => f.offsets[i + 1]! - f.offsets[i]!);
  const narrow = f.words.every((w) => w < 256) && counts.every((c) => c < 256);
  const width = narrow ? 1 : 2;
  const termsAt = pad4(4 + 2 * width * s);
  const sk = Buffer.alloc(termsAt + 4 * f.terms.length);
  sk.writeUInt32LE((s | (narrow ? NARROW : 0)) >>> 0, 0);
  for (let i = 0; i < s; i++) {
    sk.writeUIntLE(f.words[i]!, 4 + width * i, width);
    sk.writeUIntLE(counts[i]!, 4 + width * (s + i), width);
  }
  u32le(f.terms).copy(sk, termsAt);
  const sig = u32le(f.signature);
  const derived = signTerms(f.terms);
  const keepSignature = derived.length !== f.signature.length || derived.some((v, i) => v !== f.signature[i]);
  const meta = Buffer.from(JSON.stringify(metaArray(e.meta)), 'utf8');
  const header = Buffer.alloc(HEADER_BYTES);
  header[FLAGS_AT] = keepSignature ? SIGNATURE_STORED : 0;
  createHash('sha256').update(sig).update(sk).update(meta).digest().copy(header, DIGEST_AT, 0, DIGEST_BYTES);
  header.writeUInt32LE(sk.length, SKETCH_LENGTH_AT);
  return Buffer.concat(keepSignature ? [header, sig, sk, meta] : [header, sk, meta]);
}

/**
 * A stored value, or null where there is none: a lone ready byte is what SETRANGE leaves
 * when it withdraws an entry whose value a killed removal had already deleted.
 */
export const storedValue = (value: Buffer | null | undefined): Buffer | null => (value && value.length > 1 ? value : null);

export const isReady = (value: Buffer): boolean => value.length >= HEADER_BYTES && value[READY_AT] === 1;

/** Whether two values hold the same entry (their digests agree), whatever their ready byte. */
export function sameEntry(a: Buffer, b: Buffer): boolean {
  return (
    a.length >= HEADER_BYTES && b.length >= HEADER_BYTES && a.compare(b, DIGEST_AT, SKETCH_LENGTH_AT, DIGEST_AT, SKETCH_LENGTH_AT) === 0
  );
}

/** The parts of a stored value; refused with the key named when it is not one. */
function parts(value: Buffer, key: string): { sig: Buffer | null; sk: Buffer; meta: Buffer } {
  if (value.length < HEADER_BYTES) throw new StoreRefused(`${key} holds ${value.length} bytes, too few for an entry`);
  const sigBytes = value[FLAGS_AT]! & SIGNATURE_STORED ? SIGNATURE_BYTES : 0;
  const skAt = HEADER_BYTES + sigBytes;
  const skEnd = skAt + value.readUInt32LE(SKETCH_LENGTH_AT);
  if (skEnd > value.length) throw new StoreRefused(`${key} is truncated: its sketches run past its end`);
  return { sig: sigBytes ? value.subarray(HEADER_BYTES, skAt) : null, sk: value.subarray(skAt, skEnd), meta: value.subarray(skEnd) };
}

function decodeSignature(sig: Buffer): Uint32Array {
  const out = new Uint32Array(PARAMS.numPerm);
  for (let i = 0; i < out.length; i++) out[i] = sig.readUInt32LE(4 * i);
  return out;
}

/** The candidate keys of the entry stored under number n, from its stored sketches: the lists it is in. */
export function storedKeys(value: Buffer, n: number, idf: Idf): Uint32Array {
  const key = entryKey(n);
  return entryKeys(decodeSketch(parts(value, key).sk, key), idf);
}

function decodeSketch(sk: Buffer, key: string): Omit<Fingerprint, 'signature'> {
  const bad = (why: string): never => {
    throw new StoreRefused(`${key} does not hold valid sentence sketches: ${why}`);
  };
  if (sk.length < 4) bad('too short');
  const head = sk.readUInt32LE(0);
  const s = (head & ~NARROW) >>> 0;
  const width = head & NARROW ? 1 : 2;
  if (s > MAX_SENTENCES) bad(`${s} sentences`);
  const termsAt = pad4(4 + 2 * width * s);
  const words = new Uint16Array(s);
  const offsets = new Uint32Array(s + 1);
  if (sk.length < termsAt) bad('truncated');
  for (let i = 0; i < s; i++) {
    words[i] = sk.readUIntLE(4 + width * i, width);
    const count = sk.readUIntLE(4 + width * (s + i), width);
    if (count > MAX_TERMS_PER_SENTENCE) bad(`a sentence of ${count} terms`);
    offsets[i + 1] = offsets[i]! + count;
  }
  if (sk.length !== termsAt + 4 * offsets[s]!) bad(`${sk.length} bytes for ${offsets[s]} terms`);
  const terms = new Uint32Array(offsets[s]!);
  for (let i = 0; i < terms.length; i++) terms[i] = sk.readUInt32LE(termsAt + 4 * i);
  return { terms, offsets, words };
}

function metaArray(meta: EntryMeta): unknown[] {
  const out = META_FIELDS.map((f) => meta[f] ?? null);
  while (out.length && out[out.length - 1] === null) out.pop();
  return out;
}

function decodeMeta(meta: Buffer, key: string): EntryMeta {
  // Validated as a pack's metadata is: the answer of a check may be shown in a browser.
  try {
    const fields: unknown = JSON.parse(meta.toString('utf8'));
    if (!Array.isArray(fields) || fields.length > META_FIELDS.length)
      throw new Error(`entry 0: not an array of at most ${META_FIELDS.length} fields`);
    const record: Record<string, unknown> = {};
    fields.forEach((v, i) => {
      if (v !== null) record[META_FIELDS[i]!] = v;
    });
    return validateMeta(record, 0);
  } catch (e) {
    throw new StoreRefused(`${key} does not hold valid entry metadata: ${(e as Error).message.replace(/^entry 0: /, '')}`);
  }
}

export function decodeEntry(value: Buffer, key: string): Entry {
  const { sig, sk, meta } = parts(value, key);
  const sketch = decodeSketch(sk, key);
  return {
    meta: decodeMeta(meta, key),
    fingerprint: { signature: sig ? decodeSignature(sig) : signTerms(sketch.terms), ...sketch },
  };
}
