// One formatter for every date the reader sees (popup, options page) and searches by (the
// entry search in the engine matches what the list shows, "June 20, 2024", not only the ISO date).
const LONG_DATE = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

/** A date as the reader's locale writes it; the raw value when it is not a date. */
export function formatDate(iso: string | null): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : LONG_DATE.format(d);
}

/**
 * Zone names feeds write in RFC 822 dates beyond the few Date.parse knows (GMT, UT, Z and the
 * North American ones): Europe's, Asia's and Australia's, as offsets. IST is India's, the
 * common one in news feeds.
 */
const ZONES: Record<string, string> = {
  UTC: '+0000',
  WET: '+0000',
  WEST: '+0100',
  BST: '+0100',
  IST: '+0530',
  CET: '+0100',
  CEST: '+0200',
  MET: '+0100',
  MEST: '+0200',
  EET: '+0200',
  EEST: '+0300',
  MSK: '+0300',
  GST: '+0400',
  PKT: '+0500',
  ICT: '+0700',
  WIB: '+0700',
  HKT: '+0800',
  SGT: '+0800',
  AWST: '+0800',
  PHT: '+0800',
  KST: '+0900',
  JST: '+0900',
  ACST: '+0930',
  ACDT: '+1030',
  AEST: '+1000',
  AEDT: '+1100',
  NZST: '+1200',
  NZDT: '+1300',
  HST: '-1000',
  AKST: '-0900',
  AKDT: '-0800',
};

/**
 * A date as a feed or a page's metadata writes it (RFC 822, ISO 8601), in ISO 8601 UTC; a
 * date without a zone is read as UTC, not in the crawling machine's zone (the same item
 * came out 12:00Z, 17:00Z or 03:00Z by where it was crawled). Undefined when unreadable.
 */
export function isoTimestamp(s: string | null | undefined): string | undefined {
  let d = s?.trim();
  if (!d) return undefined;
  const zone = /\s([A-Z]{3,4})$/.exec(d)?.[1];
  if (zone && ZONES[zone]) d = `${d.slice(0, -zone.length)}${ZONES[zone]}`;
  // A time with no zone after it: ISO's "T12:00[:00[.000]]", or RFC 822's "12:00[:00]".
  else if (!/(?:[zZ]|[+-]\d{2}:?\d{2}|\s[A-Za-z]{1,5})$/.test(d) && /\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(d))
    d = /^\d{4}-\d{2}-\d{2}T/.test(d) ? `${d}Z` : `${d} GMT`;
  const t = Date.parse(d);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
