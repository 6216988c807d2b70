import { browser } from 'wxt/browser';
import { IndexStore } from '@/lib/index/store';
import { Idf } from '@/lib/match/idf';

let store: Promise<IndexStore> | null = null;

/** The options page's one connection to the index database (shared with the background's). */
export function openStore(): Promise<IndexStore> {
  return (store ??= IndexStore.open().catch((e: unknown) => ((store = null), Promise.reject(e))));
}

let idf: Promise<Idf> | null = null;

/** The IDF table shipped with the extension, which decides the bands an imported pack's tables leave out. */
export function bundledIdf(): Promise<Idf> {
  return (idf ??= fetch(browser.runtime.getURL('/index/idf.bin' as '/'))
    .then((r) => r.arrayBuffer())
    .then((b) => Idf.fromBytes(new Uint8Array(b)))
    .catch((e: unknown) => ((idf = null), Promise.reject(e))));
}
