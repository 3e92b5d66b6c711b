import {
  assignmentDueOn,
  learningCredit,
  MATERIAL_KINDS,
  type MaterialKind,
  nextRead,
  normalizeForSearch,
  todayInShanghai,
  type WorkCalendar,
} from '@honglian/domain';
import { sql } from 'kysely';
import { can, escapeLike, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { getMemberRow } from '../members/service.ts';
import * as repo from './repository.ts';

/**
 * 学习 (issue 15 item 4, decision 0022). `learning.manage` holders (the organization department, branch
 * secretaries) publish topics and materials for their subtree and assign them to an organization's
 * members or to named members with a due date; every member reads what the platform and the
 * organizations above them published; their reading is recorded by themselves only, and finished
 * assigned study counts toward organizational life as the region's `learning_credit_rules` row says.
 */

const MATERIAL_NOT_FOUND = '未找到该学习资料，或您无权查看';
const ASSIGNMENT_NOT_FOUND = '未找到该学习任务，或您无权查看';

/** Where the caller reads from: their own branch and the organizations they manage (and everything above). */
async function readerPaths(db: Executor, ctx: RequestContext) {
  const me = await repo.memberOfUser(db, ctx.actor.userId);
  const managed = scopePaths(ctx.actor, 'learning.manage');
  const below = [...managed];
  if (me) below.push(me.org_path);
  return { me, managed, below };
}

/** An organization the caller manages learning in, or the field error a missing one gets. */
async function managedOrg(db: Executor, ctx: RequestContext, orgId: number) {
  const org = await db
    .selectFrom('orgs')
    .select(['id', 'name', 'path', 'region_code', 'status'])
    .where('id', '=', orgId)
    .executeTakeFirst();
  if (!org || !can(ctx.actor, 'learning.manage', org.path))
    throw fieldError('orgId', 'org.not_found', '未找到该党组织，或它不在您的管理范围内');
  if (org.status !== 'active') throw fieldError('orgId', 'org.dissolved', '该党组织已撤销');
  return org;
}

// ------------------------------------------------------------------------------------------ topics

export async function listTopics(db: Executor, ctx: RequestContext) {
  const { managed, below } = await readerPaths(db, ctx);
  const rows = await repo
    .topics(db)
    .where(repo.readable('t.org_path', below, managed))
    .orderBy(sql`t.org_path is null`, 'desc')
    .orderBy('t.org_path')
    .orderBy('t.id')
    .limit(500)
    .execute();
  const items = rows.map((t) => ({
    id: t.id,
    name: t.name,
    description: t.description,
    orgId: t.org_id,
    orgName: t.org_name ?? '全国',
    materialCount: t.material_count ?? 0,
    manageable: t.org_path !== null && can(ctx.actor, 'learning.manage', t.org_path),
  }));
  return { items, total: items.length };
}

export async function createTopic(
  db: Executor,
  ctx: RequestContext,
  input: { orgId: number; name: string; description?: string | undefined },
) {
  if (!can(ctx.actor, 'learning.manage')) throw new AppError('forbidden');
  const org = await managedOrg(db, ctx, input.orgId);
  const now = clock.now();
  const row = await db
    .insertInto('learning_topics')
    .values({
      org_id: org.id,
      org_path: org.path,
      region_code: org.region_code,
      name: input.name,
      description: input.description ?? '',
      created_by: ctx.actor.userId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'learning.topic_create',
    entityType: 'learning_topic',
    entityId: row.id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: input,
  });
  return row.id;
}

/** A topic the caller may read, or the field error for `topicId`. */
async function readableTopic(db: Executor, ctx: RequestContext, topicId: number) {
  const { managed, below } = await readerPaths(db, ctx);
  const t = await repo
    .topics(db)
    .where('t.id', '=', topicId)
    .where(repo.readable('t.org_path', below, managed))
    .executeTakeFirst();
  if (!t) throw fieldError('topicId', 'learning.topic_not_found', '未找到该学习专题，或您无权查看');
  return t;
}

// --------------------------------------------------------------------------------------- materials

function materialItem(m: repo.MaterialRow, ctx: RequestContext, read?: ReadInfo | undefined) {
  return {
    id: m.id,
    kind: m.kind,
    kindLabel: MATERIAL_KINDS[m.kind],
    title: m.title,
    source: m.source,
    url: m.url,
    topicId: m.topic_id,
    topicName: m.topic_name,
    orgId: m.org_id,
    orgName: m.org_name ?? '全国',
    publishedOn: m.published_on,
    estimatedMinutes: m.estimated_minutes,
    status: m.status,
    manageable: m.org_path !== null && can(ctx.actor, 'learning.manage', m.org_path),
    my: read ?? null,
  };
}

interface ReadInfo {
  openedAt: Date;
  progress: number;
  minutes: number;
  finishedAt: Date | null;
}

async function readsFor(db: Executor, memberId: number | undefined, materialIds: number[]) {
  if (memberId === undefined || materialIds.length === 0) return new Map<number, ReadInfo>();
  const rows = await db
    .selectFrom('learning_reads')
    .select(['material_id', 'opened_at', 'progress', 'minutes', 'finished_at'])
    .where('member_id', '=', memberId)
    .where('material_id', 'in', materialIds)
    .execute();
  return new Map(
    rows.map((r) => [
      r.material_id,
      { openedAt: r.opened_at, progress: r.progress, minutes: r.minutes, finishedAt: r.finished_at },
    ]),
  );
}

export async function listMaterials(
  db: Executor,
  ctx: RequestContext,
  query: {
    q?: string | undefined;
    topicId?: number | undefined;
    kind?: MaterialKind | undefined;
    view: 'read' | 'manage';
    page: number;
    pageSize: number;
  },
) {
  const { me, managed, below } = await readerPaths(db, ctx);
  if (query.view === 'manage' && managed.length === 0) throw new AppError('forbidden');
  let q = repo
    .materials(db)
    .where(
      query.view === 'manage'
        ? repo.within('lm.org_path', managed)
        : repo.readable('lm.org_path', below, managed),
    );
  if (query.view === 'read') q = q.where('lm.status', '=', 'published');
  if (query.topicId !== undefined) q = q.where('lm.topic_id', '=', query.topicId);
  if (query.kind) q = q.where('lm.kind', '=', query.kind);
  const text = query.q ? normalizeForSearch(query.q) : '';
  if (text) q = q.where('lm.search_text', 'like', `%${escapeLike(text)}%`);
  const rows = await q
    .select(sql<number>`count(*) over ()::int`.as('total'))
    .orderBy('lm.published_on', 'desc')
    .orderBy('lm.id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const reads = await readsFor(
    db,
    me?.id,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => materialItem(r, ctx, reads.get(r.id))),
    total: rows[0]?.total ?? 0,
  };
}

