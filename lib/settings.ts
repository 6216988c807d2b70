/** The user's settings, kept in storage.local under one key and read by every context. */
export interface Settings {
  /** "auto": check every article page as it loads (the default); "click": only when the toolbar button is used. */
  mode: 'auto' | 'click';
  /** Host names never checked (a name covers its subdomains). */
  skipSites: string[];
  /** Minimum share taken (%) for a source to be called "likely" and shown on the badge. */
  threshold: number;
  /**
   * Opt-in: the address of a `provenance serve` endpoint (a newsroom's archive). When set, the
   * text of every checked article is sent there too; null (the default) sends nothing anywhere.
   */
  remote: string | null;
}

export const SETTINGS_KEY = 'settings';

export const DEFAULT_SETTINGS: Settings = { mode: 'auto', skipSites: [], threshold: 20, remote: null };

/**
 * A site the way the user types it: "www.Example.com/path" -> "example.com". A port, when
 * given ("127.0.0.1:8903"), is kept: then only that port of the host is skipped.
 */
export function normalizeSite(raw: string): string | null {
  const s = raw
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/^www\./, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/.test(s) ? s : null;
}

export function isSkipped(url: string, settings: Settings): boolean {
  let host: string;
  let port: string;
  try {
    const u = new URL(url);
    host = u.hostname.toLowerCase().replace(/^www\./, '');
    port = u.port;
  } catch {
    return false;
  }
  return settings.skipSites.some((site) => {
    const [name, sitePort] = site.split(':');
    if (sitePort !== undefined && sitePort !== port) return false;
    return host === name || host.endsWith(`.${name}`);
  });
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
  const sites = Array.isArray(r.skipSites) ? r.skipSites.filter((s): s is string => typeof s === 'string') : [];
  const threshold = typeof r.threshold === 'number' && Number.isFinite(r.threshold) ? r.threshold : DEFAULT_SETTINGS.threshold;
  return {
    mode: r.mode === 'click' ? 'click' : 'auto',
    skipSites: [...new Set(sites.map(normalizeSite).filter((s): s is string => !!s))],
    threshold: Math.min(100, Math.max(1, Math.round(threshold))),
    remote: normalizeRemote(r.remote),
  };
}
