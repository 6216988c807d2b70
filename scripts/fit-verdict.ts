/**
 * `npm run fit`: fits the verdict model on the real-world dev set (../shared/corpora/
 * realworld-dev, all 14 stories) and writes lib/match/verdict-model.ts. `npm run eval`
 * reports the same fit leave-one-story-out, the figure that predicts unseen stories.
 */
import { writeFileSync } from 'node:fs';
import { loadIdf } from '../cli/engine';
import { entryFromArticle } from '../lib/index';
import { MemoryIndex } from '../lib/storage';
import { FIT, fitVerdict } from '../eval/fit';
import { collectRows, loadBbc, loadRealWorld, REALWORLD } from '../eval/realworld';
import { BBC_CORPUS, requireShared } from './shared-data';

requireShared('npm run fit', [BBC_CORPUS, REALWORLD]);
const idf = loadIdf();
const rw = loadRealWorld();
const index = new MemoryIndex(idf);
index.addAll([...loadBbc(), ...rw.originals].map(entryFromArticle));
const rows = collectRows(index, idf, rw.queries);
const model = fitVerdict(rows);
const round = (xs: readonly number[]) => xs.map((x) => Number(x.toPrecision(6)));
const file = `// Written by \`npm run fit\` (scripts/fit-verdict.ts) from ${rows.length} (page, candidate) pairs of
// ../shared/corpora/realworld-dev (${rw.queries.length} pages, 14 stories); hard negatives weighted ${FIT.hardWeight},
// L2 penalty ${model.lambda} (of ${FIT.lambdas.join(', ')}, chosen leave-one-story-out), threshold over ${FIT.maxFlagged ? `all but ${100 * FIT.maxFlagged}% of` : 'every one of'} the independent reports. Do not edit by hand.
import type { VerdictModel } from './verify';

export const VERDICT_MODEL: VerdictModel = {
  features: ${JSON.stringify(model.features).replace(/"/g, "'").replace(/,/g, ', ')},
  mean: [${round(model.mean).join(', ')}],
  scale: [${round(model.scale).join(', ')}],
  weights: [${round(model.weights).join(', ')}],
  bias: ${Number(model.bias.toPrecision(6))},
  threshold: ${Number(model.threshold.toPrecision(6))},
};
`;
writeFileSync('lib/match/verdict-model.ts', file);
console.log(file);
