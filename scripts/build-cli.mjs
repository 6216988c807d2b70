#!/usr/bin/env node
/**
 * Bundles the CLI (cli/main.ts, lib/ and the packages they use) into plain JavaScript in
 * .output/cli, so that `provenance` starts in a fraction of the time tsx takes to compile
 * TypeScript on every call. Run by `npm run build` and after `npm install`. The Redis
 * client stays a chunk of its own, loaded only by the commands that talk to a store.
 * Plain JavaScript itself: it runs at install, before anything is compiled.
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, '.output/cli');
rmSync(outdir, { recursive: true, force: true });
await build({
  // The worker threads of `index build` and `index push` run a script of their own.
  entryPoints: { provenance: join(root, 'cli/main.ts'), 'fingerprint-worker': join(root, 'cli/fingerprint-worker.ts') },
  outdir,
  bundle: true,
  splitting: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  // Bundled CommonJS packages call require(): give them Node's.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
