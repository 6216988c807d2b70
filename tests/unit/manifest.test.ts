import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundledEntries } from '../../cli/engine';
import { Engine } from '../../lib/engine';
import { entryFromArticle, parseManifest, sha256Hex, splitByPeriod, writeManifest, writePack, type Entry } from '../../lib/index';
import { IndexStore } from '../../lib/storage/indexeddb';
import { fetchPack } from '../../lib/index/subscription';

// The manifest of a pack split into dated parts (lib/index/manifest.ts): what is refused at
// the door, and a subscription that downloads only the parts it does not hold.

const SITE = 'http://news.example/packs';
const article = (id: string, published: string | undefined, words: string) =>
  entryFromArticle({
    id,
    title: `Story ${id}`,
    published,
    text: `${words} The harbour board met on Tuesday to discuss the ${id} proposal. Members voted to continue the review of ${words} until spring.`,
  });

let march: Uint8Array;
let april: Uint8Array;
let undated: Uint8Array;
let entries: Entry[];

beforeAll(async () => {
  entries = [
    article('a', '2024-03-02', 'Ferry fares rise sharply on the northern route.'),
    article('b', '2024-03-20', 'A new lifeboat crew was trained over the winter months.'),
    article('c', '2024-04-05', 'Seal colonies on the outer banks grew again this year.'),
    article('d', undefined, 'The lighthouse keepers cottages will become a research station.'),
  ];
  march = await writePack(entries.slice(0, 2), 'Wire 2024-03', '2024-04-01T00:00:00.000Z');
  april = await writePack(entries.slice(2, 3), 'Wire 2024-04', '2024-04-06T00:00:00.000Z');
  undated = await writePack(entries.slice(3), 'Wire undated', '2024-04-06T00:00:00.000Z');
});

async function manifestOf(parts: Array<[string, Uint8Array, number]>): Promise<string> {
  return writeManifest({
    name: 'Wire',
    created: '2024-04-06T00:00:00.000Z',
    parts: await Promise.all(parts.map(async ([url, bytes, n]) => ({ url, entries: n, sha256: await sha256Hex(bytes) }))),
  });
}

/** A publisher in memory: path -> body; every request is recorded. */
function publisher(files: Map<string, string | Uint8Array>) {
  const requests: string[] = [];
  const fetchFn = (async (input: string | URL | Request) => {
    const url = String(input);
    requests.push(url.replace(SITE + '/', ''));
    const body = files.get(url.replace(SITE + '/', ''));
    if (body === undefined) return new Response('not found', { status: 404, statusText: 'Not Found' });
    return new Response(typeof body === 'string' ? body : body.slice(), { status: 200 });
  }) as typeof fetch;
  return { requests, fetchFn };
}

describe('parseManifest', () => {
  it('reads a good manifest, parts in order', async () => {
    const text = await manifestOf([
      ['2024-03.pack', march, 2],
      ['2024-04.pack', april, 1],
    ]);
    const r = parseManifest(text, `${SITE}/manifest.json`);
    expect(r).toMatchObject({
      ok: true,
      manifest: { name: 'Wire', parts: [{ url: '2024-03.pack', entries: 2 }, { url: '2024-04.pack' }] },
    });
  });

  it('refuses malformed JSON, and a manifest of another format, with the reason', () => {
    expect(parseManifest('{"format": "news-provenance-manifest", "parts": [')).toEqual({
      ok: false,
      error: 'the manifest is not valid JSON',
    });
    expect(parseManifest('{"format": "something-else"}')).toMatchObject({ ok: false, error: expect.stringMatching(/"format" must be/) });
    expect(parseManifest('[]')).toMatchObject({ ok: false, error: 'the manifest must be a JSON object' });
  });

  it('refuses a part listed twice, by address or by hash', async () => {
    const twice = await manifestOf([
      ['2024-03.pack', march, 2],
      ['2024-03.pack', april, 1],
    ]);
    expect(parseManifest(twice, `${SITE}/manifest.json`)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/part 2: .* is listed twice/),
    });
    const sameHash = await manifestOf([
      ['2024-03.pack', march, 2],
      ['copy.pack', march, 2],
    ]);
    expect(parseManifest(sameHash)).toMatchObject({ ok: false, error: expect.stringMatching(/part 2: its SHA-256 is listed twice/) });
  });

  it('refuses parts on another site, bad hashes, counts and markup', async () => {
    const good = JSON.parse(await manifestOf([['2024-03.pack', march, 2]])) as { parts: Array<Record<string, unknown>> };
    const withPart = (p: Record<string, unknown>) => JSON.stringify({ ...good, parts: [{ ...good.parts[0], ...p }] });
    const at = `${SITE}/manifest.json`;
    expect(parseManifest(withPart({ url: 'https://elsewhere.example/x.pack' }), at).ok).toBe(false);
    expect(parseManifest(withPart({ url: '//elsewhere.example/x.pack' }), at).ok).toBe(false);
    expect(parseManifest(withPart({ sha256: 'ABC' }), at)).toMatchObject({ error: expect.stringMatching(/sha256/) });
    expect(parseManifest(withPart({ entries: -1 }), at)).toMatchObject({ error: expect.stringMatching(/entries/) });
    expect(parseManifest(withPart({ url: '<script>.pack' }), at)).toMatchObject({ error: expect.stringMatching(/markup/) });
    expect(parseManifest(JSON.stringify({ ...good, created: 'yesterday' }), at)).toMatchObject({ error: expect.stringMatching(/created/) });
  });
});

