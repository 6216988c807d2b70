export { Idf } from './idf';
export { alignSentences, orderedChain, type SentenceAlignment } from './align';
export { verify, isLikelySource, CALIBRATION, type Evidence } from './verify';
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
