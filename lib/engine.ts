import type { Article } from './extract';
import { entryFromArticle, MemoryIndex, readPack, validateMeta, type Entry } from './index';
import type { IndexStore, StoredPack } from './index/store';
import { fetchPack } from './index/subscription';
import { check, Idf, type Match } from './match';
import type { EntryOrigin, EntryRow, IndexSummary, Outcome, PackSummary, TabResult, UserOriginal } from './protocol';
import { DEFAULT_SETTINGS, type Settings } from './settings';

/**
 * The background's engine: the index (bundled pack + imported and subscribed packs + the
 * user's own entries, queried together) and the check of an extracted article.
 * Browser-agnostic: the worker hands it the bundled bytes and a store, so it runs in Node
 * tests as it runs in the service worker.
 */
export class Engine {
  private index = new MemoryIndex();
  private rows: EntryRow[] = [];
  private summaryCache: IndexSummary = { bundled: 0, user: 0, packs: [], total: 0, bytes: 0 };

  private constructor(
    private readonly idf: Idf,
    private readonly bundled: Entry[],
    private readonly store: IndexStore | null,
    private readonly fetchFn: typeof fetch,
  ) {}

  static async create(
    bundledPack: Uint8Array,
    idfBytes: Uint8Array,
    store: IndexStore | null,
    fetchFn: typeof fetch = fetch,
  ): Promise<Engine> {
    const result = await readPack(bundledPack);
    if (!result.ok) throw new Error(`the bundled index is damaged: ${result.error}`);
    const engine = new Engine(Idf.fromBytes(idfBytes), result.pack.entries, store, fetchFn);
    await engine.reload();
    return engine;
  }

  /** Rebuilds the in-memory index from the bundled pack and everything stored. */
  async reload(): Promise<void> {
    const sources: Array<{ entries: Entry[]; origin: EntryOrigin }> = [{ entries: this.bundled, origin: { kind: 'bundled' } }];
    const summary: IndexSummary = { bundled: this.bundled.length, user: 0, packs: [], total: 0, bytes: 0 };
    let hidden = new Set<string>();
    if (this.store) {
      hidden = await this.store.hiddenIds();
      for (const p of await this.store.packs()) {
        // Packs were validated before they were stored; one that no longer reads (a format
        // change) is reported on the options page, not fatal.
        const r = p.enabled ? await readPack(p.bytes) : null;
        if (r?.ok) sources.push({ entries: r.pack.entries, origin: { kind: 'pack', packId: p.id, pack: p.name } });
        summary.packs.push(packSummary(p, r && !r.ok ? r.error : p.error));
        summary.bytes += p.bytes.length;
      }
      const user = await this.store.userEntries();
      summary.user = user.length;
      summary.bytes += user.reduce((s, e) => s + storedBytes(e), 0);
      sources.push({ entries: user, origin: { kind: 'user' } });
    }
    // One entry per id, the later source winning (the user's own entries come last), as
    // the index itself keeps them: the list, the counts and deletion then agree.
    const byId = new Map<string, { entry: Entry; origin: EntryOrigin }>();
    for (const { entries: list, origin } of sources) {
      for (const e of list) if (!hidden.has(e.meta.id)) byId.set(e.meta.id, { entry: e, origin });
    }
    const index = new MemoryIndex();
    const rows: EntryRow[] = [...byId.values()].map(({ entry, origin }) => ({ meta: entry.meta, origin }));
    index.addAll([...byId.values()].map(({ entry }) => entry));
    summary.total = index.size;
    this.index = index;
    this.rows = rows;
    this.summaryCache = summary;
  }

  checkArticle(url: string, article: Article, settings: Settings = DEFAULT_SETTINGS): TabResult {
    const result = check(
      { title: article.title, text: article.text, paragraphs: article.paragraphs, lang: article.lang },
      this.index,
      this.idf,
    );
    if (result.status === 'too-short') return { state: 'too-short', url, title: article.title, message: result.message };
    const self = result.matches.find((m) => isSameArticle(m, url, article)) ?? null;
    // The user's threshold only demotes: below it, a source is listed as related coverage.
    const matches = result.matches
      .filter((m) => m !== self)
      .map((m): Match => (m.verdict === 'likely-source' && m.overlap < settings.threshold ? { ...m, verdict: 'related' } : m));
    matches.sort((a, b) => Number(b.verdict === 'likely-source') - Number(a.verdict === 'likely-source'));
    return { state: 'done', url, article: result.article, self, matches };
  }

  summary(): IndexSummary {
    return { ...this.summaryCache, total: this.index.size };
  }

  /** Entries whose title, publisher, author, URL or date contain every word of the query. */
  listEntries(query: string, offset: number, limit: number): { total: number; rows: EntryRow[] } {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const hits = words.length
      ? this.rows.filter(({ meta }) => {
          const hay = `${meta.title} ${meta.publisher ?? ''} ${meta.author ?? ''} ${meta.url ?? ''} ${meta.published ?? ''}`.toLowerCase();
          return words.every((w) => hay.includes(w));
        })
      : this.rows;
    return { total: hits.length, rows: hits.slice(offset, offset + Math.min(limit, 500)) };
  }

