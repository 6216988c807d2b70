/** A moment as the reader's locale writes it ("12 Jun 2024, 14:05"); the raw value when it is not a date. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
