// Written by `npm run fit` (scripts/fit-verdict.ts) from 4508 (page, candidate) pairs of
// ../shared/corpora/realworld-dev (304 pages, 14 stories); hard negatives weighted 20,
// L2 penalty 100 (of 1, 3, 10, 30, 100, chosen leave-one-story-out), threshold over every one of the independent reports. Do not edit by hand.
import type { VerdictModel } from './verify';

export const VERDICT_MODEL: VerdictModel = {
  features: ['phrases', 'sequential', 'similarity', 'details', 'ordinary'],
  mean: [0.0159868, 0.0916466, 0.0554527, 0.282012, 0.103501],
  scale: [0.0891209, 0.680498, 0.158871, 0.693715, 0.468887],
  weights: [0.587036, 0.23432, 0.207532, 0.333091, 0.479023],
  bias: -7.59428,
  threshold: -2.40846,
};
