import { addCalendarMonths } from '@honglian/domain';
import ExcelJS from 'exceljs';
import { type RawBuilder, sql } from 'kysely';
import { escapeLike, scopePaths } from '../../platform/access.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError } from '../../platform/errors.ts';

/**
 * A district's figures (issue 13 items 4 and 6, decision 0023): per policy and per month, over the
 * enterprises in the caller's `enterprise_profile.read` subtree, the funnel from a match to a grant:
 * matches now (eligible, unknown), pairs that became eligible, pushes sent, read, applied, applications
 * filed and granted (the application case closed as resolved). A handful of grouped statements.
 */

const MAX_MONTHS = 36;

interface Counts {
  newlyEligible: number;
  sent: number;
  read: number;
  applied: number;
  applications: number;
  granted: number;
}
const zero = (): Counts => ({ newlyEligible: 0, sent: 0, read: 0, applied: 0, applications: 0, granted: 0 });

function months(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addCalendarMonths(`${m}-01`, 1).slice(0, 7)) out.push(m);
  return out;
}

const pathIn = (column: RawBuilder<unknown>, paths: string[]) =>
  sql<boolean>`(${sql.join(
    paths.map((p) => sql`${column} like ${`${escapeLike(p)}%`}`),
    sql` or `,
  )})`;

/** The caller's subtrees for the figures (narrowed to `orgId` when given, which must lie inside them). */
async function figurePaths(db: Executor, ctx: RequestContext, orgId?: number): Promise<string[]> {
  const paths = scopePaths(ctx.actor, 'enterprise_profile.read');
  if (paths.length === 0) throw new AppError('forbidden', { detail: '您无权查看企业政策统计' });
  if (orgId === undefined) return paths;
  const org = await db.selectFrom('orgs').select('path').where('id', '=', orgId).executeTakeFirst();
  if (!org || !paths.some((p) => org.path.startsWith(p)))
    throw fieldError('orgId', 'org.not_found', '未找到该组织，或您无权查看');
  return [org.path];
}