/** A material the caller may read (published; or any state for those who manage it), or 404. */
async function readableMaterial(db: Executor, ctx: RequestContext, id: number) {
  const paths = await readerPaths(db, ctx);
  const m = await repo
    .materials(db)
    .where('lm.id', '=', id)
    .where(repo.readable('lm.org_path', paths.below, paths.managed))
    .executeTakeFirst();
  if (!m || (m.status !== 'published' && !(m.org_path && can(ctx.actor, 'learning.manage', m.org_path))))
    throw notFound(MATERIAL_NOT_FOUND);
  return { m, me: paths.me };
}

export async function getMaterial(db: Executor, ctx: RequestContext, id: number) {
  const { m, me } = await readableMaterial(db, ctx, id);
  const reads = await readsFor(db, me?.id, [m.id]);
  return { ...materialItem(m, ctx, reads.get(m.id)), body: m.body };
}

export interface MaterialInput {
  orgId: number;
  topicId?: number | null | undefined;
  kind: MaterialKind;
  title: string;
  body?: string | undefined;
  url?: string | null | undefined;
  source?: string | undefined;
  publishedOn?: string | undefined;
  estimatedMinutes: number;
}

export async function createMaterial(db: Executor, ctx: RequestContext, input: MaterialInput) {
  if (!can(ctx.actor, 'learning.manage')) throw new AppError('forbidden');
  const org = await managedOrg(db, ctx, input.orgId);
  if (input.topicId != null) {
    const t = await readableTopic(db, ctx, input.topicId);
    // a topic above the publisher is shared; a topic of another branch is not the publisher's to fill
    if (t.org_path !== null && !org.path.startsWith(t.org_path))
      throw fieldError('topicId', 'learning.topic_not_found', '未找到该学习专题，或您无权查看');
  }
  if (input.kind === 'video' && !input.url)
    throw fieldError('url', 'learning.url_required', '视频链接类资料必须填写链接地址');
  if (input.kind !== 'video' && !input.url && !input.body)
    throw fieldError('body', 'learning.body_required', '请填写正文（本平台自行撰写的摘要），或填写原文链接');
  const today = clock.today();
  const publishedOn = input.publishedOn ?? today;
  if (publishedOn > today) throw fieldError('publishedOn', 'learning.future', '发布日期不能晚于今天');
  const now = clock.now();
  const row = await db
    .insertInto('learning_materials')
    .values({
      org_id: org.id,
      org_path: org.path,
      region_code: org.region_code,
      topic_id: input.topicId ?? null,
      kind: input.kind,
      title: input.title,
      body: input.body ?? '',
      url: input.url ?? null,
      source: input.source ?? '',
      published_on: publishedOn,
      estimated_minutes: input.estimatedMinutes,
      search_text: normalizeForSearch(`${input.title} ${input.source ?? ''} ${input.body ?? ''}`),
      created_by: ctx.actor.userId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'learning.material_publish',
    entityType: 'learning_material',
    entityId: row.id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: { ...input, body: input.body ? `${input.body.slice(0, 200)}…` : '' },
  });
  return row.id;
}

