import { addDays } from '@honglian/domain';
import { sql } from 'kysely';
import * as community from '../modules/activities/community.ts';
import * as honours from '../modules/activities/honours.ts';
import * as activities from '../modules/activities/service.ts';
import * as teams from '../modules/activities/teams.ts';
import { createUser, grantRole } from '../modules/users/service.ts';
import { clock } from '../platform/clock.ts';
import type { Executor, RequestContext } from '../platform/context.ts';
import { toShanghaiIso } from '../platform/schemas.ts';
import { contextOf } from './development.ts';
import { DEMO_PASSWORD } from './load.ts';

/**
 * 志愿活动、服务队与双报到 (issue 14; seeds 001 and 004), made through the real services: in 湖里's
 * 兴隆社区 a 党员服务队, a 红色骑手 team led by the demo rider and a grid team; buildings with their
 * 楼栋长 and the demo member's 双报到 to 兴隆花园1号楼; in 云浮 two 红色骑手 teams of riders who serve as
 * part-time grid workers. Past activities have check-ins and approved hours (so points), upcoming ones
 * are open for sign-up. Times come from the clock; past steps run "as of" their instant.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** 09:00 Asia/Shanghai, `days` from today. */
export function nineAm(days: number): Date {
  const today = clock.today();
  return new Date(Date.parse(`${today}T09:00:00+08:00`) + days * DAY);
}

async function orgNamed(db: Executor, name: string) {
  const row = await db.selectFrom('orgs').select('id').where('name', '=', name).executeTakeFirst();
  return row?.id;
}

export interface Plan {
  ctx: RequestContext;
  orgId: number;
  teamId?: number | undefined;
  title: string;
  kind: 'volunteer' | 'visit' | 'council';
  place: string;
  lat: number;
  long: number;
  audience: 'residents' | 'riders' | 'members';
  capacity: number;
  startsAt: Date;
  hours: number;
}

async function publish(db: Executor, p: Plan) {
  const input = {
    orgId: p.orgId,
    teamId: p.teamId ?? null,
    title: p.title,
    kind: p.kind,
    place: p.place,
    lat: p.lat,
    long: p.long,
    startsAt: toShanghaiIso(p.startsAt),
    endsAt: toShanghaiIso(new Date(p.startsAt.getTime() + p.hours * HOUR)),
    capacity: p.capacity,
    audience: p.audience,
  };
  // a past activity was published the day before it
  return p.startsAt.getTime() < clock.now().getTime()
    ? clock.at(new Date(p.startsAt.getTime() - DAY), () => activities.publish(db, p.ctx, input))
    : activities.publish(db, p.ctx, input);
}

/** A past activity: the people signed up, were marked present for its whole time, and had their hours approved. */
export async function held(db: Executor, p: Plan, people: RequestContext[]) {
  const id = await publish(db, p);
  await clock.at(new Date(p.startsAt.getTime() - 12 * HOUR), async () => {
    for (const who of people) await activities.signUp(db, who, id);
  });
  const after = new Date(p.startsAt.getTime() + (p.hours + 1) * HOUR);
  await clock.at(after, async () => {
    const list = await activities.listParticipants(db, p.ctx, id);
    for (const row of list.items.filter((r) => r.status === 'signed_up')) {
      await activities.markAttendance(db, p.ctx, id, row.id, {});
      await activities.approveHours(db, p.ctx, id, row.id, {});
    }
  });
  return id;
}

