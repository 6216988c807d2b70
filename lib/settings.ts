/** The user's settings, kept in storage.local under one key and read by every context. */
export interface Settings {
  /** "auto": check every article page as it loads (the default); "click": only when the toolbar button is used. */
  mode: 'auto' | 'click';
  /** Host names never checked (a name covers its subdomains). */
  skipSites: string[];
  /**
   * Sites the reader treats as original sources (empty by default): an article read there is
   * kept in the reader's index as an original (lib/ingest/trusted.ts).
   */
  trustedSites: string[];
  /** Most originals read on trusted sites kept; the oldest read go first. */
  readCap: number;
  /** Minimum share taken (%) for a source to be called "likely" and shown on the badge. */
  threshold: number;
  /**
   * Opt-in: the address of a `provenance serve` endpoint (a newsroom's archive). When set, the
   * text of every checked article is sent there too; null (the default) sends nothing anywhere.
   */
  remote: string | null;
}

/** How many originals read on trusted sites are kept unless the reader says otherwise; the oldest go first. */
export const DEFAULT_READ_CAP = 50_000;

/**
 * The listed site a URL belongs to, as listed ("bbc.co.uk" for https://www.bbc.co.uk/news/x),
 * or null. A name covers its subdomains; a listed port ("127.0.0.1:8903") only that port.
 */
export function listedSite(url: string, sites: readonly string[]): string | null {
  let host: string;
  let port: string;
  try {
    const u = new URL(url);
    if (!/^https?:$/.test(u.protocol)) return null;
    host = u.hostname.toLowerCase().replace(/^www\./, '');
    port = u.port;
  } catch {
    return null;
  }
  return (
    sites.find((site) => {
      const [name, sitePort] = site.split(':');
      if (sitePort !== undefined && sitePort !== port) return false;
      return host === name || host.endsWith(`.${name}`);
    }) ?? null
  );
}

export const SETTINGS_KEY = 'settings';

export const DEFAULT_SETTINGS: Settings = {
  mode: 'auto',
  skipSites: [],
  trustedSites: [],
  readCap: DEFAULT_READ_CAP,
  threshold: 20,
  remote: null,
};

/**
 * A site the way the user types it: "www.Example.com/path" or "*.example.com" -> "example.com". A port, when
 * given ("127.0.0.1:8903"), is kept: then only that port of the host is skipped.
 */
export function normalizeSite(raw: string): string | null {
  const s = raw
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/[/?#].*$/, '')
    // "*.example.com", as other tools write it: a site covers its subdomains here anyway.
    .replace(/^\*\./, '')
    .replace(/^www\./, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/.test(s) ? s : null;
}

export function isSkipped(url: string, settings: Settings): boolean {
  return listedSite(url, settings.skipSites) !== null;
}

/** A remote index address as the user typed it, or null when it is not an http(s) URL. */
export function normalizeRemote(raw: unknown): string | null {
  if (typeof raw !== 'string' || !raw.trim()) return null;
  try {
    const url = new URL(raw.trim());
    return /^https?:$/.test(url.protocol) ? url.href.replace(/\/(check)?$/, '') : null;
  } catch {
    return null;
  }
}

/** Settings from storage or from the options form, repaired field by field. */
export function parseSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof Settings, unknown>>;
  const sites = (list: unknown) =>
    Array.isArray(list)
      ? [...new Set(list.filter((s): s is string => typeof s === 'string').map(normalizeSite))].filter((s): s is string => !!s)
      : [];
  const number = (x: unknown, fallback: number) => (typeof x === 'number' && Number.isFinite(x) ? x : fallback);
  const threshold = number(r.threshold, DEFAULT_SETTINGS.threshold);
  return {
    mode: r.mode === 'click' ? 'click' : 'auto',
    skipSites: sites(r.skipSites),
    trustedSites: sites(r.trustedSites),
    readCap: Math.min(1_000_000, Math.max(1, Math.round(number(r.readCap, DEFAULT_READ_CAP)))),
    threshold: Math.min(100, Math.max(1, Math.round(threshold))),
    remote: normalizeRemote(r.remote),
  };
}
