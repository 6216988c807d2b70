import { createServer, type Server } from 'node:http';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryFromArticle, sha256Hex, writeManifest, writePack, type CorpusArticle } from '../../lib/index';
import { launch, type Harness } from './harness';

// A subscription to a manifest of dated parts (lib/index/manifest.ts), in real Chromium:
// the options page subscribes, the publisher adds a month, and the refresh downloads the
// manifest and that one part only. Ports of this file: the harness's demo site and the
// publisher (no other e2e file uses them).
const DEMO_PORT = 8841;
const PUBLISHER = 'http://127.0.0.1:8840';
const MANIFEST = `${PUBLISHER}/wire/manifest.json`;

const story = (id: string, title: string, published: string, text: string): CorpusArticle => ({
  id: `island-wire/${id}`,
  title,
  text,
  publisher: 'Island Wire',
  published,
});

const MARCH: CorpusArticle[] = [
  story(
    'ferry-fares',
    'Ferry fares to the outer isles rise by a fifth',
    '2024-03-04',
    'Fares on the ferry to the outer isles will rise by a fifth from April, the operator said on Monday, blaming the price of fuel and a new crew agreement. Islanders said the increase would fall hardest on families who cross to the mainland for hospital appointments and school exams.',
  ),
  story(
    'peat-bog',
    'Volunteers replant the Moss of Carran peat bog',
    '2024-03-19',
    'More than two hundred volunteers spent the weekend blocking drainage ditches on the Moss of Carran, the largest peat bog on the island. The trust that owns it hopes the water table will rise within five years, letting sphagnum moss return to ground cut for fuel until the 1970s.',
  ),
];
const APRIL: CorpusArticle[] = [
  story(
    'puffin-count',
    'Puffin burrows counted from the air for the first time',
    '2024-04-08',
    'Wardens on the sea stacks used a drone to count puffin burrows this spring, the first survey of the colony that did not need ropes and ladders. They found just over three thousand occupied burrows, a tenth more than the last count on foot six years ago, and said the camera missed very few.',
  ),
];

interface Publisher {
  server: Server;
  files: Map<string, Uint8Array | string>;
  /** Paths of every request, in order. */
  requests: string[];
}

async function part(name: string, articles: CorpusArticle[]): Promise<{ bytes: Uint8Array; sha256: string; entries: number }> {
  const bytes = await writePack(articles.map(entryFromArticle), name);
  return { bytes, sha256: await sha256Hex(bytes), entries: articles.length };
}

let h: Harness;
let publisher: Publisher;

beforeAll(async () => {
  h = await launch(DEMO_PORT);
  const state: Publisher = { server: null as unknown as Server, files: new Map(), requests: [] };
  state.server = createServer((req, res) => {
    const path = req.url ?? '/';
    state.requests.push(path);
    const body = state.files.get(path);
    if (body === undefined) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': typeof body === 'string' ? 'application/json' : 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((ok) => state.server.listen(Number(new URL(PUBLISHER).port), '127.0.0.1', ok));
  publisher = state;
});
afterAll(async () => {
  await h?.close();
  publisher?.server.close();
});

const status = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text });

async function visible(locator: Locator): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout: 15_000 });
  return locator;
}

async function search(page: Page, query: string): Promise<void> {
  await page.getByLabel('Search entries').fill(query);
  await visible(status(page, new RegExp(`match(es)? “${query}”`)));
}

describe('a subscription to a manifest of dated parts', () => {
  it('downloads only the manifest and the new part on a refresh, and finds the entries of both parts', async () => {
    const march = await part('Island Wire 2024-03', MARCH);
    const april = await part('Island Wire 2024-04', APRIL);
    const publish = (parts: Array<[string, typeof march]>, name = 'Island Wire') => {
      publisher.files.set(
        '/wire/manifest.json',
        writeManifest({
          name,
          created: new Date().toISOString(),
          parts: parts.map(([url, p]) => ({ url, entries: p.entries, sha256: p.sha256 })),
        }),
      );
      for (const [url, p] of parts) publisher.files.set(`/wire/${url}`, p.bytes);
    };
    publish([['2024-03.pack', march]]);

    const page = await h.context.newPage();
    await page.goto(`chrome-extension://${h.extensionId}/options.html`);
    await visible(page.getByText(/entr(y|ies) in all/));
    // Headless Chromium's permission prompt gets no answer: the reader says no (the harness
    // granted all sites already, so the publisher is readable anyway).
    await page.evaluate(() => {
      const decline = (_request: unknown, callback?: (granted: boolean) => void) => {
        callback?.(false);
        return Promise.resolve(false);
      };
      chrome.permissions.request = decline as unknown as typeof chrome.permissions.request;
    });
    await page.getByLabel('Pack address (URL)').fill(MANIFEST);
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await visible(status(page, 'Subscribed to “Island Wire”: 2 entries.'));
    expect(publisher.requests).toEqual(['/wire/manifest.json', '/wire/2024-03.pack']);
    const row = await visible(page.getByRole('row', { name: /Island Wire/ }));
    expect(await row.innerText()).toContain(`Subscription: ${MANIFEST}`);

    // The publisher adds a month and renames the set: the status says what the reader has now.
    publish(
      [
        ['2024-03.pack', march],
        ['2024-04.pack', april],
      ],
      'Island and Skerry Wire',
    );
    publisher.requests.length = 0;
    await page.getByRole('button', { name: 'Update the subscription “Island Wire” now' }).click();
    await visible(status(page, 'Updated “Island and Skerry Wire”: 3 entries now (2 before).'));
    expect(publisher.requests).toEqual(['/wire/manifest.json', '/wire/2024-04.pack']);
    // Nothing new on the next update: it says so, and fetches no part.
    publisher.requests.length = 0;
    await page.getByRole('button', { name: 'Update the subscription “Island and Skerry Wire” now' }).click();
    await visible(status(page, '“Island and Skerry Wire” is up to date: 3 entries.'));
    expect(publisher.requests).toEqual(['/wire/manifest.json']);

    await search(page, 'Moss of Carran');
    await visible(status(page, /^1 entry matches “Moss of Carran”/));
    await search(page, 'Puffin burrows');
    await visible(status(page, /^1 entry matches “Puffin burrows”/));
    await page.close();
  });
});
