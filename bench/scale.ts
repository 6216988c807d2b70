/**
 * `npm run bench:scale [-- <synthetic entries>...]`: the index in Redis on a 3-node cluster
 * on 127.0.0.1 against the in-memory index on the same entries - ingest rate, Redis memory
 * per entry (INFO memory), check latency p50/p95, and whether both give the same answers.
 *
 * Entries: the 2,225 BBC 2005 originals, then synthetic ones (bench/synthetic.ts: realistic
 * sizes and bucket load) up to each size given (default 100,000 and 1,000,000), pushed in
 * turn to one growing store. Queries: the dev set's 120 derivatives of BBC originals.
 * Server settings can be tried with --redis="<redis-server arguments>". Sizes above
 * --compare-up-to (default 2,000,000) are measured without the in-memory index beside the
 * store (it would not fit in this machine's memory with a store of 10 million), so without
 * the comparison of answers; entries are generated and pushed 100,000 at a time. --keep
 * leaves the cluster up after the tables until Ctrl-C.
 */
import { entryFromArticle, type Entry } from '../lib/index';
import { MemoryIndex } from '../lib/storage';
import { checkWith, type CandidateSource, type CheckInput } from '../lib/match/check';
import { loadIdf } from '../cli/engine';
import { RedisStore } from '../lib/storage/redis';
import { POSTING_BUDGET, probeOf, readingOrder, type Probe } from '../lib/candidates';
import { listLengths } from '../lib/storage/redis/candidates';
import { redisServerInstalled, startLocalRedis } from '../lib/storage/redis/local';
import { fingerprint } from '../lib/fingerprint';
import { analyze } from '../lib/text';
import { loadBbc, loadDevQueries } from './data';
import { syntheticEntries, termModel } from './synthetic';
import { bytes, collectGarbage, int, mean, ms, now, percentile, table } from './util';

interface Row {
  entries: number;
  ingestPerSecond: number;
  redisBytesPerEntry: number;
  keysPerEntry: number;
  postingsPerCheck: number;
  queries: number;
  redis: { p50: number; p95: number; candidatesP50: number };
  memory: { p50: number; p95: number } | null;
  sameAnswers: number | null;
}

const args = process.argv.slice(2);
const sizes = args
  .filter((a) => !a.startsWith('--'))
  .map(Number)
  .filter(Boolean);
if (!sizes.length) sizes.push(100_000, 1_000_000);
/** Server settings to compare, e.g. --redis="--set-max-intset-entries 65536". */
const redisArgs = args.flatMap((a) => (a.startsWith('--redis=') ? a.slice('--redis='.length).split(/\s+/).filter(Boolean) : []));
const compareUpTo = Number(args.find((a) => a.startsWith('--compare-up-to='))?.slice('--compare-up-to='.length) ?? 2_000_000);
const CHUNK = 100_000;
/** --keep: the cluster stays up after the tables, until Ctrl-C. */
const keep = args.includes('--keep');

async function redisMemory(store: RedisStore): Promise<{ used: number; keys: number }> {
  let used = 0;
  let keys = 0;
  for (const { client } of store.connection.masters()) {
    used += Number(/used_memory:(\d+)/.exec(await client.info('memory'))?.[1] ?? NaN);
    keys += await client.dbsize();
  }
  return { used, keys };
}

/** List members a check reads (shortest lists first within the budget), by their lengths in the store. */
async function postings(store: RedisStore, probe: Probe): Promise<number> {
  const { members } = await listLengths(store.connection, store.layout, probe.terms);
  return readingOrder(members, probe.terms).reduce((sum, i) => sum + members[i]!, 0);
}

async function timeChecks(
  source: CandidateSource,
  queries: CheckInput[],
  idf: ReturnType<typeof loadIdf>,
): Promise<{ ms: number[]; answers: string[] }> {
  const out = { ms: [] as number[], answers: [] as string[] };
  for (const q of queries.slice(0, 3)) await checkWith(q, source, idf); // warm-up
  for (const q of queries) {
    const t = now();
    const r = await checkWith(q, source, idf);
    out.ms.push(now() - t);
    out.answers.push(JSON.stringify(r));
  }
  return out;
}

