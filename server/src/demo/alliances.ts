import { addDays, type RoleCode } from '@honglian/domain';
import * as honours from '../modules/activities/honours.ts';
import * as teams from '../modules/activities/teams.ts';
import * as alliances from '../modules/alliances/service.ts';
import { transitionCase } from '../modules/cases/service.ts';
import * as challenges from '../modules/projects/challenges.ts';
import * as projects from '../modules/projects/service.ts';
import type { Actor } from '../platform/access.ts';
import { hashPassword } from '../platform/auth.ts';
import { CalendarService } from '../platform/calendar.ts';
import { clock } from '../platform/clock.ts';
import type { Executor, RequestContext } from '../platform/context.ts';
import { held, nineAm } from './activities.ts';
import type { GeneratedCity, OrgSeed } from './generate.ts';
import { DEMO_PASSWORD } from './load.ts';

/**
 * Demo alliances from the seeds, made through the alliances service (dated from the clock's today):
 * - Longyan (seed 000): the 金铜产业链综合党委 run by the `chain` account, 紫云金铜 as 链主, core units
 *   taking the chair by quarter, the three lists with demands that match resources, a joint meeting
 *   held with its resolutions (one done, one open) and the next one called; its three sister chains;
 * - Fu'an (seed 001): the stainless-steel chain with 青拓 as 主席单位 and 核心单位 rotating by quarter,
 *   one turn skipped with its reason;
 * - Penglai (seed 004): the offshore-equipment 党建联盟, its chair passing at each joint meeting;
 * - Fuzhou (seed 000): the power company's 党建联盟 of 28 Party organizations from power, water, gas,
 *   transport, banks and government departments (members stay where they are in the tree).
 * One demand of the 金铜 chain taken through the whole loop last month (点单 → 派单 → 接单 → 评单), so the
 * alliance figures count a met demand, its working days and its rating.
 * The 金铜 chain's 揭榜挂帅 challenge: posted by the office, two member units bid, the 链主's plan is
 * awarded after the deadline and its first milestone is done (docs/decisions/0028).
 * The 金铜 chain's 红链服务队 (made by the `chain` office, its members from the member units, two service
 * days held with their hours approved) and last quarter's 红领工匠 selection, decided, the honour on the
 * member enterprise's liaison's record (decision 0019, addendum).
 * Two member accounts take part: `chain-leader` (the 链主's Party committee, which 接单) and
 * `chain-member` (an enterprise of the chain, which 点单 and 评单).
 */

export const ALLIANCE_ACCOUNTS = [
  { username: 'chain-leader', displayName: '紫云金铜 党委办公室', role: 'branch_admin' as RoleCode },
  { username: 'chain-member', displayName: '金铜链成员企业 联络员', role: 'enterprise' as RoleCode },
];

/** A request context for a demo account acting with `role` at `bindings` (the loaders' way to act as it). */
export function ctxOf(
  userId: number,
  username: string,
  displayName: string,
  bindings: OrgSeed[],
  role: RoleCode,
) {
  const actor: Actor = {
    userId,
    username,
    displayName,
    orgId: bindings[0]!.id,
    orgPath: bindings[0]!.path,
    bindings: bindings.map((o, i) => ({
      id: -1 - i,
      role,
      orgId: o.id,
      orgPath: o.path,
      orgName: o.name,
      orgDepth: o.depth,
    })),
  };
  return { actor, ip: '127.0.0.1', requestId: 'demo' } satisfies RequestContext;
}

