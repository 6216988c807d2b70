/// <reference lib="webworker" />
import { blobSource, scanPack, type PackScan, type PackSource } from '@/lib/index';
import { storePackFile } from '@/lib/ingest/pack-file';
import { IndexStore, type StoredPack } from '@/lib/storage/indexeddb';
import { Idf } from '@/lib/match/idf';
import { PreviewBuilder, type PackPreview } from './pack-preview';

/**
 * The options page's pack import, off the page's main thread: reading and validating a
 * pack (SHA-256, every section), building its candidate tables and writing it to IndexedDB take
 * seconds for a large pack (about 20 s for a million entries), during which the page would
 * not respond.
 *
 * The file is never read whole (lib/index/pack-slices.ts): the preview's pass reads it in
 * slices and checks all of it, then keeps only where each entry starts (16 bytes an
 * entry); the confirmation reads it again a run of entries at a time, each run written in
 * its own transaction under a staging key that only the final record makes visible
 * (IndexStore.packWriter). Reading the file whole, then its entries, their copies and one
 * transaction's clones, peaked at 3.3 times a 332 MB pack. A File is a snapshot: Chromium
 * refuses to read one whose file changed since it was chosen, so both passes read the same bytes.
 */
export type ImportRequest = { kind: 'read'; file: File } | { kind: 'store'; record: StoredPack };
export type ImportReply =
  | { kind: 'read'; ok: true; preview: PackPreview; size: number }
  | { kind: 'read'; ok: false; error: string }
  | { kind: 'store'; ok: true }
  | { kind: 'store'; ok: false; error: string; name: string };

let read: { source: PackSource; scan: PackScan } | null = null;
const scope = self as unknown as DedicatedWorkerGlobalScope;
const reply = (r: ImportReply) => scope.postMessage(r);

scope.onmessage = async ({ data }: MessageEvent<ImportRequest>) => {
  if (data.kind === 'read') {
    read = null;
    try {
      const source = blobSource(data.file);
      const preview = new PreviewBuilder();
      const result = await scanPack(source, { onMeta: (meta) => preview.add(meta) });
      if (!result.ok) return reply({ kind: 'read', ok: false, error: result.error });
      read = { source, scan: result.scan };
      reply({ kind: 'read', ok: true, preview: preview.of(result.scan.header), size: source.size });
    } catch (e) {
      // The file was moved or is unreadable.
      reply({ kind: 'read', ok: false, error: e instanceof Error ? e.message : String(e) });
    }
    return;
  }
  try {
    if (!read) throw new Error('no pack was read');
    // The IDF table shipped with the extension decides each entry's rarest terms, its keys.
    const idf = Idf.fromBytes(new Uint8Array(await (await fetch('/index/idf.bin')).arrayBuffer()));
    const store = await IndexStore.open();
    try {
      await storePackFile(store, read.source, read.scan, data.record, idf);
    } finally {
      store.close();
    }
    read = null;
    reply({ kind: 'store', ok: true });
  } catch (e) {
    // The name tells a full disk (QuotaExceededError) from anything else.
    reply({ kind: 'store', ok: false, error: e instanceof Error ? e.message : String(e), name: e instanceof Error ? e.name : '' });
  }
};
