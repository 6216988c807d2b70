import { formatDate } from '../dates';
import type { Article } from '../extract';
import {
  entryKeys,
  headOf,
  LazyTables,
  packTables,
  probeOf,
  TABLES_FORMAT,
  validHead,
  validTables,
  type KeyTables,
  type Probe,
  type TableHead,
} from '../candidates';
import { entryFromArticle, isSameEntry, readPack, validateMeta, type Entry, type EntryMeta } from '../index';
import { isLegacy, newPackRecord, type IndexStore, type LegacyPack, type ReadRecord, type StoredPack } from '../storage/indexeddb';
import { fetchPack, type FetchResult } from '../index/subscription';
import { MinHash } from '../fingerprint';
import { Idf } from '../match';
import { SAME_TEXT, type Candidate, type CandidateSource } from '../match/check';
import { checkTab, heldCandidates, heldSourceSentences } from './check';
import { Held, type Segment } from './held';
import {
  type EntryOrigin,
  type EntryRow,
  type IndexSummary,
  type Outcome,
  type PackSummary,
  type TabResult,
  type AddOutcome,
  type AddRequest,
  type ReadOutcome,
} from '../protocol';
import { DEFAULT_READ_CAP, DEFAULT_SETTINGS, type Settings } from '../settings';

interface Duplicates {
  /** Handles not listed, because an earlier handle has their id. */
  hidden: Set<number>;
  /** Listed handle -> the other handles of its id. */
  also: Map<number, number[]>;
}

/** Entries whose metadata a search reads from IndexedDB at a time. */
const LIST_CHUNK = 4096;

/** The reader's own deleted entries kept for "Undo" (a few fingerprints, a few KB each). */
const UNDO_KEPT = 20;

/**
 * The background's engine: the index (bundled pack + imported and subscribed packs + the
 * user's own entries + the originals read on trusted sites, queried together) and its
 * management - import, subscriptions, deletion, listing. What it holds is a Held snapshot
 * (./held.ts); the check over it is ./check.ts.
 * Browser-agnostic: the worker hands it the bundled bytes and a store, so it runs in Node
 * tests as it runs in the service worker.
 *
 * Memory: the small bundled pack, and of each stored pack only the chunks of its candidate
 * tables that checks have read; its metadata and sentence sketches stay in IndexedDB and are
 * read for the candidates of a check, about 30 entries (README, "Scale").
 */
export class Engine implements CandidateSource {
  private state: Held;
  private readonly bundledTables: KeyTables;
  private readonly bundledIds: Map<string, number>;
  private summaryCache = emptySummary(0);
  /** Bumped by every change to the index: the key of the search cache. */
  private version = 0;
  private searchCache: { key: string; handles: Promise<Uint32Array> } | null = null;
  /** Per index version: handles listed under another handle of the same id (listed -> the others). */
  private duplicatesCache: { version: number; groups: Promise<Duplicates> } | null = null;
  /** The last change to the originals read on trusted sites, which the next one waits for. */
  private reading: Promise<unknown> = Promise.resolve();
  /**
   * The reader's own entries deleted since the worker started, by id, the latest
   * UNDO_KEPT: they exist nowhere else (a bundled or pack entry is only hidden), so this is
   * what "Undo" puts back. A restarted worker has none, and says so.
   */
  private readonly deletedOwn = new Map<string, Entry>();

  private constructor(
    private readonly idf: Idf,
    private readonly bundled: Entry[],
    private readonly store: IndexStore | null,
    private readonly fetchFn: typeof fetch,
    /** The bundled pack's size: it ships inside the extension, apart from what is stored. */
    private readonly bundledBytes: number,
  ) {
    this.bundledTables = packTables(bundled, idf);
    this.bundledIds = new Map(bundled.map((e, i) => [e.meta.id, i]));
    this.state = this.emptyState();
  }

