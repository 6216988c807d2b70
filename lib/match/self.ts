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

/** Generic second-level labels under a country's domain: bbc.co.uk is "bbc", as bbc.com is. */
const SECOND_LEVEL = /^(?:co|com|org|net|ac|gov|edu|ne|or|go|gob|nic|info|biz|news)$/;

/**
 * The name a site goes by in its address ("bbc" for www.bbc.co.uk, news.bbc.com and bbc.com),
 * or null where the address says nothing of a site: not a web address, or this machine
 * (a page saved and served locally, the demo pages).
 */
function siteName(url: string): string | null {
  let host: string;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    host = u.hostname;
  } catch {
    return null;
  }
  if (/^(?:localhost|127\.[\d.]+|\[::1\])$/.test(host)) return null;
  if (/^[\d.]+$|:/.test(host)) return host;
  const parts = host.split('.');
  const n = parts.length;
  const country = n >= 3 && parts[n - 1]!.length === 2 && SECOND_LEVEL.test(parts[n - 2]!);
  return parts[n - (country ? 3 : 2)] ?? host;
}

/**
 * The page is the indexed original itself, not a copy of it: the same address, or nearly
 * all of it matched under the same headline (or one holding it whole) from the same
 * publisher - on the source's own site when both addresses are known, since a copy can
 * name any publisher it likes (og:site_name "BBC News" on a copy site made the copy "the
 * indexed original"). The extension shows it with a check mark and the CLI says so;
 * neither calls it taken from itself.
 */
export function isSameArticle(m: Match, page: PageIdentity): boolean {
  if (m.url && page.url && address(m.url) === address(page.url)) return true;
  if (!(m.overlap >= 90 && m.publisher && page.siteName && same(m.publisher, page.siteName) && sameHeadline(m.title, page.title)))
    return false;
  const here = page.url ? siteName(page.url) : null;
  const source = m.url ? siteName(m.url) : null;
  if (here && source) return here === source;
  // An entry without an address: the page's site must go by the publisher's name.
  return !here || namedAfter(here, m.publisher);
}

/**
 * Whether a site's name in its address is the publisher's: "bbc" for BBC News, "theguardian"
 * for The Guardian, "spiegel" for Der Spiegel, "afp" for Agence France-Presse; a copy site's
 * own name is not (a lookalike domain can still pass: that takes more than a meta tag).
 */
function namedAfter(site: string, publisher: string): boolean {
  const label = site.replace(/[^\p{L}\p{N}]/gu, '');
  const name = words(publisher).split(' ');
  const whole = name.join('');
  const initials = name.map((w) => w[0]).join('');
  if (label.length < 2) return false;
  return label === whole || label === initials || (label.length >= 3 && (whole.startsWith(label) || whole.endsWith(label)));
}
