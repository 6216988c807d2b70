import type { Verified } from './verify';

const percent = (x: number) => `${Math.round(100 * x)}%`;

/** "1 of 7 sentences ... follows", "3 of 7 sentences ... follow": the verb agrees with the count that leads. */
const follow = (chain: number) => (chain === 1 ? 'follows' : 'follow');

function headlinePhrase(similarity: number): string | null {
  if (similarity >= 0.75) return 'headline nearly the same';
  if (similarity >= 0.45) return "headline close to the source's title";
  return null;
}

/**
 * The verdict in one sentence a reader can check against the two texts, from the same
 * evidence the verdict model weighed: order, wording outside quotes, headline.
 * Related coverage is never described as taken.
 */
export function reasonFor(e: Verified, likely: boolean, headline: number): string {
  // A likely source's count is of the steps in its order the model weighs; a rewrite keeps
  // them with its own words, so the strong chain alone said "3 of 13" of a sentence-for-
  // sentence rewrite, beside a verdict that it was taken.
  // Steps are local (the sentence before, a few on): a page of shuffled paragraphs keeps
  // most of them, so the sentence says "the one before", never that the page follows the source's order throughout.
  const inOrder = `${e.inOrder} of ${e.unquotedSentences} sentence${e.unquotedSentences === 1 ? '' : 's'} outside quotes ${follow(e.inOrder)} the one before ${e.inOrder === 1 ? 'it' : 'them'} in the source's order`;
  const wording = `${percent(e.features.phrases)} of the page's word pairs outside quotes and names are the source's`;
  const d = e.sharedDetails;
  const details = d >= 3 ? `${d} words the page uses once (not names) found in the matching source sentences` : null;
  // A partial copy can be judged taken on its wording and details alone; "0 of 7 sentences
  // follow the one before them in the source's order" beside that verdict would read as a contradiction.
  if (likely) return [e.inOrder ? inOrder : null, wording, details, headlinePhrase(headline)].filter(Boolean).join('; ') + '.';
  const n = e.unquotedSentences;
  return `Shares names, facts or quotes with this article but tells the story its own way: ${percent(e.features.phrases)} of this page's word pairs outside quotes and names are in that article, and ${e.features.chain} of its ${n} sentence${n === 1 ? '' : 's'} outside quotes ${follow(e.features.chain)} that article's order.`;
}

/** Why a source with the evidence of a copy is still only related: it was published after the page. */
export function laterReason(dates: { page: string; source: string }): string {
  return `Much of this page's wording and order is in this article, but it was published on ${dates.source}, after this page (${dates.page}), so it cannot be where the page came from: this page may be the earlier of the two.`;
}
