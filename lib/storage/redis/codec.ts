import { createHash } from 'node:crypto';
import { entryKeys } from '../../candidates';
import { MAX_SENTENCES, MAX_TERMS_PER_SENTENCE, PARAMS, type Fingerprint } from '../../fingerprint';
import { validateMeta, type Entry, type EntryMeta } from '../../index';
import type { Idf } from '../../match/idf';
import { StoreRefused } from '../errors';
import { sketchKey } from './keys';

/**
 * An entry as the store keeps it: fixed-width little-endian binary values (as in a pack),
 * so a fingerprint read back is bit for bit the one that was pushed.
 *
 *   sig   numPerm u32                     the MinHash signature (256 bytes)
 *   sk    u32 S, S u16 words per sentence, S u16 terms per sentence, zero padding to a
 *         multiple of 4, then the sorted u32 term hashes of every sentence
 *   meta  the EntryMeta as JSON
 */

export const SIGNATURE_BYTES = 4 * PARAMS.numPerm;

export interface EncodedEntry {
  sig: Buffer;
  sk: Buffer;
  meta: string;
  /** Digest of the three values: the ready marker, so an unchanged entry is recognised without reading it. */
  digest: string;
}

const pad4 = (n: number) => (n + 3) & ~3;

/** EntryMeta's fields in one order, so the same metadata from a pack or a corpus line has the same bytes (and digest). */
const META_FIELDS: Array<keyof EntryMeta> = ['id', 'title', 'url', 'publisher', 'author', 'published', 'original', 'lang', 'words'];

export function encodeEntry(e: Entry): EncodedEntry {
  const f = e.fingerprint;
  const sig = Buffer.alloc(SIGNATURE_BYTES);
  f.signature.forEach((v, i) => sig.writeUInt32LE(v, 4 * i));
  const s = f.words.length;
  const termsAt = pad4(4 + 4 * s);
  const sk = Buffer.alloc(termsAt + 4 * f.terms.length);
  sk.writeUInt32LE(s, 0);
  for (let i = 0; i < s; i++) {
    sk.writeUInt16LE(f.words[i]!, 4 + 2 * i);
    sk.writeUInt16LE(f.offsets[i + 1]! - f.offsets[i]!, 4 + 2 * s + 2 * i);
  }
  f.terms.forEach((t, i) => sk.writeUInt32LE(t, termsAt + 4 * i));
  const meta = JSON.stringify(e.meta, META_FIELDS);
  const digest = createHash('sha256').update(sig).update(sk).update(meta).digest('base64url').slice(0, 22);
  return { sig, sk, meta, digest };
}

export function decodeSignature(sig: Buffer, key: string): Uint32Array {
  if (sig.length !== SIGNATURE_BYTES) throw new StoreRefused(`${key} holds ${sig.length} bytes, not a ${SIGNATURE_BYTES}-byte signature`);
  const out = new Uint32Array(PARAMS.numPerm);
  for (let i = 0; i < out.length; i++) out[i] = sig.readUInt32LE(4 * i);
  return out;
}

/** The candidate keys of the entry stored under number n, from its stored sketches: the lists it is in. */
export function storedKeys(sk: Buffer, n: number, idf: Idf): Uint32Array {
  return entryKeys(decodeSketch(sk, sketchKey(n)), idf);
}

function decodeSketch(sk: Buffer, key: string): Omit<Fingerprint, 'signature'> {
  const bad = (why: string): never => {
    throw new StoreRefused(`${key} is not a sentence sketch: ${why}`);
  };
  if (sk.length < 4) bad('too short');
  const s = sk.readUInt32LE(0);
  if (s > MAX_SENTENCES) bad(`${s} sentences`);
  const termsAt = pad4(4 + 4 * s);
  const words = new Uint16Array(s);
  const offsets = new Uint32Array(s + 1);
  if (sk.length < termsAt) bad('truncated');
  for (let i = 0; i < s; i++) {
    words[i] = sk.readUInt16LE(4 + 2 * i);
    const count = sk.readUInt16LE(4 + 2 * s + 2 * i);
    if (count > MAX_TERMS_PER_SENTENCE) bad(`a sentence of ${count} terms`);
    offsets[i + 1] = offsets[i]! + count;
  }
  if (sk.length !== termsAt + 4 * offsets[s]!) bad(`${sk.length} bytes for ${offsets[s]} terms`);
  const terms = new Uint32Array(offsets[s]!);
  for (let i = 0; i < terms.length; i++) terms[i] = sk.readUInt32LE(termsAt + 4 * i);
  return { terms, offsets, words };
}

function decodeMeta(meta: Buffer, key: string): EntryMeta {
  // Validated as a pack's metadata is: the answer of a check may be shown in a browser.
  try {
    return validateMeta(JSON.parse(meta.toString('utf8')), 0);
  } catch (e) {
    throw new StoreRefused(`${key} is not valid entry metadata: ${(e as Error).message.replace(/^entry 0: /, '')}`);
  }
}

export function decodeEntry(keys: { sig: string; sk: string; meta: string }, sig: Buffer, sk: Buffer, meta: Buffer): Entry {
  return {
    meta: decodeMeta(meta, keys.meta),
    fingerprint: { signature: decodeSignature(sig, keys.sig), ...decodeSketch(sk, keys.sk) },
  };
}
