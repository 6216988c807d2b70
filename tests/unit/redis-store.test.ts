/**
 * The parts of the Redis store that need no server: hash slots, the binary values, and the
 * check with pluggable candidates. The store against real servers is in tests/redis/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadIdf } from '../../cli/engine';
import { entryFromArticle, readCorpus, type Entry } from '../../lib/index';
import { MemoryIndex } from '../../lib/storage';
import { check } from '../../lib/match';
import type { Probe } from '../../lib/candidates';
import { checkWith, type Candidate } from '../../lib/match/check';
import { StoreRefused } from '../../lib/storage/errors';
import { decodeEntry, encodeEntry, HEADER_BYTES, isReady, sameEntry } from '../../lib/storage/redis/codec';
import { parseStoreUrl } from '../../lib/storage/redis/connection';
import { keySlot } from '../../lib/storage/redis/slot';
import { entryKey, StoreLayout } from '../../lib/storage/redis/keys';
import { PARAMS } from '../../lib/fingerprint';

const corpus = readCorpus(readFileSync('eval/multilingual/articles.jsonl', 'utf8'), 'articles.jsonl');
const entries = corpus.map(entryFromArticle);

describe('Redis Cluster hash slots', () => {
  it('match the specification: CRC16-XMODEM mod 16384, of the hash tag when there is one', () => {
    // Slots as a Redis 7.0 server computes them (CLUSTER KEYSLOT).
    const server: Record<string, number> = {
      '123456789': 12739,
      'foo{}{bar}': 8363,
      'foo{{bar}}zap': 4015,
      'foo{bar}{zap}': 5061,
      'b:2654435761': 4363,
      '{e:42}:sig': 14515,
      'id:bbc-2005/business/192': 3520,
      'id:Zürich–Genève 北京': 3554,
    };
    for (const [key, slot] of Object.entries(server)) expect(keySlot(key), key).toBe(slot);
    expect(keySlot('{user1000}.following')).toBe(keySlot('{user1000}.followers'));
    expect(keySlot('foo{{bar}}zap')).toBe(keySlot('{bar'));
  });

  it('spread the candidate lists and the entries over the cluster', () => {
    const slots = (key: (i: number) => string) => new Set(Array.from({ length: 64 }, (_, i) => keySlot(key(i))));
    const layout = new StoreLayout();
    expect(slots((i) => layout.listPlace(i * 2654435761).bucket).size).toBeGreaterThan(60);
    expect(slots((i) => layout.idPlace(`fixture/world/${i}`).bucket).size).toBeGreaterThan(60);
    expect(slots((i) => entryKey(i + 1)).size).toBeGreaterThan(60);
  });
});

describe('the number of buckets of a store', () => {
  it('opens the stores written before it could be chosen, with their 2^20 buckets', () => {
    const before = JSON.stringify({
      format: 'news-provenance-store',
      version: 5,
      numPerm: PARAMS.numPerm,
      seed: PARAMS.seed,
      keys: 24,
      tables: 2,
      groups: 4096,
      termBuckets: 1048576,
      idBuckets: 262144,
    });
    expect(StoreLayout.fromFormat(before)?.termBuckets).toBe(1048576);
    expect(new StoreLayout().format).toBe(before);
    expect(StoreLayout.fromFormat(before.replace('"version":5', '"version":4'))).toBeNull();
    expect(StoreLayout.fromFormat(before.replace('1048576', '1000000'))).toBeNull();
  });

  it('files a term by its low bits among more buckets, and the audit reads the term back from the key', () => {
    const wide = StoreLayout.ofBuckets(2 ** 22);
    expect(wide.listPlace(0xdeadbeef)).toEqual({ bucket: 't:{3823}731', field: '890', long: 't:{3823}731:890' });
    expect(wide.termOf(3823, 731, 890)).toBe(0xdeadbeef);
    expect(new StoreLayout().termOf(3823, 219, 3562)).toBe(0xdeadbeef);
    expect(() => StoreLayout.ofBuckets(3_000_000)).toThrow(/must be a power of two \(3000000 is not\)/);
    expect(() => StoreLayout.ofBuckets(2 ** 30)).toThrow(/from 65536 \(2\^16\) to 268435456 \(2\^28\)/);
  });
});

describe('the binary value of an entry', () => {
  it('reads back bit for bit, and is not served until it is ready', () => {
    // A sentence of 300 words: its counts no longer fit in a byte.
    const long = (e: Entry): Entry => ({
      ...e,
      fingerprint: { ...e.fingerprint, words: Uint16Array.from(e.fingerprint.words, (w, i) => (i ? w : 300)) },
    });
    expect(encodeEntry(long(entries[0]!)).length).toBeGreaterThan(encodeEntry(entries[0]!).length);
    for (const e of [...entries, ...entries.map(long)]) {
      const v = encodeEntry(e);
      expect(isReady(v)).toBe(false);
      const back = decodeEntry(v, 'e:1');
      expect(back.meta).toEqual(e.meta);
      for (const k of ['signature', 'terms', 'offsets', 'words'] as const) expect([...back.fingerprint[k]]).toEqual([...e.fingerprint[k]]);
    }
  });

  it('leaves out a signature that the sketches give back, and keeps one they do not', () => {
    const e = entries[0]!;
    const derived = encodeEntry(e);
    const foreign = { ...e, fingerprint: { ...e.fingerprint, signature: e.fingerprint.signature.map((v) => v ^ 1) } };
    const kept = encodeEntry(foreign);
    expect(kept.length - derived.length).toBe(256);
    expect([...decodeEntry(kept, 'e:1').fingerprint.signature]).toEqual([...foreign.fingerprint.signature]);
  });

  it('is refused with the key named when damaged, or when the metadata carries markup', () => {
    const v = encodeEntry(entries[0]!);
    expect(() => decodeEntry(v.subarray(0, 10), 'e:1')).toThrow(/e:1 holds 10 bytes, too few for an entry/);
    expect(() => decodeEntry(v.subarray(0, HEADER_BYTES + 8), 'e:1')).toThrow(/e:1 is truncated/);
    const marked = encodeEntry({ ...entries[0]!, meta: { ...entries[0]!.meta, title: '<img src=x onerror=alert(1)>' } });
    expect(() => decodeEntry(marked, 'e:1')).toThrow(StoreRefused);
    expect(() => decodeEntry(marked, 'e:1')).toThrow(/e:1 does not hold valid entry metadata: .*markup/);
  });

  it('has a digest that changes with its metadata or its sketches', () => {
    const a = encodeEntry(entries[0]!);
    expect(sameEntry(encodeEntry(entries[0]!), a)).toBe(true);
    expect(sameEntry(encodeEntry({ ...entries[0]!, meta: { ...entries[0]!.meta, title: 'Another title' } }), a)).toBe(false);
    expect(sameEntry(encodeEntry({ ...entries[0]!, fingerprint: entries[1]!.fingerprint }), a)).toBe(false);
  });
});

describe('store addresses', () => {
  it('accept redis:// and rediss:// with a password, and never print the password', () => {
    const a = parseStoreUrl('rediss://reader:s3cret@10.0.0.5:7000/0');
    expect(a).toMatchObject({
      host: '10.0.0.5',
      port: 7000,
      name: '10.0.0.5:7000',
      auth: { username: 'reader', password: 's3cret', db: 0 },
    });
    expect(a.auth.tls).toEqual({});
    expect(parseStoreUrl('redis://[::1]:6380').name).toBe('[::1]:6380');
    expect(() => parseStoreUrl('http://example.org')).toThrow(/not a Redis address/);
  });
});

describe('the check with candidates from any source', () => {
  const idf = loadIdf();
  const index = new MemoryIndex(idf);
  index.addAll(entries);

  it('answers as check() does when the source is the in-memory index, synchronous or not', async () => {
    const asyncSource = { candidates: async (probe: Probe, limit: number): Promise<Candidate[]> => index.candidates(probe, limit) };
    for (const a of corpus) {
      const input = { title: a.title, text: a.text, lang: a.lang };
      const expected = check(input, index, idf);
      expect(await checkWith(input, index, idf)).toEqual(expected);
      expect(await checkWith(input, asyncSource, idf)).toEqual(expected);
    }
  });

  it('never asks a source for candidates of a text too short to check', async () => {
    const source = { candidates: () => Promise.reject(new Error('should not be asked')) };
    expect((await checkWith({ text: 'Too short.' }, source, idf)).status).toBe('too-short');
  });
});

describe('the Redis store', () => {
  it('is never imported by the extension: entrypoints, components and the rest of lib stay free of it', () => {
    const files = ['entrypoints', 'components', 'lib']
      .flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => `${dir}/${f}`))
      .filter((f) => /\.tsx?$/.test(f) && !f.startsWith('lib/storage/redis/'));
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) {
      const source = readFileSync(f, 'utf8');
      expect(source, f).not.toMatch(/from\s+['"](ioredis|node:http)['"]/);
      expect(source, f).not.toMatch(/from\s+['"][^'"]*(storage\/redis|\.\/redis)['"/]/);
    }
  });
});
