/**
 * Why the browser would not let the extension read a tab, in the reader's terms. The
 * browser's own error ("Cannot access a chrome:// URL", "Extension manifest must request
 * permission ...") speaks to developers; the popup says what the page is and what to do.
 */
export type Uncheckable =
  /** chrome://, about:, another extension's page, view-source: ... */
  | 'browser-page'
  /** The browser's extension store. */
  | 'web-store'
  /** A saved page (file://) while the user has not allowed file URLs. */
  | 'file'
  /** The browser hid the address: a browser page, or a file when file URLs are not allowed. */
  | 'browser-page-or-file'
  /**
   * A page the extension has no access to yet: no click on the toolbar button granted it,
   * and automatic checking is not granted. Most likely a web page; the address is hidden,
   * so it may also be a saved file.
   */
  | 'not-granted'
  /** The tab shows the browser's "this site can't be reached" page. */
  | 'error-page'
  | 'other';

const BROWSER_SCHEMES =
  /^(?:chrome|chrome-extension|chrome-search|chrome-untrusted|edge|brave|opera|vivaldi|about|moz-extension|view-source|devtools|data|blob|resource):/i;
const STORES = [
  /^https:\/\/chromewebstore\.google\.com\//,
  /^https:\/\/chrome\.google\.com\/webstore/,
  /^https:\/\/microsoftedge\.microsoft\.com\/addons/,
  /^https:\/\/addons\.mozilla\.org\//,
];

/**
 * `url` is the tab's address when the browser tells it (activeTab after a click on the
 * toolbar button), `error` the browser's reason for refusing to run the content script,
 * `allSitesGranted` whether the reader granted access to every http(s) site.
 */
export function whyUncheckable(url: string | undefined, error: string, fileAccessAllowed: boolean, allSitesGranted: boolean): Uncheckable {
  if (url) {
    if (/^file:/i.test(url)) return fileAccessAllowed ? 'other' : 'file';
    if (STORES.some((s) => s.test(url))) return 'web-store';
    if (BROWSER_SCHEMES.test(url)) return 'browser-page';
  }
  if (/extensions gallery cannot be scripted/i.test(error)) return 'web-store';
  if (/(?:chrome|edge|about|chrome-extension|moz-extension):/i.test(error)) return 'browser-page';
  if (/error page/i.test(error)) return 'error-page';
  // Chromium names browser pages in its error ("Cannot access a chrome:// URL"); this one it
  // gives for any page the extension has no access to. Without the address (no click on the
  // toolbar button granted it): with every site granted, a web page would have been read,
  // so it is a saved file or another page kept from extensions; without, it is most likely
  // a web page not checked yet.
  if (/cannot access contents|must request permission|missing host permission/i.test(error))
    return allSitesGranted ? 'browser-page-or-file' : 'not-granted';
  return 'other';
}

/**
 * The page's own server said it failed (404 not found, 410 gone, 500...): the browser shows
 * the site's error page, which is no article and no page that "changed".
 */
export const isHttpError = (status: number | null | undefined): status is number => typeof status === 'number' && status >= 400;
