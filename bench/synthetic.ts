/**
 * Synthetic index entries for the 100k and 1M query benchmarks, with realistic sizes and a
 * realistic load on the LSH buckets.
 *
 * Each synthetic article draws a vocabulary of content terms with probability proportional
 * to their document frequency in the BBC 2005 corpus (an empirical, Zipf-like distribution:
 * "govern" or "minist" are in a large share of articles, most terms in very few), plus a few
 * fresh random terms (names and numbers that no other article has). Its sentences then draw
 * from that vocabulary, favouring its first (topical) terms, and its signature is the engine's
 * MinHash over the union of its sentences' terms. So a term that is in 10% of real articles
 * is in about 10% of synthetic ones, and is the minimum of a signature bin as often as in
 * real data: buckets fill as they would with a real corpus of that size.
 *
 * Entries are laid out like readPack lays them out: typed-array views into large shared
 * buffers, so their memory is that of a loaded pack.
 */
import { MinHash, PARAMS, type Fingerprint } from '../lib/fingerprint';
import type { Entry } from '../lib/index';

/** Term-occurrence table: one slot per (article, distinct term), so a uniform draw picks a term in proportion to its document frequency. */
export function termModel(entries: readonly Entry[]): Uint32Array {
  const pool: number[] = [];
  for (const e of entries) for (const t of new Set(e.fingerprint.terms)) pool.push(t);
  return Uint32Array.from(pool);
}

export interface SyntheticShape {
  /** Mean distinct content terms per article. */
  distinctTerms: number;
  sentences: number;
  termsPerSentence: number;
}

const CHUNK = 8192;
const MAX_SENTENCES = 28;
const MAX_TERMS = 16;
const VOCAB_MIN = 150;
const VOCAB_MAX = 330;

/**
 * Synthetic entries with ids `synthetic/<from>` .. `synthetic/<to - 1>`; entry n is the same
 * whatever the range it is made in (each entry has its own seed), so an index can
 * grow from 10k to 1M entries by adding ranges.
 */
export function syntheticEntries(from: number, to: number, pool: Uint32Array, seed = 1): Entry[] {
  // mulberry32 (as in util.rng), reseeded for every entry; inline so that V8 keeps it monomorphic.
  let state = 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  // Multiplication, not %: uint32 values above 2^30 are doubles in V8, and a double % is a slow fmod.
  const below = (n: number) => Math.floor((next() / 4294967296) * n);
  const minhash = new MinHash(PARAMS.numPerm, PARAMS.seed);
  const out: Entry[] = [];
  const vocab = new Uint32Array(VOCAB_MAX);
  const sentence = new Uint32Array(MAX_TERMS);
  for (let start = from; start < to; start += CHUNK) {
    const n = Math.min(CHUNK, to - start);
    const signatures = new Uint32Array(n * PARAMS.numPerm);
    let terms = new Uint32Array(n * MAX_SENTENCES * MAX_TERMS);
    let offsets = new Uint32Array(n * (MAX_SENTENCES + 1));
    let words = new Uint16Array(n * MAX_SENTENCES);
    let tAt = 0;
    let wAt = 0;
    const firstTerm = new Uint32Array(n + 1);
    const firstSentence = new Uint32Array(n + 1);
    for (let i = 0; i < n; i++) {
      state = Math.imul(seed, 0x9e3779b1) ^ (start + i);
      // The article's vocabulary: mostly corpus terms (by document frequency), 1 in 20 its own.
      const size = VOCAB_MIN + below(VOCAB_MAX - VOCAB_MIN);
      for (let v = 0; v < size; v++) vocab[v] = below(20) === 0 ? next() : pool[below(pool.length)]!;
      const sentences = 12 + below(17);
      firstTerm[i] = tAt;
      firstSentence[i] = wAt;
      for (let s = 0; s < sentences; s++) {
        const want = 6 + below(11);
        // Draw from the vocabulary, its first half (the article's topic) twice as often; insertion-sort.
        for (let k = 0; k < want; k++) {
          const r = below(size + (size >>> 1));
          const t = vocab[r < size ? r : r - size]!;
          let j = k;
          while (j > 0 && sentence[j - 1]! > t) {
            sentence[j] = sentence[j - 1]!;
            j--;
          }
          sentence[j] = t;
        }
        let prev = -1;
        for (let k = 0; k < want; k++) {
          const t = sentence[k]!;
          if (t !== prev) terms[tAt++] = t;
          prev = t;
        }
        offsets[wAt + i + 1] = tAt - firstTerm[i]!;
        words[wAt++] = 2 * want + below(9);
      }
      // Duplicates are harmless to MinHash.sign: the union of the sentences' terms.
      signatures.set(minhash.sign(terms.subarray(firstTerm[i]!, tAt)), i * PARAMS.numPerm);
    }
    firstTerm[n] = tAt;
    firstSentence[n] = wAt;
    // Compact, as a pack would be.
    terms = terms.slice(0, tAt);
    offsets = offsets.slice(0, wAt + n);
    words = words.slice(0, wAt);
    for (let i = 0; i < n; i++) {
      const s0 = firstSentence[i]!;
      const s1 = firstSentence[i + 1]!;
      const fp: Fingerprint = {
        signature: signatures.subarray(i * PARAMS.numPerm, (i + 1) * PARAMS.numPerm),
        terms: terms.subarray(firstTerm[i]!, firstTerm[i + 1]!),
        offsets: offsets.subarray(s0 + i, s1 + i + 1),
        words: words.subarray(s0, s1),
      };
      const id = start + i;
      let w = 0;
      for (const x of fp.words) w += x;
      out.push({
        meta: {
          id: `synthetic/${id}`,
          title: `Synthetic article number ${id} for the query benchmark`,
          url: `https://news.example.org/2005/${id}`,
          publisher: 'Example News',
          published: '2005-06-01',
          words: w,
        },
        fingerprint: fp,
      });
    }
  }
  return out;
}

/** Mean shape of a set of entries (to check synthetic entries against the real ones). */
export function shapeOf(entries: readonly Entry[]): SyntheticShape {
  let distinct = 0;
  let sentences = 0;
  let terms = 0;
  for (const e of entries) {
    distinct += new Set(e.fingerprint.terms).size;
    sentences += e.fingerprint.words.length;
    terms += e.fingerprint.terms.length;
  }
  return { distinctTerms: distinct / entries.length, sentences: sentences / entries.length, termsPerSentence: terms / sentences };
}
