import { describe, expect, it } from 'vitest';
import { analyze } from '../../lib/text';
import { quotedShares } from '../../lib/text/quotes';

const words = (text: string) => analyze(text).words;
const sentencesOf = (text: string) => analyze(text).sentences.map((s) => s.text);

describe('the text stage keeps article prose', () => {
  const prose =
    'Construction of the mesh net – 2.5 metres high and twenty metres long – will begin this week, an official of the town said on Tuesday. ' +
    'Visitors have been climbing onto the roofs of nearby shops to get a better view – and parking on the pavement – residents complained at a meeting in the town hall. ' +
    'The official said the barrier was regrettable but that the town had run out of other ways to keep the road clear for the school buses that use it every';

  it('keeps one long paragraph cut mid-sentence and full of en dashes', () => {
    expect(words(prose)).toBeGreaterThan(70);
    expect(sentencesOf(prose)).toHaveLength(3);
  });

  it('keeps prose with a menu line glued to its start', () => {
    expect(words(`Home - News - World ${prose}`)).toBeGreaterThan(70);
  });

  it('reads single newlines between paragraphs as paragraph breaks, and drops the menu and byline lines among them', () => {
    const text = [
      'Home | News | World | Asia',
      'By Ana Ferreira · 3 July 2024 · 4 min read',
      'The harbour authority said on Monday that the old breakwater would be rebuilt in stone before next winter.',
      'The work will cost about 12 million euros, most of it paid by the regional government.',
    ].join('\n');
    const got = sentencesOf(text);
    expect(got).toEqual([
      'The harbour authority said on Monday that the old breakwater would be rebuilt in stone before next winter.',
      'The work will cost about 12 million euros, most of it paid by the regional government.',
    ]);
  });

  it('keeps a bullet list of facts, whose items are sentences, but not a menu of links', () => {
    const facts =
      "Flaco's life: - Arrived at the zoo as a fledgling thirteen years ago - Escaped from his enclosure after it was vandalised - Lived in the park for a year, hunting rats";
    expect(words(facts)).toBeGreaterThan(25);
    expect(words('Politics - Business - Sport - Culture - Travel')).toBe(0);
  });

  it('keeps a heading that uses dashes as punctuation around a clause, but not a menu set with dashes', () => {
    const text = [
      'The harbour authority said on Monday that the old breakwater would be rebuilt in stone before next winter.',
      'Despite The Closure, The Town Still Owns Its Pier - Not The Council - Residents',
      'The work will cost about 12 million euros, most of it paid by the regional government.',
      'Home - Coast - Kellmouth',
    ].join('\n');
    expect(sentencesOf(text)).toContain('Despite The Closure, The Town Still Owns Its Pier - Not The Council - Residents');
    expect(sentencesOf(text)).toHaveLength(3);
  });

  it('keeps two short items joined by a dash, a clause and its gloss or a range, which a menu of three items is not', () => {
    const text = [
      'The harbour authority said on Monday that the old breakwater would be rebuilt in stone before next winter.',
      'Wir nehmen auch Gebühren - dafür ist der Grundpreis niedriger',
      'Garzeit 20 – 35 Min',
      'Home - Coast - Kellmouth',
    ].join('\n');
    expect(sentencesOf(text)).toContain('Wir nehmen auch Gebühren - dafür ist der Grundpreis niedriger');
    expect(sentencesOf(text).join(' ')).toMatch(/Garzeit 20 . 35 Min/);
    expect(sentencesOf(text)).toHaveLength(3);
  });

  const story = 'The harbour authority said on Monday that the old breakwater would be rebuilt in stone before next winter.';

  it("drops the site's invitations to sign up, subscribe, join or follow, but not a story's report of them", () => {
    const pitches = [
      'Join our Harbour Forums to keep talking boats and tides! And if you have a news tip, let us know at: tips@kellmouth.example.',
      'Start your week with the Tide Sheet from the Gazette. The Tide Sheet is the favourite breakfast reading of sailors. Sign up for the free weekly newsletter.',
      'Have a tip? Ana Ferreira can be reached at ana@kellmouth.example. Follow her on Twitter @anaferreira or on Facebook.',
      'Get Harbour Monthly delivered through your letterbox every month. 12 issues for £9.99. Click here for more information.',
      'Get breaking harbour alerts and special reports. The news that matters, delivered weekday mornings.',
      'If you liked this piece, we have an offer for you: Join Gazette Plus. Members get every story, no paywalls and a quieter page.',
    ];
    const kept = [
      story,
      'The council said residents who sign up for the newsletter will hear about closures first.',
      'Sign up for the ferry pass using the same email as your parking permit',
    ];
    const got = sentencesOf([...pitches, ...kept].join('\n'));
    expect(got.join(' ')).not.toMatch(/Forums|Tide Sheet|Follow her|Harbour Monthly|alerts|Gazette Plus/);
    expect(got.join(' ')).toContain('residents who sign up for the newsletter');
    expect(got.join(' ')).toContain('Sign up for the ferry pass');
  });

  it("drops a note about the writer under the story, but not news about a journalist, nor someone's past post", () => {
    const text = [
      story,
      'Sam Okafor is a reporter for the Gazette who was held for nine days at the border crossing.',
      'The mayor was a reporter for the Gazette before she ran for office.',
      'Tom Rowe is the Deputy Editor of Harbour Weekly. Since joining in 2016 he has tested every ferry on the coast. Contact him at tom@kellmouth.example.',
      'Lia Monteiro is a freelance writer living in Porto',
    ].join('\n');
    const got = sentencesOf(text).join(' ');
    expect(got).not.toMatch(/Tom Rowe|Lia Monteiro/);
    expect(got).toContain('Sam Okafor is a reporter for the Gazette who was held');
    expect(got).toContain('The mayor was a reporter for the Gazette');
    expect(sentencesOf([story, 'Ana covers the coast for 7Seas Daily and hosts its weekly podcast.'].join('\n')).join(' ')).not.toMatch(
      /Ana covers/,
    );
  });

  it("drops escaped markup, a cookie notice with its buttons and a citation line, but not a privacy policy's sentence on cookies", () => {
    const text = [
      story,
      '&lt;span data-x="mark" style="display: none;"&gt;&amp;#65279;&lt;/span&gt;',
      'This site uses cookies to make your visit better. We take it you agree, but you can opt out if you like. Accept Read More',
      'Citation: Breakwater to be rebuilt in stone (2024, July 1) retrieved 3 July 2024 from https://kellmouth.example/news/breakwater.html',
      'Visitors may opt out of the use of the advertising cookie by visiting the privacy page of the network.',
    ].join('\n');
    const got = sentencesOf(text).join(' ');
    expect(got).not.toMatch(/&lt;|Accept Read More|Citation/);
    expect(got).toContain('Visitors may opt out of the use of the advertising cookie');
  });

  it('drops teasers for other stories: headlines closed by labels in brackets, "Also on" a site, a list after "More ... Stories"', () => {
    const text = [
      story,
      'Ferry fares to rise in spring [INSIGHT]|Pier closed after storm damage [VIDEO]Council names new harbour master [REACTION]',
      'Also on kellmouth.example Fishermen protest against the new quota rules at the harbour',
      'The work will cost about 12 million euros, most of it paid by the regional government.',
      'More Great Kellmouth Gazette Stories',
      'The strange life of a lighthouse keeper',
      'Why the tides are getting higher',
    ].join('\n');
    expect(sentencesOf(text)).toHaveLength(2);
  });

  it("drops a photo's caption set as a paragraph, known by the credit it ends with, however many sentences it has", () => {
    const story = 'The harbour authority said on Monday that the old breakwater would be rebuilt in stone before next winter.';
    const text = [
      story,
      'In this Monday, July 1, 2024, photograph, workers inspect the rotten piles of the old pier in Kellmouth. The pier was closed to the public a week later. (AP Photo/Ana Ferreira, File)',
      'The old pier at low tide on Sunday (Image: GETTY)',
      'Councillors pose for a photo at the town hall on July 3, 2024 in Kellmouth. (Photo by Tom Rowe/Getty Images for Kellmouth Council)',
      'The mayor posed for the picture (photo)',
    ].join('\n');
    expect(sentencesOf(text)).toEqual([story, 'The mayor posed for the picture (photo)']);
  });

  it("drops a site's menu read one item a paragraph, but not a list of names in the story", () => {
    const story = 'The harbour authority said on Monday that the old breakwater would be rebuilt in stone before next winter.';
    const menu = ['Home', 'News', 'Coast', 'Harbour Life', 'Business', 'Homes', 'Eat + Drink', 'Jobs'];
    const crew = ['Ana Ferreira', 'Tom Rowe', 'Jo Bell', 'Sam Hale', 'Kit Marlow', 'Ines Duarte'];
    const text = [...menu, story, 'The crew of the first ferry were:', ...crew].join('\n');
    expect(sentencesOf(text)).toEqual([story, 'The crew of the first ferry were:', ...crew]);
  });

  it('keeps a paragraph whose writer glued a joking ™© to a word, but not a copyright line', () => {
    const joke =
      "This is not meant to be a manifesto™© we just think it is worth sharing what the newsroom learned this year, and we hope you'll do the same. We're all in it together.";
    expect(words(joke)).toBe(33);
    expect(words('Copyright© 2024 Kellmouth Gazette Ltd')).toBe(0);
    expect(words('© 2024 Kellmouth Gazette. Reproduction without permission is forbidden.')).toBe(0);
  });

  it('drops a "More ... news:" list of headlines after the story', () => {
    const story = 'The harbour authority said on Monday that the old breakwater would be rebuilt in stone before next winter.';
    const text = [story, 'More coast news:', 'Ferry timetable changes for the winter', "Review: the Kellmouth regatta's best year"].join(
      '\n',
    );
    expect(sentencesOf(text)).toEqual([story]);
  });

  it('joins the lines of a hard-wrapped text into one paragraph', () => {
    const wrapped = [
      'The regional court in Lyon ruled on Friday that the factory must stop',
      'discharging water into the river until its filters have been replaced,',
      'a decision the company said it would appeal.',
    ].join('\n');
    expect(sentencesOf(wrapped)).toHaveLength(1);
  });
});

