import { describe, expect, it } from 'vitest';
import { loadIdf } from '../../cli/engine';
import {
  buildTables,
  CandidateIndex,
  chunksOf,
  headOf,
  LazyTables,
  entryKeys,
  KEYS_PER_ENTRY,
  MIN_KEY_WEIGHT,
  packTables,
  probeOf,
  readingOrder,
  validTables,
  type Probe,
  Tally,
} from '../../lib/candidates';
import { fingerprint, termHash, winnersOf } from '../../lib/fingerprint';
import { entryFromArticle, readPack, writePack } from '../../lib/index';
import { MemoryIndex } from '../../lib/storage';
import { CANDIDATES } from '../../lib/match/check';
import { analyze } from '../../lib/text';
import { corpus, corpusLine, derivative, DERIVATIVE_KINDS } from '../fixtures/news';

const articles = corpus(600);
const entries = articles.map((a) => entryFromArticle(corpusLine(a)));
const idf = loadIdf();

/** A probe of the given terms, each weighing `weight`. */
const probe = (terms: number[], weight = 64): Probe => ({ terms: Uint32Array.from(terms), weights: Uint32Array.from(terms, () => weight) });

describe('candidates from the rarest terms', () => {
  it('file an entry under its rarest terms, names and figures before common words', () => {
    const text =
      'The council said on Monday that the Quillfeather harbour would close for repairs. ' +
      'Officials said the work at Quillfeather would cost 4.7m and take the whole of the year. ' +
      'Local people said they had been told very little about the plans for the harbour.';
    const e = entryFromArticle({ id: 'x', title: 'Harbour', text });
    const stem = (word: string) => termHash(analyze(`${word} ${word}.`, 'en').sentences[0]!.terms[0]!);
    const keys = [...entryKeys(e.fingerprint, idf)];
    expect(keys.length).toBeGreaterThan(2);
    expect(keys.length).toBeLessThanOrEqual(KEYS_PER_ENTRY);
    expect(keys).toContain(stem('Quillfeather'));
    // Words in more than a twentieth of news articles are no entry's key.
    const common = [...new Set(e.fingerprint.terms)].filter((t) => idf.weight(t) < MIN_KEY_WEIGHT);
    expect(common.length).toBeGreaterThan(0);
    for (const t of common) expect(keys).not.toContain(t);
    // Rarest first, and what a page of the same text looks up includes every key.
    const weights = keys.map((k) => idf.weight(k));
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    const looked = new Set(probeOf(e.fingerprint, idf).terms);
    for (const k of keys) expect(looked.has(k)).toBe(true);
    // A long article: exactly KEYS_PER_ENTRY keys, none commoner than a term left out.
    const long = entries[0]!.fingerprint;
    const longKeys = entryKeys(long, idf);
    expect(longKeys).toHaveLength(KEYS_PER_ENTRY);
    const rarest = Math.min(...[...longKeys].map((k) => idf.weight(k)));
    const left = [...new Set(long.terms)].filter((t) => !longKeys.includes(t));
    expect(left.length).toBeGreaterThan(0);
    for (const t of left) expect(idf.weight(t)).toBeLessThanOrEqual(rarest);
  });

  it("put every derivative's source among its candidates, as a pack gives the entries back", async () => {
    const read = await readPack(await writePack(entries, 'test'));
    if (!read.ok) throw new Error(read.error);
    const index = new MemoryIndex(idf);
    index.addAll(read.pack.entries);
    const missed: string[] = [];
    for (const a of articles.filter((_, i) => i % 20 === 0)) {
      for (const kind of DERIVATIVE_KINDS) {
        if (kind === 'independent') continue;
        const q = derivative(a, kind);
        const ids = index.candidates(probeOf(fingerprint(analyze(q.text, 'en')), idf), CANDIDATES).map((c) => c.entry.meta.id);
        if (ids[0] !== a.id) missed.push(`${kind} of ${a.id}: ${ids.slice(0, 3).join(', ')}`);
      }
    }
    expect(missed).toEqual([]);
  });

  it('find keys exactly, rank by summed weight, and need two shared keys', () => {
    // Keys that share their high and low bits, differing only in the middle: never confused.
    const a = 0x8000_0001;
    const b = 0x8000_0001 ^ (1 << 16);
    const keysOf = (i: number) => Uint32Array.from(i === 0 ? [a, 11, 12] : i === 1 ? [b, 11, 12] : [i * 7919 + 100, i * 7919 + 101]);
    const tables = buildTables(5000, keysOf);
    expect(validTables(tables)).toBe(true);
    const index = new CandidateIndex();
    index.addSegment(1000, tables);
    expect(index.query(probe([a, 11]), 5)).toEqual([{ id: 1000, hits: 2, score: 128 }]);
    expect(index.query(probe([b, 12]), 5)).toEqual([{ id: 1001, hits: 2, score: 128 }]);
    // One shared key is not enough; two shared by both rank them by entry order when tied.
    expect(index.query(probe([a]), 5)).toEqual([]);
    expect(index.query(probe([11, 12]), 5)).toEqual([
      { id: 1000, hits: 2, score: 128 },
      { id: 1001, hits: 2, score: 128 },
    ]);
    // A heavier shared term outranks the earlier entry.
    const weighted = { terms: Uint32Array.from([a, b, 11, 12]), weights: Uint32Array.from([64, 200, 64, 64]) };
    expect(index.query(weighted, 5).map((c) => c.id)).toEqual([1001, 1000]);
    // Entries added one at a time and removed ones.
    index.insert(9000, Uint32Array.from([a, 11, 77]));
    expect(index.query(probe([a, 11, 77]), 5)[0]).toEqual({ id: 9000, hits: 3, score: 192 });
    index.remove(9000);
    index.remove(1000);
    expect(index.query(probe([a, 11, 77]), 5)).toEqual([]);
    expect(index.size).toBe(4999);
  });

  it('read the shortest lists first and stop at the budget, so a check costs the same at any size', () => {
    const terms = Uint32Array.from([10, 20, 30, 40]);
    expect(readingOrder([500, 3, 0, 40], terms, 100)).toEqual([1, 3]);
    expect(readingOrder([500, 3, 0, 40], terms, 1000)).toEqual([1, 3, 0]);
    // 3000 entries share one term (a word common in this index): a check never reads that list.
    const tables = buildTables(3001, (i) => Uint32Array.from(i < 3000 ? [7, 100_000 + i, 200_000 + i] : [1, 2]));
    const index = new CandidateIndex();
    index.addSegment(0, tables);
    const t = (...xs: number[]) => ({ terms: Uint32Array.from(xs), weights: Uint32Array.from(xs, () => 64) });
    expect(index.query(t(7, 100_005), 10)).toEqual([{ id: 5, hits: 2, score: 128 }]);
    expect(readingOrder([3000, 1], Uint32Array.from([7, 100_005]), 2000)).toEqual([1]);
  });

  it('answer the same from tables read a chunk at a time, reading only the chunks a page needs', async () => {
    const tables = packTables(entries, idf);
    const chunks = chunksOf(tables, 4); // small chunks, so that a page needs only some of them
    expect(chunks.length).toBeGreaterThan(20);
    const asked: number[] = [];
    const lazy = new LazyTables(headOf(tables, 4), async (cs) => {
      asked.push(...cs);
      return cs.map((c) => chunks[c]);
    });
    const whole = new CandidateIndex();
    whole.addSegment(0, tables);
    const chunked = new CandidateIndex();
    chunked.addLazySegment(0, lazy);
    const page = probeOf(fingerprint(analyze(derivative(articles[40]!, 'light-edit').text, 'en')), idf);
    expect(chunked.query(page, CANDIDATES)).toEqual([]); // nothing read yet: nothing found
    await chunked.fetch(page);
    expect(chunked.query(page, CANDIDATES)).toEqual(whole.query(page, CANDIDATES));
    expect(chunked.query(page, CANDIDATES)[0]!.id).toBe(40);
    expect(new Set(asked).size).toBeLessThan(chunks.length);
    // Read once: a second check of the same page reads nothing more.
    const before = asked.length;
    await chunked.fetch(page);
    expect(asked.length).toBe(before);
    // A damaged chunk counts as empty: never read out of bounds.
    const broken = new CandidateIndex();
    broken.addLazySegment(
      0,
      new LazyTables(headOf(tables, 4), async (cs) => cs.map((c) => ({ ...chunks[c]!, offsets: chunks[c]!.offsets.map((o) => o + 5) }))),
    );
    await broken.fetch(page);
    expect(broken.query(page, CANDIDATES)).toEqual([]);
  });

  it('refuse tables that would read out of bounds, or of another layout', () => {
    const t = packTables(entries.slice(0, 100), idf);
    expect(validTables(t)).toBe(true);
    expect(validTables({ ...t, postings: t.postings.subarray(1) })).toBe(false);
    expect(validTables({ ...t, bucketBits: t.bucketBits + 1 })).toBe(false);
    expect(validTables({ ...t, count: 2 ** t.idBits + 1 })).toBe(false);
    expect(validTables({ ...t, format: t.format - 1 })).toBe(false);
    // A posting naming entry 127 of a segment of 100: a handle of the next segment.
    expect(validTables({ ...t, postings: t.postings.map((p) => p | (2 ** t.idBits - 1)) })).toBe(false);
  });
});

