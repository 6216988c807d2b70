export { RedisStore } from './store';
export { RedisConnection, parseStoreUrl, type Command, type Runner } from './connection';
export { pushEntries, PUSH_BATCH, type PushReport } from './ingest';
export { removeEntries, type RemoveReport } from './retract';
export { storeCandidates } from './candidates';
export { keySlot } from './slot';
export { StoreLayout } from './keys';
