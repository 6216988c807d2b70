import type { Entry } from '../../index';
import type { Candidate, CandidateSource } from '../../match/check';
import { StoreRefused } from '../errors';
import { storeCandidates } from './candidates';
import { RedisConnection } from './connection';
import { pushEntries, type PushReport } from './ingest';
import { FORMAT, FORMAT_KEY } from './keys';
import { removeEntries, type RemoveReport } from './retract';

/**
 * An index in Redis (one node or a cluster): the candidate source of `check --store` and
 * `serve --store`, and the target of `index push` and `index remove`. Node only.
 */
export class RedisStore implements CandidateSource {
  private constructor(readonly connection: RedisConnection) {}

  /**
   * Opens the store at a redis:// address. A store written with other fingerprint parameters
   * is refused; so is one that holds no index, unless `create` (a first push) is asked for.
   */
  static async open(url: string, { create = false } = {}): Promise<RedisStore> {
    const connection = await RedisConnection.open(url);
    try {
      const wanted = JSON.stringify(FORMAT);
      const [found] = (await connection.run([create ? ['set', FORMAT_KEY, wanted, 'NX', 'GET'] : ['get', FORMAT_KEY]])) as [string | null];
      if (found === null && !create) {
        throw new StoreRefused(
          `the Redis store at ${connection.name} holds no provenance index yet (push one with: provenance index push <pack> --store redis://${connection.name})`,
        );
      }
      if (found !== null && found !== wanted) {
        throw new StoreRefused(
          `the Redis store at ${connection.name} was written by another engine version (${found}); this one writes ${wanted}`,
        );
      }
      return new RedisStore(connection);
    } catch (e) {
      connection.close();
      throw e;
    }
  }

  candidates(signature: Uint32Array, limit: number, weights?: Float32Array): Promise<Candidate[]> {
    return storeCandidates(this.connection, signature, limit, weights);
  }

  push(entries: readonly Entry[], onProgress?: (done: number) => void): Promise<PushReport> {
    return pushEntries(this.connection, entries, onProgress);
  }

  remove(ids: readonly string[]): Promise<RemoveReport> {
    return removeEntries(this.connection, ids);
  }

  close(): void {
    this.connection.close();
  }
}
