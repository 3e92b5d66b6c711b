import {
  addCalendarMonths,
  addDays,
  makeCreditCode,
  makeIdNumber,
  namePinyin,
  normalizeForSearch,
  type OrgType,
  termEndsOn,
  termYearsFor,
  type UnitKind,
} from '@honglian/domain';
import { sql } from 'kysely';
import { hashPassword } from '../platform/auth.ts';
import { clock } from '../platform/clock.ts';
import type { Executor } from '../platform/context.ts';
import { type GeneratedCity, membershipJoinedOn, type OrgSeed } from './generate.ts';

/**
 * Demo data for organization setup (issue 4, O1–O5 and 两个覆盖), on top of the generated city:
 *
 * - a current term for most organizations, a few expiring within 6 months (the secretary's own
 *   branch among them), one overdue; a few branches of ≥ 7 full members recorded with a secretary
 *   only (O3), two village branches grown past 50 and 100 members (O1, O4);
 * - O1 "unit with ≥ 3 full members and no branch": the members of each joint branch (联合党支部) get
 *   the name of one of its enterprises as their work unit, so an enterprise that now has 3 or more
 *   full members in the joint branch shows up as one that should set up its own branch;
 * - Donghu (seed 004: 110 instructors for 754 organizations, scaled down): enterprises and social
 *   organizations without an organization, and 11 instructors assigned to them and to some
 *   enterprises with branches; a few more enterprises without an organization in Huli;
 * - the 党务工作者 register: the secretaries and organization officers of committees and general
 *   branches, and the demo secretary;
 * - the `instructor` account (a Donghu instructor).
 *
 * A handful of set-based statements: it adds well under a second to the demo load.
 */

/** A stable pseudo-random number in [0, 1) for an integer (the same org gets the same fate). */
function hash01(n: number, salt: number): number {
  let x = (n * 2_654_435_761 + salt * 40_503) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x2c1b3c6d) >>> 0;
  x ^= x >>> 12;
  return (x >>> 0) / 4_294_967_296;
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余熊万'];
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红玲芬燕彬鹏辉建国志海峰斌丹宇浩凯晨欣怡',
];

function personName(n: number): string {
  const a = SURNAMES[Math.floor(hash01(n, 1) * SURNAMES.length)]!;
  const b = GIVEN[Math.floor(hash01(n, 2) * GIVEN.length)]!;
  const c = hash01(n, 3) < 0.6 ? GIVEN[Math.floor(hash01(n, 4) * GIVEN.length)]! : '';
  return a + b + c;
}

function phoneOf(n: number): string {
  return `170${String(Math.floor(hash01(n, 5) * 1e8)).padStart(8, '0')}`;
}

function find(city: GeneratedCity, test: (o: OrgSeed) => boolean, what: string): OrgSeed {
  const org = city.orgs.find(test);
  if (!org) throw new Error(`demo org missing: ${what}`);
  return org;
}

/** Extra members for a branch (to grow it past 50 or 100), with valid fictional ID numbers. */
async function growBranch(db: Executor, org: OrgSeed, count: number, salt: number) {
  const now = clock.now();
  const today = clock.today();
  const rows = Array.from({ length: count }, (_, i) => {
    const n = salt * 1000 + i;
    const year = 1955 + Math.floor(hash01(n, 6) * 45);
    const birth = `${year}-${String(1 + Math.floor(hash01(n, 7) * 12)).padStart(2, '0')}-${String(1 + Math.floor(hash01(n, 8) * 28)).padStart(2, '0')}`;
    const seq = 1 + Math.floor(hash01(n, 9) * 998);
    const name = personName(n);
    const { pinyin, initials } = namePinyin(name);
    const stage = hash01(n, 10) < 0.05 ? ('probationary' as const) : ('full' as const);
    const joinedOn = membershipJoinedOn(today, stage, `${Math.min(2024, year + 25)}-07-01`, seq);
    return {
      org_id: org.id,
      region_code: org.regionCode,
      name,
      name_search: normalizeForSearch(name),
      name_pinyin: pinyin,
      name_initials: initials,
      id_number: makeIdNumber(org.regionCode, birth, seq),
      gender: seq % 2 === 1 ? ('male' as const) : ('female' as const),
      birth_date: birth,
      phone: phoneOf(n),
      joined_on: joinedOn,
      stage,
      full_member_on: stage === 'full' ? addCalendarMonths(joinedOn, 12) : null,
      updated_at: now,
    };
  });
  await db
    .insertInto('members')
    .values(rows)
    .onConflict((oc) => oc.columns(['id_number', 'region_code']).doNothing())
    .execute();
}

