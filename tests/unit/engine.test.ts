import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledEntries } from '../../cli/engine';
import { Engine } from '../../lib/engine';
import { extractHtml } from '../../lib/extract/node';
import { entryFromArticle, writePack } from '../../lib/index';
import { IndexStore } from '../../lib/index/store';

// The background's engine over a real IndexedDB implementation (fake-indexeddb) and a real
// HTTP server for subscriptions: what survives a worker restart, what a failed refresh keeps.

const idf = readFileSync('assets/idf.bin');
let bundled: Uint8Array;
const demo = (name: string) => {
  const r = extractHtml(readFileSync(`demo/${name}.html`, 'utf8'), `http://127.0.0.1/${name}.html`);
  if (!r.ok) throw new Error(name);
  return r.article;
};
const tram = demo('unrelated');
let storeCount = 0;
const newStore = () => IndexStore.open(`test-${++storeCount}`);

/** A pack server whose answer the test controls, with ETag support. */
let served: { status: number; body: Uint8Array; etag: string } = { status: 200, body: new Uint8Array(), etag: '"v1"' };
let server: Server;
let base = '';

beforeAll(async () => {
  bundled = await writePack(bundledEntries(), 'bundled');
  served.body = await writePack(
    [entryFromArticle({ id: 'tram-1', title: 'Councillors back Riverside tram line', text: tram.text, publisher: 'Port Alder Post' })],
    'port-alder',
  );
  server = createServer((req, res) => {
    if (req.headers['if-none-match'] === served.etag) return void res.writeHead(304).end();
    res.writeHead(served.status, { etag: served.etag, 'content-type': 'application/octet-stream' });
    res.end(served.status === 200 ? Buffer.from(served.body) : 'server error');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server?.close());

describe('the index in the browser', () => {
  it('keeps a pasted original across a restart of the worker, and finds the page that copies it', async () => {
    const store = await newStore();
    const first = await Engine.create(bundled, idf, store);
    expect(first.checkArticle(tram.url!, tram)).toMatchObject({ state: 'done', matches: [] });
    const added = await first.addOriginal({
      title: 'Tram line approved',
      text: tram.text,
      publisher: 'Port Alder Post',
      published: '2023-04-01',
    });
    expect(added.ok).toBe(true);
    const restarted = await Engine.create(bundled, idf, store);
    const r = restarted.checkArticle('http://elsewhere.example/copy', { ...tram, siteName: 'Copycat Daily' });
    expect(r.state === 'done' && r.matches[0]).toMatchObject({ title: 'Tram line approved', verdict: 'likely-source' });
    expect(restarted.summary()).toMatchObject({ bundled: 1, user: 1, total: 2 });
  });

  it('refuses to add an original with markup in its title or too little text, and says why', async () => {
    const engine = await Engine.create(bundled, idf, await newStore());
    expect(await engine.addOriginal({ title: '<script>x</script>', text: tram.text })).toEqual({
      ok: false,
      error: '"title" contains markup, which a pack may not carry',
    });
    expect(await engine.addOriginal({ title: 'Short', text: 'Too short to index.' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/too short/),
    });
  });

  it('deletes a bundled entry so that it no longer matches, also after a restart', async () => {
    const store = await newStore();
    const engine = await Engine.create(bundled, idf, store);
    const copy = demo('derivative');
    expect(engine.checkArticle(copy.url!, copy)).toMatchObject({ matches: [{ verdict: 'likely-source' }] });
    expect(await engine.deleteEntry('bbc-2024-putin-vietnam')).toEqual({ ok: true, value: undefined });
    expect((await Engine.create(bundled, idf, store)).checkArticle(copy.url!, copy)).toMatchObject({ matches: [] });
  });

  it('lists and searches entries by title, publisher and date', async () => {
    const engine = await Engine.create(bundled, idf, await newStore());
    expect(engine.listEntries('', 0, 10).total).toBe(1);
    expect(engine.listEntries('vietnam bbc', 0, 10).rows[0]!.meta.author).toBe('Jonathan Head');
    expect(engine.listEntries('2024-06', 0, 10).total).toBe(1);
    expect(engine.listEntries('tram', 0, 10).total).toBe(0);
  });

  it("demotes a source below the user's threshold to related coverage", async () => {
    const engine = await Engine.create(bundled, idf, await newStore());
    const copy = demo('derivative');
    const r = engine.checkArticle(copy.url!, copy, { mode: 'auto', skipSites: [], threshold: 95, remote: null });
    expect(r).toMatchObject({ state: 'done', matches: [{ verdict: 'related' }] });
  });

  it('subscribes to a pack URL, refreshes it with a conditional request, and keeps the last good copy when a refresh fails', async () => {
    const store = await newStore();
    const engine = await Engine.create(bundled, idf, store);
    const sub = await engine.subscribe(`${base}/port-alder.pack`);
    expect(sub).toMatchObject({ ok: true, value: { name: 'port-alder', entries: 1, error: null } });
    const id = sub.ok ? sub.value.id : '';
    expect(engine.summary().total).toBe(2);

    const unchanged = await engine.refreshSubscription(id); // answered 304 Not Modified
    expect(unchanged.ok).toBe(true);

    served = { ...served, status: 500, etag: '"v2"' };
    const failed = await engine.refreshSubscription(id);
    expect(failed).toMatchObject({ ok: false, error: expect.stringMatching(/answered 500.*the last good copy is still used/) });
    expect(engine.summary().packs[0]).toMatchObject({ entries: 1, error: expect.stringMatching(/answered 500/) });

    const corrupted = served.body.slice();
    corrupted[corrupted.length - 1]! ^= 0xff;
    served = { status: 200, body: corrupted, etag: '"v3"' };
    expect(await engine.refreshSubscription(id)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/refused: the checksum does not match/),
    });
    const restarted = await Engine.create(bundled, idf, store);
    expect(restarted.checkArticle('http://copy.example/', { ...tram, siteName: 'Copy' })).toMatchObject({
      matches: [{ id: 'tram-1', verdict: 'likely-source' }],
    });
  });

  it('refuses a subscription that is unreachable or not a pack, and stores nothing', async () => {
    const store = await newStore();
    const engine = await Engine.create(bundled, idf, store);
    expect(await engine.subscribe('http://127.0.0.1:9/none.pack')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/could not be reached/),
    });
    expect(await engine.subscribe('ftp://example.org/x.pack')).toMatchObject({ ok: false, error: expect.stringMatching(/http/) });
    expect(await store.packs()).toEqual([]);
  });
});
