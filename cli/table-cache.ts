/**
 * The candidate tables of the packs given to `check --index` and `serve` (lib/candidates),
 * kept beside the first pack (`<pack>.tables`) so that the next start reads them instead of
 * rebuilding them: building sorts every entry's terms to find its rarest, several seconds
 * with a 300,000-entry pack. The cache is keyed by the packs' own SHA-256
 * trailers (readPack has verified them), the IDF table and the table layout, so any change
 * to either side rebuilds it; it is only ever an optimisation, and a cache that cannot be
 * read or written is ignored.
 *
 * It also records each pack file's size, inode and change time (ctime, which any write moves
 * and which, unlike the modification time, cannot be set back) as they were when readPack
 * verified the file whole: while they are the same, the next start skips the checksum and
 * the per-entry metadata checks (0.8 s and 0.3 s with 300,000 entries).
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { TABLES_FORMAT, type KeyTables } from '../lib/candidates';

const MAGIC = 'NPTB';
/** Bumped whenever this file's layout changes; TABLES_FORMAT whenever what the tables hold does. */
const LAYOUT = `2.${TABLES_FORMAT}`;

export function cacheKey(packBytes: readonly Uint8Array[], idfBytes: Uint8Array): string {
  const h = createHash('sha256').update(`${MAGIC}${LAYOUT}`);
  for (const b of packBytes) h.update(b.subarray(b.length - 32));
  return h.update(idfBytes).digest('hex');
}

/** A pack file as it was when it was verified. */
export interface FileStamp {
  size: number;
  ino: number;
  ctimeMs: number;
}

export function stampOf(file: string): FileStamp | null {
  try {
    const s = statSync(file);
    return { size: s.size, ino: s.ino, ctimeMs: s.ctimeMs };
  } catch {
    return null;
  }
}

interface Header {
  key: string;
  /** The packs' files when they were verified (older caches have none). */
  stamps?: Array<FileStamp | null>;
  count: number;
  bucketBits: number;
  idBits: number;
  lengths: [number, number];
}

/** Whether the cache says the pack files were verified as they are now, for this key. */
export function verifiedBefore(file: string, key: string, stamps: ReadonlyArray<FileStamp | null>): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(64 * 1024);
    const got = readSync(fd, head, 0, head.length, 0);
    if (got < 8 || head.toString('latin1', 0, 4) !== MAGIC) return false;
    const len = head.readUInt32LE(4);
    if (8 + len > got) return false;
    const header = JSON.parse(head.toString('utf8', 8, 8 + len)) as Header;
    return (
      header.key === key &&
      stamps.every((s) => s !== null) &&
      header.stamps?.length === stamps.length &&
      header.stamps.every(
        (h, i) => h !== null && h.size === stamps[i]!.size && h.ino === stamps[i]!.ino && h.ctimeMs === stamps[i]!.ctimeMs,
      )
    );
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function readTables(file: string, key: string, count: number): KeyTables | null {
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
    const [a, b] = header.lengths;
    if (at + 4 * (a + b) !== bytes.length) return null;
    const take = (n: number) => {
      const out = new Uint32Array(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + 4 * n));
      at += 4 * n;
      return out;
    };
    const offsets = take(a);
    const postings = take(b);
    return { format: TABLES_FORMAT, count: header.count, bucketBits: header.bucketBits, idBits: header.idBits, offsets, postings };
  } catch {
    return null;
  }
}

export function writeTables(file: string, key: string, t: KeyTables, stamps: ReadonlyArray<FileStamp | null> = []): void {
  const header: Header = {
    key,
    stamps: [...stamps],
    count: t.count,
    bucketBits: t.bucketBits,
    idBits: t.idBits,
    lengths: [t.offsets.length, t.postings.length],
  };
  const json = Buffer.from(JSON.stringify(header));
  const head = Buffer.alloc(8 + json.length + ((4 - ((8 + json.length) % 4)) % 4));
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(json.length, 4);
  json.copy(head, 8);
  const part = (a: Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, Buffer.concat([head, part(t.offsets), part(t.postings)]));
    renameSync(tmp, file);
  } catch {
    // A read-only folder or a full disk: the next start rebuilds the tables, as it would without a cache.
    rmSync(tmp, { force: true });
  }
}
