import { Kysely, PostgresDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DB } from './schema.ts';
import { tableWrites, writtenTables } from './writes.ts';

// a builder that compiles and never connects
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: {} as never }) });
const tables = (q: { toOperationNode(): never }) => writtenTables(q.toOperationNode());

describe('writtenTables (the statements that empty an in-memory copy)', () => {
  it('names the target of an insert, an update and a delete, aliased or not', () => {
    expect(tables(db.insertInto('orgs').values({} as never) as never)).toEqual(['orgs']);
    expect(tables(db.updateTable('case_routes as r').set({ auto_dispatch: true }) as never)).toEqual([
      'case_routes',
    ]);
    expect(tables(db.deleteFrom('units').where('id', '=', 1) as never)).toEqual(['units']);
  });

  it('reads no write into a select, however it joins', () => {
    expect(
      tables(db.selectFrom('orgs').innerJoin('units', 'units.id', 'orgs.unit_id').selectAll() as never),
    ).toEqual([]);
  });

  it('finds the writes in raw SQL, quoted or not, and ignores reads of the same tables', () => {
    expect(tables(sql`update orgs set path = v.path from unnest(${[1]}::bigint[]) v(id)` as never)).toEqual([
      'orgs',
    ]);
    expect(tables(sql`insert into "case_categories" (code) values (${'x'})` as never)).toEqual([
      'case_categories',
    ]);
    expect(tables(sql`DELETE FROM units where id = ${1}` as never)).toEqual(['units']);
    expect(tables(sql`select * from orgs join units on units.id = orgs.unit_id` as never)).toEqual([]);
  });

  it('tells the kind of each write, so a listener may wait for deletes only', () => {
    const kinds = (q: { toOperationNode(): never }) => tableWrites(q.toOperationNode());
    expect(kinds(db.deleteFrom('sessions').where('id', '=', 'x') as never)).toEqual([
      { table: 'sessions', kind: 'delete' },
    ]);
    expect(kinds(db.updateTable('sessions').set({ ip: 'x' }) as never)).toEqual([
      { table: 'sessions', kind: 'update' },
    ]);
    expect(
      kinds(
        sql`with d as (delete from sessions where id = ${'x'}) insert into audit_events (action) values ('a')` as never,
      ),
    ).toEqual([
      { table: 'sessions', kind: 'delete' },
      { table: 'audit_events', kind: 'insert' },
    ]);
    expect(kinds(sql`truncate table sessions` as never)).toEqual([{ table: 'sessions', kind: 'delete' }]);
  });
});
