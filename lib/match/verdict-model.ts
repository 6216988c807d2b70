// Written by `npm run fit` (scripts/fit-verdict.ts) from 4508 (page, candidate) pairs of
// ../shared/corpora/realworld-dev (304 pages, 14 stories); hard negatives weighted 20,
// L2 penalty 1 (of 1, 3, 10, 30, 100, chosen leave-one-story-out), threshold over every one of the independent reports. Do not edit by hand.
import type { VerdictModel } from './verify';

export const VERDICT_MODEL: VerdictModel = {
  features: ['phrases', 'chain', 'sequential', 'similarity', 'novel', 'details'],
  mean: [0.01593, 0.123114, 0.0939229, 0.0568666, 0.871091, 0.282661],
  scale: [0.0893259, 0.882979, 0.690669, 0.164278, 0.219378, 0.70174],
  weights: [1.42179, 0.0868408, 0.905817, -0.166113, 0.884642, 1.56499],
  bias: -8.31582,
  threshold: -1.54428,
};
