import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { openDB } from 'idb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundledEntries } from '../../cli/engine';
import { isQuotaError } from '../../components/options/storage';
import { packTables } from '../../lib/candidates';
import { Engine } from '../../lib/engine';
import type { Article } from '../../lib/extract';
import { entryFromArticle, readPack, scanPack, writePack, type Entry, type PackScan, type PackSource } from '../../lib/index';
import { storePackFile } from '../../lib/ingest/pack-file';
import { Idf } from '../../lib/match';
import { CHUNK, IndexStore, newPackRecord, PackWriter, type StoredPack } from '../../lib/storage/indexeddb';

// The options page's import of a pack file, over a real IndexedDB implementation
// (fake-indexeddb): written a run of entries at a time under a staging key, visible only
// once whole; a failure midway leaves the index as it was.

const idfBytes = readFileSync('assets/idf.bin');
const idf = Idf.fromBytes(idfBytes);
let bundled: Uint8Array;
let count = 0;
const newStore = () => IndexStore.open(`import-${++count}`);

const story = (i: number, edition: string) =>
  entryFromArticle({
    id: `${edition}-${i}`,
    title: `${edition}: harbour story ${i}`,
    text: `Harbour ${i} reopened to ferries on Monday after a storm in ${edition} damaged its pier and cut the timetable. The council paid for repairs. `.repeat(
      3,
    ),
    publisher: 'Gazette',
  });
const edition = (name: string, n: number): Entry[] => Array.from({ length: n }, (_, i) => story(i, name));

const source = (bytes: Uint8Array, failAfter = Infinity): PackSource => {
  let reads = 0;
  return {
    size: bytes.length,
    read: async (from, to) => {
      if (++reads > failAfter) throw new DOMException('The requested file could not be read', 'NotReadableError');
      return bytes.slice(from, to);
    },
  };
};

async function scanned(entries: Entry[], name: string): Promise<{ bytes: Uint8Array; scan: PackScan; record: StoredPack }> {
  const bytes = await writePack(entries, name);
  const r = await scanPack(source(bytes));
  if (!r.ok) throw new Error(r.error);
  return { bytes, scan: r.scan, record: newPackRecord({ id: 'pack/desk', name, url: null, size: bytes.length, entries: entries.length }) };
}

/** Every key data is stored under, in every store that holds pack data. */
async function dataKeys(name: string): Promise<string[]> {
  const db = await openDB(name);
  const keys = new Set<string>((await db.getAllKeys('tables')).map(String));
  for (const s of ['keyChunks', 'metas', 'sketches']) for (const k of await db.getAllKeys(s)) keys.add((k as [string, number])[0]);
  db.close();
  return [...keys].sort();
}

/** What a reader sees of the index: the summary, the listed titles, and a check of a copy of "spring" story 70. */
async function seen(store: IndexStore) {
  const engine = await Engine.create(bundled, idfBytes, store);
  const text =
    `Harbour 70 reopened to ferries on Monday after a storm in spring damaged its pier and cut the timetable. The council paid for repairs. `.repeat(
      3,
    );
  const page: Article = {
    title: 'spring: harbour story 70',
    byline: null,
    siteName: null,
    published: null,
    lang: 'en',
    url: 'http://copy.example/x',
    text,
    paragraphs: [text],
  };
  const check = await engine.checkArticle(page.url!, page);
  return {
    summary: engine.summary(),
    titles: (await engine.listEntries('', 0, 500)).rows.map((r) => (r.also ? `${r.meta.title}, also elsewhere` : r.meta.title)),
    matches: check.state === 'done' ? check.matches.map((m) => [m.id, m.verdict, m.overlap]) : check.state,
  };
}

/** Moves a stored pack's data under its id and drops the record's data key: a database written before staged writes. */
async function asWrittenBefore(name: string, packId: string): Promise<void> {
  const db = await openDB(name);
  const record = await db.get('packs', packId);
  const key = record.data as string;
  const tx = db.transaction(['packs', 'tables', 'keyChunks', 'metas', 'sketches'], 'readwrite');
  const head = await tx.objectStore('tables').get(key);
  await tx.objectStore('tables').delete(key);
  await tx.objectStore('tables').put({ ...head, id: packId });
  for (const s of ['keyChunks', 'metas', 'sketches'] as const) {
    const range = IDBKeyRange.bound([key, 0], [key, Infinity]);
    for (const v of await tx.objectStore(s).getAll(range)) await tx.objectStore(s).put({ ...v, pack: packId });
    await tx.objectStore(s).delete(range);
  }
  delete record.data;
  await tx.objectStore('packs').put(record);
  await tx.done;
  db.close();
}

beforeAll(async () => {
  bundled = await writePack(bundledEntries(), 'bundled');
});
afterEach(() => vi.restoreAllMocks());

