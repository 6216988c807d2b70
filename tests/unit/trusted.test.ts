import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundledEntries } from '../../cli/engine';
import { Engine } from '../../lib/engine';
import { extractHtml } from '../../lib/extract/node';
import { writePack } from '../../lib/index';
import { IndexStore } from '../../lib/storage/indexeddb';
import { canonicalAddress, notKept, readEntry } from '../../lib/ingest/trusted';
import { listedSite } from '../../lib/settings';

// Originals read on trusted sites, over a real IndexedDB implementation (fake-indexeddb):
// kept once per canonical address, updated when the article changes, capped, and found
// when a copy turns up elsewhere.

const idf = readFileSync('assets/idf.bin');
let bundled: Uint8Array;
let stores = 0;
const newStore = () => IndexStore.open(`trusted-${++stores}`);
const page = (url: string, canonical?: string) => {
  const html = readFileSync('demo/unrelated.html', 'utf8').replace(
    /<link rel="canonical"[^>]*>/,
    canonical ? `<link rel="canonical" href="${canonical}">` : '',
  );
  const r = extractHtml(html, url);
  if (!r.ok) throw new Error('demo/unrelated.html: no article');
  return r.article;
};
const tram = page('https://www.portalder.example/news/tram?utm_source=feed#comments', '/news/tram');

beforeAll(async () => {
  bundled = await writePack(bundledEntries(), 'bundled');
});

describe('trusted sites', () => {
  it('recognise a listed site and its subdomains, and only the listed port', () => {
    expect(listedSite('https://www.bbc.co.uk/news/world-1', ['reuters.com', 'bbc.co.uk'])).toBe('bbc.co.uk');
    expect(listedSite('https://news.bbc.co.uk/x', ['bbc.co.uk'])).toBe('bbc.co.uk');
    expect(listedSite('https://notbbc.co.uk/x', ['bbc.co.uk'])).toBeNull();
    expect(listedSite('http://127.0.0.1:8903/a', ['127.0.0.1:8903'])).toBe('127.0.0.1:8903');
    expect(listedSite('http://127.0.0.1:8904/a', ['127.0.0.1:8903'])).toBeNull();
    expect(listedSite('file:///home/a.html', ['home'])).toBeNull();
  });

  it('keep an article under its address without the fragment and tracking parameters', () => {
    expect(canonicalAddress('https://Example.com/a?id=7&utm_source=x&fbclid=y#top')).toBe('https://example.com/a?id=7');
    expect(readEntry(tram, 'https://www.portalder.example/news/tram', 'portalder.example')!.meta).toMatchObject({
      id: 'read:https://www.portalder.example/news/tram',
      url: 'https://www.portalder.example/news/tram',
      original: true,
    });
  });
});

