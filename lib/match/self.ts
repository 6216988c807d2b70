import type { Match } from './check';

/** What is known of the page being checked, to tell whether it is the indexed article itself. */
export interface PageIdentity {
  url?: string | null;
  title: string;
  siteName?: string | null;
}

const address = (u: string) =>
  u
    .replace(/^https?:\/\/(www\.)?/, '')
    .replace(/[?#].*$/, '')
    .replace(/\/$/, '');
// Letters and digits of any script: with \W (ASCII only) every Cyrillic, Arabic or Chinese
// title and publisher read as "", so every copy of such an article was taken for the original.
const words = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
const same = (a: string, b: string) => {
  const x = words(a);
  return x !== '' && x === words(b);
};

/**
 * One headline is the other, or holds it whole: a correction ("CORRECTED: ..."), an update
 * ("... - live updates") of the publisher's own article keeps its headline's words.
 */
function sameHeadline(a: string, b: string): boolean {
  if (same(a, b)) return true;
  const [x, y] = [words(a).split(' '), words(b).split(' ')];
  const [short, long] = x.length <= y.length ? [x, new Set(y)] : [y, new Set(x)];
  return short.length >= 4 && short.every((w) => long.has(w));
}

/**
 * The page is the indexed original itself, not a copy of it: the same address, or nearly
 * all of it matched under the same headline (or one holding it whole) from the same
 * publisher. The extension shows it with a check mark and the CLI says so; neither calls it
 * taken from itself.
 */
export function isSameArticle(m: Match, page: PageIdentity): boolean {
  if (m.url && page.url && address(m.url) === address(page.url)) return true;
  return m.overlap >= 90 && !!m.publisher && !!page.siteName && same(m.publisher, page.siteName) && sameHeadline(m.title, page.title);
}
