import { describe, expect, it } from 'vitest';
import {
  ALL_SITES,
  checkingMode,
  losesAllSites,
  READER_SCRIPT,
  siteAccessState,
  siteAccessStep,
  type RegisteredScript,
} from '../../lib/site-access';

const none: RegisteredScript[] = [];

describe('which mode is in effect', () => {
  it('checks pages as they load only when the reader chose it and the browser granted access to sites', () => {
    expect(checkingMode('auto', true)).toBe('auto');
    expect(checkingMode('auto', false)).toBe('click');
    expect(checkingMode('click', true)).toBe('click');
    expect(checkingMode('click', false)).toBe('click');
  });

  it('tells the reader whether automatic checking waits for the grant, or fell back because the access was removed', () => {
    expect(siteAccessState('auto', true, false)).toBe('auto');
    expect(siteAccessState('auto', false, false)).toBe('waiting');
    expect(siteAccessState('click', false, false)).toBe('click');
    expect(siteAccessState('click', false, true)).toBe('removed');
  });

  it('notices a removal of access to all sites, not of one subscribed origin', () => {
    expect(losesAllSites(['https://*/*'])).toBe(true);
    expect(losesAllSites([...ALL_SITES])).toBe(true);
    expect(losesAllSites(['<all_urls>'])).toBe(true);
    expect(losesAllSites(['https://packs.example.org/*'])).toBe(false);
    expect(losesAllSites([])).toBe(false);
  });
});

describe('what to register', () => {
  it('registers nothing in on-click mode, and nothing while automatic checking waits for the grant', () => {
    expect(siteAccessStep({ mode: 'click', granted: false, registered: none })).toEqual({ fallBack: false, unregister: [], register: [] });
    expect(siteAccessStep({ mode: 'click', granted: true, registered: none })).toEqual({ fallBack: false, unregister: [], register: [] });
    expect(siteAccessStep({ mode: 'auto', granted: false, registered: none })).toEqual({ fallBack: false, unregister: [], register: [] });
  });

  it('registers the content script on every http(s) page, across browser restarts, once automatic checking is granted', () => {
    const step = siteAccessStep({ mode: 'auto', granted: true, registered: none });
    expect(step).toEqual({ fallBack: false, unregister: [], register: [READER_SCRIPT] });
    expect(READER_SCRIPT).toMatchObject({
      matches: ['http://*/*', 'https://*/*'],
      js: ['/content-scripts/content.js'],
      persistAcrossSessions: true,
    });
  });

  it('keeps a registration the browser still holds, as Chromium or Firefox reports it', () => {
    const chromium = { ...READER_SCRIPT, js: ['content-scripts/content.js'], matches: ['https://*/*', 'http://*/*'], allFrames: false };
    const firefox: RegisteredScript = { ...READER_SCRIPT, js: ['moz-extension://2b7e6c1a/content-scripts/content.js'] };
    for (const r of [chromium, firefox])
      expect(siteAccessStep({ mode: 'auto', granted: true, registered: [r] })).toEqual({ fallBack: false, unregister: [], register: [] });
  });

  it("replaces a registration that differs from this version's, and removes scripts it does not know", () => {
    const older: RegisteredScript = { ...READER_SCRIPT, js: ['content-scripts/old.js'] };
    const stray: RegisteredScript = { id: 'stray', matches: ['https://*/*'], js: ['x.js'] };
    expect(siteAccessStep({ mode: 'auto', granted: true, registered: [older, stray] })).toEqual({
      fallBack: false,
      unregister: ['reader', 'stray'],
      register: [READER_SCRIPT],
    });
  });

  it('unregisters when the reader switches to on-click', () => {
    expect(siteAccessStep({ mode: 'click', granted: true, registered: [READER_SCRIPT] })).toEqual({
      fallBack: false,
      unregister: ['reader'],
      register: [],
    });
  });

  it('falls back to on-click when the access is removed in the browser, whether it hears of it or finds it gone at start', () => {
    const heard = siteAccessStep({ mode: 'auto', granted: false, registered: [READER_SCRIPT], justRemoved: true });
    expect(heard).toEqual({ fallBack: true, unregister: ['reader'], register: [] });
    expect(siteAccessStep({ mode: 'auto', granted: false, registered: [READER_SCRIPT] })).toEqual(heard);
    expect(siteAccessStep({ mode: 'auto', granted: false, registered: none, justRemoved: true }).fallBack).toBe(true);
    // The reader's own switch to on-click removes the access too: that is no fall-back.
    expect(siteAccessStep({ mode: 'click', granted: false, registered: none, justRemoved: true }).fallBack).toBe(false);
  });
});
