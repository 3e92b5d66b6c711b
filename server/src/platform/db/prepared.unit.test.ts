import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { NAMED_MARK, preparingPool } from './prepared.ts';

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

const hot = (text: string) => `${text} ${NAMED_MARK}`;

describe('preparingPool (named statements for the hot statements)', () => {
  it('names a marked statement from the given run on, the same name every time; never an unmarked one', async () => {
    const { pool, calls } = fakePool();
    const p = preparingPool(pool, { threshold: 5 });
    await run(p, hot('select * from cases where id = $1'), [1], 7);
    expect(calls.map((c) => c.name)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      'hl_1',
      'hl_1',
      'hl_1',
    ]);
    // a subtree read may need another plan for the city than for a branch: it stays planned per run
    await run(p, "select * from findings where org_path like $1 || '%'", ['0001.'], 7);
    expect(calls.slice(7).every((c) => c.name === undefined)).toBe(true);
  });

  it('never names a statement without parameters (it may hold several commands) or one whose arbiter takes one', async () => {
    const { pool, calls } = fakePool();
    const p = preparingPool(pool);
    await run(p, hot('begin; select 1; commit'), [], 2);
    await run(
      p,
      hot('insert into t (a) values ($1) on conflict (a) where kind = $2 do nothing'),
      [1, 'x'],
      2,
    );
    expect(calls.every((c) => c.name === undefined)).toBe(true);
    // a fixed predicate is fine: the intake's insert names its partial unique index this way
    await run(p, hot('insert into t (a) values ($1) on conflict (a) where a is not null do nothing'), [1], 1);
    expect(calls.at(-1)?.name).toBe('hl_1');
  });

  it('keeps at most the given number of named statements on one connection', async () => {
    const { pool, calls } = fakePool();
    const p = preparingPool(pool, { perConnection: 2 });
    for (const t of ['a', 'b', 'c']) await run(p, hot(`select $1::text as ${t}`), ['x'], 2);
    expect(calls.map((c) => c.name)).toEqual(['hl_1', 'hl_1', 'hl_2', 'hl_2', undefined, undefined]);
  });

  it('runs a statement unnamed from then on when a generic plan cannot serve it, at once when no transaction is open', async () => {
    const { pool, calls } = fakePool({ code: '0A000', message: 'cached plan must not change result type' });
    const p = preparingPool(pool);
    await run(p, hot('select * from t where id = $1'), [1], 3);
    expect(calls.map((c) => c.name)).toEqual(['hl_1', undefined, undefined, undefined]);
    const other = fakePool({ code: '23505', message: 'duplicate key' });
    const q = preparingPool(other.pool);
    await expect(run(q, hot('insert into t values ($1)'), [1], 1)).rejects.toThrow('duplicate key');
  });

  it('inside a transaction answers the error itself (the transaction is aborted), and names the statement no more', async () => {
    const { pool, calls } = fakePool({ code: '0A000', message: 'cached plan must not change result type' });
    const p = preparingPool(pool);
    const c = await p.connect();
    await c.query('begin', []);
    await expect(c.query(hot('select * from t where id = $1'), [1])).rejects.toThrow('cached plan');
    await c.query('rollback', []);
    await c.query(hot('select * from t where id = $1'), [1]);
    c.release();
    expect(calls.map((x) => [x.text.split(' ')[0], x.name])).toEqual([
      ['begin', undefined],
      ['select', 'hl_1'],
      ['rollback', undefined],
      ['select', undefined],
    ]);
  });
});
