import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { StoreRefused, StoreUnavailable } from '../errors';
import { JOIN_LISTS, TAKE_OUT } from './keys';
import { keySlot } from './slot';

/**
 * One command on one key: its name (an ioredis method, e.g. "mgetBuffer", or one of the
 * store's scripts, "takeOut" - keys.ts TAKE_OUT), the key, the rest.
 */
export type Command = [name: string, key: string, ...args: Array<string | number | Buffer>];

/** What the store's algorithms need from Redis: run commands, replies in the same order. */
export interface Runner {
  run(commands: readonly Command[]): Promise<unknown[]>;
}

/**
 * How long a node may take to answer a pipeline: a check's 64 commands get 5 s, an ingest
 * round of 20,000 commands 25 s. A node that is down fails sooner (connection refused); one
 * that hangs fails here. One timer per pipeline: ioredis's commandTimeout arms one per command.
 */
const pipelineTimeoutMs = (commands: number) => 5_000 + commands;
const CONNECT_TIMEOUT_MS = 3_000;

interface Address {
  host: string;
  port: number;
  /** host:port, for messages (never the password). */
  name: string;
  auth: Pick<RedisOptions, 'username' | 'password' | 'tls' | 'db'>;
}

export function parseStoreUrl(url: string): Address {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new StoreRefused(`not a store address: ${url} (expected redis://HOST:PORT)`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw new StoreRefused(`not a Redis address: ${url} (expected redis://HOST:PORT)`);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  const port = u.port ? Number(u.port) : 6379;
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  if (db !== undefined && !Number.isInteger(db)) throw new StoreRefused(`not a database number in ${url}: ${u.pathname.slice(1)}`);
  return {
    host,
    port,
    name: `${host.includes(':') ? `[${host}]` : host}:${port}`,
    auth: {
      ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
      ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
      ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
      ...(db !== undefined ? { db } : {}),
    },
  };
}

const firstLine = (s: string) => s.split('\n')[0]!.slice(0, 300);

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${(ms / 1000).toFixed(0)} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Asks the node at the address, once and without retries, whether it is part of a cluster:
 * an unreachable node, or a cluster that is down, is refused at once with its name.
 */
async function isClusterNode(a: Address, base: RedisOptions): Promise<boolean> {
  const probe = new Redis({ ...base, host: a.host, port: a.port, lazyConnect: true, retryStrategy: () => null, enableOfflineQueue: false });
  let cause: Error | undefined; // the socket's own error (ECONNREFUSED...), more telling than "Connection is closed."
  probe.on('error', (e: Error) => (cause ??= e));
  try {
    await probe.connect();
    if (!/cluster_enabled:1/.test(await probe.info('cluster'))) return false;
    if (!/cluster_state:ok/.test(String(await probe.call('CLUSTER', 'INFO')))) {
      const failing = failingNodes(String(await probe.call('CLUSTER', 'NODES')));
      throw new StoreUnavailable(`the Redis cluster at ${a.name} is down${failing ? ` (failing: ${failing})` : ''}`);
    }
    return true;
  } catch (e) {
    if (e instanceof StoreUnavailable) throw e;
    throw new StoreUnavailable(`cannot reach the Redis store at ${a.name} (${firstLine((cause ?? (e as Error)).message)})`);
  } finally {
    probe.disconnect();
  }
}

/**
 * A connection to a single Redis node or to a Redis Cluster. `run` groups commands by the
 * node that serves their hash slot and sends one pipeline to each node, all at once: a
 * round of a check costs one round trip per node, whatever the number of keys. Any failure
 * rejects the whole round with the node's host:port, so a partial answer is never used.
 */
export class RedisConnection implements Runner {
  /** Pipelines sent to each node (host:port) since the connection opened. */
  readonly roundTrips = new Map<string, number>();

  private constructor(
    /** host:port of the address given. */
    readonly name: string,
    private readonly client: Redis | Cluster,
  ) {}

  static async open(url: string): Promise<RedisConnection> {
    const a = parseStoreUrl(url);
    const base: RedisOptions = { ...a.auth, connectTimeout: CONNECT_TIMEOUT_MS, maxRetriesPerRequest: 0 };
    const client = (await isClusterNode(a, base))
      ? new Cluster([{ host: a.host, port: a.port }], {
          redisOptions: base,
          lazyConnect: true,
          // Nodes that come back are reconnected (a long-running `serve`), but a check never
          // waits for them: it fails with the node's name.
          clusterNodeRetryStrategy: (times) => Math.min(100 * times, 2000),
        })
      : new Redis({
          ...base,
          host: a.host,
          port: a.port,
          lazyConnect: true,
          enableOfflineQueue: false,
          retryStrategy: (times) => Math.min(200 * times, 2000),
        });
    client.on('error', () => {});
    try {
      // A cluster that turns to failing meanwhile makes ioredis retry its ready check forever.
      await withTimeout(client.connect(), 2 * CONNECT_TIMEOUT_MS);
    } catch (e) {
      client.disconnect();
      await isClusterNode(a, base); // throws the cluster's own account of its failing nodes, if it has one
      throw new StoreUnavailable(`cannot reach the Redis store at ${a.name} (${firstLine((e as Error).message)})`);
    }
    return new RedisConnection(a.name, client);
  }

  get isCluster(): boolean {
    return this.client instanceof Cluster;
  }

  /** Each master node (host:port) with a client of its own, for INFO and SCAN. */
  masters(): Array<{ name: string; client: Redis }> {
    const nodes = this.client instanceof Cluster ? this.client.nodes('master') : [this.client];
    return nodes.map((client) => ({
      name: this.client instanceof Cluster ? `${client.options.host}:${client.options.port}` : this.name,
      client,
    }));
  }

  /** host:port of the master that serves a key. */
  nodeOf(key: string): string {
    if (!(this.client instanceof Cluster)) return this.name;
    const slot = keySlot(key);
    const node = this.client.slots[slot]?.[0];
    if (!node) throw new StoreUnavailable(`no node of the Redis cluster at ${this.name} serves hash slot ${slot} (key ${key})`);
    return node;
  }

  async run(commands: readonly Command[]): Promise<unknown[]> {
    const replies = new Array<unknown>(commands.length);
    let moved = await this.runOnce(
      commands,
      replies,
      commands.map((_, i) => i),
    );
    if (moved.length && this.client instanceof Cluster) {
      // The cluster was resharded since the slot table was read: read it again, retry those.
      const cluster = this.client;
      await new Promise<void>((resolve) => cluster.refreshSlotsCache(() => resolve()));
      moved = await this.runOnce(commands, replies, moved);
    }
    if (moved.length) throw new StoreUnavailable(`the Redis cluster at ${this.name} keeps moving slots (resharding?): try again`);
    return replies;
  }

  /**
   * One pipeline per node, straight on that node's connection: commands are already grouped by
   * slot owner, so ioredis's cluster routing (a second slot computation and redirection
   * bookkeeping per command) is not needed. Returns the commands that met MOVED.
   */
  private async runOnce(commands: readonly Command[], replies: unknown[], which: readonly number[]): Promise<number[]> {
    const groups = new Map<string, number[]>();
    for (const i of which) {
      const node = this.nodeOf(commands[i]![1]);
      const group = groups.get(node);
      if (group) group.push(i);
      else groups.set(node, [i]);
    }
    const clients = this.nodeClients();
    const moved: number[] = [];
    await Promise.all(
      [...groups].map(async ([node, indices]) => {
        const client = clients.get(node);
        if (!client) throw new StoreUnavailable(`Redis node ${node} is unreachable (no connection to it)`);
        this.roundTrips.set(node, (this.roundTrips.get(node) ?? 0) + 1);
        let results: Array<[Error | null, unknown]> | null;
        try {
          results = await withTimeout(client.pipeline(indices.map((i) => commands[i]!)).exec(), pipelineTimeoutMs(indices.length));
        } catch (e) {
          throw await this.failure(node, e as Error);
        }
        if (!results) throw new StoreUnavailable(`Redis node ${node} did not answer`);
        let failed = -1;
        results.forEach(([err, value], j) => {
          if (!err) replies[indices[j]!] = value;
          else if (/^MOVED /.test(err.message)) moved.push(indices[j]!);
          else if (failed < 0) failed = j;
        });
        if (failed >= 0) throw await this.failure(node, results[failed]![0]!, commands[indices[failed]!]);
      }),
    );
    return moved;
  }

  private nodeClients(): Map<string, Redis> {
    return new Map(this.masters().map(({ name, client }) => [name, withScripts(client)]));
  }

  private async failure(node: string, err: Error, command?: Command): Promise<Error> {
    const msg = firstLine(err.message);
    if (/CLUSTERDOWN/.test(msg)) {
      const failing = await this.failingNodes();
      return new StoreUnavailable(
        `the Redis cluster at ${this.name} is down${failing ? ` (failing: ${failing})` : ''}: ${node} answered ${msg}`,
      );
    }
    // A reply error that is not about routing is a refusal (wrong type, out of memory), not an outage.
    const routing = /^(MOVED|ASK|TRYAGAIN|LOADING|MASTERDOWN)/.test(msg);
    if ('command' in err && !routing) {
      return new StoreRefused(
        `Redis node ${node} refused ${command ? `${command[0].replace(/Buffer$/, '')} ${command[1]}` : 'a command'}: ${msg}`,
      );
    }
    // ioredis reports a connection lost with a queued command as a retry limit; say what happened.
    return new StoreUnavailable(`Redis node ${node} is unreachable (${/max retries per request/i.test(msg) ? 'connection lost' : msg})`);
  }

  /**
   * Every master answers PING and every hash slot has a node: what `serve`'s /health reports,
   * so that a load balancer takes a server off before a check fails (rejects with the node named).
   */
  async ping(): Promise<void> {
    await Promise.all(
      this.masters().map(async ({ name, client }) => {
        try {
          await withTimeout(client.ping(), CONNECT_TIMEOUT_MS);
        } catch (e) {
          throw await this.failure(name, e as Error);
        }
      }),
    );
    if (this.client instanceof Cluster) {
      const slots = this.client.slots;
      for (let slot = 0; slot < 16384; slot++)
        if (!slots[slot]?.[0]) throw new StoreUnavailable(`no node of the Redis cluster at ${this.name} serves hash slot ${slot}`);
    }
  }

  /** Nodes the cluster itself marks as failing, best effort, for the message. */
  private async failingNodes(): Promise<string> {
    for (const { client } of this.masters()) {
      try {
        return failingNodes(String(await client.call('CLUSTER', 'NODES')));
      } catch {
        // ask the next one
      }
    }
    return '';
  }

  close(): void {
    this.client.disconnect();
  }
}

const scripted = new WeakSet<Redis>();

/** The store's Lua scripts as commands of the client and its pipelines (sent by EVALSHA, loaded when missing). */
function withScripts(client: Redis): Redis {
  if (!scripted.has(client)) {
    client.defineCommand('takeOut', { numberOfKeys: 1, lua: TAKE_OUT });
    client.defineCommand('joinLists', { numberOfKeys: 1, lua: JOIN_LISTS });
    scripted.add(client);
  }
  return client;
}

/** host:port of the nodes flagged fail or fail? in CLUSTER NODES output. */
function failingNodes(nodes: string): string {
  return nodes
    .split('\n')
    .map((line) => line.split(' '))
    .filter((f) => f.length > 2 && /(^|,)fail\??(,|$)/.test(f[2]!))
    .map((f) => f[1]!.split('@')[0]!)
    .join(', ');
}