  static async create(
    bundledPack: Uint8Array,
    idfBytes: Uint8Array,
    store: IndexStore | null,
    fetchFn: typeof fetch = fetch,
  ): Promise<Engine> {
    const result = await readPack(bundledPack);
    if (!result.ok) throw new Error(`the bundled index is damaged: ${result.error}`);
    const engine = new Engine(Idf.fromBytes(idfBytes), result.pack.entries, store, fetchFn, bundledPack.length);
    // What an import that stopped midway left (lib/storage/indexeddb.ts): never visible, only space.
    await store?.sweep().catch((e: unknown) => console.warn('the sweep of unfinished imports failed', e));
    await engine.reload();
    return engine;
  }

  private emptyState(): Held {
    return new Held(this.bundled, this.bundledTables, this.bundledIds, this.store);
  }

  /** Rebuilds the in-memory index from the bundled pack and everything stored. */
  async reload(): Promise<void> {
    const state = this.emptyState();
    const summary = emptySummary(this.bundled.length);
    if (this.store) {
      for (let p of await this.store.packs()) {
        let error = p.error;
        if (isLegacy(p)) {
          const migrated = await this.migrate(p);
          if (typeof migrated === 'string') error = migrated;
          else p = migrated;
        }
        if (!isLegacy(p) && p.enabled) {
          const tables = await this.storedTables(p);
          if (tables) {
            state.addPack(p.id, p.name, tables);
          } else {
            error = 'the stored copy of this pack is damaged; remove it and import it again';
          }
        }
        summary.packs.push(packSummary(p, error));
        summary.bytes += isLegacy(p) ? p.bytes.length : p.size;
      }
      for (const e of await this.store.userEntries()) {
        state.insertUser(e, entryKeys(e.fingerprint, this.idf));
        summary.user++;
        summary.bytes += storedBytes(e);
      }
      for (const r of await this.withKeys(await this.store.readRecords())) {
        state.insertRead(r);
        summary.read++;
        summary.readBytes += readBytes(r);
      }
      for (const id of await this.store.hiddenIds()) for (const h of await state.handlesOf(id)) state.remove(h);
    }
    this.state = state;
    this.summaryCache = summary;
    this.version++;
  }

  /**
   * A stored pack's candidate tables, read a chunk at a time as checks need them. Tables an
   * earlier version stored whole are chunked, and those of an earlier layout (the LSH bands
   * of versions before 0.2) built again from the pack's stored sketches, once. Null when they
   * cannot be had (a damaged head: a query must never read out of bounds).
   */
  private async storedTables(p: StoredPack): Promise<LazyTables | null> {
    const store = this.store!;
    const lazy = (head: TableHead) => new LazyTables(head, (cs) => store.tableChunks(p.id, cs));
    const stored = await store.tables(p.id);
    if (stored?.chunkBuckets !== undefined) return validHead(stored) && stored.count === p.entries ? lazy(stored) : null;
    let tables: KeyTables;
    if (stored && validTables(stored as KeyTables)) tables = stored as KeyTables;
    else if (stored && stored.format === TABLES_FORMAT) return null;
    else {
      const sketches = await store.packSketches(p.id);
      if (sketches.length !== p.entries) return null;
      tables = packTables(
        sketches.map((fingerprint) => ({ fingerprint })),
        this.idf,
      );
    }
    await store.putTables(p.id, tables);
    return lazy(headOf(tables));
  }

  /** Originals read kept before candidate keys existed get theirs from their sketches. */
  private async withKeys(records: ReadRecord[]): Promise<Array<ReadRecord & { keys: Uint32Array }>> {
    const missing = records.filter((r) => !r.keys);
    const entries = missing.length ? await this.store!.readEntries(missing.map((r) => r.id)) : [];
    const keysOf = new Map(missing.map((r, i) => [r.id, entryKeys(entries[i]?.fingerprint ?? { terms: new Uint32Array(0) }, this.idf)]));
    return records.map((r) => ({ ...r, keys: r.keys ?? keysOf.get(r.id)! }));
  }

