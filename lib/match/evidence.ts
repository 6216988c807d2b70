import { termHash, type Fingerprint } from '../fingerprint';
import { hashPair } from '../fingerprint/hash';
import { analyze, type AnalyzedText } from '../text';
import { alignSentences, orderedChain, sequentialEvidence, type SentenceAlignment } from './align';
import type { Idf } from './idf';

/**
 * The evidence that a page was taken from one candidate source: a pure function of the
 * page, the candidate's fingerprint and the IDF table, the same wherever the candidate
 * came from. What a copy or a rewrite keeps is the source's own wording and order, and it
 * adds little of its own; an independent report of the same event shares names, numbers
 * and quotes, but writes its own sentences in its own order. Quoted sentences are weak
 * evidence: every report quotes the same statement in the statement's order.
 */

/** A page sentence counts as quoted when at least this share of its letters is inside quotation marks. */
const QUOTED = 0.5;
/** Page sentences shorter than this (captions, fixture lines) are no evidence of order. */
const EVIDENCE_WORDS = 6;
/** A page sentence aligned at least this closely is counted as taken (the overlap figure). */
export const ALIGNED = 0.3;
/** Alignments this close, outside quotes and in the source's order, make the ordered chain. */
const STRONG = 0.6;
/** Weakest alignment that counts as a step in the source's local order. */
const STEP = 0.2;
/** A page sentence aligned less closely than this has no counterpart in the source. */
const NOVEL = 0.15;

/** The page side of every candidate's evidence, computed once per check. */
export interface PageView {
  fp: Fingerprint;
  /** Whether each sentence is mostly inside quotation marks. */
  quoted: boolean[];
  /** Word pairs of each sentence outside quotes (hashes), empty for quoted sentences. */
  phrases: Uint32Array[];
  /** Content-term hashes of the headline: the given title, else the first sentence. */
  headline: Set<number>;
}

/**
 * Word pairs of sentence s of a sketch: its adjacent content terms, read back from the
 * sketch (which keeps terms in their order of first mention), so that phrase containment
 * needs nothing of the source but its fingerprint.
 */
function sketchPairs(fp: Fingerprint, s: number): number[] {
  const out: number[] = [];
  for (let k = fp.offsets[s]! + 1; k < fp.offsets[s + 1]!; k++) out.push(hashPair(fp.terms[k - 1]!, fp.terms[k]!));
  return out;
}

function allPairs(fp: Fingerprint): Set<number> {
  const out = new Set<number>();
  for (let s = 0; s < fp.offsets.length - 1; s++) for (const p of sketchPairs(fp, s)) out.add(p);
  return out;
}

export function titleTerms(title: string | undefined, lang = 'en'): Set<number> {
  return new Set((title ? analyze(title, lang).sentences : []).flatMap((s) => s.terms.map(termHash)));
}

export function pageView(analyzed: AnalyzedText, fp: Fingerprint, title?: string): PageView {
  const sentences = analyzed.sentences.slice(0, fp.offsets.length - 1);
  const quoted = sentences.map((s) => s.quoted >= QUOTED);
  const headline = title?.trim() ? titleTerms(title, analyzed.lang) : new Set((sentences[0]?.terms ?? []).map(termHash));
  return {
    fp,
    quoted,
    phrases: sentences.map((_, i) => (quoted[i] ? new Uint32Array(0) : Uint32Array.from(new Set(sketchPairs(fp, i))))),
    headline,
  };
}

/** The measures the verdict model combines (lib/match/verdict-model.ts), named as the fit script names them. */
export interface Features {
  /** Share of the page's word pairs outside quotes that the source also has, 0-1. */
  phrases: number;
  /** Strong alignments outside quotes in the source's order (longest increasing chain). */
  chain: number;
  /** Similarity-weighted count of unquoted steps that follow the source's local order. */
  sequential: number;
  /** Mean similarity of the taken sentences, 0-1. */
  similarity: number;
  /** Share of the page's words in sentences with no counterpart in the source, 0-1. */
  novel: number;
}

export interface Evidence {
  /** Every page sentence's best alignment with this source. */
  alignments: SentenceAlignment[];
  /** Page sentences counted as taken from the source (similarity >= ALIGNED). */
  taken: SentenceAlignment[];
  /** Strong unquoted alignments in the source's order. */
  chain: SentenceAlignment[];
  /** Share of the page's words in taken sentences, 0-100 (quotes included: once a page is judged derived, its quotes were taken too). */
  overlap: number;
  /** Share of the source's sentences that some page sentence took, 0-1. */
  coverage: number;
  /** IDF-weighted similarity of the page's headline to the source's title, 0-1. */
  headline: number;
  /** Page sentences (of at least six words) outside quotes. */
  unquotedSentences: number;
  features: Features;
}

function overlapOfSets(a: Set<number>, b: Set<number>, idf: Idf): number {
  let shared = 0;
  let na = 0;
  let nb = 0;
  for (const t of a) {
    const w = idf.weight(t);
    na += w;
    if (b.has(t)) shared += w;
  }
  for (const t of b) nb += idf.weight(t);
  return na && nb ? shared / Math.sqrt(na * nb) : 0;
}

export function gatherEvidence(page: PageView, source: Fingerprint, sourceTitle: Set<number>, idf: Idf): Evidence {
  const fp = page.fp;
  const alignments = alignSentences(fp, source, idf);
  const real = alignments.filter((a) => fp.words[a.page]! >= EVIDENCE_WORDS);
  const unquoted = real.filter((a) => !page.quoted[a.page]);
  const taken = alignments.filter((a) => a.similarity >= ALIGNED);
  const chain = orderedChain(unquoted.filter((a) => a.similarity >= STRONG));

  let pageWords = 0;
  let takenWords = 0;
  let novelWords = 0;
  let simSum = 0;
  for (const a of alignments) {
    const w = fp.words[a.page]!;
    pageWords += w;
    if (a.similarity >= ALIGNED) {
      takenWords += w;
      simSum += a.similarity;
    }
    if (a.similarity < NOVEL && w >= EVIDENCE_WORDS) novelWords += w;
  }
  const sourcePairs = allPairs(source);
  let pairs = 0;
  let sharedPairs = 0;
  for (const sentence of page.phrases) {
    pairs += sentence.length;
    for (const p of sentence) if (sourcePairs.has(p)) sharedPairs++;
  }
  const sourceSentences = source.offsets.length - 1;
  return {
    alignments,
    taken,
    chain,
    overlap: pageWords ? (100 * takenWords) / pageWords : 0,
    coverage: sourceSentences ? new Set(taken.map((a) => a.source)).size / sourceSentences : 0,
    headline: overlapOfSets(page.headline, sourceTitle, idf),
    unquotedSentences: unquoted.length,
    features: {
      phrases: pairs ? sharedPairs / pairs : 0,
      chain: chain.length,
      sequential: sequentialEvidence(unquoted, STEP),
      similarity: taken.length ? simSum / taken.length : 0,
      novel: pageWords ? novelWords / pageWords : 0,
    },
  };
}
