// Written by `npm run fit` (scripts/fit-verdict.ts) from 8606 (page, candidate) pairs of
// ../shared/corpora/realworld-dev (304 pages, 14 stories); hard negatives weighted 20,
// L2 penalty 1 (of 1, 3, 10, 30, 100, chosen leave-one-story-out), threshold over every one of the independent reports. Do not edit by hand.
import type { VerdictModel } from './verify';

export const VERDICT_MODEL: VerdictModel = {
  features: ['phrases', 'chain', 'sequential', 'similarity', 'novel', 'details'],
  mean: [0.00861708, 0.0644899, 0.0491621, 0.0336176, 0.911814, 0.16883],
  scale: [0.0651508, 0.642011, 0.501942, 0.127892, 0.170975, 0.539078],
  weights: [1.05216, 0.0437641, 0.679505, -0.100705, 0.701355, 1.27275],
  bias: -8.98338,
  threshold: -1.49077,
};
