import { browser } from 'wxt/browser';
import { sendMessage } from '@/lib/messaging';
import type { Settings } from '@/lib/settings';
import { ALL_SITES, SENDS_PAGE_TEXT } from '@/lib/site-access';

/**
 * Asks the browser for access to all sites, which automatic checking needs. Call it first
 * thing in a click handler: browsers prompt only during the click (Firefox only before the
 * handler's first await). A refusal, or a browser that cannot ask, is a plain "no".
 */
export function requestAllSites(): Promise<boolean> {
  return request({ origins: [...ALL_SITES] });
}

/**
 * Asks, in one prompt, for what a remote index needs: its origin (or all sites, when
 * automatic checking is chosen in the same click) and, in Firefox, the consent to send it
 * the page's text (SENDS_PAGE_TEXT). Same rule as requestAllSites: first thing in a click.
 */
export function requestRemote(remote: string, allSites: boolean): Promise<boolean> {
  const origins = allSites ? [...ALL_SITES] : [`${new URL(remote).origin}/*`];
  return request({ origins, ...(import.meta.env.FIREFOX ? SENDS_PAGE_TEXT : {}) } as Permissions);
}

/** Firefox: the reader removed the remote index, so the consent to send pages to it is given back. */
export function dropRemoteConsent(): void {
  if (import.meta.env.FIREFOX) browser.permissions.remove(SENDS_PAGE_TEXT as Permissions).catch(() => undefined);
}

type Permissions = Parameters<typeof browser.permissions.request>[0];

// Firefox's data_collection is not in the polyfill's Permissions type: the casts above add it.
function request(permissions: Permissions): Promise<boolean> {
  try {
    return browser.permissions.request(permissions).catch(() => false);
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
