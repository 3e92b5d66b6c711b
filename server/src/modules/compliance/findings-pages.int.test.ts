import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../platform/cursor.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';

// The findings list read in keyset pages (issue 11): a cursor continues from a row's key, so a walk
// sees every row once in order, and rows inserted meanwhile never push an already-read row onto the
// next page (what OFFSET does).

let t: TestApp;
let admin: Session;
let branch: { id: number; path: string; region_code: string };
let rule: { code: string; version: number };
let serial = 0;

/** `n` open findings of the branch, `ties` of them at each instant (a sweep opens many at once). */
async function addFindings(n: number, openedAt: string, ties = 1) {
  const from = serial;
  serial += n;
  await sql`
    insert into findings (region_code, rule_code, rule_version, org_id, org_path, subject_type, subject_id,
      aspect, period, severity, opened_at, last_seen_at, message)
    select ${branch.region_code}, ${rule.code}, ${rule.version}, ${branch.id}, ${branch.path}, 'org', ${branch.id},
      'page-test', 'p' || g, 'finding',
      ${openedAt}::timestamptz - make_interval(secs => ((g - ${from}::int) / ${ties}::int) * 1.000123),
      ${openedAt}::timestamptz, '分页测试 ' || g
    from generate_series(${from}::int, ${from + n - 1}::int) g`.execute(t.database.db);
}

/** The order the list promises, read straight from the table. */
async function expectedIds(): Promise<number[]> {
  const rows = await sql<{ id: number }>`
    select id from findings where org_path like ${`${branch.path}%`}
    order by opened_at desc, id desc`.execute(t.database.db);
  return rows.rows.map((r) => Number(r.id));
}

interface PageAnswer {
  items: Array<{ id: number }>;
  total: number;
  nextCursor: string | null;
  prevCursor: string | null;
}

async function page(query: Record<string, string | number | undefined>): Promise<PageAnswer> {
  const res = await t.as(admin, {
    method: 'GET',
    url: '/api/v1/compliance/findings',
    query: Object.fromEntries(
      Object.entries({ orgId: branch.id, ...query }).flatMap(([k, v]) =>
        v === undefined ? [] : [[k, String(v)]],
      ),
    ),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as PageAnswer;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  const id = await orgId(t, '厦门鹭岛智造科技有限公司党支部');
  branch = await t.database.db
    .selectFrom('orgs')
    .select(['id', 'path', 'region_code'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  rule = await t.database.db
    .selectFrom('compliance_rules')
    .select(['code', 'version'])
    .orderBy('code')
    .limit(1)
    .executeTakeFirstOrThrow();
  // 95 findings: groups of 5 opened at the same instant, microseconds apart between groups
  await addFindings(95, '2026-06-01 12:00:00.654321+08', 5);
});
afterAll(() => t.close());

describe('the findings list by cursor', () => {
  it('walks forward and back: every row exactly once, in order, cursors null at both ends', async () => {
    const expected = await expectedIds();
    expect(expected.length).toBeGreaterThanOrEqual(95);

    const forward: number[][] = [];
    let answer = await page({ pageSize: 10 });
    expect(answer.prevCursor).toBeNull();
    expect(answer.total).toBe(expected.length);
    forward.push(answer.items.map((f) => f.id));
    while (answer.nextCursor) {
      answer = await page({ pageSize: 10, cursor: answer.nextCursor });
      expect(answer.prevCursor).not.toBeNull();
      forward.push(answer.items.map((f) => f.id));
    }
    expect(forward.flat()).toEqual(expected);
    expect(forward.length).toBe(Math.ceil(expected.length / 10));

    // back from the last page to the first, page by page
    const backward: number[][] = [forward.at(-1)!];
    let cursor = answer.prevCursor;
    while (cursor) {
      answer = await page({ pageSize: 10, cursor });
      backward.push(answer.items.map((f) => f.id));
      cursor = answer.prevCursor;
    }
    expect(backward.reverse().flat()).toEqual(expected);
    expect(backward[0]).toEqual(forward[0]);

    // page numbers still work, and a numbered page offers cursors on both sides
    const third = await page({ pageSize: 10, page: 3 });
    expect(third.items.map((f) => f.id)).toEqual(expected.slice(20, 30));
    const second = await page({ pageSize: 10, cursor: third.prevCursor! });
    expect(second.items.map((f) => f.id)).toEqual(expected.slice(10, 20));
    const fourth = await page({ pageSize: 10, cursor: third.nextCursor! });
    expect(fourth.items.map((f) => f.id)).toEqual(expected.slice(30, 40));
  });

  it('never repeats a row when findings are opened while someone pages through', async () => {
    const before = await expectedIds();
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      // a sweep opens findings at the same moment as the page is read: newer ones go to the front,
      // where OFFSET would push the rows already read onto the next page
      const [answer]: [PageAnswer, unknown] = await Promise.all([
        page({ pageSize: 7, ...(cursor ? { cursor } : {}) }),
        addFindings(4, '2026-12-01 09:00:00+08'),
      ]);
      seen.push(...answer.items.map((f) => f.id));
      cursor = answer.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(new Set(seen).size).toBe(seen.length);
    // every row that was there when the walk began was read, in the promised order
    expect(seen.filter((id) => before.includes(id))).toEqual(before);
  });

  it('refuses a bad cursor with 400 on the field cursor', async () => {
    const bad = [
      'not a cursor!',
      'eyJ9',
      encodeCursor({ direction: 'next', key: ['2026-02-31 10:00:00+08', 1] }),
      encodeCursor({ direction: 'next', key: ['2026-06-01 12:00:00+08'] }),
      encodeCursor({ direction: 'next', key: ['yesterday', 5] }),
      Buffer.from(JSON.stringify({ d: 'sideways', k: ['2026-06-01 12:00:00+08', 1] })).toString('base64url'),
      'x'.repeat(500),
    ];
    for (const cursor of bad) {
      const res = await t.as(admin, {
        method: 'GET',
        url: '/api/v1/compliance/findings',
        query: { orgId: String(branch.id), cursor },
      });
      expect(res.statusCode, cursor).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const body = res.json() as { errors: Array<{ field: string; message: string }> };
      expect(body.errors[0]?.field).toBe('cursor');
      expect(body.errors[0]?.message).toMatch(/游标/);
    }
  });
});
