import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractHtml } from '../../lib/extract/node';

const page = (opts: { lang?: string; head?: string; body: string; title?: string }) =>
  `<!doctype html><html lang="${opts.lang ?? 'en'}"><head><meta charset="utf-8"><title>${opts.title ?? 'A story'}</title>${opts.head ?? ''}</head>` +
  `<body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>${opts.body}<footer>© A site</footer></body></html>`;

const CHINESE = [
  '国家统计局今天发布数据显示，今年前三个季度国内生产总值同比增长百分之五点二，增速比上半年有所加快。',
  '统计局发言人表示，消费对经济增长的贡献率继续提高，服务业生产指数保持较快增长，就业形势总体稳定。',
  '分析人士指出，第四季度外部环境依然复杂，但随着一系列稳增长政策落地见效，全年目标有望顺利实现。',
  '数据还显示，前三季度全国居民人均可支配收入实际增长百分之五点九，城乡居民收入差距进一步缩小。',
  '发言人同时提醒，房地产投资仍在下降，部分行业企业经营压力较大，经济回升向好的基础仍需巩固。',
  '专家建议继续扩大有效需求，加大对中小企业的支持力度，推动新兴产业和传统产业协同发展。',
];

const STORM = Array.from(
  { length: 6 },
  (_, i) =>
    `Engineers inspected the outer harbour wall at Kelby for a ${['first', 'second', 'third', 'fourth', 'fifth', 'sixth'][i]} day on ` +
    'Thursday after the storm washed away part of its parapet, and the council said fishing boats should use the inner basin.',
);

