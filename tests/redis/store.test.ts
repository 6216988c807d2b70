/**
 * The index in Redis, against real servers: a single node and a 3-node cluster started here
 * on 127.0.0.1 (no persistence, temporary directories), stopped at the end.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIdf, packEntries } from '../../cli/engine';
import { fingerprint } from '../../lib/fingerprint';
import { probeOf, readingOrder } from '../../lib/candidates';
import { writePack, type Entry } from '../../lib/index';
import { MemoryIndex } from '../../lib/storage';
import { checkWith, type CandidateSource, type CheckInput } from '../../lib/match/check';
import { analyze } from '../../lib/text';
import { StoreUnavailable } from '../../lib/storage/errors';
import { pushEntries, RedisStore, type Command, type Runner } from '../../lib/storage/redis';
import { startLocalRedis, type LocalRedis } from '../../lib/storage/redis/local';
import { keySlot } from '../../lib/storage/redis/slot';
import { listLengths } from '../../lib/storage/redis/candidates';
import { listBytes } from '../../lib/storage/redis/keys';
import { audit, cli, evalFiles, flush, LARGE, REDIS, SKIPPED, snapshot, type EvalFiles } from './harness';

const idf = loadIdf();

describe.skipIf(!REDIS)(REDIS ? 'the index in Redis (one node, and a 3-node cluster)' : `the index in Redis: ${SKIPPED}`, () => {
  let single: LocalRedis;
  let cluster: LocalRedis;
  let files: EvalFiles;
  let pack: string;
  let entries: Entry[];
  let queries: CheckInput[];
  /** `check --index <pack> --json` on the dev set: what every store must answer. */
  let expected: string;

  beforeAll(async () => {
    files = evalFiles();
    [single, cluster] = await Promise.all([startLocalRedis({ port: 7100 }), startLocalRedis({ port: 7101, cluster: 3 })]);
    pack = join(files.dir, 'eval.pack');
    expect((await cli(['index', 'build', files.corpus, '-o', pack])).status).toBe(0);
    entries = await packEntries(pack);
    queries = readFileSync(files.queries, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as CheckInput);
    expected = (await cli(['check', '--index', pack, '--json', files.queries])).stdout;
  }, 120_000);

  afterAll(async () => {
    await Promise.all([single?.stop(), cluster?.stop()]);
  });

  /** The store emptied, then the eval pack pushed into it. */
  async function fresh(url: string): Promise<RedisStore> {
    const store = await RedisStore.open(url, { idf, create: true });
    await flush(store.connection);
    store.close();
    expect((await cli(['index', 'push', pack, '--store', url])).status).toBe(0);
    return RedisStore.open(url, { idf });
  }

  async function answers(source: CandidateSource): Promise<string[]> {
    const out: string[] = [];
    for (const q of queries) out.push(JSON.stringify(await checkWith(q, source, idf)));
    return out;
  }

  /** What the in-memory index of exactly these entries answers. */
  function memoryOf(list: readonly Entry[]): MemoryIndex {
    const index = new MemoryIndex(idf);
    index.addAll(list);
    return index;
  }

  it('gives the same verdicts and overlap figures as the local pack, on one node and on a cluster', async () => {
    const lines = expected.trim().split('\n');
    expect(lines).toHaveLength(120);
    const found = lines.map((l) => JSON.parse(l)).filter((r) => r.matches[0]?.verdict === 'likely-source');
    expect(found.length).toBeGreaterThan(80); // the dev set's derivatives name their sources
    // A corpus file to one, the pack built from it to the other: the same entries either way.
    const [a, b] = await Promise.all([
      cli(['index', 'push', files.corpus, '--store', single.url]),
      cli(['index', 'push', pack, '--store', cluster.url]),
    ]);
    const n = entries.length;
    expect(a.stderr).toContain(`${n} entries pushed (${n} added, 0 replaced, 0 unchanged)`);
    expect(b.stderr).toContain(`${n} entries pushed (${n} added, 0 replaced, 0 unchanged)`);
    for (const url of [single.url, cluster.url]) {
      const r = await cli(['check', '--quiet', '--store', url, '--json', files.queries]);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(expected);
    }
    const text = await cli(['check', '--store', cluster.url, files.queries]);
    expect(text.stdout).toBe((await cli(['check', '--index', pack, files.queries])).stdout);
  });

  it('costs one pipelined round trip per node for the lists in their buckets, one for the long lists, and one for the candidates', async () => {
    const store = await fresh(cluster.url);
    const masters = store.connection.masters();
    expect(masters).toHaveLength(3);
    // The slot table the client routes by is the servers' own, and a bucket's long lists share its slot.
    for (const key of ['t:{1}0', 't:{4095}255:4095', 'e:7', 'i:{3}63']) {
      expect(await masters[0]!.client.call('CLUSTER', 'KEYSLOT', key)).toBe(keySlot(key));
    }
    const place = store.layout.listPlace(0xdeadbeef);
    expect(place).toEqual({ bucket: 't:{3823}219', field: '3562', long: 't:{3823}219:3562' });
    expect(keySlot(place.long)).toBe(keySlot(place.bucket));
    expect(keySlot(store.layout.listPlace(0xdeadbeef ^ (1 << 15)).bucket)).toBe(keySlot(place.bucket));
    const stats = () =>
      Promise.all(
        masters.map(async ({ client }) => {
          const info = await client.info('all');
          const field = (re: RegExp) => Number(re.exec(info)?.[1] ?? 0);
          return {
            reads: field(/total_reads_processed:(\d+)/),
            hget: field(/cmdstat_hget:calls=(\d+)/),
            get: field(/cmdstat_get:calls=(\d+)/),
          };
        }),
      );
    const before = await stats();
    store.connection.roundTrips.clear();
    const result = await checkWith(queries[0]!, store, idf);
    const after = await stats();
    expect(result.matches[0]?.verdict).toBe('likely-source');
    for (const trips of store.connection.roundTrips.values()) expect(trips).toBeLessThanOrEqual(3);
    const delta = after.map((a, i) => ({
      reads: a.reads - before[i]!.reads,
      hget: a.hget - before[i]!.hget,
      get: a.get - before[i]!.get,
    }));
    // One HGET per term the page looks up (those rare enough to be keys), then one GET per
    // long list it reads (most lists are short and come whole with their field; most of a
    // page's terms are no entry's key), then one GET per candidate entry (at most 30).
    const probe = probeOf(fingerprint(analyze(queries[0]!.text, 'en')), idf);
    expect(probe.terms.length).toBeGreaterThan(10);
    expect(delta.reduce((s, d) => s + d.hget, 0)).toBe(probe.terms.length);
    const { members, fields } = await listLengths(store.connection, store.layout, probe.terms);
    const read = readingOrder(members, probe.terms);
    expect(read.length).toBeGreaterThan(2);
    expect(read.length).toBeLessThan(probe.terms.length);
    const long = read.filter((i) => listBytes(fields[i]!).long).length;
    const entries = delta.reduce((s, d) => s + d.get, 0) - long;
    expect(entries).toBeGreaterThan(0);
    expect(entries).toBeLessThanOrEqual(30);
    // Each node read three requests off the socket for the check, one for the INFO after it, and
    // perhaps the client's periodic CLUSTER SLOTS: a handful, where a round trip per list would be dozens.
    for (const d of delta) expect(d.reads).toBeLessThanOrEqual(6);
    store.close();
  });

  it('changes nothing when the same pack or corpus is pushed again', async () => {
    const store = await fresh(cluster.url);
    const before = await snapshot(store.connection);
    for (const input of [pack, files.corpus]) {
      const again = await cli(['index', 'push', input, '--store', cluster.url]);
      expect(again.stderr).toContain(`${entries.length} entries pushed (0 added, 0 replaced, ${entries.length} unchanged)`);
    }
    expect(await snapshot(store.connection)).toEqual(before);
    store.close();
  });

  it('finishes a push that was killed midway, without duplicates, serving only whole entries meanwhile', async () => {
    const largePack = join(files.dir, 'large.pack');
    expect((await cli(['index', 'build', files.large, '-o', largePack])).status).toBe(0);
    const large = await packEntries(largePack);
    const store = await RedisStore.open(cluster.url, { idf, create: true });
    await flush(store.connection);
    const push = cli(['index', 'push', largePack, '--store', cluster.url]);
    let exited = false;
    void push.then(() => (exited = true));
    const seq = () => store.connection.run([['get', 'provenance:seq']]).then(([n]) => Number(n ?? 0));
    // Killed once it has handed out numbers past the first thousand: writes are under way.
    while (!exited && (await seq()) < 1001) await new Promise((r) => setTimeout(r, 5));
    push.kill('SIGKILL');
    expect((await push).status).toBeNull(); // killed, not finished
    const midway = await audit(store.connection);
    expect(midway.problems).toEqual([]);
    expect(midway.ready.length).toBeLessThan(large.length);
    // Checks see exactly the entries that were finished, as a pack of just those would.
    const finished = large.filter((e) => midway.ready.includes(e.meta.id));
    expect(finished.map((e) => e.meta.id)).toEqual(midway.ready);
    expect(await answers(store)).toEqual(await answers(memoryOf(finished)));

    const rerun = await cli(['index', 'push', largePack, '--store', cluster.url]);
    expect(rerun.stderr).toMatch(
      new RegExp(`${LARGE} entries pushed \\(${LARGE - midway.ready.length} added, 0 replaced, ${midway.ready.length} unchanged\\)`),
    );
    const done = await audit(store.connection);
    expect(done).toMatchObject({ unfinished: 0, strays: 0, problems: [] });
    // Each entry once. Not necessarily numbered in push order: a kill between the nodes' replies
    // to one batch's SET NX leaves part of that batch unnumbered, and the rerun numbers it after.
    expect(new Set(done.ready).size).toBe(done.ready.length);
    expect([...done.ready].sort()).toEqual(large.map((e) => e.meta.id).sort());
    // Ties in ranking follow entry numbers, so the in-memory index gets the entries in that order.
    const byId = new Map(large.map((e) => [e.meta.id, e]));
    expect(await answers(store)).toEqual(await answers(memoryOf(done.ready.map((id) => byId.get(id)!))));
    store.close();
  });

  it('keeps a store consistent whichever round of a push or a replacement fails', async () => {
    // The replacement: every entry's text swapped with its neighbour's, so every entry changes lists.
    const swapped = entries.map((e, i) => ({ meta: e.meta, fingerprint: entries[i ^ 1]?.fingerprint ?? e.fingerprint }));
    for (const [target, from] of [
      [entries, null],
      [swapped, entries],
    ] as const) {
      for (const failAt of [1, 2, 3, 4, 5, 6, 7]) {
        const store = await RedisStore.open(cluster.url, { idf, create: true });
        await flush(store.connection);
        if (from) await store.push(from);
        let calls = 0;
        const failing: Runner = {
          run: (commands: readonly Command[]) => {
            if (++calls === failAt) return Promise.reject(new StoreUnavailable('Redis node 127.0.0.1:1 is unreachable (test)'));
            return store.connection.run(commands);
          },
        };
        await expect(pushEntries(failing, store.layout, target, idf)).rejects.toThrow(/127\.0\.0\.1:1/);
        const midway = await audit(store.connection);
        expect(midway.problems, `fail at round ${failAt}`).toEqual([]);
        // What a check sees is a set of whole entries, each as it was either before or after.
        for (const c of await store.candidates(probeOf(entries[0]!.fingerprint, idf), 30)) {
          const i = entries.findIndex((e) => e.meta.id === c.entry.meta.id);
          expect([target[i]!.fingerprint.terms, from?.[i]!.fingerprint.terms].map((t) => t && [...t])).toContainEqual([
            ...c.entry.fingerprint.terms,
          ]);
        }
        await store.push(target);
        expect(await audit(store.connection)).toMatchObject({ unfinished: 0, strays: 0, problems: [] });
        if (failAt === 7) expect(await answers(store)).toEqual(await answers(memoryOf(target)));
        store.close();
      }
    }
  });

  it('takes a removed entry out of every list, and says so when there is nothing to remove', async () => {
    const store = await fresh(single.url);
    const gone = files.sourceIds.slice(0, 3);
    const r = await cli(['index', 'remove', ...gone, '--store', single.url]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/3 entries removed/);
    const state = await audit(store.connection);
    expect(state).toMatchObject({ unfinished: 0, strays: 0, problems: [] });
    expect(state.ready).toHaveLength(entries.length - 3);
    // The store now answers as a pack without those entries.
    const rest = entries.filter((e) => !gone.includes(e.meta.id));
    const restPack = join(files.dir, 'rest.pack');
    writeFileSync(restPack, await writePack(rest, 'rest'));
    expect((await cli(['check', '--store', single.url, '--json', files.queries])).stdout).toBe(
      (await cli(['check', '--index', restPack, '--json', files.queries])).stdout,
    );
    const again = await cli(['index', 'remove', gone[0]!, 'no-such-id', '--store', single.url]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/not in the store: .*no-such-id/);
    store.close();
  });

  it('moves a list that outgrows its bucket to a key of its own, and reads, extends and shrinks it there', async () => {
    const store = await RedisStore.open(cluster.url, { idf, create: true });
    await flush(store.connection);
    // One article republished under 40 ids, with 20 other articles: its rarest terms' lists
    // hold 40 entries (160 bytes), past what a bucket keeps (64).
    const copies = Array.from({ length: 40 }, (_, i) => ({
      meta: { ...entries[0]!.meta, id: `republished/${i}` },
      fingerprint: entries[0]!.fingerprint,
    }));
    const others = entries.slice(1, 21);
    await store.push([...copies.slice(0, 10), ...others]);
    await store.push(copies.slice(10));
    const key = [...probeOf(entries[0]!.fingerprint, idf).terms].map((t) => store.layout.listPlace(t));
    const fields = (await store.connection.run(key.map((p) => ['hgetBuffer', p.bucket, p.field]))) as Array<Buffer | null>;
    const long = fields.map(listBytes).filter((f) => f.long);
    expect(long.length).toBeGreaterThan(5);
    expect(long.every((f) => f.bytes >= 160)).toBe(true);
    // The lists that hold the copies and nothing else.
    const onlyCopies = key.filter((_, i) => listBytes(fields[i]!).bytes === 160);
    expect(onlyCopies.length).toBeGreaterThan(5);
    expect(await audit(store.connection)).toMatchObject({ unfinished: 0, strays: 0, problems: [] });
    const all = [...copies, ...others].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));
    expect(await answers(store)).toEqual(await answers(memoryOf([...copies.slice(0, 10), ...others, ...copies.slice(10)])));
    // Removing 35 of the copies rewrites the long lists in place; removing the rest empties them.
    expect((await store.remove(copies.slice(5).map((c) => c.meta.id))).removed).toHaveLength(35);
    const after = await audit(store.connection);
    expect(after).toMatchObject({ unfinished: 0, strays: 0, problems: [] });
    expect(after.ready).toHaveLength(25);
    expect(await answers(store)).toEqual(await answers(memoryOf([...copies.slice(0, 5), ...others])));
    await store.remove(copies.slice(0, 5).map((c) => c.meta.id));
    const gone = (await store.connection.run(
      onlyCopies.flatMap((p): Command[] => [
        ['exists', p.long],
        ['hexists', p.bucket, p.field],
      ]),
    )) as number[];
    expect(gone.every((n) => n === 0)).toBe(true);
    expect((await audit(store.connection)).ready.sort()).toEqual(
      all
        .filter((e) => !e.meta.id.startsWith('republished/'))
        .map((e) => e.meta.id)
        .sort(),
    );
    store.close();
  });

  it('spreads a store over the number of buckets chosen when it is created, and keeps that number', async () => {
    const store = await RedisStore.open(cluster.url, { idf, create: true });
    await flush(store.connection);
    store.close();
    const pushed = await cli(['index', 'push', pack, '--store', cluster.url, '--buckets', '4194304']);
    expect(pushed.status).toBe(0);
    const r = await cli(['check', '--quiet', '--store', cluster.url, '--json', files.queries]);
    expect(r.stdout).toBe(expected);
    const big = await RedisStore.open(cluster.url, { idf });
    expect(big.layout.termBuckets).toBe(4194304);
    // Buckets numbered past the default's 256 a group: the lists are where the layout says.
    const keys = [...(await snapshot(big.connection)).keys()];
    expect(keys.some((k) => /^t:\{\d+\}(\d+)\0/.exec(k) && Number(/^t:\{\d+\}(\d+)/.exec(k)![1]) >= 256)).toBe(true);
    expect((await audit(big.connection, big.layout)).problems).toEqual([]);
    big.close();
    // Pushed to again without the option, it keeps its layout; with another number, it says why not.
    expect((await cli(['index', 'push', pack, '--store', cluster.url])).stderr).toContain(
      `(0 added, 0 replaced, ${entries.length} unchanged)`,
    );
    const other = await cli(['index', 'push', pack, '--store', cluster.url, '--buckets', '1048576']);
    expect(other.status).toBe(1);
    expect(other.stderr).toMatch(/was created with 4194304 buckets; the number of buckets is chosen when a store is created/);
    const odd = await cli(['index', 'push', pack, '--store', cluster.url, '--buckets', '1000000']);
    expect(odd.status).toBe(2);
    expect(odd.stderr).toMatch(/--buckets must be a power of two, such as 4194304 \(2\^22\), not "1000000"/);
    const small = await cli(['index', 'push', pack, '--store', cluster.url, '--buckets', '1024']);
    expect(small.status).toBe(2);
    expect(small.stderr).toMatch(/--buckets: the number of buckets must be from 65536 \(2\^16\) to 268435456 \(2\^28\)/);
  });

  it('refuses a store that holds no index, or one written with other fingerprint parameters', async () => {
    const store = await fresh(single.url);
    await store.connection.run([['set', 'provenance:format', '{"format":"news-provenance-store","version":1,"numPerm":128,"seed":1}']]);
    const other = await cli(['check', '--store', single.url, 'demo/derivative.html']);
    expect(other.status).toBe(1);
    expect(other.stderr).toMatch(/written by another engine version/);
    await flush(store.connection);
    const empty = await cli(['check', '--store', single.url, 'demo/derivative.html']);
    expect(empty.stderr).toMatch(/holds no provenance index yet \(push one with: provenance index push/);
    const usage = await cli(['check', '--store', single.url, '--index', pack, 'demo/derivative.html']);
    expect(usage.status).toBe(2);
    store.close();
  });
});
