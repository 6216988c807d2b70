import type { Fingerprint } from '../fingerprint';
import { gatherEvidence, type Evidence, type Features, type PageView } from './evidence';
import type { Idf } from './idf';
import { VERDICT_MODEL } from './verdict-model';

export type { Evidence, Features };

/**
 * The verdict: a logistic model over the evidence (lib/match/evidence.ts), fitted on real
 * web pages - copies, AI rewrites, partial copies and independent reports of the same
 * events - by `npm run fit` (scripts/fit-verdict.ts), which writes its coefficients and
 * the operating point (just over every independent report it was fitted on) to
 * verdict-model.ts. Hand thresholds tuned on text written for the project did not carry to
 * real pages; a fit that is cross-validated story by story does (README, "How accuracy was measured").
 */
export interface VerdictModel {
  features: ReadonlyArray<keyof Features>;
  /** Per feature: the training mean and standard deviation it is standardised with. */
  mean: readonly number[];
  scale: readonly number[];
  weights: readonly number[];
  bias: number;
  /** Log-odds at or above which a candidate is a likely source. */
  threshold: number;
}

/** Log-odds that the page was taken from the source. */
export function logOdds(f: Features, model: VerdictModel = VERDICT_MODEL): number {
  let z = model.bias;
  model.features.forEach((name, i) => (z += (model.weights[i]! * (f[name] - model.mean[i]!)) / model.scale[i]!));
  return z;
}

export interface Verified extends Evidence {
  /** Log-odds of the verdict model; candidates are ranked by it. */
  score: number;
}

export function verify(page: PageView, source: Fingerprint, idf: Idf, model = VERDICT_MODEL): Verified {
  const evidence = gatherEvidence(page, source, idf);
  return { ...evidence, score: logOdds(evidence.features, model) };
}

export function isLikelySource(e: Verified, model: VerdictModel = VERDICT_MODEL): boolean {
  return e.score >= model.threshold;
}