describe('quoted sentences', () => {
  it('are found across a statement of several sentences, in typographic quotes of any script', () => {
    const shares = quotedShares([
      'The council leader, Margaret Oyelaran, told the meeting: "We did not take this lightly.',
      'The pier served us for a century.',
      'We will keep the ferry running."',
      'The vote was nine to two.',
    ]);
    expect(shares.map((s) => s > 0.5)).toEqual([false, true, true, false]);
    for (const q of ['« Nous ne partirons pas », a-t-il dit.', '„Wir bleiben hier“, sagte er.', '「私たちは残ります」と彼は言った。']) {
      expect(analyze(q, 'fr').sentences[0]!.quoted).toBeGreaterThan(0.5);
    }
  });

  it("leave the reporter's own words of a sentence that quotes a few", () => {
    const [s] = analyze(
      'The board said on Friday that he was "not consistently candid" with it, and named an interim chief executive.',
    ).sentences;
    expect(s!.quoted).toBeLessThan(0.5);
    expect(s!.terms).toEqual(expect.arrayContaining(['candid', 'consist', 'board', 'interim']));
    expect(s!.openTerms).toEqual(expect.arrayContaining(['board', 'interim']));
    expect(s!.openTerms).not.toContain('candid');
    expect(s!.openTerms).not.toContain('consist');
  });

  it('include British single quotes but not apostrophes', () => {
    expect(quotedShares(["The princess apologised 'for any confusion caused by the editing of the photograph'."])[0]).toBeGreaterThan(0.5);
    expect(quotedShares(["The council's leader didn't say when the pier's decking would go."])[0]).toBe(0);
  });
});
