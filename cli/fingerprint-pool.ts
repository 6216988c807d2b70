import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { entryFromArticle, type CorpusArticle, type Entry } from '../lib/index';

/** Articles sent to a thread at a time: large enough that messaging costs little, small enough to keep every thread busy. */
const BATCH = 64;
/** Below this many articles, threads cost more to start than they save. */
const MIN_FOR_THREADS = 400;

/**
 * Corpus articles to index entries on every core (`index build` analysed about 430 articles a
 * second on one). Entries come back in the corpus's order, whatever thread finished first.
 * Runs from the bundle (.output/cli, where the worker is fingerprint-worker.mjs) or from the
 * TypeScript sources through tsx, as bin/provenance.mjs chooses.
 */
export async function* fingerprintAll(
  articles: AsyncIterable<CorpusArticle>,
  options: { threads?: number; expected?: number | null } = {},
): AsyncGenerator<Entry> {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  if (threads === 1 || (options.expected ?? Infinity) < MIN_FOR_THREADS) {
    for await (const a of articles) yield entryFromArticle(a);
    return;
  }
  const workers = Array.from({ length: threads }, () => startWorker());
  const waiting = new Map<number, (entries: Entry[]) => void>();
  const failed = new Promise<never>((_, reject) => {
    for (const w of workers) {
      w.on('message', ({ batch, entries }: { batch: number; entries: Entry[] }) => {
        waiting.get(batch)?.(entries);
        waiting.delete(batch);
      });
      w.on('error', reject);
    }
  });
  failed.catch(() => undefined);
  const pending: Array<Promise<Entry[]>> = [];
  let next = 0;
  const send = (batch: CorpusArticle[]) => {
    const id = next++;
    const result = Promise.race([new Promise<Entry[]>((resolve) => waiting.set(id, resolve)), failed]);
    // Awaited in turn below; a thread's failure must not also surface as an unhandled rejection meanwhile.
    result.catch(() => undefined);
    pending.push(result);
    workers[id % threads]!.postMessage({ batch: id, articles: batch });
  };
  try {
    let batch: CorpusArticle[] = [];
    for await (const a of articles) {
      batch.push(a);
      if (batch.length < BATCH) continue;
      send(batch);
      batch = [];
      // Two batches a thread in flight: the threads never wait for the reader, and memory stays bounded.
      while (pending.length >= 2 * threads) yield* await pending.shift()!;
    }
    if (batch.length) send(batch);
    while (pending.length) yield* await pending.shift()!;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function startWorker(): Worker {
  // A thread inherits node's options, but --input-type (node -e, as a script may run the CLI) is refused for a file.
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type'));
  if (import.meta.url.endsWith('.mjs')) return new Worker(new URL('./fingerprint-worker.mjs', import.meta.url), { execArgv });
  // From the sources: the thread registers tsx itself (loader hooks are not inherited by threads).
  const tsx = import.meta.resolve('tsx/esm/api');
  const script = new URL('./fingerprint-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(script)}); })`, {
    eval: true,
    execArgv,
  });
}
