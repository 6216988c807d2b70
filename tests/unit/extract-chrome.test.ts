import { describe, expect, it } from 'vitest';
import { parseByline } from '../../lib/extract/chrome';
import { isChromeLine } from '../../lib/text/chrome-lines';
import { extractHtml } from '../../lib/extract/node';
import { PAGES, render } from '../e2e/kellmouth-site';

describe('site chrome inside an article is not article text', () => {
  it('knows breadcrumbs, tag lines, credits and bylines', () => {
    for (const line of [
      'World \u203A Asia',
      'News / Coast / Kellmouth',
      'Topics: Vietnam, Russia, Diplomacy',
      'Related topics: Vietnam Russia Diplomacy',
      'Photograph: Kellmouth Gazette',
      'By Ana Ferreira \u00B7 3 July 2024',
      'By Tom Rowe and Ana Ferreira',
      '8:00 Update',
      'Updated 10:32 GMT',
      '12.15pm ET',
      '2 hours ago',
      'Posted: 9:41 a.m.',
    ])
      expect(isChromeLine(line), line).toBe(true);
  });

  it('knows them in other languages, and the lines of advertisements and paywalls', () => {
    for (const line of [
      'Foto: dpa',
      'Bild: Reuters',
      'Quelle: Statistisches Bundesamt',
      'Crédit : AFP',
      'Fuente: EFE',
      'Фото: РИА Новости',
      'Themen: Bahn, Streik',
      'Lesen Sie auch: Warum die Bahn streikt',
      'À lire aussi : La grève continue',
      'Lee también: El Gobierno responde',
      'Leggi anche: Lo sciopero dei treni',
      'Читайте также: Забастовка продолжается',
      'Von Anna Schmidt | 3. Juli 2024',
      'Par Jean Dupont',
      'Por María López',
      'Door Jan de Vries',
      'Related: Harbour board loses its chairman',
      'Advertisement',
      'Anzeige',
      'Publicité',
      'Story continues below advertisement',
      'Scroll to continue with content',
      'Subscribe to continue reading',
      'Sign up to read the full story.',
      'Already a subscriber? Log in',
      'This article is for subscribers only.',
    ])
      expect(isChromeLine(line), line).toBe(true);
  });

  it('knows a dateline alone on its line, with its label, time, zone or byline, in several languages', () => {
    for (const line of [
      'Feb. 21, 2019',
      'Last updated September 14, 2016',
      '7/3/2024 9:41 AM PDT BY GAZETTE STAFF',
      'Kellmouth Gazette (Kellmouth) First published July 3, 2024: 9:41 AM ET',
      'Aktualisiert am 3. Juli 2024, 10:32 Uhr',
      'Publi\u00e9 le 8 f\u00e9vrier 2024 \u00e0 10h32',
      'Updated: 2024-07-03 10:32',
      '\u6E2F\u57CE\u65E5\u62A52024\u5E747\u67083\u65E509:41',
    ])
      expect(isChromeLine(line), line).toBe(true);
    for (const line of [
      'Signed into law June 5, 2019',
      'Elections were held on 3 March 2024',
      'July 3, 2024, was the day the pier closed.',
    ])
      expect(isChromeLine(line), line).toBe(false);
  });

  it('knows a line of time stamps with the time first, a weekday, or two stamps on it, and a byline with stamps after it', () => {
    for (const line of [
      'Published 9:41 AM BST Jul 3, 2024',
      'PUBLISHED: 09:41, Wed, Jul 3, 2024',
      '| UPDATED: 11:02, Wed, Jul 3, 2024',
      'Updated Jul 3, 11:02 AM;Posted Jul 3, 9:41 AM',
      'Posted: Wed 9:41 AM, Jul 3, 2024 | Updated: Thu 8:15 PM, Jul 4, 2024',
      'Jul. 3, 2024Updated: Jul. 3, 2024 11:02 a.m.',
      'First Published: Wednesday, July 3, 2024 09:41 AM',
      'Updated Jul. 3, 2024 11:02 am ET / Original Jul. 3, 2024 9:41 am ET',
      'quarta-feira, 3 de julho de 2024 \u00e0s 9:41',
      'Updated at 11:02 a.m.',
      'By Gazette Staff | July 3, 2024 at 9:41 AM BST - Updated July 3 at 11:02 AM',
      'By Ana Ferreira and Tom Rowe Wednesday, July 3, 2024, 09:41 am BST (04:41 am ET)',
    ])
      expect(isChromeLine(line), line).toBe(true);
    for (const line of [
      'Marines 12',
      '-12.99',
      'Die Wahl am 3. Juni',
      'By July 3, 2024 the council had voted twice.',
      'Updated figures for July 3 show the pier had 40 visitors.',
    ])
      expect(isChromeLine(line), line).toBe(false);
  });

  it('knows a wire story\'s byline without "By", the agency\'s name alone, and its reporting and editing credits', () => {
    for (const line of [
      'Ana Ferreira, AP Business Writer',
      'Tom Rowe, Ap National Political Writer',
      'Ana Ferreira and Tom Rowe, Associated Press',
      'Associated Press',
      'Reuters',
      'Kellmouth News wire services',
      'Reporting by Ana Ferreira; additional reporting by Tom Rowe and Jo Bell in Lisbon; Editing by Sam Hale',
      '(Writing by Ana Ferreira, with reporting by Tom Rowe, editing by Jo Bell.)',
      'Additional reporting by Tom Rowe',
      'Associated Press writers Ana Ferreira, Tom Rowe and Jo Bell contributed to this report.',
      'Tom Rowe contributed reporting from Lisbon.',
    ])
      expect(isChromeLine(line), line).toBe(true);
    for (const line of [
      'Reporting by the Gazette showed the pier had been unsafe for years.',
      'Reporting by Ana Ferreira found that the piles were rotten',
      'He said, AP reported',
      'The new levy contributed to this report.',
      'Her survey contributed to the report on pier safety.',
    ])
      expect(isChromeLine(line), line).toBe(false);
  });

  it("knows the labels of a page's player, photo viewer and buttons, and a share bar, alone on a line", () => {
    for (const line of [
      'Media playback is unsupported on your device',
      'This slideshow requires JavaScript.',
      'Caption',
      'Close',
      'Enlarge Image',
      'Read More',
      'Skip to content',
      'View author archive',
      'Loading content ...',
      'Advert',
      'Share Tweet Submit',
      'WhatsApp Facebook Pin Email',
    ])
      expect(isChromeLine(line), line).toBe(true);
    for (const line of ['Close to the pier', 'Share prices fell', 'Facebook and Twitter', 'Read more about the pier in our archive.'])
      expect(isChromeLine(line), line).toBe(false);
  });

  it("knows a gallery's counter, a photo's copyright and caption labels, and a sign-in link, alone on a line", () => {
    for (const line of ['Image 1 of 9', 'Image copyright Kellmouth Gazette', 'Image caption The old pier at low tide on Sunday', 'Sign In'])
      expect(isChromeLine(line), line).toBe(true);
    for (const line of [
      'Image quality was poor, the surveyors said.',
      'Media coverage of the vote was thin.',
      'Visit https://kellmouth.example for details.',
      'https://kellmouth.example/sources/pier-survey-2024.pdf',
    ])
      expect(isChromeLine(line), line).toBe(false);
  });

  it("leaves the page's own address out of its article, but not another address the article cites", () => {
    const story = (n: number) =>
      `<p>Engineers inspected the outer harbour wall at Kellmouth for the ${n}th day on Thursday after the storm washed away part of its parapet.</p>`;
    const html =
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour wall repairs</title>' +
      '<link rel="canonical" href="https://www.kellmouth-gazette.example/news/Harbour-wall-repairs-1234.php"><meta property="og:type" content="article"></head>' +
      `<body><article><h1>Harbour wall repairs</h1>${[1, 2, 3, 4].map(story).join('')}` +
      '<p>https://www.kellmouth-gazette.example/news/Harbour-wall-repairs-1234.php</p><p>https://kellmouth.example/sources/pier-survey-2024.pdf</p></article></body></html>';
    const r = extractHtml(html);
    if (!r.ok) throw new Error(r.reason);
    expect(r.article.paragraphs).not.toContain('https://www.kellmouth-gazette.example/news/Harbour-wall-repairs-1234.php');
    expect(r.article.paragraphs).toContain('https://kellmouth.example/sources/pier-survey-2024.pdf');
  });

  it('knows a link to another story in brackets or called "Read:", an agency credit under a photo, and a print edition note', () => {
    for (const line of [
      '[Read: Why the Kellmouth pier had to close]',
      'Read: Why the Kellmouth pier had to close',
      'Lire : Pourquoi la jet\u00e9e de Kellmouth ferme',
      'Learn More: Five ways to keep a pier standing',
      'ANNA SMITH/AFP/Getty Images',
      '(Photo by Tom Rowe/Reuters)',
      'A version of this article appears in print on',
    ])
      expect(isChromeLine(line), line).toBe(true);
    for (const line of ['The AP/Reuters tally was wrong.', 'Read the full survey on the council website.', 'He worked for AFP'])
      expect(isChromeLine(line), line).toBe(false);
  });

  it('knows editor, source, caption, share and no-reprint lines in Chinese, Japanese and Korean', () => {
    for (const line of [
      '[责任编辑:王晓]',
      '原标题：港城码头将关闭',
      '作者-王晓',
      '图注:港城的老码头',
      '图为港城的老码头。',
      '分享到微博',
      '【本文版权归港城日报所有，未经授权，不得转载。】',
      '（写真：港町新聞）',
      '사진=항구일보',
      '무단전재 및 재배포 금지',
    ])
      expect(isChromeLine(line), line).toBe(true);
    // A sentence of the story that starts with "reporter" (记者), and a paragraph as long as a story's.
    expect(isChromeLine('记者从市政府获悉，新码头将于明年开工。')).toBe(false);
    expect(isChromeLine('法院周二裁定，港城日报的文章未经授权不得转载，' + '港城码头的老照片也一样。'.repeat(8))).toBe(false);
  });

  it('keeps sentences of the story, even short ones or ones that start with "By"', () => {
    for (const line of [
      'By Tuesday the council had changed its mind.',
      'Councillors backed the closure by nine votes to two on Wednesday evening.',
      'The vote was 9 > 2, a margin nobody expected.',
      'Yet, Vietnam\u2019s historic ties with Russia transcend contemporary geopolitical turbulence.',
      'At 8:00 the ferry left.',
      'The vote ended at 10:32.',
      'Two hours ago, the pier was still open.',
      'Von der Leyen calls for calm',
      'Von den 300 Mitarbeitern wurden 40 entlassen.',
      'Par ailleurs, le gouvernement a annoncé de nouvelles mesures.',
      'Por la tarde, el tren volvió a circular.',
      'Subscribers to the service will see prices rise in May, the company said.',
      'Advertisements for the new line were pulled after complaints.',
      'Source: a council official who asked not to be named said the vote was a formality, and that the pier would close within weeks whatever happened.',
    ])
      expect(isChromeLine(line), line).toBe(false);
  });

  it('leaves the breadcrumb, byline, caption and tag line out of an extracted article', () => {
    const r = extractHtml(render(PAGES['copy.html']!));
    if (!r.ok) throw new Error(r.reason);
    const text = r.article.text;
    expect(text).toMatch(/^Kellmouth council has voted/);
    for (const chrome of ['\u203A', 'Topics:', 'Photograph', 'low tide', 'Digest staff']) expect(text).not.toContain(chrome);
  });
});