  async addOriginal(o: UserOriginal): Promise<Outcome<{ id: string }>> {
    if (!this.store) return { ok: false, error: 'Storage is not available, so nothing can be added.' };
    const id = `user/${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    let meta;
    try {
      meta = validateMeta({ ...o, id, title: o.title.trim(), text: undefined }, 0);
    } catch (e) {
      return { ok: false, error: (e as Error).message.replace(/^entry 0: /, '') };
    }
    const entry = entryFromArticle({ ...meta, text: o.text });
    if ((entry.meta.words ?? 0) < 30) return { ok: false, error: 'The text is too short to index: at least 30 words are needed.' };
    await this.store.putUserEntries([entry]);
    // One entry more needs no reload of every pack (a second or more with large packs).
    this.index.add(entry);
    this.rows.push({ meta: entry.meta, origin: { kind: 'user' } });
    this.summaryCache.user++;
    this.summaryCache.bytes += storedBytes(entry);
    return { ok: true, value: { id } };
  }

  async deleteEntry(id: string): Promise<Outcome> {
    const row = this.rows.find((r) => r.meta.id === id);
    if (!row) return { ok: false, error: `No entry "${id}" in the index.` };
    if (!this.store) return { ok: false, error: 'Storage is not available.' };
    if (row.origin.kind === 'user') {
      await this.store.deleteUserEntry(id);
      const entry = this.index.get(id);
      this.summaryCache.user--;
      if (entry) this.summaryCache.bytes -= storedBytes(entry);
    } else {
      await this.store.hide(id);
    }
    this.index.remove(id);
    this.rows = this.rows.filter((r) => r !== row);
    return { ok: true, value: undefined };
  }

  async setPackEnabled(id: string, enabled: boolean): Promise<Outcome> {
    const pack = await this.store?.pack(id);
    if (!pack || !this.store) return { ok: false, error: `No pack "${id}".` };
    await this.store.putPack({ ...pack, enabled });
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
    const now = new Date().toISOString();
    const stored: StoredPack = {
      id,
      name: fetched.pack.header.name,
      url,
      bytes: fetched.bytes,
      entries: fetched.pack.header.entries,
      enabled: true,
      added: now,
      updated: now,
      error: null,
      etag: fetched.etag,
      lastModified: fetched.lastModified,
    };
    await this.store.putPack(stored);
    await this.reload();
    return { ok: true, value: packSummary(stored, null) };
  }

  /** Refreshes one subscription; a failure keeps the last good copy and records the error. */
  async refreshSubscription(id: string): Promise<Outcome<PackSummary>> {
    const pack = await this.store?.pack(id);
    if (!this.store || !pack || !pack.url) return { ok: false, error: `No subscription "${id}".` };
    const fetched = await fetchPack(pack.url, pack, this.fetchFn);
    const now = new Date().toISOString();
    let next: StoredPack;
    if (fetched.status === 'ok') {
      next = {
        ...pack,
        name: fetched.pack.header.name,
        bytes: fetched.bytes,
        entries: fetched.pack.header.entries,
        updated: now,
        error: null,
        etag: fetched.etag,
        lastModified: fetched.lastModified,
      };
    } else if (fetched.status === 'not-modified') {
      next = { ...pack, updated: now, error: null };
    } else {
      next = { ...pack, error: `${fetched.error}; the last good copy is still used` };
    }
    await this.store.putPack(next);
    await this.reload();
    return fetched.status === 'error' ? { ok: false, error: next.error! } : { ok: true, value: packSummary(next, null) };
  }

  async refreshAllSubscriptions(): Promise<void> {
    for (const p of (await this.store?.packs()) ?? []) if (p.url) await this.refreshSubscription(p.id);
  }
}

/** What one of the user's entries costs in storage, roughly: its fingerprint and metadata. */
function storedBytes(e: Entry): number {
  return e.fingerprint.terms.byteLength + e.fingerprint.signature.byteLength + 200;
}

function packSummary(p: StoredPack, error: string | null): PackSummary {
  return {
    id: p.id,
    name: p.name,
    entries: p.entries,
    enabled: p.enabled,
    url: p.url,
    added: p.added,
    updated: p.updated,
    error,
    bytes: p.bytes.length,
  };
}

/** The page is the indexed original itself: same address, or same headline from the same publisher. */
function isSameArticle(m: Match, url: string, article: Article): boolean {
  const norm = (u: string) =>
    u
      .replace(/^https?:\/\/(www\.)?/, '')
      .replace(/[?#].*$/, '')
      .replace(/\/$/, '');
  if (m.url && norm(m.url) === norm(url)) return true;
  const t = (s: string) => s.toLowerCase().replace(/\W+/g, ' ').trim();
  return (
    m.overlap >= 90 && !!m.publisher && !!article.siteName && t(m.publisher) === t(article.siteName) && t(m.title) === t(article.title)
  );
}
