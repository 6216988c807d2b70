import { browser } from 'wxt/browser';
import { sendMessage } from '@/lib/messaging';
import type { Settings } from '@/lib/settings';
import { ALL_SITES } from '@/lib/site-access';

/**
 * Asks the browser for access to all sites, which automatic checking needs. Call it first
 * thing in a click handler: browsers prompt only during the click (Firefox only before the
 * handler's first await). A refusal, or a browser that cannot ask, is a plain "no".
 */
export function requestAllSites(): Promise<boolean> {
  try {
    return browser.permissions.request({ origins: [...ALL_SITES] }).catch(() => false);
  } catch {
    return Promise.resolve(false);
  }
}

/**
 * The reader's choice of when pages are checked, from a click. Automatic checking asks for
 * the access first and is saved either way (it is the reader's choice; until the grant,
 * pages are checked on click); on-click gives the access back (the background does that).
 */
export async function chooseMode(mode: Settings['mode']): Promise<{ settings: Settings; granted: boolean }> {
  const grant = mode === 'auto' ? requestAllSites() : Promise.resolve(false);
  const granted = await grant;
  return { settings: await sendMessage('setSettings', { mode }), granted };
}
