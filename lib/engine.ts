import type { Article } from './extract';
import { entryFromArticle, MemoryIndex, readPack, type Entry } from './index';
import type { IndexStore } from './index/store';
import { check, Idf, type Match } from './match';
import type { IndexSummary, Outcome, TabResult, UserOriginal } from './protocol';

/**
 * The background's engine: the index (bundled pack + imported packs + the user's own
 * entries, queried together) and the check of an extracted article. Browser-agnostic:
 * the worker hands it the bundled bytes and a store.
 */
export class Engine {
  private index = new MemoryIndex();
  private counts: IndexSummary = { bundled: 0, user: 0, packs: [], total: 0 };

  private constructor(
    private readonly idf: Idf,
    private readonly bundled: Entry[],
    private readonly store: IndexStore | null,
  ) {}

  static async create(bundledPack: Uint8Array, idfBytes: Uint8Array, store: IndexStore | null): Promise<Engine> {
    const result = await readPack(bundledPack);
    if (!result.ok) throw new Error(`the bundled index is damaged: ${result.error}`);
    const engine = new Engine(Idf.fromBytes(idfBytes), result.pack.entries, store);
    await engine.reload();
    return engine;
  }

  /** Rebuilds the in-memory index from the bundled pack and everything stored. */
  async reload(): Promise<void> {
    const index = new MemoryIndex();
    const entries = [...this.bundled];
    const counts: IndexSummary = { bundled: this.bundled.length, user: 0, packs: [], total: 0 };
    if (this.store) {
      for (const p of await this.store.packs()) {
        // Packs were validated before they were stored; a pack that no longer reads (a
        // format change) is reported, not fatal.
        const r = p.enabled ? await readPack(p.bytes) : null;
        if (r?.ok) entries.push(...r.pack.entries);
        counts.packs.push({
          id: p.id,
          name: p.name,
          entries: p.entries,
          enabled: p.enabled,
          url: p.url,
          updated: p.updated,
          error: r && !r.ok ? r.error : p.error,
        });
      }
      const user = await this.store.userEntries();
      counts.user = user.length;
      entries.push(...user);
    }
    index.addAll(entries);
    counts.total = index.size;
    this.index = index;
    this.counts = counts;
  }

  checkArticle(url: string, article: Article): TabResult {
    const result = check(
      { title: article.title, text: article.text, paragraphs: article.paragraphs, lang: article.lang },
      this.index,
      this.idf,
    );
    if (result.status === 'too-short') return { state: 'too-short', url, title: article.title, message: result.message };
    const self = result.matches.find((m) => isSameArticle(m, url, article)) ?? null;
    return {
      state: 'done',
      url,
      article: result.article,
      self,
      matches: result.matches.filter((m) => m !== self),
    };
  }

  summary(): IndexSummary {
    return { ...this.counts, total: this.index.size };
  }

  async addOriginal(o: UserOriginal): Promise<Outcome<{ id: string }>> {
    if (!this.store) return { ok: false, error: 'storage is not available' };
    if (!o.title.trim()) return { ok: false, error: 'A title is needed.' };
    const id = `user/${Date.now().toString(36)}`;
    const entry = entryFromArticle({ id, ...o, title: o.title.trim() });
    if ((entry.meta.words ?? 0) < 30) return { ok: false, error: 'The text is too short to index (at least 30 words).' };
    await this.store.putUserEntries([entry]);
    this.index.add(entry);
    this.counts.user++;
    return { ok: true, value: { id } };
  }
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
