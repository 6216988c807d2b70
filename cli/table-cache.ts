/**
 * The LSH tables of the packs given to `check --index` and `serve`, kept beside the first
 * pack (`<pack>.tables`) so that the next start reads them instead of rebuilding them:
 * building re-signs every entry's sketches to find the common-word bands, which took 5.7 s
 * of a 8.8 s start with a 300,000-entry pack. The cache is keyed by the packs' own SHA-256
 * trailers (readPack has verified them), the IDF table and the table layout, so any change
 * to either side rebuilds it; it is only ever an optimisation, and a cache that cannot be
 * read or written is ignored.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { LshTables } from '../lib/index';

const MAGIC = 'NPTB';
/** Bumped whenever LshIndex.build or the common-band rule changes what it writes. */
const LAYOUT = 1;

export function cacheKey(packBytes: readonly Uint8Array[], idfBytes: Uint8Array): string {
  const h = createHash('sha256').update(`${MAGIC}${LAYOUT}`);
  for (const b of packBytes) h.update(b.subarray(b.length - 32));
  return h.update(idfBytes).digest('hex');
}

interface Header {
  key: string;
  bands: number;
  count: number;
  bucketBits: number;
  idBits: number;
  lengths: [number, number, number];
}

export function readTables(file: string, key: string, count: number): LshTables | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return null;
  }
  try {
    if (bytes.toString('latin1', 0, 4) !== MAGIC) return null;
    const len = bytes.readUInt32LE(4);
    const header = JSON.parse(bytes.toString('utf8', 8, 8 + len)) as Header;
    if (header.key !== key || header.count !== count) return null;
    let at = 8 + len + ((4 - ((8 + len) % 4)) % 4);
    const [a, b, c] = header.lengths;
    if (at + 4 * (a + b + c) !== bytes.length) return null;
    const take = (n: number) => {
      const out = new Uint32Array(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + 4 * n));
      at += 4 * n;
      return out;
    };
    const starts = take(a);
    const offsets = take(b);
    const postings = take(c);
    return { bands: header.bands, count: header.count, bucketBits: header.bucketBits, idBits: header.idBits, starts, offsets, postings };
  } catch {
    return null;
  }
}

export function writeTables(file: string, key: string, t: LshTables): void {
  const header: Header = {
    key,
    bands: t.bands,
    count: t.count,
    bucketBits: t.bucketBits,
    idBits: t.idBits,
    lengths: [t.starts.length, t.offsets.length, t.postings.length],
  };
  const json = Buffer.from(JSON.stringify(header));
  const head = Buffer.alloc(8 + json.length + ((4 - ((8 + json.length) % 4)) % 4));
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(json.length, 4);
  json.copy(head, 8);
  const part = (a: Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, Buffer.concat([head, part(t.starts), part(t.offsets), part(t.postings)]));
    renameSync(tmp, file);
  } catch {
    // A read-only folder or a full disk: the next start rebuilds the tables, as it would without a cache.
    rmSync(tmp, { force: true });
  }
}
