import { addDays } from '@honglian/domain';
import { type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { DETECTORS } from './detectors.ts';
import { sweep } from './engine.ts';
import { overrides, rulesInForce } from './repository.ts';

/**
 * Detectors rewritten for speed answer exactly what their earlier definition answered. The earlier
 * definition is kept here as the reference: the same statement with its earlier test in place of the
 * new one, run over the demo city with the cases that could tell them apart added (meetings on the
 * first and last day of a period, an override that changes a region's unit, an exemption, open
 * findings older than the look-back window).
 */

let t: TestApp;
type Branch = { id: number; region_code: string };
const today = clock.today();

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const branches = (
    await sql<Branch>`
      select o.id, o.region_code from orgs o where o.type in ('branch', 'joint_branch') and o.status = 'active'
        and exists (select 1 from members m where m.org_id = o.id) order by o.id limit 12`.execute(db)
  ).rows;
  expect(branches.length).toBeGreaterThanOrEqual(6);
  const [a, b, c, d, e, f] = branches.slice(0, 6) as [Branch, Branch, Branch, Branch, Branch, Branch];
  const month = (back: number) =>
    sql`(date_trunc('month', ${today}::date) - make_interval(months => ${back}))::date`;
  // holes and meetings on a period's first and last day, of every kind the rules count
  await sql`delete from meetings where org_id in (${a.id}, ${b.id}, ${c.id}) and held_on >= ${month(14)}`.execute(
    db,
  );
  await sql`
    insert into meetings (region_code, org_id, kind, title, planned_on, held_on, status)
    select o.region_code, o.id, k.kind, '边界', d, d, 'held'
    from orgs o
    cross join unnest(array['branch_committee', 'theme_day', 'branch_general', 'lecture', 'group', 'life_meeting', 'review']) k(kind)
    cross join lateral (values
      (${month(2)}), (${month(3)} - 1), (${month(4)}), (${month(6)} - 1), (${month(12)}),
      ((date_trunc('year', ${today}::date))::date - 1), ((date_trunc('quarter', ${today}::date))::date)) v(d)
    where o.id in (${a.id}, ${b.id})`.execute(db);
  await sql`
    insert into meetings (region_code, org_id, kind, title, planned_on, held_on, status)
    values (${c.region_code}, ${c.id}, 'group', '小组', ${month(5)}, ${month(5)} + 14, 'held'),
           (${c.region_code}, ${c.id}, 'branch_committee', '未开', ${month(1)}, null, 'planned'),
           (${c.region_code}, ${c.id}, 'branch_committee', '取消', ${month(2)}, ${month(2)}, 'cancelled')`.execute(
    db,
  );
  // a region whose branches hold committee meetings quarterly and party groups from 3 members
  await sql`
    insert into compliance_rule_overrides (rule_code, region_prefix, params, note)
    values ('O6', ${d.region_code}, '{"branch_committee": "quarter", "groupFromMembers": 3}', '测试')
    on conflict do nothing`.execute(db);
  await sql`
    insert into orglife_exemptions (region_code, org_id, kind, valid_from, valid_until, reason, approved_by)
    values (${e.region_code}, ${e.id}, 'all', ${month(8)}, ${month(6)}, '停工', '区委'),
           (${f.region_code}, ${f.id}, 'theme_day', ${month(3)} + 10, null, '合并', '区委')`.execute(db);
  // open findings from a sweep long ago: their periods lie before the look-back window of today's run
  await sweep(db, '', addDays(today, -400), {
    calendar: await t.calendar.calendar(),
    rules: ['O6', 'O7'],
    escalate: false,
  });
});
afterAll(() => t.close());

/** The meetings rules before the periods were matched by date_trunc: a held meeting in [pstart, pend). */
const BY_RANGE = `not exists (select 1 from meetings m where m.org_id = p.id and m.kind = p.kind and m.status = 'held'
                        and m.held_on >= p.pstart and m.held_on < p.pend)`;

async function rows(code: string, orgPath: string, asOf: string, reference: boolean) {
  const db = t.database.db;
  const rule = (await rulesInForce(db, asOf)).find((r) => r.code === code)!;
  const ruleOverrides = (await overrides(db)).filter((o) => o.rule_code === code);
  const query = DETECTORS[code]!.query({
    rule,
    hasOverrides: ruleOverrides.length > 0,
    overrideParams: ruleOverrides.map((o) => o.params),
    orgPath,
    asOf,
  }) as RawBuilder<unknown>;
  const compiled = query.compile(db);
  const text = reference
    ? compiled.sql.replace(/not exists \(select 1 from held h [^)]*\)/, BY_RANGE)
    : compiled.sql;
  if (reference) expect(text).not.toBe(compiled.sql);
  const result = await db.executeQuery<Record<string, unknown>>({ ...compiled, sql: text });
  return result.rows.map((r) => JSON.stringify(r)).sort();
}

describe('the meetings rules (O6, O7) match periods by date_trunc as they did by date range', () => {
  const dates = [
    today,
    addDays(today, -1),
    `${today.slice(0, 7)}-01`,
    `${Number(today.slice(0, 4))}-01-01`,
    `${Number(today.slice(0, 4))}-04-01`,
    `${Number(today.slice(0, 4)) - 1}-12-31`,
  ];
  for (const code of ['O6', 'O7'])
    it(`${code}: the same findings for the city and for one branch, on period boundaries`, async () => {
      const branch = (
        await sql<{ path: string }>`
          select o.path from orgs o where o.type = 'branch' and exists (select 1 from meetings m where m.org_id = o.id)
          order by o.id limit 1`.execute(t.database.db)
      ).rows[0]!.path;
      let seen = 0;
      for (const asOf of dates)
        for (const path of ['', branch]) {
          const now = await rows(code, path, asOf, false);
          expect(now, `${code} ${asOf} ${path}`).toEqual(await rows(code, path, asOf, true));
          seen += now.length;
        }
      expect(seen).toBeGreaterThan(0);
    });
});
