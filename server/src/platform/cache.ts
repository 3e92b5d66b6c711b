import { sql } from 'kysely';
import { systemNow } from './clock.ts';
import type { Executor } from './context.ts';
import { named } from './db/prepared.ts';

/** How often a process asks whether another one changed a cached thing (issue 11: within a second). */
const VERSION_CHECK_MS = 1000;

/**
 * Something a process keeps in memory that another process may change: the working-day calendar, the
 * assistant's index. Each has a row in `cache_versions` (migration 0106); whoever changes the thing bumps
 * the row in the same transaction (`bump`), and every process compares its copy's version at most once
 * a second, loading again when it moved. Concurrent callers share one load.
 */
export class VersionedCache<T> {
  private cached: { value: T; version: number } | undefined;
  private checkedAt = 0;
  private loading: Promise<{ value: T; version: number }> | undefined;

  constructor(
    private readonly name: string,
    private readonly load: (db: Executor) => Promise<T>,
  ) {}

  private async version(db: Executor): Promise<number> {
    const row = await sql<{ version: string }>`
      select version from cache_versions where name = ${this.name}${named()}`.execute(db);
    return Number(row.rows[0]?.version ?? 0);
  }

  async get(db: Executor): Promise<T> {
    const now = systemNow().getTime();
    if (this.cached && now - this.checkedAt < VERSION_CHECK_MS) return this.cached.value;
    const version = await this.version(db);
    this.checkedAt = now;
    if (this.cached && this.cached.version === version) return this.cached.value;
    this.loading ??= this.load(db)
      .then((value) => ({ value, version }))
      .finally(() => {
        this.loading = undefined;
      });
    this.cached = await this.loading;
    return this.cached.value;
  }

  /** Records a change in its transaction: every process loads again within a second. */
  async bump(trx: Executor): Promise<void> {
    await sql`update cache_versions set version = version + 1 where name = ${this.name}`.execute(trx);
  }

  /** After a change committed in this process: load again on next use, without waiting. */
  invalidate(): void {
    this.cached = undefined;
    this.checkedAt = 0;
  }
}
