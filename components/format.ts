export { formatDate } from '@/lib/dates';

/** Only http(s) links are rendered as links: a pack cannot smuggle a javascript: URL. */
export function safeHref(url: string | null): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}
