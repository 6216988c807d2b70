/**
 * What the Redis tests share: real redis-server processes (lib/storage/redis/local.ts), the
 * CLI run as a user runs it, synthetic corpora and queries as files (tests/fixtures/news.ts),
 * and an audit of a store's keys.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadIdf } from '../../cli/engine';
import { decodeEntry, isReady, storedKeys } from '../../lib/storage/redis/codec';
import { entryKey, listBytes, listMembers, StoreLayout } from '../../lib/storage/redis/keys';
import { redisServerInstalled } from '../../lib/storage/redis/local';
import type { RedisConnection } from '../../lib/storage/redis';
import { corpus, corpusLine, derivative, DERIVATIVE_KINDS } from '../fixtures/news';

export const REDIS = redisServerInstalled();
/** Shown as the suite's name when it is skipped: the one reason to skip. */
export const SKIPPED = 'skipped: redis-server is not installed (apt-get install redis-server redis-tools)';

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `npx provenance ...`, asynchronously, so the test can watch the store while it runs. */
export function cli(args: string[], input?: string): Promise<Run> & { kill(signal?: NodeJS.Signals): void } {
  const child = spawn('node', ['bin/provenance.mjs', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  child.stdin.end(input ?? '');
  const done = new Promise<Run>((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
  return Object.assign(done, { kill: (signal: NodeJS.Signals = 'SIGKILL') => child.kill(signal) });
}

export interface EvalFiles {
  dir: string;
  /** The queries' sources and every 7th other article of the large corpus (~335 originals). */
  corpus: string;
  /** 120 derivatives (20 sources, six kinds: copies, edits, spins, reshuffles, mash-ups, independent reports), as check input lines. */
  queries: string;
  /** The large corpus: 2,225 synthetic originals (tests/fixtures/news.ts), enough for a push of five batches. */
  large: string;
  sourceIds: string[];
}

export const LARGE = 2225;

/** The corpus files and queries the Redis tests share, written to a temporary folder. */
export function evalFiles(): EvalFiles {
  const dir = mkdtempSync(join(tmpdir(), 'provenance-redis-test-'));
  const all = corpus(LARGE);
  const sources = all.filter((_, i) => i % 111 === 5);
  const queries = sources.flatMap((a) => DERIVATIVE_KINDS.map((kind) => derivative(a, kind)));
  const sourceIds = new Set(sources.map((a) => a.id));
  const subset = all.filter((a, i) => sourceIds.has(a.id) || i % 7 === 3);
  const files = {
    dir,
    corpus: join(dir, 'corpus.jsonl'),
    queries: join(dir, 'queries.jsonl'),
    large: join(dir, 'large.jsonl'),
    sourceIds: [...sourceIds],
  };
  const write = (file: string, lines: object[]) => writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  write(files.corpus, subset.map(corpusLine));
  write(files.large, all.map(corpusLine));
  write(
    files.queries,
    queries.map((q) => ({ id: q.id, title: q.title, text: q.text })),
  );
  return files;
}

/** Every key of every master with its value (base64); a hash's fields as `key\0field`. */
export async function snapshot(conn: RedisConnection): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const { client } of conn.masters()) {
    const keys = (await client.keys('*')).sort();
    for (const k of keys) {
      if ((await client.type(k)) === 'hash') {
        const fields = await client.hgetallBuffer(k);
        for (const f of Object.keys(fields).sort()) out.set(`${k}\0${f}`, fields[f]!.toString('base64'));
      } else out.set(k, (await client.getBuffer(k))!.toString('base64'));
    }
  }
  return out;
}

export interface Audit {
  /** Ids of the ready entries (the ones checks see), by entry number. */
  ready: string[];
  /** Entries an interrupted push or removal left not ready: never served, finished by running it again. */
  unfinished: number;
  /** List members that are not ready entries (left by an interrupted push or removal). */
  strays: number;
  /**
   * What must never be: a ready entry whose value does not read, that names another id, that
   * is missing from one of its lists or in one twice, or in the list of a term that is not one of its keys.
   */
  problems: string[];
}

/** The store's keys checked against each other: what holds always, and what holds once every push has finished. */
export async function audit(conn: RedisConnection, layout = new StoreLayout()): Promise<Audit> {
  const all = await snapshot(conn);
  const value = (key: string) => {
    const v = all.get(key);
    return v === undefined ? undefined : Buffer.from(v, 'base64');
  };
  const problems: string[] = [];
  const idf = loadIdf();
  const keysOf = new Map<number, Set<number>>();
  const ids = new Map<number, string>();
  let unfinished = 0;
  for (const key of all.keys()) {
    const id = /^i:\{\d+\}\d+\0(.*)$/s.exec(key);
    if (!id) continue;
    const n = Number(value(key)!.toString());
    const v = value(entryKey(n));
    if (!v || !isReady(v)) {
      unfinished++;
      continue;
    }
    try {
      const entry = decodeEntry(v, entryKey(n));
      const place = layout.idPlace(entry.meta.id);
      if (`${place.bucket}\0${place.field}` !== key) problems.push(`${key} -> ${n}, whose metadata names another id`);
      keysOf.set(n, new Set(storedKeys(v, n, idf)));
      ids.set(n, entry.meta.id);
    } catch (e) {
      problems.push(`ready entry ${n} (${id[1]}) does not read: ${(e as Error).message}`);
      ids.set(n, id[1]!);
    }
  }
  const lists = new Map<number, number>();
  let strays = 0;
  for (const key of all.keys()) {
    const long = /^(t:\{\d+\}\d+):(\d+)$/.exec(key);
    if (long && !all.has(`${long[1]}\0${long[2]}`)) problems.push(`${key} is a long list that its bucket does not name`);
    const t = /^t:\{(\d+)\}(\d+)\0(\d+)$/.exec(key);
    if (!t) continue;
    const term = layout.termOf(Number(t[1]), Number(t[2]), Number(t[3]));
    const field = listBytes(value(key)!);
    const list = field.long ? value(key.replace('\0', ':')) : value(key);
    if (!list || list.length !== field.bytes) problems.push(`${key} gives ${field.bytes} bytes for a list of ${list?.length ?? 0}`);
    const members = [...listMembers(list ?? null)];
    for (const m of members) {
      const own = keysOf.get(m);
      if (!own) strays++;
      else if (!own.has(term)) problems.push(`${key} holds ready entry ${m}, which has no such key`);
      else lists.set(m, (lists.get(m) ?? 0) + 1);
    }
    for (const m of new Set(members))
      if (keysOf.has(m) && members.indexOf(m) !== members.lastIndexOf(m)) problems.push(`${key} holds ready entry ${m} twice`);
  }
  for (const [n, keys] of keysOf)
    if (lists.get(n) !== keys.size) problems.push(`ready entry ${n} is in ${lists.get(n) ?? 0} of its ${keys.size} lists`);
  const ready = [...ids].sort((a, b) => a[0] - b[0]).map(([, id]) => id);
  return { ready, unfinished, strays, problems };
}

/** Every master emptied: each test starts from a store it knows. */
export async function flush(conn: RedisConnection): Promise<void> {
  await Promise.all(conn.masters().map(({ client }) => client.flushall()));
}
