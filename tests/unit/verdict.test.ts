import { describe, expect, it } from 'vitest';
import { bundledEntries, loadIdf } from '../../cli/engine';
import { entryFromArticle } from '../../lib/index';
import { MemoryIndex } from '../../lib/storage';
import { check, logOdds, type Features } from '../../lib/match';
import { VERDICT_MODEL } from '../../lib/match/verdict-model';
import { reasonFor } from '../../lib/match/reason';
import { analyzePage } from '../../lib/match/check';
import { gatherEvidence, pageView } from '../../lib/match/evidence';
import { fingerprint } from '../../lib/fingerprint';
import { analyze } from '../../lib/text';
import type { Verified } from '../../lib/match/verify';
import { independentReport, original, quotingReport, rewrite, scrapedCopy } from './fixtures/ferry-pier';

const idf = loadIdf();
const index = new MemoryIndex(idf);
index.addAll([...bundledEntries(), entryFromArticle(original)]);
const best = (page: { title: string; text: string }) => check(page, index, idf).matches[0];

describe('the verdict on pages around one story', () => {
  it('names the original of a scraped copy with site chrome, and says why', () => {
    const m = best(scrapedCopy)!;
    expect(m).toMatchObject({ title: original.title, publisher: 'Kellmouth Gazette', verdict: 'likely-source' });
    expect(m.overlap).toBeGreaterThanOrEqual(90);
    // The menu, share line and "Related:" link are not passages taken from the source.
    expect(m.passages.map((p) => p.text).join(' ')).not.toMatch(/Home \||Share this|Related:/);
    expect(m.reason).toMatch(
      /^\d+ of \d+ sentences outside quotes follow the one before them in the source's order; 9\d% of the page's word pairs/,
    );
    expect(m.reason).toMatch(/headline nearly the same\.$/);
  });

  it('names the original of a rewrite that rewords every sentence but keeps its facts in order', () => {
    const m = best(rewrite)!;
    expect(m).toMatchObject({ title: original.title, verdict: 'likely-source' });
    expect(m.overlap).toBeGreaterThanOrEqual(60);
  });

  it('does not name a source for an independent report that quotes the same statement in its order', () => {
    const r = check(independentReport, index, idf);
    expect(r.status).toBe('no-match');
    expect(r.matches.filter((m) => m.verdict === 'likely-source')).toEqual([]);
    const related = r.matches.find((m) => m.title === original.title);
    if (related) expect(related.reason).toMatch(/^Shares names, facts or quotes with this article but tells the story its own way/);
  });

  it('judges the same page the same way when the quoted statement is removed from the independent report', () => {
    // Quotes weigh little either way: the report's own reporting decides.
    const unquoted = { ...independentReport, text: independentReport.text.replace(/^".*$/gm, '') };
    expect(check(unquoted, index, idf).matches.filter((m) => m.verdict === 'likely-source')).toEqual([]);
  });

  it('does not name a source for a report that works the statement into sentences of its own', () => {
    // No sentence is mostly quoted, but what they share with the original is the quote.
    const r = check(quotingReport, index, idf);
    expect(r.matches.filter((m) => m.verdict === 'likely-source')).toEqual([]);
    const related = r.matches.find((m) => m.title === original.title)!;
    expect(related.reason).toMatch(/tells the story its own way/);
    // Once a page is judged taken, its quotes count as taken too; here they are only shared.
    expect(related.overlap).toBeGreaterThan(0);
  });

  it("does not count the event's names and numbers as the source's wording", () => {
    // Every report writes "Kellmouth Pier Trust", "Sandholm Island" and "38 of the 52 piles"; none of it is phrasing taken from the source.
    const namesOnly = {
      title: 'Pier campaigners vow to fight on',
      text: [
        'Campaigners from the Kellmouth Pier Trust promised on Thursday to keep fighting for the old landing stage.',
        'Boats for Sandholm Island will leave from a floating platform, the local authority confirmed in a letter to residents.',
        'Inspectors counted 38 of the 52 supports as badly weakened, a finding the campaigners dispute.',
        'Margaret Oyelaran, who leads the authority, told Coast Radio that demolition crews could arrive in September.',
      ].join('\n\n'),
    };
    const source = check(namesOnly, index, idf).matches.find((m) => m.title === original.title);
    expect(source?.verdict ?? 'related').toBe('related');
    if (source) expect(source.reason).toMatch(/: 0% of this page's word pairs outside quotes and names are in that article/);
  });
});

describe('the evidence of wording kept in place', () => {
  const source = fingerprint(analyze(original.text));
  const evidence = (text: string) => {
    const analyzed = analyzePage({ text, lang: 'en' });
    const fp = fingerprint(analyzed);
    return gatherEvidence(pageView(analyzed, fp), source, idf);
  };
  // Both pages share the story's rare words (landing, pontoon, berth, gales) with two consecutive sentences of the original, in its order.
  const keepsPhrasing = evidence(
    'The council estimates that a new landing would cost about 4.2 million pounds, and it has applied to a fund for most of it.\n\n' +
      'Fishermen who moor along the pier said the new pontoon would leave them without a sheltered berth during the winter gales.',
  );
  const ownPhrasing = evidence(
    'A concrete replacement landing may need 4.2 million pounds, officials calculate, with a grant sought for the bulk.\n\n' +
      'Pontoon berths offer fishermen little shelter from winter gales, boatmen complained on the quay.',
  );
  const meanCommonness = (e: ReturnType<typeof evidence>) => Math.expm1(e.features.ordinary) / Math.expm1(e.features.details);

  it("weighs the source's ordinary words kept in place above the event's rare words every report shares", () => {
    expect(keepsPhrasing.features.ordinary).toBeGreaterThan(ownPhrasing.features.ordinary);
    expect(meanCommonness(keepsPhrasing)).toBeGreaterThan(meanCommonness(ownPhrasing));
  });

  it('weighs each shared detail between 0 (the rarest word) and 1', () => {
    expect(keepsPhrasing.features.ordinary).toBeGreaterThan(0);
    expect(keepsPhrasing.features.ordinary).toBeLessThan(keepsPhrasing.features.details);
  });

  it("counts ordinary words only where the page takes a step in the source's order", () => {
    // The same two sentences the other way round: the details are still there, the steps are not.
    const [first, second] = [
      'The council estimates that a new landing would cost about 4.2 million pounds, and it has applied to a fund for most of it.',
      'Fishermen who moor along the pier said the new pontoon would leave them without a sheltered berth during the winter gales.',
    ];
    const reversed = evidence(`${second}\n\n${first}`);
    expect(reversed.features.details).toBe(keepsPhrasing.features.details);
    expect(reversed.features.ordinary).toBe(0);
  });
});

describe('the reason beside the verdict', () => {
  const evidence = (chain: number): Verified =>
    ({
      features: { phrases: 0.27, chain, sequential: 0.8, similarity: 0.5, novel: 0.4, details: Math.log1p(11), ordinary: Math.log1p(6) },
      unquotedSentences: 8,
      inOrder: chain,
      sharedDetails: 11,
    }) as Verified;

  it('leaves out the order of sentences when none follow the source, rather than contradict a likely verdict', () => {
    expect(reasonFor(evidence(0), true, 0)).toBe(
      "27% of the page's word pairs outside quotes and names are the source's; 11 words the page uses once (not names) found in the matching source sentences.",
    );
    expect(reasonFor(evidence(3), true, 0)).toMatch(
      /^3 of 8 sentences outside quotes follow the one before them in the source's order; 27%/,
    );
    expect(reasonFor(evidence(0), false, 0)).toMatch(
      /tells the story its own way: .* and 0 of its 8 sentences outside quotes follow that article's order\.$/,
    );
  });

  it('says one sentence "follows" the source, in the likely and the related sentence alike', () => {
    expect(reasonFor(evidence(1), true, 0)).toMatch(
      /^1 of 8 sentences outside quotes follows the one before it in the source's order; 27%/,
    );
    expect(reasonFor(evidence(1), false, 0)).toMatch(/and 1 of its 8 sentences outside quotes follows that article's order\.$/);
    expect(reasonFor(evidence(2), false, 0)).toMatch(/and 2 of its 8 sentences outside quotes follow that article's order\.$/);
  });
});

describe('the verdict model', () => {
  const f = (phrases: number, chain: number): Features => ({
    phrases,
    chain,
    sequential: chain / 2,
    similarity: 0.6,
    novel: 0.1,
    details: Math.log1p(chain),
    ordinary: Math.log1p(0.6 * chain),
  });

  it('rises with the wording a page keeps outside quotes and with the sentences that follow the source in order', () => {
    expect(logOdds(f(0.5, 4))).toBeGreaterThan(logOdds(f(0.1, 4)));
    expect(logOdds(f(0.3, 8))).toBeGreaterThan(logOdds(f(0.3, 1)));
  });

  it('holds its operating point inside the range the features reach', () => {
    expect(logOdds(f(0.9, 10))).toBeGreaterThan(VERDICT_MODEL.threshold);
    expect(logOdds(f(0.02, 0))).toBeLessThan(VERDICT_MODEL.threshold);
  });
});
