// One formatter for every date the reader sees (popup, options page) and searches by (the
// entry search in the engine matches what the list shows, "June 20, 2024", not only the ISO date).
const LONG_DATE = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

/** A date as the reader's locale writes it; the raw value when it is not a date. */
export function formatDate(iso: string | null): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : LONG_DATE.format(d);
}
