export type { Entry, EntryMeta } from './entry';
export { LshIndex, bandMask, type LshTables, type BandMask } from './lsh';
export { parseCorpusLine, readCorpus } from './corpus-file';
export { entryFromArticle, type CorpusArticle } from './corpus';
export { commonBandMask, packTables, type IsCommon } from './import';
export { MemoryIndex, CANDIDATE_MIN_HITS, MIN_BAND_WEIGHT } from './memory';
export { readPack, writePack, validateMeta, PACK_LIMITS, PACK_VERSION, type Pack, type PackHeader, type PackResult } from './pack';
export {
  parseManifest,
  writeManifest,
  sha256Hex,
  splitByPeriod,
  periodOf,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  type Manifest,
  type ManifestPart,
  type ManifestResult,
} from './manifest';
