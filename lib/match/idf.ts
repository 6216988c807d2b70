/**
 * Inverse document frequency of content terms, from a reference table of hashed
 * document frequencies (a count-sketch with one row: term hash -> bucket). Rare words
 * (names, places, numbers) decide whether two sentences say the same thing; common ones
 * barely count. The table is built once from a news corpus (scripts/build-idf.ts) and
 * shipped with the engine, so every index - one article or a million - weighs words
 * the same way, and the extension and the CLI agree.
 */
export class Idf {
  static readonly BUCKET_BITS = 18;
  readonly docs: number;
  private readonly df: Uint16Array;
  private readonly mask: number;
  private readonly maxWeight: number;

  constructor(df: Uint16Array, docs: number) {
    if (df.length !== 1 << Idf.BUCKET_BITS) throw new RangeError(`IDF table must have ${1 << Idf.BUCKET_BITS} buckets`);
    this.df = df;
    this.docs = docs;
    this.mask = df.length - 1;
    this.maxWeight = Math.log((docs + 1) / 1);
  }

  /** An empty table: every term weighs the same (used for languages the table does not know). */
  static uniform(): Idf {
    return new Idf(new Uint16Array(1 << Idf.BUCKET_BITS), 1);
  }

  static fromBytes(bytes: Uint8Array): Idf {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const docs = view.getUint32(0, true);
    const df = new Uint16Array(1 << Idf.BUCKET_BITS);
    for (let i = 0; i < df.length; i++) df[i] = view.getUint16(4 + 2 * i, true);
    return new Idf(df, docs);
  }

  toBytes(): Uint8Array {
    const out = new Uint8Array(4 + 2 * this.df.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, this.docs, true);
    for (let i = 0; i < this.df.length; i++) view.setUint16(4 + 2 * i, this.df[i]!, true);
    return out;
  }

  /** Builds the table from each document's set of term hashes. */
  static build(documents: Iterable<Iterable<number>>): Idf {
    const df = new Uint16Array(1 << Idf.BUCKET_BITS);
    const mask = df.length - 1;
    let docs = 0;
    for (const terms of documents) {
      docs++;
      for (const h of new Set(terms)) if (df[h & mask]! < 0xffff) df[h & mask]!++;
    }
    return new Idf(df, docs);
  }

  /** Smoothed IDF, log((N + 1) / (df + 1)), in [0, log(N + 1)]; floor keeps every term above zero. */
  weight(termHash: number): number {
    return Idf.weightOf(this.df[termHash & this.mask]!, this.docs);
  }

  /** The weight of a term in `df` of `docs` documents. */
  static weightOf(df: number, docs: number): number {
    return Math.max(0.1, Math.log((docs + 1) / (df + 1)));
  }

  /** The term's document frequency in the reference table (its bucket's count): the weight's order, as an integer. */
  frequency(termHash: number): number {
    return this.df[termHash & this.mask]!;
  }

  get max(): number {
    return this.maxWeight;
  }
}
