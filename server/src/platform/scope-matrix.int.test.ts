import { addDays, addMonths, makeIdNumber, quarterOf } from '@honglian/domain';
import type { LightMyRequestResponse } from 'fastify';
import { type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgSearchForms } from '../modules/orgs/service.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../test/harness.ts';
import { multipart, readXlsx, xlsxOf } from '../test/xlsx.ts';
import { hashPassword } from './auth.ts';
import { clock } from './clock.ts';

/**
 * The scope matrix over the whole API: every operation of the OpenAPI document (GET
 * /api/v1/openapi.json), called as every demo account and as `outsider`, with ids that point outside the
 * caller's scope. Outside must answer exactly like an id that does not exist (999999999): the same
 * status, code and message, and for an object in the path that answer is 404 not_found (or the
 * 403 forbidden a role gets for every id of an operation it may use nowhere).
 *
 * Two worlds: the demo city (the demo accounts' scopes, and what `admin` adds in 湖里 below), and an
 * outside tree of its own (`中共外部市委员会`, region code 350206 like 湖里, which no demo account
 * reaches) with its administrator `outsider`. `populate()` makes an object of every kind in each
 * world through the API. Every demo account points into the outside world; `outsider` points into
 * 湖里.
 *
 * - Path parameters are mapped to a kind of object by the literal segments before them (PATH_KINDS;
 *   national values in GLOBAL_PARAMS). A route whose parameter is in neither fails the first test,
 *   which names what to add: a new route joins the matrix by naming its kind, nothing else.
 * - Ids in query strings and bodies are mapped by field name (FIELD_KINDS); an unmapped field whose
 *   name ends in Id or Ids fails the first test the same way. Each is sent pointing outside and
 *   missing, the rest of the request valid and the caller's own.
 * - Every list, search and export (GET without an object in the path) is searched for the other
 *   world's name tag and must show nothing of it.
 * - Requests are built from the JSON schema of each operation; BODIES, UPLOADS and BODY_HINTS add
 *   what a schema cannot say. The second test keeps this honest: for admin and outsider a missing id
 *   must answer 404 not_found (the request reached the lookup) and their own objects must be found.
 */
let t: TestApp;
const OUTSIDER_PASSWORD = 'Outsider@2026';
const today = clock.today();
const LAST_MONTH = addMonths(today.slice(0, 7), -1);

function check(res: LightMyRequestResponse, status: number, what: string) {
  if (res.statusCode !== status) throw new Error(`${what}: ${res.statusCode} ${res.body.slice(0, 400)}`);
  return res.json();
}

let idSeq = 501;
/** A fresh, valid ID number (a man's: odd sequence) for each call. */
function newIdNumber(): string {
  idSeq += 2;
  return makeIdNumber('350206', '1990-05-04', idSeq);
}
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