export async function loadDemoOrgSetup(db: Executor, city: GeneratedCity): Promise<void> {
  const today = clock.today();
  const unitKind = new Map(city.units.map((u) => [u.id, u.kind as UnitKind]));

  // O1 / O4: two village branches grown past 50 and past 100 members
  const big1 = find(city, (o) => o.name === '中共修水县义宁镇义宁第1村支部委员会', '义宁第1村');
  const big2 = find(city, (o) => o.name === '中共修水县宁州镇宁州第1村支部委员会', '宁州第1村');
  const sizes = await db
    .selectFrom('members')
    .select(['org_id', sql<number>`count(*)::int`.as('n')])
    .where('org_id', 'in', [big1.id, big2.id])
    .groupBy('org_id')
    .execute();
  const sizeOf = (id: number) => sizes.find((s) => s.org_id === id)?.n ?? 0;
  await growBranch(db, big1, Math.max(0, 56 - sizeOf(big1.id)), 71);
  await growBranch(db, big2, Math.max(0, 106 - sizeOf(big2.id)), 73);

  // O1: members of joint branches work in one of the branch's enterprises (round robin)
  await sql`
    update members m set work_unit = pick.name
    from (
      select r.id, us.names[1 + (r.rn - 1) % array_length(us.names, 1)] as name
      from (
        select m2.id, m2.org_id, row_number() over (partition by m2.org_id order by m2.id)::int as rn
        from members m2 join orgs j on j.id = m2.org_id and j.type = 'joint_branch'
      ) r
      join lateral (
        select array_agg(u.name order by u.id) as names from units u where u.org_id = r.org_id
      ) us on array_length(us.names, 1) > 0
    ) pick
    where m.id = pick.id`.execute(db);

  // facts the terms need: full members per org
  const counts = await sql<{ org_id: number; full: number }>`
    select org_id, (count(*) filter (where stage = 'full'))::int as full from members group by org_id`.execute(
    db,
  );
  const fullOf = new Map(counts.rows.map((r) => [r.org_id, r.full]));

  // three enterprise branches of ≥ 7 full members recorded with a secretary only (O3)
  const secretaryOnly = new Set(
    city.orgs
      .filter(
        (o) => o.type === 'branch' && o.key === undefined && unitKind.get(o.unitId ?? 0) === 'enterprise',
      )
      .filter((o) => (fullOf.get(o.id) ?? 0) >= 7)
      .slice(0, 3)
      .map((o) => o.id),
  );
  const secretaryBranch = find(city, (o) => o.key === 'secretary-branch', 'secretary-branch');
  const overdue = find(city, (o) => o.name === '中共厦门市湖里区江头街道工作委员会', '江头街道');

  const terms = city.orgs
    .filter((o) => o.type !== 'temporary_branch')
    // about one in ten has no term recorded yet (O5 asks for it); the demo's own orgs always have one
    .filter((o) => o.key !== undefined || o.id === overdue.id || hash01(o.id, 11) >= 0.1)
    .map((o) => {
      const years = termYearsFor(o.type as OrgType, unitKind.get(o.unitId ?? 0) ?? null);
      const r = hash01(o.id, 12);
      // days until the term ends: one overdue, about 8% within 6 months, the rest later
      const daysLeft =
        o.id === overdue.id
          ? -20
          : o.id === secretaryBranch.id
            ? 120
            : r < 0.08
              ? 15 + Math.floor(hash01(o.id, 13) * 160)
              : 200 + Math.floor(hash01(o.id, 14) * (years * 365 - 230));
      const electedOn = addCalendarMonths(addDays(today, daysLeft), -12 * years);
      const full = fullOf.get(o.id) ?? 0;
      const isBranch = o.type === 'branch' || o.type === 'joint_branch';
      const kind: 'committee' | 'secretary' =
        !isBranch || (full >= 7 && !secretaryOnly.has(o.id)) ? 'committee' : 'secretary';
      return {
        region_code: o.regionCode,
        org_id: o.id,
        kind,
        elected_on: electedOn,
        term_years: years,
        ends_on: termEndsOn(electedOn, years),
        updated_at: clock.now(),
      };
    });
  for (let i = 0; i < terms.length; i += 1000)
    await db
      .insertInto('org_terms')
      .values(terms.slice(i, i + 1000))
      .execute();

  // committee members: a branch's first full members, led by the member whose account administers the
  // branch (the demo `secretary`, 林晓东, is his branch's 书记); a committee's or general branch's drawn
  // from its subtree; posts by rank
  const POSTS = sql`(array['secretary', 'organization', 'propaganda', 'discipline', 'member'])`;
  await sql`
    insert into org_committee_members (region_code, term_id, member_id, name, post)
    select t.region_code, t.id, pick.id, pick.name, ${POSTS}[pick.rn]
    from org_terms t
    join orgs o on o.id = t.org_id and o.type in ('branch', 'joint_branch')
    cross join lateral (
      select r.id, r.name, row_number() over (order by r.own desc, r.id)::int as rn
      from (
        select m.id, m.name, exists (select 1 from role_bindings rb where rb.user_id = m.user_id
          and rb.org_id = o.id and rb.role = 'branch_admin') as own
        from members m where m.org_id = o.id and m.stage = 'full'
      ) r
      order by r.own desc, r.id
      limit case when t.kind = 'committee' then 5 else 1 end
    ) pick
    where t.state = 'current'`.execute(db);
  await sql`
    insert into org_committee_members (region_code, term_id, member_id, name, post)
    select t.region_code, t.id, pick.id, pick.name, ${POSTS}[pick.rn]
    from org_terms t
    join orgs o on o.id = t.org_id and o.type not in ('branch', 'joint_branch')
    cross join lateral (
      select r.id, r.name, row_number() over (order by r.id)::int as rn
      from (
        -- every 7th member, shifted by the term: different people on different committees, and the
        -- LIMIT stops the scan early even for the city's top committee
        select m.id, m.name
        from members m join orgs d on d.id = m.org_id
        where d.path like o.path || '%' and m.stage = 'full' and m.user_id is null and (m.id + t.id) % 7 = 0
        limit 5
      ) r
    ) pick
    where t.state = 'current'`.execute(db);

  // 两个覆盖: Donghu and Huli enterprises without an organization of their own
  const dhNonPublic = find(
    city,
    (o) => o.name === '中共南昌市东湖区非公有制经济组织和社会组织工作委员会',
    '东湖两新工委',
  );
  const huliNonPublic = find(city, (o) => o.key === 'huli-liangxin', 'huli-liangxin');
  const industries = ['软件和信息技术服务业', '批发和零售业', '交通运输和仓储业', '文化旅游', '物业管理'];
  const brands = [
    '赣江',
    '滕王',
    '青山',
    '洪城',
    '八一',
    '绳金',
    '象湖',
    '豫章',
    '百花',
    '东湖',
    '墨山',
    '扬子',
  ];
  const words = ['商贸', '物流', '信息', '文化', '餐饮', '建材'];
  const maxUnit = city.units.reduce((m, u) => Math.max(m, u.id), 0);
  const newUnits: Array<{
    id: number;
    name: string;
    kind: UnitKind;
    region: string;
    industry: string | null;
    employees: number;
    orgId: number;
  }> = [];
  for (let i = 0; i < 16; i++) {
    const dh = i < 12;
    const social = dh && i >= 10;
    newUnits.push({
      id: maxUnit + 1 + i,
      name: social
        ? `南昌市东湖区${['新联', '义工'][i - 10]}协会`
        : dh
          ? `南昌${brands[i]}${words[i % words.length]}有限公司`
          : `厦门${['筼筜', '五缘', '高林', '钟宅'][i - 12]}${words[i % words.length]}有限公司`,
      kind: social ? 'social_org' : 'enterprise',
      region: dh ? '360102' : '350206',
      industry: social ? null : industries[i % industries.length]!,
      // two small ones are outside the scope of 两个覆盖 (< 10 employees)
      employees: social ? 35 + i : i === 3 || i === 13 ? 6 : 12 + ((i * 37) % 180),
      orgId: dh ? dhNonPublic.id : huliNonPublic.id,
    });
  }
  await db
    .insertInto('units')
    .values(
      newUnits.map((u, i) => ({
        id: u.id,
        name: u.name,
        name_search: normalizeForSearch(u.name),
        kind: u.kind,
        credit_code: makeCreditCode(
          `${u.kind === 'social_org' ? '51' : '91'}${u.region}${String(95_000_000 + i)}0`.slice(0, 17),
        ),
        region_code: u.region,
        industry: u.industry,
        employees: u.employees,
        org_id: u.orgId,
        updated_at: clock.now(),
      })),
    )
    .execute();
  await sql`select setval(pg_get_serial_sequence('units', 'id'), (select max(id) from units))`.execute(db);

  // the instructor account: one of Donghu's instructors
  const user = await db
    .insertInto('users')
    .values({
      username: 'instructor',
      display_name: '熊卫东（党建工作指导员）',
      password_hash: await hashPassword('Honglian@2026'),
      phone: '17079100110',
      org_id: dhNonPublic.id,
      updated_at: clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('role_bindings')
    .values({ user_id: user.id, role: 'instructor', org_id: dhNonPublic.id })
    .execute();

  // 11 instructors for Donghu (seed 004: 110 for 754, scaled down): the org-less enterprises first
  // (8 of the 10 in scope reached), then a few enterprises with branches; 2 Huli instructors
  const donghuUnits = [
    ...newUnits.filter((u) => u.orgId === dhNonPublic.id && u.employees >= 10).map((u) => u.id),
    ...city.units.filter((u) => u.orgId !== null && u.regionCode === '360102').map((u) => u.id),
  ];
  // one enterprise and one social organization are left without an instructor (uncovered)
  const uncoveredOnPurpose = new Set([newUnits[9]!.id, newUnits[11]!.id]);
  const targets = donghuUnits.filter((id) => !uncoveredOnPurpose.has(id)).slice(0, 30);
  const assignments = targets.map((unitId, i) => {
    const k = i % 11;
    return {
      region_code: '360102',
      unit_id: unitId,
      user_id: k === 0 ? user.id : null,
      name: k === 0 ? '熊卫东' : personName(500 + k),
      phone: k === 0 ? '17079100110' : phoneOf(500 + k),
      assigned_on: addDays(today, -30 - k * 20),
      updated_at: clock.now(),
    };
  });
  const huliNew = newUnits.filter((u) => u.orgId === huliNonPublic.id && u.employees >= 10);
  assignments.push(
    ...huliNew.slice(0, 2).map((u, i) => ({
      region_code: '350206',
      unit_id: u.id,
      user_id: null,
      name: personName(600 + i),
      phone: phoneOf(600 + i),
      assigned_on: addDays(today, -90),
      updated_at: clock.now(),
    })),
  );
  await db.insertInto('instructor_assignments').values(assignments).execute();

  // 党务工作者: secretaries and organization officers of committees and general branches, the demo secretary
  await sql`
    insert into party_workers (region_code, org_id, member_id, name, post, phone, full_time, trained_on, updated_at)
    select t.region_code, t.org_id, cm.member_id, cm.name,
      case when cm.post = 'secretary' then (case o.type when 'committee' then '党委书记' when 'functional' then '党委书记' when 'general_branch' then '党总支书记' else '党支部书记' end)
           else '组织委员' end,
      m.phone,
      o.type in ('committee', 'functional') and cm.post = 'organization',
      (${today}::date - (((t.org_id * 37) % 900) + 30) * interval '1 day')::date,
      now()
    from org_committee_members cm
    join org_terms t on t.id = cm.term_id and t.state = 'current'
    join orgs o on o.id = t.org_id
    left join members m on m.id = cm.member_id
    where (o.type in ('committee', 'functional', 'general_branch') and cm.post in ('secretary', 'organization'))
       or (o.id = ${secretaryBranch.id} and cm.post = 'secretary')`.execute(db);
}