  /** Takes apart a pack stored whole by version 1 of the database; a reason when it no longer reads. */
  private async migrate(p: LegacyPack): Promise<StoredPack | string> {
    const r = await readPack(p.bytes);
    if (!r.ok) return `this pack no longer reads (${r.error}); remove it and import it again`;
    const { bytes, ...rest } = p;
    const record: StoredPack = { ...rest, size: bytes.length };
    await this.store!.putPack(record, r.pack.entries, packTables(r.pack.entries, this.idf));
    return record;
  }

  private dropRead(state: Held, handle: number): void {
    const r = state.dropRead(handle);
    if (!r) return;
    this.summaryCache.read--;
    this.summaryCache.readBytes -= readBytes(r);
  }

  /**
   * Keeps an article read on a trusted site (lib/ingest/trusted.ts) as an original: added
   * once per canonical address, replaced when its text or title changed, the oldest read
   * dropped beyond `cap`. Only fingerprints and metadata are stored.
   */
  recordRead(entry: Entry, site: string, cap = DEFAULT_READ_CAP): Promise<ReadOutcome> {
    return this.oneAtATime(() => this.keepRead(entry, site, cap));
  }

  /** Changes to the originals read run one at a time: two tabs of the same article must not both add it. */
  private oneAtATime<T>(change: () => Promise<T>): Promise<T> {
    const next = this.reading.then(change);
    this.reading = next.catch(() => undefined);
    return next;
  }

  private async keepRead(entry: Entry, site: string, cap: number): Promise<ReadOutcome> {
    if (!this.store) return { status: 'unavailable', site };
    const state = this.state;
    const id = entry.meta.id;
    const old = state.readIds.get(id);
    const prev = old !== undefined ? state.read.get(old) : undefined;
    const f = entry.fingerprint;
    if (prev && prev.meta.title === entry.meta.title && sameValues(prev.signature, f.signature)) return { status: 'unchanged', site };
    const evict = prev ? [] : state.oldestRead(state.read.size + 1 - Math.max(1, cap));
    const record: ReadRecord & { keys: Uint32Array } = {
      id,
      site,
      readAt: new Date().toISOString(),
      meta: entry.meta,
      signature: f.signature.slice(),
      keys: entryKeys(f, this.idf),
    };
    await this.store.putRead(
      record,
      entry,
      evict.map((r) => r.id),
    );
    for (const r of evict) this.dropRead(state, state.readIds.get(r.id)!);
    if (old !== undefined) this.dropRead(state, old);
    state.insertRead(record);
    this.summaryCache.read++;
    this.summaryCache.readBytes += readBytes(record);
    this.version++;
    return { status: prev ? 'updated' : 'added', site };
  }

  /** Keeps at most `cap` originals read on trusted sites, the oldest read dropped first (the reader lowered the cap). */
  trimRead(cap: number): Promise<number> {
    return this.oneAtATime(async () => {
      const state = this.state;
      const evict = state.oldestRead(state.read.size - Math.max(1, cap));
      if (!evict.length || !this.store) return 0;
      await this.store.deleteRead(evict.map((r) => r.id));
      for (const r of evict) this.dropRead(state, state.readIds.get(r.id)!);
      this.version++;
      return evict.length;
    });
  }

  /** Forgets every original read on a trusted site. */
  async clearRead(): Promise<Outcome<{ cleared: number }>> {
    if (!this.store) return { ok: false, error: 'Storage is not available.' };
    const cleared = this.state.read.size;
    await this.store.deleteRead();
    await this.reload();
    return { ok: true, value: { cleared } };
  }

  /** Candidates for a page (CandidateSource), from what the engine holds now. */
  candidates(probe: Probe, limit: number): Promise<Candidate[]> {
    return heldCandidates(this.state, probe, limit);
  }

  /** "Compare with the source": the source page's sentences for the given sentences of an entry (null: no such entry). */
  sourceSentences(id: string, page: Article, wanted: readonly number[]): Promise<Array<string | null> | null> {
    return heldSourceSentences(this.state, id, page, wanted);
  }

