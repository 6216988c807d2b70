import { gunzipSync } from 'node:zlib';

/**
 * HTTP for the crawler, on Node's built-in fetch, with the politeness a newsroom's server
 * is owed: a User-Agent that names the tool, at most a few requests at a time per host,
 * retries with backoff on 429 and 5xx (Retry-After honoured), a size and a time limit per
 * document, and redirects followed up to a limit (a loop is reported, not followed).
 */

export interface FetchLimits {
  /** Bytes read from one response; the rest is not downloaded. */
  maxBytes: number;
  /** Milliseconds for one request, headers and body. */
  timeoutMs: number;
  maxRedirects: number;
  /** Requests in flight at once to one host. */
  perHost: number;
  /** Attempts after the first, on 429, 5xx or a network error. */
  retries: number;
  /** First backoff; it doubles with each retry. */
  backoffMs: number;
  /** A Retry-After longer than this is not waited for: the document fails instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_LIMITS: FetchLimits = {
  maxBytes: 5 * 1024 * 1024,
  timeoutMs: 30_000,
  maxRedirects: 5,
  perHost: 2,
  retries: 3,
  backoffMs: 1000,
  maxRetryAfterMs: 120_000,
};

/** Validators from an earlier response, for a conditional request. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type FetchResult =
  | {
      status: 'ok';
      /** Where the document was found, after redirects. */
      url: string;
      body: string;
      contentType: string;
      /** The document was larger than maxBytes: body holds its beginning. */
      truncated: boolean;
      validators: Validators;
    }
  | { status: 'not-modified'; url: string }
  /**
   * No usable answer; `blocked` when robots.txt forbade the request, so none was sent;
   * `interrupted` when the signal stopped it while it waited to retry (nothing is wrong with it).
   */
  | { status: 'error'; url: string; error: string; httpStatus?: number; blocked?: boolean; interrupted?: boolean };

export interface GetOptions {
  validators?: Validators;
  accept?: string;
  /** Asked before each request, redirects included: why it may not be sent, or null. */
  allowed?: (url: string) => Promise<Refusal | null>;
  /** Instead of the limits' maxBytes, for this document. */
  maxBytes?: number;
  /** Once aborted, a document waiting to be retried is given up at once (`interrupted`). */
  signal?: AbortSignal;
}

/** Why a request may not be sent; `disallowed` when robots.txt says so (not a passing failure). */
export interface Refusal {
  reason: string;
  disallowed: boolean;
}

type Answer = { response: Response; bytes: Uint8Array; truncated: boolean };
type Failure = { error: string; httpStatus?: number; interrupted?: boolean };
type Retry = { retry: string; httpStatus?: number; after?: number };

/** A Crawl-delay longer than this (some sites write 3600) is taken as this. */
export const MAX_CRAWL_DELAY_MS = 60_000;

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
/** Waits `ms`, or less when the signal aborts meanwhile. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Retry-After as milliseconds: seconds, or an HTTP date. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * A counting semaphore per host, so one slow site never holds up the others, with the gap a
 * site's robots.txt asks for between two requests (Crawl-delay).
 */
class HostSlots {
  private active = new Map<string, number>();
  private waiting = new Map<string, (() => void)[]>();
  private readonly delay = new Map<string, number>();
  private readonly nextStart = new Map<string, number>();
  constructor(private readonly perHost: number) {}

  setDelay(host: string, ms: number): void {
    this.delay.set(host, ms);
  }

  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    if ((this.active.get(host) ?? 0) >= this.perHost) {
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(host) ?? [];
        queue.push(resolve);
        this.waiting.set(host, queue);
      });
    } else this.active.set(host, (this.active.get(host) ?? 0) + 1);
    const gap = this.delay.get(host);
    if (gap) {
      const start = Math.max(Date.now(), this.nextStart.get(host) ?? 0);
      this.nextStart.set(host, start + gap);
      await pause(start - Date.now());
    }
    try {
      return await task();
    } finally {
      // A waiter inherits the slot, so the count never dips between two requests.
      const next = this.waiting.get(host)?.shift();
      if (next) next();
      else this.active.set(host, this.active.get(host)! - 1);
    }
  }
}

/** How far into a page its head is read for a `<meta charset>` the first KB does not hold. */
const HEAD_SCAN = 256 * 1024;

