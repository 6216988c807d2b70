/**
 * `npm run lint:firefox`: `web-ext lint` on the Firefox build, one line per message (file,
 * line, code, message, and why), where web-ext's own table is cut to the terminal's width.
 * Fails on any error, and on any warning but the ones README "Firefox lint" explains: a
 * dependency's innerHTML writes that never see page-controlled markup in a live document.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE = '.output/firefox-mv2';

interface Message {
  _type: 'error' | 'warning' | 'notice';
  code: string;
  message: string;
  description?: string;
  file?: string;
  line?: number;
  column?: number;
}

/** Warnings that come from a dependency and are safe, by file: how many, and why (see README). */
const EXPLAINED: { code: string; file: RegExp; count: number; why: string }[] = [
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    file: /^content-scripts\/content\.js$/,
    count: 2,
    why: "Mozilla Readability's innerHTML writes, on the detached clone of the page it is given (no scripts run, nothing loads)",
  },
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    file: /^chunks\/style-[\w-]+\.js$/,
    count: 1,
    why: "Preact's dangerouslySetInnerHTML support, which no component of ours uses",
  },
];

if (!existsSync(join(SOURCE, 'manifest.json'))) {
  console.error(`lint:firefox: ${SOURCE} is missing: build it first (npm run build)`);
  process.exit(1);
}
const run = spawnSync('node_modules/.bin/web-ext', ['lint', '--source-dir', SOURCE, '--self-hosted', '--output', 'json'], {
  encoding: 'utf8',
});
let report: { errors: Message[]; warnings: Message[]; notices: Message[] };
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error(`lint:firefox: web-ext lint gave no report (exit ${run.status}):\n${run.stderr}${run.stdout}`);
  process.exit(1);
}

const seen = new Map<(typeof EXPLAINED)[number], number>();
let failed = report.errors.length;
for (const m of [...report.errors, ...report.warnings, ...report.notices]) {
  const where = m.file ? `${m.file}${m.line ? `:${m.line}:${m.column ?? 0}` : ''}` : '(extension)';
  const explained = m._type === 'warning' ? EXPLAINED.find((e) => e.code === m.code && e.file.test(m.file ?? '')) : undefined;
  if (explained) seen.set(explained, (seen.get(explained) ?? 0) + 1);
  else if (m._type === 'warning') failed++;
  console.log(`${m._type.padEnd(7)} ${where}  ${m.code}: ${m.message}${explained ? ` - known: ${explained.why}` : ''}`);
  if (!explained && m.description) console.log(`        ${m.description.replace(/\s+/g, ' ')}`);
}
for (const [e, n] of seen) {
  if (n > e.count) {
    console.log(`error   ${e.code} in ${e.file.source}: ${n} found where ${e.count} are known: a new one must be looked at`);
    failed++;
  }
}
const { errors, warnings, notices } = { errors: report.errors.length, warnings: report.warnings.length, notices: report.notices.length };
console.log(
  `web-ext lint ${SOURCE}: ${errors} errors, ${warnings} warnings (${[...seen.values()].reduce((a, b) => a + b, 0)} known), ${notices} notices`,
);
process.exit(failed ? 1 : 0);