export async function withdrawMaterial(db: Executor, ctx: RequestContext, id: number) {
  if (!can(ctx.actor, 'learning.manage')) throw new AppError('forbidden');
  const m = await repo.materials(db).where('lm.id', '=', id).executeTakeFirst();
  if (!m?.org_path || !can(ctx.actor, 'learning.manage', m.org_path)) throw notFound(MATERIAL_NOT_FOUND);
  if (m.status === 'withdrawn') throw new AppError('learning.withdrawn', { detail: '该学习资料已撤回' });
  await db
    .updateTable('learning_materials')
    .set({ status: 'withdrawn', updated_at: clock.now() })
    .where('id', '=', id)
    .execute();
  await audit(db, ctx, {
    action: 'learning.material_withdraw',
    entityType: 'learning_material',
    entityId: id,
    orgPath: m.org_path,
    regionCode: m.region_code,
    before: { status: m.status },
    after: { status: 'withdrawn' },
  });
}

// ----------------------------------------------------------------------------------------- reading

/**
 * `POST /learning/materials/{id}/reading`: the caller's own reading of a material, created on opening and
 * moved forward by later reports (nextRead); the same report twice changes nothing. Only a member records,
 * only their own; staff without a member record read without a record.
 */
export async function recordReading(
  db: Executor,
  ctx: RequestContext,
  id: number,
  report: { progress?: number | undefined; minutes?: number | undefined; finished?: boolean | undefined },
) {
  const { m, me } = await readableMaterial(db, ctx, id);
  if (!me)
    throw new AppError('learning.not_member', { detail: '您的账号尚未关联党员档案，学习记录无处登记' });
  if (m.status !== 'published') throw new AppError('learning.withdrawn', { detail: '该学习资料已撤回' });
  const prev = await db
    .selectFrom('learning_reads')
    .select(['id', 'progress', 'minutes', 'finished_at'])
    .where('material_id', '=', id)
    .where('member_id', '=', me.id)
    .forUpdate()
    .executeTakeFirst();
  const now = clock.now();
  const decision = nextRead(
    prev ? { progress: prev.progress, minutes: prev.minutes, finishedAt: prev.finished_at } : null,
    report,
    m.kind,
    now,
    m.estimated_minutes,
  );
  if (!decision.ok) throw fieldError(decision.field, decision.code, decision.message);
  const s = decision.state;
  const changed =
    !prev || prev.progress !== s.progress || prev.minutes !== s.minutes || prev.finished_at !== s.finishedAt;
  if (!prev)
    await db
      .insertInto('learning_reads')
      .values({
        material_id: id,
        member_id: me.id,
        region_code: me.region_code,
        opened_at: now,
        last_read_at: now,
        progress: s.progress,
        minutes: s.minutes,
        finished_at: s.finishedAt,
      })
      .execute();
  else if (changed)
    await db
      .updateTable('learning_reads')
      .set({ last_read_at: now, progress: s.progress, minutes: s.minutes, finished_at: s.finishedAt })
      .where('id', '=', prev.id)
      .execute();
  // opening and finishing are events worth tracing; the progress ticks in between are not
  if (!prev || decision.justFinished)
    await audit(db, ctx, {
      action: decision.justFinished ? 'learning.finish' : 'learning.open',
      entityType: 'learning_material',
      entityId: id,
      orgPath: me.org_path,
      regionCode: me.region_code,
      after: { memberId: me.id, progress: s.progress, minutes: s.minutes },
    });
  return { materialId: id, progress: s.progress, minutes: s.minutes, finishedAt: s.finishedAt };
}