  checkArticle(url: string, article: Article, settings: Settings = DEFAULT_SETTINGS): Promise<TabResult> {
    return checkTab(this, this.idf, url, article, settings);
  }

  /** Counts by origin, deleted entries left out, so that they add up to the total. */
  summary(): IndexSummary {
    const state = this.state;
    const deleted = new Map<Segment, number>();
    for (const h of state.removed) {
      const seg = state.user.has(h) ? undefined : state.segmentOf(h);
      if (seg) deleted.set(seg, (deleted.get(seg) ?? 0) + 1);
    }
    const deletedIn = (origin: (o: EntryOrigin) => boolean) =>
      [...deleted].reduce((sum, [seg, n]) => sum + (origin(seg.origin) ? n : 0), 0);
    return {
      ...this.summaryCache,
      bundled: this.summaryCache.bundled - deletedIn((o) => o.kind === 'bundled'),
      bundledBytes: this.bundledBytes,
      packs: this.summaryCache.packs.map((p) => ({
        ...p,
        entries: p.enabled ? p.entries - deletedIn((o) => o.kind === 'pack' && o.packId === p.id) : p.entries,
      })),
      bytes: this.summaryCache.bytes + this.summaryCache.readBytes,
      total: state.keys.size,
      // The reader's own deleted entries count while they can be put back (deletedOwn).
      deleted: [...deleted.values()].reduce((a, b) => a + b, 0) + this.deletedOwn.size,
    };
  }

  /**
   * The summary as the options page shows it: an entry in several packs (a pack imported from
   * a file and subscribed by URL) counted once in the total, as the entry list shows it once.
   * Each pack's own count still counts it.
   */
  async overview(): Promise<IndexSummary> {
    const state = this.state;
    const summary = this.summary();
    const { hidden } = await this.duplicates(state);
    let twins = 0;
    for (const h of hidden) if (!state.removed.has(h)) twins++;
    return { ...summary, total: summary.total - twins };
  }

  /**
   * Brings back every deleted entry of the bundled index and of packs, and the reader's own
   * deleted since the worker started (the Undo of a deletion names only the last one; an own
   * entry deleted before a restart is gone for good).
   */
  async restoreDeleted(): Promise<Outcome<{ restored: number }>> {
    if (!this.store) return { ok: false, error: 'Storage is not available.' };
    const users = [...this.state.user.values()];
    const own = [...this.deletedOwn.values()].filter((e) => !users.some((u) => isSameEntry(u, e)));
    const restored = this.summary().deleted - this.deletedOwn.size + own.length;
    if (own.length) await this.store.putUserEntries(own);
    this.deletedOwn.clear();
    await this.store.clearHidden();
    await this.reload();
    return { ok: true, value: { restored } };
  }

  /**
   * Entries whose title, publisher, author, URL or date contain every word of the query. The
   * handles found are kept for the next page of the same search (a virtualised list asks for
   * a page at a time), until the index changes.
   */
  async listEntries(query: string, offset: number, limit: number): Promise<{ total: number; rows: EntryRow[] }> {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const state = this.state;
    const key = `${this.version}\u0000${words.join(' ')}`;
    if (this.searchCache?.key !== key) this.searchCache = { key, handles: this.search(state, words) };
    const handles = await this.searchCache.handles;
    const page = Array.from(handles.subarray(offset, offset + Math.min(limit, 500)));
    const metas = await state.resolve<EntryMeta>(
      page,
      (e) => e.meta,
      (packId, ns) => this.store!.packMetasAt(packId, ns),
      async (ids) => ids.map((id) => state.read.get(state.readIds.get(id)!)?.meta),
    );
    const { also } = await this.duplicates(state);
    const originOf = (h: number): EntryOrigin | undefined => {
      if (state.user.has(h)) return { kind: 'user' };
      const r = state.read.get(h);
      return r ? { kind: 'read', site: r.site } : state.segmentOf(h)?.origin;
    };
    const rows = page.flatMap((h, i): EntryRow[] => {
      const meta = metas[i];
      const origin = originOf(h);
      if (!meta || !origin) return [];
      const others = (also.get(h) ?? []).flatMap((o) => originOf(o) ?? []);
      return [others.length ? { meta, origin, also: others } : { meta, origin }];
    });
    return { total: handles.length, rows };
  }

