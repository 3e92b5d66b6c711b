import { previousQuarter, quarterOf, quarterRange } from '@honglian/domain';
import { sql } from 'kysely';
import { createCompound } from '../modules/property/compounds.ts';
import { publish, recordInspection } from '../modules/property/service.ts';
import { createUnit } from '../modules/units/routes.ts';
import { clock } from '../platform/clock.ts';
import type { Executor } from '../platform/context.ts';
import { contextOf } from './development.ts';

/**
 * 红色物业 (issue 14 item 9; seed 001, 修水's quarterly 红黑榜 of property companies), clearly demo: three
 * made-up property companies marked （演示） manage four compounds of 湖里 兴隆社区; the street inspected
 * them this quarter and last; the demo's reports filed in 兴隆社区 from the last two quarters
 * name a compound (they were filed before compounds existed, so they are tagged here; 枋湖小区 is a small old compound), and last
 * quarter's list is published. The ranking page then has real figures to explain.
 */
export async function loadDemoProperty(db: Executor): Promise<{ compounds: number }> {
  const district = await contextOf(db, 'district');
  const xinglong = await db
    .selectFrom('orgs')
    .select(['id', 'path'])
    .where('name', '=', '中共兴隆社区委员会')
    .executeTakeFirst();
  if (!district || !xinglong) return { compounds: 0 };
  const company = async (name: string) =>
    createUnit(db, district, {
      name,
      kind: 'enterprise',
      regionCode: '350206',
      industry: '物业管理',
      employees: 60,
      orgId: xinglong.id,
    });
  const a = await company('鹭岛红邻物业服务有限公司（演示）');
  const b = await company('兴湖物业管理有限公司（演示）');
  const c = await company('枋湖安居物业有限公司（演示）');
  const plan = [
    { name: '兴隆花园', households: 1200, company: a, scores: [94, 91] },
    { name: '兴隆嘉园', households: 400, company: a, scores: [90] },
    { name: '兴隆新村', households: 800, company: b, scores: [78, 82] },
    { name: '枋湖小区', households: 150, company: c, scores: [58, 62] },
  ];
  const today = clock.today();
  const lastQuarter = quarterRange(previousQuarter(quarterOf(today)));
  const ids: number[] = [];
  for (const p of plan) {
    const compound = await createCompound(db, district, {
      orgId: xinglong.id,
      name: p.name,
      households: p.households,
      companyUnitId: p.company,
      address: `湖里区兴隆路${p.name}`,
    });
    ids.push(compound.id);
    // last quarter: mid-quarter; this quarter: today (the quarter may have just begun)
    const days = [`${lastQuarter.from.slice(0, 8)}15`, today];
    for (const [k, inspectedOn] of days.entries()) {
      await recordInspection(db, district, {
        compoundId: compound.id,
        inspectedOn,
        score: p.scores[k % p.scores.length]! - (k === 1 ? 2 : 0),
        findings: p.scores[0]! < 70 ? '消防通道堆放杂物，楼道照明损坏未修' : '基本符合要求',
        inspector: '兴隆社区居委会、湖里街道物业办',
      });
    }
  }
  // the residents' and the grid's reports in 兴隆社区 since last quarter name a compound, the old 枋湖小区 most often
  const weighted = [ids[0]!, ids[3]!, ids[2]!, ids[3]!, ids[1]!, ids[3]!];
  await sql`
    with picked as (
      select c.id, row_number() over (order by c.id) as n from cases c
      where c.org_path like ${`${xinglong.path}%`}
        and (c.created_at at time zone 'Asia/Shanghai')::date >= ${lastQuarter.from}::date
    )
    update cases set compound_id = (${weighted}::bigint[])[1 + (picked.n - 1) % ${weighted.length}]
    from picked where cases.id = picked.id`.execute(db);
  await publish(db, district, { orgId: xinglong.id, quarter: previousQuarter(quarterOf(today)) });
  return { compounds: ids.length };
}