describe('importing a pack file a run of entries at a time', () => {
  it('stores what a whole-pack write stores, and checks give the same answers', async () => {
    const entries = edition('spring', 150);
    const { bytes, scan, record } = await scanned(entries, 'Desk');
    const sliced = await newStore();
    await storePackFile(sliced, source(bytes), scan, record, idf, 2 * CHUNK);
    const whole = await newStore();
    const read = await readPack(bytes);
    if (!read.ok) throw new Error(read.error);
    await whole.putPack(record, read.pack.entries, packTables(read.pack.entries, idf));
    const a = await seen(sliced);
    expect((a.matches as unknown[][])[0]).toEqual(['spring-70', 'likely-source', expect.any(Number)]);
    expect(a.titles).toHaveLength(151);
    expect(a).toEqual(await seen(whole));
    const ns = Array.from({ length: 150 }, (_, i) => i);
    expect(await sliced.packEntries('pack/desk', ns)).toEqual(await whole.packEntries('pack/desk', ns));
  });

  it('replaces a pack of the same id whole, and drops its old data, also one stored the old way', async () => {
    const store = await newStore();
    const spring = edition('spring', 90);
    const record = newPackRecord({ id: 'pack/desk', name: 'Desk', url: null, size: 1, entries: 90 });
    await store.putPack(record, spring, packTables(spring, idf));
    await asWrittenBefore(`import-${count}`, 'pack/desk');
    expect(await dataKeys(`import-${count}`)).toEqual(['pack/desk']);
    const before = await seen(store);
    expect(before.titles).toHaveLength(91);
    expect((before.matches as unknown[][])[0]).toEqual(['spring-70', 'likely-source', expect.any(Number)]);
    const summer = await scanned(edition('summer', 40), 'Desk');
    await storePackFile(store, source(summer.bytes), summer.scan, summer.record, idf, CHUNK);
    const after = await seen(store);
    expect(after.titles).toHaveLength(41);
    expect(after.titles).toContain('summer: harbour story 3');
    expect((after.matches as string[][]).filter((m) => m[0]!.startsWith('spring'))).toEqual([]);
    const keys = await dataKeys(`import-${count}`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toBe('pack/desk');
  });

  it('leaves the index as it was when storage runs out midway, and says the disk is full', async () => {
    const store = await newStore();
    const spring = await scanned(edition('spring', 90), 'Desk');
    await storePackFile(store, source(spring.bytes), spring.scan, spring.record, idf, CHUNK);
    const before = await seen(store);
    const keys = await dataKeys(`import-${count}`);
    const put = PackWriter.prototype.putEntries;
    let runs = 0;
    vi.spyOn(PackWriter.prototype, 'putEntries').mockImplementation(async function (this: PackWriter, from, entries) {
      if (++runs === 3) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.call(this, from, entries);
    });
    const summer = await scanned(edition('summer', 60), 'Desk');
    const error = await storePackFile(store, source(summer.bytes), summer.scan, summer.record, idf, CHUNK).catch((e: unknown) => e);
    expect(isQuotaError(error)).toBe(true);
    expect(await seen(store)).toEqual(before);
    expect(await dataKeys(`import-${count}`)).toEqual(keys);
  });

  it('leaves the index as it was when the file cannot be read again midway, with the reason', async () => {
    const store = await newStore();
    const spring = await scanned(edition('spring', 90), 'Desk');
    await storePackFile(store, source(spring.bytes), spring.scan, spring.record, idf, CHUNK);
    const before = await seen(store);
    const keys = await dataKeys(`import-${count}`);
    const summer = await scanned(edition('summer', 60), 'Desk');
    // Five reads a run: the third run fails, as Chromium fails a File changed since it was chosen.
    const error = await storePackFile(store, source(summer.bytes, 12), summer.scan, summer.record, idf, CHUNK).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'NotReadableError', message: 'The requested file could not be read' });
    expect(await seen(store)).toEqual(before);
    expect(await dataKeys(`import-${count}`)).toEqual(keys);
  });

  it('sweeps at start-up what an import that stopped midway left, but not an import under way', async () => {
    const store = await newStore();
    const spring = await scanned(edition('spring', 40), 'Desk');
    await storePackFile(store, source(spring.bytes), spring.scan, spring.record, idf, CHUNK);
    const live = await dataKeys(`import-${count}`);
    const before = await seen(store);
    // The options page closed after two runs of the same pack imported again: its entries
    // are not listed twice meanwhile.
    const stopped = store.packWriter('pack/desk');
    const summer = edition('summer', 64);
    await stopped.putEntries(0, edition('spring', 32));
    expect(await dataKeys(`import-${count}`)).toHaveLength(2);
    // A worker starting meanwhile leaves it: it may be an import still running.
    expect(await seen(store)).toEqual(before);
    expect(await dataKeys(`import-${count}`)).toHaveLength(2);
    // An hour later it is swept; the pack in use is not.
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 61 * 60_000);
    expect(await seen(store)).toEqual(before);
    expect(await dataKeys(`import-${count}`)).toEqual(live);
    // Had the import gone on after that, it could not make a partial pack visible.
    vi.restoreAllMocks();
    await stopped.putEntries(32, summer.slice(32));
    await expect(stopped.commit({ ...spring.record, entries: 64 }, packTables(summer, idf))).rejects.toThrow(/interrupted/);
    expect(before.titles).toHaveLength(41);
    expect(await seen(store)).toEqual(before);
  });
});