  /**
   * An id in two packs (a pack imported from a file and subscribed by URL) is one entry to
   * the reader: listed once, under its first origin, with the others named.
   */
  private duplicates(state: Held): Promise<Duplicates> {
    if (this.duplicatesCache?.version !== this.version) {
      this.duplicatesCache = { version: this.version, groups: this.findDuplicates(state) };
    }
    return this.duplicatesCache.groups;
  }

  private async findDuplicates(state: Held): Promise<Duplicates> {
    const hidden = new Set<number>();
    const also = new Map<number, number[]>();
    if (!this.store || state.segments.length < 2) return { hidden, also };
    const several = await this.store.idsInSeveralPacks();
    // The bundled index's ids may also come back in a pack, and so may the reader's own
    // entries (their export imported into the same browser).
    for (const id of this.bundledIds.keys()) if (!several.has(id)) several.set(id, []);
    for (const e of state.user.values()) if (!several.has(e.meta.id)) several.set(e.meta.id, []);
    for (const id of several.keys()) {
      const handles = (await state.handlesOf(id)).sort((a, b) => a - b);
      if (handles.length < 2) continue;
      const [first, ...rest] = handles;
      also.set(first!, rest);
      for (const h of rest) hidden.add(h);
    }
    return { hidden, also };
  }

