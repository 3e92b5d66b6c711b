import { VersionedCache } from '../../platform/cache.ts';
import type { Executor } from '../../platform/context.ts';
import type { TableWrites } from '../../platform/db/writes.ts';
import * as repo from './repository.ts';

/**
 * What filing a case reads besides the case itself: the category, the area and the route of the nearest
 * area with its handler. `fileCase` takes them from here so that a caller inside a transaction reads them
 * in that transaction (`directRefs`), and the intake routes from a copy in memory (`CachedRefs`).
 */
export interface CaseRefs {
  category(id: number): ReturnType<typeof repo.findCategory>;
  org(id: number): ReturnType<typeof repo.findOrg>;
  route(categoryId: number, areaPath: string): ReturnType<typeof repo.findRoute>;
}

export function directRefs(db: Executor): CaseRefs {
  return {
    category: (id) => repo.findCategory(db, id),
    org: (id) => repo.findOrg(db, id),
    route: (categoryId, areaPath) => repo.findRoute(db, categoryId, areaPath),
  };
}

/** The tables the answers above come from: a write to any of them empties the copies. */
const SOURCES = ['case_categories', 'case_routes', 'orgs', 'units'] as const;

/** Entries kept per kind before the copy starts again (a city has ~16,000 organizations). */
const MAX_ENTRIES = 50_000;

interface Copies {
  categories: Map<number, ReturnType<CaseRefs['category']>>;
  orgs: Map<number, ReturnType<CaseRefs['org']>>;
  routes: Map<string, ReturnType<CaseRefs['route']>>;
}

/**
 * The intake's copy (issue 11: "cache category, route and area in the process"). Entries are read on
 * first use and shared by concurrent callers. A change by another process bumps `cache_versions.intake`
 * in its transaction (triggers, migration 0235) and is seen here within a second; a change by this
 * process empties the copy as soon as its statement has run (`TableWrites`). The answers are shared
 * objects: callers read them and never change them.
 */
export class CachedRefs implements CaseRefs {
  private readonly cache = new VersionedCache<Copies>('intake', async () => ({
    categories: new Map(),
    orgs: new Map(),
    routes: new Map(),
  }));

  /** stops listening to the database's writes (the application closes; the database may serve another) */
  readonly close: () => void;

  constructor(
    private readonly db: Executor,
    writes: TableWrites,
  ) {
    this.close = writes.on(SOURCES, () => this.cache.invalidate());
  }

  async category(id: number) {
    return remember((await this.cache.get(this.db)).categories, id, () => repo.findCategory(this.db, id));
  }

  async org(id: number) {
    return remember((await this.cache.get(this.db)).orgs, id, () => repo.findOrg(this.db, id));
  }

  async route(categoryId: number, areaPath: string) {
    return remember((await this.cache.get(this.db)).routes, `${categoryId}:${areaPath}`, () =>
      repo.findRoute(this.db, categoryId, areaPath),
    );
  }
}

function remember<K, V>(map: Map<K, Promise<V>>, key: K, read: () => Promise<V>): Promise<V> {
  const known = map.get(key);
  if (known) return known;
  if (map.size >= MAX_ENTRIES) map.clear();
  const reading = read();
  map.set(key, reading);
  // a failed read is not remembered: the next caller asks the database again
  reading.catch(() => map.delete(key));
  return reading;
}
