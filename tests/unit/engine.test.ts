import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledEntries } from '../../cli/engine';
import { Engine } from '../../lib/engine';
import { extractHtml } from '../../lib/extract/node';
import { openDB } from 'idb';
import { packTables } from '../../lib/candidates';
import { entryFromArticle, readPack, writePack } from '../../lib/index';
import { Idf } from '../../lib/match';
import { IndexStore, newPackRecord } from '../../lib/storage/indexeddb';
import { DEFAULT_SETTINGS } from '../../lib/settings';

// The background's engine over a real IndexedDB implementation (fake-indexeddb) and a real
// HTTP server for subscriptions: what survives a worker restart, what a failed refresh keeps.

const idf = readFileSync('assets/idf.bin');
let bundled: Uint8Array;
/** A pack of one entry: the tram article, as the Port Alder Post published it. */
let portAlder: Uint8Array;
const demo = (name: string) => {
  const r = extractHtml(readFileSync(`demo/${name}.html`, 'utf8'), `http://127.0.0.1/${name}.html`);
  if (!r.ok) throw new Error(name);
  return r.article;
};
const tram = demo('unrelated');
/** An independent report of the visit the bundled BBC original tells, written for these tests. */
const INDEPENDENT_REPORT = [
  'Vladimir Putin arrived in Hanoi on Thursday for a two-day state visit, his first trip to Vietnam since 2017, shortly after meeting Kim Jong Un in Pyongyang.',
  "Vietnamese officials gave the Russian president a formal welcome at the Presidential Palace, where he met To Lam, the country's new president, and signed about a dozen agreements on energy, education and science.",
  'Washington criticised the visit. A spokesman for the US embassy said no country should give Mr Putin a platform to promote his war against Ukraine.',
  'Vietnam has long bought most of its weapons from Moscow, and many of its leaders studied in the Soviet Union. But the United States is now its largest export market, and Hanoi upgraded relations with Washington last year.',
  'Analysts in Hanoi said the government wanted to show it could keep friendly relations with all the major powers at once, a policy officials describe as bamboo diplomacy.',
].join('\n\n');
let storeCount = 0;
const newStore = () => IndexStore.open(`test-${++storeCount}`);
/** The Port Alder pack as the options page stores it after an import. */
const PORT_ALDER = newPackRecord({ id: 'pack/port-alder', name: 'port-alder', url: null, size: 1, entries: 1 });
async function storeWithPortAlder(): Promise<IndexStore> {
  const store = await newStore();
  const read = await readPack(portAlder);
  if (!read.ok) throw new Error(read.error);
  await store.putPack(PORT_ALDER, read.pack.entries, packTables(read.pack.entries, Idf.fromBytes(idf)));
  return store;
}

/** A pack server whose answer the test controls, with ETag support. */
let served: { status: number; body: Uint8Array; etag: string } = { status: 200, body: new Uint8Array(), etag: '"v1"' };
let server: Server;
let base = '';