  private async search(state: Held, words: string[]): Promise<Uint32Array> {
    const hit = (meta: EntryMeta) => {
      const date = meta.published ? `${meta.published} ${formatDate(meta.published)}` : '';
      const hay = `${meta.title} ${meta.publisher ?? ''} ${meta.author ?? ''} ${meta.url ?? ''} ${date}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    };
    const out: number[] = [];
    for (const seg of state.segments) {
      if (seg.origin.kind === 'bundled') {
        this.bundled.forEach((e, i) => !state.removed.has(i) && hit(e.meta) && out.push(i));
      } else if (seg.origin.kind === 'pack' && this.store) {
        for (let from = 0; from < seg.count; from += LIST_CHUNK) {
          if (!words.length) {
            // Nothing to match: every entry, without reading any.
            for (let n = from; n < Math.min(seg.count, from + LIST_CHUNK); n++)
              if (!state.removed.has(seg.base + n)) out.push(seg.base + n);
            continue;
          }
          for (const { n, meta } of await this.store.packMetas(seg.origin.packId, from, LIST_CHUNK)) {
            if (!state.removed.has(seg.base + n) && hit(meta)) out.push(seg.base + n);
          }
        }
      }
    }
    for (const [h, e] of state.user) if (!state.removed.has(h) && hit(e.meta)) out.push(h);
    for (const [h, r] of state.read) if (!state.removed.has(h) && hit(r.meta)) out.push(h);
    const { hidden } = await this.duplicates(state);
    return Uint32Array.from(hidden.size ? out.filter((h) => !hidden.has(h)) : out);
  }

  async addOriginal(request: AddRequest): Promise<AddOutcome> {
    const { unlessResembling, ...o } = request;
    if (!this.store) return { ok: false, error: 'Storage is not available, so nothing can be added.' };
    const id = `user/${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    let meta;
    try {
      meta = validateMeta({ ...o, id, title: o.title.trim(), text: undefined }, 0);
    } catch (e) {
      // In the reader's words: the validator speaks of packs, which a reader adding a page never sees.
      const why = (e as Error).message
        .replace(/^entry 0: /, '')
        .replace(/^"(\w+)" contains markup, which a pack may not carry$/, 'The $1 cannot hold markup such as <b> or <script>.');
      return { ok: false, error: why };
    }
    // The user adds it as an original: it is marked so, in the index and in an exported pack.
    const entry = entryFromArticle({ ...meta, original: true, text: o.text });
    if ((entry.meta.words ?? 0) < 30) return { ok: false, error: 'The text is too short to index: at least 30 words are needed.' };
    // The same article pasted again is no new original, confirmed or not: one row is enough.
    const twin = [...this.state.user.values()].find((e) => isSameEntry(e, entry));
    if (twin) return { ok: false, error: `This article is already in your index: “${twin.meta.title}”.` };
    if (unlessResembling) {
      // As the popup warns before "Add it to my index anyway": the article itself, or a source
      // with the evidence of copying (below the reader's threshold, or dated after the page -
      // a copy's own date can be backdated - too); related coverage is no copy, and is added
      // without a word.
      const page: Article = {
        title: o.title.trim(),
        text: o.text,
        paragraphs: o.text.split(/\n\s*\n/).filter((p) => p.trim()),
        lang: o.lang ?? 'en',
        url: o.url ?? null,
        siteName: o.publisher ?? null,
        byline: o.author ?? null,
        published: o.published ?? null,
      };
      const seen = await this.checkArticle(o.url ?? '', page);
      const like =
        seen.state === 'done'
          ? (seen.self ?? seen.matches.find((m) => m.verdict === 'likely-source' || m.belowThreshold !== undefined || m.publishedAfterPage))
          : undefined;
      if (like) return { ok: false, error: `This article resembles an article in your index: “${like.title}”.`, resembles: like.title };
    }
    await this.insertOwn(this.store, entry);
    return { ok: true, value: { id } };
  }

  private async insertOwn(store: IndexStore, entry: Entry): Promise<void> {
    await store.putUserEntries([entry]);
    // One entry more needs no reload of every pack.
    this.state.insertUser(entry, entryKeys(entry.fingerprint, this.idf));
    this.summaryCache.user++;
    this.summaryCache.bytes += storedBytes(entry);
    this.version++;
  }

  /** Puts back one of the reader's own entries deleted since the worker started. */
  async undoDelete(id: string): Promise<Outcome<{ title: string }>> {
    const entry = this.deletedOwn.get(id);
    if (!entry) return { ok: false, error: 'This deletion can no longer be undone: the extension has restarted since.' };
    if (!this.store) return { ok: false, error: 'Storage is not available.' };
    const twin = [...this.state.user.values()].find((e) => isSameEntry(e, entry));
    if (twin) return { ok: false, error: `This article is already in your index: “${twin.meta.title}”.` };
    this.deletedOwn.delete(id);
    await this.insertOwn(this.store, entry);
    return { ok: true, value: { title: entry.meta.title } };
  }

  /**
   * `undoable`: the entry was the reader's own, and undoDelete can put it back. `stillIn`:
   * the title of an identical copy left in the index (another pack's, or pasted again), by
   * which pages taken from the article are still found.
   */
  async deleteEntry(id: string): Promise<Outcome<{ undoable: boolean; stillIn?: string }>> {
    const state = this.state;
    const handles = await state.handlesOf(id);
    if (!handles.length) return { ok: false, error: `No entry "${id}" in the index.` };
    if (!this.store) return { ok: false, error: 'Storage is not available.' };
    const [gone] = await state.entriesAt(handles.slice(0, 1));
    for (const h of handles) {
      const user = state.user.get(h);
      if (state.read.has(h)) {
        await this.store.deleteRead([id]);
        this.dropRead(state, h);
        continue;
      }
      if (user) {
        await this.store.deleteUserEntry(id);
        this.deletedOwn.delete(id);
        this.deletedOwn.set(id, user);
        if (this.deletedOwn.size > UNDO_KEPT) this.deletedOwn.delete(this.deletedOwn.keys().next().value!);
        this.summaryCache.user--;
        this.summaryCache.bytes -= storedBytes(user);
        state.user.delete(h);
      } else {
        await this.store.hide(id);
      }
      state.remove(h);
    }
    this.version++;
    const copy = gone && (await this.identicalCopy(gone));
    return { ok: true, value: { undoable: this.deletedOwn.has(id), ...(copy ? { stillIn: copy.meta.title } : {}) } };
  }

  /** Another entry with the same text (the same threshold by which a check lists such entries as one match). */
  private async identicalCopy(entry: Entry): Promise<Entry | undefined> {
    const candidates = await this.candidates(probeOf(entry.fingerprint, this.idf), 10);
    return candidates.find(
      (c) => c.entry.meta.id !== entry.meta.id && MinHash.jaccard(c.entry.fingerprint.signature, entry.fingerprint.signature) >= SAME_TEXT,
    )?.entry;
  }

  async setPackEnabled(id: string, enabled: boolean): Promise<Outcome> {
    const pack = await this.store?.pack(id);
    if (!pack || !this.store) return { ok: false, error: `No pack "${id}".` };
    if (isLegacy(pack)) return { ok: false, error: 'This pack no longer reads; remove it and import it again.' };
    await this.store.putPackRecord({ ...pack, enabled });
    await this.reload();
    return { ok: true, value: undefined };
  }

  async removePack(id: string): Promise<Outcome> {
    if (!this.store || !(await this.store.pack(id))) return { ok: false, error: `No pack "${id}".` };
    await this.store.deletePack(id);
    await this.reload();
    return { ok: true, value: undefined };
  }

  /** Subscribes to a pack URL: fetched and validated now, refreshed later by refreshSubscription. */
  async subscribe(url: string): Promise<Outcome<PackSummary>> {
    if (!this.store) return { ok: false, error: 'Storage is not available.' };
    const id = `subscription/${url}`;
    if (await this.store.pack(id)) return this.refreshSubscription(id);
    const fetched = await fetchPack(url, { etag: null, lastModified: null }, this.fetchFn);
    if (fetched.status !== 'ok') return { ok: false, error: fetched.status === 'error' ? fetched.error : `${url} sent no pack` };
    const record = newPackRecord({ id, name: url, url, size: 0, entries: 0 });
    const taken = await this.takeIn(record, fetched);
    if (!taken.ok) return taken;
    await this.store.putPack(taken.value.record, taken.value.entries, packTables(taken.value.entries, this.idf));
    await this.reload();
    return { ok: true, value: packSummary(taken.value.record, null) };
  }

  /**
   * What a fetched subscription becomes: its record and all its entries. For a manifest,
   * the parts already held are read back from the stored copy (by their place in it), so
   * the whole set can be swapped in at once; any id listed by two parts refuses the update.
   */
  private async takeIn(
    record: StoredPack,
    fetched: FetchResult & { status: 'ok' },
  ): Promise<Outcome<{ record: StoredPack; entries: Entry[] }>> {
    const base = { ...record, updated: new Date().toISOString(), error: null, etag: fetched.etag, lastModified: fetched.lastModified };
    if (fetched.kind === 'pack') {
      const entries = fetched.pack.entries;
      const next = { ...base, name: fetched.pack.header.name, size: fetched.bytes.length, entries: entries.length, parts: null };
      return { ok: true, value: { record: next, entries } };
    }
    const held = new Map<string, { from: number; entries: number }>();
    let at = 0;
    for (const p of record.parts ?? []) {
      held.set(p.sha256, { from: at, entries: p.entries });
      at += p.entries;
    }
    const entries: Entry[] = [];
    const ids = new Set<string>();
    let size = 0;
    for (const { part, pack, bytes } of fetched.parts) {
      let list: readonly Entry[];
      if (pack) list = pack.entries;
      else {
        const h = held.get(part.sha256)!;
        const stored = await this.store!.packEntries(
          record.id,
          Array.from({ length: h.entries }, (_, i) => h.from + i),
        );
        if (stored.some((e) => !e)) return { ok: false, error: `the stored copy of the part ${part.url} is incomplete; subscribe again` };
        list = stored as Entry[];
      }
      for (const e of list) {
        if (ids.has(e.meta.id))
          return { ok: false, error: `the manifest at ${record.url} was refused: the id "${e.meta.id}" is in two parts` };
        ids.add(e.meta.id);
        entries.push(e);
      }
      size += bytes;
    }
    const parts = fetched.parts.map(({ part, bytes }) => ({ url: part.url, sha256: part.sha256, entries: part.entries, bytes }));
    const next = { ...base, name: fetched.manifest.name, size, entries: entries.length, parts };
    return { ok: true, value: { record: next, entries } };
  }

  /** Refreshes one subscription; a failure keeps the last good copy and records the error. */
  /** `changed`: a new edition was taken in (else the server had nothing new, or only a manifest listing the same parts). */
  async refreshSubscription(id: string): Promise<Outcome<PackSummary & { changed: boolean }>> {
    const pack = await this.store?.pack(id);
    if (!this.store || !pack || !pack.url) return { ok: false, error: `No subscription "${id}".` };
    // A copy still stored whole (database version 1) is refreshed as if new.
    const record: StoredPack = isLegacy(pack)
      ? (({ bytes, ...rest }) => ({ ...rest, size: bytes.length, etag: null, lastModified: null }))(pack)
      : pack;
    const fetched = await fetchPack(pack.url, record, this.fetchFn);
    const now = new Date().toISOString();
    let next: StoredPack;
    let error: string | null = null;
    let changed = false;
    if (fetched.status === 'ok' && fetched.kind === 'manifest' && sameParts(record.parts, fetched.parts)) {
      // A new manifest listing the parts held, as they are: only the record changes.
      next = { ...record, name: fetched.manifest.name, updated: now, error: null, etag: fetched.etag, lastModified: fetched.lastModified };
      await this.store.putPackRecord(next);
    } else if (fetched.status === 'ok') {
      const taken = await this.takeIn(record, fetched);
      if (taken.ok) {
        next = taken.value.record;
        await this.store.putPack(next, taken.value.entries, packTables(taken.value.entries, this.idf));
        changed = true;
      } else error = taken.error;
    } else if (fetched.status === 'not-modified') {
      next = { ...record, updated: now, error: null };
      await this.store.putPackRecord(next);
    } else error = fetched.error;
    if (error !== null) {
      next = { ...record, error: `${error}; the last good copy is still used` };
      await this.store.putPackRecord(next);
    }
    await this.reload();
    return error !== null ? { ok: false, error: next!.error! } : { ok: true, value: { ...packSummary(next!, null), changed } };
  }

  async refreshAllSubscriptions(): Promise<void> {
    for (const p of (await this.store?.packs()) ?? []) if (p.url) await this.refreshSubscription(p.id);
  }
}

/** Whether a fetched manifest lists exactly the parts held, in the same order. */
function sameParts(held: StoredPack['parts'], parts: ReadonlyArray<{ part: { sha256: string } }>): boolean {
  return !!held && held.length === parts.length && held.every((p, i) => p.sha256 === parts[i]!.part.sha256);
}

function emptySummary(bundled: number): IndexSummary {
  return { bundled, bundledBytes: 0, user: 0, read: 0, readBytes: 0, packs: [], total: 0, bytes: 0, deleted: 0 };
}

function sameValues(a: Uint32Array, b: Uint32Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** What an original read on a trusted site costs in storage, roughly: its signature, metadata and sketches (about 1 KB). */
function readBytes(r: ReadRecord): number {
  return r.signature.byteLength + 200 + 2 * (r.meta.words ?? 0);
}

/** What one of the user's entries costs in storage, roughly: its fingerprint and metadata. */
function storedBytes(e: Entry): number {
  return e.fingerprint.terms.byteLength + e.fingerprint.signature.byteLength + 200;
}

function packSummary(p: StoredPack | LegacyPack, error: string | null): PackSummary {
  return {
    id: p.id,
    name: p.name,
    entries: p.entries,
    enabled: p.enabled,
    url: p.url,
    added: p.added,
    updated: p.updated,
    error,
    bytes: isLegacy(p) ? p.bytes.length : p.size,
  };
}
