import { describe, expect, it } from 'vitest';
import type { Article } from '../../lib/extract';
import { checkRemote } from '../../lib/remote';

const article: Article = {
  title: 'Pier to close',
  byline: null,
  siteName: 'Coastal Times Online',
  published: '2023-05-08T09:00:00Z',
  lang: 'en',
  url: 'https://coastal.example/pier',
  text: 'The pier will close.',
  paragraphs: ['The pier will close.'],
};

describe("the reader's remote index", () => {
  it("sends the page's date, and keeps a remote match dated after the page apart from related coverage", async () => {
    let sent: Record<string, unknown> = {};
    const fetchFn = (async (_url: string, init: RequestInit) => {
      sent = JSON.parse(String(init.body));
      const match = { id: 'gazette/pier', title: 'Kellmouth pier to close', overlap: 91, verdict: 'related', publishedAfterPage: true };
      return new Response(JSON.stringify({ matches: [match] }), { status: 200 });
    }) as typeof fetch;
    const [m] = await checkRemote('http://127.0.0.1:8899', article, fetchFn);
    expect(sent).toMatchObject({ title: 'Pier to close', published: '2023-05-08T09:00:00Z' });
    expect(m).toMatchObject({ title: 'Kellmouth pier to close', verdict: 'related', publishedAfterPage: true, remote: '127.0.0.1:8899' });
  });
});
