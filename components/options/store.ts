import { IndexStore } from '@/lib/storage/indexeddb';

let store: Promise<IndexStore> | null = null;

/** The options page's one connection to the index database (shared with the background's). */
export function openStore(): Promise<IndexStore> {
  return (store ??= IndexStore.open().catch((e: unknown) => ((store = null), Promise.reject(e))));
}
