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
  if (huli) {
    await db
      .insertInto('open311_keys')
      .values({ name: '演示接口（12345 热线）', key_hash: hashOpen311Key(DEMO_OPEN311_KEY), org_id: huli })
      .execute();
  }
}