async function main(): Promise<void> {
  if (!redisServerInstalled()) {
    console.error('bench:scale needs redis-server and redis-cli: apt-get install redis-server redis-tools');
    process.exitCode = 1;
    return;
  }
  const idf = loadIdf();
  const bbc = loadBbc().map(entryFromArticle);
  const pool = termModel(bbc);
  const dev = loadDevQueries().map((q): CheckInput => ({ title: q.title, text: q.text }));
  const cluster = await startLocalRedis({ port: 7201, cluster: 3, args: redisArgs });
  const rows: Row[] = [];
  try {
    const store = await RedisStore.open(cluster.url, { idf, create: true });
    const base = await redisMemory(store);
    let entries: Entry[] = [];
    let count = 0;
    for (const size of sizes) {
      const compare = size <= compareUpTo;
      const target = bbc.length + size;
      process.stderr.write(`pushing ${int(target - count)} entries (to ${int(target)})...\n`);
      let pushMs = 0;
      let added = 0;
      while (count < target) {
        const chunk = count === 0 ? bbc : syntheticEntries(count - bbc.length, Math.min(size, count - bbc.length + CHUNK), pool);
        const t = now();
        await store.push(chunk);
        pushMs += now() - t;
        added += chunk.length;
        count += chunk.length;
        if (compare) entries = entries.concat(chunk);
        if (count < target) process.stderr.write(`  ${int(count)}\n`);
      }
      if (!compare) entries = [];
      const mem = await redisMemory(store);
      const queries = dev;
      let memory: Awaited<ReturnType<typeof timeChecks>> | null = null;
      if (compare) {
        const t = now();
        const memoryIndex = new MemoryIndex(idf);
        memoryIndex.addAll(entries);
        process.stderr.write(`in-memory index built in ${ms(now() - t)}; checking...\n`);
        // The in-memory index first, each phase after a full collection: the Redis phase leaves
        // millions of reply strings behind, whose collection must not be timed as the other's.
        collectGarbage();
        memory = await timeChecks(memoryIndex, queries, idf);
      }
      collectGarbage();
      const redis = await timeChecks(store, queries, idf);
      const probes = queries.map((q) => probeOf(fingerprint(analyze(q.text, 'en')), idf));
      const candidateMs: number[] = [];
      for (const probe of probes) {
        const c = now();
        await store.candidates(probe, 30);
        candidateMs.push(now() - c);
      }
      const post: number[] = [];
      for (const probe of probes) post.push(await postings(store, probe));
      rows.push({
        entries: count,
        ingestPerSecond: (1000 * added) / pushMs,
        redisBytesPerEntry: (mem.used - base.used) / count,
        keysPerEntry: (mem.keys - base.keys) / count,
        postingsPerCheck: mean(post),
        queries: queries.length,
        redis: { p50: percentile(redis.ms, 50), p95: percentile(redis.ms, 95), candidatesP50: percentile(candidateMs, 50) },
        memory: memory && { p50: percentile(memory.ms, 50), p95: percentile(memory.ms, 95) },
        sameAnswers: memory && redis.answers.filter((a, i) => a === memory.answers[i]).length,
      });
      print(rows);
    }
    store.close();
    extrapolate(rows);
    if (keep) {
      // To measure more against the same store (checks on a quiet machine, other clients).
      process.stderr.write(`the store stays up at ${cluster.url} until Ctrl-C or SIGTERM\n`);
      await new Promise<void>((resolve) => ['SIGINT', 'SIGTERM'].forEach((s) => process.once(s, () => resolve())));
    }
  } finally {
    await cluster.stop();
  }
}

function print(rows: Row[]): void {
  table(
    `Redis Cluster (3 masters, 127.0.0.1, no persistence${redisArgs.length ? `, ${redisArgs.join(' ')}` : ''}) vs in-memory index, same entries (BBC 2005 + synthetic)`,
    [
      'entries',
      'ingest',
      'Redis memory / entry',
      'keys / entry',
      'list members / check',
      'queries',
      'Redis check p50 / p95',
      '(candidates p50)',
      'in-memory check p50 / p95',
      'same answers',
    ],
    rows.map((r) => [
      int(r.entries),
      `${int(r.ingestPerSecond)} /s`,
      bytes(r.redisBytesPerEntry),
      r.keysPerEntry.toFixed(1),
      int(r.postingsPerCheck),
      r.queries,
      `${ms(r.redis.p50)} / ${ms(r.redis.p95)}`,
      ms(r.redis.candidatesP50),
      r.memory ? `${ms(r.memory.p50)} / ${ms(r.memory.p95)}` : 'not run',
      r.sameAnswers === null ? 'not compared' : `${r.sameAnswers}/${r.queries}`,
    ]),
  );
}

/** Straight lines through the measured points: memory grows with the entries, ingest rate stays flat, list reads stop at the budget. */
function extrapolate(rows: Row[]): void {
  if (!rows.length) return;
  const last = rows[rows.length - 1]!;
  const perPosting = (last.redis.candidatesP50 / last.postingsPerCheck) * 1000; // µs
  const postingsPerEntry = last.postingsPerCheck / last.entries;
  table(
    `Extrapolated from the largest measured size (${int(last.entries)} entries), not measured`,
    ['entries', 'Redis memory', 'ingest at the measured rate', 'list members / check', 'candidate time at the measured cost per member'],
    [10_000_000, 100_000_000, 1_000_000_000].map((n) => {
      const members = Math.min(POSTING_BUDGET, n * postingsPerEntry);
      return [
        int(n),
        bytes(n * last.redisBytesPerEntry),
        `${(n / last.ingestPerSecond / 3600).toFixed(1)} h`,
        int(members),
        ms((members * perPosting) / 1000),
      ];
    }),
    `Per check, ${postingsPerEntry.toFixed(3)} list members per indexed entry at the largest size, at most ${int(POSTING_BUDGET)} ` +
      `(the lists are read shortest first within that budget, lib/candidates), read at ${perPosting.toFixed(2)} µs each here; ` +
      'the in-memory index reads the same lists.',
  );
}

await main();
