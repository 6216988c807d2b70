import { createServer, type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { Fetcher, retryAfterMs, RobotsRules } from '../../lib/ingest';
import { startNewsroom, type Newsroom } from './fixtures/newsroom';

const UA = 'provenance/0.0.0 (test)';
let site: Newsroom | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

describe('the crawler fetches politely', () => {
  it('reports a redirect loop with its chain instead of following it, and follows a redirect chain within the limit', async () => {
    const redirect = (to: string) => (_req: unknown, res: import('node:http').ServerResponse) => res.writeHead(301, { location: to }).end();
    site = await startNewsroom({
      '/a': redirect('/b'),
      '/b': redirect('/c'),
      '/c': redirect('/a'),
      '/old': redirect('/moved'),
      '/moved': redirect('/story'),
      '/story': { body: '<p>here</p>', type: 'text/html' },
    });
    const fetcher = new Fetcher(UA);
    const loop = await fetcher.get(`${site.url}/a`);
    expect(loop).toMatchObject({
      status: 'error',
      error: `redirect loop: ${site.url}/a -> ${site.url}/b -> ${site.url}/c -> ${site.url}/a`,
    });
    expect(site.requests.map((r) => r.path)).toEqual(['/a', '/b', '/c']);
    expect(await fetcher.get(`${site.url}/old`)).toMatchObject({ status: 'ok', url: `${site.url}/story`, body: '<p>here</p>' });
    const short = new Fetcher(UA, { maxRedirects: 1 });
    expect(await short.get(`${site.url}/old`)).toMatchObject({ status: 'error', error: 'more than 1 redirects' });
  });

  it('cuts a 50 MB page at the size limit and stops downloading the rest', async () => {
    const chunk = Buffer.alloc(64 * 1024, '<p>All work and no play.</p>\n');
    const total = 50 * 1024 * 1024;
    let written = 0;
    let closedEarly = false;
    site = await startNewsroom({
      '/huge': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(total) });
        res.on('close', () => (closedEarly = written < total));
        const pump = () => {
          while (written < total) {
            written += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
      },
    });
    const limit = 5 * 1024 * 1024;
    const r = await new Fetcher(UA).get(`${site.url}/huge`);
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(r.truncated).toBe(true);
    expect(r.body.length).toBe(limit);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closedEarly).toBe(true);
    expect(written).toBeLessThan(total / 2);
  });

  it('retries 503 and 429 with backoff, honouring Retry-After, and names the tool in its User-Agent', async () => {
    let calls = 0;
    const times: number[] = [];
    site = await startNewsroom({
      '/busy': (_req, res) => {
        times.push(Date.now());
        calls++;
        if (calls === 1) res.writeHead(503, { 'retry-after': '1' }).end();
        else if (calls === 2) res.writeHead(429).end();
        else res.writeHead(200, { 'content-type': 'text/plain' }).end('finally');
      },
      '/down': (_req, res) => res.writeHead(500).end(),
    });
    const fetcher = new Fetcher(UA, { backoffMs: 50 });
    expect(await fetcher.get(`${site.url}/busy`)).toMatchObject({ status: 'ok', body: 'finally' });
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(90); // the second backoff: 2 x 50 ms
    expect(await fetcher.get(`${site.url}/down`)).toMatchObject({ status: 'error', error: 'HTTP 500 (after 4 attempts)', httpStatus: 500 });
    expect(site.requests.every((r) => r.userAgent === UA)).toBe(true);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30_000);
  });

  it('stops waiting to retry when the crawl is interrupted, and says so', async () => {
    site = await startNewsroom({ '/busy': (_req, res) => res.writeHead(503, { 'retry-after': '60' }).end() });
    const stop = new AbortController();
    const started = Date.now();
    setTimeout(() => stop.abort(), 200);
    const r = await new Fetcher(UA).get(`${site.url}/busy`, { signal: stop.signal });
    expect(r).toMatchObject({ status: 'error', error: 'HTTP 503; interrupted before a retry', httpStatus: 503, interrupted: true });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(site.requests.filter((q) => q.path === '/busy')).toHaveLength(1);
  });

  it('does not wait for a Retry-After longer than its limit, and gives up on a page that takes too long', async () => {
    site = await startNewsroom({
      '/later': (_req, res) => res.writeHead(503, { 'retry-after': '3600' }).end(),
      '/slow': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<p>start');
      },
    });
    const fetcher = new Fetcher(UA, { timeoutMs: 300 });
    expect(await fetcher.get(`${site.url}/later`)).toMatchObject({ status: 'error', error: 'HTTP 503, and asked to retry after 3600 s' });
    expect(await fetcher.get(`${site.url}/slow`)).toMatchObject({ status: 'error', error: 'timed out after 0.3 s' });
    expect(site.requests.filter((r) => r.path === '/later')).toHaveLength(1);
  });

  it('sends at most 2 requests at a time to one host', async () => {
    let inFlight = 0;
    let most = 0;
    site = await startNewsroom();
    for (let i = 0; i < 8; i++) {
      site.routes.set(`/p${i}`, (_req, res) => {
        most = Math.max(most, ++inFlight);
        setTimeout(() => {
          inFlight--;
          res.writeHead(200, { 'content-type': 'text/plain' }).end(`page ${i}`);
        }, 40);
      });
    }
    const fetcher = new Fetcher(UA);
    const pages = await Promise.all(Array.from({ length: 8 }, (_, i) => fetcher.get(`${site!.url}/p${i}`)));
    expect(pages.map((p) => p.status)).toEqual(Array(8).fill('ok'));
    expect(most).toBe(2);
  });

  it('asks conditionally with the validators it was given: an unchanged document is a 304 without a body', async () => {
    site = await startNewsroom({
      '/feed.xml': { body: '<rss/>', type: 'application/rss+xml', etag: '"v1"', lastModified: 'Thu, 11 May 2023 18:00:00 GMT' },
    });
    const fetcher = new Fetcher(UA);
    const first = await fetcher.get(`${site.url}/feed.xml`);
    expect(first).toMatchObject({ status: 'ok', validators: { etag: '"v1"', lastModified: 'Thu, 11 May 2023 18:00:00 GMT' } });
    if (first.status !== 'ok') return;
    expect(await fetcher.get(`${site.url}/feed.xml`, { validators: first.validators })).toEqual({
      status: 'not-modified',
      url: `${site.url}/feed.xml`,
    });
    expect(site.requests.map((r) => [r.status, r.conditional])).toEqual([
      [200, false],
      [304, true],
    ]);
  });
});

