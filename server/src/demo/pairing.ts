import { addDays } from '@honglian/domain';
import {
  createPairing,
  createTeam,
  linkProject,
  problemToCase,
  recordPurchase,
  recordVisit,
  setFigure,
} from '../modules/pairing/service.ts';
import { completeMilestone, createProject, getProject } from '../modules/projects/service.ts';
import { CalendarService } from '../platform/calendar.ts';
import { clock } from '../platform/clock.ts';
import type { Executor } from '../platform/context.ts';
import { contextOf } from './development.ts';

/**
 * 组团帮扶 (seed 003, 厦门: 组团帮扶 with "1+1" pairing of departments and villages, 上陵村's "我在乡间有亩田",
 * 市场监管局 helping a village company re-register, package its produce and reach supermarkets; 147 villages
 * averaging 113.13 万元 of collective income in 2023). Three of 湖里's department branches are paired with
 * 同安 莲花镇's three villages in 莲花片区帮扶组团, led by 湖里区直属机关工委, from last year: visits with a
 * problem filed as a case, tea bought and a plot adopted, a joint project, and each village's income
 * target and actual for last year and this. The amounts are made up.
 */
export async function loadDemoPairing(db: Executor): Promise<{ pairings: number }> {
  const admin = await contextOf(db, 'admin');
  const ids = await db
    .selectFrom('orgs')
    .select(['id', 'name'])
    .where('name', 'in', [
      '中共厦门市同安区莲花镇委员会',
      '中共厦门市湖里区直属机关工作委员会',
      '厦门市湖里区市场监督管理局机关党支部',
      '厦门市湖里区城市管理局机关党支部',
      '厦门市湖里区工业和信息化局机关党支部',
      '中共厦门市同安区莲花镇上陵村支部委员会',
      '中共厦门市同安区莲花镇军营村支部委员会',
      '中共厦门市同安区莲花镇白交祠村支部委员会',
    ])
    .execute();
  const id = (name: string) => ids.find((o) => o.name === name)?.id;
  const town = id('中共厦门市同安区莲花镇委员会');
  const organs = id('中共厦门市湖里区直属机关工作委员会');
  if (!admin || !town || !organs || ids.length < 8) return { pairings: 0 };
  const today = clock.today();
  const year = Number(today.slice(0, 4));
  const last = year - 1;
  // a day of this year some days back, never before 1 January
  const thisYearDay = (back: number) => {
    const d = addDays(today, -back);
    return d < `${year}-01-01` ? `${year}-01-01` : d;
  };
  const team = await createTeam(db, admin, { areaOrgId: town, name: '莲花片区帮扶组团', leadOrgId: organs });
  const plan = [
    {
      helper: '厦门市湖里区市场监督管理局机关党支部',
      village: '中共厦门市同安区莲花镇上陵村支部委员会',
      income: { last: [100_000_00, 113_130_00], now: [130_000_00, 98_000_00] },
      aid: 300_000_00,
      visits: [
        {
          on: `${last}-04-18`,
          visitors: '局机关党支部书记、驻村第一书记',
          done: '帮助村集体经济公司重新注册登记，现场指导农产品包装标识',
          problems: [],
        },
        {
          on: thisYearDay(10),
          visitors: '局机关党支部书记、食品生产科科长',
          done: '对接两家商超采购莲花高山茶，座谈“我在乡间有亩田”复耕进度',
          problems: ['村集体经济公司的食品生产许可证年内到期，需协调续证', '复耕农田灌溉水渠有一段破损'],
        },
      ],
      purchases: [
        {
          kind: 'produce',
          item: '莲花高山茶',
          quantity: 200,
          unit: '斤',
          amountFen: 6_000_000,
          buyer: '湖里区市场监管局机关工会',
          on: `${last}-09-20`,
        },
        {
          kind: 'plot',
          item: '上陵村复耕农田 3 号地块',
          quantity: 3,
          unit: '亩',
          amountFen: 900_000,
          buyer: '湖里区直属机关工委（我在乡间有亩田）',
          on: `${last}-03-05`,
        },
        {
          kind: 'plot',
          item: '上陵村复耕农田 5 号地块',
          quantity: 2.5,
          unit: '亩',
          amountFen: 750_000,
          buyer: '湖里区市场监管局机关党支部',
          on: thisYearDay(20),
        },
      ],
    },
    {
      helper: '厦门市湖里区城市管理局机关党支部',
      village: '中共厦门市同安区莲花镇军营村支部委员会',
      income: { last: [150_000_00, 142_000_00], now: [160_000_00, null] },
      aid: 200_000_00,
      visits: [
        {
          on: `${last}-06-08`,
          visitors: '局机关党支部全体党员',
          done: '助力水稻抢收，走访困难户 4 户',
          problems: [],
        },
        {
          on: thisYearDay(5),
          visitors: '局机关党支部书记',
          done: '商议村道路灯改造和垃圾分类收运点选址',
          problems: [],
        },
      ],
      purchases: [
        {
          kind: 'produce',
          item: '军营村高山茶',
          quantity: 120,
          unit: '斤',
          amountFen: 3_600_000,
          buyer: '湖里区城市管理局食堂',
          on: thisYearDay(15),
        },
      ],
    },
    {
      helper: '厦门市湖里区工业和信息化局机关党支部',
      village: '中共厦门市同安区莲花镇白交祠村支部委员会',
      income: { last: [80_000_00, 86_500_00], now: [95_000_00, 96_200_00] },
      aid: 150_000_00,
      visits: [
        {
          on: `${last}-11-02`,
          visitors: '局机关党支部书记、驻村工作队',
          done: '开展花卉种植和直播带货技能培训',
          problems: [],
        },
      ],
      purchases: [
        {
          kind: 'produce',
          item: '白交祠村花卉盆栽',
          quantity: 300,
          unit: '盆',
          amountFen: 1_500_000,
          buyer: '湖里区工信局机关工会',
          on: `${last}-12-31`,
        },
      ],
    },
  ] as const;
  const calendar = await new CalendarService(db).calendar();
  for (const p of plan) {
    const pairing = await createPairing(db, admin, {
      helperOrgId: id(p.helper)!,
      villageOrgId: id(p.village)!,
      pairingTeamId: team.id,
      fromYear: last,
      toYear: last + 2,
      note: '第二轮组团帮扶（演示数据）',
    });
    for (const v of p.visits) {
      const visit = await recordVisit(db, admin, pairing.id, {
        visitedOn: v.on,
        visitors: v.visitors,
        done: v.done,
        problems: [...v.problems],
      });
      // the first problem found enters the case loop in the village
      if (visit.problemIds[0]) await problemToCase(db, calendar, admin, pairing.id, visit.problemIds[0]);
    }
    for (const u of p.purchases)
      await recordPurchase(db, admin, pairing.id, {
        kind: u.kind,
        item: u.item,
        quantity: u.quantity,
        unit: u.unit,
        amountFen: u.amountFen,
        buyer: u.buyer,
        purchasedOn: u.on,
      });
    const [lastTarget, lastActual] = p.income.last;
    await setFigure(db, admin, pairing.id, {
      year: last,
      metric: 'collective_income',
      targetFen: lastTarget,
      actualFen: lastActual,
      actualSource: '农村集体经济统计年报',
      actualOn: `${year}-01-01`,
    });
    const [target, actual] = p.income.now;
    await setFigure(db, admin, pairing.id, {
      year,
      metric: 'collective_income',
      targetFen: target,
      ...(actual === null ? {} : { actualFen: actual, actualSource: '村财务月报', actualOn: today }),
    });
    await setFigure(db, admin, pairing.id, {
      year: last,
      metric: 'aid_funds',
      actualFen: p.aid,
      actualSource: '帮扶资金拨付凭证',
      actualOn: `${last}-12-31`,
    });
    if (p.village.includes('上陵')) {
      const projectId = await createProject(db, admin, {
        orgId: id(p.helper)!,
        title: '上陵村农产品品牌和包装规范（结对帮扶）',
        kind: 'joint',
        milestones: [
          { title: '村集体经济公司重新注册登记', plannedOn: `${last}-05-31`, weight: 30 },
          { title: '农产品包装标识规范', plannedOn: `${last}-10-31`, weight: 30 },
          { title: '进驻两家商超', plannedOn: `${year}-12-31`, weight: 40 },
        ],
        weight: 1,
        group: '组团帮扶',
        leadName: '湖里区市场监管局机关党支部书记',
        description: '帮助上陵村集体经济公司规范经营、拓展商超销路',
      });
      const { milestones } = await getProject(db, admin, projectId);
      for (const [k, evidence] of ['新营业执照', '包装标识样稿和抽检报告'].entries())
        await completeMilestone(db, admin, projectId, milestones[k]!.id, {
          completedOn: milestones[k]!.plannedOn,
          evidence,
        });
      await linkProject(db, admin, pairing.id, { projectId, year: last });
    }
  }
  return { pairings: plan.length };
}
