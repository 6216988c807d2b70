import type { AnalyzedText } from '../text';
import { hashString } from './hash';
import { MinHash } from './minhash';

/** Engine parameters that a pack records, so a pack is only ever read with the engine that wrote it. */
export const PARAMS = { numPerm: 64, seed: 0x5eed } as const;

/** Longest sentence sketch kept: longer sentences keep their first terms (Uint32 each). */
export const MAX_TERMS_PER_SENTENCE = 48;
/** Most sentences kept per indexed article. */
export const MAX_SENTENCES = 400;

/**
 * What the index keeps of an article instead of its text: a MinHash signature over its
 * content terms (for candidate search) and one sketch per sentence - the sorted hashes of
 * its content terms and its word count (for verification). Fixed-width binary values,
 * so the same layout can live in a pack, in IndexedDB, or in a key-value store.
 */
export interface Fingerprint {
  signature: Uint32Array;
  /** Concatenated per-sentence term hashes, sorted ascending within each sentence. */
  terms: Uint32Array;
  /** Sentence i owns terms[offsets[i] .. offsets[i+1]). */
  offsets: Uint32Array;
  /** Word count of each sentence. */
  words: Uint16Array;
  /** For a page being checked: the term hash that won each signature bin (not stored in packs). */
  winners?: Uint32Array;
}

export function termHash(term: string): number {
  return hashString(term, PARAMS.seed);
}

const minhash = new MinHash(PARAMS.numPerm, PARAMS.seed);

export function fingerprint(text: AnalyzedText): Fingerprint {
  const sentences = text.sentences.slice(0, MAX_SENTENCES);
  const { terms, offsets } = sentenceSketches(sentences.map((s) => s.terms));
  const { signature, winners } = minhash.signWithWinners([...new Set(terms)]);
  return {
    signature,
    winners,
    terms,
    offsets,
    words: Uint16Array.from(sentences, (s) => Math.min(s.words, 0xffff)),
  };
}

/**
 * One sketch per list of terms: each sentence's distinct term hashes, in order of first
 * mention, not sorted - adjacent terms are the sentence's word pairs, which phrase
 * containment (lib/match/evidence.ts) reads back from the sketch.
 */
export function sentenceSketches(lists: ReadonlyArray<readonly string[]>): Pick<Fingerprint, 'terms' | 'offsets'> {
  const perSentence: number[][] = [];
  for (const list of lists) {
    const set = new Set<number>();
    for (const t of list) {
      if (set.size >= MAX_TERMS_PER_SENTENCE) break;
      set.add(termHash(t));
    }
    perSentence.push([...set]);
  }
  const offsets = new Uint32Array(perSentence.length + 1);
  perSentence.forEach((s, i) => (offsets[i + 1] = offsets[i]! + s.length));
  const terms = new Uint32Array(offsets[perSentence.length]!);
  perSentence.forEach((s, i) => terms.set(s, offsets[i]!));
  return { terms, offsets };
}

/** The signature of a set of sentence sketches' terms: what fingerprint() signs, read back from the sketches alone. */
export function signTerms(terms: ArrayLike<number>): Uint32Array {
  return minhash.sign(terms);
}

/**
 * The term that won each signature bin. Packs do not store winners: they are signed again
 * from the sentence sketches, whose union is the set the signature was made from. Null when
 * that does not give the stored signature back (a pack from some other tool), so that a
 * caller falls back to keeping every band.
 */
export function winnersOf(fp: Fingerprint): Uint32Array | null {
  if (fp.winners) return fp.winners;
  const { signature, winners } = minhash.signWithWinners(fp.terms);
  for (let i = 0; i < signature.length; i++) if (signature[i] !== fp.signature[i]) return null;
  return winners;
}

export { MinHash };