export async function loadDemoActivities(db: Executor): Promise<{ teams: number; activities: number }> {
  const [district, admin, member, resident] = await Promise.all(
    ['district', 'admin', 'member', 'resident'].map((u) => contextOf(db, u)),
  );
  const xinglong = await orgNamed(db, '中共兴隆社区委员会');
  const grid1 = await orgNamed(db, '兴隆社区第1网格党支部');
  const grid2 = await orgNamed(db, '兴隆社区第2网格党支部');
  const yunfuNew = await orgNamed(db, '中共云浮市云城区新就业群体委员会');
  const delivery = await orgNamed(db, '云浮市外卖配送行业党支部');
  if (!district || !admin || !member || !resident || !xinglong || !grid1 || !yunfuNew || !delivery)
    return { teams: 0, activities: 0 };
  let teamCount = 0;
  let activityCount = 0;

  // 湖里 兴隆社区: three teams, buildings and 楼栋长, the demo member's 双报到
  const partyTeam = await teams.createTeam(db, district, {
    orgId: xinglong,
    name: '兴隆社区在职党员服务队',
    kind: 'party_members',
    description: '在职党员到社区报到后组成，进网格、到楼栋服务',
  });
  const riderTeam = await teams.createTeam(db, district, {
    orgId: xinglong,
    name: '兴隆社区红色骑手队',
    kind: 'riders',
    description: '外卖、快递骑手兼职网格员，随手拍上报隐患',
  });
  const gridTeam = await teams.createTeam(db, district, {
    orgId: grid1,
    name: '兴隆社区第1网格志愿服务队',
    kind: 'grid',
  });
  teamCount += 3;
  await teams.setTeamMember(db, district, riderTeam, { userId: resident.actor.userId, role: 'leader' });
  await teams.setTeamMember(db, district, partyTeam, { userId: member.actor.userId, role: 'member' });
  const building1 = await community.addBuilding(db, district, grid1, {
    name: '兴隆花园1号楼',
    headName: '王秀兰',
    headPhone: '13906001101',
  });
  await community.addBuilding(db, district, grid1, { name: '兴隆花园2号楼', headName: '陈建国' });
  if (grid2) await community.addBuilding(db, district, grid2, { name: '兴隆新村5号楼', headName: '林美华' });
  await clock.at(new Date(clock.now().getTime() - 30 * DAY), () =>
    community.report(db, member, { communityOrgId: xinglong, gridOrgId: grid1, buildingId: building1 }),
  );

  const place = { lat: 24.5096, long: 118.1425 };
  await held(
    db,
    {
      ctx: district,
      orgId: xinglong,
      teamId: gridTeam,
      title: '兴隆花园楼道杂物清理',
      kind: 'volunteer',
      place: '兴隆花园1号楼、2号楼',
      ...place,
      audience: 'residents',
      capacity: 15,
      startsAt: nineAm(-20),
      hours: 2,
    },
    [member, resident],
  );
  await held(
    db,
    {
      ctx: district,
      orgId: xinglong,
      teamId: riderTeam,
      title: '骑手交通安全劝导',
      kind: 'volunteer',
      place: '兴隆路与华泰路交叉口',
      lat: 24.5112,
      long: 118.1401,
      audience: 'riders',
      capacity: 10,
      startsAt: nineAm(-10),
      hours: 1.5,
    },
    [resident],
  );
  activityCount += 2;
  for (const p of [
    {
      title: '兴隆社区敬老院慰问',
      kind: 'visit' as const,
      place: '兴隆社区日间照料中心',
      audience: 'residents' as const,
      capacity: 10,
      startsAt: nineAm(3),
      teamId: partyTeam,
    },
    {
      title: '兴隆花园加装电梯议事会',
      kind: 'council' as const,
      place: '兴隆社区党群服务中心二楼',
      audience: 'residents' as const,
      capacity: 30,
      startsAt: nineAm(5),
    },
    {
      title: '骑手暖心驿站义诊',
      kind: 'volunteer' as const,
      place: '兴隆社区暖“新”驿站',
      audience: 'riders' as const,
      capacity: 20,
      startsAt: nineAm(2),
      teamId: riderTeam,
    },
  ]) {
    await publish(db, { ctx: district, orgId: xinglong, ...place, hours: 2, ...p });
    activityCount += 1;
  }

  // 云浮 (seed 004): 红色骑手 teams of the new employment groups' committee, riders as part-time grid workers
  const yfRiders: RequestContext[] = [];
  for (const [i, name] of [
    '李师傅（外卖骑手）',
    '张师傅（外卖骑手）',
    '何师傅（快递小哥）',
    '梁师傅（快递小哥）',
  ].entries()) {
    const id = await createUser(db, admin, {
      username: `yfrider${i + 1}`,
      displayName: name,
      password: DEMO_PASSWORD,
      orgId: delivery,
    });
    await grantRole(db, admin, id, { role: 'resident', orgId: delivery });
    const ctx = await contextOf(db, `yfrider${i + 1}`);
    if (ctx) yfRiders.push(ctx);
  }
  const takeaway = await teams.createTeam(db, admin, {
    orgId: yunfuNew,
    name: '云城区外卖骑手红色骑手队',
    kind: 'riders',
    description: '骑手兼职网格员：排查隐患、随手拍上报、参与志愿服务',
  });
  const courier = await teams.createTeam(db, admin, {
    orgId: yunfuNew,
    name: '云城区快递小哥红色骑手队',
    kind: 'riders',
  });
  teamCount += 2;
  for (const [i, r] of yfRiders.entries())
    await teams.setTeamMember(db, admin, i < 2 ? takeaway : courier, {
      userId: r.actor.userId,
      role: i % 2 === 0 ? 'leader' : 'member',
    });
  const yunfuPlace = { lat: 22.9283, long: 112.0446 };
  await held(
    db,
    {
      ctx: admin,
      orgId: yunfuNew,
      teamId: takeaway,
      title: '城中路积水点排查（骑手兼职网格员）',
      kind: 'volunteer',
      place: '云城区城中路沿线',
      ...yunfuPlace,
      audience: 'riders',
      capacity: 20,
      startsAt: nineAm(-7),
      hours: 1,
    },
    yfRiders,
  );
  await publish(db, {
    ctx: admin,
    orgId: yunfuNew,
    teamId: courier,
    title: '红色骑手夏季防暑关爱行动',
    kind: 'volunteer',
    place: '云城区暖“新”驿站（城中）',
    ...yunfuPlace,
    audience: 'riders',
    capacity: 30,
    startsAt: nineAm(4),
    hours: 2,
  });
  activityCount += 2;
  await demoSelections(db, admin, yunfuNew, yfRiders);
  return { teams: teamCount, activities: activityCount };
}

