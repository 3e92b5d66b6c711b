import { addDays, daysBetween, liaisonQuarter } from '@honglian/domain';
import { sql } from 'kysely';
import * as guidance from '../modules/guidance/service.ts';
import * as orgsetup from '../modules/orgsetup/service.ts';
import { hashPassword } from '../platform/auth.ts';
import { CalendarService } from '../platform/calendar.ts';
import { clock } from '../platform/clock.ts';
import type { Executor } from '../platform/context.ts';
import { ctxOf } from './alliances.ts';
import type { GeneratedCity } from './generate.ts';
import { DEMO_PASSWORD } from './load.ts';

/**
 * Demo 挂钩联系 (issue 13 item 8, decision 0027), made through the orgsetup and guidance services:
 * - 龙岩 (seed 000): a county-level cadre 挂钩 the park enterprises of the chains, with a 服务联系卡;
 * - 晋江 (seed 002): a 红色勤务员 包干到企 in the 经济开发区;
 * - 福安 (seed 001): a cadre of 千名干部进千企 collecting a 问题清单 along the stainless-steel chain;
 * - 湖里: a cadre of the demo `enterprise` account's company, so its phone shows the card.
 * Each cadre visited most of their enterprises this quarter, a few only last quarter (the district's
 * figure shows them as unvisited), and filed some problems into the case loop. All names fictional.
 */
/** Cases the demo files from visits: one per cadre (demo.int.test.ts counts every demo case). */
export const DEMO_LIAISON_CASES = 4;

export const LIAISON_ACCOUNTS = [
  {
    username: 'cadre-longyan',
    displayName: '邱志远（县处级挂钩干部）',
    city: 'longyan',
    phone: '17059280101',
  },
  { username: 'cadre-jinjiang', displayName: '施雅婷（红色勤务员）', city: 'jinjiang', phone: '17059280102' },
  { username: 'cadre-fuan', displayName: '缪永康（干部进企业）', city: 'fuan', phone: '17059280103' },
  { username: 'cadre-huli', displayName: '陈志明（湖里区挂钩干部）', city: 'huli', phone: '17059280104' },
] as const;

/** What a visit found, by city: the topic and the 问题清单 (the first problem filed as a case). */
const VISITS: Record<(typeof LIAISON_ACCOUNTS)[number]['city'], { topic: string; problems: string[] }[]> = {
  longyan: [
    {
      topic: '服务联系卡走访：了解铜箔扩产进度',
      problems: ['扩产项目环评批复等待时间长', '园区道路夜间照明不足'],
    },
    { topic: '送惠企政策上门', problems: ['不清楚技改补助的申报条件'] },
    { topic: '了解用工和融资需求', problems: ['熟练技工缺口约 40 人', '希望对接银行开展知识产权质押融资'] },
  ],
  jinjiang: [
    { topic: '红色勤务员包干走访', problems: ['厂区周边货车乱停影响通行', '外来员工子女入学咨询'] },
    { topic: '了解鞋服企业订单和用工', problems: ['旺季用工缺口大'] },
  ],
  fuan: [
    {
      topic: '千名干部进千企：收集问题清单',
      problems: ['不锈钢下游企业物流成本高', '希望了解新材料研发费用加计扣除'],
    },
    { topic: '安全生产和用电走访', problems: ['配电房线路老化需要检修'] },
  ],
  huli: [
    { topic: '挂钩走访：政策解读和诉求收集', problems: ['希望了解人才公寓申请条件', '研发场地租金压力大'] },
  ],
};

export async function loadDemoLiaison(db: Executor, city: GeneratedCity) {
  const today = clock.today();
  const quarter = liaisonQuarter(today);
  const calendar = await new CalendarService(db).calendar();
  const root = (key: string) => city.orgs.find((o) => o.key === key)!;
  const admin = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'admin')
    .executeTakeFirstOrThrow();
  const department = ctxOf(
    admin.id,
    'admin',
    '市委组织部管理员',
    ['xiamen', 'longyan', 'jinjiang', 'fuan'].map(root),
    'org_admin',
  );
  const category = await db
    .selectFrom('case_categories')
    .select('id')
    .where('code', '=', 'ZCZX')
    .executeTakeFirstOrThrow();
  const hash = await hashPassword(DEMO_PASSWORD);
  // the demo enterprise account's company, for the 服务联系卡 on its phone
  const own = await db
    .selectFrom('orgs')
    .select('unit_id')
    .where('id', '=', city.orgs.find((o) => o.key === 'secretary-branch')!.id)
    .executeTakeFirstOrThrow();

  for (const account of LIAISON_ACCOUNTS) {
    const org = root(account.city);
    const user = await db
      .insertInto('users')
      .values({
        username: account.username,
        display_name: account.displayName,
        password_hash: hash,
        org_id: org.id,
        phone: account.phone,
        updated_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('role_bindings')
      .values({ user_id: user.id, role: 'cadre', org_id: org.id })
      .execute();
    const cadre = ctxOf(user.id, account.username, account.displayName, [org], 'cadre');
    // the larger enterprises managed in the city (the park's), and in 湖里 the demo enterprise first
    const { rows } = await sql<{ id: number }>`
      select u.id from units u join orgs mo on mo.id = u.org_id
      where u.kind = 'enterprise' and mo.path like ${`${org.path}%`}
      order by ${account.city === 'huli' ? sql`(u.id = ${own.unit_id}) desc,` : sql``} u.employees desc nulls last, u.id
      limit ${account.city === 'huli' ? 3 : 8}`.execute(db);
    const unitIds = rows.map((r) => r.id);
    if (unitIds.length === 0) continue;
    await orgsetup.assignInstructor(db, department, {
      unitIds,
      role: 'cadre',
      userId: user.id,
      assignedOn: addDays(today, -300),
      note: '挂钩联系企业，每季度至少走访一次',
    });
    const plans = VISITS[account.city];
    let filed = false;
    for (const [i, unitId] of unitIds.entries()) {
      const plan = plans[i % plans.length]!;
      // last quarter for every enterprise; this quarter for all but every third (left for the figure)
      const dates = [addDays(quarter.from, -20 - i)];
      if (i % 3 !== 2) dates.push(addDays(today, -Math.min(i * 3, daysBetween(quarter.from, today))));
      for (const [k, visitedOn] of dates.entries()) {
        const current = k === dates.length - 1 && dates.length === 2;
        // one problem per cadre goes into the case loop at once; the rest wait on the list (转工单)
        const file = current && !filed;
        if (file) filed = true;
        await guidance.createVisit(
          db,
          cadre,
          {
            unitId,
            visitedOn,
            topic: plan.topic,
            problems: '',
            problemList: plan.problems.map((description, j) => ({
              description,
              ...(file && j === 0 ? { categoryId: category.id } : {}),
            })),
            followUp: current ? '问题已转相关部门办理，下季度回访' : '已当面答复，持续跟进',
          },
          calendar,
        );
      }
    }
  }
}
