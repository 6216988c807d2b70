import { describe, expect, it } from 'vitest';
import { entryFromArticle, readPack, withoutMarkup, writePack, type Entry } from '../../lib/index';

const articles = [
  {
    id: 'a1',
    title: 'Council backs tram line',
    text: 'The city council voted on Tuesday to build a tram line. '.repeat(20),
    publisher: 'Gazette',
    published: '2023-01-02',
    original: true,
  },
  {
    id: 'a2',
    title: 'Harbour reopens',
    text: 'The harbour reopened to ferries after a storm damaged the pier in March. '.repeat(15),
    url: 'https://example.org/harbour',
  },
];
const entries: Entry[] = articles.map(entryFromArticle);

async function refused(bytes: Uint8Array): Promise<string> {
  const r = await readPack(bytes);
  if (r.ok) throw new Error('the pack was accepted');
  return r.error;
}

/** Rewrites the JSON header of a valid pack (and its checksum) to build hostile variants. */
async function withHeader(change: (h: Record<string, unknown>) => void): Promise<Uint8Array> {
  const good = await writePack(entries, 'x'.repeat(40));
  const view = new DataView(good.buffer, good.byteOffset);
  const len = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(good.subarray(12, 12 + len)));
  change(header);
  // The name absorbs the length change, so the rest of the pack stays where it was.
  header.name = '';
  header.name = 'x'.repeat(len - JSON.stringify(header).length);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const bad = good.slice();
  bad.set(json, 12);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bad.subarray(0, bad.length - 32)));
  bad.set(digest, bad.length - 32);
  return bad;
}

describe('index packs', () => {
  it('round-trips metadata and fingerprints exactly', async () => {
    const r = await readPack(await writePack(entries, 'test'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.pack.header.entries).toBe(2);
    expect(r.pack.entries.map((e) => e.meta)).toEqual(entries.map((e) => e.meta));
    r.pack.entries.forEach((e, i) => {
      expect(Array.from(e.fingerprint.signature)).toEqual(Array.from(entries[i]!.fingerprint.signature));
      expect(Array.from(e.fingerprint.terms)).toEqual(Array.from(entries[i]!.fingerprint.terms));
      expect(Array.from(e.fingerprint.offsets)).toEqual(Array.from(entries[i]!.fingerprint.offsets));
    });
  });

  it('refuses a truncated pack', async () => {
    const good = await writePack(entries, 'test');
    expect(await refused(good.subarray(0, good.length - 100))).toMatch(/truncated|checksum/);
    expect(await refused(good.subarray(0, 20))).toMatch(/too short|truncated/);
  });

  it('refuses a corrupted pack by its checksum', async () => {
    const bad = (await writePack(entries, 'test')).slice();
    bad[bad.length - 40]! ^= 0xff;
    expect(await refused(bad)).toMatch(/checksum/);
    // A flipped byte in the metadata breaks its text too: still a corrupted pack, not a decoder's error.
    const text = (await writePack(entries, 'test')).slice();
    const title = new TextEncoder().encode(entries[0]!.meta.title);
    const at = text.findIndex((_, i) => title.every((b, k) => text[i + k] === b));
    text[at]! |= 0x80;
    expect(await refused(text)).toBe('the checksum does not match: the pack is corrupted');
  });

  it('refuses a file that is not a pack, and a future format version', async () => {
    expect(await refused(new TextEncoder().encode('<html>not a pack</html>'.repeat(5)))).toMatch(/not an index pack/);
    const future = (await writePack(entries, 'test')).slice();
    future[4] = 9;
    expect(await refused(future)).toMatch(/version 9 is not supported/);
  });

  it('refuses hostile headers: huge counts, wrong types', async () => {
    expect(await refused(await withHeader((h) => (h.entries = 9)))).toMatch(/lists 2 entries; the header says 9/);
    expect(await refused(await withHeader((h) => (h.entries = 3e9)))).toMatch(/at most/);
    expect(await refused(await withHeader((h) => (h.terms = 'many')))).toMatch(/whole number/);
  });

  it('refuses entries whose strings carry markup or whose fields have wrong types', async () => {
    const hostile = entryFromArticle({ ...articles[0]!, title: '<img src=x onerror=alert(1)>' });
    expect(await refused(await writePack([hostile], 'x'))).toMatch(/"title" contains markup/);
    const js = entryFromArticle({ ...articles[1]!, url: 'javascript:alert(1)' });
    expect(await refused(await writePack([js], 'x'))).toMatch(/"url" must be an http\(s\) address/);
    // A "<" in a headline is text, not markup.
    const plain = entryFromArticle({ ...articles[1]!, title: 'Why x<y matters, and a protest at <Embassy> gates' });
    const read = await readPack(await writePack([plain], 'x'));
    expect(read.ok && read.pack.entries[0]!.meta.title).toBe('Why x<y matters, and a protest at <Embassy> gates');
    // Nor is a headline about JavaScript: only an address is held to http(s).
    const js2 = entryFromArticle({ ...articles[1]!, title: 'JavaScript: the language that ate the web turns 30' });
    expect((await readPack(await writePack([js2], 'x'))).ok).toBe(true);
    const dup = await writePack([entries[0]!, entries[0]!], 'x');
    expect(await refused(dup)).toMatch(/appears twice/);
  });

  it("takes the markup out of a page's headline added from a tab, which the reader cannot edit, and keeps a '<' that is text", async () => {
    const title = withoutMarkup('<img src=x onerror=alert(1)> Pier to close <b>today</b>, says council <!-- ad -->');
    expect(title).toBe('Pier to close today , says council');
    const read = await readPack(await writePack([entryFromArticle({ ...articles[0]!, title })], 'x'));
    expect(read.ok && read.pack.entries[0]!.meta.title).toBe('Pier to close today , says council');
    expect(withoutMarkup('Why x<y matters, and a protest at <Embassy> gates')).toBe('Why x<y matters, and a protest at <Embassy> gates');
  });
});
