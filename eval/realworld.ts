/**
 * The real-world dev set (../shared/corpora/realworld-dev, its README gives the protocol):
 * index = the 2,225 BBC 2005 articles + each story's original, marked original; queries =
 * every derived and independent page, its title as headline and its text.
 * The pages are third-party text: read from ../shared at evaluation time, never copied here.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprint } from '../lib/fingerprint';
import { readCorpus, type CorpusArticle } from '../lib/index';
import type { MemoryIndex } from '../lib/storage';
import { check, type Idf, type VerdictModel } from '../lib/match';
import { probeOf } from '../lib/candidates';
import { analyzePage, CANDIDATES } from '../lib/match/check';
import { gatherEvidence, pageView } from '../lib/match/evidence';
import { curveSvg, precisionRecall, type Scored } from './curve';
import { fitVerdict, pageMargins, type Row } from './fit';
import { BBC_CORPUS, SHARED } from '../scripts/shared-data';

export const REALWORLD = join(SHARED, 'corpora/realworld-dev');

export interface RealPage {
  id: string;
  cluster: string;
  url: string;
  role: 'original' | 'derived' | 'independent';
  kind: string;
  title: string;
  text: string;
}

export interface RealWorld {
  originals: CorpusArticle[];
  queries: Array<RealPage & { expect: string }>;
}

export const originalId = (cluster: string) => `original/${cluster}`;

/** The objects of a JSON Lines file. */
export function jsonLines<T = Record<string, string>>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

export function loadRealWorld(): RealWorld {
  const pages: RealPage[] = readdirSync(REALWORLD)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) => jsonLines<RealPage>(join(REALWORLD, f)));
  const originals = pages
    .filter((p) => p.role === 'original')
    .map((p) => ({ id: originalId(p.cluster), title: p.title || p.cluster, text: p.text, url: p.url, original: true }));
  const queries = pages
    .filter((p) => p.role !== 'original')
    // As the reference scorer sends them: the headline, when the page has one, heads the text.
    .map((p) => ({ ...p, text: p.title ? `${p.title}\n\n${p.text}` : p.text, expect: originalId(p.cluster) }));
  return { originals, queries };
}

export function loadBbc(): CorpusArticle[] {
  return readCorpus(readFileSync(BBC_CORPUS, 'utf8'), BBC_CORPUS).map((a) => ({ ...a, publisher: 'BBC News' }));
}

export interface Fold {
  cluster: string;
  model: VerdictModel;
}

/** Every (page, candidate) pair's evidence: what the verdict model is fitted on. */
export function collectRows(index: MemoryIndex, idf: Idf, queries: RealWorld['queries']): Row[] {
  return queries.flatMap((q) => {
    const analyzed = analyzePage({ text: q.text, lang: 'en' });
    const fp = fingerprint(analyzed);
    const view = pageView(analyzed, fp, q.title);
    return index.candidates(probeOf(fp, idf), CANDIDATES).map(({ entry }) => {
      const positive = entry.meta.id === q.expect;
      return {
        cluster: q.cluster,
        query: q.id,
        derived: q.role === 'derived',
        positive: positive && q.role === 'derived',
        hard: positive && q.role === 'independent',
        features: gatherEvidence(view, entry.fingerprint, idf).features,
      };
    });
  });
}

/** Leave-one-story-out: for each story, the model fitted on the other stories. */
export function leaveOneStoryOut(rows: readonly Row[]): Fold[] {
  return [...new Set(rows.map((r) => r.cluster))]
    .sort()
    .map((cluster) => ({ cluster, model: fitVerdict(rows.filter((r) => r.cluster !== cluster)) }));
}

export interface Outcome {
  query: RealWorld['queries'][number];
  /** Derived: found (the original first and a likely source). Independent: flagged (the original a likely source). */
  hit: boolean;
}

/** The README's protocol: each page checked with the model that never saw its story. */
export function scoreFolds(
  index: MemoryIndex,
  idf: Idf,
  queries: RealWorld['queries'],
  model: (cluster: string) => VerdictModel,
): Outcome[] {
  return queries.map((query) => {
    const { matches } = check({ title: query.title, text: query.text }, index, idf, model(query.cluster));
    const hit =
      query.role === 'derived'
        ? matches[0]?.id === query.expect && matches[0].verdict === 'likely-source'
        : matches.some((m) => m.id === query.expect && m.verdict === 'likely-source');
    return { query, hit };
  });
}

export function realWorldTable(outcomes: readonly Outcome[]) {
  const count = (xs: readonly Outcome[]) => `${xs.filter((o) => o.hit).length}/${xs.length}`;
  const derived = outcomes.filter((o) => o.query.role === 'derived');
  const independent = outcomes.filter((o) => o.query.role === 'independent');
  const kinds = [...new Set(derived.map((o) => o.query.kind))].sort();
  const stories = [...new Set(outcomes.map((o) => o.query.cluster))].sort();
  return {
    found: Object.fromEntries([
      ...kinds.map((k) => [k, count(derived.filter((o) => o.query.kind === k))]),
      ['all derived', count(derived)],
    ]),
    flagged: Object.fromEntries([
      ...stories.map((s) => [s, count(independent.filter((o) => o.query.cluster === s))]),
      ['all independent', count(independent)],
    ]),
  };
}

/** Each page's margin over its fold's threshold (see eval/curve.ts), from the rows alone. */
export function foldMargins(rows: readonly Row[], folds: readonly Fold[]): Scored[] {
  const models = new Map(folds.map((f) => [f.cluster, f.model]));
  return pageMargins(rows, (story) => models.get(story)!);
}

/**
 * `npm run eval`'s real-world section: every page checked with the model fitted on the
 * other 13 stories, found per kind and flagged per story; the curve written as an SVG.
 */
export function evaluateRealWorld(idf: Idf, index: MemoryIndex, curveFile: string) {
  const rw = loadRealWorld();
  const rows = collectRows(index, idf, rw.queries);
  const folds = leaveOneStoryOut(rows);
  const models = new Map(folds.map((f) => [f.cluster, f.model]));
  const table = realWorldTable(scoreFolds(index, idf, rw.queries, (c) => models.get(c)!));
  // Pages that never had their original among the candidates count as misses, as in the table.
  const nDerived = rw.queries.filter((q) => q.role === 'derived').length;
  const margins = foldMargins(rows, folds);
  const missingDerived = nDerived - margins.filter((m) => m.derived).length;
  const curve = precisionRecall([...margins, ...Array.from({ length: missingDerived }, () => ({ derived: true, margin: null }))]);
  const at = (offset: number) => curve.filter((p) => p.offset >= offset).at(-1)!;
  const point = at(0);
  writeFileSync(
    curveFile,
    curveSvg(curve, [
      {
        label: `operating point: ${(100 * point.recall).toFixed(0)}% found, ${(100 * point.flagged).toFixed(1)}% of independents flagged`,
        ...point,
      },
    ]),
  );
  return { table, operatingPoint: point };
}
