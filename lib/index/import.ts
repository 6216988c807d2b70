import { PARAMS } from '../fingerprint';
import type { Entry } from './entry';
import { LshIndex, type LshTables } from './lsh';
import { commonBandMask, type IsCommon } from './memory';

/** The frozen LSH tables of a pack's entries, common-word bands left out (see commonBandMask). */
export function packTables(entries: readonly Entry[], isCommon?: IsCommon): LshTables {
  return LshIndex.build(
    entries.length,
    PARAMS.numPerm,
    (i) => entries[i]!.fingerprint.signature,
    (i) => commonBandMask(entries[i]!.fingerprint, isCommon),
  );
}