// ------------------------------------------------------------------------------------- assignments

export async function createAssignment(
  db: Executor,
  ctx: RequestContext,
  calendar: WorkCalendar,
  input: {
    orgId: number;
    materialId?: number | undefined;
    topicId?: number | undefined;
    memberIds?: number[] | undefined;
    title?: string | undefined;
    note?: string | undefined;
    dueOn?: string | undefined;
    workdays?: number | undefined;
  },
) {
  if (!can(ctx.actor, 'learning.manage')) throw new AppError('forbidden');
  const org = await managedOrg(db, ctx, input.orgId);
  if ((input.materialId === undefined) === (input.topicId === undefined))
    throw fieldError('materialId', 'learning.what', '请选择一份学习资料或一个学习专题（二者选一）');
  let title: string;
  if (input.materialId !== undefined) {
    const paths = await readerPaths(db, ctx);
    const m = await repo
      .materials(db)
      .where('lm.id', '=', input.materialId)
      .where(repo.readable('lm.org_path', paths.below, paths.managed))
      .executeTakeFirst();
    // the material must be one the assigned organization's members can read: published at or above it
    if (!m || (m.org_path !== null && !org.path.startsWith(m.org_path) && !m.org_path.startsWith(org.path)))
      throw fieldError('materialId', 'learning.material_not_found', '未找到该学习资料，或您无权查看');
    if (m.org_path !== null && !org.path.startsWith(m.org_path))
      throw fieldError(
        'materialId',
        'learning.material_scope',
        '该资料由下级组织发布，不能布置给上级组织的全体党员',
      );
    if (m.status !== 'published') throw new AppError('learning.withdrawn', { detail: '该学习资料已撤回' });
    title = m.title;
  } else {
    const t = await readableTopic(db, ctx, input.topicId!);
    if (t.org_path !== null && !org.path.startsWith(t.org_path))
      throw fieldError(
        'topicId',
        'learning.material_scope',
        '该专题由下级组织维护，不能布置给上级组织的全体党员',
      );
    title = `专题：${t.name}`;
  }
  const memberIds = [...new Set(input.memberIds ?? [])];
  if (memberIds.length > 0) {
    const found = await db
      .selectFrom('members as m')
      .innerJoin('orgs as o', 'o.id', 'm.org_id')
      .select('m.id')
      .where('m.id', 'in', memberIds)
      .where('o.path', 'like', `${escapeLike(org.path)}%`)
      .execute();
    if (found.length !== memberIds.length)
      throw fieldError('memberIds', 'member.not_found', '未找到所选党员，或其不在该党组织之内');
  }
  const assignedOn = clock.today();
  const due = assignmentDueOn(calendar, assignedOn, {
    dueOn: input.dueOn,
    workdays: input.workdays,
  });
  if (!due.ok) throw fieldError(due.field, 'learning.due', due.message);
  const now = clock.now();
  const row = await db
    .insertInto('learning_assignments')
    .values({
      org_id: org.id,
      org_path: org.path,
      region_code: org.region_code,
      material_id: input.materialId ?? null,
      topic_id: input.topicId ?? null,
      title: input.title ?? title,
      note: input.note ?? '',
      target: memberIds.length > 0 ? 'members' : 'org',
      assigned_on: assignedOn,
      due_on: due.dueOn,
      due_provisional: due.provisional,
      created_by: ctx.actor.userId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (memberIds.length > 0)
    await db
      .insertInto('learning_assignment_members')
      .values(memberIds.map((member_id) => ({ assignment_id: row.id, member_id })))
      .execute();
  await audit(db, ctx, {
    action: 'learning.assign',
    entityType: 'learning_assignment',
    entityId: row.id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: { ...input, dueOn: due.dueOn, provisional: due.provisional },
  });
  return row.id;
}

async function managedAssignment(db: Executor, ctx: RequestContext, id: number) {
  if (!can(ctx.actor, 'learning.manage')) throw new AppError('forbidden');
  const a = await repo
    .assignments(db)
    .where('a.id', '=', id)
    .where(repo.within('a.org_path', scopePaths(ctx.actor, 'learning.manage')))
    .executeTakeFirst();
  if (!a) throw notFound(ASSIGNMENT_NOT_FOUND);
  return a;
}

function assignmentItem(a: repo.AssignmentRow, f: { reached: number; finished: number } | undefined) {
  const reached = f?.reached ?? 0;
  const finished = f?.finished ?? 0;
  return {
    id: a.id,
    title: a.title,
    note: a.note,
    orgId: a.org_id,
    orgName: a.org_name,
    materialId: a.material_id,
    topicId: a.topic_id,
    target: a.target,
    assignedOn: a.assigned_on,
    dueOn: a.due_on,
    dueProvisional: a.due_provisional,
    overdue: a.status === 'active' && a.due_on < clock.today(),
    status: a.status,
    reached,
    finished,
    rate: reached === 0 ? 0 : Math.round((finished * 1000) / reached) / 10,
  };
}

export async function listAssignments(
  db: Executor,
  ctx: RequestContext,
  query: { orgId?: number | undefined },
) {
  if (!can(ctx.actor, 'learning.manage')) throw new AppError('forbidden');
  let scope = scopePaths(ctx.actor, 'learning.manage');
  if (query.orgId !== undefined) {
    const org = await db.selectFrom('orgs').select('path').where('id', '=', query.orgId).executeTakeFirst();
    if (!org || !can(ctx.actor, 'learning.manage', org.path))
      throw fieldError('orgId', 'org.not_found', '未找到该党组织，或它不在您的管理范围内');
    scope = [org.path];
  }
  const rows = await repo
    .assignments(db)
    .where(repo.within('a.org_path', scope))
    .orderBy('a.assigned_on', 'desc')
    .orderBy('a.id', 'desc')
    .limit(500)
    .execute();
  const f = await repo.figures(
    db,
    rows.map((r) => r.id),
  );
  const items = rows.map((r) => assignmentItem(r, f.get(r.id)));
  return { items, total: items.length };
}

/** An assignment with who finished and who did not, and the figures of each branch it reaches. */
export async function getAssignment(db: Executor, ctx: RequestContext, id: number) {
  const a = await managedAssignment(db, ctx, id);
  const rows = await repo.roster(db, id);
  const today = clock.today();
  const members = rows.map((r) => {
    const finishedOn = r.finished_at ? todayInShanghai(r.finished_at) : null;
    return {
      memberId: r.member_id,
      name: r.name,
      orgId: r.org_id,
      orgName: r.org_name,
      materials: r.materials,
      finishedMaterials: r.finished,
      progress: r.progress,
      minutes: r.minutes,
      finishedAt: r.finished_at,
      state: finishedOn
        ? finishedOn <= a.due_on
          ? ('on_time' as const)
          : ('late' as const)
        : a.due_on < today
          ? ('overdue' as const)
          : ('pending' as const),
    };
  });
  const branches = new Map<number, { orgId: number; orgName: string; reached: number; finished: number }>();
  for (const m of members) {
    const b = branches.get(m.orgId) ?? { orgId: m.orgId, orgName: m.orgName, reached: 0, finished: 0 };
    b.reached++;
    if (m.finishedAt) b.finished++;
    branches.set(m.orgId, b);
  }
  const finished = members.filter((m) => m.finishedAt).length;
  return {
    ...assignmentItem(a, { reached: members.length, finished }),
    members,
    branches: [...branches.values()].map((b) => ({
      ...b,
      rate: b.reached === 0 ? 0 : Math.round((b.finished * 1000) / b.reached) / 10,
    })),
  };
}

export async function withdrawAssignment(db: Executor, ctx: RequestContext, id: number) {
  const a = await managedAssignment(db, ctx, id);
  if (a.status === 'withdrawn') throw new AppError('learning.withdrawn', { detail: '该学习任务已撤回' });
  await db
    .updateTable('learning_assignments')
    .set({ status: 'withdrawn', updated_at: clock.now() })
    .where('id', '=', id)
    .execute();
  await audit(db, ctx, {
    action: 'learning.assignment_withdraw',
    entityType: 'learning_assignment',
    entityId: id,
    orgPath: a.org_path,
    regionCode: a.region_code,
    before: { status: a.status },
    after: { status: 'withdrawn' },
  });
}

// ------------------------------------------------------------------------------------ study record

async function studyRecord(
  db: Executor,
  member: { id: number; name: string; org_path: string; org_name: string; region_code: string },
  year: number,
) {
  const who = { id: member.id, orgPath: member.org_path };
  const [assigned, reads, rule] = await Promise.all([
    repo.assignedTo(db, who),
    repo.readsOf(db, who),
    repo.creditRule(db, member.region_code),
  ]);
  const credit = learningCredit(
    reads.map((r) => ({
      materialId: r.material_id,
      title: r.title,
      estimatedMinutes: r.estimated_minutes,
      finishedOn: r.finished_on,
      dueOn: r.due_on,
    })),
    {
      regionPrefix: rule.region_prefix,
      counts: rule.counts,
      minutesPerHour: rule.minutes_per_hour,
      yearlyCapHours: rule.yearly_cap_hours,
      yearlyTargetHours: rule.yearly_target_hours,
      onTimeOnly: rule.on_time_only,
      note: rule.note,
    },
    year,
  );
  const today = clock.today();
  const creditOf = new Map(credit.items.map((c) => [c.materialId, c]));
  return {
    memberId: member.id,
    name: member.name,
    orgName: member.org_name,
    assigned: assigned.map((a) => ({
      assignmentId: a.assignment_id,
      title: a.title,
      note: a.note,
      orgName: a.org_name,
      assignedOn: a.assigned_on,
      dueOn: a.due_on,
      dueProvisional: a.due_provisional,
      materialId: a.material_id,
      materialTitle: a.material_title,
      kind: a.kind,
      kindLabel: MATERIAL_KINDS[a.kind],
      estimatedMinutes: a.estimated_minutes,
      progress: a.progress ?? 0,
      finishedAt: a.finished_at,
      overdue: !a.finished_at && a.due_on < today,
    })),
    reads: reads.map((r) => ({
      materialId: r.material_id,
      title: r.title,
      kind: r.kind,
      kindLabel: MATERIAL_KINDS[r.kind],
      topicName: r.topic_name,
      openedAt: r.opened_at,
      lastReadAt: r.last_read_at,
      progress: r.progress,
      minutes: r.minutes,
      finishedAt: r.finished_at,
      dueOn: r.due_on,
      counted: creditOf.get(r.material_id)?.counted ?? false,
      countReason: creditOf.get(r.material_id)?.reason ?? '',
    })),
    summary: {
      finished: reads.filter((r) => r.finished_at).length,
      minutes: reads.reduce((s, r) => s + r.minutes, 0),
      assignedOpen: new Set(assigned.filter((a) => !a.finished_at).map((a) => a.material_id)).size,
    },
    orgLife: {
      year: credit.year,
      counts: credit.counts,
      countedMinutes: credit.countedMinutes,
      creditedHours: credit.creditedHours,
      capHours: credit.capHours,
      targetHours: credit.targetHours,
      minutesPerHour: credit.minutesPerHour,
      basis: credit.basis,
    },
  };
}

/** `GET /me/learning`: the caller's own assignments and record; an account without a member record has none. */
export async function myLearning(db: Executor, ctx: RequestContext, year?: number) {
  const me = await repo.memberOfUser(db, ctx.actor.userId);
  if (!me) throw notFound('您的账号尚未关联党员档案，没有学习档案');
  return studyRecord(db, me, year ?? Number(clock.today().slice(0, 4)));
}

/** `GET /members/{id}/learning`: a member's record for those who may read that member (member.read). */
export async function memberLearning(db: Executor, ctx: RequestContext, memberId: number, year?: number) {
  const row = await getMemberRow(db, ctx, memberId);
  return studyRecord(
    db,
    {
      id: row.id,
      name: row.name,
      org_path: row.org_path,
      org_name: row.org_name,
      region_code: row.region_code,
    },
    year ?? Number(clock.today().slice(0, 4)),
  );
}
