/**
 * A worker thread of `index build` and `index push` (cli/fingerprint-pool.ts): corpus
 * articles in, index entries out. Text analysis is all CPU; the threads share nothing.
 */
import { parentPort } from 'node:worker_threads';
import { entryFromArticle, type CorpusArticle } from '../lib/index';

parentPort!.on('message', ({ batch, articles }: { batch: number; articles: CorpusArticle[] }) => {
  const entries = articles.map(entryFromArticle);
  const buffers = entries.flatMap(({ fingerprint: f }) => [f.signature, f.terms, f.offsets, f.words, ...(f.winners ? [f.winners] : [])]);
  parentPort!.postMessage({ batch, entries }, [...new Set(buffers.map((a) => a.buffer as ArrayBuffer))]);
});
