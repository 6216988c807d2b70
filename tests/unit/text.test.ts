import { describe, expect, it } from 'vitest';
import { proseSentences } from '../../lib/text/boilerplate';
import { analyze, contentTerms, nameTerms, normalizeText, sentences, withoutRepeats, words, writtenWords } from '../../lib/text';
import { icuWords } from '../../lib/text/segment';

describe('text normalisation and segmentation', () => {
  it('folds typographic quotes, dashes and compatibility forms', () => {
    expect(normalizeText('\u201CIt\u2019s\u201D \u2014 \uFB01ne\u00A0now')).toBe('"It\'s" - fine now');
  });

  it('folds look-alike letters from other scripts inside Latin words, and leaves Russian alone', () => {
    expect(normalizeText('Тhe bοys wеre rescued; Путин сказал')).toBe('The boys were rescued; Путин сказал');
  });

  it('splits sentences a scraper glued together, but not abbreviations or addresses', () => {
    expect(sentences(normalizeText('They were trapped in the labyrinth.The rescue began at dawn.'))).toEqual([
      'They were trapped in the labyrinth.',
      'The rescue began at dawn.',
    ]);
    expect(normalizeText('See bbc.co.uk and the U.S.Army')).toBe('See bbc.co.uk and the U.S.Army');
  });

  it('keeps abbreviations and initials inside their sentence', () => {
    const s = sentences('Mr. Smith met Dr. J. Doe in the U.S. Senate on Jan. 5. They agreed. "No," he said.');
    expect(s).toEqual(['Mr. Smith met Dr. J. Doe in the U.S. Senate on Jan. 5.', 'They agreed.', '"No," he said.']);
  });

  it('segments Chinese into words and Thai without spaces', () => {
    expect(words('北京市政府今天宣布新的地铁线路', 'zh')).toEqual(['北京市', '政府', '今天', '宣布', '新的', '地铁', '线路']);
    expect(words('ประเทศไทยมีฝนตก', 'th').length).toBeGreaterThan(2);
  });

  it('stems English content words and drops function words', () => {
    expect(contentTerms(words('The reporters were reporting on the report'), 'en')).toEqual(['report', 'report', 'report']);
  });

  it('degrades to unstemmed words for an unknown language tag, never failing', () => {
    expect(contentTerms(words('Kwa heri rafiki yangu', 'x-unknown-lang'), 'x-unknown-lang')).toEqual(['kwa', 'heri', 'rafiki', 'yangu']);
  });

  it('handles empty, junk and very large input', () => {
    expect(analyze('').words).toBe(0);
    expect(analyze('\u0000\u0001\uFFFD\u0007').words).toBe(0);
    const huge = 'The council approved the new tram line after a long debate. '.repeat(100_000);
    const a = analyze(huge);
    expect(a.words).toBeGreaterThan(1000);
    expect(a.sentences.length).toBeLessThan(10_000);
    // One paragraph of words and no full stop (a scraped transcript): read in one pass, the
    // text stage answers at once (a regular expression tried from every word took minutes).
    const unpunctuated = analyze('word after word without an end '.repeat(16_000));
    expect(unpunctuated.words).toBeGreaterThan(30_000);
    // One long paragraph dense with abbreviations, split as its sentences are one by one.
    const sentence = 'Mr. Smith and Dr. Jones met St. Paul at 10 a.m. on Jan. 5 in the U.S. capital.';
    const long = analyze(Array.from({ length: 2_000 }, () => sentence).join(' '));
    expect(long.sentences).toHaveLength(2_000);
    expect(new Set(long.sentences.map((s) => s.text))).toEqual(new Set([sentence]));
  });

  it('counts prose sentences as the pattern of eight words closed by a full stop does', () => {
    const PATTERN = /(?:[^\s.!?。！？]+\s+){7,}[^\s.!?。！？]*[.!?。！？]/gu;
    const pieces = ['word', 'two', ' ', '  ', '\n', '.', '!', '?', '。', 'a.b', 'U.S.', '"', 'x'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let k = 0; k < 2000; k++) {
      const text = Array.from({ length: Math.floor(next() * 60) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
      expect(proseSentences(text), JSON.stringify(text)).toBe((text.match(PATTERN) ?? []).length);
    }
    expect(proseSentences('One two three four five six seven eight. And a second sentence of eight words here!')).toBe(2);
  });
});

describe('site chrome in article text', () => {
  it('leaves share bars, copyright lines and "Latest Stories" lists out of the article words', () => {
    const text = [
      'Share this article: Facebook | Twitter | Email',
      'The council approved the new tram line on Tuesday after an eight-hour debate.',
      'Related: Five things to know about the tram',
      'Latest Stories',
      'Mayor opens new library in the east end',
      '21 mins -',
      '© 2024 City Gazette. All rights reserved.',
    ].join('\n\n');
    const a = analyze(text);
    expect(a.sentences.map((s) => s.text)).toEqual(['The council approved the new tram line on Tuesday after an eight-hour debate.']);
    expect(a.chromeWords).toBeGreaterThan(20);
    for (const heading of ['Most viewed', 'Read next', 'Related Posts']) {
      const listed = analyze(
        `The council approved the new tram line on Tuesday after a long debate.\n\n${heading}\n\nMayor opens new library`,
      );
      expect(listed.sentences, heading).toHaveLength(1);
    }
  });

  it('leaves out of pasted text the bylines, credits, time stamps and paywall lines the extraction knows', () => {
    const story = 'The council approved the new tram line on Tuesday after an eight-hour debate.';
    const text = [
      'By Ana Ferreira · 3 July 2024',
      'Updated 10:32 GMT',
      story,
      'Photo: Reuters',
      'Advertisement',
      'Subscribe to continue reading',
      // Two sentences are article text, whatever their first word.
      'Source: a council official who asked not to be named, as the vote had not been announced. He said the vote was a formality and the line would open in 2026.',
    ].join('\n\n');
    expect(analyze(text).sentences.map((s) => s.text)).toEqual([
      story,
      'Source: a council official who asked not to be named, as the vote had not been announced.',
      'He said the vote was a formality and the line would open in 2026.',
    ]);
  });

  it('keeps ordinary paragraphs, quotes and subheadings-with-punctuation', () => {
    const text = 'He said: "We will subscribe to nothing of the sort."\n\nThe vote was 12 to 3.';
    expect(analyze(text).sentences).toHaveLength(2);
  });

  it('reads names and numbers from how a sentence writes them: capitals after its first word, digits', () => {
    expect(nameTerms('Officials at the Francis Scott Key Bridge said 17,000 jobs would go.')).toEqual([
      'franci',
      'scott',
      'kei',
      'bridg',
      '17000',
    ]);
    // The first word is capitalised because it starts the sentence; German capitalises every noun.
    expect(nameTerms('Ferries resumed on Tuesday.')).toEqual(['tuesdai']);
    expect(nameTerms('Margaret Oyelaran read a statement.')).toEqual(['margaret', 'oyelaran']);
    expect(nameTerms('Die Brücke wurde am Dienstag gesperrt.', 'de')).toEqual([]);
    expect(nameTerms('北京市政府今天宣布', 'zh')).toEqual([]);
  });

  it('takes no capital for a name in a sentence written in title case: its names are those the page writes as names elsewhere', () => {
    expect(nameTerms('Council Votes To Close Its Old Ferry Pier After 120 Years')).toEqual(['120']);
    const page = analyze(
      [
        'Kellmouth Council Votes To Close Its Victorian Ferry Pier',
        'The Kellmouth council voted on Tuesday to close the pier, built in 1894, by the end of the year.',
      ].join('\n\n'),
    );
    expect(page.sentences[0]!.names).toEqual(['kellmouth']);
    expect(page.sentences[1]!.names).toEqual(['kellmouth', 'tuesdai', '1894']);
  });

  it('counts a sentence the page repeats once: a headline printed again, a quote an embedded post repeats', () => {
    const page = analyze(
      [
        'Kellmouth council votes to close its Victorian ferry pier',
        'Kellmouth council votes to close its Victorian ferry pier.',
        'A survey found that most of the oak piles had rotted below the waterline.',
        'The council voted to close the pier at the end of the month.',
      ].join('\n\n'),
    );
    expect(withoutRepeats(page).sentences.map((s) => s.text)).toEqual([
      'Kellmouth council votes to close its Victorian ferry pier',
      'A survey found that most of the oak piles had rotted below the waterline.',
      'The council voted to close the pier at the end of the month.',
    ]);
  });

  it('splits Latin-script text into the same words as ICU, only faster', () => {
    // Random strings over the characters where the fast path and Unicode's word rules could
    // disagree: letters with and without accents, digits, the joiners and other punctuation.
    const alphabet = [...'aZé1 9.,;:\'"-!?()$%&/·×ªº²½µßÆ@#*+=<>[]{}|~^`\t\n\u00A0ĀſǄ'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let i = 0; i < 20_000; i++) {
      const text = Array.from({ length: 1 + Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      expect(writtenWords(text), JSON.stringify(text)).toEqual(icuWords(text));
    }
    expect(writtenWords("The U.S. firm's 17,000 jobs: 3.5% cut, l·l, e-mail")).toEqual([
      'The',
      'U.S',
      "firm's",
      '17,000',
      'jobs',
      '3.5',
      'cut',
      'l·l',
      'e',
      'mail',
    ]);
  });
});
