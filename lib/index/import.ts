import { PARAMS, winnersOf, type Fingerprint } from '../fingerprint';
import type { Entry } from './entry';
import { bandMask, LshIndex, type BandMask, type LshTables } from './lsh';

/** Whether a term hash is a common word (its band is never looked up): from the IDF table. */
export type IsCommon = (termHash: number) => boolean;

/**
 * The bands of an entry worth a posting: those whose winning term is not a common word. A
 * page shares a band value only through the same winning term, whose weight is then below
 * MIN_BAND_WEIGHT on the page too, so the query would skip that band: leaving it out of the
 * tables changes no answer and saves about half of them.
 */
export function commonBandMask(fp: Fingerprint, isCommon: IsCommon | undefined): BandMask | null {
  if (!isCommon) return null;
  const winners = winnersOf(fp);
  return winners && bandMask(PARAMS.numPerm, (b) => !isCommon(winners[b]!));
}

/** The frozen LSH tables of a pack's entries, common-word bands left out (see commonBandMask). */
export function packTables(entries: readonly Entry[], isCommon?: IsCommon): LshTables {
  return LshIndex.build(
    entries.length,
    PARAMS.numPerm,
    (i) => entries[i]!.fingerprint.signature,
    (i) => commonBandMask(entries[i]!.fingerprint, isCommon),
  );
}
