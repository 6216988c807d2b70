/**
 * Section 1: fingerprinting cost and accuracy - our one-permutation MinHash against the
 * `minhash` npm package (classic MinHash: one hash per term and permutation), same terms,
 * same run.
 */
import { createRequire } from 'node:module';
import { fingerprint, MinHash, PARAMS, termHash } from '../lib/fingerprint';
import { analyze } from '../lib/text';
import { loadBbc } from './data';
import { mean, median, ms, now, ratio, rng, shuffle, table } from './util';

interface PkgMinhash {
  update(term: string): void;
  jaccard(other: PkgMinhash): number;
}
type PkgMinhashClass = new (config?: { numPerm?: number; seed?: number }) => PkgMinhash;
const { Minhash } = createRequire(import.meta.url)('minhash') as { Minhash: PkgMinhashClass };

const PKG_PERM = 128;

export interface FingerprintResults {
  articles: number;
  meanWords: number;
  meanTerms: number;
  meanDistinctTerms: number;
  perArticleMs: {
    analyze: number;
    engineFingerprint: number;
    ours64: number;
    ours128: number;
    minhashPackage128: number;
    minhashPackageConstructor: number;
  };
  ratio: { package128OverOurs64: number; package128OverOurs128: number };
  accuracy: AccuracyResults;
}

interface AccuracyResults {
  pairs: number;
  byKind: Record<string, number>;
  exactJaccard: { min: number; median: number; max: number; mean: number };
  meanAbsError: { ours64: number; ours128: number; minhashPackage128: number };
  meanSignedError: { ours64: number; ours128: number; minhashPackage128: number };
  theoreticalStdError: { k64: number; k128: number };
}

/** Per-article time of `fn` over all inputs: the median, over rounds, of (round time / inputs). */
function perArticle<T>(inputs: readonly T[], fn: (x: T) => unknown, minMs = 400, warmupRounds = 3): number {
  for (let r = 0; r < warmupRounds; r++) for (const x of inputs) fn(x);
  const rounds: number[] = [];
  const start = now();
  while (rounds.length < 5 || (now() - start < minMs && rounds.length < 2000)) {
    const t = now();
    for (const x of inputs) fn(x);
    rounds.push((now() - t) / inputs.length);
  }
  return median(rounds);
}

const ours64 = new MinHash(64, PARAMS.seed);
const ours128 = new MinHash(128, PARAMS.seed);

function signOurs(mh: MinHash, terms: readonly string[]): Uint32Array {
  const features = new Uint32Array(terms.length);
  for (let i = 0; i < terms.length; i++) features[i] = termHash(terms[i]!);
  return mh.sign(features);
}

function signPackage(terms: readonly string[]): PkgMinhash {
  const m = new Minhash({ numPerm: PKG_PERM });
  for (const t of terms) m.update(t);
  return m;
}

function exactJaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  const union = a.size + b.size - shared;
  return union ? shared / union : 0;
}

/** ~200 pairs of term sets with known Jaccard: the most similar article of 100 BBC articles, and 100 synthetic subsets/mixtures. */
function accuracy(termSets: Array<{ category: string; terms: Set<string> }>): AccuracyResults {
  const next = rng(2005);
  const pairs: Array<{ kind: string; a: string[]; b: string[] }> = [];
  const order = shuffle(
    termSets.map((_, i) => i),
    next,
  );
  // Related articles: each sampled article with its most similar article in the same category (exact Jaccard).
  for (const i of order.slice(0, 100)) {
    const a = termSets[i]!;
    let best = -1;
    let bestJ = -1;
    termSets.forEach((b, j) => {
      if (j === i || b.category !== a.category) return;
      const jac = exactJaccard(a.terms, b.terms);
      if (jac > bestJ) [best, bestJ] = [j, jac];
    });
    if (best >= 0) pairs.push({ kind: 'related articles', a: [...a.terms], b: [...termSets[best]!.terms] });
  }
  // Synthetic: a random subset of an article (J = |B|/|A|), or a subset mixed with another article's terms.
  for (let s = 0; s < 100; s++) {
    const a = shuffle([...termSets[order[100 + s]!]!.terms], next);
    const keep = Math.max(1, Math.round(a.length * (0.05 + 0.9 * (next() / 2 ** 32))));
    if (s % 2 === 0) {
      pairs.push({ kind: 'subset', a, b: a.slice(0, keep) });
    } else {
      const aSet = new Set(a);
      const other = [...termSets[order[200 + s]!]!.terms].filter((t) => !aSet.has(t));
      pairs.push({ kind: 'subset + other article', a, b: [...a.slice(0, keep), ...other.slice(0, a.length - keep)] });
    }
  }
  const errs = { ours64: [] as number[], ours128: [] as number[], minhashPackage128: [] as number[] };
  const signed = { ours64: [] as number[], ours128: [] as number[], minhashPackage128: [] as number[] };
  const exact: number[] = [];
  const se64: number[] = [];
  const se128: number[] = [];
  const byKind: Record<string, number> = {};
  for (const p of pairs) {
    byKind[p.kind] = (byKind[p.kind] ?? 0) + 1;
    const j = exactJaccard(new Set(p.a), new Set(p.b));
    exact.push(j);
    se64.push(Math.sqrt((j * (1 - j)) / 64));
    se128.push(Math.sqrt((j * (1 - j)) / 128));
    const est = {
      ours64: MinHash.jaccard(signOurs(ours64, p.a), signOurs(ours64, p.b)),
      ours128: MinHash.jaccard(signOurs(ours128, p.a), signOurs(ours128, p.b)),
      minhashPackage128: signPackage(p.a).jaccard(signPackage(p.b)),
    };
    for (const k of ['ours64', 'ours128', 'minhashPackage128'] as const) {
      errs[k].push(Math.abs(est[k] - j));
      signed[k].push(est[k] - j);
    }
  }
  return {
    pairs: pairs.length,
    byKind,
    exactJaccard: { min: Math.min(...exact), median: median(exact), max: Math.max(...exact), mean: mean(exact) },
    meanAbsError: { ours64: mean(errs.ours64), ours128: mean(errs.ours128), minhashPackage128: mean(errs.minhashPackage128) },
    meanSignedError: { ours64: mean(signed.ours64), ours128: mean(signed.ours128), minhashPackage128: mean(signed.minhashPackage128) },
    theoreticalStdError: { k64: mean(se64), k128: mean(se128) },
  };
}

