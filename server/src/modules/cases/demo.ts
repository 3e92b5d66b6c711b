import type { Executor } from '../../platform/context.ts';
import { hashOpen311Key } from './open311.ts';

export const DEMO_OPEN311_KEY = 'demo-open311-key';

/**
 * Demo routing (category × area → handling unit) for 湖里区, and the Open311 key of API.md.
 * 市场监管 handles food safety and licences, 城市管理 the street, 人社 employment, 工信 policy questions;
 * 环境卫生 in 兴隆社区 stays in its first grid (小事不出网格).
 */
export async function seedCaseDemo(db: Executor): Promise<void> {
  const orgs = await db
    .selectFrom('orgs')
    .select(['id', 'name'])
    .where('region_code', '=', '350206')
    .execute();
  const byName = new Map(orgs.map((o) => [o.name, o.id]));
  const dept = (d: string) => byName.get(`厦门市湖里区${d}机关党支部`);
  const huli = byName.get('中共厦门市湖里区委员会');
  const xinglong = byName.get('中共兴隆社区委员会');
  const grid = byName.get('兴隆社区第1网格党支部');
  const categories = await db.selectFrom('case_categories').select(['id', 'code']).execute();
  const cat = new Map(categories.map((c) => [c.code, c.id]));
  const rules: Array<[string, number | undefined, number | undefined]> = [
    ['SPAQ', huli, dept('市场监督管理局')],
    ['ZZBL', huli, dept('市场监督管理局')],
    ['ZDJY', huli, dept('城市管理局')],
    ['FJDC', huli, dept('城市管理局')],
    ['DLPS', huli, dept('城市管理局')],
    ['YDAQ', huli, dept('城市管理局')],
    ['QYYG', huli, dept('人力资源和社会保障局')],
    ['ZCZX', huli, dept('工业和信息化局')],
    ['HJWS', xinglong, grid],
  ];
  const values = rules
    .filter(([code, area, handler]) => cat.has(code) && area && handler)
    .map(([code, area, handler]) => ({
      category_id: cat.get(code)!,
      area_org_id: area!,
      handler_org_id: handler!,
    }));
  if (values.length) await db.insertInto('case_routes').values(values).execute();
  await seedPenglaiServiceDay(db);
  if (huli) {
    await db
      .insertInto('open311_keys')
      .values({ name: '演示接口（12345 热线）', key_hash: hashOpen311Key(DEMO_OPEN311_KEY), org_id: huli })
      .execute();
  }
}

/**
 * 蓬莱 (seed 004) 企业家之声: a reception day on the 8th of each month where entrepreneurs sign up;
 * each sign-up becomes a case of 蓬莱's own category, accepted and dispatched by the district.
 */
async function seedPenglaiServiceDay(db: Executor): Promise<void> {
  const penglai = await db
    .selectFrom('orgs')
    .select(['id', 'path', 'region_code'])
    .where('name', '=', '中共烟台市蓬莱区委员会')
    .executeTakeFirst();
  if (!penglai) return;
  const category = await db
    .insertInto('case_categories')
    .values({
      code: 'QYJZS',
      name: '企业家之声',
      group_name: '企业服务',
      description: '企业家接待日反映的融资、用工、审批、要素保障等诉求（填单→派单→跟单→督单）',
      keywords: '企业家,接待日,融资,审批',
      tier: 'major',
      sign_hours: 4,
      contact_hours: 7,
      complete_days: 10,
      points: 0,
      attributes: '[]',
      owner_org_id: penglai.id,
      owner_path: penglai.path,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('case_service_days')
    .values({
      org_id: penglai.id,
      org_path: penglai.path,
      region_code: penglai.region_code,
      name: '企业家接待日',
      day_of_month: 8,
      category_id: category.id,
      location: '蓬莱区政务服务中心三楼企业服务专区',
      description: '区级领导和相关部门现场接待企业家，报名事项当场登记为工单，会后派单、跟单、督单。',
    })
    .execute();
}
