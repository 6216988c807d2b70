/**
 * `provenance serve`: POST an article, get the `check --json` answer, over a local pack or a
 * Redis store, with CORS for an extension page.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRedis, type LocalRedis } from '../../lib/storage/redis/local';
import { cli, evalFiles, REDIS, SKIPPED, type EvalFiles } from './harness';

interface Served {
  url: string;
  process: ChildProcess;
  /** What it has written to standard error so far. */
  log: () => string;
}

/** Starts `provenance serve` on a free port and waits for the address it prints. */
function serve(args: string[]): Promise<Served> {
  const child = spawn('node', ['bin/provenance.mjs', 'serve', '--port', '0', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d;
      const url = /on (http:\/\/127\.0\.0\.1:\d+)\/check/.exec(stderr)?.[1];
      if (url) resolve({ url, process: child, log: () => stderr });
    });
    child.on('exit', (code) => reject(new Error(`serve exited (${code}): ${stderr}`)));
  });
}

function stop(s: Served | undefined): Promise<number | null> {
  if (!s || s.process.exitCode !== null) return Promise.resolve(s?.process.exitCode ?? null);
  return new Promise((resolve) => {
    s.process.once('exit', (code) => resolve(code));
    s.process.kill('SIGTERM');
  });
}

const post = (url: string, body: string | Uint8Array<ArrayBuffer>, type: string) =>
  fetch(`${url}/check`, { method: 'POST', headers: { 'Content-Type': type }, body });

let files: EvalFiles;
let pack: string;
let query: { id: string; title: string; text: string };

beforeAll(async () => {
  files = evalFiles();
  pack = join(files.dir, 'eval.pack');
  expect((await cli(['index', 'build', files.corpus, '-o', pack])).status).toBe(0);
  query = JSON.parse(readFileSync(files.queries, 'utf8').split('\n')[0]!);
  writeFileSync(join(files.dir, 'one.jsonl'), JSON.stringify(query) + '\n');
}, 60_000);

describe('provenance serve over a local pack', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(['--index', pack]);
  }, 30_000);
  afterAll(() => stop(served));

  it('answers a JSON article with the check --json object, CORS open', async () => {
    const r = await post(served.url, JSON.stringify(query), 'application/json');
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    const expected = JSON.parse((await cli(['check', '--index', pack, '--json', join(files.dir, 'one.jsonl')])).stdout);
    expect(await r.json()).toEqual(expected);
  });

  it('reads a body in the charset its Content-Type names', async () => {
    const title = 'Café owners in Sète protest the new terrace tax';
    const latin1 = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));
    const plain = await post(served.url, latin1(`${title}\n\n${query.text}`), 'text/plain; charset=ISO-8859-1');
    expect(plain.status).toBe(200);
    expect((await plain.json()).article.title).toBe(title);
    const page = `<html><head><title>${title}</title></head><body><article><h1>${title}</h1>${query.text
      .split(/(?<=\.) /)
      .map((p) => `<p>${p}</p>`)
      .join('')}</article></body></html>`;
    const html = await post(served.url, latin1(page), 'text/html; charset=windows-1252');
    expect(html.status).toBe(200);
    expect((await html.json()).article.title).toBe(title);
    const unknown = await post(served.url, 'text', 'text/plain; charset=klingon');
    expect(unknown.status).toBe(415);
    expect(await unknown.json()).toEqual({ error: 'unknown charset: klingon' });
  });

  it('extracts an HTML page as check does, and takes plain text', async () => {
    const html = readFileSync('demo/derivative.html', 'utf8');
    const r = await post(served.url, html, 'text/html; charset=utf-8');
    const expected = JSON.parse((await cli(['check', '--index', pack, '--json', 'demo/derivative.html'])).stdout);
    expect(await r.json()).toEqual({ ...expected, input: '-' });
    const plain = await (await post(served.url, query.text, 'text/plain')).json();
    expect(plain.input).toBe('-');
    expect(plain.matches[0]).toMatchObject({ id: files.sourceIds[0], verdict: 'likely-source' });
    // As check reads a .txt file: the first line is the headline when it reads like one.
    const txt = join(files.dir, 'headed.txt');
    writeFileSync(txt, `${query.title}\n\n${query.text}`);
    const headed = await (await post(served.url, readFileSync(txt, 'utf8'), 'text/plain')).json();
    expect(headed).toEqual({ ...JSON.parse((await cli(['check', '--index', pack, '--json', txt])).stdout), input: '-' });
    expect(headed.article.title).toBe(query.title);
  });

  it('answers the CORS preflight, /health, and bad requests with a reason', async () => {
    const pre = await fetch(`${served.url}/check`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'chrome-extension://abc',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Content-Type/i);
    expect(await (await fetch(`${served.url}/health`)).json()).toMatchObject({ ok: true });
    const bad = async (r: Promise<Response>, status: number, message: RegExp) => {
      const res = await r;
      expect(res.status).toBe(status);
      expect((await res.json()).error).toMatch(message);
    };
    await bad(post(served.url, '{"title": "no text"}', 'application/json'), 400, /"text" is missing/);
    await bad(post(served.url, '{not json', 'application/json'), 400, /not valid JSON/);
    await bad(post(served.url, 'x', 'application/pdf'), 415, /application\/json, text\/html or text\/plain/);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array<number>(64).fill(7)]);
    await bad(post(served.url, png, 'text/plain'), 415, /the body is not text \(a PNG image\)/);
    await bad(fetch(`${served.url}/check`), 405, /POST/);
    await bad(fetch(`${served.url}/nothing`), 404, /POST an article to \/check/);
    const short = await (await post(served.url, JSON.stringify({ text: 'Too short to check.' }), 'application/json')).json();
    expect(short).toMatchObject({ input: '-', matches: [], error: expect.stringMatching(/Not enough article text/) });
  });

  it('stops on SIGTERM', async () => {
    expect(await stop(served)).toBe(0);
  });
});

