export type { Entry, EntryMeta } from './entry';
export { isSameEntry } from './entry';
export { parseCorpusLine, readCorpus } from './corpus-file';
export { entryFromArticle, type CorpusArticle } from './corpus';
export {
  readPack,
  writePack,
  validateMeta,
  withoutMarkup,
  PACK_LIMITS,
  PACK_VERSION,
  type Pack,
  type PackHeader,
  type PackResult,
} from './pack';
export { blobSource, readEntries, scanPack, type PackScan, type PackSource, type ScanResult } from './pack-slices';
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
