import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest, readPack } from '../../lib/index';
import { article } from '../fixtures/news';
import { original as ferry, scrapedCopy } from './fixtures/ferry-pier';
import { articlePage, frontPage, newsSitemap, rss, sitemapIndex, startNewsroom, type Listed, type Newsroom } from './fixtures/newsroom';

/** The CLI as a child process, so the test's own HTTP server keeps answering while it runs. */
function cli(args: string[], input?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('node', ['bin/provenance.mjs', ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'provenance-crawl-'));
const pack = join(tmp, 'courier.pack');
let site: Newsroom;
let base: string;
const story = (n: number) => article(n);
const html = (body: string, etag: string) => ({ body, type: 'text/html; charset=utf-8', etag });

/** The requests the site saw during one run. */
async function run(args: string[]) {
  const before = site.requests.length;
  const r = await cli(args);
  return { ...r, requests: site.requests.slice(before) };
}

async function entries() {
  const result = await readPack(readFileSync(pack));
  if (!result.ok) throw new Error(result.error);
  return result.pack.entries;
}

beforeAll(async () => {
  site = await startNewsroom();
  base = site.url;
  const listed: Listed[] = [
    // The ferry page carries no byline or date of its own: the feed's fill them in.
    { url: `${base}/news/ferry-pier`, title: 'Feed headline for the pier', author: 'Ruth Penhale', published: '2023-05-11T18:05:00Z' },
    { url: `${base}/news/story-1`, title: story(1).title, author: story(1).author },
    { url: `${base}/news/broken`, title: story(5).title },
    { url: `${base}/news/`, title: 'Latest news' },
    { url: `${base}/private/story-2`, title: story(2).title },
  ];
  site.routes.set('/robots.txt', { body: 'User-agent: *\nDisallow: /private/\n', type: 'text/plain', etag: '"r1"' });
  site.routes.set('/feed.xml', { body: rss('The Coastal Courier', listed), type: 'application/rss+xml', etag: '"f1"' });
  site.routes.set('/sitemap.xml', {
    body: sitemapIndex([`${base}/sitemaps/news.xml`]),
    type: 'application/xml',
    lastModified: 'Thu, 01 Jun 2023 08:00:00 GMT',
  });
  site.routes.set('/sitemaps/news.xml', {
    body: newsSitemap('The Coastal Courier', [
      { url: `${base}/news/story-3`, title: story(3).title, published: '2023-06-01T07:00:00Z' },
      { url: `${base}/news/story-1`, title: story(1).title },
    ]),
    type: 'application/xml',
    etag: '"s1"',
  });
  site.routes.set(
    '/news/ferry-pier',
    html(articlePage({ title: ferry.title, text: ferry.text, publisher: 'The Coastal Courier' }), '"p0"'),
  );
  for (const n of [1, 2, 3, 4]) {
    const a = story(n);
    site.routes.set(`/${n === 2 ? 'private' : 'news'}/story-${n}`, html(articlePage(a), `"p${n}"`));
  }
  site.routes.set('/news/broken', (_req, res) => res.writeHead(500, { 'retry-after': '0' }).end('database error'));
  site.routes.set('/news/', html(frontPage(['/news/ferry-pier', '/news/story-1']), '"front"'));
});
afterAll(() => site.close());

describe('provenance index crawl', () => {
  it('adds the articles its feeds list, skips what is not an article or is disallowed, and reports a failing page without stopping', async () => {
    const r = await run(['index', 'crawl', `${base}/feed.xml`, `${base}/sitemap.xml`, '-o', pack]);
    expect(r.stderr).toMatch(
      /courier\.pack: 3 added, 0 updated, 0 unchanged, 2 skipped, 1 failed; feeds 3 read, 0 unchanged, 0 failed; 3 entries/,
    );
    expect(r.status).toBe(0);
    // Not a TTY: a line per page.
    expect(r.stderr).toContain(`added ${base}/news/ferry-pier: ${ferry.title}`);
    expect(r.stderr).toContain(`skipped ${base}/news/: not an article`);
    expect(r.stderr).toContain(`skipped ${base}/private/story-2: disallowed by robots.txt`);
    expect(r.stderr).toMatch(new RegExp(`failed ${base}/news/broken: HTTP 500 \\(after 4 attempts\\); tried again next run`));
    const paths = r.requests.map((q) => q.path);
    expect(paths).not.toContain('/private/story-2');
    expect(paths.filter((p) => p === '/news/story-1')).toHaveLength(1); // listed twice, fetched once
    expect(paths.filter((p) => p === '/news/broken')).toHaveLength(4);
    expect(r.requests.every((q) => /^provenance\/\d+\.\d+\.\d+ /.test(q.userAgent))).toBe(true);

    const byId = new Map((await entries()).map((e) => [e.meta.id, e.meta]));
    expect([...byId.keys()].sort()).toEqual([`${base}/news/ferry-pier`, `${base}/news/story-1`, `${base}/news/story-3`]);
    expect(byId.get(`${base}/news/ferry-pier`)).toMatchObject({
      title: ferry.title, // the page's headline wins over the feed's
      author: 'Ruth Penhale', // the page has none: the feed's
      published: '2023-05-11T18:05:00.000Z',
      publisher: 'The Coastal Courier',
      url: `${base}/news/ferry-pier`,
    });
    // The page's own date wins over the sitemap's.
    expect(byId.get(`${base}/news/story-3`)).toMatchObject({
      title: story(3).title,
      published: new Date(story(3).published!).toISOString(),
    });
    // Fingerprints and metadata only: no sentence of the articles is in the pack.
    expect(readFileSync(pack, 'latin1')).not.toContain(ferry.text.split('\n\n')[1]!.slice(0, 60));
    expect(JSON.parse(readFileSync(`${pack}.crawl.json`, 'utf8'))).toMatchObject({
      format: 'news-provenance-crawl-state',
      feeds: { [`${base}/feed.xml`]: { etag: '"f1"' }, [`${base}/sitemap.xml`]: { sitemaps: [`${base}/sitemaps/news.xml`] } },
      pending: [{ url: `${base}/news/broken`, failures: 1 }],
    });
  });

  it('finds a copy of a crawled article with check --index', async () => {
    const r = await cli(['check', '--json', '--index', pack, '-'], `${scrapedCopy.title}\n\n${scrapedCopy.text}`);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).matches[0]).toMatchObject({ id: `${base}/news/ferry-pier`, verdict: 'likely-source' });
  });

  it('on a second run asks only conditionally: unchanged feeds answer 304, nothing is fetched again, a page that failed is tried again', async () => {
    site.routes.set('/news/broken', html(articlePage(story(5)), '"p5"'));
    const r = await run(['index', 'crawl', `${base}/feed.xml`, `${base}/sitemap.xml`, '-o', pack]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/1 added, 0 updated, 0 unchanged, 0 skipped, 0 failed; feeds 0 read, 3 unchanged, 0 failed; 4 entries/);
    expect(r.requests.map((q) => [q.path, q.status]).sort()).toEqual(
      [
        ['/robots.txt', 304],
        ['/feed.xml', 304],
        ['/sitemap.xml', 304],
        ['/sitemaps/news.xml', 304],
        ['/news/broken', 200],
      ].sort(),
    );
    expect((await entries()).map((e) => e.meta.id)).toContain(`${base}/news/broken`);
  });

  it('when a feed changes, fetches only its new article; a page that was not an article is asked again conditionally', async () => {
    const before = (await entries()).map((e) => e.meta.id);
    const listed: Listed[] = [
      { url: `${base}/news/story-4`, title: story(4).title },
      { url: `${base}/news/ferry-pier`, title: 'Feed headline for the pier' },
      { url: `${base}/news/story-1`, title: story(1).title },
      { url: `${base}/news/`, title: 'Latest news' },
    ];
    site.routes.set('/feed.xml', { body: rss('The Coastal Courier', listed), type: 'application/rss+xml', etag: '"f2"' });
    const r = await run(['index', 'crawl', `${base}/feed.xml`, `${base}/sitemap.xml`, '-o', pack]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/1 added, 0 updated, 3 unchanged, 0 skipped, 0 failed; feeds 1 read, 2 unchanged, 0 failed; 5 entries/);
    expect(r.stderr).toContain(`unchanged ${base}/news/: not modified (not an article)`);
    const pages = r.requests.filter((q) => q.path.startsWith('/news/'));
    expect(pages.map((q) => [q.path, q.status, q.conditional]).sort()).toEqual([
      ['/news/', 304, true],
      ['/news/story-4', 200, false],
    ]);
    expect((await entries()).map((e) => e.meta.id)).toEqual([...before, `${base}/news/story-4`]);
  });

  it('leaves the pack untouched when nothing changed: every request is a 304', async () => {
    const bytes = readFileSync(pack);
    const r = await run(['index', 'crawl', `${base}/feed.xml`, `${base}/sitemap.xml`, '-o', pack]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/0 added, 0 updated, 0 unchanged, 0 skipped, 0 failed; feeds 0 read, 3 unchanged/);
    expect(r.requests.length).toBe(4);
    expect(r.requests.every((q) => q.status === 304)).toBe(true);
    expect(readFileSync(pack).equals(bytes)).toBe(true);
  });

  it('with --max-pages fetches the newest pages and leaves the others for the next run, even when the sitemap has not changed', async () => {
    const small = join(tmp, 'small.pack');
    const first = await run(['index', 'crawl', `${base}/sitemaps/news.xml`, '-o', small, '--max-pages', '1']);
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/small\.pack: 1 added, .*; 1 page left for the next run/);
    expect(first.stderr).toContain(`added ${base}/news/story-3`); // listed with the newest date
    const second = await run(['index', 'crawl', `${base}/sitemaps/news.xml`, '-o', small, '--max-pages', '1']);
    expect(second.stderr).toMatch(/small\.pack: 1 added, .*feeds 0 read, 1 unchanged/);
    expect(second.stderr).toContain(`added ${base}/news/story-1`);
    expect((await cli(['index', 'crawl', `${base}/feed.xml`, '-o', small, '--max-pages', 'all'])).status).toBe(2);
  });

  it('with --parts also writes the pack as dated parts and a manifest, rewriting nothing when nothing changed', async () => {
    const parted = join(tmp, 'parted.pack');
    const dir = join(tmp, 'parted');
    const first = await run(['index', 'crawl', `${base}/sitemaps/news.xml`, '-o', parted, '--parts', dir]);
    expect(first.status).toBe(0);
    const manifest = parseManifest(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    if (!manifest.ok) throw new Error(manifest.error);
    const whole = await readPack(readFileSync(parted));
    expect(manifest.manifest.parts.reduce((n, p) => n + p.entries, 0)).toBe(whole.ok ? whole.pack.entries.length : -1);
    const again = await run(['index', 'crawl', `${base}/sitemaps/news.xml`, '-o', parted, '--parts', dir]);
    expect(again.stderr).toMatch(/manifest\.json: \d+ parts?, none written/);
  });

  it('on Ctrl-C finishes the pages in flight, writes them, and leaves the rest for the next run', async () => {
    const slow = (n: number) => (_req: unknown, res: import('node:http').ServerResponse) =>
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(articlePage(story(10 + n))), 1200);
    for (const n of [1, 2, 3]) site.routes.set(`/slow/${n}`, slow(n));
    const listed = [1, 2, 3].map((n) => ({ url: `${base}/slow/${n}`, title: story(10 + n).title }));
    site.routes.set('/slow.xml', { body: rss('The Coastal Courier', listed), type: 'application/rss+xml', etag: '"slow"' });
    const stopped = join(tmp, 'stopped.pack');
    const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn('node', ['bin/provenance.mjs', 'index', 'crawl', `${base}/slow.xml`, '-o', stopped]);
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
        if (stderr.includes('feed read') && !child.killed) child.kill('SIGINT');
      });
      child.on('close', (status) => resolve({ status, stderr }));
    });
    expect(r.stderr).toContain('interrupted: finishing the pages in flight');
    expect(r.stderr).toMatch(/stopped\.pack: 2 added, .*; 1 page left for the next run/);
    expect(r.status).toBe(1);
    const again = await run(['index', 'crawl', `${base}/slow.xml`, '-o', stopped]);
    expect(again.stderr).toMatch(/stopped\.pack: 1 added, .*feeds 0 read, 1 unchanged, 0 failed; 3 entries/);
  });

  it('asks again for a page that answered 404 (a feed may list it before it is served), never for one that answered 403', async () => {
    // A feed served without validators is read in full at every run and lists the pages again.
    site.routes.set('/plain-feed.xml', {
      body: rss('The Coastal Courier', [
        { url: `${base}/news/not-yet`, title: story(7).title },
        { url: `${base}/news/members-only`, title: 'A story for members' },
      ]),
      type: 'application/rss+xml',
    });
    site.routes.set('/news/members-only', { body: 'Forbidden', type: 'text/plain', status: 403 });
    const early = join(tmp, 'early.pack');
    const first = await run(['index', 'crawl', `${base}/plain-feed.xml`, '-o', early]);
    expect(first.stderr).toMatch(/failed \S+\/news\/not-yet: HTTP 404.*; tried again next run/);
    expect(first.stderr).toMatch(/members-only.*HTTP 403; not asked for again/);
    // The page is served now: the next run adds it, and names the refused one in its count.
    site.routes.set('/news/not-yet', html(articlePage(story(7)), '"n1"'));
    const second = await run(['index', 'crawl', `${base}/plain-feed.xml`, '-o', early]);
    expect(second.stderr).toContain(`added ${base}/news/not-yet: ${story(7).title}`);
    expect(second.stderr).toContain(`skipped ${base}/news/members-only: refused with HTTP 403 in an earlier run; not asked for again`);
    expect(second.stderr).toMatch(/early\.pack: 1 added, 0 updated, 0 unchanged, 1 skipped, 0 failed/);
    expect(second.requests.filter((r) => r.path === '/news/members-only')).toHaveLength(0);
    // The first run added nothing: it wrote no pack, which would have hidden the failure, and said so.
    expect(first.status).toBe(1);
    expect(first.stderr).toContain(`provenance: no article could be added (2 pages failed, 0 skipped), so ${early} was not written`);
  });

  it('takes a page once however it is linked, and leaves out a syndicated copy whose address is on another site', async () => {
    site.routes.set('/news/wire-copy', html(articlePage(story(8), { canonical: 'https://wire.example.com/stories/8' }), '"w1"'));
    site.routes.set('/news/story-9', html(articlePage(story(9)), '"s9"'));
    site.routes.set('/amp/story-9', html(articlePage(story(9), { canonical: `${base}/news/story-9` }), '"a9"'));
    site.routes.set('/linked-feed.xml', {
      body: rss('The Coastal Courier', [
        { url: `${base}/news/story-9?utm_source=rss&utm_medium=feed`, title: story(9).title },
        { url: `${base}/news/story-9`, title: story(9).title },
        { url: `${base}/amp/story-9`, title: story(9).title },
        { url: `${base}/news/wire-copy`, title: story(8).title },
        { url: `${base}/news/plain-label`, title: story(11).title },
      ]),
      type: 'application/rss+xml',
    });
    // Served as text/plain, an HTML page all the same: its body says so.
    site.routes.set('/news/plain-label', { body: articlePage(story(11)), type: 'text/plain; charset=utf-8', etag: '"t1"' });
    const linked = join(tmp, 'linked.pack');
    const r = await run(['index', 'crawl', `${base}/linked-feed.xml`, '-o', linked, '--original']);
    expect(r.stderr).toContain(`feed read: ${base}/linked-feed.xml: rss, 4 links, 4 not in the pack`);
    expect(r.stderr).toContain(
      `skipped ${base}/news/wire-copy: a copy: the page names https://wire.example.com/stories/8 as its address, on another site`,
    );
    expect(r.requests.filter((q) => q.path.startsWith('/news/story-9'))).toHaveLength(1);
    const result = await readPack(readFileSync(linked));
    if (!result.ok) throw new Error(result.error);
    expect(result.pack.entries.map((e) => [e.meta.title, e.meta.url]).sort()).toEqual(
      [
        [story(9).title, `${base}/news/story-9`],
        [story(11).title, `${base}/news/plain-label`],
      ].sort(),
    );
  });

  it('reads an article again when its sitemap says it changed since it was crawled, and replaces its entry if it did', async () => {
    const first = story(10);
    const corrected = {
      ...first,
      title: `${first.title}: correction`,
      text: `${first.text}\n\nThis article was corrected: the vote took place on Tuesday.`,
    };
    const listed = (modified: string): Listed[] => [{ url: `${base}/news/story-10`, title: first.title, modified }];
    site.routes.set('/news/story-10', html(articlePage(first), '"p1"'));
    site.routes.set('/changing.xml', { body: newsSitemap('The Coastal Courier', listed('2024-01-01T00:00:00Z')), type: 'application/xml' });
    const changing = join(tmp, 'changing.pack');
    expect((await run(['index', 'crawl', `${base}/changing.xml`, '-o', changing])).stderr).toMatch(/changing\.pack: 1 added/);
    // Corrected later: the sitemap says so (a time after the crawl), and the page is read again.
    site.routes.set('/news/story-10', html(articlePage(corrected), '"p2"'));
    const later = new Date().toISOString();
    site.routes.set('/changing.xml', { body: newsSitemap('The Coastal Courier', listed(later)), type: 'application/xml' });
    const again = await run(['index', 'crawl', `${base}/changing.xml`, '-o', changing]);
    expect(again.stderr).toContain(`updated ${base}/news/story-10: ${corrected.title}`);
    expect(again.stderr).toMatch(/changing\.pack: 0 added, 1 updated, 0 unchanged/);
    const result = await readPack(readFileSync(changing));
    if (!result.ok) throw new Error(result.error);
    expect(result.pack.entries.map((e) => [e.meta.id, e.meta.title])).toEqual([[`${base}/news/story-10`, corrected.title]]);
    // Read once for that change: the next run leaves it.
    const third = await run(['index', 'crawl', `${base}/changing.xml`, '-o', changing]);
    expect(third.requests.filter((q) => q.path === '/news/story-10')).toHaveLength(0);
    expect(third.stderr).toMatch(/changing\.pack: 0 added, 0 updated, 1 unchanged/);
  });

  it('reads a recent article of an RSS feed (which dates no change) again on a schedule, conditionally, and an old one never', async () => {
    const fresh = story(12);
    const old = story(13);
    const corrected = { ...fresh, title: `${fresh.title}: correction`, text: `${fresh.text}\n\nCorrection: the vote was on Tuesday.` };
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    site.routes.set('/news/story-12', html(articlePage(fresh), '"s1"'));
    site.routes.set('/news/story-13', html(articlePage(old), '"o1"'));
    site.routes.set('/recent.xml', {
      body: rss('The Coastal Courier', [
        { url: `${base}/news/story-12`, title: fresh.title, published: minutesAgo(20) },
        { url: `${base}/news/story-13`, title: old.title, published: minutesAgo(30 * 24 * 60) },
      ]),
      type: 'application/rss+xml',
    });
    const recent = join(tmp, 'recent.pack');
    const crawl = () => run(['index', 'crawl', `${base}/recent.xml`, '-o', recent]);
    const pages = (r: Awaited<ReturnType<typeof crawl>>) => r.requests.filter((q) => q.path.startsWith('/news/story-1'));
    // The last read as if it were two hours ago (the state is the crawl's memory between runs).
    const readTwoHoursAgo = () => {
      const state = JSON.parse(readFileSync(`${recent}.crawl.json`, 'utf8')) as { crawled: Record<string, string> };
      for (const id of Object.keys(state.crawled)) state.crawled[id] = minutesAgo(120);
      writeFileSync(`${recent}.crawl.json`, JSON.stringify(state));
    };
    expect((await crawl()).stderr).toMatch(/recent\.pack: 2 added/);
    // Just read: not due yet.
    expect(pages(await crawl())).toEqual([]);
    // An hour and more on: the recent article is asked for again, conditionally, and is unchanged; the month-old one is not.
    readTwoHoursAgo();
    const unchanged = await crawl();
    expect(pages(unchanged)).toEqual([expect.objectContaining({ path: '/news/story-12', status: 304, conditional: true })]);
    expect(unchanged.stderr).toContain(`unchanged ${base}/news/story-12: read again: not modified since it was crawled`);
    // Corrected on the site: the next due read replaces its entry.
    site.routes.set('/news/story-12', html(articlePage(corrected), '"s2"'));
    readTwoHoursAgo();
    const again = await crawl();
    expect(again.stderr).toContain(`updated ${base}/news/story-12: ${corrected.title}`);
    expect(again.stderr).toMatch(/recent\.pack: 0 added, 1 updated, 1 unchanged/);
    const result = await readPack(readFileSync(recent));
    if (!result.ok) throw new Error(result.error);
    expect(result.pack.entries.map((e) => e.meta.title).sort()).toEqual([corrected.title, old.title].sort());
  });

  it("says when only a paywalled article's teaser was read, and reads it whole with --header, sent to the feeds' own site only", async () => {
    const full = story(14);
    const teaser = { ...full, text: full.text.split('\n\n').slice(0, 1).join('\n\n') };
    const subscriber = 'session=subscriber-7f3a';
    site.routes.set('/news/story-14', (req, res) => {
      const page = articlePage(req.headers.cookie === subscriber ? full : teaser, { paywalled: true });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    });
    site.routes.set('/news/story-15', html(articlePage(story(15)), '"e15"'));
    const elsewhere = `${base.replace('127.0.0.1', 'localhost')}/news/story-15`;
    site.routes.set('/paywall.xml', {
      body: rss('The Coastal Courier', [
        { url: `${base}/news/story-14`, title: full.title },
        { url: elsewhere, title: story(15).title },
      ]),
      type: 'application/rss+xml',
    });
    const wordsIn = async (file: string) => {
      const read = await readPack(readFileSync(join(tmp, file)));
      if (!read.ok) throw new Error(read.error);
      return read.pack.entries.find((e) => e.meta.id === `${base}/news/story-14`)!.meta.words!;
    };
    const plain = await run(['index', 'crawl', `${base}/paywall.xml`, '-o', join(tmp, 'teaser.pack')]);
    const teaserWords = await wordsIn('teaser.pack');
    expect(plain.stderr).toContain(
      `added ${base}/news/story-14: ${full.title} (for subscribers: only the ${teaserWords} words it shows to all were read; --header can give the crawl a subscriber's access)\n`,
    );

    const whole = await run(['index', 'crawl', `${base}/paywall.xml`, '-o', join(tmp, 'whole.pack'), '--header', `Cookie: ${subscriber}`]);
    expect(whole.stderr).toContain(`added ${base}/news/story-14: ${full.title}\n`);
    expect(await wordsIn('whole.pack')).toBeGreaterThan(2 * teaserWords);
    expect(whole.requests.find((q) => q.path === '/news/story-14')?.cookie).toBe(subscriber);
    expect(whole.requests.find((q) => q.path === '/paywall.xml')?.cookie).toBe(subscriber);
    // Another host (here the same server under another name) never gets the newsroom's cookie.
    expect(whole.requests.find((q) => q.path === '/news/story-15')).toMatchObject({ status: 200 });
    expect(whole.requests.find((q) => q.path === '/news/story-15')?.cookie).toBeUndefined();

    const bad = await run(['index', 'crawl', `${base}/paywall.xml`, '-o', join(tmp, 'bad.pack'), '--header', 'User-Agent: Googlebot']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--header cannot set User-Agent: the crawl sets it itself');
  });

  it('runs one crawl of a pack at a time, and refuses a pack in a folder that does not exist before fetching anything', async () => {
    const locked = join(tmp, 'locked.pack');
    // A crawl still running (this test's own process stands for it) holds the lock.
    writeFileSync(`${locked}.lock`, `${process.pid}\n`);
    const refused = await run(['index', 'crawl', `${base}/feed.xml`, '-o', locked]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      `provenance: another crawl (process ${process.pid}) is writing ${locked}: run one crawl of a pack at a time (remove ${locked}.lock if that process is not a crawl)\n`,
    );
    expect(refused.requests).toHaveLength(0);
    // A lock left by a crawl that was killed is taken over, and let go at the end.
    writeFileSync(`${locked}.lock`, '2147483646\n');
    const taken = await run(['index', 'crawl', `${base}/feed.xml`, '-o', locked]);
    expect(taken.stderr).toMatch(/locked\.pack: \d+ added/);
    expect(existsSync(`${locked}.lock`)).toBe(false);
    const nowhere = await run(['index', 'crawl', `${base}/feed.xml`, '-o', join(tmp, 'no-such-folder', 'x.pack')]);
    expect(nowhere.status).toBe(1);
    expect(nowhere.stderr).toBe(
      `provenance: cannot write ${join(tmp, 'no-such-folder', 'x.pack')}: there is no folder ${join(tmp, 'no-such-folder')}\n`,
    );
    expect(nowhere.requests).toHaveLength(0);
  });

  it('exits 1 when a feed cannot be read, after crawling the others; 2 on a usage mistake', async () => {
    site.routes.set('/broken-feed.xml', { body: '<rss><channel><item><title>Cut', type: 'application/rss+xml' });
    const other = join(tmp, 'other.pack');
    const r = await run(['index', 'crawl', `${base}/broken-feed.xml`, `${base}/missing.xml`, `${base}/sitemaps/news.xml`, '-o', other]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`provenance: feed failed: ${base}/broken-feed.xml: not well-formed XML`);
    expect(r.stderr).toContain(`provenance: feed failed: ${base}/missing.xml: HTTP 404`);
    expect(r.stderr).toMatch(/other\.pack: 2 added/);
    expect(existsSync(other)).toBe(true);

    // Not one feed read and no pack yet: no empty pack is left to be checked against.
    const none = join(tmp, 'none.pack');
    const failedAll = await run(['index', 'crawl', `${base}/missing.xml`, '-o', none]);
    expect(failedAll.status).toBe(1);
    expect(failedAll.stderr).toContain(`provenance: feed failed: ${base}/missing.xml: HTTP 404`);
    expect(failedAll.stderr).toContain(`provenance: no feed or sitemap could be read, so ${none} was not written`);
    expect(existsSync(none)).toBe(false);
    expect(existsSync(`${none}.crawl.json`)).toBe(false);

    const notPack = join(tmp, 'notes.pack');
    writeFileSync(notPack, 'these are my notes, not a pack');
    const refused = await run(['index', 'crawl', `${base}/feed.xml`, '-o', notPack]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/notes\.pack was refused: .*move it away to start a new pack/);
    expect(refused.requests).toEqual([]);
    expect(readFileSync(notPack, 'utf8')).toBe('these are my notes, not a pack');

    const usage = await cli(['index', 'crawl', `${base}/feed.xml`]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('index crawl needs -o <pack>');
    expect((await cli(['index', 'crawl', 'feed.xml', '-o', other])).stderr).toContain('not an http(s) address: feed.xml');
    const help = await cli(['index', 'crawl', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: provenance index crawl <feed-or-sitemap-url>\.\.\. -o <pack>/);
  });
});
