import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { extractArticle, type Article } from '@/lib/extract';
import { highlightSentences, locateSentences, markSourceSentences, scrollToSentence, textOf } from '@/lib/highlight';
import { onMessage, sendMessage } from '@/lib/messaging';
import { isSkipped, parseSettings, SETTINGS_KEY } from '@/lib/settings';

// Runs on every page in automatic mode, so it stays small: Readability decides in a few
// milliseconds whether the page is an article; the engine itself lives in the background
// worker. It is not declared in the manifest (that would ask for every site at install):
// the background registers it once the reader grants automatic checking, or injects it
// into the one tab whose toolbar button was clicked (lib/site-access.ts).
export default defineContentScript({
  registration: 'runtime',
  main(ctx) {
    let article: Article | null = null;
    // Which source's passages are highlighted: the popup asks when it reopens.
    let highlighted: string | null = null;
    // The headline the article was extracted under (see onPause).
    let checkedHeadline = '';
    let watching = false;
    const extract = () => {
      checkedHeadline = headlineOf();
      try {
        const result = extractArticle(document, location.href);
        article = result.ok ? result.article : null;
      } catch (e) {
        console.warn('News Provenance: extraction failed', e);
        article = null;
      }
      // Only a page that has shown an article is watched for another swapped in at the same
      // address: most pages are no article, and a busy one mutates all the time.
      if (article && !watching) {
        watching = true;
        onPause(ctx, swapped);
      }
      return article;
    };
    const report = async (forced: boolean, recheck = false) => {
      const url = location.href;
      const settings = parseSettings((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
      if (isSkipped(url, settings))
        return sendMessage('pageArticle', { url, article: null, skipped: 'this site is on your list of sites to skip' });
      if (settings.mode === 'click' && !forced) return;
      return sendMessage('pageArticle', { url, article: extract(), httpStatus: httpStatus(), recheck });
    };
    const quietly = (p: Promise<unknown>) => void p.catch(() => undefined);
    // Client-rendered pages often fill in their article after the document is idle: when
    // the first look found no article, look once more after the page settles.
    quietly(report(false).then(() => !article && settleThenRetry(ctx, () => !article && quietly(report(false)))));
    const newStory = () => {
      article = null;
      highlighted = null;
      highlightSentences(document, [], false);
    };
    // Single-page sites change the URL without a new document.
    ctx.addEventListener(window, 'wxt:locationchange', () => {
      newStory();
      // The new story is usually rendered after the URL changes.
      settleThenRetry(ctx, () => quietly(report(false)));
    });
    // Some swap the story in place, at the same address: a new headline is a new story.
    function swapped() {
      if (!article || headlineOf() === checkedHeadline) return;
      newStory();
      quietly(report(false));
    }
    onMessage('extractNow', async ({ data }) => {
      const result = await report(true, data.recheck);
      // Checked again after the index or the settings changed: the marks of a source no
      // longer named as this page's likely source go with it.
      const still = result?.state === 'done' && result.matches.some((m) => m.id === highlighted && m.verdict === 'likely-source');
      if (highlighted !== null && !still) {
        highlighted = null;
        highlightSentences(document, [], false);
      }
    });
    onMessage('getArticle', () => article ?? extract());
    onMessage('httpStatus', () => httpStatus());
    onMessage('highlight', ({ data }) => {
      highlighted = data.on ? data.key : null;
      return highlightSentences(document, data.sentences, data.on);
    });
    onMessage('highlightState', () => ({ key: highlighted }));
    onMessage('locatePassages', ({ data }) => locateSentences(document, data.sentences).map((r) => r && textOf(r)));
    onMessage('showSource', ({ data }) => markSourceSentences(document, data.pairs));
    onMessage('showPassage', ({ data }) => scrollToSentence(document, data.sentence));
  },
});

/**
 * The HTTP status of this document (a 404 page is a page too, to the content script).
 * Navigation Timing's responseStatus: Chromium 109+; other browsers leave it out (null).
 */
function httpStatus(): number | null {
  const [navigation] = performance.getEntriesByType('navigation') as Array<PerformanceNavigationTiming & { responseStatus?: number }>;
  return navigation?.responseStatus || null;
}

/** Calls back once the page has stopped changing for a moment (at most a few seconds later). */
function settleThenRetry(ctx: ContentScriptContext, callback: () => void) {
  let quiet: number | undefined;
  const done = () => {
    observer.disconnect();
    clearTimeout(quiet);
    clearTimeout(deadline);
    callback();
  };
  const observer = new MutationObserver(() => {
    clearTimeout(quiet);
    quiet = ctx.setTimeout(done, 400);
  });
  observer.observe(document.body ?? document.documentElement, { childList: true, subtree: true, characterData: true });
  quiet = ctx.setTimeout(done, 400);
  const deadline = ctx.setTimeout(done, 4000);
  ctx.onInvalidated(() => observer.disconnect());
}

/** What names the story on screen: the document's title and its first headline. */
const headlineOf = () => `${document.title}\n${document.querySelector('h1')?.textContent?.trim() ?? ''}`;

/**
 * Calls back each time the page has been still for a second after changing. A live blog or
 * a ticker mutates all the time: that costs a timer reset per burst of mutations and, per
 * pause, whatever the callback reads (the headline), never an extraction.
 */
function onPause(ctx: ContentScriptContext, callback: () => void) {
  let quiet: number | undefined;
  const observer = new MutationObserver(() => {
    clearTimeout(quiet);
    quiet = ctx.setTimeout(callback, 1000);
  });
  observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  ctx.onInvalidated(() => observer.disconnect());
}
