import { normalizeSite } from '@/lib/settings';

/**
 * The "sites to skip" box, one site per line: the host names it holds, and the lines that
 * are not host names (shown to the user rather than silently dropped).
 */
export function parseSiteLines(text: string): { sites: string[]; invalid: string[] } {
  const sites: string[] = [];
  const invalid: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const site = normalizeSite(line);
    if (!site) invalid.push(line.trim());
    else if (!sites.includes(site)) sites.push(site);
  }
  return { sites, invalid };
}
