/// <reference lib="webworker" />
import { packTables } from '@/lib/candidates';
import { readPack, type Pack } from '@/lib/index';
import { IndexStore, type StoredPack } from '@/lib/storage/indexeddb';
import { Idf } from '@/lib/match/idf';
import { packPreview, type PackPreview } from './pack-preview';

/**
 * The options page's pack import, off the page's main thread: reading and validating a
 * pack (SHA-256, every section), building its candidate tables and writing it to IndexedDB take
 * seconds for a large pack (about 20 s for a million entries), during which the page would
 * not respond. The parsed pack stays here between the preview and the confirmation.
 */
export type ImportRequest = { kind: 'read'; file: File } | { kind: 'store'; record: StoredPack };
export type ImportReply =
  | { kind: 'read'; ok: true; preview: PackPreview; size: number }
  | { kind: 'read'; ok: false; error: string }
  | { kind: 'store'; ok: true }
  | { kind: 'store'; ok: false; error: string; name: string };

let pack: Pack | null = null;
const scope = self as unknown as DedicatedWorkerGlobalScope;
const reply = (r: ImportReply) => scope.postMessage(r);

scope.onmessage = async ({ data }: MessageEvent<ImportRequest>) => {
  if (data.kind === 'read') {
    pack = null;
    try {
      const bytes = new Uint8Array(await data.file.arrayBuffer());
      const result = await readPack(bytes);
      if (!result.ok) return reply({ kind: 'read', ok: false, error: result.error });
      pack = result.pack;
      reply({ kind: 'read', ok: true, preview: packPreview(pack), size: bytes.length });
    } catch (e) {
      // The file was moved or is unreadable (or too large for memory).
      reply({ kind: 'read', ok: false, error: e instanceof Error ? e.message : String(e) });
    }
    return;
  }
  try {
    if (!pack) throw new Error('no pack was read');
    // The IDF table shipped with the extension decides each entry's rarest terms, its keys.
    const idf = Idf.fromBytes(new Uint8Array(await (await fetch('/index/idf.bin')).arrayBuffer()));
    const tables = packTables(pack.entries, idf);
    const store = await IndexStore.open();
    await store.putPack(data.record, pack.entries, tables);
    store.close();
    pack = null;
    reply({ kind: 'store', ok: true });
  } catch (e) {
    // The name tells a full disk (QuotaExceededError) from anything else.
    reply({ kind: 'store', ok: false, error: e instanceof Error ? e.message : String(e), name: e instanceof Error ? e.name : '' });
  }
};
