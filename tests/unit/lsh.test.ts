import { describe, expect, it } from 'vitest';
import { loadIdf } from '../../cli/engine';
import { fingerprint, winnersOf } from '../../lib/fingerprint';
import { bandMask, entryFromArticle, LshIndex, MemoryIndex, readPack, writePack } from '../../lib/index';
import { bandWeights, CANDIDATES } from '../../lib/match/check';
import { analyze } from '../../lib/text';
import { corpus, corpusLine, derivative, DERIVATIVE_KINDS } from '../fixtures/news';

const articles = corpus(600);
const entries = articles.map((a) => entryFromArticle(corpusLine(a)));
const queries = articles.filter((_, i) => i % 20 === 0).flatMap((a) => DERIVATIVE_KINDS.map((kind) => derivative(a, kind)));
const idf = loadIdf();

describe('the LSH tables', () => {
  it('leave out bands won by common words without changing any candidate list', async () => {
    // Entries as a pack gives them back (no winners: they are signed again from the sketches).
    const read = await readPack(await writePack(entries, 'test'));
    if (!read.ok) throw new Error(read.error);
    const full = new MemoryIndex();
    const pruned = new MemoryIndex(idf.isCommon);
    full.addAll(read.pack.entries);
    pruned.addAll(read.pack.entries);
    expect(pruned.lshBytes).toBeLessThan(0.7 * full.lshBytes);
    let found = 0;
    for (const q of queries) {
      const page = fingerprint(analyze(q.text, 'en'));
      const ids = (index: MemoryIndex) =>
        index.candidates(page.signature, CANDIDATES, bandWeights(page, idf)).map((c) => [c.entry.meta.id, c.hits]);
      expect(ids(pruned)).toEqual(ids(full));
      found += ids(full).length;
    }
    expect(found).toBeGreaterThan(queries.length); // the comparison compared something
  });

  it('recovers the winning terms of a stored fingerprint, and refuses a signature its sketches do not give', () => {
    const fp = entries[0]!.fingerprint;
    const stored = { ...fp, winners: undefined };
    expect(winnersOf(stored)).toEqual(fp.winners);
    const forged = { ...stored, signature: fp.signature.map((v, i) => (i === 3 ? v ^ 1 : v)) };
    expect(winnersOf(forged)).toBeNull();
  });

  it('find an entry only through the bands its mask keeps, and tell apart values sharing a bucket', () => {
    const sigs = Array.from({ length: 5000 }, (_, i) => Uint32Array.from({ length: 64 }, (_, b) => (i * 64 + b) * 2654435761));
    const evenOnly = bandMask(64, (b) => b % 2 === 0);
    const tables = LshIndex.build(
      sigs.length,
      64,
      (i) => sigs[i]!,
      (i) => (i === 7 ? evenOnly : null),
    );
    expect(LshIndex.validTables(tables, 64)).toBe(true);
    const lsh = new LshIndex(64);
    lsh.addSegment(1000, tables);
    expect(lsh.query(sigs[42]!, 3)).toEqual([{ id: 1042, hits: 64, score: 64 }]);
    expect(lsh.query(sigs[7]!, 3)).toEqual([{ id: 1007, hits: 32, score: 32 }]);
    // Half of entry 42's values: only the bands that agree count.
    const half = sigs[42]!.map((v, b) => (b < 32 ? v : v + 1));
    expect(lsh.query(half, 3)[0]).toEqual({ id: 1042, hits: 32, score: 32 });
    // Entries 0-2999 all share one value in band 5 (a fairly common word's bucket); a query
    // for another value of the same band still finds only its own entry.
    const common = LshIndex.build(3001, 64, (i) => Uint32Array.from({ length: 64 }, (_, b) => (b === 5 && i < 3000 ? 7 : i * 64 + b + 1)));
    const heavy = new LshIndex(64);
    heavy.addSegment(0, common);
    expect(
      heavy.query(
        Uint32Array.from({ length: 64 }, (_, b) => (b === 5 ? 7 : 0)),
        5000,
      ),
    ).toHaveLength(3000);
    expect(
      heavy.query(
        Uint32Array.from({ length: 64 }, (_, b) => 3000 * 64 + b + 1),
        5,
      ),
    ).toEqual([{ id: 3000, hits: 64, score: 64 }]);
    lsh.remove(1042);
    expect(lsh.query(sigs[42]!, 3)).toEqual([]);
  });

  it('refuse tables that would read out of bounds', () => {
    const t = LshIndex.build(100, 64, (i) => Uint32Array.from({ length: 64 }, (_, b) => i * 100 + b));
    expect(LshIndex.validTables({ ...t, postings: t.postings.subarray(1) }, 64)).toBe(false);
    expect(LshIndex.validTables({ ...t, bucketBits: t.bucketBits + 1 }, 64)).toBe(false);
    expect(LshIndex.validTables({ ...t, count: 2 ** t.idBits + 1 }, 64)).toBe(false);
    expect(LshIndex.validTables(t, 32)).toBe(false);
    // A posting naming entry 127 of a segment of 100: a handle of the next segment.
    expect(LshIndex.validTables({ ...t, postings: t.postings.map((p) => p | (2 ** t.idBits - 1)) }, 64)).toBe(false);
  });
});
