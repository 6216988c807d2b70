/**
 * Builds assets/idf.bin, the reference document-frequency table that weighs words in
 * sentence alignment, from the BBC 2005 corpus (2,225 news articles, ../shared/corpora)
 * plus the bundled originals. Only hashed counts are written, no text.
 * Run: npx tsx scripts/build-idf.ts [corpus.jsonl...]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fingerprint } from '../lib/fingerprint';
import { Idf } from '../lib/match';
import { analyze } from '../lib/text';
import { BBC_CORPUS, requireShared } from './shared-data';

const inputs = process.argv.slice(2);
if (inputs.length === 0) {
  requireShared('npm run build:idf', [BBC_CORPUS]);
  inputs.push(BBC_CORPUS, 'assets/corpus/originals.jsonl');
}
const docs: Uint32Array[] = [];
for (const file of inputs) {
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const a = JSON.parse(line) as { text: string; lang?: string };
    docs.push(fingerprint(analyze(a.text, a.lang ?? 'en')).terms);
  }
}
const idf = Idf.build(docs);
writeFileSync('assets/idf.bin', idf.toBytes());
console.log(`assets/idf.bin: ${idf.docs} documents`);
