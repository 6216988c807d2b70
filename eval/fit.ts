/**
 * Fitting the verdict model (lib/match/verify.ts): L2-regularised logistic regression by
 * Newton's method (IRLS) on standardised features, and the operating point - the lowest
 * log-odds threshold at which at most 1% of the training set's independent reports would
 * be flagged. Five features and a few thousand rows: a dependency for this would weigh
 * more than the 60 lines here.
 */
import { logOdds, type Features, type VerdictModel } from '../lib/match';

/** The features the model combines (see Features in lib/match/evidence.ts). */
export const MODEL_FEATURES: ReadonlyArray<keyof Features> = ['phrases', 'chain', 'sequential', 'similarity', 'novel'];

export interface Row {
  cluster: string;
  query: string;
  /** The page was taken from its story's original (else it is an independent report). */
  derived: boolean;
  /** The page was taken from this candidate. */
  positive: boolean;
  /** An independent report paired with its story's original: the negatives that matter. */
  hard: boolean;
  features: Features;
}

export const FIT = {
  /** Weight of a hard negative against an easy one (an unrelated BBC candidate). */
  hardWeight: 20,
  /** L2 penalty on the standardised weights. */
  lambda: 10,
  /** Share of independent reports that may lie over the threshold. */
  maxFlagged: 0.01,
} as const;

function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

export function fitModel(rows: readonly Row[], features = MODEL_FEATURES): VerdictModel {
  const d = features.length;
  const raw = rows.map((r) => features.map((f) => r.features[f]));
  const mean = features.map((_, j) => raw.reduce((s, x) => s + x[j]!, 0) / raw.length);
  const scale = features.map((_, j) => Math.sqrt(raw.reduce((s, x) => s + (x[j]! - mean[j]!) ** 2, 0) / raw.length) || 1);
  const X = raw.map((x) => [...x.map((v, j) => (v - mean[j]!) / scale[j]!), 1]);
  const y = rows.map((r) => (r.positive ? 1 : 0));
  const w = rows.map((r) => (r.hard ? FIT.hardWeight : 1));
  let beta = new Array<number>(d + 1).fill(0);
  for (let iter = 0; iter < 50; iter++) {
    const grad = beta.map((b, j) => (j < d ? FIT.lambda * b : 0));
    const hess = beta.map((_, j) => beta.map((_, k) => (j === k && j < d ? FIT.lambda : 0)));
    X.forEach((x, i) => {
      const p = 1 / (1 + Math.exp(-x.reduce((s, v, j) => s + v * beta[j]!, 0)));
      const g = w[i]! * (p - y[i]!);
      const h = w[i]! * p * (1 - p);
      for (let j = 0; j <= d; j++) {
        grad[j]! += g * x[j]!;
        for (let k = 0; k <= d; k++) hess[j]![k]! += h * x[j]! * x[k]!;
      }
    });
    const step = solve(hess, grad);
    beta = beta.map((b, j) => b - step[j]!);
    if (Math.max(...step.map(Math.abs)) < 1e-9) break;
  }
  const model: VerdictModel = { features: [...features], mean, scale, weights: beta.slice(0, d), bias: beta[d]!, threshold: 0 };
  return { ...model, threshold: operatingPoint(rows, model) };
}

/** Lowest threshold with at most FIT.maxFlagged of the independent reports' scores at or above it. */
function operatingPoint(rows: readonly Row[], model: VerdictModel): number {
  const hard = rows.filter((r) => r.hard).map((r) => logOdds(r.features, model));
  hard.sort((a, b) => b - a);
  const allowed = Math.floor(FIT.maxFlagged * hard.length);
  return allowed < hard.length ? hard[allowed]! + 1e-6 : -Infinity;
}