export async function policyFigures(
  db: Executor,
  ctx: RequestContext,
  query: { from?: string | undefined; to?: string | undefined; orgId?: number | undefined },
) {
  const to = query.to ?? clock.month();
  const from = query.from ?? addCalendarMonths(`${to}-01`, -11).slice(0, 7);
  if (from > to) throw fieldError('from', 'figures.range', '起始月份不能晚于截止月份');
  const list = months(from, to);
  if (list.length > MAX_MONTHS)
    throw fieldError('from', 'figures.range', `统计区间不能超过 ${MAX_MONTHS} 个月`);
  const paths = await figurePaths(db, ctx, query.orgId);
  const start = `${from}-01T00:00:00+08:00`;
  const end = `${addCalendarMonths(`${to}-01`, 1)}T00:00:00+08:00`;
  const ent = sql`select u.id from units u join orgs o on o.id = u.org_id
    where u.kind = 'enterprise' and ${pathIn(sql.ref('o.path'), paths)}`;
  const month = (col: string) =>
    sql<string>`to_char(${sql.ref(col)} at time zone 'Asia/Shanghai', 'YYYY-MM')`;

  const [enterprises, matches, detected, sent, applications] = await Promise.all([
    sql<{ n: number }>`select count(*)::int as n from (${ent}) e`.execute(db),
    sql<{ policy_id: number; eligible: number; unknown: number }>`
      select policy_id, count(*) filter (where result = 'eligible')::int as eligible,
        count(*) filter (where result = 'unknown')::int as unknown
      from policy_matches where unit_id in (${ent}) group by policy_id`.execute(db),
    sql<{ policy_id: number; month: string; n: number }>`
      select policy_id, ${month('detected_at')} as month, count(*)::int as n
      from policy_pushes where unit_id in (${ent}) and detected_at >= ${start}::timestamptz and detected_at < ${end}::timestamptz
      group by 1, 2`.execute(db),
    sql<{ policy_id: number; month: string; sent: number; read: number; applied: number }>`
      select policy_id, ${month('sent_at')} as month, count(*)::int as sent,
        count(*) filter (where read_at is not null)::int as read,
        count(*) filter (where applied_at is not null)::int as applied
      from policy_pushes where unit_id in (${ent}) and sent_at >= ${start}::timestamptz and sent_at < ${end}::timestamptz
      group by 1, 2`.execute(db),
    sql<{ policy_id: number; month: string; n: number; granted: number }>`
      select a.policy_id, ${month('a.created_at')} as month, count(*)::int as n,
        count(*) filter (where c.closure_reason = 'resolved')::int as granted
      from policy_applications a join cases c on c.id = a.case_id
      where a.unit_id in (${ent}) and a.created_at >= ${start}::timestamptz and a.created_at < ${end}::timestamptz
      group by 1, 2`.execute(db),
  ]);

  const byPolicy = new Map<number, Counts & { eligible: number; unknown: number }>();
  const policyRow = (id: number) => {
    let r = byPolicy.get(id);
    if (!r) {
      r = { eligible: 0, unknown: 0, ...zero() };
      byPolicy.set(id, r);
    }
    return r;
  };
  const byMonth = new Map(list.map((m) => [m, zero()]));
  for (const m of matches.rows)
    Object.assign(policyRow(Number(m.policy_id)), { eligible: m.eligible, unknown: m.unknown });
  for (const d of detected.rows) {
    policyRow(Number(d.policy_id)).newlyEligible += d.n;
    byMonth.get(d.month)!.newlyEligible += d.n;
  }
  for (const s of sent.rows)
    for (const r of [policyRow(Number(s.policy_id)), byMonth.get(s.month)!]) {
      r.sent += s.sent;
      r.read += s.read;
      r.applied += s.applied;
    }
  for (const a of applications.rows)
    for (const r of [policyRow(Number(a.policy_id)), byMonth.get(a.month)!]) {
      r.applications += a.n;
      r.granted += a.granted;
    }
  const titles = byPolicy.size
    ? await db
        .selectFrom('policies')
        .select(['id', 'title', 'doc_number'])
        .where('id', 'in', [...byPolicy.keys()])
        .execute()
    : [];
  const items = titles
    .map((p) => ({ policyId: p.id, title: p.title, docNumber: p.doc_number, ...byPolicy.get(p.id)! }))
    .sort((a, b) => b.eligible - a.eligible || b.sent - a.sent || a.policyId - b.policyId);
  const total = { eligible: 0, unknown: 0, ...zero() };
  for (const i of items) for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += i[k];
  return {
    from,
    to,
    enterprises: enterprises.rows[0]!.n,
    byPolicy: items,
    byMonth: [...byMonth.entries()].map(([m, c]) => ({ month: m, ...c })),
    total,
  };
}

const pct = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 1000) / 10}%` : '—');

/** The figures as a workbook: one sheet by policy, one by month. */
export async function exportPolicyFigures(
  db: Executor,
  ctx: RequestContext,
  query: { from?: string | undefined; to?: string | undefined; orgId?: number | undefined },
) {
  const f = await policyFigures(db, ctx, query);
  const book = new ExcelJS.Workbook();
  const funnel = [
    { header: '新符合', width: 10 },
    { header: '推送', width: 10 },
    { header: '已读', width: 10 },
    { header: '已读率', width: 10 },
    { header: '推送后申报', width: 12 },
    { header: '申报', width: 10 },
    { header: '获批', width: 10 },
  ];
  const row = (c: Counts) => [
    c.newlyEligible,
    c.sent,
    c.read,
    pct(c.read, c.sent),
    c.applied,
    c.applications,
    c.granted,
  ];
  const byPolicy = book.addWorksheet('按政策');
  byPolicy.columns = [
    { header: '政策', width: 40 },
    { header: '文号', width: 24 },
    { header: '符合条件', width: 10 },
    { header: '待补充信息', width: 12 },
    ...funnel,
  ];
  for (const p of f.byPolicy) byPolicy.addRow([p.title, p.docNumber, p.eligible, p.unknown, ...row(p)]);
  byPolicy.addRow(['合计', '', f.total.eligible, f.total.unknown, ...row(f.total)]);
  const byMonth = book.addWorksheet('按月');
  byMonth.columns = [{ header: '月份', width: 10 }, ...funnel];
  for (const m of f.byMonth) byMonth.addRow([m.month, ...row(m)]);
  for (const s of [byPolicy, byMonth]) s.getRow(1).font = { bold: true };
  return { name: `政策统计${f.from}至${f.to}.xlsx`, buffer: Buffer.from(await book.xlsx.writeBuffer()) };
}
