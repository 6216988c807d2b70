// Written by `npm run fit` (scripts/fit-verdict.ts) from 4496 (page, candidate) pairs of
// ../shared/corpora/realworld-dev (304 pages, 14 stories); hard negatives weighted 20,
// L2 penalty 100 (of 1, 3, 10, 30, 100, chosen leave-one-story-out), threshold over every one of the independent reports. Do not edit by hand.
import type { VerdictModel } from './verify';

export const VERDICT_MODEL: VerdictModel = {
  features: ['phrases', 'sequential', 'similarity', 'details', 'ordinary'],
  mean: [0.0160382, 0.0920674, 0.0549482, 0.281871, 0.103808],
  scale: [0.0893306, 0.681646, 0.158566, 0.694275, 0.469577],
  weights: [0.58579, 0.237109, 0.209757, 0.332897, 0.476574],
  bias: -7.59211,
  threshold: -2.41304,
};