export function benchFingerprint(): FingerprintResults {
  const bbc = loadBbc();
  const analyzedAll = bbc.map((a) => ({ article: a, analyzed: analyze(a.text, a.lang ?? 'en') }));
  // The 1,000-word articles of the corpus (900-1,100 words).
  const long = analyzedAll.filter((x) => x.analyzed.words >= 900 && x.analyzed.words <= 1100);
  const inputs = long.map((x) => {
    const all = x.analyzed.sentences.flatMap((s) => s.terms);
    return { text: x.article.text, analyzed: x.analyzed, terms: all, distinct: [...new Set(all)] };
  });

  const tAnalyze = perArticle(inputs, (x) => analyze(x.text, 'en'), 1000, 1);
  const tEngine = perArticle(inputs, (x) => fingerprint(x.analyzed));
  const t64 = perArticle(inputs, (x) => signOurs(ours64, x.distinct));
  const t128 = perArticle(inputs, (x) => signOurs(ours128, x.distinct));
  const tPkg = perArticle(inputs, (x) => signPackage(x.distinct), 1500);
  const tCtor = perArticle(inputs, () => new Minhash({ numPerm: PKG_PERM }));

  const acc = accuracy(
    analyzedAll.map((x) => ({
      category: x.article.id.split('/')[1] ?? '',
      terms: new Set(x.analyzed.sentences.flatMap((s) => s.terms)),
    })),
  );

  const results: FingerprintResults = {
    articles: inputs.length,
    meanWords: mean(inputs.map((x) => x.analyzed.words)),
    meanTerms: mean(inputs.map((x) => x.terms.length)),
    meanDistinctTerms: mean(inputs.map((x) => x.distinct.length)),
    perArticleMs: {
      analyze: tAnalyze,
      engineFingerprint: tEngine,
      ours64: t64,
      ours128: t128,
      minhashPackage128: tPkg,
      minhashPackageConstructor: tCtor,
    },
    ratio: { package128OverOurs64: tPkg / t64, package128OverOurs128: tPkg / t128 },
    accuracy: acc,
  };
  print(results);
  return results;
}

function print(r: FingerprintResults): void {
  const t = r.perArticleMs;
  const f3 = (x: number) => x.toFixed(3);
  table(
    `1. Fingerprint of a 1,000-word article (${r.articles} BBC articles of 900-1,100 words; mean ${Math.round(r.meanWords)} words, ` +
      `${Math.round(r.meanTerms)} content terms, ${Math.round(r.meanDistinctTerms)} distinct)`,
    ['method', 'per article', 'package / this'],
    [
      ['ours: termHash + MinHash.sign, 64 bins (engine)', ms(t.ours64), ratio(r.ratio.package128OverOurs64)],
      ['ours: termHash + MinHash.sign, 128 bins', ms(t.ours128), ratio(r.ratio.package128OverOurs128)],
      [`minhash package: new Minhash + update, ${PKG_PERM} perms`, ms(t.minhashPackage128), '1.0x'],
      ['  of which new Minhash({numPerm: 128})', ms(t.minhashPackageConstructor), '-'],
      ['context: lib/text analyze (segment, stopwords, stem)', ms(t.analyze), '-'],
      ['context: lib/fingerprint fingerprint() (sketches + MinHash 64)', ms(t.engineFingerprint), '-'],
    ],
    `Target: ours >= 30x faster than the package. Measured: ${ratio(r.ratio.package128OverOurs64)} (64 bins), ` +
      `${ratio(r.ratio.package128OverOurs128)} (128 bins, like for like).`,
  );
  const a = r.accuracy;
  table(
    `Jaccard estimate accuracy: ${a.pairs} pairs (${Object.entries(a.byKind)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}); exact J ${f3(a.exactJaccard.min)}-${f3(a.exactJaccard.max)}, median ${f3(a.exactJaccard.median)}`,
    ['estimator', 'k', 'mean |error|', 'mean error (bias)', 'theoretical SE'],
    [
      [
        'ours (one-permutation + densification)',
        64,
        f3(a.meanAbsError.ours64),
        f3(a.meanSignedError.ours64),
        f3(a.theoreticalStdError.k64),
      ],
      [
        'ours (one-permutation + densification)',
        128,
        f3(a.meanAbsError.ours128),
        f3(a.meanSignedError.ours128),
        f3(a.theoreticalStdError.k128),
      ],
      [
        'minhash package',
        128,
        f3(a.meanAbsError.minhashPackage128),
        f3(a.meanSignedError.minhashPackage128),
        f3(a.theoreticalStdError.k128),
      ],
    ],
    'Theoretical SE = mean over pairs of sqrt(J(1-J)/k); for an unbiased estimator the expected |error| is about 0.8 x SE.',
  );
}
