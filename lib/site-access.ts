import type { Settings } from './settings';

/**
 * Which pages the extension may read, and when its content script runs there. Automatic
 * checking needs access to every site, which the reader grants (an optional permission);
 * on-click checking needs none: the click on the toolbar button grants `activeTab` for
 * that one tab. See README "Permissions".
 */

/** The optional host permission automatic checking asks for. */
export const ALL_SITES: readonly string[] = ['http://*/*', 'https://*/*'];

/**
 * Firefox's data consent for the opt-in remote index, the one feature that sends a page's
 * text out of the browser (to the server the reader names): the Firefox manifest declares
 * it optional, the click that sets the index asks for it, and no page is sent without it.
 * Other browsers have no such permission.
 */
export const SENDS_PAGE_TEXT = { data_collection: ['websiteContent'] } as const;

/** The content script's bundle, as WXT writes it (entrypoints/content.ts). */
export const CONTENT_SCRIPT_FILE = '/content-scripts/content.js';

/** The id the content script is registered under (scripting.registerContentScripts). */
export const READER_SCRIPT_ID = 'reader';

/**
 * storage.local: set when the access was taken away in the browser's own settings, so the
 * options page can say why pages are now checked on click only; cleared by the next save.
 */
export const ACCESS_REMOVED_KEY = 'siteAccessRemoved';

/** The fields of scripting.RegisteredContentScript this extension sets. */
export interface ScriptRegistration {
  id: string;
  matches: string[];
  js: string[];
  runAt: 'document_idle';
  persistAcrossSessions: boolean;
}

/** A registration as the browser reports it (fields it leaves out take their defaults). */
export interface RegisteredScript {
  id: string;
  matches?: string[];
  js?: string[];
  runAt?: string;
  persistAcrossSessions?: boolean;
}

/** The registration automatic checking needs: the content script on every http(s) page, kept across browser restarts. */
export const READER_SCRIPT: ScriptRegistration = {
  id: READER_SCRIPT_ID,
  matches: [...ALL_SITES],
  js: [CONTENT_SCRIPT_FILE],
  runAt: 'document_idle',
  persistAcrossSessions: true,
};

/** Pages are checked as they load only with both the reader's choice and the browser's grant. */
export function checkingMode(mode: Settings['mode'], granted: boolean): Settings['mode'] {
  return mode === 'auto' && granted ? 'auto' : 'click';
}

/** What the options page tells the reader about when pages are checked. */
export type SiteAccessState =
  /** Automatic, and the browser granted the access. */
  | 'auto'
  /** Automatic was chosen (it is the default), but the access is not granted yet: pages are checked on click. */
  | 'waiting'
  /** On click, by the reader's choice. */
  | 'click'
  /** On click, because the access was removed in the browser's settings. */
  | 'removed';

export function siteAccessState(mode: Settings['mode'], granted: boolean, removed: boolean): SiteAccessState {
  if (mode === 'auto') return granted ? 'auto' : 'waiting';
  return removed ? 'removed' : 'click';
}

/** Whether a change reported by permissions.onRemoved took away access automatic checking needs. */
export function losesAllSites(removedOrigins: readonly string[]): boolean {
  return removedOrigins.some((o) => ALL_SITES.includes(o) || o === '<all_urls>' || o === '*://*/*');
}

export interface SiteAccessStep {
  /** Switch the setting to on-click: the access automatic checking had is gone. */
  fallBack: boolean;
  unregister: string[];
  register: ScriptRegistration[];
}

/**
 * What to do, at every start of the background and after every change of the setting or the
 * permission, so that exactly the wanted registration is in place: none in on-click mode; in
 * automatic mode the reader script, registered again if the browser dropped it or holds one
 * that differs (an older version's). The access is known to have been taken away when
 * permissions.onRemoved says so, or when the script is still registered but not allowed
 * (the access went while nothing listened): then checking falls back to on-click.
 */
export function siteAccessStep(state: {
  mode: Settings['mode'];
  granted: boolean;
  registered: readonly RegisteredScript[];
  justRemoved?: boolean;
}): SiteAccessStep {
  const { mode, granted, registered } = state;
  const wasRegistered = registered.some((r) => r.id === READER_SCRIPT_ID);
  const fallBack = mode === 'auto' && !granted && (!!state.justRemoved || wasRegistered);
  const wanted = checkingMode(mode, granted) === 'auto' ? READER_SCRIPT : null;
  const keep = wanted ? registered.find((r) => sameRegistration(r, wanted)) : undefined;
  return {
    fallBack,
    unregister: registered.filter((r) => r !== keep).map((r) => r.id),
    register: wanted && !keep ? [wanted] : [],
  };
}

function sameRegistration(r: RegisteredScript, wanted: ScriptRegistration): boolean {
  return (
    r.id === wanted.id &&
    sameSet(r.matches ?? [], wanted.matches) &&
    sameSet((r.js ?? []).map(extensionPath), wanted.js.map(extensionPath)) &&
    (r.runAt ?? 'document_idle') === wanted.runAt &&
    (r.persistAcrossSessions ?? true) === wanted.persistAcrossSessions
  );
}

/** Firefox reports a script's files as full moz-extension:// URLs, Chromium as given. */
function extensionPath(file: string): string {
  return file.replace(/^[a-z-]+:\/\/[^/]+\//i, '').replace(/^\/+/, '');
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
