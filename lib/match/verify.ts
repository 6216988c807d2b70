import type { Fingerprint } from '../fingerprint';
import { alignSentences, orderedChain, sequentialEvidence, type SentenceAlignment } from './align';
import type { Idf } from './idf';

/**
 * Thresholds, calibrated on the dev set (eval/): see README "How accuracy was measured".
 * ALIGNED: a page sentence whose best IDF-cosine reaches this is counted as taken.
 * STRONG: alignments this close are evidence of copying when they keep the source's order.
 */
export const CALIBRATION = {
  aligned: 0.3,
  strong: 0.45,
  /** Shortest page sentence (in words) that counts as evidence of order. */
  evidenceWords: 6,
  /** Weakest alignment that can count as a step in the source's order (sequentialEvidence). */
  stepSimilarity: 0.2,
  /** Sequential evidence that makes a likely source... */
  sequential: 2,
  /** ...when at least this many strong alignments keep the source's order. */
  sequentialChain: 3,
  /**
   * Or a spin that rewrote most connecting sentences (so few steps in order survive) but
   * kept close wording: this much sequential evidence, this long an ordered chain, and
   * taken sentences this similar on average. Independent reports of the same event align
   * at 0.38-0.50 on average (their shared names and quotes), spins at 0.65-0.95; real
   * republished pages (not in the repository) went from 17 to 20 of 23 found with it, and
   * no independent report more.
   */
  closeSequential: 1,
  closeChain: 4,
  closeSimilarity: 0.65,
  /** Or, on a short page: this many strong alignments in order... */
  chain: 4,
  /** ...covering this share of the page's sentences (a brief that summarises the source). */
  chainShare: 0.6,
} as const;

export interface Evidence {
  /** Every page sentence's best alignment with this source. */
  alignments: SentenceAlignment[];
  /** Page sentences counted as taken from the source (similarity >= aligned). */
  taken: SentenceAlignment[];
  /** Strong alignments in the source's order. */
  chain: SentenceAlignment[];
  /** Similarity-weighted count of aligned sentences that follow the source's local order. */
  sequential: number;
  /** Share of the page's words in taken sentences, 0-100. */
  overlap: number;
  /** Mean similarity of the taken sentences, 0-1. */
  similarity: number;
  /** Share of the source's sentences that some page sentence took, 0-1. */
  coverage: number;
  score: number;
}

export function verify(page: Fingerprint, source: Fingerprint, idf: Idf): Evidence {
  const alignments = alignSentences(page, source, idf);
  const taken = alignments.filter((a) => a.similarity >= CALIBRATION.aligned);
  // Evidence of order comes from real sentences: a fixture line or a caption ("Arsenal v
  // Stoke") matches its look-alikes in every report of the same day.
  const sentences = alignments.filter((a) => page.words[a.page]! >= CALIBRATION.evidenceWords);
  const chain = orderedChain(sentences.filter((a) => a.similarity >= CALIBRATION.strong));
  let pageWords = 0;
  for (const w of page.words) pageWords += w;
  let takenWords = 0;
  let simSum = 0;
  for (const a of taken) {
    takenWords += page.words[a.page]!;
    simSum += a.similarity;
  }
  const sourceSentences = source.offsets.length - 1;
  const covered = new Set(taken.map((a) => a.source)).size;
  const overlap = pageWords ? (100 * takenWords) / pageWords : 0;
  const evidence: Evidence = {
    alignments,
    taken,
    chain,
    sequential: sequentialEvidence(sentences, CALIBRATION.stepSimilarity),
    overlap,
    similarity: taken.length ? simSum / taken.length : 0,
    coverage: sourceSentences ? covered / sourceSentences : 0,
    score: 0,
  };
  evidence.score = evidence.sequential + evidence.chain.length + overlap / 100;
  return evidence;
}

/**
 * The verdict rests on order, not on how many words are shared: independent reports of the
 * same event share names, numbers and quotes (40-70% of their words align) but tell the
 * story in their own order.
 */
export function isLikelySource(e: Evidence): boolean {
  if (e.sequential >= CALIBRATION.sequential && e.chain.length >= CALIBRATION.sequentialChain) return true;
  if (
    e.sequential >= CALIBRATION.closeSequential &&
    e.chain.length >= CALIBRATION.closeChain &&
    e.similarity >= CALIBRATION.closeSimilarity
  )
    return true;
  return e.chain.length >= CALIBRATION.chain && e.chain.length >= CALIBRATION.chainShare * e.alignments.length;
}