beforeAll(async () => {
  bundled = await writePack(bundledEntries(), 'bundled');
  served.body = portAlder = await writePack(
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
    expect(await first.checkArticle(tram.url!, tram)).toMatchObject({ state: 'done', matches: [] });
    const added = await first.addOriginal({
      title: 'Tram line approved',
      text: tram.text,
      publisher: 'Port Alder Post',
      published: '2023-04-01',
    });
    expect(added.ok).toBe(true);
    const restarted = await Engine.create(bundled, idf, store);
    const r = await restarted.checkArticle('http://elsewhere.example/copy', { ...tram, siteName: 'Copycat Daily' });
    expect(r.state === 'done' && r.matches[0]).toMatchObject({ title: 'Tram line approved', verdict: 'likely-source' });
    expect(restarted.summary()).toMatchObject({ bundled: 1, user: 1, total: 2 });
  });

  it('refuses to add an original with markup in its title or too little text, and says why', async () => {
    const engine = await Engine.create(bundled, idf, await newStore());
    expect(await engine.addOriginal({ title: '<script>x</script>', text: tram.text })).toEqual({
      ok: false,
      error: 'The title cannot hold markup such as <b> or <script>.',
    });
    expect(await engine.addOriginal({ title: 'Short', text: 'Too short to index.' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/too short/),
    });
  });

  it('adds the same article (same address, same text) once: the second time, also confirmed, it says it is in the index already', async () => {
    const store = await newStore();
    const engine = await Engine.create(bundled, idf, store);
    const article = { title: 'Tram line approved', url: 'https://port-alder.example/tram', text: tram.text };
    expect((await engine.addOriginal(article)).ok).toBe(true);
    const again = { ok: false, error: 'This article is already in your index: “Tram line approved”.' };
    expect(await engine.addOriginal({ ...article, unlessResembling: true })).toEqual(again);
    expect(await engine.addOriginal(article)).toEqual(again);
    // Also after a restart of the worker, the user's entries read back from storage.
    expect(await (await Engine.create(bundled, idf, store)).addOriginal(article)).toEqual(again);
    expect(engine.summary()).toMatchObject({ user: 1 });
    // The same text at another address is another page: the "resembles" question decides.
    expect(await engine.addOriginal({ ...article, url: 'https://elsewhere.example/tram', unlessResembling: true })).toMatchObject({
      resembles: 'Tram line approved',
    });
  });

  it('asks before adding an article taken from an indexed one, not before adding related coverage of the same event', async () => {
    const engine = await Engine.create(bundled, idf, await newStore());
    const rewrite = demo('derivative');
    expect(await engine.addOriginal({ title: rewrite.title, text: rewrite.text, unlessResembling: true })).toMatchObject({
      ok: false,
      resembles: 'Putin in Vietnam: An old friendship that refuses to die',
    });
    // Dated before its source, the rewrite does not name it as its source, but is no original to add unasked:
    // a copy's own date can be backdated.
    const backdated = { title: rewrite.title, text: rewrite.text, published: '2024-06-01' };
    const seenBackdated = await engine.checkArticle('', { ...rewrite, published: backdated.published });
    expect(seenBackdated.state === 'done' && seenBackdated.matches[0]).toMatchObject({ verdict: 'related', publishedAfterPage: true });
    expect(await engine.addOriginal({ ...backdated, unlessResembling: true })).toMatchObject({
      ok: false,
      resembles: 'Putin in Vietnam: An old friendship that refuses to die',
    });
    // An independent report of the visit, written for this test: the check lists the BBC
    // original as related coverage, which says nothing of copying.
    const report = {
      title: 'Russian leader visits Hanoi as Vietnam balances ties with the West',
      text: INDEPENDENT_REPORT,
      lang: 'en',
    };
    const seen = await engine.checkArticle('', {
      ...report,
      paragraphs: report.text.split('\n\n'),
      url: null,
      siteName: null,
      byline: null,
      published: null,
    });
    expect(seen.state === 'done' && seen.matches.map((m) => [m.title, m.verdict])).toEqual([
      ['Putin in Vietnam: An old friendship that refuses to die', 'related'],
    ]);
    expect(await engine.addOriginal({ ...report, unlessResembling: true })).toMatchObject({ ok: true });
  });

  it("restores every own entry deleted since the worker started, with the bundled index's, where Undo names only the last", async () => {
    const engine = await Engine.create(bundled, idf, await newStore());
    const own = [
      { title: 'Tram line approved', text: tram.text },
      { title: 'Russian leader visits Hanoi', text: INDEPENDENT_REPORT },
    ];
    const ids = [];
    for (const o of own) {
      const added = await engine.addOriginal(o);
      if (!added.ok) throw new Error(added.error);
      ids.push(added.value.id);
    }
    for (const id of [...ids, 'bbc-2024-putin-vietnam']) expect((await engine.deleteEntry(id)).ok).toBe(true);
    expect(engine.summary()).toMatchObject({ user: 0, bundled: 0, deleted: 3 });
    expect(await engine.restoreDeleted()).toEqual({ ok: true, value: { restored: 3 } });
    expect(engine.summary()).toMatchObject({ user: 2, bundled: 1, deleted: 0 });
    const copy = await engine.checkArticle('http://elsewhere.example/copy', { ...tram, siteName: 'Copycat Daily' });
    expect(copy.state === 'done' && copy.matches[0]).toMatchObject({ title: 'Tram line approved', verdict: 'likely-source' });
  });

  it('says so when an identical copy of a deleted entry is still indexed, instead of saying it no longer matches', async () => {
    const engine = await Engine.create(bundled, idf, await storeWithPortAlder());
    const added = await engine.addOriginal({ title: 'Tram line approved', text: tram.text });
    if (!added.ok) throw new Error(added.error);
    expect(await engine.deleteEntry(added.value.id)).toEqual({
      ok: true,
      value: { undoable: true, stillIn: 'Councillors back Riverside tram line' },
    });
    const copy = await engine.checkArticle('http://elsewhere.example/copy', { ...tram, siteName: 'Copycat Daily' });
    expect(copy.state === 'done' && copy.matches[0]).toMatchObject({
      title: 'Councillors back Riverside tram line',
      verdict: 'likely-source',
    });
    // The last copy gone, nothing is said to remain.
    expect(await engine.deleteEntry('tram-1')).toEqual({ ok: true, value: { undoable: false } });
  });

  it("undoes the deletion of the reader's own entry, which then matches again, also after a restart", async () => {
    const store = await newStore();
    const engine = await Engine.create(bundled, idf, store);
    const added = await engine.addOriginal({ title: 'Tram line approved', text: tram.text, publisher: 'Port Alder Post' });
    if (!added.ok) throw new Error(added.error);
    const copy = { ...tram, siteName: 'Copycat Daily' };
    expect(await engine.deleteEntry(added.value.id)).toEqual({ ok: true, value: { undoable: true } });
    expect(await engine.checkArticle('http://elsewhere.example/copy', copy)).toMatchObject({ matches: [] });
    expect(await engine.undoDelete(added.value.id)).toEqual({ ok: true, value: { title: 'Tram line approved' } });
    expect(await engine.undoDelete(added.value.id)).toMatchObject({ ok: false });
    const restarted = await Engine.create(bundled, idf, store);
    const r = await restarted.checkArticle('http://elsewhere.example/copy', copy);
    expect(r.state === 'done' && r.matches[0]).toMatchObject({ title: 'Tram line approved', verdict: 'likely-source' });
    expect(restarted.summary()).toMatchObject({ user: 1 });
    // A restarted worker holds no deleted entry: it says the deletion can no longer be undone.
    await restarted.deleteEntry(added.value.id);
    expect(await (await Engine.create(bundled, idf, store)).undoDelete(added.value.id)).toEqual({
      ok: false,
      error: 'This deletion can no longer be undone: the extension has restarted since.',
    });
  });

  it('deletes a bundled entry so that it no longer matches, also after a restart', async () => {
    const store = await newStore();
    const engine = await Engine.create(bundled, idf, store);
    const copy = demo('derivative');
    expect(await engine.checkArticle(copy.url!, copy)).toMatchObject({ matches: [{ verdict: 'likely-source' }] });
    expect(await engine.deleteEntry('bbc-2024-putin-vietnam')).toEqual({ ok: true, value: { undoable: false } });
    const restarted = await Engine.create(bundled, idf, store);
    expect(await restarted.checkArticle(copy.url!, copy)).toMatchObject({ matches: [] });
    expect(restarted.summary()).toMatchObject({ bundled: 0, deleted: 1, total: 0 });
    // Restoring brings it back.
    expect(await restarted.restoreDeleted()).toEqual({ ok: true, value: { restored: 1 } });
    expect(restarted.summary()).toMatchObject({ bundled: 1, deleted: 0, total: 1 });
    expect(await restarted.checkArticle(copy.url!, copy)).toMatchObject({ matches: [{ verdict: 'likely-source' }] });
  });

  it('lists and searches entries by title, publisher and date', async () => {
    const engine = await Engine.create(bundled, idf, await newStore());
    expect((await engine.listEntries('', 0, 10)).total).toBe(1);
    expect((await engine.listEntries('vietnam bbc', 0, 10)).rows[0]!.meta.author).toBe('Jonathan Head');
    expect((await engine.listEntries('2024-06', 0, 10)).total).toBe(1);
    expect((await engine.listEntries('tram', 0, 10)).total).toBe(0);
  });

  it("demotes a source below the user's threshold to related coverage", async () => {
    const engine = await Engine.create(bundled, idf, await newStore());
    const copy = demo('derivative');
    const r = await engine.checkArticle(copy.url!, copy, { ...DEFAULT_SETTINGS, threshold: 95 });
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
    expect(await restarted.checkArticle('http://copy.example/', { ...tram, siteName: 'Copy' })).toMatchObject({
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

  it('lists, searches and deletes the entries of an imported pack, which live in IndexedDB', async () => {
    const store = await storeWithPortAlder();
    const engine = await Engine.create(bundled, idf, store);
    expect(await engine.listEntries('riverside', 0, 10)).toEqual({
      total: 1,
      rows: [{ meta: expect.objectContaining({ id: 'tram-1' }), origin: { kind: 'pack', packId: 'pack/port-alder', pack: 'port-alder' } }],
    });
    const copy = { ...tram, siteName: 'Copy' };
    expect(await engine.checkArticle('http://copy.example/', copy)).toMatchObject({
      matches: [{ id: 'tram-1', publisher: 'Port Alder Post' }],
    });
    expect(await engine.deleteEntry('tram-1')).toEqual({ ok: true, value: { undoable: false } });
    expect(await engine.checkArticle('http://copy.example/', copy)).toMatchObject({ matches: [] });
    expect((await engine.listEntries('', 0, 10)).total).toBe(1); // the bundled original is left
    const restarted = await Engine.create(bundled, idf, store);
    expect(await restarted.checkArticle('http://copy.example/', copy)).toMatchObject({ matches: [] });
    expect(restarted.summary()).toMatchObject({ total: 1, bundled: 1, packs: [{ entries: 0 }] }); // counts leave deleted entries out
  });

  it('takes apart a pack that the first version of the database stored whole, and keeps finding its entries', async () => {
    const name = `test-${++storeCount}`;
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        for (const s of ['packs', 'user', 'hidden']) db.createObjectStore(s, { keyPath: 'id' });
      },
    });
    const now = new Date().toISOString();
    await v1.put('packs', {
      id: 'pack/port-alder',
      name: 'port-alder',
      url: null,
      bytes: portAlder,
      entries: 1,
      enabled: true,
      added: now,
      updated: now,
      error: null,
      etag: null,
      lastModified: null,
    });
    v1.close();
    const store = await IndexStore.open(name);
    const engine = await Engine.create(bundled, idf, store);
    expect(await engine.checkArticle('http://copy.example/', { ...tram, siteName: 'Copy' })).toMatchObject({ matches: [{ id: 'tram-1' }] });
    expect(await store.pack('pack/port-alder')).toMatchObject({ size: portAlder.length, entries: 1 });
    expect(await store.pack('pack/port-alder')).not.toHaveProperty('bytes');
    expect(engine.summary()).toMatchObject({ total: 2, packs: [{ name: 'port-alder', error: null }] });
  });

  it('stores a pack in chunks and reads back any entry, page of metadata or id', async () => {
    const store = await newStore();
    const one = entryFromArticle({ id: 'x', title: 'Tram', text: tram.text });
    const entries = Array.from({ length: 50 }, (_, i) => ({ ...one, meta: { ...one.meta, id: `wire/${i}`, title: `Bulletin ${i}` } }));
    const record = newPackRecord({ id: 'pack/wire', name: 'wire', url: null, size: 1, entries: 50 });
    await store.putPack(record, entries, packTables(entries, Idf.fromBytes(idf)));
    const got = await store.packEntries('pack/wire', [49, 0, 17, 16, 50]);
    expect(got.map((e) => e?.meta.title)).toEqual(['Bulletin 49', 'Bulletin 0', 'Bulletin 17', 'Bulletin 16', undefined]);
    expect(Array.from(got[0]!.fingerprint.terms)).toEqual(Array.from(one.fingerprint.terms));
    const pages = [
      ...(await store.packMetas('pack/wire', 0, 20)),
      ...(await store.packMetas('pack/wire', 20, 20)),
      ...(await store.packMetas('pack/wire', 40, 20)),
    ];
    expect(pages.map((r) => r.n)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(await store.findInPacks('wire/33')).toEqual([['pack/wire', 33]]);
    const engine = await Engine.create(bundled, idf, store);
    const page = await engine.listEntries('bulletin', 30, 5);
    expect(page.total).toBe(50);
    expect(page.rows.map((r) => r.meta.title)).toEqual(['Bulletin 30', 'Bulletin 31', 'Bulletin 32', 'Bulletin 33', 'Bulletin 34']);
  });

  it('reads no candidate tables when it starts, only the chunks a check needs', async () => {
    const store = await storeWithPortAlder();
    const asked: number[][] = [];
    const tableChunks = store.tableChunks.bind(store);
    store.tableChunks = (packId, cs) => (asked.push([...cs]), tableChunks(packId, cs));
    const engine = await Engine.create(bundled, idf, store);
    expect(asked).toEqual([]);
    expect(await engine.checkArticle('http://copy.example/', { ...tram, siteName: 'Copy' })).toMatchObject({ matches: [{ id: 'tram-1' }] });
    expect(asked).toHaveLength(1);
    expect(asked[0]!.length).toBeGreaterThan(0);
  });

  it('keeps finding what an earlier version stored: LSH-band tables are built again, read originals get their keys', async () => {
    const store = await storeWithPortAlder();
    // What versions before candidate keys stored: LSH tables of 64 one-row bands, and read
    // originals with a band mask in place of their keys.
    const legacyTables = {
      id: PORT_ALDER.id,
      bands: 64,
      count: 1,
      bucketBits: 8,
      idBits: 1,
      starts: new Uint32Array(65),
      offsets: new Uint32Array(64 * 257),
      postings: new Uint32Array(0),
    };
    const db = await openDB(`test-${storeCount}`);
    await db.put('tables', legacyTables);
    const river = extractHtml(readFileSync('demo/original.html', 'utf8'), 'https://news.example/original.html');
    if (!river.ok) throw new Error('demo/original.html');
    const readOriginal = entryFromArticle({
      id: 'https://news.example/original.html',
      title: river.article.title,
      text: river.article.text,
    });
    await store.putRead(
      { id: readOriginal.meta.id, site: 'news.example', readAt: '2026-01-01T00:00:00Z', meta: readOriginal.meta },
      readOriginal,
    );
    db.close();
    const engine = await Engine.create(bundled, idf, store);
    expect(engine.summary()).toMatchObject({ packs: [{ name: 'port-alder', error: null }], read: 1 });
    expect(await engine.checkArticle('http://copy.example/', { ...tram, siteName: 'Copy' })).toMatchObject({ matches: [{ id: 'tram-1' }] });
    expect(await store.tables(PORT_ALDER.id)).toMatchObject({ format: expect.any(Number), count: 1 });
    // The read original is the bundled demo original again: found, and listed as its duplicate.
    const copy = { ...river.article, siteName: 'Copy' };
    expect(await engine.checkArticle('http://copy.example/river', copy)).toMatchObject({
      matches: [{ id: 'bbc-2024-putin-vietnam', duplicates: ['https://news.example/original.html'] }],
    });
  });
});

describe('an entry in two packs', () => {
  it('is listed once, with both origins (a pack imported from a file and subscribed by URL)', async () => {
    const store = await newStore();
    const read = await readPack(portAlder);
    if (!read.ok) throw new Error(read.error);
    const tables = packTables(read.pack.entries, Idf.fromBytes(idf));
    await store.putPack(
      newPackRecord({ id: 'pack/port-alder', name: 'port-alder', url: null, size: 1, entries: 1 }),
      read.pack.entries,
      tables,
    );
    await store.putPack(
      newPackRecord({ id: 'subscription/https://pack.example/p', name: 'port-alder', url: 'https://pack.example/p', size: 1, entries: 1 }),
      read.pack.entries,
      tables,
    );
    const engine = await Engine.create(bundled, idf, store);
    const list = await engine.listEntries('riverside', 0, 10);
    expect(list).toEqual({
      total: 1,
      rows: [
        {
          meta: expect.objectContaining({ id: 'tram-1' }),
          origin: { kind: 'pack', packId: 'pack/port-alder', pack: 'port-alder' },
          also: [{ kind: 'pack', packId: 'subscription/https://pack.example/p', pack: 'port-alder' }],
        },
      ],
    });
    expect((await engine.listEntries('', 0, 10)).total).toBe(2); // it and the bundled original
    expect(await engine.deleteEntry('tram-1')).toEqual({ ok: true, value: { undoable: false } });
    expect((await engine.listEntries('riverside', 0, 10)).total).toBe(0);
  });
});
