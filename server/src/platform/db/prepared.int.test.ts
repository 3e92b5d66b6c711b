import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, engine, type TestApp } from '../../test/harness.ts';
import { openPostgres } from './database.ts';
import { named } from './prepared.ts';

/**
 * Named statements on a real PostgreSQL connection (decision 0030): a statement run often is prepared on
 * the server under its name, and `HONGLIAN_PG_NAMED_STATEMENTS=0` (behind a transaction pooler) leaves
 * every statement unnamed. The embedded database has no such layer.
 */
describe.skipIf(engine !== 'postgres')('named statements on PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: false });
  });
  afterAll(() => t?.close());

  async function preparedAfterRuns(namedStatements: boolean) {
    if (t.database.native.engine !== 'postgres') throw new Error('PostgreSQL only');
    // one connection, so the statements and the look at them share it
    const database = await openPostgres(t.database.native.url, 1, { namedStatements });
    try {
      for (let i = 0; i < 6; i++)
        await database.db
          .selectFrom('orgs')
          .select('id')
          .where('id', '=', i + 1)
          .modifyEnd(named())
          .execute();
      const { rows } = await sql<{
        name: string;
        statement: string;
      }>`select name, statement from pg_prepared_statements`.execute(database.db);
      return rows.filter((r) => r.statement.includes('from "orgs"'));
    } finally {
      await database.close();
    }
  }

  it('prepares a marked statement under a name, and prepares nothing when switched off', async () => {
    expect(await preparedAfterRuns(true)).toEqual([
      expect.objectContaining({ name: expect.stringMatching(/^hl_\d+$/) }),
    ]);
    expect(await preparedAfterRuns(false)).toEqual([]);
  });
});
