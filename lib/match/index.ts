export { Idf } from './idf';
export { alignSentences, orderedChain, type SentenceAlignment } from './align';
export { verify, isLikelySource, logOdds, type Evidence, type Features, type Verified, type VerdictModel } from './verify';
export { pageView, titleTerms, type PageView } from './evidence';
export {
  check,
  checkWith,
  MIN_WORDS,
  CANDIDATES,
  type CheckInput,
  type CheckResult,
  type Match,
  type Passage,
  type Verdict,
} from './check';
