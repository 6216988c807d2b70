export { fmix32, hashString, hashPair } from './hash';
export { MinHash } from './minhash';
export {
  fingerprint,
  sentenceSketches,
  signTerms,
  termHash,
  winnersOf,
  PARAMS,
  MAX_SENTENCES,
  MAX_TERMS_PER_SENTENCE,
  type Fingerprint,
} from './sketch';