/** Moves a demo selection's window (the service only opens windows that start after today). */
async function setWindow(db: Executor, id: number, from: number, to: number) {
  const today = clock.today();
  await sql`update selections set voting_from = ${addDays(today, from)}::date, voting_to = ${addDays(today, to)}::date
    where id = ${id}`.execute(db);
}

/**
 * 评选表彰 in 云浮 (seed 004's "最美小哥"): last year's 红领工匠 decided by review (its honour and points on
 * 李师傅's record), this year's 最美小哥 open for the city's vote with two votes already cast.
 */
async function demoSelections(db: Executor, admin: RequestContext, orgId: number, riders: RequestContext[]) {
  if (riders.length < 4) return;
  const today = clock.today();
  const deeds = [
    '送餐途中发现城中路井盖缺失，设置警示并守护至抢修完成，随手拍上报隐患 23 条',
    '暴雨夜帮助独居老人转移，连续三个月参与暖“新”驿站志愿服务',
    '配送途中救助突发疾病的路人，拨打 120 并陪同送医',
    '带头组建快递小哥互助群，协助社区排查出租屋消防隐患 40 余处',
  ];
  const past = await honours.createSelection(db, admin, {
    orgId,
    title: '云城区“红领工匠”评审（演示）',
    honour: '红领工匠',
    method: 'review',
    description: '由区新就业群体党委评委按服务时长、上报隐患和群众评价打分。',
    votingFrom: addDays(today, 1),
    votingTo: addDays(today, 2),
    quota: 1,
    points: 100,
  });
  const pastIds: number[] = [];
  for (const [i, r] of riders.slice(0, 2).entries())
    pastIds.push(await honours.nominate(db, admin, past, { userId: r.actor.userId, deeds: deeds[i]! }));
  await setWindow(db, past, -20, -10);
  await honours.score(db, admin, past, pastIds[0]!, 92);
  await honours.score(db, admin, past, pastIds[1]!, 85);
  await honours.decide(db, admin, past, {});

  const open = await honours.createSelection(db, admin, {
    orgId,
    title: `${today.slice(0, 4)}年度云城区“最美小哥”评选（演示）`,
    honour: '最美小哥',
    method: 'vote',
    description: '看事迹、投一票：每人可投 2 人，得票前 2 名获评“最美小哥”，各奖励 100 积分。',
    votingFrom: addDays(today, 1),
    votingTo: addDays(today, 14),
    quota: 2,
    votesPerVoter: 2,
    points: 100,
  });
  const ids: number[] = [];
  for (const [i, r] of riders.entries())
    ids.push(await honours.nominate(db, admin, open, { userId: r.actor.userId, deeds: deeds[i]! }));
  await setWindow(db, open, -2, 12);
  await honours.vote(db, riders[2]!, open, ids[0]!);
  await honours.vote(db, riders[3]!, open, ids[1]!);
}
