import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { preparingPool } from './prepared.ts';

/** A pool of one connection that records what it was asked, and fails a named run when told to. */
function fakePool(fail?: { code: string; message: string }) {
  const calls: Array<{ name?: string; text: string }> = [];
  const client = {
    query(q: string | { name: string; text: string }, _values?: unknown[]) {
      const call = typeof q === 'string' ? { text: q } : { name: q.name, text: q.text };
      calls.push(call);
      if (fail && call.name)
        return Promise.reject(Object.assign(new Error(fail.message), { code: fail.code }));
      return Promise.resolve({ rows: [], rowCount: 0, command: 'SELECT' });
    },
    release() {},
  };
  const pool = { connect: async () => client, end: async () => {} } as unknown as pg.Pool;
  return { pool, calls };
}

async function run(pool: ReturnType<typeof preparingPool>, text: string, params: unknown[], times: number) {
  for (let i = 0; i < times; i++) {
    const c = await pool.connect();
    await c.query(text, params);
    c.release();
  }
}

describe('preparingPool (named statements for what runs again and again)', () => {
  it('names a statement from its fifth run on, the same name every time', async () => {
    const { pool, calls } = fakePool();
    await run(preparingPool(pool), 'select * from cases where id = $1', [1], 7);
    expect(calls.map((c) => c.name)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      'hl_1',
      'hl_1',
      'hl_1',
    ]);
  });

  it('never names a statement without parameters (it may hold several commands) or one whose arbiter takes one', async () => {
    const { pool, calls } = fakePool();
    const p = preparingPool(pool);
    await run(p, 'begin; select 1; commit', [], 6);
    await run(p, 'insert into t (a) values ($1) on conflict (a) where kind = $2 do nothing', [1, 'x'], 6);
    expect(calls.every((c) => c.name === undefined)).toBe(true);
    // a fixed predicate is fine: the intake's insert names its partial unique index this way
    await run(p, 'insert into t (a) values ($1) on conflict (a) where a is not null do nothing', [1], 5);
    expect(calls.at(-1)?.name).toBe('hl_1');
  });

  it('keeps at most the given number of named statements on one connection', async () => {
    const { pool, calls } = fakePool();
    const p = preparingPool(pool, { threshold: 1, perConnection: 2 });
    for (const t of ['a', 'b', 'c']) await run(p, `select $1::text as ${t}`, ['x'], 2);
    expect(calls.map((c) => c.name)).toEqual(['hl_1', 'hl_1', 'hl_2', 'hl_2', undefined, undefined]);
  });

  it('runs a statement unnamed again, and from then on, when a generic plan cannot serve it', async () => {
    const { pool, calls } = fakePool({ code: '0A000', message: 'cached plan must not change result type' });
    const p = preparingPool(pool, { threshold: 1 });
    await run(p, 'select * from t where id = $1', [1], 3);
    expect(calls.map((c) => c.name)).toEqual(['hl_1', undefined, undefined, undefined]);
    const other = fakePool({ code: '23505', message: 'duplicate key' });
    const q = preparingPool(other.pool, { threshold: 1 });
    await expect(run(q, 'insert into t values ($1)', [1], 1)).rejects.toThrow('duplicate key');
  });
});
