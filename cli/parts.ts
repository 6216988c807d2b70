/**
 * `--parts <dir>` of `index build` and `index crawl`: a pack split into dated parts (one per
 * month of publication, the undated apart) and the manifest that lists them
 * (lib/index/manifest.ts). A part whose entries did not change is left byte for byte as it
 * was, so a subscriber's refresh downloads only the parts that did.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  MANIFEST_FILE,
  parseManifest,
  readPack,
  sha256Hex,
  splitByPeriod,
  validateMeta,
  writeManifest,
  writePack,
  type Entry,
  type ManifestPart,
} from '../lib/index';

export interface PartsWritten {
  parts: number;
  written: string[];
  removed: string[];
  manifest: string;
}

/** Written beside the target and renamed over it, so an interrupted write never leaves half a file. */
function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export async function writeParts(
  entries: readonly Entry[],
  dir: string,
  name: string,
  warn: (line: string) => void,
): Promise<PartsWritten> {
  mkdirSync(dir, { recursive: true });
  const manifestPath = join(dir, MANIFEST_FILE);
  let old: ManifestPart[] = [];
  let oldName: string | null = null;
  if (existsSync(manifestPath)) {
    const r = parseManifest(readFileSync(manifestPath, 'utf8'));
    if (r.ok) {
      old = r.manifest.parts;
      oldName = r.manifest.name;
    } else warn(`${manifestPath} ignored (${r.error}): every part is written again`);
  }
  const oldByUrl = new Map(old.map((p) => [p.url, p]));
  const now = new Date().toISOString();
  const parts: ManifestPart[] = [];
  const written: string[] = [];
  // Metadata in the key order a pack reads back (validateMeta's), so the same entries write
  // the same bytes whether they come from a corpus, a crawl or a pack.
  const canonical = entries.map((e, i) => ({ ...e, meta: validateMeta(e.meta, i) }));
  for (const group of splitByPeriod(canonical)) {
    const url = `${group.period}.pack`;
    const path = join(dir, url);
    const partName = `${name} ${group.period}`;
    const before = oldByUrl.get(url);
    let bytes: Uint8Array | null = null;
    if (before && existsSync(path)) {
      const current = readFileSync(path);
      const read = await readPack(current);
      // The same entries written with the part's own creation time give the same bytes.
      if (read.ok && (await sha256Hex(current)) === before.sha256) {
        const again = await writePack(group.entries, partName, read.pack.header.created);
        if ((await sha256Hex(again)) === before.sha256) bytes = current;
      }
    }
    if (!bytes) {
      bytes = await writePack(group.entries, partName, now);
      writeAtomic(path, bytes);
      written.push(url);
    }
    parts.push({ url, entries: group.entries.length, sha256: await sha256Hex(bytes), period: group.period });
  }
  const kept = new Set(parts.map((p) => p.url));
  const removed: string[] = [];
  for (const p of old) {
    // Only files this layout wrote (a period's name) are removed, never a path from elsewhere.
    if (!kept.has(p.url) && /^(\d{4}-\d{2}|undated)\.pack$/.test(p.url) && existsSync(join(dir, p.url))) {
      unlinkSync(join(dir, p.url));
      removed.push(p.url);
    }
  }
  const unchanged = !written.length && !removed.length && oldName === name && old.length === parts.length;
  if (!unchanged) writeAtomic(manifestPath, writeManifest({ name, created: now, parts }));
  return { parts: parts.length, written, removed, manifest: manifestPath };
}

/** The summary line of a parts layout. */
export function partsLine(w: PartsWritten): string {
  const changed = w.written.length ? `${w.written.length} written (${w.written.join(', ')})` : 'none written';
  return `${w.manifest}: ${w.parts === 1 ? '1 part' : `${w.parts} parts`}, ${changed}${w.removed.length ? `, ${w.removed.length} removed` : ''}\n`;
}