describe('the text of a document', () => {
  it('is read in the charset its byte order mark names, in its own declared one when the server labels it UTF-8 wrongly, and in one declared past the first KB', async () => {
    const title = 'Marché couvert: la mairie vote la rénovation';
    const latin1 = Buffer.from(
      `<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>${title}</title></channel></rss>`,
      'latin1',
    );
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`<?xml version="1.0" encoding="UTF-16"?><rss><channel><title>${title}</title></channel></rss>`, 'utf16le'),
    ]);
    // UTF-8 with one stray byte, declaring nothing else: still UTF-8, the byte a replacement character.
    const stray = Buffer.concat([
      Buffer.from(`<rss><channel><title>${title} `, 'utf8'),
      Buffer.from([0x96]),
      Buffer.from('</title></channel></rss>'),
    ]);
    // A page whose scripts come first declares its charset past the first KB, as browsers allow.
    const late = Buffer.from(
      `<!doctype html><html><head><script>${'var x = 1;'.repeat(400)}</script><meta charset="windows-1252"><title>${title}</title></head></html>`,
      'latin1',
    );
    site = await startNewsroom({
      '/late.html': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(late),
      '/latin1.xml': (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(latin1),
      '/utf16.xml': (_req, res) => res.writeHead(200, { 'content-type': 'application/xml' }).end(utf16),
      '/stray.xml': (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(stray),
    });
    const body = async (path: string) => {
      const r = await new Fetcher(UA).get(`${site!.url}${path}`);
      return r.status === 'ok' ? r.body : r.status;
    };
    expect(await body('/latin1.xml')).toContain(`<title>${title}</title>`);
    expect(await body('/utf16.xml')).toContain(`<title>${title}</title>`);
    expect(await body('/late.html')).toContain(`<title>${title}</title>`);
    expect(await body('/stray.xml')).toContain(`<title>${title} \uFFFD</title>`);
  });
});