describe('an article read on a trusted site', () => {
  it('is kept as an original once, and a copy of it elsewhere names it as its likely source, also after a restart', async () => {
    const store = await newStore();
    const engine = await Engine.create(bundled, idf, store);
    const entry = readEntry(tram, tram.url!, 'portalder.example')!;
    expect(await engine.recordRead(entry, 'portalder.example')).toEqual({ status: 'added', site: 'portalder.example' });
    expect(await engine.recordRead(readEntry(tram, tram.url!, 'portalder.example')!, 'portalder.example')).toEqual({
      status: 'unchanged',
      site: 'portalder.example',
    });
    const restarted = await Engine.create(bundled, idf, store);
    expect(restarted.summary()).toMatchObject({ bundled: 1, read: 1, total: 2 });
    const copy = await restarted.checkArticle('https://copycat.example/tram', { ...tram, siteName: 'Copycat Daily' });
    expect(copy.state === 'done' && copy.matches[0]).toMatchObject({
      url: 'https://www.portalder.example/news/tram',
      verdict: 'likely-source',
      original: true,
    });
    // On its own page it is the original itself, not a copy of it.
    const itself = await restarted.checkArticle(tram.url!, tram);
    expect(itself).toMatchObject({ state: 'done', self: { url: 'https://www.portalder.example/news/tram' }, matches: [] });
  });

  it('is listed under the site it was read on, and stored without its text', async () => {
    const store = await newStore();
    const engine = await Engine.create(bundled, idf, store);
    await engine.recordRead(readEntry(tram, tram.url!, 'portalder.example')!, 'portalder.example');
    const { rows } = await engine.listEntries('tram', 0, 10);
    expect(rows).toEqual([expect.objectContaining({ origin: { kind: 'read', site: 'portalder.example' } })]);
    const stored = JSON.stringify(await store.readRecords()) + JSON.stringify(await store.readEntries([rows[0]!.meta.id]));
    const sentence = tram.paragraphs[1]!.split(/(?<=\.)\s/)[0]!;
    expect(sentence.length).toBeGreaterThan(20);
    expect(stored).not.toContain(sentence.slice(0, 20));
  });

  it('is updated when the article changed since it was read', async () => {
    const engine = await Engine.create(bundled, idf, await newStore());
    await engine.recordRead(readEntry(tram, tram.url!, 'portalder.example')!, 'portalder.example');
    const changed = { ...tram, text: `${tram.text}\n\nUpdate: the council confirmed the timetable for the first trams on Monday evening.` };
    expect(await engine.recordRead(readEntry(changed, tram.url!, 'portalder.example')!, 'portalder.example')).toMatchObject({
      status: 'updated',
    });
    expect(engine.summary()).toMatchObject({ read: 1, total: 2 });
  });

  it('drops the oldest read first beyond the cap, also when the cap is lowered, and clearing forgets them all', async () => {
    const engine = await Engine.create(bundled, idf, await newStore());
    for (const n of [1, 2, 3]) {
      const at = `https://portalder.example/news/tram-${n}`;
      await engine.recordRead(readEntry({ ...tram, canonical: at }, at, 'portalder.example')!, 'portalder.example', 2);
      await new Promise((r) => setTimeout(r, 5));
    }
    const urls = (await engine.listEntries('portalder', 0, 10)).rows.map((r) => r.meta.url).sort();
    expect(urls).toEqual(['https://portalder.example/news/tram-2', 'https://portalder.example/news/tram-3']);
    // The reader lowers the cap: it applies at once, the oldest read going first.
    expect(await engine.trimRead(1)).toBe(1);
    expect((await engine.listEntries('portalder', 0, 10)).rows.map((r) => r.meta.url)).toEqual(['https://portalder.example/news/tram-3']);
    expect(await engine.clearRead()).toEqual({ ok: true, value: { cleared: 1 } });
    expect(engine.summary()).toMatchObject({ read: 0, total: 1 });
    const copy = await engine.checkArticle('https://copycat.example/tram', tram);
    expect(copy).toMatchObject({ state: 'done', matches: [] });
  });

  it('is added once when two tabs of it are read at the same moment', async () => {
    const engine = await Engine.create(bundled, idf, await newStore());
    const read = () => engine.recordRead(readEntry(tram, tram.url!, 'portalder.example')!, 'portalder.example');
    const outcomes = await Promise.all([read(), read()]);
    expect(outcomes.map((o) => o.status)).toEqual(['added', 'unchanged']);
    expect(engine.summary()).toMatchObject({ read: 1, total: 2 });
  });

  it('is not kept when the check found it taken from an indexed article, or found it indexed already', async () => {
    const engine = await Engine.create(bundled, idf, await newStore());
    const site = 'portalder.example';
    const entry = readEntry(tram, tram.url!, site)!;
    expect(await engine.recordRead(entry, site)).toMatchObject({ status: 'added' });
    // The same story republished on another trusted site: the check names its source, so it is not an original.
    const elsewhere = 'https://trusted-too.example/tram';
    const republished = await engine.checkArticle(elsewhere, { ...tram, url: elsewhere, siteName: 'Trusted Too' });
    expect(notKept(republished, readEntry(tram, elsewhere, 'trusted-too.example')!, 'trusted-too.example')).toEqual({
      status: 'taken',
      site: 'trusted-too.example',
    });
    // The original read again at an address with a page number: it is the indexed article itself.
    const paged = 'https://www.portalder.example/news/tram?page=1';
    const again = await engine.checkArticle(paged, { ...tram, canonical: null, url: paged });
    expect(notKept(again, readEntry({ ...tram, canonical: null }, paged, site)!, site)).toEqual({ status: 'indexed', site });
    // The same address: kept (the engine says whether it changed).
    expect(notKept(await engine.checkArticle(tram.url!, tram), entry, site)).toBeNull();
  });

  it('can be deleted like any entry', async () => {
    const engine = await Engine.create(bundled, idf, await newStore());
    const entry = readEntry(tram, tram.url!, 'portalder.example')!;
    await engine.recordRead(entry, 'portalder.example');
    expect(await engine.deleteEntry(entry.meta.id)).toEqual({ ok: true, value: { undoable: false } });
    expect(engine.summary()).toMatchObject({ read: 0, total: 1 });
    expect((await engine.listEntries('tram', 0, 10)).total).toBe(0);
  });
});