describe('fetching a manifest subscription', () => {
  it('downloads every part the first time, then only the parts it does not hold', async () => {
    const files = new Map<string, string | Uint8Array>([
      ['manifest.json', await manifestOf([['2024-03.pack', march, 2]])],
      ['2024-03.pack', march],
      ['2024-04.pack', april],
    ]);
    const { requests, fetchFn } = publisher(files);
    const first = await fetchPack(`${SITE}/manifest.json`, { etag: null, lastModified: null }, fetchFn);
    expect(first).toMatchObject({ status: 'ok', kind: 'manifest', downloaded: march.length });
    expect(requests).toEqual(['manifest.json', '2024-03.pack']);

    files.set(
      'manifest.json',
      await manifestOf([
        ['2024-03.pack', march, 2],
        ['2024-04.pack', april, 1],
      ]),
    );
    requests.length = 0;
    const held = [{ url: '2024-03.pack', sha256: await sha256Hex(march), entries: 2, bytes: march.length }];
    const second = await fetchPack(`${SITE}/manifest.json`, { etag: null, lastModified: null, parts: held }, fetchFn);
    expect(requests).toEqual(['manifest.json', '2024-04.pack']);
    if (second.status !== 'ok' || second.kind !== 'manifest') throw new Error('no manifest');
    expect(second.parts.map((p) => [p.part.url, p.pack?.entries.length ?? 'held', p.bytes])).toEqual([
      ['2024-03.pack', 'held', march.length],
      ['2024-04.pack', 1, april.length],
    ]);
  });

  it('refuses the update when a part does not match its hash, is missing, or is not a pack', async () => {
    const manifest = await manifestOf([
      ['2024-03.pack', march, 2],
      ['2024-04.pack', april, 1],
    ]);
    const at = `${SITE}/manifest.json`;
    const none = { etag: null, lastModified: null };
    const swapped = publisher(
      new Map<string, string | Uint8Array>([
        ['manifest.json', manifest],
        ['2024-03.pack', march],
        ['2024-04.pack', undated],
      ]),
    );
    expect(await fetchPack(at, none, swapped.fetchFn)).toEqual({
      status: 'error',
      error: `the part 2024-04.pack of ${at} was refused: its SHA-256 does not match the manifest`,
    });
    const missing = publisher(
      new Map<string, string | Uint8Array>([
        ['manifest.json', manifest],
        ['2024-03.pack', march],
      ]),
    );
    expect(await fetchPack(at, none, missing.fetchFn)).toMatchObject({
      status: 'error',
      error: expect.stringMatching(/the part 2024-04.pack of .* is missing: .*answered 404/),
    });
    const broken = publisher(
      new Map<string, string | Uint8Array>([['manifest.json', '{"format": "news-provenance-manifest", "version": 1,']]),
    );
    expect(await fetchPack(at, none, broken.fetchFn)).toEqual({
      status: 'error',
      error: `the manifest at ${at} was refused: the manifest is not valid JSON`,
    });
    // A part whose count disagrees with the manifest (its hash right): refused, not trusted.
    const miscount = JSON.parse(manifest) as { parts: Array<{ entries: number }> };
    miscount.parts[0]!.entries = 5;
    const lying = publisher(
      new Map<string, string | Uint8Array>([
        ['manifest.json', JSON.stringify(miscount)],
        ['2024-03.pack', march],
      ]),
    );
    expect(await fetchPack(at, none, lying.fetchFn)).toMatchObject({
      error: expect.stringMatching(/holds 2 entries; the manifest says 5/),
    });
  });

  it('splits entries by month of publication, the undated last', () => {
    expect(splitByPeriod(entries).map((g) => [g.period, g.entries.map((e) => e.meta.id)])).toEqual([
      ['2024-03', ['a', 'b']],
      ['2024-04', ['c']],
      ['undated', ['d']],
    ]);
  });
});

