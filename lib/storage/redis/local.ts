import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/**
 * Throwaway Redis servers on 127.0.0.1 for the tests and `npm run bench:scale`: a single
 * node or a cluster of masters without replicas, each in its own temporary directory with
 * persistence off. Production clusters are run as the README describes, not with this.
 */

export interface LocalNode {
  host: string;
  port: number;
  /** Stops this server only (to test what a check or a push does when a node is down). */
  stop(): Promise<void>;
  /**
   * Stops it and starts it again, empty (persistence is off): a cluster node rejoins with its
   * hash slots and none of their keys, as a production node restarted without persistence does.
   */
  restart(): Promise<void>;
}

export interface LocalRedis {
  /** The store address to give `--store`: the first node (a cluster is discovered from it). */
  url: string;
  nodes: LocalNode[];
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
/** Redis Cluster's bus listens on the client port + 10000. */
const BUS_OFFSET = 10000;

export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, HOST, () => probe.close(() => resolve(true)));
  });
}

/**
 * `count` consecutive free ports from `preferred` on (and their bus ports for a cluster):
 * a server left over from a killed run, or another test file, must not be reused by mistake.
 */
async function freePorts(preferred: number, count: number, cluster: boolean): Promise<number[]> {
  for (let base = preferred; base < preferred + 500; base += count) {
    const ports = Array.from({ length: count }, (_, i) => base + i);
    const wanted = cluster ? [...ports, ...ports.map((p) => p + BUS_OFFSET)] : ports;
    if ((await Promise.all(wanted.map(portFree))).every(Boolean)) return ports;
  }
  throw new Error(`no ${count} free ports from ${preferred} on 127.0.0.1`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Asks one server until `test` accepts the reply: servers take a moment to listen, clusters to agree. */
async function waitFor(port: number, args: string[], test: (reply: string) => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const client = new Redis({ host: HOST, port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    client.on('error', () => {});
    try {
      await client.connect();
      last = String(await client.call(args[0]!, ...args.slice(1)));
      if (test(last)) return;
    } catch (e) {
      last = (e as Error).message;
    } finally {
      client.disconnect();
    }
    await sleep(100);
  }
  throw new Error(`redis-server on ${HOST}:${port}: ${what} not reached in ${timeoutMs / 1000} s (last reply: ${last.slice(0, 200)})`);
}

const live = new Set<ChildProcess>();
process.once('exit', () => live.forEach((p) => p.kill('SIGKILL')));

function stopProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => p.kill('SIGKILL'), 5000);
    p.once('exit', () => {
      clearTimeout(force);
      live.delete(p);
      resolve();
    });
    p.kill('SIGTERM');
  });
}

export interface LocalRedisOptions {
  /** First port to try; the servers use consecutive free ports from there. */
  port: number;
  /** Masters of a cluster; 0 for a single node (the default). */
  cluster?: number;
  /** Extra `redis-server` arguments, e.g. ['--maxmemory', '2gb']. */
  args?: string[];
}

export async function startLocalRedis(opts: LocalRedisOptions): Promise<LocalRedis> {
  const masters = opts.cluster ?? 0;
  const ports = await freePorts(opts.port, Math.max(1, masters), masters > 0);
  const dir = mkdtempSync(join(tmpdir(), 'provenance-redis-'));
  const launch = (port: number) => {
    const args = ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', dir];
    if (masters) args.push('--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '2000');
    const p = spawn('redis-server', [...args, ...(opts.args ?? [])], { stdio: 'ignore' });
    live.add(p);
    return p;
  };
  const procs = ports.map(launch);
  const stop = async () => {
    await Promise.all(procs.map(stopProcess));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all(ports.map((port) => waitFor(port, ['PING'], (r) => r === 'PONG', 'PONG')));
    if (masters) await createCluster(ports);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    url: `redis://${HOST}:${ports[0]}`,
    nodes: ports.map((port, i) => ({
      host: HOST,
      port,
      stop: () => stopProcess(procs[i]!),
      restart: async () => {
        await stopProcess(procs[i]!);
        procs[i] = launch(port);
        await waitFor(port, ['PING'], (r) => r === 'PONG', 'PONG');
        if (masters) await waitFor(port, ['CLUSTER', 'INFO'], (info) => /cluster_state:ok/.test(info), 'cluster_state:ok');
      },
    })),
    stop,
  };
}

async function createCluster(ports: number[]): Promise<void> {
  const addrs = ports.map((p) => `${HOST}:${p}`);
  const r = spawnSync('redis-cli', ['--cluster', 'create', ...addrs, '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8' });
  if (r.error) throw new Error(`redis-cli (Debian: redis-tools) is needed to create a cluster: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`redis-cli --cluster create failed: ${(r.stderr || r.stdout).slice(-500)}`);
  // Every node must see every slot assigned before a client can rely on its slot table.
  for (const port of ports) {
    await waitFor(
      port,
      ['CLUSTER', 'INFO'],
      (info) => /cluster_state:ok/.test(info) && /cluster_known_nodes:(\d+)/.exec(info)?.[1] === String(ports.length),
      'cluster_state:ok',
    );
  }
}
