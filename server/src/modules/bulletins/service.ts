import {
  type BulletinSnapshot,
  bulletinMonthDue,
  bulletinTitle,
  defaultDocPrefix,
  defaultIssuerName,
  formatDocNumber,
  isMonth,
  monthBounds,
  monthEnded,
} from '@honglian/domain';
import type { Actor } from '../../platform/access.ts';
import { can, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { CalendarService } from '../../platform/calendar.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import type { JobQueue } from '../../platform/jobs.ts';
import * as compliance from '../compliance/service.ts';
import * as dashboard from '../dashboard/service.ts';
import * as projects from '../projects/service.ts';
import { renderDocx, renderPdf } from './render.ts';
import * as repo from './repository.ts';

/**
 * Monthly bulletins (月度通报, issue 15). A bulletin is numbered (文号) when it is asked for, generated
 * by a job, and then never changes: its snapshot of figures and both files are stored. What it says
 * comes from the dashboard's and the lists' own queries (`regionDashboard`, the compliance overview,
 * the projects and findings lists), read as the issuing organization's department sees them, as of the
 * month's last day. Asking again for a month that has one makes a new bulletin with a new 文号 that
 * supersedes it (docs/decisions/0024-bulletins.md).
 */

export const GENERATE_JOB = 'bulletins.generate';
const NOT_FOUND = '未找到该通报，或您无权查看';
const ORG_NOT_FOUND = '未找到该党组织，或您无权查看';
/** How many lagging projects and problems a bulletin names (the totals are always given). */
const LISTED = 20;

const STATUS_LABELS = {
  queued: '排队中',
  generating: '生成中',
  ready: '已生成',
  failed: '生成失败',
} as const;
const TRIGGER_LABELS = { scheduled: '每月自动', on_demand: '手动生成' } as const;

/**
 * Who a bulletin is written as: the issuing organization's department (its 组织部), whoever asked for
 * it. So a bulletin says the same whoever pressed the button, and the job that runs on its own says it too.
 */
function issuerContext(org: { id: number; name: string; path: string }): RequestContext {
  const actor: Actor = {
    userId: 0,
    username: 'bulletin',
    displayName: '月度通报',
    orgId: org.id,
    orgPath: org.path,
    bindings: [
      {
        id: 0,
        role: 'org_admin',
        orgId: org.id,
        orgPath: org.path,
        orgName: org.name,
        orgDepth: org.path.split('/').filter(Boolean).length - 1,
      },
    ],
  };
  return { actor, ip: '', requestId: 'bulletin' };
}

/** The instant a month's bulletin is taken as of: the last second of its last day in Asia/Shanghai. */
export function monthEndInstant(month: string): Date {
  return new Date(`${monthBounds(month).last}T23:59:59+08:00`);
}

/**
 * The figures of a region's month as a bulletin takes them: the dashboard's own `regionDashboard` and
 * lists, read as the organization's department, with business time at the month's last second.
 */
export async function takeSnapshot(
  db: Executor,
  org: { id: number; name: string; path: string },
  month: string,
  head: { issuer: string; docNumber: string; issuedOn: string },
): Promise<BulletinSnapshot> {
  const ctx = issuerContext(org);
  return clock.at(monthEndInstant(month), async () => {
    const [region, overview, lagging, onSchedule, overdue] = await Promise.all([
      dashboard.regionDashboard(db, ctx, { orgId: org.id, month }),
      compliance.overview(db, ctx, org.id),
      projects.listProjects(db, ctx, {
        orgId: org.id,
        status: 'in_progress',
        lagging: 'true',
        page: 1,
        pageSize: LISTED,
      }),
      projects.listProjects(db, ctx, {
        orgId: org.id,
        status: 'in_progress',
        lagging: 'false',
        page: 1,
        pageSize: 200,
      }),
      compliance.listFindings(db, ctx, {
        orgId: org.id,
        status: 'open',
        severity: 'finding',
        overdue: 'true',
        page: 1,
        pageSize: LISTED,
      }),
    ]);
    const children = new Map(region.children.map((c) => [c.orgId, c]));
    const ahead = onSchedule.items
      .filter((p) => p.aheadPoints > 0)
      .sort((a, b) => b.aheadPoints - a.aheadPoints);
    return {
      org: region.org,
      month: region.month,
      asOf: region.asOf,
      issuer: head.issuer,
      docNumber: head.docNumber,
      issuedOn: head.issuedOn,
      figures: region.figures,
      ranking: overview.byChild.map((c) => ({
        rank: c.rank,
        orgId: c.orgId,
        name: c.name,
        orgs: c.orgs,
        members: children.get(c.orgId)?.members ?? null,
        findings: c.findings,
        rate: c.rate,
        duesRate: children.get(c.orgId)?.duesRate ?? null,
      })),
      red: overview.red,
      black: overview.black,
      lagging: {
        total: lagging.total,
        items: lagging.items.map((p) => ({
          id: p.id,
          title: p.title,
          orgName: p.orgName,
          progress: p.progress,
          plannedProgress: p.plannedProgress,
          aheadPoints: p.aheadPoints,
        })),
      },
      ahead: {
        total: ahead.length,
        items: ahead
          .slice(0, 5)
          .map((p) => ({ id: p.id, title: p.title, orgName: p.orgName, aheadPoints: p.aheadPoints })),
      },
      problems: {
        total: overdue.total,
        items: overdue.items.map((f) => ({
          id: f.id,
          orgName: f.orgName,
          rule: `${f.rule.code} ${f.rule.name}`.trim(),
          message: f.message,
          deadline: f.deadline,
          escalated: f.escalationLevel > 0,
        })),
      },
    };
  });
}

/**
 * Numbers and stores a new bulletin of `org` for `month` (the job generates its files). Under the
 * issuer's row lock: the year's next 文号, and the bulletin of the month in force (if any) is superseded.
 */
export async function createBulletin(
  trx: Executor,
  ctx: RequestContext | { system: string },
  org: repo.OrgRow,
  month: string,
  trigger: 'scheduled' | 'on_demand',
): Promise<number> {
  await repo.insertIssuer(trx, {
    org_id: org.id,
    region_code: org.region_code,
    doc_prefix: defaultDocPrefix(org.name),
    issuer_name: defaultIssuerName(org.name),
    scheduled: false,
  });
  const issuer = (await repo.lockIssuer(trx, org.id))!;
  const today = clock.today();
  const year = Number(today.slice(0, 4));
  const sequence = (await repo.maxSequence(trx, org.id, year)) + 1;
  const docNumber = formatDocNumber(issuer.doc_prefix, year, sequence);
  const current = await repo.currentOfMonth(trx, org.id, month);
  const createdBy = 'actor' in ctx && ctx.actor.userId > 0 ? ctx.actor.userId : null;
  const id = await repo.insertBulletin(trx, {
    org_id: org.id,
    region_code: org.region_code,
    month,
    doc_year: year,
    doc_sequence: sequence,
    doc_number: docNumber,
    title: bulletinTitle(month),
    issued_on: today,
    as_of: monthBounds(month).last,
    trigger,
    supersedes_id: current?.id ?? null,
    created_by: createdBy,
    created_at: clock.now(),
  });
  await audit(trx, ctx, {
    action: 'bulletin.issue',
    entityType: 'bulletin',
    entityId: id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: { month, docNumber, trigger, supersedes: current ? current.doc_number : null },
  });
  return id;
}

/** `POST /api/v1/bulletins`: the caller must hold `bulletin.issue` over the organization. */
export async function issueBulletin(
  trx: Executor,
  ctx: RequestContext,
  queue: JobQueue,
  input: { orgId: number; month: string },
): Promise<number> {
  const paths = scopePaths(ctx.actor, 'bulletin.issue');
  if (paths.length === 0) throw new AppError('forbidden');
  const org = await repo.findOrgInScope(trx, input.orgId, paths);
  if (!org) throw fieldError('orgId', 'org.not_found', ORG_NOT_FOUND);
  if (!isMonth(input.month)) throw fieldError('month', 'month.format', '月份格式应为 YYYY-MM');
  if (!monthEnded(input.month, clock.today()))
    throw fieldError('month', 'bulletin.month_not_ended', '该月尚未结束：月度通报在次月生成');
  const id = await createBulletin(trx, ctx, org, input.month, 'on_demand');
  await queue.enqueue(trx, GENERATE_JOB, { id }, { orgPath: org.path, createdBy: ctx.actor.userId });
  return id;
}

/** The job: takes the snapshot, makes both files, stores them; the bulletin is then fixed. */
export async function generateBulletin(db: Database['db'], id: number) {
  const row = await repo.startGenerating(db, id);
  if (!row) return { id, skipped: true };
  try {
    const issuer = await db
      .selectFrom('bulletin_issuers')
      .select('issuer_name')
      .where('org_id', '=', row.org_id)
      .executeTakeFirst();
    const snapshot = await takeSnapshot(db, row.org, row.month, {
      issuer: issuer?.issuer_name ?? defaultIssuerName(row.org.name),
      docNumber: row.doc_number,
      issuedOn: row.issued_on,
    });
    const [docx, pdf] = await Promise.all([renderDocx(snapshot), renderPdf(snapshot)]);
    await db.transaction().execute(async (trx) => {
      await repo.storeFiles(trx, id, { snapshot, docx, pdf, generatedAt: clock.now() });
      await audit(
        trx,
        { system: '系统（月度通报）' },
        {
          action: 'bulletin.generate',
          entityType: 'bulletin',
          entityId: id,
          orgPath: row.org.path,
          regionCode: row.org.region_code,
          after: { docNumber: row.doc_number, docxBytes: docx.length, pdfBytes: pdf.length },
        },
      );
    });
    return { id, docNumber: row.doc_number, docxBytes: docx.length, pdfBytes: pdf.length };
  } catch (err) {
    await repo.markFailed(db, id, err instanceof Error ? err.message.slice(0, 500) : String(err));
    throw err;
  }
}

/**
 * The monthly job: on the first working day of a month (by the calendar; 元旦 never), and on any later
 * day of it until done, last month's bulletin of every organization configured to issue one, unless
 * that month already has one. Generated in the job itself, one after another.
 */
export async function issueMonthly(db: Database['db'], today = clock.today()) {
  const calendar = await new CalendarService(db).calendar();
  const month = bulletinMonthDue(today, (d) => calendar.isWorkday(d));
  if (!month) return { month: null, issued: [] as string[] };
  const issued: string[] = [];
  for (const o of await repo.scheduledIssuers(db)) {
    const id = await db.transaction().execute(async (trx) => {
      await repo.lockIssuer(trx, o.id);
      if (await repo.currentOfMonth(trx, o.id, month)) return null;
      return createBulletin(trx, { system: '系统（月度通报）' }, o, month, 'scheduled');
    });
    if (id === null) continue;
    const done = await generateBulletin(db, id);
    issued.push('docNumber' in done && done.docNumber ? done.docNumber : String(id));
  }
  return { month, issued };
}

function readPaths(ctx: RequestContext) {
  const paths = scopePaths(ctx.actor, 'bulletin.read');
  if (paths.length === 0) throw new AppError('forbidden');
  return paths;
}

function toItem(ctx: RequestContext, r: Omit<repo.BulletinRow, 'snapshot'>) {
  const ready = r.status === 'ready';
  const base = `/api/v1/bulletins/${r.id}`;
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    month: r.month,
    docNumber: r.doc_number,
    title: r.title,
    issuedOn: r.issued_on,
    asOf: r.as_of,
    trigger: r.trigger,
    triggerLabel: TRIGGER_LABELS[r.trigger],
    status: r.status,
    statusLabel: STATUS_LABELS[r.status],
    supersedesId: r.supersedes_id,
    supersededBy: r.superseded_by,
    error: r.error,
    createdAt: r.created_at,
    generatedAt: r.generated_at,
    docxUrl: ready ? `${base}/file.docx` : null,
    pdfUrl: ready ? `${base}/file.pdf` : null,
    docxBytes: r.docx_bytes,
    pdfBytes: r.pdf_bytes,
    canIssue: can(ctx.actor, 'bulletin.issue', r.org_path),
  };
}

