/**
 * Where an index lives, side by side: in memory (the CLI, the eval, the bundled index), in
 * IndexedDB (the extension: lib/storage/indexeddb.ts, imported on its own so that Node code
 * does not load it) and in Redis (Node only: lib/storage/redis). Each files entries under the
 * candidate keys of lib/candidates and answers a check's candidates the same way.
 */
export { MemoryIndex } from './memory';
export { StoreRefused, StoreUnavailable } from './errors';