describe('reading a byline', () => {
  it('takes the names and the date apart', () => {
    expect(parseByline('By Ana Ferreira \u00B7 3 July 2024')).toEqual({ author: 'Ana Ferreira', date: '2024-07-03' });
    expect(parseByline('By Tom Rowe, July 3, 2024')).toEqual({ author: 'Tom Rowe', date: '2024-07-03' });
    expect(parseByline('Jonathan Head | BBC South East Asia correspondent')).toEqual({ author: 'Jonathan Head', date: null });
    expect(parseByline('Ana Ferreira')).toEqual({ author: 'Ana Ferreira', date: null });
    expect(parseByline('Von Anna Schmidt | 2024-07-03')).toEqual({ author: 'Anna Schmidt', date: '2024-07-03' });
    expect(parseByline('Par Jean Dupont')).toEqual({ author: 'Jean Dupont', date: null });
    expect(parseByline('Von Anna Schmidt, 3. Juli 2024')).toEqual({ author: 'Anna Schmidt', date: '2024-07-03' });
    expect(parseByline('Par Jean Dupont · 8 février 2024')).toEqual({ author: 'Jean Dupont', date: '2024-02-08' });
    expect(parseByline('Par Jean Dupont · 8 juin 2024')).toMatchObject({ date: '2024-06-08' });
    expect(parseByline('Par Jean Dupont · 8 juillet 2024')).toMatchObject({ date: '2024-07-08' });
    expect(parseByline('Por María López, 3 de julio de 2024')).toEqual({ author: 'María López', date: '2024-07-03' });
    expect(parseByline('Di Marco Rossi, 12 dicembre 2023')).toMatchObject({ date: '2023-12-12' });
  });

  it('gives an added page its author without "By" and its date, when the page has no metadata for them', () => {
    const r = extractHtml(render(PAGES['original.html']!));
    if (!r.ok) throw new Error(r.reason);
    expect(r.article.byline).toBe('Ana Ferreira');
    expect(r.article.published).toBe('2023-05-11');
  });

  it('prefers the JSON-LD author, publisher and date', () => {
    const r = extractHtml(render(PAGES['copy.html']!));
    if (!r.ok) throw new Error(r.reason);
    expect([r.article.byline, r.article.siteName, r.article.published]).toEqual([
      'Digest staff',
      'Daily Coast Digest',
      '2023-05-12T07:00:00Z',
    ]);
  });
});
