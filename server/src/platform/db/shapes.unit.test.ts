import { Kysely, PostgresDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Executor } from '../context.ts';
import type { DB } from './schema.ts';
import { CompiledShapes } from './shapes.ts';

// a builder that compiles and never connects
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: {} as never }) }) as Executor;

interface Values extends Record<string, unknown> {
  at: Date;
  row: { name: string; code: string | null };
  tags: string[];
  steps: Array<{ ord: number; note: string }>;
}

/** A select whose writes are in CTEs, as the intake's: rows of steps, an array parameter, a constant of the shape. */
const build = (d: Executor, v: Values, scope: { userId: number }) =>
  d
    .with('c', (q) =>
      q
        .insertInto('units')
        .values({ name: v.row.name, code: v.row.code } as never)
        .returningAll(),
    )
    .selectFrom('c')
    .select((eb) => [
      'c.id',
      sql<string>`(select string_agg(s.note, ',' order by s.ord) from (values ${sql.join(
        v.steps.map((s) => sql`(${s.ord}::int, ${s.note}::text)`),
      )}) as s(ord, note))`.as('notes'),
      sql<boolean>`${v.at}::timestamptz < now() and ${v.tags}::text[] <> '{}'`.as('flag'),
      eb.val(scope.userId).as('reader'),
    ]);

const values = (n: number, steps = 2): Values => ({
  at: new Date(Date.UTC(2026, 11, n)),
  row: { name: `单位${n}`, code: n % 2 ? null : `C${n}` },
  tags: n % 3 ? [] : ['a', `t${n}`],
  steps: Array.from({ length: steps }, (_, i) => ({ ord: i, note: `第${n}.${i}步` })),
});

const previous = process.env.HONGLIAN_CHECK_STATEMENTS;
afterEach(() => {
  if (previous === undefined) delete process.env.HONGLIAN_CHECK_STATEMENTS;
  else process.env.HONGLIAN_CHECK_STATEMENTS = previous;
});

describe('CompiledShapes (a hot statement compiled once per shape)', () => {
  it('gives, for every run of a shape, what building and compiling that run would give', () => {
    const shapes = new CompiledShapes(build);
    for (const n of [1, 2, 3, 4, 5, 6]) {
      const got = shapes.compile(db, '2|7', values(n), { userId: 7 });
      const direct = build(db, values(n), { userId: 7 }).compile();
      expect(got.sql).toBe(direct.sql);
      expect(got.parameters).toEqual(direct.parameters);
    }
  });

  it('compiles a shape once: later runs share its text and get their own values and query id', () => {
    const shapes = new CompiledShapes(build);
    const a = shapes.compile(db, '2|7', values(1), { userId: 7 });
    const b = shapes.compile(db, '2|7', values(2), { userId: 7 });
    expect(b.sql).toBe(a.sql);
    expect(b.query).toBe(a.query);
    expect(b.queryId).not.toBe(a.queryId);
    expect(b.parameters).toContain('单位2');
    expect(b.parameters).not.toContain('单位1');
  });

  it('keeps the shapes apart: another number of rows or another reader is another statement', () => {
    const shapes = new CompiledShapes(build);
    const two = shapes.compile(db, '2|7', values(1, 2), { userId: 7 });
    const three = shapes.compile(db, '3|7', values(1, 3), { userId: 7 });
    const other = shapes.compile(db, '2|8', values(1, 2), { userId: 8 });
    expect(three.sql).not.toBe(two.sql);
    expect(three.parameters).toEqual(build(db, values(1, 3), { userId: 7 }).compile().parameters);
    expect(other.parameters).toContain(8);
    expect(two.parameters).toContain(7);
  });

  it('refuses an undefined value (Kysely would leave its column out, which changes the text)', () => {
    const shapes = new CompiledShapes(build);
    shapes.compile(db, '2|7', values(1), { userId: 7 });
    const bad = { ...values(2), row: { name: undefined as never, code: null } };
    expect(() => shapes.compile(db, '2|7', bad, { userId: 7 })).toThrow(/row\.name is undefined/);
  });

  it('when checking, catches a build that looks at a value or a shape that leaves something out', () => {
    process.env.HONGLIAN_CHECK_STATEMENTS = '1';
    // looks at a value: its first build saw a slot, which is always "truthy"
    const peeking = new CompiledShapes((d: Executor, v: Values, _: undefined) =>
      d
        .selectFrom('units')
        .select('id')
        .where('credit_code', v.row.code ? '=' : 'is', v.row.code),
    );
    peeking.compile(db, 'x', values(2), undefined);
    expect(() => peeking.compile(db, 'x', values(1), undefined)).toThrow(/text differs/);
    // a constant not named by the shape: the reader
    const shapes = new CompiledShapes(build);
    shapes.compile(db, '2', values(1), { userId: 7 });
    expect(() => shapes.compile(db, '2', values(1), { userId: 8 })).toThrow(/parameter \$\d+ differs/);
  });

  it('without checking, answers from the compiled shape alone (the check is what catches the above)', () => {
    delete process.env.HONGLIAN_CHECK_STATEMENTS;
    const shapes = new CompiledShapes(build);
    shapes.compile(db, '2', values(1), { userId: 7 });
    expect(shapes.compile(db, '2', values(1), { userId: 8 }).parameters).toContain(7);
  });

  it('refuses a record passed as one parameter (its slots would reach the database): JSON goes as text', () => {
    const shapes = new CompiledShapes((d: Executor, v: Values, _: undefined) =>
      d
        .selectFrom('units')
        .select((eb) => ['id', sql<unknown>`${v.row}::jsonb`.as('j'), eb.val(1).as('one')]),
    );
    expect(() => shapes.compile(db, 'x', values(1), undefined)).toThrow(/holds slots/);
  });

  it('refuses a statement whose root writes a table (its writes would go unseen by the in-memory copies)', () => {
    const shapes = new CompiledShapes((d: Executor, v: Values, _: undefined) =>
      d.insertInto('units').values({ name: v.row.name } as never),
    );
    expect(() => shapes.compile(db, 'x', values(1), undefined)).toThrow(/root writes a table/);
  });
});