describe('extracting the article of a page', () => {
  it('keeps the text an element holds beside its blocks: a list item before its sub-list, a quote after its header, a <div> of text', () => {
    const body =
      `<article><h1>Harbour wall repairs</h1>${STORM.slice(0, 3)
        .map((p) => `<p>${p}</p>`)
        .join('')}` +
      '<ol><li>Stone facing: the council will rebuild the parapet in granite rather than concrete, the engineers said.<ol><li>Granite from Kelby quarry</li><li>Granite from abroad</li></ol></li></ol>' +
      '<blockquote><div>Quote from the harbour master</div>The inner basin can take every boat of the fleet until the spring tides.</blockquote>' +
      `<div>The fishing cooperative said its members would lose a week of landings while the wall is closed.<p>${STORM[3]}</p></div></article>`;
    const r = extractHtml(page({ body, head: '<meta property="og:type" content="article">' }));
    if (!r.ok) throw new Error(r.reason);
    for (const sentence of [
      'Stone facing: the council will rebuild the parapet in granite rather than concrete, the engineers said.',
      'The inner basin can take every boat of the fleet until the spring tides.',
      'The fishing cooperative said its members would lose a week of landings while the wall is closed.',
    ])
      expect(r.article.paragraphs).toContain(sentence);
  });

  it('reads the story from the element the page marks as its body when Readability finds none (a content area set in an <aside>)', () => {
    // A news agency's brief in a CMS that sets the whole content area in an <aside>, which Readability leaves out.
    const brief =
      'Kellmouth (dpa) - The harbour board has approved a new ferry timetable after months of complaints from island residents. ' +
      'From June, boats will leave every ninety minutes instead of every two hours. ' +
      'The board said the change would cost about 40,000 euros a year. ' +
      'Residents welcomed the decision but asked for a later last sailing.';
    const page = `<!doctype html><html lang="en"><head><title>Ferry timetable approved - Coastal News</title>
<meta property="og:type" content="article"><meta property="og:site_name" content="Coastal News"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><main><aside class="content-area"><article>
<h1 itemprop="headline">Ferry timetable approved</h1>
<div itemprop="articleBody"><script>var counter = 3;</script><p>${brief}</p><aside><p>Most read: Pier to close</p></aside></div>
</article></aside></main></body></html>`;
    const r = extractHtml(page, 'https://coastal.example/ferry');
    if (!r.ok) throw new Error(r.reason);
    expect(r.article).toMatchObject({ title: 'Ferry timetable approved', siteName: 'Coastal News', paragraphs: [brief] });
  });

  it('finds the article of the demo pages and turns away the page of links', () => {
    const derivative = extractHtml(readFileSync('demo/derivative.html', 'utf8'));
    expect(derivative.ok && derivative.article.title).toMatch(/Putin/);
    expect(extractHtml(readFileSync('demo/links.html', 'utf8'))).toEqual({ ok: false, reason: 'not-an-article' });
  });

  it("dates the article by its own <time>, not a sidebar's older story or the site's clock before it", () => {
    const sidebar =
      '<aside><h2>Most read</h2><ul><li><time datetime="2019-03-02">2 March 2019</time> <a href="/old">Old pier repairs</a></li></ul></aside>';
    const story = `<article><h1>Harbour wall inspected</h1><p>By Ana Ferreira <time datetime="2024-02-08T09:00:00Z">8 February 2024</time></p>${STORM.map((p) => `<p>${p}</p>`).join('')}</article>`;
    const r = extractHtml(page({ body: sidebar + story }));
    expect(r.ok && r.article.published).toBe('2024-02-08T09:00:00Z');
    // With no date in the article, none is better than the sidebar's.
    const undated = extractHtml(page({ body: sidebar + story.replace(/<time[^>]*>[^<]*<\/time>/, '') }));
    expect(undated.ok && undated.article.published).toBeNull();
  });

  it("keeps the page's <h1> out of the text when og:title words the headline otherwise", () => {
    const head = '<meta property="og:title" content="Kelby harbour wall: engineers return for a sixth day">';
    const body = `<article><h1>Harbour wall inspected again after storm</h1>${STORM.map((p) => `<p>${p}</p>`).join('')}</article>`;
    const r = extractHtml(page({ head, body, title: 'Harbour wall inspected again after storm | Kelby News' }));
    expect(r.ok && r.article.paragraphs[0]).toBe(STORM[0]);
  });

  it("drops the site's name from a short or Chinese headline, which Readability keeps", () => {
    const head = '<meta property="og:site_name" content="速报网">';
    const body = `<article>${CHINESE.map((p) => `<p>${p}</p>`).join('')}</article>`;
    const r = extractHtml(page({ lang: 'zh-CN', head, body, title: '前三季度经济数据发布 | 速报网' }));
    expect(r.ok && r.article.title).toBe('前三季度经济数据发布');
    const short = extractHtml(
      page({
        head: '<meta property="og:site_name" content="Kelby News">',
        body: `<article>${STORM.map((p) => `<p>${p}</p>`).join('')}</article>`,
        title: 'Wall shut - Kelby News',
      }),
    );
    expect(short.ok && short.article.title).toBe('Wall shut');
  });

  it('keeps the headline out of the article text in scripts without spaces too', () => {
    const title = '前三季度经济数据发布';
    const body = `<article><h1>${title}</h1>${CHINESE.map((p) => `<p>${p}</p>`).join('')}</article>`;
    const r = extractHtml(page({ lang: 'zh-CN', title, body }));
    expect(r.ok && r.article.title).toBe(title);
    expect(r.ok && r.article.paragraphs[0]).toBe(CHINESE[0]);
  });

  it('takes a Chinese article whose paragraphs are short in characters, without any article markup', () => {
    // Three paragraphs of about 95 characters (some 60 words each): under Readability's 140.
    const paragraphs = [0, 2, 4].map((i) => CHINESE[i]! + CHINESE[i + 1]!);
    const body = `<main>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</main>`;
    const r = extractHtml(page({ lang: 'zh-CN', title: '前三季度经济数据发布', body }));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.article.paragraphs).toEqual(expect.arrayContaining(paragraphs));
    // Found by its language: the same page in a language written with spaces is held to 140.
    expect(extractHtml(page({ lang: 'en', title: 'Figures', body }))).toEqual({ ok: false, reason: 'not-an-article' });
  });

  it('takes a page that sets its paragraphs in <div>s or <span>s, or in short paragraphs, declared an article or not', () => {
    const bodies = [
      `<div class="story">${STORM.map((p) => `<div class="para">${p}</div>`).join('')}</div>`,
      `<div class="story">${STORM.map((p) => `<div><span>${p}</span></div>`).join('')}</div>`,
      // One sentence a paragraph, none of them 140 characters (wire copy, mobile sites).
      `<div class="story-body">${STORM.flatMap((p) => p.split(/(?<=\.) /))
        .map((s) => `<p>${s}</p>`)
        .join('')}</div>`,
    ];
    for (const body of bodies) {
      for (const head of [
        '',
        '<meta property="og:type" content="article">',
        '<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","headline":"Storm"}]}</script>',
        '<script type="application/ld+json">{not json</script><script type="application/ld+json">[{"@type":["ReportageNewsArticle"]}]</script>',
      ]) {
        const r = extractHtml(page({ head, body: `<nav><a href="/">Home</a> <a href="/news">News</a></nav>${body}` }));
        expect(r.ok && r.article.text, `${head} ${body.slice(0, 40)}`).toContain('outer harbour wall at Kelby for a sixth day');
      }
    }
  });

  it('turns away a front page of short links and an empty page, even when they call themselves websites', () => {
    const links = Array.from({ length: 40 }, (_, i) => `<li><a href="/s/${i}">Headline number ${i} about the day</a></li>`).join('');
    const head = '<meta property="og:type" content="website">';
    expect(extractHtml(page({ head, body: `<main><ul>${links}</ul></main>` }))).toEqual({ ok: false, reason: 'not-an-article' });
    // Teasers: a headline link and a one-sentence summary to each list item.
    const teasers = Array.from(
      { length: 30 },
      (_, i) =>
        `<li><a href="/s/${i}">Headline number ${i} about the day</a><span>A summary of story ${i}, in one sentence of its own.</span></li>`,
    ).join('');
    expect(extractHtml(page({ head, body: `<main><ul>${teasers}</ul></main>` }))).toEqual({ ok: false, reason: 'not-an-article' });
    expect(extractHtml(page({ lang: 'zh', body: '' }))).toEqual({ ok: false, reason: 'not-an-article' });
    // Files that are not HTML at all: empty, or binary.
    expect(extractHtml('')).toEqual({ ok: false, reason: 'not-an-article' });
    expect(extractHtml('\u0000\u007fELF\u0002\u0001\u0001')).toEqual({ ok: false, reason: 'not-an-article' });
  });
});
