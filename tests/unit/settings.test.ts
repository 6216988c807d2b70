import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, isSkipped, parseSettings } from '../../lib/settings';

describe('settings', () => {
  it('default to automatic checking, no skipped sites, a 20% threshold and no remote index', () => {
    expect(parseSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.remote).toBeNull();
  });

  it('repair what storage or a form may hold', () => {
    expect(
      parseSettings({
        mode: 'nonsense',
        skipSites: ['WWW.Example.com/path', 'not a site', 3],
        threshold: 400,
        remote: 'javascript:alert(1)',
      }),
    ).toEqual({
      mode: 'auto',
      skipSites: ['example.com'],
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
});