/**
 * The charset a document declares (`<meta charset>`, http-equiv, or an XML declaration), if
 * any. Browsers look in the first KB (the prescan) and, failing that, change the encoding
 * when the parser meets a `<meta charset>` in the head (WHATWG HTML, "change the encoding"):
 * a long head of scripts and comments put the declaration of Polish, German and Chinese pages
 * 1,100 to 58,000 bytes in, and of a windows-1252 page after its inline scripts.
 */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, HEAD_SCAN));
  const early = head
    .slice(0, 1024)
    .match(/<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)|<meta[^>]*charset\s*=\s*["']?([\w.:-]+)/i)
    ?.slice(1)
    .find(Boolean);
  if (early) return early;
  const end = head.search(/<\/head\s*>|<body[\s>]/i);
  return (end < 0 ? head : head.slice(0, end)).match(/<meta[^>]*charset\s*=\s*["']?([\w.:-]+)/i)?.[1];
}

function charsetOf(contentType: string, head: Uint8Array): string {
  return contentType.match(/charset\s*=\s*"?([\w.:-]+)/i)?.[1] ?? declaredCharset(head) ?? 'utf-8';
}

/** The encoding a byte order mark names: it outranks every label (WHATWG Encoding, "BOM sniff"). */
function bomCharset(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * A body as text: in the encoding its byte order mark names, else its Content-Type's
 * charset, else its own declaration. When the two disagree and the bytes are not valid in
 * the Content-Type's (a server's default "charset=utf-8" on an ISO-8859-1 feed came out with
 * "Marché" as "March\uFFFD"), the document's own declaration is believed. A stray invalid
 * byte in a document that declares nothing else stays a replacement character.
 */
function decode(bytes: Uint8Array, contentType: string): string {
  const bom = bomCharset(bytes);
  if (bom) return new TextDecoder(bom).decode(bytes);
  const label = charsetOf(contentType, bytes);
  const declared = declaredCharset(bytes);
  if (declared && declared.toLowerCase() !== label.toLowerCase()) {
    try {
      // stream: a body cut at the size limit may end inside a character; that is no mislabel.
      return new TextDecoder(label, { fatal: true }).decode(bytes, { stream: true });
    } catch {
      const own = decodeAs(declared, bytes);
      if (own !== undefined) return own;
    }
  }
  return decodeAs(label, bytes) ?? new TextDecoder('utf-8').decode(bytes);
}

/** Undefined for a charset this runtime does not know. */
function decodeAs(charset: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Reads at most `max` bytes of a body and cancels the rest of the download. */
async function readLimited(res: Response, max: number): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (size + value.length > max) {
        chunks.push(value.subarray(0, max - size));
        size = max;
        truncated = true;
        await reader.cancel();
        break;
      }
      chunks.push(value);
      size += value.length;
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { bytes, truncated };
}

/** Sitemaps are often served gzipped as files (sitemap.xml.gz), not with Content-Encoding. */
function gunzipped(bytes: Uint8Array, max: number): { bytes: Uint8Array; truncated: boolean } {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return { bytes, truncated: false };
  try {
    return { bytes: gunzipSync(bytes, { maxOutputLength: max }), truncated: false };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return { bytes: new Uint8Array(), truncated: true };
    return { bytes, truncated: false };
  }
}

function describe(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  return err.cause?.code ?? err.cause?.message ?? err.message;
}

export class Fetcher {
  readonly limits: FetchLimits;
  private readonly slots: HostSlots;
  /** Every request sent, for the summary (robots.txt and redirects included). */
  requests = 0;

  /**
   * `headersFor`: headers to add to a request for this address (a subscriber's cookie for the
   * newsroom's own site, `index crawl --header`); asked for every hop, so a redirect to
   * another site does not carry them.
   */
  constructor(
    readonly userAgent: string,
    limits: Partial<FetchLimits> = {},
    private readonly headersFor: (url: string) => Record<string, string> = () => ({}),
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.slots = new HostSlots(this.limits.perHost);
  }

  /** Spaces the requests to a host (robots.txt's Crawl-delay), up to MAX_CRAWL_DELAY_MS. */
  setCrawlDelay(host: string, ms: number): void {
    this.slots.setDelay(host, Math.min(ms, MAX_CRAWL_DELAY_MS));
  }

  /**
   * GETs a document, following redirects; with validators, conditionally (304 is
   * `not-modified`). `allowed` is asked before each hop, so a redirect cannot lead past
   * robots.txt. Network failures and unusable answers are results, never exceptions.
   */
  async get(url: string, opts: GetOptions = {}): Promise<FetchResult> {
    const max = opts.maxBytes ?? this.limits.maxBytes;
    const chain = [url];
    let current = url;
    for (;;) {
      const refused = await opts.allowed?.(current);
      if (refused) return { status: 'error', url: current, error: refused.reason, blocked: refused.disallowed };
      const res = await this.attempt(current, opts.validators, opts.accept, max, opts.signal);
      if ('error' in res) return { status: 'error', url: current, ...res };
      const { response } = res;
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        const location = response.headers.get('location');
        if (!location)
          return { status: 'error', url: current, error: `HTTP ${response.status} without a Location`, httpStatus: response.status };
        const next = new URL(location, current);
        next.hash = '';
        if (next.protocol !== 'http:' && next.protocol !== 'https:')
          return { status: 'error', url: current, error: `redirected to a non-http address (${next.protocol})` };
        if (chain.includes(next.href))
          return { status: 'error', url: current, error: `redirect loop: ${[...chain, next.href].join(' -> ')}` };
        chain.push(next.href);
        if (chain.length > this.limits.maxRedirects + 1)
          return { status: 'error', url: current, error: `more than ${this.limits.maxRedirects} redirects` };
        current = next.href;
        continue;
      }
      return this.result(current, res, max);
    }
  }

  private result(url: string, { response, bytes: raw, truncated: cut }: Answer, max: number): FetchResult {
    if (response.status === 304) return { status: 'not-modified', url };
    if (response.status < 200 || response.status >= 300)
      return { status: 'error', url, error: `HTTP ${response.status}`, httpStatus: response.status };
    const contentType = response.headers.get('content-type') ?? '';
    const { bytes, truncated } = cut ? { bytes: raw, truncated: true } : gunzipped(raw, max);
    const validators: Validators = {};
    const etag = response.headers.get('etag');
    const lastModified = response.headers.get('last-modified');
    if (etag) validators.etag = etag;
    if (lastModified) validators.lastModified = lastModified;
    return { status: 'ok', url, body: decode(bytes, contentType), contentType, truncated, validators };
  }

  /** One request with its retries; the body is read (within the limit) inside the host's slot. */
  private async attempt(
    url: string,
    validators: Validators | undefined,
    accept: string | undefined,
    max: number,
    signal: AbortSignal | undefined,
  ): Promise<Answer | Failure> {
    const host = new URL(url).host;
    const headers: Record<string, string> = { ...this.headersFor(url), 'user-agent': this.userAgent, accept: accept ?? '*/*' };
    if (validators?.etag) headers['if-none-match'] = validators.etag;
    if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.slots.run(host, async (): Promise<Answer | Failure | Retry> => {
        this.requests++;
        try {
          const response = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(this.limits.timeoutMs) });
          if (RETRY_STATUS.has(response.status)) {
            await response.body?.cancel();
            return {
              retry: `HTTP ${response.status}`,
              httpStatus: response.status,
              after: retryAfterMs(response.headers.get('retry-after')),
            };
          }
          const { bytes, truncated } = await readLimited(response, max);
          return { response, bytes, truncated };
        } catch (e) {
          // A server that takes the whole time limit is not asked again at once.
          if ((e as Error).name === 'TimeoutError') return { error: `timed out after ${this.limits.timeoutMs / 1000} s` };
          return { retry: describe(e) };
        }
      });
      if ('response' in outcome || 'error' in outcome) return outcome;
      const wait = outcome.after ?? this.limits.backoffMs * 2 ** attempt;
      if (attempt >= this.limits.retries)
        return { error: `${outcome.retry} (after ${attempt + 1} attempts)`, httpStatus: outcome.httpStatus };
      if (wait > this.limits.maxRetryAfterMs)
        return { error: `${outcome.retry}, and asked to retry after ${Math.round(wait / 1000)} s`, httpStatus: outcome.httpStatus };
      // An interrupted crawl does not sit out a retry's wait (up to maxRetryAfterMs).
      await pause(wait, signal);
      if (signal?.aborted)
        return { error: `${outcome.retry}; interrupted before a retry`, httpStatus: outcome.httpStatus, interrupted: true };
    }
  }
}
