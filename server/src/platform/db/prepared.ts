import { type PostgresPool, type PostgresPoolClient, sql } from 'kysely';
import type pg from 'pg';

/** What marks a statement to be named (below): a comment, so the statement means the same without it. */
export const NAMED_MARK = '/* honglian:named */';

/** Appended to a hot statement: `.modifyEnd(named())` on a query, or `${named()}` inside `sql`. */
export const named = () => sql.raw(` ${NAMED_MARK}`);

/**
 * Server-side prepared statements for the hot statements this process runs again and again (issue 11).
 *
 * Kysely hands node-postgres unnamed statements, which PostgreSQL parses and plans on every run: for the
 * intake's one statement that was most of its cost (parse 0.23 ms and plan 0.77 ms against 0.3 ms of
 * work). A statement that carries `NAMED_MARK` gets a name once this process has run its text
 * `threshold` times: node-postgres then parses it once per connection, and PostgreSQL, after five runs,
 * keeps a generic plan when it costs no more than planning each time (`plan_cache_mode = auto`).
 *
 * Only marked statements: a generic plan is made for no value in particular, and a statement whose
 * best plan depends on its values (a subtree `org_path like $1` that is one branch for a re-check and
 * the whole city for the nightly sweep) could keep a plan that suits the many small runs and ruins the
 * big one. The marked ones find a few rows by key whatever their values: the intake's statement, a
 * case's detail, a session, a cache version.
 *
 * Bounded: at most `perConnection` named statements on a connection, and only statements with
 * parameters (a statement without them travels as a simple query, which may hold several commands).
 * Never named: an `on conflict (…) where …` whose predicate takes a parameter. PostgreSQL picks the
 * arbiter index while planning, and a generic plan, not knowing the value, finds none (42P10).
 * A named statement whose tables changed shape under it (a restore recreates them) fails once with
 * "cached plan must not change result type"; it is left unnamed from then on, and run again unnamed
 * at once unless a transaction is open (the error has aborted it: the error is the caller's).
 */
export function preparingPool(
  pool: pg.Pool,
  options: { threshold?: number; perConnection?: number } = {},
): PostgresPool {
  const threshold = options.threshold ?? 1;
  const perConnection = options.perConnection ?? 100;
  /** statement text → runs so far and, from the threshold on, its name */
  const seen = new Map<string, { runs: number; name?: string }>();
  /** names prepared on each connection (node-postgres keeps the parsed ones on the client) */
  const prepared = new WeakMap<pg.PoolClient, Set<string>>();
  /** statements that must stay unnamed */
  const unnamed = new Set<string>();
  /** connections inside a transaction (Kysely sends `begin`, `commit` and `rollback` as statements) */
  const inTransaction = new WeakSet<pg.PoolClient>();
  let next = 0;

  function nameFor(client: pg.PoolClient, text: string): string | undefined {
    if (!text.includes(NAMED_MARK) || unnamed.has(text)) return undefined;
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

  function noteTransaction(client: pg.PoolClient, text: string) {
    if (/^\s*(begin|start\s+transaction)\b/i.test(text)) inTransaction.add(client);
    else if (/^\s*(commit|end|rollback)\s*;?\s*$/i.test(text)) inTransaction.delete(client);
  }

  return {
    async connect() {
      const client = await pool.connect();
      const wrapped = {
        query(textOrCursor: unknown, parameters?: ReadonlyArray<unknown>) {
          if (typeof textOrCursor === 'string') noteTransaction(client, textOrCursor);
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
            if (inTransaction.has(client)) throw error;
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
