import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, isSkipped, parseSettings } from '../../lib/settings';

describe('settings', () => {
  it('default to automatic checking, no skipped or trusted sites, a 20% threshold and no remote index', () => {
    expect(parseSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({ remote: null, trustedSites: [], readCap: 50_000 });
  });

  it('repair what storage or a form may hold', () => {
    expect(
      parseSettings({
        mode: 'nonsense',
        skipSites: ['WWW.Example.com/path', 'not a site', 3],
        trustedSites: ['https://www.reuters.com/world/', 'reuters.com', null],
        readCap: -5,
        threshold: 400,
        remote: 'javascript:alert(1)',
      }),
    ).toEqual({
      mode: 'auto',
      skipSites: ['example.com'],
      trustedSites: ['reuters.com'],
      readCap: 1,
      threshold: 100,
      remote: null,
    });
    expect(parseSettings({ remote: 'https://archive.example.org/check' }).remote).toBe('https://archive.example.org');
  });

  it('skip a listed site and its subdomains, not its look-alikes', () => {
    const s = parseSettings({ skipSites: ['example.com'] });
    expect(isSkipped('https://news.example.com/a', s)).toBe(true);
    expect(isSkipped('https://notexample.com/a', s)).toBe(false);
  });

  it('skip only the port of a host when the user gave one', () => {
    const s = parseSettings({ skipSites: ['http://127.0.0.1:8903/news', 'Example.org'] });
    expect(s.skipSites).toEqual(['127.0.0.1:8903', 'example.org']);
    expect(isSkipped('http://127.0.0.1:8903/a.html', s)).toBe(true);
    expect(isSkipped('http://127.0.0.1:8901/a.html', s)).toBe(false);
    expect(isSkipped('https://example.org:8443/a', s)).toBe(true);
  });
});
