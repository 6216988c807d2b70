/**
 * A store with a node down: every command that needs it fails with the node's address, and
 * nothing is answered from the part of the index that is still up.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRedis, type LocalRedis } from '../../lib/storage/redis/local';
import { cli, evalFiles, REDIS, SKIPPED, type EvalFiles } from './harness';

describe.skipIf(!REDIS)(REDIS ? 'a Redis store with a node down' : `a Redis store with a node down: ${SKIPPED}`, () => {
  let cluster: LocalRedis;
  let single: LocalRedis;
  let files: EvalFiles;
  let pack: string;

  beforeAll(async () => {
    files = evalFiles();
    pack = join(files.dir, 'eval.pack');
    [cluster, single] = await Promise.all([
      startLocalRedis({ port: 7110, cluster: 3 }),
      startLocalRedis({ port: 7120 }),
      cli(['index', 'build', files.corpus, '-o', pack]),
    ]);
    for (const url of [cluster.url, single.url]) expect((await cli(['index', 'push', pack, '--store', url])).status).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([cluster?.stop(), single?.stop()]);
  });

  it('names the cluster node that is down, for a check and for a push, and prints no answer', async () => {
    const down = cluster.nodes[1]!;
    await down.stop();
    const named = new RegExp(`127\\.0\\.0\\.1:${down.port}`);
    const check = await cli(['check', '--store', cluster.url, '--json', files.queries]);
    expect(check.status).toBe(1);
    expect(check.stdout).toBe('');
    expect(check.stderr).toMatch(named);
    const push = await cli(['index', 'push', pack, '--store', cluster.url]);
    expect(push.status).toBe(1);
    expect(push.stderr).toMatch(named);
    // Once the other nodes have marked it failing (node timeout 2 s), the cluster is refused at the door.
    await new Promise((r) => setTimeout(r, 5000));
    const later = await cli(['check', '--store', cluster.url, 'demo/derivative.html']);
    expect(later.status).toBe(1);
    expect(later.stderr).toMatch(
      new RegExp(`the Redis cluster at 127\\.0\\.0\\.1:${cluster.nodes[0]!.port} is down \\(failing: 127\\.0\\.0\\.1:${down.port}\\)`),
    );
  });

  it('refuses checks and pushes, naming the node, when a node came back empty from a restart without persistence', async () => {
    const emptied = await startLocalRedis({ port: 7140, cluster: 3 });
    try {
      expect((await cli(['index', 'push', pack, '--store', emptied.url])).status).toBe(0);
      const before = await cli(['check', '--store', emptied.url, '--json', files.queries]);
      expect(before.status).toBe(0);
      const node = emptied.nodes[2]!;
      await node.restart();
      const lost = new RegExp(
        `the Redis store at 127\\.0\\.0\\.1:${emptied.nodes[0]!.port} has lost part of its index: the marks its pushes wrote are gone from 127\\.0\\.0\\.1:${node.port} \\(\\d+ of 4096 looked at; a node restarted without persistence\\?\\)`,
      );
      const check = await cli(['check', '--store', emptied.url, '--json', files.queries]);
      expect([check.status, check.stdout]).toEqual([1, '']);
      expect(check.stderr).toMatch(lost);
      // A push would mark the store whole again over the entries the node lost.
      const push = await cli(['index', 'push', pack, '--store', emptied.url]);
      expect(push.status).toBe(1);
      expect(push.stderr).toMatch(lost);
    } finally {
      await emptied.stop();
    }
  }, 120_000);

  it('names a single node that cannot be reached', async () => {
    await single.nodes[0]!.stop();
    const r = await cli(['check', '--store', single.url, 'demo/derivative.html']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`cannot reach the Redis store at 127\\.0\\.0\\.1:${single.nodes[0]!.port} \\(.*ECONNREFUSED`));
  });
});
