import { Tally, type Probe } from '../../candidates';
import type { Entry } from '../../index';
import type { Candidate, CandidateSource } from '../../match/check';
import type { Idf } from '../../match/idf';
import { StoreRefused } from '../errors';
import { storeCandidates } from './candidates';
import { RedisConnection } from './connection';
import { pushEntries, type PushReport } from './ingest';
import { FORMAT_KEY, StoreLayout } from './keys';
import { checkMarks, writeMarks } from './marks';
import { removeEntries, type RemoveReport } from './retract';

/** How often a long-running store looks at its marks again, and at how many of them (marks.ts). */
const MARKS_EVERY_MS = 5_000;
const MARKS_LOOKED_AT = 256;

/**
 * An index in Redis (one node or a cluster): the candidate source of `check --store` and
 * `serve --store`, and the target of `index push` and `index remove`. Node only.
 */
export class RedisStore implements CandidateSource {
  private readonly tally = new Tally();
  /** The last look at the store's marks (marks.ts): when it was taken, and what it found. */
  private marks: { at: number; lost: Error | null } = { at: Date.now(), lost: null };
  private looking = false;

  private constructor(
    readonly connection: RedisConnection,
    /** Its number of buckets, as recorded when it was created. */
    readonly layout: StoreLayout,
    private readonly idf: Idf,
  ) {}

  /**
   * Opens the store at a redis:// address. A store written with other fingerprint parameters
   * is refused; so is one that holds no index, unless `create` (a first push) is asked for.
   * The IDF table chooses each entry's candidate keys (lib/candidates). `buckets` is the
   * number of term buckets of a store created now (StoreLayout); one that exists keeps its own.
   */
  static async open(url: string, { idf, create = false, buckets }: { idf: Idf; create?: boolean; buckets?: number }): Promise<RedisStore> {
    const asked = buckets === undefined ? new StoreLayout() : StoreLayout.ofBuckets(buckets);
    const connection = await RedisConnection.open(url);
    try {
      const wanted = asked.format;
      const [found] = (await connection.run([create ? ['set', FORMAT_KEY, wanted, 'NX', 'GET'] : ['get', FORMAT_KEY]])) as [string | null];
      if (found === null && !create) {
        throw new StoreRefused(
          `the Redis store at ${connection.name} holds no provenance index yet (push one with: provenance index push <pack> --store redis://${connection.name})`,
        );
      }
      const layout = found === null ? asked : StoreLayout.fromFormat(found);
      if (!layout) {
        throw new StoreRefused(
          `the Redis store at ${connection.name} was written by another engine version (${found}); this one writes ${wanted}`,
        );
      }
      if (buckets !== undefined && layout.termBuckets !== buckets) {
        throw new StoreRefused(
          `the Redis store at ${connection.name} was created with ${layout.termBuckets} buckets; the number of buckets is chosen when a store is created (leave --buckets out to push to it)`,
        );
      }
      await checkMarks(connection);
      return new RedisStore(connection, layout, idf);
    } catch (e) {
      connection.close();
      throw e;
    }
  }

  candidates(probe: Probe, limit: number): Promise<Candidate[]> {
    this.lookAtMarks();
    if (this.marks.lost) return Promise.reject(this.marks.lost);
    return storeCandidates(this.connection, this.layout, probe, limit, this.tally);
  }

  /**
   * A long-running `serve` looks at the marks again every MARKS_EVERY_MS, beside the checks,
   * not in their way: MARKS_LOOKED_AT of them drawn at random (the client's encoding of all
   * 4,096 EXISTS took 26 ms, measured on a local 3-node cluster; 256, 3 ms). A
   * master serving a third of the slots holds ~1,365 groups, so any look finds it emptied;
   * one serving 1% of them, ~41 groups, is found by 92% of looks, within a minute almost
   * surely. `/health`, `open` and a push look at every mark.
   */
  private lookAtMarks(): void {
    if (this.looking || Date.now() - this.marks.at < MARKS_EVERY_MS) return;
    this.looking = true;
    checkMarks(this.connection, MARKS_LOOKED_AT).then(
      () => this.sawMarks(null),
      (e: Error) => this.sawMarks(e),
    );
  }

  private sawMarks(lost: Error | null): void {
    this.marks = { at: Date.now(), lost };
    this.looking = false;
  }

  async push(entries: readonly Entry[], onProgress?: (done: number) => void): Promise<PushReport> {
    await writeMarks(this.connection);
    return pushEntries(this.connection, this.layout, entries, this.idf, onProgress);
  }

  remove(ids: readonly string[]): Promise<RemoveReport> {
    return removeEntries(this.connection, this.layout, ids, this.idf);
  }

  /**
   * Rejects, naming the node, when a check could not be answered now (see
   * RedisConnection.ping) or would be answered from part of the index (marks.ts).
   */
  async health(): Promise<void> {
    await this.connection.ping();
    try {
      await checkMarks(this.connection);
      this.sawMarks(null);
    } catch (e) {
      this.sawMarks(e as Error);
      throw e;
    }
  }

  close(): void {
    this.connection.close();
  }
}
