import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/**
 * Server-side prepared statements for the statements this process runs again and again (issue 11).
 *
 * Kysely hands node-postgres unnamed statements, which PostgreSQL parses and plans on every run: for the
 * intake's one statement that was most of its cost (parse 0.23 ms and plan 0.77 ms against 0.3 ms of
 * work). A statement whose text this process has run `threshold` times gets a name, as pgJDBC's
 * prepareThreshold does: node-postgres then parses it once per connection, and PostgreSQL, after five
 * runs, keeps a generic plan when it costs no more than planning each time (`plan_cache_mode = auto`;
 * a statement whose parameters change its plan keeps being planned per run).
 *
 * Bounded: at most `perConnection` named statements on a connection, and only statements with
 * parameters (a statement without them travels as a simple query, which may hold several commands).
 * Never named: an `on conflict (…) where …` whose predicate takes a parameter. PostgreSQL picks the
 * arbiter index while planning, and a generic plan, not knowing the value, finds none (42P10).
 * A named statement whose tables changed shape under it (a restore recreates them) fails once with
 * "cached plan must not change result type"; it is then run again unnamed and left unnamed.
 */
export function preparingPool(
  pool: pg.Pool,
  options: { threshold?: number; perConnection?: number } = {},
): PostgresPool {
  const threshold = options.threshold ?? 5;
  const perConnection = options.perConnection ?? 100;
  /** statement text → runs so far and, from the threshold on, its name */
  const seen = new Map<string, { runs: number; name?: string }>();
  /** names prepared on each connection (node-postgres keeps the parsed ones on the client) */
  const prepared = new WeakMap<pg.PoolClient, Set<string>>();
  /** statements that must stay unnamed */
  const unnamed = new Set<string>();
  let next = 0;

  function nameFor(client: pg.PoolClient, text: string): string | undefined {
    if (unnamed.has(text)) return undefined;
    let entry = seen.get(text);
    if (!entry) {
      // texts built with varying lists (an IN of n values) would grow the map without end
      if (seen.size >= 10_000) seen.clear();
      if (PARAMETERISED_ARBITER.test(text)) {
        unnamed.add(text);
        return undefined;
      }
      entry = { runs: 0 };
      seen.set(text, entry);
    }
    entry.runs++;
    if (entry.runs < threshold) return undefined;
    entry.name ??= `hl_${++next}`;
    let names = prepared.get(client);
    if (!names) {
      names = new Set();
      prepared.set(client, names);
    }
    if (!names.has(entry.name)) {
      if (names.size >= perConnection) return undefined;
      names.add(entry.name);
    }
    return entry.name;
  }

  return {
    async connect() {
      const client = await pool.connect();
      const wrapped = {
        query(textOrCursor: unknown, parameters?: ReadonlyArray<unknown>) {
          if (typeof textOrCursor !== 'string' || !parameters?.length)
            return client.query(textOrCursor as never, parameters as never);
          const text = textOrCursor;
          const values = [...parameters];
          const name = nameFor(client, text);
          if (!name) return client.query(text, values);
          return client.query({ name, text, values }).catch((error: Error & { code?: string }) => {
            // a shape the rules above did not foresee: run it as before, and never name it again
            const generic =
              error.code === '42P10' || (error.code === '0A000' && /cached plan/.test(error.message));
            if (!generic) throw error;
            unnamed.add(text);
            return client.query(text, values);
          });
        },
        release: (error?: Error | boolean) => client.release(error),
      };
      return wrapped as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

/** `on conflict (…) where <predicate with $n> do …`: see above */
const PARAMETERISED_ARBITER = /on conflict\s*\([^)]*\)\s*where\s(?:(?!\bdo\b)[\s\S])*\$\d/i;