describe('a manifest subscription in the engine', () => {
  it('swaps in the new set whole, keeps the last good copy on a failure, and finds the entries of every part', async () => {
    const files = new Map<string, string | Uint8Array>([
      ['manifest.json', await manifestOf([['2024-03.pack', march, 2]])],
      ['2024-03.pack', march],
      ['2024-04.pack', april],
      ['undated.pack', undated],
    ]);
    const { requests, fetchFn } = publisher(files);
    const store = await IndexStore.open('manifest-engine');
    const bundled = await writePack(bundledEntries(), 'bundled');
    const engine = await Engine.create(bundled, readFileSync('assets/idf.bin'), store, fetchFn);
    const sub = await engine.subscribe(`${SITE}/manifest.json`);
    expect(sub).toMatchObject({ ok: true, value: { name: 'Wire', entries: 2, error: null, bytes: march.length } });
    const id = sub.ok ? sub.value.id : '';

    files.set(
      'manifest.json',
      await manifestOf([
        ['2024-03.pack', march, 2],
        ['2024-04.pack', april, 1],
        ['undated.pack', undated, 1],
      ]),
    );
    requests.length = 0;
    expect(await engine.refreshSubscription(id)).toMatchObject({ ok: true, value: { entries: 4 } });
    expect(requests).toEqual(['manifest.json', '2024-04.pack', 'undated.pack']);
    expect((await engine.listEntries('Story', 0, 10)).rows.map((r) => r.meta.id).sort()).toEqual(['a', 'b', 'c', 'd']);

    // The same parts again: only the manifest is asked for, nothing is stored anew.
    requests.length = 0;
    expect(await engine.refreshSubscription(id)).toMatchObject({ ok: true, value: { entries: 4, error: null } });
    expect(requests).toEqual(['manifest.json']);
    expect((await engine.listEntries('Story', 0, 10)).total).toBe(4);

    // A new part that fails its hash: nothing changes, the reason is shown.
    files.set(
      'manifest.json',
      await manifestOf([
        ['2024-03.pack', march, 2],
        ['2024-04.pack', april, 1],
        ['undated.pack', undated, 1],
        ['2024-05.pack', new Uint8Array([1, 2, 3]), 1],
      ]),
    );
    files.set('2024-05.pack', april);
    const failed = await engine.refreshSubscription(id);
    expect(failed).toMatchObject({ ok: false, error: expect.stringMatching(/SHA-256 does not match.*the last good copy is still used/) });
    expect(engine.summary().packs[0]).toMatchObject({ entries: 4, error: expect.stringMatching(/SHA-256/) });

    // A part dropped from the manifest goes; the others are read back from the stored copy.
    files.set(
      'manifest.json',
      await manifestOf([
        ['2024-04.pack', april, 1],
        ['undated.pack', undated, 1],
      ]),
    );
    requests.length = 0;
    expect(await engine.refreshSubscription(id)).toMatchObject({ ok: true, value: { entries: 2, error: null } });
    expect(requests).toEqual(['manifest.json']);
    const restarted = await Engine.create(bundled, readFileSync('assets/idf.bin'), store, fetchFn);
    expect((await restarted.listEntries('Story', 0, 10)).rows.map((r) => r.meta.id).sort()).toEqual(['c', 'd']);
  });
});
