/**
 * Section 5: what the built Chrome extension weighs, per entrypoint (.output/chrome-mv3):
 * the background worker, the content script (injected into every page), the popup and the
 * options page (their HTML plus every chunk and stylesheet they load, shared ones included),
 * and the bundled index files.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './data';
import { bytes, table } from './util';

const OUT = join(ROOT, '.output/chrome-mv3');

export interface BundleFile {
  path: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleGroup {
  name: string;
  files: string[];
  bytes: number;
  gzipBytes: number;
}

export interface BundleResults {
  dir: string;
  files: BundleFile[];
  groups: BundleGroup[];
  totalBytes: number;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Files an HTML page loads, with the chunks those import, transitively (paths relative to the output folder). */
function closure(start: string, known: ReadonlySet<string>): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !known.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(OUT, file), 'utf8');
    const refs = file.endsWith('.html')
      ? [...text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
      : file.endsWith('.js')
        ? [...text.matchAll(/(?:from|import\()\s*["']([^"']+\.js)["']/g)].map((m) => m[1]!)
        : [];
    for (const ref of refs) {
      if (/^[a-z]+:/i.test(ref)) continue;
      visit(ref.startsWith('/') ? ref.slice(1) : posix.normalize(posix.join(dirname(file), ref)));
    }
  };
  visit(start);
  return [...seen];
}

export function benchBundle(): BundleResults | null {
  if (!existsSync(OUT)) {
    console.log(`\n5. Bundle sizes: skipped - ${OUT} does not exist (run \`npm run build\`)`);
    return null;
  }
  const files: BundleFile[] = walk(OUT)
    .map((p) => {
      const data = readFileSync(p);
      return { path: relative(OUT, p).split('\\').join('/'), bytes: data.length, gzipBytes: gzipSync(data, { level: 9 }).length };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
  const byPath = new Map(files.map((f) => [f.path, f]));
  const known = new Set(byPath.keys());
  const group = (name: string, paths: string[]): BundleGroup => {
    const fs = paths.map((p) => byPath.get(p)).filter((f): f is BundleFile => !!f);
    return {
      name,
      files: fs.map((f) => f.path),
      bytes: fs.reduce((a, f) => a + f.bytes, 0),
      gzipBytes: fs.reduce((a, f) => a + f.gzipBytes, 0),
    };
  };
  const groups: BundleGroup[] = [
    group('background (service worker)', ['background.js']),
    group(
      'content script (every page)',
      files.filter((f) => f.path.startsWith('content-scripts/')).map((f) => f.path),
    ),
    group('popup (html + chunks + css)', closure('popup.html', known)),
    group('options (html + chunks + css)', closure('options.html', known)),
    group(
      'index/* (bundled pack + IDF table)',
      files.filter((f) => f.path.startsWith('index/')).map((f) => f.path),
    ),
  ];
  const totalBytes = files.reduce((a, f) => a + f.bytes, 0);
  const results: BundleResults = { dir: relative(ROOT, OUT), files, groups, totalBytes };
  table(
    `5. Bundle sizes (${results.dir}; gzip -9 for reference; shared chunks count in each page that loads them)`,
    ['entrypoint', 'bytes', 'gzip', 'files'],
    [
      ...groups.map((g) => [g.name, bytes(g.bytes), bytes(g.gzipBytes), g.files.join(', ')]),
      ['whole extension folder', bytes(totalBytes), bytes(files.reduce((a, f) => a + f.gzipBytes, 0)), `${files.length} files`],
    ],
  );
  table(
    'Every file',
    ['file', 'bytes', 'gzip'],
    files.map((f) => [f.path, bytes(f.bytes), bytes(f.gzipBytes)]),
  );
  return results;
}