function fileUpload(name: string, type: string, content: Buffer) {
  const boundary = '----hl-matrix';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`;
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}

/**
 * Creates objects of every kind under `rootId` through the API, as `s` (an org_admin of the root), so
 * each world has something of each kind for the matrix to point at.
 */
async function populate(s: Session, rootId: number, tag: string, userId: number) {
  const call = async (method: string, url: string, payload: unknown, status: number, extra = {}) =>
    check(
      await t.as(s, {
        method: method as 'POST',
        url,
        ...(payload === undefined ? {} : { payload: payload as never }),
        ...extra,
      }),
      status,
      `${tag} ${method} ${url}`,
    );
  const post = (url: string, payload: unknown, status = 201) => call('POST', url, payload, status);
  const branchA = (await post('/api/v1/orgs', { name: `${tag}甲支部`, type: 'branch', parentId: rootId })).id;
  const branchB = (await post('/api/v1/orgs', { name: `${tag}乙支部`, type: 'branch', parentId: rootId })).id;
  // a village (its unit of kind village) for 组团帮扶, before the enterprise: the latest unit stays the enterprise
  const villageUnit = (
    await post('/api/v1/units', {
      name: `${tag}村民委员会`,
      kind: 'village',
      regionCode: '350206',
      orgId: rootId,
    })
  ).id;
  const village = (
    await post('/api/v1/orgs', {
      name: `${tag}村支部`,
      type: 'branch',
      parentId: rootId,
      unitId: villageUnit,
    })
  ).id;
  const unit = (
    await post('/api/v1/units', {
      name: `${tag}科技有限公司`,
      kind: 'enterprise',
      regionCode: '350206',
      orgId: rootId,
    })
  ).id;
  const members: number[] = [];
  for (const name of ['甲', '乙', '丙', '丁', '戊']) {
    const m = await post('/api/v1/members', {
      orgId: branchA,
      name: `${tag}${name}`,
      idNumber: newIdNumber(),
      gender: 'male',
      phone: '17000000001',
      joinedOn: '2010-07-01',
      stage: 'full',
    });
    members.push(m.id);
  }
  const user = (
    await post('/api/v1/users', {
      username: `${tag === '外部' ? 'outside' : 'inside'}user`,
      displayName: `${tag}用户`,
      password: 'Matrix-Password-1',
      orgId: branchA,
    })
  ).id;
  await call('POST', `/api/v1/users/${user}/roles`, { role: 'branch_admin', orgId: branchA }, 200);
  await post('/api/v1/tokens', { name: `${tag}令牌`, userId: user });
  await post(`/api/v1/orgs/${branchA}/terms`, {
    kind: 'secretary',
    electedOn: '2024-01-10',
    members: [{ memberId: members[0], post: 'secretary' }],
  });
  const assignment = (
    await post('/api/v1/instructor-assignments', {
      unitIds: [unit],
      name: `${tag}指导员`,
      assignedOn: '2024-01-10',
    })
  ).items[0].id;
  // a guidance visit (指导记录): only an instructor account records one, so it is written directly
  await sql`insert into guidance_visits (region_code, unit_id, assignment_id, instructor_user_id, instructor_name,
      visited_on, topic, updated_at)
    values ('350206', ${unit}, ${assignment}, ${userId}, ${`${tag}指导员`}, ${today}, ${`${tag}指导`}, now())`.execute(
    t.database.db,
  );
  // 挂钩联系 (decision 0027): a 挂钩干部 of the unit, and a problem on the visit's 问题清单
  await post('/api/v1/instructor-assignments', {
    unitIds: [unit],
    role: 'cadre',
    name: `${tag}挂钩干部`,
    assignedOn: '2024-01-10',
  });
  await sql`insert into guidance_problems (region_code, visit_id, seq, description)
    select '350206', v.id, 1, ${`${tag}走访发现的问题`} from guidance_visits v where v.unit_id = ${unit}`.execute(
    t.database.db,
  );
  await post('/api/v1/party-workers', { orgId: branchA, name: `${tag}党务`, post: '组织委员' });
  const station = (await post('/api/v1/stations', { orgId: branchA, name: `${tag}驿站` })).id;
  await post(`/api/v1/stations/${station}/rewards`, { name: `${tag}矿泉水`, cost: 10, stock: 5 });
  const team = (
    await post('/api/v1/volunteer-teams', { orgId: branchA, name: `${tag}党员服务队`, kind: 'party_members' })
  ).id;
  const activity = (
    await post('/api/v1/activities', {
      orgId: branchA,
      teamId: team,
      title: `${tag}志愿服务`,
      kind: 'volunteer',
      place: `${tag}社区`,
      startsAt: `${today}T00:00:00+08:00`,
      endsAt: `${today}T23:59:00+08:00`,
      capacity: 10,
      audience: 'residents',
    })
  ).id;
  await call('POST', `/api/v1/activities/${activity}/sign-up`, undefined, 200);
  const selection = await post('/api/v1/selections', {
    orgId: rootId,
    title: `${tag}最美小哥评选`,
    honour: '最美小哥',
    method: 'vote',
    votingFrom: addDays(today, 2),
    votingTo: addDays(today, 4),
    quota: 1,
  });
  await post(`/api/v1/selections/${selection.id}/nominees`, { userId: user, deeds: `${tag}事迹` });
  await post(`/api/v1/orgs/${branchA}/buildings`, { name: `${tag}1号楼`, headName: `${tag}楼栋长` });
  const category = await post('/api/v1/case-categories', {
    code: `M${tag === '外部' ? 'X' : 'D'}${userId}`,
    name: `${tag}分类`,
    groupName: `${tag}分组`,
    tier: 'small',
    signHours: 2,
    contactHours: 4,
    completeDays: 3,
    points: 0,
    escalateAfterRedos: 3,
    escalateAfterReturns: 3,
    ownerOrgId: rootId,
  });
  await call(
    'POST',
    `/api/v1/case-categories/${category.id}/routes`,
    { areaOrgId: branchA, handlerOrgId: branchB, autoDispatch: false },
    200,
  );
  await post('/api/v1/service-days', {
    orgId: rootId,
    name: `${tag}服务日`,
    dayOfMonth: 8,
    categoryId: category.id,
  });
  const filed = await post('/api/v1/cases', {
    categoryId: category.id,
    title: `${tag}路灯不亮`,
    description: `${tag}小区门口路灯不亮`,
    channel: 'console',
    orgId: branchA,
    lat: 24.5,
    long: 118.1,
    photos: [{ fileName: 'a.png', contentType: 'image/png', dataBase64: PNG.toString('base64') }],
  });
  // accepted, so a dispatch reaches the check of the unit it names
  await call('POST', `/api/v1/cases/${filed.id}/transitions`, { action: 'accept' }, 200);
  const meeting = await post('/api/v1/orglife/meetings', {
    orgId: branchA,
    kind: 'lecture',
    title: `${tag}党课`,
    plannedOn: today,
  });
  await call(
    'POST',
    `/api/v1/orglife/meetings/${meeting.id}/files`,
    undefined,
    201,
    fileUpload('a.png', 'image/png', PNG),
  );
  const record = await post('/api/v1/development', {
    applicant: { orgId: branchA, name: `${tag}申请人`, idNumber: newIdNumber() },
    appliedOn: '2024-01-10',
  });
  await post(`/api/v1/development/${record.id}/files`, {
    fileName: 'a.txt',
    contentType: 'text/plain',
    contentBase64: 'AAAA',
  });
  await post('/api/v1/transfers', {
    direction: 'internal',
    memberId: members[4],
    toOrgId: branchB,
    reason: '工作调动',
  });
  // a parent project at the root and a sub-project of branchA with milestones (the latest project)
  const parentProject = await post('/api/v1/projects', {
    orgId: rootId,
    title: `${tag}书记领航项目`,
    kind: 'secretary_led',
    milestones: [],
  });
  await post('/api/v1/projects', {
    orgId: branchA,
    title: `${tag}子项目`,
    kind: 'secretary_led',
    parentProjectId: parentProject.id,
    milestones: [
      { title: `${tag}节点一`, plannedOn: today, weight: 40 },
      { title: `${tag}节点二`, plannedOn: today, weight: 60 },
    ],
  });
  await post('/api/v1/project-evaluations', {
    orgId: rootId,
    year: Number(today.slice(0, 4)),
    title: `${tag}年终评比`,
    measuredWeight: 50,
  });
  // last month's bulletin of the world's root (numbered at once; its files are not made here)
  await post('/api/v1/bulletins', { orgId: rootId, month: LAST_MONTH }, 202);
  // a policy kept by the world's root, and the facts of its enterprise (matched at once)
  await post('/api/v1/policies', {
    title: `${tag}科技政策`,
    docNumber: `${tag}科〔2026〕1号`,
    issuer: `${tag}科技局`,
    regionCode: '350206',
    effectiveFrom: '2020-01-01',
    orgId: rootId,
    clauses: [{ article: '第一条', text: `${tag}条款` }],
    criteria: { all: [{ fact: 'employees', op: 'gte', value: 1, clause: '第一条' }] },
  });
  await call(
    'PUT',
    `/api/v1/enterprises/${unit}/facts`,
    { facts: { employees: 5, regionCode: '350206' } },
    200,
  );
  // an alliance of the world's two branches, its lists, and a joint meeting with a resolution
  const alliance = (
    await post('/api/v1/alliances', {
      orgId: rootId,
      name: `${tag}党建联盟`,
      kind: 'alliance',
      chairPeriod: 'quarter',
      chairStart: '2024-01-01',
    })
  ).id;
  for (const [i, org] of [branchA, branchB].entries())
    await post(`/api/v1/alliances/${alliance}/members`, {
      orgId: org,
      role: i === 0 ? 'chair_unit' : 'member',
      segment: 'midstream',
      joinedOn: '2024-01-10',
      chairPosition: i + 1,
    });
  // the alliance's own service team and selection (decision 0019, addendum): being the newest of
  // their kinds, the matrix reaches /volunteer-teams/{id} and /selections/{id} through them
  const allianceTeam = (
    await post('/api/v1/volunteer-teams', {
      allianceId: alliance,
      name: `${tag}红链服务队`,
      kind: 'party_members',
    })
  ).id;
  await call(
    'POST',
    `/api/v1/volunteer-teams/${allianceTeam}/members`,
    { userId: user, role: 'member' },
    200,
  );
  const allianceSelection = await post('/api/v1/selections', {
    allianceId: alliance,
    title: `${tag}红领工匠评审`,
    honour: '红领工匠',
    method: 'review',
    votingFrom: addDays(today, 2),
    votingTo: addDays(today, 4),
    quota: 1,
  });
  await post(`/api/v1/selections/${allianceSelection.id}/nominees`, { userId: user, deeds: `${tag}事迹` });
  await post(`/api/v1/alliances/${alliance}/list-items`, {
    kind: 'resource',
    title: `${tag}电工实训`,
    description: '',
    tags: ['电工'],
    category: '人才',
    orgId: branchB,
  });
  await post(`/api/v1/alliances/${alliance}/list-items`, {
    kind: 'demand',
    title: `${tag}急需电工`,
    description: '',
    tags: ['电工'],
    category: '人才',
    orgId: branchA,
  });
  // a previewed list import of the alliance (its batch is the world's allianceListImport)
  const listSheet = await xlsxOf(
    '清单',
    ['清单', '标题', '发布单位'],
    [{ 清单: '需求', 标题: `${tag}导入的需求`, 发布单位: `${tag}甲支部` }],
  );
  await call(
    'POST',
    `/api/v1/alliances/${alliance}/list-items/import`,
    undefined,
    200,
    multipart(listSheet, '联盟清单.xlsx'),
  );
  const allianceMeeting = (
    await post(`/api/v1/alliances/${alliance}/meetings`, {
      title: `${tag}联席会议`,
      plannedOn: today,
      agenda: [],
    })
  ).id;
  await call(
    'POST',
    `/api/v1/alliances/${alliance}/meetings/${allianceMeeting}/record`,
    {
      heldOn: today,
      minutes: `${tag}纪要`,
      attendeeOrgIds: [branchA],
      resolutions: [{ title: `${tag}议定事项`, ownerOrgId: branchA, dueOn: today }],
    },
    200,
  );
  // a second meeting, not yet held, for the record check
  await post(`/api/v1/alliances/${alliance}/meetings`, {
    title: `${tag}下次会议`,
    plannedOn: today,
    agenda: [],
  });
  // 揭榜挂帅: the alliance's challenge, open for bids, and a member's bid
  const challenge = (
    await post('/api/v1/challenges', {
      allianceId: alliance,
      title: `${tag}揭榜挂帅`,
      conditions: `${tag}条件`,
      closesOn: addDays(today, 30),
    })
  ).id;
  await post(`/api/v1/challenges/${challenge}/bids`, {
    orgId: branchA,
    plan: `${tag}方案`,
    leadName: `${tag}负责人`,
    milestones: [{ title: `${tag}揭榜节点`, plannedOn: addDays(today, 60), weight: 100 }],
  });
  // 学习: a topic, a material in it, and an assignment of it to the branch's members
  const learningTopic = (await post('/api/v1/learning/topics', { orgId: rootId, name: `${tag}学习专题` })).id;
  const learningMaterial = (
    await post('/api/v1/learning/materials', {
      orgId: rootId,
      topicId: learningTopic,
      kind: 'article',
      title: `${tag}学习资料`,
      body: `${tag}学习正文`,
      estimatedMinutes: 10,
    })
  ).id;
  await post('/api/v1/learning/assignments', {
    orgId: branchA,
    materialId: learningMaterial,
    title: `${tag}学习任务`,
    workdays: 5,
  });
  // 红色物业: a compound managed by the world's unit, an inspection and a published quarter list
  const compound = (
    await post('/api/v1/property/compounds', {
      orgId: rootId,
      name: `${tag}小区`,
      households: 100,
      companyUnitId: unit,
    })
  ).id;
  await post('/api/v1/property/inspections', {
    compoundId: compound,
    inspectedOn: today,
    score: 80,
    inspector: tag,
  });
  await post('/api/v1/property/lists', { orgId: rootId, quarter: quarterOf(today) });
  // 组团帮扶: branchA paired with the village in a team of the root, a visit with a problem, a purchase, a target
  const pairingTeam = (
    await post('/api/v1/pairing-teams', { areaOrgId: rootId, name: `${tag}帮扶组团`, leadOrgId: branchA })
  ).id;
  const pairing = (
    await post('/api/v1/pairings', {
      helperOrgId: branchA,
      villageOrgId: village,
      pairingTeamId: pairingTeam,
      fromYear: Number(today.slice(0, 4)),
    })
  ).id;
  await post(`/api/v1/pairings/${pairing}/visits`, {
    visitedOn: today,
    visitors: `${tag}走访组`,
    done: `${tag}走访`,
    problems: [`${tag}村道破损`],
  });
  await post(`/api/v1/pairings/${pairing}/purchases`, {
    kind: 'plot',
    item: `${tag}亩田`,
    quantity: 1,
    unit: '亩',
    amountFen: 100_000,
    buyer: `${tag}工会`,
    purchasedOn: today,
  });
  await call(
    'PUT',
    `/api/v1/pairings/${pairing}/figures`,
    { year: Number(today.slice(0, 4)), metric: 'collective_income', targetFen: 100_000 },
    200,
  );
  await call('POST', '/api/v1/members/exports', { orgId: branchA }, 202);
  await call('POST', '/api/v1/compliance/sweep', { orgId: rootId }, 200);
  const sheet = await xlsxOf(
    '党员信息',
    ['所在党组织', '姓名', '公民身份号码'],
    [{ 所在党组织: `${tag}甲支部`, 姓名: `${tag}导入`, 公民身份号码: newIdNumber() }],
  );
  await call('POST', '/api/v1/members/import/preview', undefined, 200, multipart(sheet));
  const orgSheet = await xlsxOf(
    '党组织信息',
    ['党组织名称', '上级党组织', '组织类别'],
    [{ 党组织名称: `${tag}导入支部`, 上级党组织: `${tag}甲支部`, 组织类别: '党支部' }],
  );
  await call('POST', '/api/v1/orgs/import/preview', undefined, 200, multipart(orgSheet, '组织台账.xlsx'));
  const factsSheet = await xlsxOf(
    '企业画像',
    ['统一社会信用代码', '从业人员数'],
    [{ 统一社会信用代码: `${tag}不存在`, 从业人员数: 6 }],
  );
  await call('POST', '/api/v1/enterprises/facts/import/preview', undefined, 200, multipart(factsSheet));
  // a reminder for the world's administrator (escalations make them; one is enough here)
  await sql`insert into reminders (region_code, user_id, finding_id, kind, level, title, body, deliver_after)
    select region_code, ${userId}, id, 'remind', 0, ${`${tag}提醒`}, ${`${tag}提醒`}, now() from findings
    where org_path like ${`%/${rootId}/%`} order by id limit 1`.execute(t.database.db);
  await call(
    'PUT',
    `/api/v1/dues/bases/${members[1]}`,
    { year: Number(today.slice(0, 4)), category: 'on_job', baseFen: 500_000 },
    200,
  );
}

// ------------------------------------------------------------------------------------------------
// Kinds of object, and how to find one that belongs to someone

/** Whose object: a subtree (materialized path prefix) and, for per-user objects, the user. */
interface Owner {
  prefix: string;
  userId: number;
}

type IdQuery = (o: Owner) => RawBuilder<{ id: number }>;

const under = (o: Owner) => `${o.prefix}%`;

/**
 * Every kind of object a path, a query or a body names by id, and how to find one belonging to an
 * owner. `parent` names the kind of the path parameter before it and finds the parent of a given
 * child, so `/cases/{id}/attachments/{attachmentId}` is also called with an attachment and its own
 * case.
 */
const KINDS: Record<
  string,
  { find: IdQuery; parent?: { kind: string; of: (id: number) => RawBuilder<{ id: number }> } }
> = {
  org: {
    // the deepest committee (it may contain any kind of organization), else the branch itself
    find: (o) =>
      sql`select id from orgs where path like ${under(o)} and status = 'active' order by (type = 'committee') desc, depth desc, id desc limit 1`,
  },
  unit: {
    find: (o) =>
      sql`select u.id from units u join orgs o on o.id = u.org_id where o.path like ${under(o)} order by u.id desc limit 1`,
  },
  member: {
    find: (o) =>
      sql`select m.id from members m join orgs o on o.id = m.org_id where o.path like ${under(o)} and m.status = 'normal' and m.user_id is null order by m.id desc limit 1`,
  },
  user: {
    find: (o) =>
      sql`select u.id from users u join orgs o on o.id = u.org_id where o.path like ${under(o)} and u.id <> ${o.userId} order by u.id desc limit 1`,
  },
  binding: {
    find: (o) =>
      sql`select b.id from role_bindings b join orgs o on o.id = b.org_id where o.path like ${under(o)} and b.user_id <> ${o.userId} order by b.id desc limit 1`,
    parent: { kind: 'user', of: (id) => sql`select user_id as id from role_bindings where id = ${id}` },
  },
  token: {
    find: (o) =>
      sql`select k.id from api_tokens k join users u on u.id = k.user_id join orgs o on o.id = u.org_id where o.path like ${under(o)} order by k.id desc limit 1`,
  },
  term: {
    find: (o) =>
      sql`select t.id from org_terms t join orgs o on o.id = t.org_id where o.path like ${under(o)} and t.state = 'current' order by t.id desc limit 1`,
  },
  termMember: {
    find: (o) =>
      sql`select c.id from org_committee_members c join org_terms t on t.id = c.term_id join orgs o on o.id = t.org_id where o.path like ${under(o)} and t.state = 'current' order by c.id desc limit 1`,
    parent: {
      kind: 'term',
      of: (id) => sql`select term_id as id from org_committee_members where id = ${id}`,
    },
  },
  instructorAssignment: {
    find: (o) =>
      sql`select a.id from instructor_assignments a join units u on u.id = a.unit_id join orgs o on o.id = u.org_id where o.path like ${under(o)} and a.ended_on is null order by a.id desc limit 1`,
  },
  guidanceVisit: {
    find: (o) =>
      sql`select v.id from guidance_visits v join units u on u.id = v.unit_id join orgs o on o.id = u.org_id where o.path like ${under(o)} order by v.id desc limit 1`,
  },
  guidanceProblem: {
    find: (o) =>
      sql`select p.id from guidance_problems p join guidance_visits v on v.id = p.visit_id join units u on u.id = v.unit_id join orgs o on o.id = u.org_id where o.path like ${under(o)} order by p.id desc limit 1`,
    parent: {
      kind: 'guidanceVisit',
      of: (id) => sql`select visit_id as id from guidance_problems where id = ${id}`,
    },
  },
  station: {
    find: (o) => sql`select id from stations where org_path like ${under(o)} order by id desc limit 1`,
  },
  stationReward: {
    find: (o) =>
      sql`select w.id from station_rewards w join stations s on s.id = w.station_id where s.org_path like ${under(o)} order by w.id desc limit 1`,
    parent: {
      kind: 'station',
      of: (id) => sql`select station_id as id from station_rewards where id = ${id}`,
    },
  },
  policy: {
    find: (o) => sql`select id from policies where org_path like ${under(o)} order by id desc limit 1`,
  },
  policyPush: {
    // the push populate() makes: the world's enterprise became eligible for the world's policy
    find: (o) =>
      sql`select p.id from policy_pushes p join units u on u.id = p.unit_id join orgs o on o.id = u.org_id where o.path like ${under(o)} order by p.id desc limit 1`,
    parent: { kind: 'unit', of: (id) => sql`select unit_id as id from policy_pushes where id = ${id}` },
  },
  team: {
    find: (o) => sql`select id from volunteer_teams where org_path like ${under(o)} order by id desc limit 1`,
  },
  building: {
    find: (o) => sql`select id from buildings where org_path like ${under(o)} order by id desc limit 1`,
  },
  activity: {
    find: (o) => sql`select id from activities where org_path like ${under(o)} order by id desc limit 1`,
  },
  participation: {
    find: (o) =>
      sql`select p.id from activity_participations p join activities a on a.id = p.activity_id where a.org_path like ${under(o)} order by p.id desc limit 1`,
    parent: {
      kind: 'activity',
      of: (id) => sql`select activity_id as id from activity_participations where id = ${id}`,
    },
  },
  selection: {
    find: (o) => sql`select id from selections where org_path like ${under(o)} order by id desc limit 1`,
  },
  nominee: {
    find: (o) =>
      sql`select n.id from selection_nominees n join selections s on s.id = n.selection_id where s.org_path like ${under(o)} order by n.id desc limit 1`,
    parent: {
      kind: 'selection',
      of: (id) => sql`select selection_id as id from selection_nominees where id = ${id}`,
    },
  },
  project: {
    find: (o) =>
      sql`select p.id from projects p join orgs o on o.id = p.org_id where o.path like ${under(o)}
        and not exists (select 1 from project_challenges c where c.project_id = p.id) order by p.id desc limit 1`,
  },
  challenge: {
    find: (o) =>
      sql`select c.project_id as id from project_challenges c join orgs o on o.id = c.poster_org_id where o.path like ${under(o)} order by c.project_id desc limit 1`,
  },
  challengeBid: {
    find: (o) =>
      sql`select b.id from project_bids b join project_challenges c on c.project_id = b.project_id join orgs o on o.id = c.poster_org_id where o.path like ${under(o)} order by b.id desc limit 1`,
    parent: {
      kind: 'challenge',
      of: (id) => sql`select project_id as id from project_bids where id = ${id}`,
    },
  },
  bulletin: {
    find: (o) =>
      sql`select b.id from bulletins b join orgs o on o.id = b.org_id where o.path like ${under(o)} order by b.id desc limit 1`,
  },
  projectEvaluation: {
    find: (o) =>
      sql`select e.id from project_evaluations e join orgs o on o.id = e.org_id where o.path like ${under(o)} order by e.id desc limit 1`,
  },
  milestone: {
    find: (o) =>
      sql`select m.id from project_milestones m join projects p on p.id = m.project_id join orgs o on o.id = p.org_id where o.path like ${under(o)} order by (m.completed_on is null) desc, m.id desc limit 1`,
    parent: {
      kind: 'project',
      of: (id) => sql`select project_id as id from project_milestones where id = ${id}`,
    },
  },
  learningTopic: {
    find: (o) => sql`select id from learning_topics where org_path like ${under(o)} order by id desc limit 1`,
  },
  learningMaterial: {
    find: (o) =>
      sql`select id from learning_materials where org_path like ${under(o)} and status = 'published' order by id desc limit 1`,
  },
  learningAssignment: {
    find: (o) =>
      sql`select id from learning_assignments where org_path like ${under(o)} order by id desc limit 1`,
  },
  alliance: {
    find: (o) =>
      sql`select a.id from alliances a join orgs o on o.id = a.org_id where o.path like ${under(o)} order by a.id desc limit 1`,
  },
  allianceItem: {
    find: (o) =>
      sql`select i.id from alliance_list_items i join alliances a on a.id = i.alliance_id join orgs o on o.id = a.org_id where o.path like ${under(o)} and i.kind = 'demand' and i.status = 'open' order by i.id desc limit 1`,
    parent: {
      kind: 'alliance',
      of: (id) => sql`select alliance_id as id from alliance_list_items where id = ${id}`,
    },
  },
  allianceMember: {
    find: (o) =>
      sql`select m.id from alliance_members m join alliances a on a.id = m.alliance_id join orgs o on o.id = a.org_id where o.path like ${under(o)} and m.left_on is null order by m.id desc limit 1`,
    parent: {
      kind: 'alliance',
      of: (id) => sql`select alliance_id as id from alliance_members where id = ${id}`,
    },
  },
  allianceResource: {
    find: (o) =>
      sql`select i.id from alliance_list_items i join alliances a on a.id = i.alliance_id join orgs o on o.id = a.org_id where o.path like ${under(o)} and i.kind = 'resource' order by i.id desc limit 1`,
  },
  allianceMeeting: {
    find: (o) =>
      sql`select m.id from alliance_meetings m join alliances a on a.id = m.alliance_id join orgs o on o.id = a.org_id where o.path like ${under(o)} order by (m.held_on is null) desc, m.id desc limit 1`,
    parent: {
      kind: 'alliance',
      of: (id) => sql`select alliance_id as id from alliance_meetings where id = ${id}`,
    },
  },
  allianceResolution: {
    find: (o) =>
      sql`select r.id from alliance_resolutions r join alliances a on a.id = r.alliance_id join orgs o on o.id = a.org_id where o.path like ${under(o)} order by r.id desc limit 1`,
    parent: {
      kind: 'alliance',
      of: (id) => sql`select alliance_id as id from alliance_resolutions where id = ${id}`,
    },
  },
  partyWorker: {
    find: (o) =>
      sql`select w.id from party_workers w join orgs o on o.id = w.org_id where o.path like ${under(o)} order by w.id desc limit 1`,
  },
  category: {
    find: (o) =>
      sql`select id from case_categories where owner_path like ${under(o)} order by id desc limit 1`,
  },
  serviceDay: {
    find: (o) =>
      sql`select id from case_service_days where org_path like ${under(o)} order by id desc limit 1`,
  },
  case: {
    find: (o) => sql`select id from cases where org_path like ${under(o)} order by id desc limit 1`,
  },
  caseAttachment: {
    find: (o) =>
      sql`select a.id from case_attachments a join cases c on c.id = a.case_id where c.org_path like ${under(o)} order by a.id desc limit 1`,
    parent: { kind: 'case', of: (id) => sql`select case_id as id from case_attachments where id = ${id}` },
  },
  meeting: {
    find: (o) =>
      sql`select m.id from meetings m join orgs o on o.id = m.org_id where o.path like ${under(o)} order by m.id desc limit 1`,
  },
  meetingFile: {
    find: (o) =>
      sql`select f.id from meeting_files f join meetings m on m.id = f.meeting_id join orgs o on o.id = m.org_id where o.path like ${under(o)} order by f.id desc limit 1`,
    parent: { kind: 'meeting', of: (id) => sql`select meeting_id as id from meeting_files where id = ${id}` },
  },
  development: {
    find: (o) =>
      sql`select r.id from development_records r join orgs o on o.id = r.org_id where o.path like ${under(o)} order by r.id desc limit 1`,
  },
  developmentFile: {
    find: (o) =>
      sql`select id from files where kind = 'development.evidence' and org_path like ${under(o)} order by id desc limit 1`,
  },
  transfer: {
    find: (o) =>
      sql`select x.id from member_transfers x join orgs f on f.id = x.from_org_id join orgs t on t.id = x.to_org_id where f.path like ${under(o)} and t.path like ${under(o)} order by x.id desc limit 1`,
  },
  export: {
    find: (o) =>
      sql`select id from jobs where name like '%export%' and created_by = ${o.userId} order by id desc limit 1`,
  },
  job: {
    find: (o) => sql`select id from jobs where org_path like ${under(o)} order by id desc limit 1`,
  },
  compound: {
    find: (o) => sql`select id from compounds where org_path like ${under(o)} order by id desc limit 1`,
  },
  pairing: {
    find: (o) => sql`select id from pairings where village_path like ${under(o)} order by id desc limit 1`,
  },
  pairingTeam: {
    find: (o) => sql`select id from pairing_teams where area_path like ${under(o)} order by id desc limit 1`,
  },
  pairingProblem: {
    find: (o) =>
      sql`select pr.id from pairing_problems pr join pairings p on p.id = pr.pairing_id where p.village_path like ${under(o)} order by pr.id desc limit 1`,
    parent: {
      kind: 'pairing',
      of: (id) => sql`select pairing_id as id from pairing_problems where id = ${id}`,
    },
  },
  propertyList: {
    find: (o) =>
      sql`select id from published_lists where kind = 'property' and org_path like ${under(o)} order by id desc limit 1`,
  },
  finding: {
    find: (o) => sql`select id from findings where org_path like ${under(o)} order by id desc limit 1`,
  },
  reminder: {
    find: (o) => sql`select id from reminders where user_id = ${o.userId} order by id desc limit 1`,
  },
  orgImport: {
    find: (o) =>
      sql`select id from import_batches where kind = 'orgs' and created_by = ${o.userId} order by id desc limit 1`,
  },
  memberImport: {
    find: (o) =>
      sql`select id from import_batches where kind = 'members' and created_by = ${o.userId} order by id desc limit 1`,
  },
  factsImport: {
    find: (o) =>
      sql`select id from import_batches where kind = 'facts' and created_by = ${o.userId} order by id desc limit 1`,
  },
  allianceListImport: {
    find: (o) =>
      sql`select id from import_batches where kind = 'alliance_list' and created_by = ${o.userId} order by id desc limit 1`,
    parent: {
      kind: 'alliance',
      of: (id) => sql`select target_id as id from import_batches where id = ${id}`,
    },
  },
};

/** Values that are nobody's object: national data every account may name. */
const GLOBAL_PARAMS: Record<string, { value: string; why: string }> = {
  'calendar/{year}': { value: '2026', why: '全国工作日历，不属于任何组织' },
  'days/{date}': { value: '2026-10-08', why: '全国工作日历的一天' },
  'rules/{code}': { value: 'O1', why: '全国检查规则的代码' },
  'documents/{id}': {
    value: '1',
    why: '问答助手收录的文件全国通用，所有登录用户可读（它们是每个回答的出处）',
  },
  'alliances/figures/{key}': { value: 'members', why: '联盟统计项的代码（口径全国统一）' },
  'overrides/{regionPrefix}': {
    value: '3502',
    why: '地区代码前缀：地方参数按地区授权，由合规规则的测试覆盖',
  },
};

/**
 * Path parameters by the literal segments before them (the longest match wins). A route with a
 * parameter missing here fails the matrix until its kind is named.
 */
const PATH_KINDS: Record<string, string> = {
  'orgs/{id}': 'org',
  'orgs/import/{batchId}': 'orgImport',
  'members/import/{batchId}': 'memberImport',
  'enterprises/facts/import/{batchId}': 'factsImport',
  'org-terms/{id}': 'term',
  'org-terms/members/{memberRowId}': 'termMember',
  'instructor-assignments/{id}': 'instructorAssignment',
  'party-workers/{id}': 'partyWorker',
  'guidance-visits/{id}': 'guidanceVisit',
  'guidance-visits/problems/{problemId}': 'guidanceProblem',
  'stations/{id}': 'station',
  'rewards/{rewardId}': 'stationReward',
  'units/{id}': 'unit',
  'users/{id}': 'user',
  'users/roles/{bindingId}': 'binding',
  'tokens/{id}': 'token',
  'jobs/{id}': 'job',
  'case-categories/{id}': 'category',
  'case-categories/routes/{areaOrgId}': 'org',
  'cases/{id}': 'case',
  'cases/attachments/{attachmentId}': 'caseAttachment',
  'service-days/{id}': 'serviceDay',
  'members/{id}': 'member',
  'exports/{id}': 'export',
  'dues/bases/{id}': 'member',
  'meetings/{id}': 'meeting',
  'meetings/files/{fileId}': 'meetingFile',
  'findings/{id}': 'finding',
  'property/compounds/{id}': 'compound',
  'property/lists/{id}': 'propertyList',
  'pairings/{id}': 'pairing',
  'pairings/problems/{problemId}': 'pairingProblem',
  'reminders/{id}': 'reminder',
  'development/{id}': 'development',
  'development/files/{id}': 'developmentFile',
  'transfers/{id}': 'transfer',
  'projects/{id}': 'project',
  'activities/{id}': 'activity',
  'selections/{id}': 'selection',
  'activities/participants/{participantId}': 'participation',
  'volunteer-teams/{id}': 'team',
  'projects/milestones/{milestoneId}': 'milestone',
  'project-evaluations/{id}': 'projectEvaluation',
  'bulletins/{id}': 'bulletin',
  'project-evaluations/scores/{projectId}': 'project',
  'policies/{id}': 'policy',
  'enterprises/{unitId}': 'unit',
  'enterprises/policy-pushes/{pushId}': 'policyPush',
  'alliances/{id}': 'alliance',
  'learning/materials/{id}': 'learningMaterial',
  'learning/assignments/{id}': 'learningAssignment',
  'alliances/list-items/{itemId}': 'allianceItem',
  'alliances/list-items/import/{batchId}': 'allianceListImport',
  'alliances/members/{memberRowId}': 'allianceMember',
  'alliances/meetings/{meetingId}': 'allianceMeeting',
  'alliances/resolutions/{resolutionId}': 'allianceResolution',
  'challenges/{id}': 'challenge',
  'challenges/bids/{bidId}': 'challengeBid',
  'volunteer-teams/members/{userId}': 'user',
  'selections/nominees/{nomineeId}': 'nominee',
};

/** Ids carried in a query string or a body, by field name. */
const FIELD_KINDS: Record<string, string> = {
  orgId: 'org',
  parentId: 'org',
  ownerOrgId: 'org',
  areaOrgId: 'org',
  handlerOrgId: 'org',
  leadOrgId: 'org',
  coOrgIds: 'org',
  toOrgId: 'org',
  entityId: 'org',
  unitId: 'unit',
  unitIds: 'unit',
  memberId: 'member',
  memberIds: 'member',
  introducerIds: 'member',
  userId: 'user',
  actorId: 'user',
  categoryId: 'category',
  category: 'category',
  duplicateOf: 'case',
  evidenceFileId: 'developmentFile',
  stationId: 'station',
  rewardId: 'stationReward',
  parentProjectId: 'project',
  decideOrgId: 'org',
  policyId: 'policy',
  teamId: 'team',
  communityOrgId: 'org',
  gridOrgId: 'org',
  buildingId: 'building',
  headUserId: 'user',
  attendeeOrgIds: 'org',
  resourceId: 'allianceResource',
  demandId: 'allianceItem',
  nomineeId: 'nominee',
  honouredIds: 'nominee',
  materialId: 'learningMaterial',
  topicId: 'learningTopic',
  compoundId: 'compound',
  companyUnitId: 'unit',
  helperOrgId: 'org',
  villageOrgId: 'org',
  pairingTeamId: 'pairingTeam',
  projectId: 'project',
  allianceId: 'alliance',
  bidId: 'challengeBid',
};

/** Id fields that may name an object outside the caller's scope by design, with the reason. */
const CROSS_SCOPE_FIELDS: Record<string, string> = {
  'POST /api/v1/enterprises/{unitId}/policy-applications policyId':
    '政策文件公开：企业可以申报任何政策事项（是否符合条件、是否开通申报另行判断）',
  'POST /api/v1/points/redemptions stationId': '驿站对所有登录用户开放：骑手在任何驿站兑换',
  'POST /api/v1/points/redemptions rewardId': '驿站的兑换物品对所有登录用户开放',
  'POST /api/v1/alliances/{id}/members orgId':
    '联盟成员可来自组织树的任何位置（银行、职能部门、外地企业），办公室只得到其名称（决策 0019）',
  'POST /api/v1/transfers toOrgId': '组织关系可转往系统内任何党组织（接收方由 /transfers/targets 列出）',
};

/** Operations the matrix does not call, with the reason. */
const SKIPPED: Record<string, string> = {
  'POST /api/v1/auth/logout': '会结束测试会话；没有对象参数',
};

/** Bodies the JSON schema does not describe (uploads). */
const UPLOADS: Record<string, () => { payload: Buffer; headers: Record<string, string> }> = {
  'POST /api/v1/orglife/meetings/{id}/files': () => fileUpload('a.png', 'image/png', PNG),
  'POST /api/v1/cases/{id}/evidence': () => fileUpload('a.png', 'image/png', PNG),
  'POST /api/v1/enterprises/facts/import/preview': () =>
    fileUpload('a.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', PNG),
  'POST /api/v1/alliances/{id}/list-items/import': () =>
    fileUpload('a.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', PNG),
};
/** Bodies beyond what the schema requires (a refinement the JSON schema does not show). */
const BODIES: Record<string, Record<string, unknown>> = {
  'POST /api/v1/org-terms/{id}/members': { name: '样例委员', post: 'deputy_secretary' },
  'PUT /api/v1/project-evaluations/{id}/scores/{projectId}': { score: 80 },
  // a month that has ended (the schema's pattern also allows months to come)
  'POST /api/v1/bulletins': { month: LAST_MONTH },
  'POST /api/v1/learning/assignments': { workdays: 5 },
  // a year of the pairing's period (the schema allows 2000–2100)
  'PUT /api/v1/pairings/{id}/figures': { year: Number(today.slice(0, 4)), targetFen: 100 },
  'POST /api/v1/pairings/{id}/projects': { year: Number(today.slice(0, 4)) },
  'POST /api/v1/challenges': { closesOn: addDays(today, 30) },
  'POST /api/v1/challenges/{id}/bids': {
    plan: '揭榜方案',
    leadName: '负责人',
    milestones: [{ title: '节点', plannedOn: addDays(today, 60), weight: 100 }],
  },
  'PUT /api/v1/challenges/{id}/bids/{bidId}': {
    plan: '修改后的揭榜方案',
    leadName: '负责人',
    milestones: [{ title: '节点', plannedOn: addDays(today, 60), weight: 100 }],
  },
};
/** Body fields that let a request reach the check of an id field. */
const BODY_HINTS: Record<string, Record<string, unknown> | ((ids: Ids) => Record<string, unknown>)> = {
  'POST /api/v1/learning/assignments memberIds': (ids) => ({ materialId: ids.learningMaterial }),
  'POST /api/v1/cases/{id}/transitions leadOrgId': { action: 'dispatch' },
  'POST /api/v1/cases/{id}/transitions coOrgIds': (ids) => ({ action: 'dispatch', leadOrgId: ids.org }),
  'POST /api/v1/cases/{id}/transitions duplicateOf': { action: 'merge' },
  'POST /api/v1/development/{id}/steps introducerIds': { code: 'introducers' },
  'POST /api/v1/development/{id}/steps evidenceFileId': { code: 'talk' },
  'POST /api/v1/transfers memberId': {
    direction: 'out',
    outsideOrgName: '外省某党委',
    outsideLetterNo: 'YL001',
  },
};

/** The id nothing has: what "does not exist" answers. */
const MISSING = 999_999_999;

// ------------------------------------------------------------------------------------------------
// Reading the OpenAPI document

interface JsonSchema {
  type?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  minimum?: number;
  exclusiveMinimum?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
}

interface Operation {
  method: string;
  path: string;
  key: string;
  pathParams: string[];
  query: Record<string, JsonSchema>;
  requiredQuery: string[];
  body: JsonSchema | undefined;
}

type Ids = Record<string, number | null>;

const plain = (s: JsonSchema): JsonSchema => s.anyOf?.[0] ?? s;

/** A value the schema accepts, for what a request must carry; id fields take `ids` of their kind. */
function sample(schema: JsonSchema, ids: Ids, name = ''): unknown {
  const s = plain(schema);
  const kind = idKindOf(name, s);
  if (kind) {
    const id = ids[kind] ?? MISSING;
    return s.type === 'array' ? [id] : s.type === 'string' ? String(id) : id;
  }
  if (name === 'password') return 'Matrix-Password-1';
  if (name === 'idNumber') return newIdNumber();
  if (s.enum) return s.enum[0];
  if (s.default !== undefined && !(Array.isArray(s.default) && (s.minItems ?? 0) > 0)) return s.default;
  switch (s.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = sample(s.properties![key]!, ids, key);
      return out;
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items!, ids, name));
    case 'integer':
    case 'number':
      return s.minimum === undefined ? 1 : s.minimum + (s.exclusiveMinimum ? 1 : 0);
    case 'boolean':
      return false;
    default:
      return sampleString(s);
  }
}

function sampleString(s: JsonSchema): string {
  const p = s.pattern ?? '';
  if (s.format === 'date-time') return `${today}T09:00:00+08:00`;
  if (p.includes('\\d{4}-\\d{2}-\\d{2}')) return today;
  if (p.includes('\\d{4}-(0[1-9]')) return today.slice(0, 7);
  if (p.includes('Q[1-4]')) return quarterOf(today);
  if (p === '^\\d{6}$') return '350206';
  if (p.startsWith('^1\\d{10}$')) return '17000000001';
  if (p.startsWith('^[A-Za-z0-9+/]')) return 'AAAA';
  if (p.startsWith('^[a-zA-Z][a-zA-Z0-9_.-]')) return 'matrixuser';
  if (p.startsWith('^[\\w.+-]+')) return 'text/plain';
  if (p.startsWith('^[A-Z]')) return 'MATRIX';
  if (p) throw new Error(`no sample for the pattern ${p}: teach sampleString in scope-matrix.int.test.ts`);
  const min = Math.max(s.minLength ?? 1, 4);
  return '样例内容'.repeat(Math.ceil(min / 4)).slice(0, Math.min(min, s.maxLength ?? min));
}

/** The kind of an id field (`orgId`, `memberIds`, an integer `category`), or undefined. */
function idKindOf(name: string, s: JsonSchema): string | undefined {
  if (!name) return undefined;
  const leaf = s.type === 'array' ? plain(s.items ?? {}) : s;
  if (leaf.type !== 'integer' && !(leaf.type === 'string' && name === 'entityId')) return undefined;
  return FIELD_KINDS[name];
}

/** Id-looking field names no kind is known for (the matrix asks for them to be mapped). */
function unknownIdField(name: string, s: JsonSchema): boolean {
  const leaf = s.type === 'array' ? plain(s.items ?? {}) : s;
  return /(Id|Ids)$/.test(name) && leaf.type === 'integer' && !FIELD_KINDS[name];
}

function operationsOf(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? []) as Array<{
        in: string;
        name: string;
        required?: boolean;
        schema: JsonSchema;
      }>;
      const content = (op.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)
        ?.content;
      ops.push({
        method: method.toUpperCase(),
        path,
        key: `${method.toUpperCase()} ${path}`,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: Object.fromEntries(params.filter((p) => p.in === 'query').map((p) => [p.name, p.schema])),
        requiredQuery: params.filter((p) => p.in === 'query' && p.required).map((p) => p.name),
        body: content?.['application/json']?.schema,
      });
    }
  }
  return ops;
}

/** The kind (or national value) of a path parameter, from the literal segments before it. */
function paramKind(path: string, param: string): { kind: string } | { global: string } | undefined {
  const before = path
    .slice(0, path.indexOf(`{${param}}`))
    .split('/')
    .filter((s) => s && !s.startsWith('{') && s !== 'api' && s !== 'v1');
  for (let n = before.length; n >= 1; n--) {
    const key = `${before.slice(-n).join('/')}/{${param}}`;
    if (PATH_KINDS[key]) return { kind: PATH_KINDS[key] };
    if (GLOBAL_PARAMS[key]) return { global: GLOBAL_PARAMS[key].value };
  }
  return undefined;
}

interface IdField {
  /** `orgId`, `applicant.orgId`, `members.0.memberId`, `unitIds` */
  path: string;
  kind: string;
  list: boolean;
}

/** Every id field of a body schema. */
function bodyIdFields(schema: JsonSchema | undefined, prefix = '', unknown: string[] = []): IdField[] {
  const s = schema && plain(schema);
  if (!s?.properties) return [];
  const out: IdField[] = [];
  for (const [name, raw] of Object.entries(s.properties)) {
    const prop = plain(raw);
    if (prop.type === 'object') out.push(...bodyIdFields(prop, `${prefix}${name}.`, unknown));
    else if (prop.type === 'array' && plain(prop.items ?? {}).type === 'object')
      out.push(...bodyIdFields(prop.items, `${prefix}${name}.0.`, unknown));
    else {
      const kind = idKindOf(name, prop);
      if (kind) out.push({ path: `${prefix}${name}`, kind, list: prop.type === 'array' });
      else if (unknownIdField(name, prop)) unknown.push(`${prefix}${name}`);
    }
  }
  return out;
}

/** Sets `path` in a sampled body, sampling the objects on the way. */
function setPath(body: Record<string, unknown>, schema: JsonSchema, path: string, value: unknown, ids: Ids) {
  const parts = path.split('.');
  let node: Record<string, unknown> = body;
  let s = plain(schema);
  for (let i = 0; i < parts.length - 1; i++) {
    const name = parts[i]!;
    const next = plain(s.properties![name]!);
    if (next.type === 'array') {
      const item = plain(next.items!);
      const list = (node[name] as unknown[] | undefined) ?? [];
      if (list.length === 0) list.push(sample(item, ids));
      node[name] = list;
      node = list[0] as Record<string, unknown>;
      s = item;
      i++; // the `0`
    } else {
      node[name] ??= sample(next, ids);
      node = node[name] as Record<string, unknown>;
      s = next;
    }
  }
  node[parts.at(-1)!] = value;
}

// ------------------------------------------------------------------------------------------------
// Accounts and worlds

const ROLES = [
  'admin',
  'district',
  'secretary',
  'member',
  'enterprise',
  'resident',
  'handler',
  'grid',
  'chain',
  'instructor',
  'outsider',
] as const;
type Role = (typeof ROLES)[number];

interface Account {
  session: Session;
  /** the role's own subtree (its first binding) and user */
  inside: Owner;
  /** a world the role does not reach */
  outside: Owner;
}
const accounts = new Map<Role, Account>();
const found = new Map<string, number | null>();
let ops: Operation[] = [];

async function pick(kind: string, owner: Owner): Promise<number | null> {
  const key = `${kind} ${owner.prefix} ${owner.userId}`;
  if (!found.has(key)) {
    const result = await KINDS[kind]!.find(owner).execute(t.database.db);
    found.set(key, result.rows[0]?.id ?? null);
  }
  return found.get(key)!;
}

async function idsOf(owner: Owner): Promise<Ids> {
  const ids: Ids = {};
  for (const kind of Object.keys(KINDS)) ids[kind] = await pick(kind, owner);
  return ids;
}

async function parentOf(kind: string, childId: number): Promise<number | null> {
  const parent = KINDS[kind]!.parent;
  if (!parent) return null;
  const result = await parent.of(childId).execute(t.database.db);
  return result.rows[0]?.id ?? null;
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  // the outside world: a root of its own with the region code of 湖里 (350206), which no demo account
  // reaches, administered by `outsider`
  const rootName = '中共外部市委员会';
  const root = await db
    .insertInto('orgs')
    .values({
      region_code: '350206',
      parent_id: null,
      path: '/',
      depth: 0,
      name: rootName,
      ...orgSearchForms(rootName),
      type: 'committee',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const outsidePath = `/${root.id}/`;
  await db.updateTable('orgs').set({ path: outsidePath }).where('id', '=', root.id).execute();
  const user = await db
    .insertInto('users')
    .values({
      username: 'outsider',
      display_name: '外部组织部管理员',
      password_hash: await hashPassword(OUTSIDER_PASSWORD),
      org_id: root.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('role_bindings')
    .values({ user_id: user.id, role: 'org_admin', org_id: root.id })
    .execute();
  const outsider = await t.login('outsider', OUTSIDER_PASSWORD);
  const admin = await t.login('admin');
  const huli = await orgId(t, '中共厦门市湖里区委员会');
  await populate(outsider, root.id, '外部', user.id);
  await populate(admin, huli, '矩阵', admin.userId);
  const huliPath = (
    await db.selectFrom('orgs').select('path').where('id', '=', huli).executeTakeFirstOrThrow()
  ).path;

  const outsideWorld: Owner = { prefix: outsidePath, userId: user.id };
  for (const role of ROLES) {
    const session = role === 'outsider' ? outsider : await t.login(role);
    const binding = await db
      .selectFrom('role_bindings')
      .innerJoin('orgs', 'orgs.id', 'role_bindings.org_id')
      .select('orgs.path')
      .where('role_bindings.user_id', '=', session.userId)
      .orderBy('role_bindings.id')
      .executeTakeFirstOrThrow();
    accounts.set(role, {
      session,
      inside: { prefix: binding.path, userId: session.userId },
      // the demo accounts look into the outside world; the outsider into what admin made in 湖里
      outside: role === 'outsider' ? { prefix: huliPath, userId: admin.userId } : outsideWorld,
    });
  }
  ops = operationsOf((await t.app.inject({ url: '/api/v1/openapi.json' })).json()).filter(
    (op) => !SKIPPED[op.key],
  );
}, 180_000);
afterAll(() => t?.close());

// ------------------------------------------------------------------------------------------------
// Calling and comparing

interface Answer {
  status: number;
  body: unknown;
}

async function call(
  role: Role,
  op: Operation,
  params: Record<string, string | number>,
  query: Record<string, unknown>,
  body: unknown,
): Promise<Answer> {
  let url = op.path;
  for (const [k, v] of Object.entries(params)) url = url.replace(`{${k}}`, String(v));
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  if (qs) url += `?${qs}`;
  const upload = UPLOADS[op.key];
  const res = await t.as(accounts.get(role)!.session, {
    method: op.method as 'GET',
    url,
    ...(upload ? upload() : body === undefined ? {} : { payload: body as never }),
  });
  const type = String(res.headers['content-type'] ?? '');
  let parsed: unknown = `<${type} ${res.rawPayload.length} bytes>`;
  if (type.includes('json')) {
    const { requestId: _r, ...rest } = res.json() as Record<string, unknown>;
    parsed = rest;
  } else if (type.includes('spreadsheetml')) {
    parsed = { xlsx: await readXlsx(res.rawPayload) };
  }
  return { status: res.statusCode, body: parsed };
}

const show = (a: Answer) => `${a.status} ${JSON.stringify(a.body).slice(0, 300)}`;

/** The same answer, but for the id it was given (a message may repeat it). */
function same(a: Answer, b: Answer, ids: [number, number]) {
  const text = (x: Answer, id: number) =>
    JSON.stringify(x.body).replace(new RegExp(`\\b${id}\\b`, 'g'), '«编号»');
  return a.status === b.status && text(a, ids[0]) === text(b, ids[1]);
}

/** Not found, or the one 403 a role gets for every id of an operation it may use nowhere. */
function looksAbsent(a: Answer) {
  const code = (a.body as { code?: string }).code;
  return (a.status === 404 && code === 'not_found') || (a.status === 403 && code === 'forbidden');
}

function queryOf(op: Operation, ids: Ids): Record<string, unknown> {
  return Object.fromEntries(op.requiredQuery.map((name) => [name, sample(op.query[name]!, ids, name)]));
}

function bodyOf(op: Operation, ids: Ids): Record<string, unknown> | undefined {
  if (!op.body || UPLOADS[op.key]) return undefined;
  const body = { ...(sample(op.body, ids) as Record<string, unknown>), ...BODIES[op.key] };
  if (Object.keys(body).length === 0) {
    // a change with nothing in it is refused before the object is looked up: change one text field
    const text = Object.entries(plain(op.body).properties ?? {}).find(
      ([, s]) => plain(s).type === 'string' && !plain(s).pattern,
    );
    if (text) body[text[0]] = sample(text[1], ids);
  }
  return body;
}

/** The object path parameters of an operation (national ones take their fixed value). */
function objectParams(op: Operation) {
  return op.pathParams.map((param) => ({ param, spec: paramKind(op.path, param)! }));
}

interface Leak {
  role: Role;
  op: string;
  what: string;
  outside: Answer;
  missing: Answer;
}

/**
 * The path check of one operation for one role: object parameters pointing outside the role's scope
 * (all of them, then each one with the others inside) answer exactly what a missing id answers, and
 * that answer is 404 (or the 403 of an operation the role may use nowhere).
 */
async function checkPath(role: Role, op: Operation, inside: Ids, outsideOwner: Owner, out: Leak[]) {
  const params = objectParams(op);
  const objects = params.filter((k) => 'kind' in k.spec) as Array<{ param: string; spec: { kind: string } }>;
  if (objects.length === 0) return 0;
  const base: Record<string, string | number> = {};
  for (const k of params)
    base[k.param] = 'global' in k.spec ? k.spec.global : (inside[k.spec.kind] ?? MISSING);
  const query = queryOf(op, inside);
  const body = bodyOf(op, inside);

  // every object outside: the last one picked, the ones before it its own parents where they are
  const all = { ...base };
  const last = objects.at(-1)!;
  const deepest = await pick(last.spec.kind, outsideOwner);
  if (deepest === null) throw new Error(`没有外部的 ${last.spec.kind}：populate() 应当建一个`);
  all[last.param] = deepest;
  let child: number = deepest;
  for (let i = objects.length - 2; i >= 0; i--) {
    const o = objects[i]!;
    const childKind = objects[i + 1]!.spec.kind;
    const parent = KINDS[childKind]!.parent?.kind === o.spec.kind ? await parentOf(childKind, child) : null;
    child = parent ?? (await pick(o.spec.kind, outsideOwner)) ?? MISSING;
    all[o.param] = child;
  }
  const combos = [
    {
      what: objects.map((o) => `${o.param}=外部`).join(' '),
      outside: all,
      missing: { ...base, ...Object.fromEntries(objects.map((o) => [o.param, MISSING])) },
      id: Number(all[last.param]),
    },
  ];
  if (objects.length > 1) {
    // one object outside, the others the caller's own: a child is found only under its own parent
    for (const o of objects) {
      if (objects.some((other) => other !== o && inside[other.spec.kind] === null)) continue;
      combos.push({
        what: `${o.param}=外部，其余为本范围`,
        outside: { ...base, [o.param]: all[o.param]! },
        missing: { ...base, [o.param]: MISSING },
        id: Number(all[o.param]),
      });
    }
  }
  let calls = 0;
  for (const c of combos) {
    const outside = await call(role, op, c.outside, query, body);
    const missing = await call(role, op, c.missing, query, body);
    calls += 2;
    if (!same(outside, missing, [c.id, MISSING]) || !looksAbsent(outside))
      out.push({ role, op: op.key, what: c.what, outside, missing });
  }
  return calls;
}

/** The field check: an id in the query or body pointing outside answers what a missing id answers. */
async function checkFields(role: Role, op: Operation, inside: Ids, outsideOwner: Owner, out: Leak[]) {
  const fields: Array<IdField & { in: 'query' | 'body' }> = [
    ...Object.entries(op.query)
      .map(([name, s]) => ({ name, kind: idKindOf(name, plain(s)) }))
      .filter((f) => f.kind)
      .map((f) => ({ path: f.name, kind: f.kind!, list: false, in: 'query' as const })),
    ...bodyIdFields(op.body).map((f) => ({ ...f, in: 'body' as const })),
  ].filter((f) => !CROSS_SCOPE_FIELDS[`${op.key} ${f.path.split('.').at(-1)}`]);
  if (fields.length === 0) return 0;
  const params: Record<string, string | number> = {};
  for (const { param, spec } of objectParams(op)) {
    if ('global' in spec) params[param] = spec.global;
    else {
      const id = inside[spec.kind];
      if (id === null || id === undefined) return 0; // nothing of its own to reach the field through
      params[param] = id;
    }
  }
  let calls = 0;
  for (const f of fields) {
    const outsideId = await pick(f.kind, outsideOwner);
    if (outsideId === null) throw new Error(`没有外部的 ${f.kind}：populate() 应当建一个`);
    const variant = async (id: number) => {
      const value = f.list ? [id] : op.query[f.path]?.type === 'string' ? String(id) : id;
      const query = queryOf(op, inside);
      let body = bodyOf(op, inside);
      if (f.in === 'query') query[f.path] = value;
      else {
        const hint = BODY_HINTS[`${op.key} ${f.path.split('.').at(-1)}`];
        body = { ...(body ?? {}), ...(typeof hint === 'function' ? hint(inside) : hint) };
        setPath(body, op.body!, f.path, value, inside);
      }
      return call(role, op, params, query, body);
    };
    // the audit log filters by entityId alone: the caller's own events, and events about an object of
    // another kind that happens to carry the same number (an org_term beside the outside org), are
    // theirs to see, not the outside object's
    const userId = accounts.get(role)!.session.userId;
    const comparable = (a: Answer): Answer =>
      OWN_EVENTS[op.key] && a.status === 200
        ? {
            status: a.status,
            body: withoutOwn(a.body, userId).filter((i) => f.path !== 'entityId' || i.entityType === f.kind),
          }
        : a;
    const outside = comparable(await variant(outsideId));
    const missing = comparable(await variant(MISSING));
    calls += 2;
    if (!same(outside, missing, [outsideId, MISSING]))
      out.push({ role, op: op.key, what: `${f.in} ${f.path}=外部`, outside, missing });
  }
  return calls;
}

/**
 * The list check: every list, search and export an account may call (operations without an object
 * in the path), searched for the other world's tag, shows nothing of it.
 */
async function checkLists(role: Role, op: Operation, inside: Ids, out: Leak[]) {
  if (op.method !== 'GET' || op.pathParams.length > 0 || PUBLIC_LISTS[op.key]) return 0;
  const tag = role === 'outsider' ? INSIDE_TAG : OUTSIDE_TAG;
  const query = queryOf(op, inside);
  for (const [name, s] of Object.entries(op.query))
    if (SEARCH_PARAMS[name] && plain(s).type === 'string') query[name] = SEARCH_PARAMS[name](tag);
  const answer = await call(role, op, {}, query, undefined);
  const shown = OWN_EVENTS[op.key]
    ? withoutOwn(answer.body, accounts.get(role)!.session.userId)
    : answer.body;
  const text = JSON.stringify(shown);
  const at = text.indexOf(tag);
  if (answer.status >= 500 || at >= 0)
    out.push({
      role,
      op: op.key,
      what: `列表中出现「${tag}」：…${text.slice(Math.max(0, at - 150), at + 50)}…`,
      outside: answer,
      missing: answer,
    });
  return 1;
}

/** What every object of each world is named with, so a list that shows one is caught. */
const OUTSIDE_TAG = '外部';
const INSIDE_TAG = '矩阵';
/** Search words that find the other world's objects: names by their tag, similar cases by a title. */
const SEARCH_PARAMS: Record<string, (tag: string) => string> = {
  q: (tag) => tag,
  text: (tag) => `${tag}小区门口路灯不亮`,
};
/** Lists that repeat the caller's own requests (and so the words it searched for): others' items only. */
const OWN_EVENTS: Record<string, string> = {
  'GET /api/v1/audit': '审计日志记录调用者自己的查询条件',
};
function withoutOwn(body: unknown, userId: number) {
  const items = (body as { items?: Array<{ actorId?: number; entityType?: string }> }).items ?? [];
  return items.filter((i) => i.actorId !== userId);
}
/** Objects every account may read by design (their path check is skipped), with the reason. */
const PUBLIC_OBJECTS: Record<string, string> = {
  'GET /api/v1/policies/{id}': '政策文件公开（政策云配）：持有 policy.read 的用户都能查看',
  'POST /api/v1/policies/{id}/check': '政策公开，试算只用请求中给的企业信息',
  'GET /api/v1/policies/{id}/matches':
    '政策公开；列出的企业只限调用者 enterprise_profile.read 范围内的（policies.int.test.ts 检查）',
  'PUT /api/v1/policies/{id}': '政策公开，其存在不保密：范围外的修改答 403 forbidden',
  'GET /api/v1/stations/{id}': '暖“新”驿站对所有登录用户公开（API.md）；管理操作仍按范围检查',
};
/** Lists of things every account may see by design, with the reason. */
const PUBLIC_LISTS: Record<string, string> = {
  'GET /api/v1/policies': '政策文件公开（政策云配）：持有 policy.read 的用户都能查看',
  'GET /api/v1/policies/figures':
    '政策名称公开；各项数字只计调用者 enterprise_profile.read 范围内的企业（pushes.int.test.ts 检查）',
  'GET /api/v1/policies/figures/export': '同 GET /api/v1/policies/figures 的 Excel 导出',
  'GET /api/v1/stations': '暖“新”驿站对所有登录用户公开（API.md）',
  'GET /api/v1/assistant/documents': '问答助手收录的文件全国通用，所有登录用户可读',
  'GET /api/v1/transfers/targets': '转接的接收方可以是系统内任何党组织（名称公开，不含个人信息）',
};

const report = (leaks: Leak[]) =>
  leaks
    .map(
      (f) =>
        `${f.role} ${f.op} [${f.what}]\n    外部对象: ${show(f.outside)}\n    不存在的: ${show(f.missing)}`,
    )
    .join('\n');

// ------------------------------------------------------------------------------------------------

describe('the scope matrix over every operation of the OpenAPI document', () => {
  it('knows the kind of every id a path, query or body carries', () => {
    const unmapped: string[] = [];
    for (const op of ops) {
      for (const p of op.pathParams)
        if (!paramKind(op.path, p))
          unmapped.push(`${op.key}: 路径参数 {${p}} — 请在 PATH_KINDS（或 GLOBAL_PARAMS）中写明它是哪类对象`);
      const unknown: string[] = [];
      bodyIdFields(op.body, '', unknown);
      for (const [name, s] of Object.entries(op.query))
        if (unknownIdField(name, plain(s))) unknown.push(name);
      for (const f of unknown)
        unmapped.push(`${op.key}: 字段 ${f} — 请在 FIELD_KINDS 中写明它是哪类对象的编号`);
    }
    expect(unmapped, unmapped.join('\n')).toEqual([]);
    expect(ops.length).toBeGreaterThan(100);
  });

  it('reaches real objects: the owner finds each one, and a missing id answers 404', async () => {
    const problems: string[] = [];
    for (const role of ['admin', 'outsider'] as const) {
      const inside = await idsOf(accounts.get(role)!.inside);
      for (const op of ops) {
        const params = objectParams(op);
        if (params.length === 0 || params.some((k) => !k.spec) || params.every((k) => 'global' in k.spec))
          continue;
        const own: Record<string, string | number> = {};
        const missing: Record<string, string | number> = {};
        for (const { param, spec } of params) {
          own[param] = 'global' in spec ? spec.global : (inside[spec.kind] ?? MISSING);
          missing[param] = 'global' in spec ? spec.global : MISSING;
          if ('kind' in spec && inside[spec.kind] === null)
            problems.push(`${role} 没有自己的 ${spec.kind}：populate() 应当建一个`);
        }
        const query = queryOf(op, inside);
        const body = bodyOf(op, inside);
        const absent = await call(role, op, missing, query, body);
        if (absent.status !== 404 || (absent.body as { code?: string }).code !== 'not_found')
          problems.push(
            `${role} ${op.key}：不存在的编号应答 404 not_found，实际 ${show(absent)}（请在 BODIES 或 UPLOADS 中给出能通过校验的请求）`,
          );
        if (op.method === 'GET') {
          const mine = await call(role, op, own, query, body);
          if (mine.status === 404 || mine.status >= 500)
            problems.push(`${role} ${op.key}：读不到自己范围内的对象：${show(mine)}`);
        }
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it.each(ROLES)('%s: an object outside the scope answers exactly like a missing one', async (role) => {
    const account = accounts.get(role)!;
    const inside = await idsOf(account.inside);
    const leaks: Leak[] = [];
    let calls = 0;
    for (const op of ops) {
      if (op.pathParams.some((p) => !paramKind(op.path, p))) continue;
      if (!PUBLIC_OBJECTS[op.key]) calls += await checkPath(role, op, inside, account.outside, leaks);
      calls += await checkFields(role, op, inside, account.outside, leaks);
      calls += await checkLists(role, op, inside, leaks);
      if (op.method === 'GET' && op.pathParams.length > 0) {
        // the role's own objects: whatever it may do with them, never a server error
        const own = Object.fromEntries(
          objectParams(op).map(({ param, spec }) => [
            param,
            'global' in spec ? spec.global : (inside[spec.kind] ?? MISSING),
          ]),
        );
        const mine = await call(role, op, own, queryOf(op, inside), undefined);
        calls++;
        expect(mine.status, `${role} ${op.key} ${show(mine)}`).toBeLessThan(500);
      }
    }
    expect(leaks, report(leaks)).toEqual([]);
    expect(calls).toBeGreaterThan(100);
  });
});

describe('ID numbers held outside the scope', () => {
  it('are refused without naming who holds them or where, the same whoever holds them', async () => {
    const db = t.database.db;
    const admin = accounts.get('admin')!;
    const inside = await idsOf(admin.inside);
    // two people of the outside world: a full member and a development applicant
    const holders = await db
      .selectFrom('members')
      .innerJoin('orgs', 'orgs.id', 'members.org_id')
      .select(['members.id_number', 'members.name', 'members.stage', 'orgs.name as org_name'])
      .where('orgs.path', 'like', `${admin.outside.prefix}%`)
      .where('members.stage', 'in', ['full', 'applicant'])
      .orderBy('members.stage')
      .execute();
    const full = holders.find((h) => h.stage === 'full')!;
    const applicant = holders.find((h) => h.stage === 'applicant')!;
    const branch = (
      await db
        .selectFrom('orgs')
        .select('id')
        .where('path', 'like', `${admin.inside.prefix}%`)
        .where('type', '=', 'branch')
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).id;
    const attempts = (idNumber: string): Array<Parameters<TestApp['as']>[1]> => [
      { method: 'POST', url: '/api/v1/members', payload: { orgId: branch, name: '登记者', idNumber } },
      { method: 'PATCH', url: `/api/v1/members/${inside.member}`, payload: { idNumber } },
      {
        method: 'POST',
        url: '/api/v1/development',
        payload: { appliedOn: '2024-01-10', applicant: { orgId: branch, name: '申请者', idNumber } },
      },
      {
        method: 'POST',
        url: '/api/v1/transfers',
        payload: {
          direction: 'in',
          toOrgId: branch,
          outsideOrgName: '外省某党委',
          outsideLetterNo: 'YL002',
          reason: '调入',
          member: { name: '转入者', idNumber, stage: 'full' },
        },
      },
    ];
    const answers = async (idNumber: string) =>
      Promise.all(
        attempts(idNumber).map(async (a) => {
          const res = await t.as(admin.session, a);
          const { requestId: _r, ...rest } = res.json();
          return { status: res.statusCode, ...rest };
        }),
      );
    const forFull = await answers(full.id_number);
    for (const answer of forFull) {
      expect(answer).toMatchObject({ status: 409, code: 'member.duplicate_id_number' });
      for (const h of [full, applicant]) {
        expect(JSON.stringify(answer)).not.toContain(h.name);
        expect(JSON.stringify(answer)).not.toContain(h.org_name);
      }
    }
    expect(await answers(applicant.id_number)).toEqual(forFull);
  });
});

describe('alliances: membership is the only way in', () => {
  it('a member organization of one alliance sees nothing of another; the district sees all in its region and none outside', async () => {
    const db = t.database.db;
    const admin = accounts.get('admin')!.session;
    const district = accounts.get('district')!.session;
    const huli = await orgId(t, '中共厦门市湖里区委员会');
    // a second alliance in 湖里, of organizations the 矩阵 alliance's members have nothing to do with
    const other = check(
      await t.as(admin, {
        method: 'POST',
        url: '/api/v1/alliances',
        payload: { orgId: huli, name: '矩阵第二联盟', kind: 'alliance' },
      }),
      201,
      'second alliance',
    ).id;
    const stranger = await db
      .selectFrom('orgs')
      .select('id')
      .where('path', 'like', `%/${huli}/%`)
      .where('name', 'not like', '矩阵%')
      .where('type', '=', 'branch')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    check(
      await t.as(admin, {
        method: 'POST',
        url: `/api/v1/alliances/${other}/members`,
        payload: { orgId: stranger.id, role: 'member', joinedOn: today },
      }),
      201,
      'second alliance member',
    );
    const names = await db.selectFrom('alliances').select(['id', 'name']).execute();
    const idOf = (name: string) => names.find((a) => a.name === name)!.id;
    const [mine, outside] = [idOf('矩阵党建联盟'), idOf('外部党建联盟')];
    // the 矩阵 world's branch secretary (a member organization's staff)
    const insider = await t.login('insideuser', 'Matrix-Password-1');
    const list = (s: Session) =>
      t.as(s, { method: 'GET', url: '/api/v1/alliances?pageSize=200' }).then((r) => r.json());
    expect((await list(insider)).items.map((a: { id: number }) => a.id)).toEqual([mine]);
    const reads = (id: number) =>
      ['', '/list-items', '/meetings', '/matches', '/list-items/export'].map(
        (suffix) => `/api/v1/alliances/${id}${suffix}`,
      );
    for (const url of reads(mine))
      expect((await t.as(insider, { method: 'GET', url })).statusCode, url).toBe(200);
    for (const id of [other, outside])
      for (const url of reads(id))
        expect((await t.as(insider, { method: 'GET', url })).statusCode, url).toBe(404);
    // the district department: every alliance whose office is in 湖里, none outside
    const seen = (await list(district)).items.map((a: { id: number }) => a.id).sort();
    expect(seen).toEqual([mine, other].sort());
    for (const url of reads(outside))
      expect((await t.as(district, { method: 'GET', url })).statusCode, url).toBe(404);
    for (const url of reads(other))
      expect((await t.as(district, { method: 'GET', url })).statusCode, url).toBe(200);
  });
});
