/**
 * Section 7: the command line as a script calls it, `node bin/provenance.mjs check <file>`
 * against the bundled index: wall time from process start to the result, for the bundled
 * JavaScript (.output/cli) and, for comparison, the TypeScript through tsx.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './data';
import { median, ms, now, percentile, table } from './util';

export interface CliResults {
  runs: number;
  bundledMs: number[] | null;
  tsxMs: number[];
}

function time(args: string[], runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = now();
    const r = spawnSync('node', args, { cwd: ROOT, encoding: 'utf8' });
    out.push(now() - t);
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return out;
}

export function benchCli(runs = 10): CliResults {
  const page = 'demo/derivative.html';
  // The bundle itself: bin/provenance.mjs would quietly fall back to tsx after an edit to
  // cli/ or lib/, and the two rows would then time the same thing.
  const bundled = existsSync(join(ROOT, '.output/cli/provenance.mjs'))
    ? time(
        ['--input-type=module', '-e', `const { main } = await import('./.output/cli/provenance.mjs'); await main(['check', '${page}']);`],
        runs,
      )
    : null;
  // What bin/provenance.mjs did before the bundle: compile cli/ and lib/ on every call.
  const tsx = time(
    ['--import', 'tsx', '--input-type=module', '-e', `const { main } = await import('./cli/main.ts'); await main(['check', '${page}']);`],
    runs,
  );
  const row = (name: string, xs: number[] | null) =>
    xs ? [name, ms(median(xs)), ms(percentile(xs, 90)), ms(Math.min(...xs))] : [name, 'not built (npm run build)', '', ''];
  table(
    `7. CLI start-up to first result: \`node bin/provenance.mjs check ${page}\`, bundled index (${runs} runs each; npx adds its own start-up)`,
    ['CLI', 'median', 'p90', 'min'],
    [row('bundled JavaScript (.output/cli)', bundled), row('TypeScript through tsx', tsx)],
  );
  return { runs, bundledMs: bundled, tsxMs: tsx };
}
