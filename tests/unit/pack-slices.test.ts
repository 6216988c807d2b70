import { describe, expect, it } from 'vitest';
import {
  entryFromArticle,
  readEntries,
  readPack,
  scanPack,
  writeManifest,
  writePack,
  type Entry,
  type EntryMeta,
  type PackSource,
} from '../../lib/index';
import { sha256 } from '@noble/hashes/sha2.js';

// A pack read a slice at a time, as the extension's import reads a large file: the same
// entries as readPack, and the same refusals, with the same reasons.

const story = (i: number, extra: Partial<EntryMeta> = {}) =>
  entryFromArticle({
    id: `story-${i}`,
    title: `Ferry timetable ${i} changes [again], "quoted" {braces} \\ and ünïcode`,
    text: `The ferry company changed its timetable for route ${i} after a storm damaged the pier. Passengers were told on Monday. `.repeat(
      4,
    ),
    publisher: i % 2 ? 'Gazette' : 'Wire',
    published: `2023-01-${String((i % 28) + 1).padStart(2, '0')}`,
    ...extra,
  });
const entries: Entry[] = Array.from({ length: 40 }, (_, i) => story(i));

/** Bytes in memory as a source, counting the bytes read. */
function source(bytes: Uint8Array): PackSource & { largestRead: number } {
  const s = {
    size: bytes.length,
    largestRead: 0,
    read: async (from: number, to: number) => {
      s.largestRead = Math.max(s.largestRead, to - from);
      return bytes.slice(from, to);
    },
  };
  return s;
}

async function bothRefuse(bytes: Uint8Array): Promise<string> {
  const whole = await readPack(bytes);
  for (const slice of [7, 64, 1 << 20]) {
    const sliced = await scanPack(source(bytes), { slice });
    expect(sliced.ok).toBe(false);
    if (!whole.ok && !sliced.ok) expect(sliced.error).toBe(whole.error);
  }
  if (whole.ok) throw new Error('the pack was accepted');
  return whole.error;
}

/** A valid pack with its metadata section replaced (padded with spaces to its length), checksum recomputed. */
async function withMetas(change: (json: string) => string): Promise<Uint8Array> {
  const good = (await writePack(entries, 'test')).slice();
  const view = new DataView(good.buffer);
  const metaAt = 8 + ((4 + view.getUint32(8, true) + 3) & ~3);
  const len = view.getUint32(metaAt, true);
  const json = new TextDecoder().decode(good.subarray(metaAt + 4, metaAt + 4 + len));
  const changed = new TextEncoder().encode(change(json));
  if (changed.length > len) throw new Error(`the change must not lengthen the section (${changed.length} > ${len})`);
  good.set(changed, metaAt + 4);
  good.fill(0x20, metaAt + 4 + changed.length, metaAt + 4 + len);
  good.set(sha256(good.subarray(0, good.length - 32)), good.length - 32);
  return good;
}

describe('a pack read in slices', () => {
  it('gives the entries readPack gives, in any run, reading only slices', async () => {
    const bytes = await writePack(entries, 'Ferry desk');
    const whole = await readPack(bytes);
    if (!whole.ok) throw new Error(whole.error);
    for (const slice of [1, 5, 64, 1 << 20]) {
      const src = source(bytes);
      const metas: EntryMeta[] = [];
      const scanned = await scanPack(src, { slice, onMeta: (m) => metas.push(m) });
      if (!scanned.ok) throw new Error(scanned.error);
      expect(scanned.scan.header).toEqual(whole.pack.header);
      expect(metas).toEqual(whole.pack.entries.map((e) => e.meta));
      const runs = [...(await readEntries(src, scanned.scan, 0, 13)), ...(await readEntries(src, scanned.scan, 13, 40))];
      expect(runs.map((e) => e.meta)).toEqual(metas);
      runs.forEach((e, i) => {
        const f = whole.pack.entries[i]!.fingerprint;
        for (const k of ['signature', 'words', 'offsets', 'terms'] as const) expect(Array.from(e.fingerprint[k])).toEqual(Array.from(f[k]));
        // Own buffers: storing an entry copies only it.
        expect(e.fingerprint.terms.buffer.byteLength).toBe(e.fingerprint.terms.byteLength);
      });
      if (slice < bytes.length) expect(src.largestRead).toBeLessThan(Math.max(slice, 70_000));
    }
  });

  it('refuses what readPack refuses, with the same reason', async () => {
    const good = await writePack(entries, 'test');
    expect(await bothRefuse(good.subarray(0, good.length - 100))).toMatch(/truncated/);
    expect(await bothRefuse(good.subarray(0, 20))).toMatch(/too short/);
    // A short file that is not a pack (an error page saved or served in its place) is named for what it is.
    expect(await bothRefuse(new TextEncoder().encode('<html>Not found</html>'))).toBe('this is not an index pack (wrong file signature)');
    expect(await bothRefuse(new TextEncoder().encode('hi'))).toBe('this is not an index pack (wrong file signature)');
    expect(await bothRefuse(new Uint8Array(0))).toBe('the file is empty');
    const manifest = writeManifest({ name: 'Wire', created: '2024-04-06T06:00:00.000Z', parts: [] });
    expect(await bothRefuse(new TextEncoder().encode(manifest))).toBe(
      'this is a manifest of pack parts, not a pack: subscribe to its address, or use the .pack files it lists',
    );
    // The corpus a pack is built from, given in its place (a JSON Lines file, or a JSON array).
    for (const corpus of ['{"id": "a", "title": "T", "text": "Some text."}\n', '[{"id": "a"}]'])
      expect(await bothRefuse(new TextEncoder().encode(corpus))).toBe(
        'this is JSON (a corpus of articles?), not an index pack: build a pack from it with provenance index build <corpus.jsonl> -o <pack>',
      );
    const flipped = good.slice();
    flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
    expect(await bothRefuse(flipped)).toMatch(/checksum/);
    expect(await bothRefuse(new TextEncoder().encode('<html>not a pack</html>'.repeat(5)))).toMatch(/not an index pack/);
    const trailing = new Uint8Array(good.length + 8);
    trailing.set(good.subarray(0, good.length - 32));
    trailing.set(sha256(trailing.subarray(0, trailing.length - 32)), trailing.length - 32);
    expect(await bothRefuse(trailing)).toMatch(/trailing data/);
    expect(await bothRefuse(await writePack([entries[0]!, entries[0]!], 'x'))).toMatch(/appears twice/);
    expect(await bothRefuse(await writePack([story(1, { title: '<img src=x onerror=alert(1)>' })], 'x'))).toMatch(/markup/);
  });

  it('refuses metadata that is not one JSON array of the header count, as readPack does', async () => {
    expect(await bothRefuse(await withMetas((j) => j.replace(/,\{"id":"story-1"/, ' {"id":"story-1"')))).toMatch(/not valid JSON/);
    expect(await bothRefuse(await withMetas((j) => `{${j.slice(1, -1)}}`))).toMatch(/not valid JSON/);
    expect(await bothRefuse(await withMetas((j) => j.replace(/\]$/, ' ')))).toMatch(/not valid JSON/);
    expect(await bothRefuse(await withMetas((j) => `${j.slice(0, -1).replace(/,\{"id":"story-39".*$/, '')}]`))).toMatch(
      /lists 39 entries; the header says 40/,
    );
    expect(await bothRefuse(await withMetas(() => '"not a list"'))).toMatch(/lists no entries/);
    expect(await bothRefuse(await withMetas((j) => j.replace(/\{"id":"story-39".*$/, ']')))).toMatch(/not valid JSON/);
  });
});
