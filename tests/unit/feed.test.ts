import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../lib/ingest';

/** The shapes newsroom CMSs publish, written for these tests (fictional site and stories). */
const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>The Coastal Courier &#8211; Top stories</title>
    <link>https://courier.example.org/</link>
    <atom:link href="https://courier.example.org/feed/" rel="self" type="application/rss+xml"/>
    <description>News from the coast</description>
    <lastBuildDate>Thu, 11 May 2023 19:40:00 +0000</lastBuildDate>
    <item>
      <title>Kellmouth council votes to close Victorian ferry pier</title>
      <link>https://courier.example.org/news/2023/05/11/ferry-pier-closure/</link>
      <dc:creator><![CDATA[Ruth Penhale]]></dc:creator>
      <pubDate>Thu, 11 May 2023 18:05:00 +0000</pubDate>
      <category><![CDATA[Local]]></category>
      <guid isPermaLink="false">https://courier.example.org/?p=48213</guid>
      <description><![CDATA[Councillors backed the closure by nine votes to two&hellip;]]></description>
      <content:encoded><![CDATA[<title>not the headline</title><p>Kellmouth council has voted to close the <b>Victorian</b> ferry pier.</p>
<item><link>https://elsewhere.example/not-an-item</link></item>]]></content:encoded>
    </item>
    <item>
      <title>Harbour &amp; marina fees to rise by 4%</title>
      <link>/news/2023/05/10/harbour-fees/</link>
      <author>desk@courier.example.org (Tomas Vey)</author>
      <pubDate>Wed, 10 May 2023 07:30:00 GMT</pubDate>
    </item>
    <item>
      <title>2024</title>
      <guid>https://courier.example.org/news/2023/05/09/year-planner/</guid>
      <author>desk@courier.example.org</author>
      <pubDate>not a date</pubDate>
    </item>
    <item><title>An item with no address at all</title></item>
  </channel>
</rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title type="text">Sandholm Weekly</title>
  <id>tag:weekly.example.net,2023:feed</id>
  <updated>2023-05-12T09:00:00Z</updated>
  <link rel="self" href="https://weekly.example.net/atom.xml"/>
  <author><name>Sandholm Weekly newsroom</name></author>
  <entry>
    <title type="html">Ferry to sail from &lt;em&gt;temporary&lt;/em&gt; pontoon</title>
    <link rel="alternate" type="text/html" href="https://weekly.example.net/2023/05/pontoon"/>
    <link rel="replies" type="application/atom+xml" href="https://weekly.example.net/2023/05/pontoon/comments.xml"/>
    <id>tag:weekly.example.net,2023:pontoon</id>
    <published>2023-05-12T08:15:00+01:00</published>
    <updated>2023-05-12T10:00:00+01:00</updated>
    <author><name>Ines Halloran</name></author>
    <author><name>Dev Marsh</name></author>
    <content type="html">&lt;p&gt;The island ferry will sail from a pontoon.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Lifeboat crew honoured</title>
    <link href="2023/05/lifeboat"/>
    <id>tag:weekly.example.net,2023:lifeboat</id>
    <updated>2023-05-11T16:00:00Z</updated>
  </entry>
</feed>`;

const NEWS_SITEMAP = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://courier.example.org/news/2023/05/11/ferry-pier-closure/</loc>
    <lastmod>2023-05-11T19:00:00Z</lastmod>
    <news:news>
      <news:publication>
        <news:name>The Coastal Courier</news:name>
        <news:language>en</news:language>
      </news:publication>
      <news:publication_date>2023-05-11T18:05:00+00:00</news:publication_date>
      <news:title>Kellmouth council votes to close Victorian ferry pier</news:title>
    </news:news>
    <image:image><image:loc>https://courier.example.org/img/pier.jpg</image:loc></image:image>
  </url>
  <url>
    <loc>https://courier.example.org/news/2023/05/10/harbour-fees/</loc>
    <lastmod>2023-05-10</lastmod>
  </url>
</urlset>`;

const SITEMAP_INDEX = `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://courier.example.org/sitemaps/news.xml</loc><lastmod>2023-05-11T19:00:00Z</lastmod></sitemap>
  <sitemap><loc>/sitemaps/2023-05.xml.gz</loc></sitemap>
</sitemapindex>`;

describe('reading feeds and sitemaps', () => {
  it('reads an RSS 2.0 feed: links, creators, dates; HTML in content:encoded is not mistaken for items or titles', () => {
    const feed = parseFeed(RSS, 'https://courier.example.org/feed/');
    expect(feed).toMatchObject({ ok: true, kind: 'rss' });
    if (!feed.ok || feed.kind === 'sitemap-index') throw new Error('not a feed');
    expect(feed.items).toEqual([
      {
        url: 'https://courier.example.org/news/2023/05/11/ferry-pier-closure/',
        title: 'Kellmouth council votes to close Victorian ferry pier',
        author: 'Ruth Penhale',
        published: '2023-05-11T18:05:00.000Z',
        publisher: 'The Coastal Courier – Top stories',
      },
      {
        url: 'https://courier.example.org/news/2023/05/10/harbour-fees/',
        title: 'Harbour & marina fees to rise by 4%',
        author: 'Tomas Vey',
        published: '2023-05-10T07:30:00.000Z',
        publisher: 'The Coastal Courier – Top stories',
      },
      // A guid without isPermaLink="false" is the address; an e-mail alone is no author; "2024" stays a string.
      { url: 'https://courier.example.org/news/2023/05/09/year-planner/', title: '2024', publisher: 'The Coastal Courier – Top stories' },
    ]);
    // The item with no address is named for the report, not silently dropped.
    expect(feed.unlinked).toEqual(['“An item with no address at all”']);
  });

  it('reads an Atom feed: the alternate link, every author, published before updated, markup taken out of titles', () => {
    const feed = parseFeed(ATOM, 'https://weekly.example.net/atom.xml');
    if (!feed.ok || feed.kind === 'sitemap-index') throw new Error(JSON.stringify(feed));
    expect(feed.kind).toBe('atom');
    expect(feed.items).toEqual([
      {
        url: 'https://weekly.example.net/2023/05/pontoon',
        title: 'Ferry to sail from temporary pontoon',
        author: 'Ines Halloran, Dev Marsh',
        published: '2023-05-12T07:15:00.000Z',
        updated: '2023-05-12T09:00:00.000Z',
        publisher: 'Sandholm Weekly',
      },
      {
        url: 'https://weekly.example.net/2023/05/lifeboat',
        title: 'Lifeboat crew honoured',
        author: 'Sandholm Weekly newsroom',
        published: '2023-05-11T16:00:00.000Z',
        updated: '2023-05-11T16:00:00.000Z',
        publisher: 'Sandholm Weekly',
      },
    ]);
  });

  it("resolves an Atom feed's links against its xml:base, and never takes a replies link or a tag: id for the page", () => {
    const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://harbour.example.net/stories/">
  <title>Harbour Weekly</title>
  <entry xml:base="2024/">
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Pier <em>reopens</em> after repairs</div></title>
    <link href="pier-reopens.html"/>
    <id>tag:harbour.example.net,2024:1</id>
    <updated>2024-07-03T09:41:00</updated>
  </entry>
  <entry>
    <title>Only a comments feed</title>
    <link rel="replies" type="application/atom+xml" href="https://harbour.example.net/comments/2.xml"/>
    <id>tag:harbour.example.net,2024:2</id>
  </entry>
  <entry>
    <title>Id that is an address</title>
    <id>https://harbour.example.net/stories/3</id>
  </entry>
</feed>`;
    const r = parseFeed(atom, 'https://feeds.example.com/harbour.atom');
    expect(r.ok && r.kind === 'atom' && r.items).toEqual([
      {
        url: 'https://harbour.example.net/stories/2024/pier-reopens.html',
        title: 'Pier reopens after repairs',
        published: '2024-07-03T09:41:00.000Z',
        updated: '2024-07-03T09:41:00.000Z',
        publisher: 'Harbour Weekly',
      },
      { url: 'https://harbour.example.net/stories/3', title: 'Id that is an address', publisher: 'Harbour Weekly' },
    ]);
    expect(r.ok && r.kind === 'atom' && r.unlinked).toEqual(['“Only a comments feed”']);
  });

  it('reads dates in the zones feeds name, and a date without a zone as UTC; keeps a headline with < and >; an id guid is no link', () => {
    const rss = `<rss version="2.0"><channel><title>Courier</title>
      <item><title>Greens 3 &lt; Labour 4 and Tories 5 &gt; 2, says survey</title><link>https://c.example/a</link><pubDate>Wed, 03 Jul 2024 12:00:00 CET</pubDate></item>
      <item><title>B</title><link>https://c.example/b</link><pubDate>Wed, 03 Jul 2024 12:00:00 JST</pubDate></item>
      <item><title>C</title><link>https://c.example/c</link><pubDate>Wed, 03 Jul 2024 12:00:00</pubDate></item>
      <item><title>D</title><guid>12345</guid></item>
    </channel></rss>`;
    const r = parseFeed(rss, 'https://c.example/feeds/rss.xml');
    expect(r.ok && r.kind === 'rss' && r.items.map((i) => [i.title, i.published])).toEqual([
      ['Greens 3 < Labour 4 and Tories 5 > 2, says survey', '2024-07-03T11:00:00.000Z'],
      ['B', '2024-07-03T03:00:00.000Z'],
      ['C', '2024-07-03T12:00:00.000Z'],
    ]);
    expect(r.ok && r.kind === 'rss' && r.unlinked).toEqual(['“D”']);
  });

  it('reads a JSON Feed (1.1 authors, 1.0 author, an id that is an address), and says what other JSON is not', () => {
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Harbour Weekly',
      items: [
        {
          id: '1',
          url: '/stories/pier-reopens',
          title: 'Pier reopens after repairs',
          authors: [{ name: 'Ines Halloran' }],
          date_published: '2024-07-03T09:41:00+02:00',
          date_modified: '2024-07-04T10:00:00Z',
        },
        { id: 'https://harbour.example.net/stories/2', title: 'Tolls rise', author: { name: 'Dev Marsh' } },
        { id: '3', title: 'No address' },
      ],
    });
    const r = parseFeed(json, 'https://harbour.example.net/feed.json');
    expect(r.ok && r.kind === 'json-feed' && r.items).toEqual([
      {
        url: 'https://harbour.example.net/stories/pier-reopens',
        title: 'Pier reopens after repairs',
        author: 'Ines Halloran',
        published: '2024-07-03T07:41:00.000Z',
        updated: '2024-07-04T10:00:00.000Z',
        publisher: 'Harbour Weekly',
      },
      { url: 'https://harbour.example.net/stories/2', title: 'Tolls rise', author: 'Dev Marsh', publisher: 'Harbour Weekly' },
    ]);
    expect(r.ok && r.kind === 'json-feed' && r.unlinked).toEqual(['“No address”']);
    expect(parseFeed('{"items": []}', 'https://x.example/a.json')).toEqual({
      ok: false,
      error: 'JSON, but not a JSON Feed (its "version" must be a https://jsonfeed.org/version/ address)',
    });
  });

  it('reads a news sitemap (<news:news> title, publication and date) and the plain <url> entries beside them', () => {
    const feed = parseFeed(NEWS_SITEMAP, 'https://courier.example.org/sitemaps/news.xml');
    if (!feed.ok || feed.kind === 'sitemap-index') throw new Error(JSON.stringify(feed));
    expect(feed.kind).toBe('sitemap');
    expect(feed.items).toEqual([
      {
        url: 'https://courier.example.org/news/2023/05/11/ferry-pier-closure/',
        title: 'Kellmouth council votes to close Victorian ferry pier',
        published: '2023-05-11T18:05:00.000Z',
        updated: '2023-05-11T19:00:00.000Z',
        publisher: 'The Coastal Courier',
      },
      {
        url: 'https://courier.example.org/news/2023/05/10/harbour-fees/',
        published: '2023-05-10T00:00:00.000Z',
        updated: '2023-05-10T00:00:00.000Z',
      },
    ]);
  });

  it('reads sitemaps and feeds whatever prefix they give their vocabulary (<ns0:urlset>, <a:feed>, <ns1:news>)', () => {
    const sitemapUrl = 'https://courier.example.org/sitemaps/news.xml';
    // As Python's ElementTree writes them: every namespace under a numbered prefix.
    const sitemap = NEWS_SITEMAP.replace('xmlns="', 'xmlns:ns0="')
      .replace('xmlns:news=', 'xmlns:ns1=')
      .replace(/<(\/?)(urlset|url|loc|lastmod)\b/g, '<$1ns0:$2')
      .replace(/<(\/?)news:/g, '<$1ns1:');
    expect(sitemap).toContain('<ns0:url>\n    <ns0:loc>');
    const read = parseFeed(sitemap, sitemapUrl);
    expect(read.ok && read.kind === 'sitemap' && read.items.map((it) => it.title ?? it.url)).toEqual([
      'Kellmouth council votes to close Victorian ferry pier',
      'https://courier.example.org/news/2023/05/10/harbour-fees/',
    ]);
    expect(read).toEqual(parseFeed(NEWS_SITEMAP, sitemapUrl));

    const atom = ATOM.replace('xmlns="', 'xmlns:a="').replace(/<(\/?)([a-z]+)\b/g, '<$1a:$2');
    expect(atom).toContain('<a:entry>');
    expect(parseFeed(atom, 'https://weekly.example.net/atom.xml')).toEqual(parseFeed(ATOM, 'https://weekly.example.net/atom.xml'));

    // Atom's self link inside an RSS channel, under another prefix, is still not the channel's link.
    const rss = RSS.replace('xmlns:atom=', 'xmlns:at=')
      .replace('<atom:link', '<at:link')
      .replace('xmlns:dc=', 'xmlns:d=')
      .replace(/<(\/?)dc:/g, '<$1d:');
    expect(parseFeed(rss, 'https://courier.example.org/feed/')).toEqual(parseFeed(RSS, 'https://courier.example.org/feed/'));
  });

  it('reads a sitemap index as the list of its sitemaps, relative addresses resolved', () => {
    expect(parseFeed(SITEMAP_INDEX, 'https://courier.example.org/sitemap.xml')).toEqual({
      ok: true,
      kind: 'sitemap-index',
      sitemaps: ['https://courier.example.org/sitemaps/news.xml', 'https://courier.example.org/sitemaps/2023-05.xml.gz'],
    });
  });

  it('refuses malformed XML with a one-line reason that names the line', () => {
    const broken = RSS.replace('</item>\n    <item>\n      <title>Harbour', '\n    <item>\n      <title>Harbour');
    const r = parseFeed(broken, 'https://courier.example.org/feed/');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(/^not well-formed XML, line \d+ column \d+: .*closing tag/);
    expect(r.error).not.toContain('\n');
    expect(parseFeed('<rss><channel><title>Cut off', 'https://x.example/')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^not well-formed XML/),
    });
    expect(parseFeed('', 'https://x.example/')).toEqual({ ok: false, error: 'the document is empty' });
  });

  it('tells an HTML page or another XML document from a feed', () => {
    const page = parseFeed('<!doctype html><html><head><title>News</title></head><body><p>Hi<br></p></body></html>', 'https://x.example/');
    expect(page).toMatchObject({ ok: false, error: expect.stringContaining('looks like an HTML page') });
    expect(parseFeed('<?xml version="1.0"?><opml version="2.0"><body/></opml>', 'https://x.example/')).toEqual({
      ok: false,
      error: 'not a feed or sitemap: the root element is <opml> (RSS <rss>, Atom <feed> or a sitemap <urlset>/<sitemapindex> expected)',
    });
  });
});
