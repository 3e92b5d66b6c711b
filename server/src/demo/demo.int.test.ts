import { addCalendarMonths } from '@honglian/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../platform/clock.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';

/** The demo city tells the truth (issue 10): what a newcomer reads in it must be possible. */
let t: TestApp;
const today = clock.today();

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the demo city’s members', () => {
  it('has no 预备党员 who joined more than a year ago (the probationary period is one year)', async () => {
    const r = await sql<{ n: number; oldest: string | null; total: number }>`
      select count(*) filter (where joined_on < ${addCalendarMonths(today, -13)}::date)::int as n,
        min(joined_on)::text as oldest, count(*)::int as total
      from members where stage = 'probationary'`.execute(t.database.db);
    expect(r.rows[0]!.total).toBeGreaterThan(50);
    expect(r.rows[0]).toMatchObject({ n: 0 });
    expect(r.rows[0]!.oldest! >= addCalendarMonths(today, -13)).toBe(true);
  });

  it('gives every 正式党员 a 转正日期 a year after joining, never in the future', async () => {
    const r = await sql<{ total: number; missing: number; wrong: number }>`
      select count(*)::int as total,
        count(*) filter (where full_member_on is null)::int as missing,
        count(*) filter (where full_member_on is not null and (full_member_on < joined_on + interval '1 year'
          or full_member_on > ${today}::date))::int as wrong
      from members where stage = 'full'`.execute(t.database.db);
    expect(r.rows[0]!.total).toBeGreaterThan(2000);
    expect(r.rows[0]).toMatchObject({ missing: 0, wrong: 0 });
  });

  it('shows the secretary account’s member as the 书记 of his branch’s 班子', async () => {
    const r = await sql<{ post: string; name: string; stage: string; org: string }>`
      select cm.post, cm.name, m.stage, o.name as org
      from users u
      join members m on m.user_id = u.id
      join org_terms tm on tm.org_id = m.org_id and tm.state = 'current'
      join org_committee_members cm on cm.term_id = tm.id and cm.post = 'secretary'
      join orgs o on o.id = m.org_id
      where u.username = 'secretary'`.execute(t.database.db);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ name: '林晓东', stage: 'full', org: '厦门鹭岛智造科技有限公司党支部' });
    // and the branch's secretary in the 党务工作者 register is the same person
    const workers = await sql<{ name: string }>`
      select pw.name from party_workers pw join orgs o on o.id = pw.org_id
      where o.name = '厦门鹭岛智造科技有限公司党支部' and pw.post = '党支部书记'`.execute(t.database.db);
    expect(workers.rows.map((w) => w.name)).toEqual(['林晓东']);
  });
});