export async function listBulletins(
  db: Executor,
  ctx: RequestContext,
  q: { orgId?: number | undefined; month?: string | undefined; page: number; pageSize: number },
) {
  const paths = readPaths(ctx);
  let orgPath: string | undefined;
  if (q.orgId !== undefined) {
    const org = await repo.findOrgInScope(db, q.orgId, paths);
    if (!org) throw fieldError('orgId', 'org.not_found', ORG_NOT_FOUND);
    orgPath = org.path;
  }
  const { items, total } = await repo.listBulletins(db, {
    paths,
    ...(orgPath !== undefined ? { orgPath } : {}),
    ...(q.month !== undefined ? { month: q.month } : {}),
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { items: items.map((r) => toItem(ctx, r)), total };
}

export async function getBulletin(db: Executor, ctx: RequestContext, id: number) {
  const row = await repo.findBulletin(db, id, readPaths(ctx));
  if (!row) throw notFound(NOT_FOUND);
  return { ...toItem(ctx, row), snapshot: (row.snapshot as BulletinSnapshot | null) ?? null };
}

export async function bulletinFile(db: Executor, ctx: RequestContext, id: number, kind: 'docx' | 'pdf') {
  const row = await repo.findBulletin(db, id, readPaths(ctx));
  if (!row) throw notFound(NOT_FOUND);
  const file = await repo.fileOf(db, id, kind);
  if (!file?.content)
    throw new AppError('conflict', { detail: `通报${STATUS_LABELS[row.status]}，文件尚不可下载` });
  return { name: `${row.doc_number}${row.title}.${kind}`, content: file.content };
}