describe('the MinHash signature', () => {
  it('recovers the winning terms of a stored fingerprint, and refuses a signature its sketches do not give', () => {
    const fp = entries[0]!.fingerprint;
    const stored = { ...fp, winners: undefined };
    expect(winnersOf(stored)).toEqual(fp.winners);
    const forged = { ...stored, signature: fp.signature.map((v, i) => (i === 3 ? v ^ 1 : v)) };
    expect(winnersOf(forged)).toBeNull();
  });
});

describe('the tally of the lists a check reads', () => {
  it('counts an entry once a list, sums the weights of its lists, and orders nothing by where handles lie', () => {
    const tally = new Tally();
    // Handles on both sides of 2^16 and near 2^31, an entry twice in one list (a killed push's leftover).
    tally.addList(Uint32Array.from([70_000, 5, 2 ** 31 - 1, 5]), 0);
    tally.addList(Uint32Array.from([5, 70_000, 65_536]), 1);
    tally.addRun(Uint32Array.from([9, 70_000 - 100, 2 ** 31 - 1 - 100]), 1, 3, 100, 2 ** 31 - 1, 2);
    const { ranked, touched } = tally.take([10, 7, 3], 2);
    expect(touched).toBe(4);
    const byId = Object.fromEntries(ranked.map((r) => [r.id, [r.hits, r.score]]));
    expect(byId).toEqual({ 5: [2, 17], 70_000: [3, 20], [2 ** 31 - 1]: [2, 13] });
    // Emptied: the next check starts from nothing.
    tally.addList(Uint32Array.from([5]), 0);
    expect(tally.take([1], 1)).toEqual({ ranked: [{ id: 5, hits: 1, score: 1 }], touched: 1 });
  });
});
