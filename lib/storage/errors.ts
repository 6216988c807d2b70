/**
 * A store that cannot answer right now (a node down, a cluster without full slot coverage):
 * the check is refused with this message rather than answered from part of the index.
 * The HTTP endpoint answers it with 503, the command line with exit status 1.
 */
export class StoreUnavailable extends Error {
  override name = 'StoreUnavailable';
}

/** A store whose content this engine cannot read (other fingerprint parameters, a damaged value). */
export class StoreRefused extends Error {
  override name = 'StoreRefused';
}
