import { nextServiceDate, type WorkCalendar } from '@honglian/domain';
import { can, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { appliesTo } from './categories.ts';
import * as repo from './repository.ts';
import { fileCase } from './service.ts';

/**
 * 企业服务日 (seed 004 蓬莱: 每月8日 企业家接待日). A city or district sets a fixed day; enterprises in
 * its subtree sign up on the phone, and each sign-up is filed as a case (channel `service_day`) under
 * the day's category, so its routing, deadlines and the work queue apply as to any other case.
 */

/** `/1/5/57/` → `/1/`, `/1/5/`, `/1/5/57/`: the orgs whose service days apply to the caller. */
function ancestorsOf(ctx: RequestContext): string[] {
  const out = new Set<string>();
  const own = [ctx.actor.orgPath, ...ctx.actor.bindings.map((b) => b.orgPath)];
  for (const path of own) {
    if (!path) continue;
    const ids = path.split('/').filter(Boolean);
    for (let i = 1; i <= ids.length; i++) out.add(`/${ids.slice(0, i).join('/')}/`);
  }
  return [...out];
}

const appliesToCaller = (ctx: RequestContext, orgPath: string) =>
  ctx.actor.orgPath?.startsWith(orgPath) === true;

export async function listServiceDays(
  db: Executor,
  calendar: WorkCalendar,
  ctx: RequestContext,
  opts: { id?: number; includeInactive?: boolean } = {},
) {
  const rows = await repo.listServiceDays(db, {
    ancestors: ancestorsOf(ctx),
    readPaths: scopePaths(ctx.actor, 'case.read'),
    includeInactive: Boolean(opts.includeInactive) && can(ctx.actor, 'case.configure'),
    ...(opts.id === undefined ? {} : { id: opts.id }),
  });
  const today = clock.today();
  const sessions = rows.map((r) => ({ id: r.id, date: nextServiceDate(today, r.day_of_month, calendar) }));
  const staff = rows.filter((r) => can(ctx.actor, 'case.read', r.org_path));
  const counts = await repo.signupCounts(
    db,
    sessions.filter((s) => staff.some((r) => r.id === s.id)),
  );
  const items = rows.map((r, i) => ({
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    name: r.name,
    dayOfMonth: r.day_of_month,
    nextDate: sessions[i]!.date,
    nextDateProvisional: calendar.isProvisional(sessions[i]!.date),
    categoryId: r.category_id,
    categoryName: r.category_name,
    location: r.location,
    description: r.description,
    active: r.active,
    signups: counts.get(r.id) ?? 0,
    actions: [
      ...(can(ctx.actor, 'case.configure', r.org_path) ? ['update'] : []),
      ...(r.active && appliesToCaller(ctx, r.org_path) && can(ctx.actor, 'case.report') ? ['signup'] : []),
    ],
  }));
  return { items, total: items.length };
}

export async function getServiceDay(db: Executor, calendar: WorkCalendar, ctx: RequestContext, id: number) {
  const { items } = await listServiceDays(db, calendar, ctx, { id, includeInactive: true });
  if (!items[0]) throw notFound('未找到该企业服务日');
  return items[0];
}

interface DayInput {
  name?: string | undefined;
  dayOfMonth?: number | undefined;
  categoryId?: number | undefined;
  location?: string | null | undefined;
  description?: string | null | undefined;
  active?: boolean | undefined;
}

async function checkCategory(trx: Executor, categoryId: number, orgPath: string) {
  const category = await repo.findCategory(trx, categoryId);
  if (!category || !appliesTo(category, orgPath))
    throw fieldError('categoryId', 'case.category', '未找到该诉求分类，或它不适用于该组织');
}

export async function createServiceDay(
  trx: Executor,
  ctx: RequestContext,
  input: DayInput & { orgId: number; name: string; dayOfMonth: number; categoryId: number },
): Promise<number> {
  if (!can(ctx.actor, 'case.configure')) throw new AppError('forbidden');
  const org = await repo.findOrg(trx, input.orgId);
  if (org?.status !== 'active' || !can(ctx.actor, 'case.configure', org.path))
    throw fieldError('orgId', 'org.not_found', '未找到该组织，或它不在您的管理范围内');
  await checkCategory(trx, input.categoryId, org.path);
  const row = await trx
    .insertInto('case_service_days')
    .values({
      org_id: org.id,
      org_path: org.path,
      region_code: org.region_code,
      name: input.name,
      day_of_month: input.dayOfMonth,
      category_id: input.categoryId,
      location: input.location ?? null,
      description: input.description ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(trx, ctx, {
    action: 'case.service_day_create',
    entityType: 'case_service_day',
    entityId: row.id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: { ...input },
  });
  return row.id;
}

export async function updateServiceDay(trx: Executor, ctx: RequestContext, id: number, input: DayInput) {
  const row = await repo.lockServiceDay(trx, id);
  const visible = row && (appliesToCaller(ctx, row.org_path) || can(ctx.actor, 'case.read', row.org_path));
  if (!row || !visible) throw notFound('未找到该企业服务日');
  if (!can(ctx.actor, 'case.configure', row.org_path)) throw new AppError('forbidden');
  if (input.categoryId !== undefined) await checkCategory(trx, input.categoryId, row.org_path);
  const set: Record<string, unknown> = {};
  if (input.name !== undefined) set.name = input.name;
  if (input.dayOfMonth !== undefined) set.day_of_month = input.dayOfMonth;
  if (input.categoryId !== undefined) set.category_id = input.categoryId;
  if (input.location !== undefined) set.location = input.location || null;
  if (input.description !== undefined) set.description = input.description || null;
  if (input.active !== undefined) set.active = input.active;
  if (Object.keys(set).length === 0) return;
  await trx
    .updateTable('case_service_days')
    .set({ ...set, updated_at: clock.now() })
    .where('id', '=', id)
    .execute();
  await audit(trx, ctx, {
    action: 'case.service_day_update',
    entityType: 'case_service_day',
    entityId: id,
    orgPath: row.org_path,
    regionCode: row.region_code,
    before: Object.fromEntries(Object.keys(set).map((k) => [k, (row as Record<string, unknown>)[k]])),
    after: set,
  });
}

/** An enterprise signs up for the next session: the sign-up is filed as a case in the same transaction. */
export async function signUp(
  trx: Executor,
  calendar: WorkCalendar,
  ctx: RequestContext,
  id: number,
  input: {
    company: string;
    title: string;
    description: string;
    contactName?: string | undefined;
    contactPhone?: string | undefined;
  },
  idempotencyKey?: string,
) {
  const row = await repo.lockServiceDay(trx, id);
  if (!row?.active || !appliesToCaller(ctx, row.org_path))
    throw notFound('未找到该企业服务日，或它不面向您所在的组织');
  if (!can(ctx.actor, 'case.report')) throw new AppError('forbidden');
  const sessionDate = nextServiceDate(clock.today(), row.day_of_month, calendar);
  const title = `【${row.name} ${sessionDate}】${input.title}`;
  const filed = await fileCase(
    trx,
    calendar,
    { ctx, submitActor: `user:${ctx.actor.userId}` },
    {
      categoryId: row.category_id,
      title,
      description: `企业：${input.company}\n${input.description}`,
      channel: 'service_day',
      reporterName: input.contactName,
      reporterPhone: input.contactPhone,
    },
    idempotencyKey ? `service-day:${id}:${idempotencyKey}` : undefined,
  );
  if (!filed.replay) {
    await trx
      .insertInto('case_service_day_signups')
      .values({
        service_day_id: id,
        session_date: sessionDate,
        case_id: filed.id,
        user_id: ctx.actor.userId,
        company: input.company,
      })
      .execute();
    await audit(trx, ctx, {
      action: 'case.service_day_signup',
      entityType: 'case_service_day',
      entityId: id,
      orgPath: ctx.actor.orgPath,
      regionCode: row.region_code,
      after: { caseId: filed.id, sessionDate, company: input.company },
    });
  }
  return { caseId: filed.id, sessionDate, title };
}
