/**
 * What `--index` and `index info` accept besides pack files: a set of dated parts as
 * `index build --parts` writes it, given by its manifest.json or by the folder that holds it.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MANIFEST_FILE, parseManifest, type Manifest } from '../lib/index/manifest';
import { isManifestHead } from '../lib/index/pack';
import { fileHead } from './corpus-stream';
import { DataError, readBytes } from './files';

/** A pack to read; a manifest's part carries the number of entries the manifest lists for it. */
export interface PackPath {
  path: string;
  listed?: { entries: number; manifest: string };
}

/** A manifest read from disk, its parts' paths resolved beside it. */
export interface LocalManifest {
  path: string;
  manifest: Manifest;
  parts: PackPath[];
}

/**
 * The manifest a path names (the file itself, or the one in a folder), or null when it is a
 * pack or a corpus: only the first bytes of those are read (a pack may be hundreds of MB, and
 * is read once, by whoever loads it).
 */
export function localManifest(path: string): LocalManifest | null {
  const folder = statSync(path, { throwIfNoEntry: false })?.isDirectory();
  const file = folder ? join(path, MANIFEST_FILE) : path;
  if (folder && !existsSync(file))
    throw new DataError(`${path} is a folder without a ${MANIFEST_FILE}: give the packs in it (--index ${join(path, '*.pack')})`);
  if (!folder && !isManifestHead(fileHead(file))) return null;
  const read = parseManifest(new TextDecoder().decode(readBytes(file)));
  if (!read.ok) throw new DataError(`${file} was refused: ${read.error}`);
  const parts = read.manifest.parts.map((p) => ({ path: join(dirname(file), p.url), listed: { entries: p.entries, manifest: file } }));
  return { path: file, manifest: read.manifest, parts };
}

/** The packs to read for these arguments, each manifest replaced by its parts, in order. */
export function packPaths(args: readonly string[]): PackPath[] {
  return args.flatMap((path) => localManifest(path)?.parts ?? [{ path }]);
}

/**
 * A part must hold what its manifest lists. Its own checksum proves it whole; the count tells a
 * part rebuilt since the manifest was written (its SHA-256 is not computed at every start:
 * that would cost the fast start the tables cache gives, about 0.4 s for 376 MB).
 */
export function checkListed(p: PackPath, entries: number): void {
  if (p.listed && p.listed.entries !== entries)
    throw new DataError(
      `${p.path} holds ${entries} entries where ${p.listed.manifest} lists ${p.listed.entries}: the parts changed since the manifest was written (run index build --parts again)`,
    );
}