export async function loadDemoAlliances(db: Executor, city: GeneratedCity) {
  const today = clock.today();
  const year = Number(today.slice(0, 4));
  const byName = (name: string) => {
    const o = city.orgs.find((x) => x.name === name);
    if (!o) throw new Error(`demo org ${name} missing`);
    return o;
  };
  const childrenOf = (o: OrgSeed) =>
    city.orgs.filter((x) => x.parentId === o.id && x.type !== 'temporary_branch');
  const roots = ['longyan', 'fuan', 'penglai'].map((k) => city.orgs.find((o) => o.key === k)!);
  const admin = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'admin')
    .executeTakeFirstOrThrow();
  const office = ctxOf(admin.id, 'demo', '演示数据', roots, 'org_admin');

  // the two member accounts of the 金铜 chain
  const jintong = city.orgs.find((o) => o.key === 'chain')!;
  const [leaderOrg, ...enterprises] = childrenOf(jintong);
  const memberOrg = enterprises[0]!;
  const hash = await hashPassword(DEMO_PASSWORD);
  const users: Record<string, RequestContext> = {};
  for (const [account, org] of [
    [ALLIANCE_ACCOUNTS[0]!, leaderOrg!],
    [ALLIANCE_ACCOUNTS[1]!, memberOrg],
  ] as const) {
    const u = await db
      .insertInto('users')
      .values({
        username: account.username,
        display_name: account.displayName,
        password_hash: hash,
        org_id: org.id,
        updated_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('role_bindings')
      .values({ user_id: u.id, role: account.role, org_id: org.id })
      .execute();
    users[account.username] = ctxOf(u.id, account.username, account.displayName, [org], account.role);
  }

  const joined = addDays(today, -400);
  const chairStart = `${year - 1}-01-01`;

  // 龙岩: 金铜产业链综合党委 and its sister chains
  const chainIds: number[] = [];
  for (const chain of childrenOf(roots[0]!)) {
    const isJintong = chain.id === jintong.id;
    const id = await alliances.createAlliance(db, office, {
      orgId: chain.id,
      name: chain.name.replace('中共龙岩市', '龙岩市').replace('委员会', '党委'),
      kind: 'industry_chain',
      description: isJintong
        ? '以紫金铜业为链主，联结铜矿采选、冶炼、铜箔铜材加工企业和县（市、区）职能部门，每月15日为园区党建活动日'
        : '产业链党委：链上企业党组织、链主单位和职能部门共建',
      ...(isJintong ? { chairPeriod: 'quarter' as const, chairStart } : {}),
      activityDay: 15,
    });
    chainIds.push(id);
    const members = childrenOf(chain);
    const segments = [
      'upstream',
      'midstream',
      'midstream',
      'downstream',
      'downstream',
      'upstream',
      'midstream',
    ];
    for (const [i, org] of members.entries()) {
      await alliances.addMember(db, office, id, {
        orgId: org.id,
        role: i === 0 ? 'chain_leader' : i <= 2 ? 'core' : 'member',
        segment: segments[i % segments.length] as 'upstream',
        joinedOn: joined,
        ...(isJintong && i <= 2 ? { chairPosition: i + 1 } : {}),
      });
    }
  }
  const jintongId = chainIds[childrenOf(roots[0]!).findIndex((c) => c.id === jintong.id)]!;
  const jt = (await alliances.allianceInScope(db, office, jintongId)).members;
  const second = jt.find((m) => m.org_id !== leaderOrg!.id && m.org_id !== memberOrg.id)!;
  const item = (ctx: RequestContext, input: Parameters<typeof alliances.createListItem>[3]) =>
    alliances.createListItem(db, ctx, jintongId, input);
  await item(users['chain-member']!, {
    kind: 'demand',
    title: '铜箔新产线调试急需持证高压电工',
    description: '新产线下月投产，需要持高压电工证的电工到岗支援调试',
    tags: ['电工', '技能人才'],
    category: '人才',
    quantity: 20,
    orgId: memberOrg.id,
  });
  await item(users['chain-member']!, {
    kind: 'demand',
    title: '扩产项目融资需求',
    description: '铜箔扩产项目资金缺口，希望对接低息贷款',
    tags: ['融资', '贷款'],
    category: '金融',
    quantity: 3000,
    orgId: memberOrg.id,
  });
  await item(office, {
    kind: 'demand',
    title: '成品铜材外运物流',
    description: '每月约 2000 吨铜材需要外运至厦门港',
    tags: ['物流'],
    category: '物流',
    orgId: second.org_id,
  });
  await item(users['chain-leader']!, {
    kind: 'resource',
    title: '链主电工实训基地可派持证电工',
    description: '紫云金铜电工实训基地，可派持高压电工证的电工支援链上企业调试',
    tags: ['电工', '技能培训'],
    category: '人才',
    capacity: 30,
    validFrom: addDays(today, -30),
    validTo: `${year}-12-31`,
    orgId: leaderOrg!.id,
  });
  await item(users['chain-leader']!, {
    kind: 'resource',
    title: '闲置仓储和铁路专用线',
    description: '厂区仓储 5000 平方米和铁路专用线，可供链上企业物流周转',
    tags: ['仓储', '物流'],
    category: '物流',
    capacity: 5000,
    validTo: addDays(today, 180),
    orgId: leaderOrg!.id,
  });
  await item(office, {
    kind: 'resource',
    title: '去年的展会展位（已过期）',
    description: '铜产业博览会展位',
    tags: ['展会'],
    category: '市场',
    validTo: addDays(today, -10),
    orgId: second.org_id,
  });
  await item(office, {
    kind: 'policy',
    title: '龙岩市产业链重点企业贷款贴息政策',
    description: '对链上企业的技改扩产贷款给予贴息',
    tags: ['融资', '贴息'],
    category: '金融',
    orgId: jintong.id,
  });
  // the joint meeting held last month, with its resolutions, and the next one called
  const held = await alliances.createMeeting(db, office, jintongId, {
    title: '金铜产业链第三次联席会议',
    plannedOn: addDays(today, -30),
    agenda: ['链上企业用工需求对接', '铜精矿保供', '园区党建活动日安排'],
  });
  await alliances.recordMeeting(db, office, jintongId, held!, {
    heldOn: addDays(today, -30),
    minutes: '会议通报了链上企业用工和原料保供情况，议定由链主牵头组织电工实训、由成员企业梳理物流需求。',
    attendeeOrgIds: jt.slice(0, 5).map((m) => m.org_id),
    resolutions: [
      { title: '链主牵头开展电工技能实训', ownerOrgId: leaderOrg!.id, dueOn: addDays(today, -5) },
      { title: '梳理链上企业物流需求清单', ownerOrgId: second.org_id, dueOn: addDays(today, 20) },
    ],
  });
  const [firstResolution] = (await alliances.listMeetings(db, office, jintongId, { page: 1, pageSize: 1 }))
    .items[0]!.resolutions;
  await alliances.completeResolution(db, users['chain-leader']!, jintongId, firstResolution!.id, {
    doneOn: addDays(today, -7),
    note: '已开班两期，培训电工 46 人',
  });
  await alliances.createMeeting(db, office, jintongId, {
    title: '金铜产业链第四次联席会议',
    plannedOn: addDays(today, 7),
    agenda: ['需求清单办理情况', '下季度轮值主席交接'],
  });

  await loadChallenge(db, office, users, jintongId, leaderOrg!.id, memberOrg.id);
  await loadServiceTeam(db, office, users, jintongId, jintong);
  await loadFuzhou(db, city, admin.id, joined);
  await loadClosedDemand(db, office, users, jintongId, memberOrg.id);

  // 福安: 不锈钢新材料产业链, 青拓 as 主席单位, core units rotating by quarter
  const steel = byName('中共福安市不锈钢新材料产业链委员会');
  const steelId = await alliances.createAlliance(db, office, {
    orgId: steel.id,
    name: '福安市不锈钢新材料产业链党委',
    kind: 'industry_chain',
    description: '青拓集团为主席单位、核心单位轮值，青拓集团点单、轮值单位派单、成员单位接单、企业评单',
    chairPeriod: 'quarter',
    chairStart,
  });
  for (const [i, org] of childrenOf(steel).entries())
    await alliances.addMember(db, office, steelId, {
      orgId: org.id,
      role: i === 0 ? 'chair_unit' : i <= 4 ? 'core' : 'member',
      segment: i === 0 ? 'midstream' : i % 3 === 0 ? 'upstream' : 'downstream',
      joinedOn: joined,
      ...(i <= 4 ? { chairPosition: i + 1 } : {}),
    });
  await alliances.changeChair(db, office, steelId, {
    term: 2,
    kind: 'skip',
    reason: '该核心单位当季承担重点项目建设任务，申请顺延',
  });

  // 蓬莱: 海工装备产业链党建联盟, the chair passing at each joint meeting
  const marine = byName('中共烟台市蓬莱区海工装备产业链委员会');
  const marineId = await alliances.createAlliance(db, office, {
    orgId: marine.id,
    name: '蓬莱区海工装备产业链党建联盟',
    kind: 'alliance',
    description: '“1+X+N”党建联盟：链主企业牵头、成员企业轮值，联席会议和清单办理',
    chairPeriod: 'meeting',
    chairStart,
  });
  for (const [i, org] of childrenOf(marine).entries())
    await alliances.addMember(db, office, marineId, {
      orgId: org.id,
      role: i === 0 ? 'chair_unit' : i <= 2 ? 'core' : 'member',
      segment: i <= 1 ? 'midstream' : 'downstream',
      joinedOn: joined,
      ...(i <= 2 ? { chairPosition: i + 1 } : {}),
    });
  const m1 = await alliances.createMeeting(db, office, marineId, {
    title: '海工装备产业链党建联盟联席会议',
    plannedOn: addDays(today, -60),
    agenda: ['共享岗位', '服务队组建'],
  });
  await alliances.recordMeeting(db, office, marineId, m1!, {
    heldOn: addDays(today, -60),
    minutes: '议定发布共享岗位 34 个，组建 4 支服务队。',
    attendeeOrgIds: childrenOf(marine).map((o) => o.id),
    resolutions: [],
  });
  return { alliances: chainIds.length + 2 };
}

/** Business time at 10:00 Shanghai on `date` (the challenge's history is written through the services). */
const at = <T>(date: string, work: () => Promise<T>) => clock.at(new Date(`${date}T10:00:00+08:00`), work);

async function loadChallenge(
  db: Executor,
  office: RequestContext,
  users: Record<string, RequestContext>,
  allianceId: number,
  leaderOrgId: number,
  memberOrgId: number,
) {
  const today = clock.today();
  const day = (n: number) => addDays(today, n);
  const id = await at(day(-40), () =>
    challenges.postChallenge(db, office, {
      allianceId,
      title: '铜箔生产废水深度处理与回用技术攻关',
      description: '链上铜箔企业生产废水含铜离子，现有工艺回用率不足 60%，面向成员单位张榜求解',
      conditions: '具备环保工程实施能力或与高校、科研院所合作；6 个月内完成中试',
      reward: '中榜单位牵头实施，链主单位提供中试场地；项目纳入产业链年度重点项目评比',
      closesOn: day(-20),
    }),
  );
  const plan = (title: string, first: number) => [
    { title: `${title}：工艺方案论证`, plannedOn: day(first), weight: 30 },
    { title: `${title}：中试装置建成`, plannedOn: day(first + 30), weight: 30 },
    { title: '中试运行并通过验收', plannedOn: day(first + 70), weight: 40 },
  ];
  const leaderBid = await at(day(-35), () =>
    challenges.submitBid(db, users['chain-leader']!, id, {
      orgId: leaderOrgId,
      plan: '依托链主电工实训基地和环保车间，联合福州大学环境学院采用膜分离加电沉积工艺，回用率目标 90%',
      leadName: '林志远',
      milestones: plan('膜分离加电沉积', -10),
    }),
  );
  const memberBid = await at(day(-30), () =>
    challenges.submitBid(db, users['chain-member']!, id, {
      orgId: memberOrgId,
      plan: '采用离子交换树脂回收铜离子，改造现有废水站，投资较少',
      leadName: '陈晓峰',
      milestones: plan('离子交换', -5),
    }),
  );
  await at(day(-19), async () => {
    await challenges.scoreBid(db, office, id, leaderBid, { score: 88 });
    await challenges.scoreBid(db, office, id, memberBid, { score: 80 });
    await challenges.awardBid(db, office, id, { bidId: leaderBid, reason: '' });
  });
  const detail = await projects.getProject(db, office, id);
  await at(day(-9), () =>
    projects.completeMilestone(db, users['chain-leader']!, id, detail.milestones[0]!.id, {
      completedOn: day(-9),
      evidence: '工艺方案通过产业链党委组织的专家论证，形成论证意见',
    }),
  );
}

/** 点单 → 派单 → 接单 → 评单 last month: a member's storage demand met by the 链主's warehouse. */
async function loadClosedDemand(
  db: Executor,
  office: RequestContext,
  users: Record<string, RequestContext>,
  allianceId: number,
  memberOrgId: number,
) {
  const calendar = await new CalendarService(db).calendar();
  const today = clock.today();
  const day = (n: number) => addDays(today, n);
  const demand = await at(day(-28), () =>
    alliances.createListItem(db, users['chain-member']!, allianceId, {
      kind: 'demand',
      title: '铜箔成品临时堆存场地',
      description: '扩产期间成品库容不足，需要临时仓储约 800 平方米',
      tags: ['仓储'],
      category: '物流',
      quantity: 800,
      orgId: memberOrgId,
    }),
  );
  const items = await alliances.listItems(db, office, allianceId, {
    kind: 'resource',
    page: 1,
    pageSize: 50,
  });
  const warehouse = items.items.find((i) => i.title.includes('仓储'))!;
  const { caseId } = await at(day(-27), () =>
    alliances.dispatchDemand(db, calendar, office, allianceId, demand, { resourceId: warehouse.id }),
  );
  const leader = users['chain-leader']!;
  await at(day(-26), () => transitionCase(db, calendar, leader, caseId, { action: 'sign' }));
  await at(day(-26), () => transitionCase(db, calendar, leader, caseId, { action: 'start' }));
  await at(day(-22), () =>
    transitionCase(db, calendar, leader, caseId, {
      action: 'reply',
      reply: '已腾出厂区 2 号仓库 800 平方米供临时存放，铁路专用线同步开放',
      evidence: '仓储交接单',
    }),
  );
  await at(day(-21), () =>
    transitionCase(db, calendar, users['chain-member']!, caseId, { action: 'rate', rating: 'satisfied' }),
  );
}

/**
 * The 金铜 chain's 红链服务队 and 红领工匠 (issue 12 item 7): the `chain` office makes the team with the two
 * member units' people, the city's department publishes its two service days (held, hours approved), and
 * the office's review selection of last month is decided today.
 */
async function loadServiceTeam(
  db: Executor,
  office: RequestContext,
  users: Record<string, RequestContext>,
  allianceId: number,
  chainOrg: OrgSeed,
) {
  const account = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('username', '=', 'chain')
    .executeTakeFirst();
  if (!account) return;
  const chain = ctxOf(account.id, 'chain', account.display_name, [chainOrg], 'chain_admin');
  const leader = users['chain-leader']!;
  const member = users['chain-member']!;
  const team = await teams.createTeam(db, chain, {
    allianceId,
    name: '金铜产业链红链服务队',
    kind: 'party_members',
    description: '链上企业党员组成，进园区、进车间开展技能帮带、安全生产和用工对接服务',
  });
  await teams.setTeamMember(db, chain, team, { userId: leader.actor.userId, role: 'leader' });
  await teams.setTeamMember(db, chain, team, { userId: member.actor.userId, role: 'member' });
  const place = { place: '龙岩经济技术开发区铜产业园', lat: 25.0756, long: 117.0179 };
  for (const [days, title, hours] of [
    [-40, '红链服务进车间：高压电工技能帮带', 3],
    [-12, '红链服务进园区：安全生产隐患排查', 4],
  ] as const)
    await held(
      db,
      {
        ctx: office,
        orgId: chainOrg.id,
        teamId: team,
        title,
        kind: 'volunteer',
        ...place,
        audience: 'residents',
        capacity: 30,
        startsAt: nineAm(days),
        hours,
      },
      [leader, member],
    );

  // last month's 红领工匠 review: opened and nominated 30 days ago, scored in its window, decided today
  const DAY = 86_400_000;
  const ago = (days: number) => new Date(clock.now().getTime() - days * DAY);
  const today = clock.today();
  const { selection, nominees } = await clock.at(ago(30), async () => {
    const id = await honours.createSelection(db, chain, {
      allianceId,
      title: '金铜产业链“红领工匠”评审（演示）',
      honour: '红领工匠',
      method: 'review',
      description: '链上企业推荐技术骨干党员，由产业链党委评委按技能攻关、帮带徒弟和服务时长打分。',
      votingFrom: addDays(today, -20),
      votingTo: addDays(today, -10),
      quota: 1,
      points: 100,
    });
    const ids = [
      await honours.nominate(db, chain, id, {
        userId: member.actor.userId,
        deeds: '带领班组攻关铜箔良率，一年提升 6 个百分点；参加红链服务队帮带新电工 12 人',
      }),
      await honours.nominate(db, chain, id, {
        userId: leader.actor.userId,
        deeds: '牵头电工实训基地开班两期，培训链上企业电工 46 人',
      }),
    ];
    return { selection: id, nominees: ids };
  });
  await clock.at(ago(15), async () => {
    await honours.score(db, chain, selection, nominees[0]!, 94);
    await honours.score(db, chain, selection, nominees[1]!, 88);
  });
  await honours.decide(db, chain, selection, {});
}

/**
 * 福州 (seed 000): 国网福州供电公司党委 leads a 党建联盟 of 28 Party organizations from government
 * departments, water, gas, transport and banks, with 下藤社区 among them, solving residents' problems
 * together; the members stay where they are (kind `alliance`).
 */
async function loadFuzhou(db: Executor, city: GeneratedCity, adminId: number, joined: string) {
  const root = city.orgs.find((o) => o.key === 'fuzhou');
  const power = city.orgs.find((o) => o.key === 'fz-power');
  if (!root || !power) return;
  const ctx = ctxOf(adminId, 'demo', '演示数据', [root], 'org_admin');
  const id = await alliances.createAlliance(db, ctx, {
    orgId: power.id,
    name: '国网福州供电公司“有呼必应”党建联盟',
    kind: 'alliance',
    description:
      '以“双满意”共产党员服务队为主体，联结政府部门、供水、供气、交通、银行等单位 28 个党组织，协同解决居民急难愁盼问题，从“有呼必应”到“一呼百应”',
  });
  // the 28: the units' own Party organizations (each at depth 2 or below, with members of its own)
  const parents = new Set(city.orgs.map((o) => o.parentId));
  const members = city.orgs.filter(
    (o) => o.path.startsWith(root.path) && o.depth >= 2 && (!parents.has(o.id) || o.type === 'branch'),
  );
  if (members.length !== 28) throw new Error(`福州 alliance: ${members.length} organizations, not 28`);
  for (const [i, org] of members.entries())
    await alliances.addMember(db, ctx, id, {
      orgId: org.id,
      role: i === 0 ? 'chair_unit' : org.type === 'committee' ? 'core' : 'member',
      joinedOn: joined,
    });
}