describe('sitemaps served as .xml.gz files', () => {
  it('are unpacked, within the size limit', async () => {
    const xml =
      '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.example/a</loc></url></urlset>';
    const gz = gzipSync(xml);
    site = await startNewsroom({ '/sitemap.xml.gz': (_req, res) => res.writeHead(200, { 'content-type': 'application/gzip' }).end(gz) });
    expect(await new Fetcher(UA).get(`${site.url}/sitemap.xml.gz`)).toMatchObject({ status: 'ok', body: xml, truncated: false });
    expect(await new Fetcher(UA).get(`${site.url}/sitemap.xml.gz`, { maxBytes: 40 })).toMatchObject({ status: 'ok', truncated: true });
  });
});

describe('robots.txt', () => {
  it("obeys the group for the crawler's own name and its Crawl-delay, allows all when there is no file, and crawls nothing when it cannot be read", async () => {
    site = await startNewsroom({
      '/robots.txt': { body: 'User-agent: *\nDisallow: /\n\nUser-agent: provenance\nDisallow: /archive/\nAllow: /\n', type: 'text/plain' },
    });
    const fetcher = new Fetcher(UA, { backoffMs: 1 });
    const rules = new RobotsRules(fetcher, 'provenance', {});
    expect(await rules.refusal(`${site.url}/news/today`)).toBeNull();
    expect(await rules.refusal(`${site.url}/archive/1999`)).toEqual({ reason: 'disallowed by robots.txt', disallowed: true });
    expect(site.requests.filter((r) => r.path === '/robots.txt')).toHaveLength(1); // read once per origin

    site.routes.delete('/robots.txt');
    site.routes.set('/robots.txt', { body: 'User-agent: *\nCrawl-delay: 0.4\n', type: 'text/plain' });
    const spaced = new Fetcher(UA);
    const paced = new RobotsRules(spaced, 'provenance', {});
    const starts: number[] = [];
    site.routes.set('/paced', (_req, res) => {
      starts.push(Date.now());
      res.writeHead(200).end();
    });
    await paced.refusal(`${site.url}/one`);
    await Promise.all([1, 2, 3].map(() => spaced.get(`${site!.url}/paced`)));
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(380);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(380);

    site.routes.delete('/robots.txt');
    expect(await new RobotsRules(fetcher, 'provenance', {}).refusal(`${site.url}/archive/1999`)).toBeNull();

    site.routes.set('/robots.txt', (_req, res) => res.writeHead(503).end());
    const refusal = await new RobotsRules(fetcher, 'provenance', {}).refusal(`${site.url}/news/today`);
    expect(refusal).toEqual({
      reason: 'robots.txt could not be read (HTTP 503 (after 4 attempts)), so the site is not crawled this run',
      disallowed: false,
    });
    // Nothing listening at all: the site is down or the address wrong, which is what it says.
    const closed = createServer();
    const port = await new Promise<number>((ok) => closed.listen(0, '127.0.0.1', () => ok((closed.address() as AddressInfo).port)));
    await new Promise((ok) => closed.close(ok));
    const down = new Fetcher(UA, { retries: 0 });
    const unreachable = await new RobotsRules(down, 'provenance', {}).refusal(`http://127.0.0.1:${port}/news/today`);
    expect(unreachable?.reason).toMatch(/^the site could not be reached \(.*ECONNREFUSED.*\), so it is not crawled this run$/);
  });
});
