// Written by `npm run fit` (scripts/fit-verdict.ts) from 4508 (page, candidate) pairs of
// ../shared/corpora/realworld-dev (304 pages, 14 stories); hard negatives weighted 20,
// L2 penalty 1 (of 1, 3, 10, 30, 100, chosen leave-one-story-out), threshold over every one of the independent reports. Do not edit by hand.
import type { VerdictModel } from './verify';

export const VERDICT_MODEL: VerdictModel = {
  features: ['phrases', 'sequential', 'similarity', 'details'],
  mean: [0.01593, 0.0916466, 0.0554527, 0.279077],
  scale: [0.0893259, 0.680498, 0.158871, 0.690607],
  weights: [1.24909, 0.727318, 0.254887, 1.70452],
  bias: -12.2322,
  threshold: -1.54783,
};