describe.skipIf(!REDIS)(REDIS ? 'provenance serve over a Redis store' : `provenance serve over a Redis store: ${SKIPPED}`, () => {
  let redis: LocalRedis;
  let served: Served;
  beforeAll(async () => {
    redis = await startLocalRedis({ port: 7130 });
    expect((await cli(['index', 'push', pack, '--store', redis.url])).status).toBe(0);
    served = await serve(['--store', redis.url]);
  }, 60_000);
  afterAll(async () => {
    await stop(served);
    await redis?.stop();
  });

  it('answers 503 once the store was emptied under it (a restart without persistence), and again after a push', async () => {
    await redis.nodes[0]!.restart();
    // serve's connection finds the node again within a few seconds; until then it says it is unreachable.
    let health = await fetch(`${served.url}/health`);
    for (let tries = 0; tries < 50 && /unreachable/.test((await health.clone().json()).error); tries++) {
      await new Promise((r) => setTimeout(r, 200));
      health = await fetch(`${served.url}/health`);
    }
    expect(health.status).toBe(503);
    const lost = new RegExp(
      `the Redis store at 127\\.0\\.0\\.1:${redis.nodes[0]!.port} no longer holds its index \\(emptied, or restarted without persistence\\?\\): push the index again`,
    );
    expect((await health.json()).error).toMatch(lost);
    const refused = await post(served.url, JSON.stringify(query), 'application/json');
    expect(refused.status).toBe(503);
    expect((await refused.json()).error).toMatch(lost);
    expect((await cli(['index', 'push', pack, '--store', redis.url])).status).toBe(0);
    expect((await fetch(`${served.url}/health`)).status).toBe(200);
    const answered = await post(served.url, JSON.stringify(query), 'application/json');
    expect(answered.status).toBe(200);
    expect((await answered.json()).matches[0].verdict).toBe('likely-source');
  }, 60_000);

  it('gives the answer of check --json on the same store, and 503 with the node named when it is down, on /health too', async () => {
    const expected = JSON.parse((await cli(['check', '--store', redis.url, '--json', join(files.dir, 'one.jsonl')])).stdout);
    expect(expected.matches[0].verdict).toBe('likely-source');
    expect(await (await post(served.url, JSON.stringify(query), 'application/json')).json()).toEqual(expected);
    const health = await fetch(`${served.url}/health`);
    expect([health.status, await health.json()]).toEqual([200, { ok: true, index: `Redis at 127.0.0.1:${redis.nodes[0]!.port}` }]);
    await redis.nodes[0]!.stop();
    const node = new RegExp(`127\\.0\\.0\\.1:${redis.nodes[0]!.port}`);
    const r = await post(served.url, JSON.stringify(query), 'application/json');
    expect(r.status).toBe(503);
    expect((await r.json()).error).toMatch(node);
    // A load balancer's probe sees it too, and the operator's log says why.
    const down = await fetch(`${served.url}/health`);
    expect(down.status).toBe(503);
    expect((await down.json()).error).toMatch(node);
    expect(served.log()).toMatch(new RegExp(`provenance serve: 503 POST /check: .*${node.source}`));
  });
});
