import { addDays, makeIdNumber } from '@honglian/domain';
import { recordStep, type StepRequest, startRecord } from '../modules/development/service.ts';
import { acceptTransfer, recordReceipt, startTransfer } from '../modules/transfers/service.ts';
import { loadActor } from '../platform/auth.ts';
import { CalendarService } from '../platform/calendar.ts';
import { clock } from '../platform/clock.ts';
import type { Executor, RequestContext } from '../platform/context.ts';
import type { GeneratedCity } from './generate.ts';

/**
 * Demo 发展党员 records and 组织关系转接 on the secretary's branch (厦门鹭岛智造科技有限公司党支部), made
 * through the real services as the demo's own users, so every step passed the rules it would pass in
 * the console: one applicant, one activist, one candidate with introducers, one member who became a
 * full member under the 2014 rules; one transfer completed with its receipt and one awaiting acceptance.
 */
export async function loadDemoDevelopment(
  db: Executor,
  city: GeneratedCity,
): Promise<{ records: number; transfers: number }> {
  const branch = city.orgs.find((o) => o.key === 'secretary-branch');
  const target = city.orgs.find((o) => o.key === 'handler');
  if (!branch || !target) return { records: 0, transfers: 0 };
  const secretary = await contextOf(db, 'secretary');
  const district = await contextOf(db, 'district');
  if (!secretary || !district) return { records: 0, transfers: 0 };
  const calendar = await new CalendarService(db).calendar();

  const full = await db
    .selectFrom('members')
    .select(['id', 'name'])
    .where('org_id', '=', branch.id)
    .where('stage', '=', 'full')
    .where('status', '=', 'normal')
    .orderBy('id')
    .execute();
  if (full.length < 5) return { records: 0, transfers: 0 };
  const introducerIds = [full[0]!.id, full[1]!.id];

  const start = (name: string, birth: string, seq: number, appliedOn: string) =>
    startRecord(db, secretary, {
      appliedOn,
      applicant: {
        orgId: branch.id,
        name,
        idNumber: makeIdNumber('350206', birth, seq),
        phone: `1705921${String(seq).padStart(4, '0')}`,
        workUnit: '厦门鹭岛智造科技有限公司',
      },
    });
  // recent steps are dated back from today (the one clock), so the demo holds on any day it is loaded;
  // the 2014-rules member and the candidate keep their historical dates
  const today = clock.today();
  const ago = (days: number) => addDays(today, -days);
  const step = (ctx: RequestContext, id: number, s: Omit<StepRequest, 'decision'>) =>
    recordStep(db, ctx, calendar, id, { decision: 'approved', ...s });

  // 入党申请人: applied last month, talked to within the month (P2)
  const applicant = await start('郑晓航', '2001-06-18', 711, ago(39));
  await step(secretary, applicant, { code: 'talk', date: ago(25) });

  // 入党积极分子
  const activist = await start('陈思远', '1999-02-07', 712, ago(284));
  await step(secretary, activist, { code: 'talk', date: ago(266) });
  await step(secretary, activist, { code: 'activist', date: ago(221) });

  // 发展对象 with two introducers
  const candidate = await start('黄子涵', '1997-09-23', 713, '2024-09-02');
  await step(secretary, candidate, { code: 'talk', date: '2024-09-16' });
  await step(secretary, candidate, { code: 'activist', date: '2024-10-08' });
  await step(secretary, candidate, { code: 'assessment', date: '2025-04-08' });
  await step(secretary, candidate, { code: 'candidate', date: '2025-10-09' });
  await step(secretary, candidate, { code: 'introducers', date: '2025-10-13', introducerIds });

  // a member developed under the 2014 rules, now a full member
  const done = await start('林可欣', '1996-03-11', 714, '2023-09-01');
  const n = full.length;
  for (const s of [
    { ctx: secretary, code: 'talk', date: '2023-09-15' },
    { ctx: secretary, code: 'activist', date: '2023-10-10' },
    { ctx: secretary, code: 'assessment', date: '2024-04-08' },
    { ctx: secretary, code: 'candidate', date: '2024-10-10' },
    { ctx: secretary, code: 'introducers', date: '2024-10-12', introducerIds },
    { ctx: secretary, code: 'political_review', date: '2024-11-01' },
    { ctx: secretary, code: 'training', date: '2024-11-10', data: { trainingDays: 3 } },
    {
      ctx: secretary,
      code: 'notice',
      date: '2024-11-22',
      data: { noticeFrom: '2024-11-18', noticeTo: '2024-11-22' },
    },
    { ctx: district, code: 'pre_review', date: '2024-12-02' },
    {
      ctx: secretary,
      code: 'branch_meeting',
      date: '2024-12-20',
      vote: { present: n - 1, yes: n - 1, no: 0, abstain: 0 },
    },
    { ctx: district, code: 'approval', date: '2025-02-20' },
    { ctx: secretary, code: 'oath', date: '2025-03-01' },
    {
      ctx: secretary,
      code: 'conversion_meeting',
      date: '2025-12-22',
      vote: { present: n - 1, yes: n - 1, no: 0, abstain: 0 },
    },
    { ctx: district, code: 'conversion_approval', date: '2026-01-15' },
  ] as const) {
    const { ctx, ...request } = s;
    await step(ctx, done, request as Omit<StepRequest, 'decision'>);
  }

  // transfers: one closed with its receipt, one waiting for the receiving branch
  const closed = await startTransfer(db, secretary, {
    direction: 'internal',
    memberId: full[3]!.id,
    toOrgId: target.id,
    reason: '工作调动至湖里区市场监督管理局',
    startedOn: ago(74),
  });
  await acceptTransfer(db, district, closed, { acceptedOn: ago(71) });
  await recordReceipt(db, district, closed, {
    completedOn: ago(67),
    receiptNo: `湖组回〔${ago(67).slice(0, 4)}〕${ago(67).slice(5).replace('-', '')}号`,
  });
  await startTransfer(db, secretary, {
    direction: 'internal',
    memberId: full[4]!.id,
    toOrgId: target.id,
    reason: '借调至湖里区市场监督管理局',
    startedOn: ago(4),
  });
  return { records: 4, transfers: 2 };
}

export async function contextOf(db: Executor, username: string): Promise<RequestContext | null> {
  const user = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  const actor = user ? await loadActor(db, user.id) : null;
  return actor ? { actor, ip: '127.0.0.1', requestId: 'demo' } : null;
}
