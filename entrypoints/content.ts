import { extractArticle } from '@/lib/extract';
import { highlightSentences } from '@/lib/highlight';
import { onMessage, sendMessage } from '@/lib/messaging';

// Runs on every page, so it stays small: Readability decides in a few milliseconds whether
// the page is an article; the engine itself lives in the background worker.
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main(ctx) {
    const report = () => {
      const url = location.href;
      let article = null;
      try {
        const result = extractArticle(document, url);
        article = result.ok ? result.article : null;
      } catch (e) {
        console.warn('News Provenance: extraction failed', e);
      }
      void sendMessage('pageArticle', { url, article }).catch(() => undefined);
    };
    report();
    // Single-page sites change the URL without a new document.
    ctx.addEventListener(window, 'wxt:locationchange', () => report());
    onMessage('extractNow', () => report());
    onMessage('highlight', ({ data }) => highlightSentences(document, data.sentences, data.on));
  },
});
