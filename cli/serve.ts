import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isUtf8 } from 'node:buffer';
import type { AddressInfo } from 'node:net';
import { StoreRefused, StoreUnavailable } from '../lib/storage/errors';
import { legacyText, sniff } from './input';

/**
 * The check over HTTP (`provenance serve`), for programs and for an extension page that
 * uses a remote index: POST /check with an article, answered with the object `check --json`
 * prints for it. Node only (node:http). CORS is open (any origin, no credentials): the
 * endpoint serves an index of published articles and binds to 127.0.0.1 unless told otherwise.
 *
 *   POST /check      Content-Type application/json {"title"?, "text", "lang"?, "published"?, "paragraphs"?, "id"?},
 *                    text/html (a whole page, extracted with Readability) or text/plain
 *   GET  /health     {"ok": true, "index": "<what is being checked against>"}
 *   OPTIONS *        CORS preflight
 */

/** A request body, by its media type. */
export type CheckRequest = { type: 'json'; value: unknown } | { type: 'html'; html: string } | { type: 'text'; text: string };

/** A request that cannot be checked as sent: answered 400 with the message. */
export class BadRequest extends Error {
  override name = 'BadRequest';
}

export interface CheckServerOptions {
  host: string;
  /** 0 for any free port. */
  port: number;
  /** What the index is, for /health. */
  index: string;
  /** Rejects when checks cannot be answered now: /health then answers 503 with the reason. */
  health?: () => Promise<void>;
  answer(request: CheckRequest): Promise<unknown>;
}

export interface CheckServer {
  /** http://host:port */
  url: string;
  close(): Promise<void>;
}

/** Pages larger than this are not articles anyone reads; the analysis stops at 200,000 characters anyway. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '600',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    ...CORS,
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
  });
  res.end(json);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `the body is larger than ${MAX_BODY_BYTES >> 20} MB`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The body in UTF-8, from the charset its Content-Type names (a Latin-1 text was refused as "not text"). */
function inUtf8(bytes: Buffer, contentType: string): Buffer {
  const charset = /;\s*charset="?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase();
  if (!charset || charset === 'utf-8' || charset === 'utf8') return bytes;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    throw new HttpError(415, `unknown charset: ${charset}`);
  }
  try {
    return Buffer.from(decoder.decode(bytes), 'utf8');
  } catch {
    throw new HttpError(400, `the body is not ${charset} text`);
  }
}

async function parseRequest(req: IncomingMessage): Promise<CheckRequest> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!['application/json', 'text/html', 'text/plain'].includes(type)) {
    throw new HttpError(415, `send the article as application/json, text/html or text/plain (got ${type || 'no Content-Type'})`);
  }
  const raw = await readBody(req);
  const bytes = inUtf8(raw, req.headers['content-type'] ?? '');
  if (type === 'text/plain') {
    // As `check` reads a text file: refused when it is not text, its first line the headline when it reads like one.
    const s = sniff(bytes);
    if (s.kind === 'binary') throw new HttpError(415, `the body is not text (${s.what}); send an article's text, an HTML page or JSON`);
    if (s.kind === 'empty') throw new HttpError(400, 'the body is empty: no article to check');
    return { type: 'text', text: s.text };
  }
  const body = bytes.toString('utf8');
  if (type === 'text/html') {
    // No charset in the Content-Type: the page's own <meta charset>, when it is not UTF-8.
    const legacy = bytes === raw && !isUtf8(bytes) ? legacyText(bytes) : undefined;
    return { type: 'html', html: legacy ?? body };
  }
  try {
    return { type: 'json', value: JSON.parse(body) };
  } catch {
    throw new HttpError(400, 'the body is not valid JSON');
  }
}

async function route(req: IncomingMessage, res: ServerResponse, opts: CheckServerOptions): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method === 'OPTIONS') {
    res.writeHead(204, CORS).end();
    return;
  }
  if (path === '/health') {
    if (req.method !== 'GET') throw new HttpError(405, 'GET /health', { Allow: 'GET, OPTIONS' });
    await opts.health?.();
    send(res, 200, { ok: true, index: opts.index });
    return;
  }
  if (path !== '/check') throw new HttpError(404, 'not found: POST an article to /check');
  if (req.method !== 'POST') throw new HttpError(405, 'POST an article to /check', { Allow: 'POST, OPTIONS' });
  send(res, 200, await opts.answer(await parseRequest(req)));
}

function failure(e: unknown): HttpError {
  if (e instanceof HttpError) return e;
  if (e instanceof BadRequest) return new HttpError(400, e.message);
  // The index cannot answer for now (a node down) or at all (a store it cannot read): a 503
  // tells a client to fall back or retry, never to show an answer from part of the index.
  if (e instanceof StoreUnavailable || e instanceof StoreRefused) return new HttpError(503, e.message);
  process.stderr.write(`provenance serve: ${(e as Error).stack ?? String(e)}\n`);
  return new HttpError(500, `internal error: ${(e as Error).message}`);
}

export function startCheckServer(opts: CheckServerOptions): Promise<CheckServer> {
  const server = createServer((req, res) => {
    route(req, res, opts).catch((e: unknown) => {
      const err = failure(e);
      // The operator's log: a request the server could not answer (a node down), not the client's mistakes.
      if (err.status === 503) process.stderr.write(`provenance serve: ${err.status} ${req.method} ${req.url}: ${err.message}\n`);
      if (!res.headersSent) send(res, err.status, { error: err.message }, err.headers);
      else res.destroy();
    });
  });
  server.requestTimeout = 60_000;
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(listenFailure(e, opts)));
    server.listen(opts.port, opts.host, () => {
      const { port } = server.address() as AddressInfo;
      const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
      resolve({
        url: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** Why the server could not listen, in words that say what to change. */
function listenFailure(e: NodeJS.ErrnoException, { host, port }: Pick<CheckServerOptions, 'host' | 'port'>): Error {
  if (e.code === 'EADDRINUSE')
    return new Error(`port ${port} on ${host} is in use (another provenance serve?): choose another with --port`);
  if (e.code === 'EACCES')
    return new Error(`not allowed to listen on port ${port} (ports under 1024 need privileges): choose another with --port`);
  if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND')
    return new Error(`${host} is not an address of this machine: choose another with --host`);
  return e;
}
