import {
  addMonths,
  arrearsLevel,
  checkPaymentManner,
  checkPaymentMonth,
  DUES_CATEGORIES,
  DUES_LEDGER_RULES,
  type DuesCategory,
  type FlatAmounts,
  type FlatGroup,
  flatAmountsFrom,
  isDomainError,
  lastEndedMonth,
  NATIONAL_FLAT_AMOUNTS,
  type PaymentKind,
  type PaymentMethod,
  quoteDues,
} from '@honglian/domain';
import { sql } from 'kysely';
import { assertCan, can, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { requestRecheck } from '../compliance/recheck.ts';
import { ruleParameters } from '../compliance/service.ts';
import * as repo from './repository.ts';

/** Dues: bases, the monthly ledger, payments, arrears and totals (RULES.md D1–D12). */

export function quote(
  input: { category: DuesCategory; baseFen: number; flatGroup?: FlatGroup | undefined },
  flatAmounts?: FlatAmounts,
) {
  try {
    return quoteDues(input, flatAmounts);
  } catch (error) {
    // a flat amount outside the published ones breaks a rule (D4), not the request's form
    if (isDomainError(error) && error.code === 'dues.flat_amount')
      throw new AppError('dues.rule', {
        detail: error.message,
        errors: [{ field: error.field ?? 'baseFen', code: 'rule.D4', message: error.message }],
      });
    if (isDomainError(error)) throw fieldError(error.field ?? 'baseFen', error.code, error.message);
    throw error;
  }
}

/** D4: the flat amounts of a region (compliance rule D4's parameters with the region's override). */
async function flatAmountsOf(db: Executor, regionCode: string | undefined): Promise<FlatAmounts> {
  if (!regionCode) return NATIONAL_FLAT_AMOUNTS;
  return flatAmountsFrom((await ruleParameters(db, 'D4', clock.today()))(regionCode));
}

/** The public quote (API.md): national flat amounts, or the region's when one is named. */
export async function quoteFor(
  db: Executor,
  input: {
    category: DuesCategory;
    baseFen: number;
    flatGroup?: FlatGroup | undefined;
    regionCode?: string | undefined;
  },
) {
  const amounts = input.category === 'flat' ? await flatAmountsOf(db, input.regionCode) : undefined;
  return quote({ category: input.category, baseFen: input.baseFen, flatGroup: input.flatGroup }, amounts);
}

/** D12: refuses deduction from pay, payment in advance by the organization and special levies. */
function assertPaymentManner(input: { method?: PaymentMethod | undefined; kind?: PaymentKind | undefined }) {
  const check = checkPaymentManner(input);
  if (check.ok) return;
  throw new AppError('dues.rule', {
    detail: check.message!,
    errors: [{ field: check.field ?? 'method', code: `rule.${check.rule!.id}`, message: check.message! }],
  });
}

export const currentMonth = () => clock.month();

async function memberFor(
  db: Executor,
  ctx: RequestContext,
  memberId: number,
  permission: 'dues.read' | 'dues.manage' | 'dues.approve',
) {
  const member = await repo.findMemberInScope(db, memberId, scopePaths(ctx.actor, 'dues.read'));
  if (!member) throw notFound('未找到该党员，或您无权查看');
  assertCan(ctx.actor, permission, member.path);
  return member;
}

/** The org whose subtree a dues view covers; outside scope it does not exist. */
export async function orgFor(
  db: Executor,
  ctx: RequestContext,
  orgId: number,
  permission: 'dues.read' | 'dues.manage' = 'dues.read',
) {
  const org = await db
    .selectFrom('orgs')
    .select(['id', 'name', 'path'])
    .where('id', '=', orgId)
    .executeTakeFirst();
  if (!org || !can(ctx.actor, 'dues.read', org.path)) throw notFound('未找到该党组织，或您无权查看');
  assertCan(ctx.actor, permission, org.path);
  return org;
}

export async function setBase(
  db: Executor,
  ctx: RequestContext,
  memberId: number,
  input: { year: number; category: DuesCategory; baseFen: number; flatGroup?: FlatGroup | undefined },
) {
  const member = await memberFor(db, ctx, memberId, 'dues.manage');
  const flat = input.category === 'flat';
  const q = quote(input, flat ? await flatAmountsOf(db, member.region_code) : undefined);
  const flatGroup = flat ? (input.flatGroup ?? null) : null;
  const before = await db
    .selectFrom('dues_bases')
    .selectAll()
    .where('member_id', '=', memberId)
    .where('year', '=', input.year)
    .executeTakeFirst();
  const row = await db
    .insertInto('dues_bases')
    .values({
      region_code: member.region_code,
      member_id: memberId,
      year: input.year,
      category: input.category,
      flat_group: flatGroup,
      base_fen: input.baseFen,
      monthly_fen: q.monthlyFen,
      rate: q.rate,
      rule_id: q.rule.id,
      updated_by: ctx.actor.userId,
      updated_at: clock.now(),
    })
    .onConflict((oc) =>
      oc.columns(['member_id', 'year', 'region_code']).doUpdateSet({
        category: input.category,
        flat_group: flatGroup,
        base_fen: input.baseFen,
        monthly_fen: q.monthlyFen,
        rate: q.rate,
        rule_id: q.rule.id,
        updated_by: ctx.actor.userId,
        updated_at: sql`now()`,
        // a changed amount needs the member's confirmation again
        confirmed_at: null,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'dues.base',
    entityType: 'member',
    entityId: memberId,
    orgPath: member.path,
    regionCode: member.region_code,
    before: before
      ? {
          year: before.year,
          category: before.category,
          baseFen: before.base_fen,
          monthlyFen: before.monthly_fen,
        }
      : null,
    after: {
      year: row.year,
      category: row.category,
      flatGroup: row.flat_group,
      baseFen: row.base_fen,
      monthlyFen: row.monthly_fen,
      rule: q.rule.id,
    },
  });
  // months of the ledger already generated without this member (no base yet) are owed all the same
  await billOwedMonths(db, ctx, memberId);
  return { ...q, year: row.year };
}

/**
 * billOwedMonths: the months a member owed (D6: from the branch meeting that admitted them) that their
 * organization has already generated without them, inside the back-payment window (D10: this month and
 * the 6 before it), get their rows. Called by the development workflow when the committee's approval
 * makes a candidate probationary from the day of the branch meeting (the months between the meeting
 * and the approval were generated while they were still a candidate), and when a base is set after its
 * months were generated. The caller has checked access; this writes its own audit event.
 */
export async function billOwedMonths(db: Executor, ctx: RequestContext, memberId: number) {
  const current = clock.month();
  const months = await repo.fillMemberLedger(
    db,
    memberId,
    addMonths(current, -DUES_LEDGER_RULES.backPayment.months),
    current,
  );
  if (months.length === 0) return months;
  const member = await db
    .selectFrom('members')
    .innerJoin('orgs', 'orgs.id', 'members.org_id')
    .select(['members.id', 'members.region_code', 'orgs.path'])
    .where('members.id', '=', memberId)
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'dues.fill',
    entityType: 'member',
    entityId: memberId,
    orgPath: member.path,
    regionCode: member.region_code,
    after: { months, rule: DUES_LEDGER_RULES.duesFrom.id },
  });
  return months;
}

export async function setAdjustment(
  db: Executor,
  ctx: RequestContext,
  memberId: number,
  input: {
    year: number;
    kind: 'none' | 'reduced' | 'exempt';
    reducedFen?: number;
    untilMonth?: string;
    reason?: string;
  },
) {
  // D5: the branch decides, the committee above approves — recording it needs dues.approve
  const member = await memberFor(db, ctx, memberId, 'dues.approve');
  const base = await db
    .selectFrom('dues_bases')
    .selectAll()
    .where('member_id', '=', memberId)
    .where('year', '=', input.year)
    .executeTakeFirst();
  if (!base) throw new AppError('dues.no_base', { detail: `请先核定该党员 ${input.year} 年的党费基数` });
  if (input.kind === 'reduced' && (input.reducedFen === undefined || input.reducedFen >= base.monthly_fen)) {
    throw fieldError('reducedFen', 'dues.reduced', '减交后的月交金额应小于核定金额');
  }
  if (input.kind !== 'none' && !input.reason) throw fieldError('reason', 'dues.reason', '减免须写明原因');
  const updated = await db
    .updateTable('dues_bases')
    .set({
      adjustment: input.kind,
      reduced_fen: input.kind === 'reduced' ? input.reducedFen! : null,
      adjustment_until: input.kind === 'none' ? null : (input.untilMonth ?? null),
      adjustment_reason: input.kind === 'none' ? null : (input.reason ?? null),
      adjustment_approved_by: input.kind === 'none' ? null : ctx.actor.displayName,
      adjustment_approved_on: input.kind === 'none' ? null : clock.today(),
      updated_by: ctx.actor.userId,
      updated_at: sql`now()`,
    })
    .where('id', '=', base.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'dues.adjust',
    entityType: 'member',
    entityId: memberId,
    orgPath: member.path,
    before: { adjustment: base.adjustment, reducedFen: base.reduced_fen, until: base.adjustment_until },
    after: {
      adjustment: updated.adjustment,
      reducedFen: updated.reduced_fen,
      until: updated.adjustment_until,
      reason: updated.adjustment_reason,
    },
  });
}

export async function generateLedger(db: Executor, ctx: RequestContext, orgId: number, month: string) {
  const org = await orgFor(db, ctx, orgId, 'dues.manage');
  const result = await repo.generateLedger(db, org.path, month);
  await audit(db, ctx, {
    action: 'dues.generate',
    entityType: 'org',
    entityId: org.id,
    orgPath: org.path,
    after: { month, ...result },
  });
  return {
    month,
    generated: result.inserted,
    alreadyGenerated: result.existing,
    withoutBase: result.skipped,
  };
}

/** Applies a regular payment to a ledger month; amounts beyond what is outstanding are refused. */
export async function recordPayment(
  db: Executor,
  ctx: RequestContext,
  input: {
    memberId: number;
    month: string;
    amountFen: number;
    paidOn: string;
    kind: PaymentKind;
    method?: PaymentMethod;
    note?: string;
  },
  source: 'manual' | 'import' = 'manual',
) {
  const member = await memberFor(db, ctx, input.memberId, 'dues.manage');
  assertPaymentManner(input);
  let ledgerId: number | null = null;
  if (input.kind === 'regular') {
    const check = checkPaymentMonth(input.month, currentMonth());
    if (!check.ok) {
      throw new AppError('dues.rule', {
        detail: check.message!,
        errors: [
          {
            field: 'month',
            code: check.rule ? `rule.${check.rule.id}` : 'dues.month',
            message: check.message!,
          },
        ],
      });
    }
    const ledger = await db
      .selectFrom('dues_ledger')
      .selectAll()
      .where('member_id', '=', input.memberId)
      .where('month', '=', input.month)
      .forUpdate()
      .executeTakeFirst();
    if (!ledger)
      throw fieldError('month', 'dues.no_ledger', `${input.month} 的党费台账尚未生成，请先生成当月台账`);
    const outstanding = ledger.due_fen - ledger.paid_fen;
    if (input.amountFen > outstanding) {
      throw fieldError(
        'amountFen',
        'dues.overpaid',
        `该月应交 ${fen(ledger.due_fen)}，已交 ${fen(ledger.paid_fen)}，本次最多 ${fen(outstanding)}；多交部分请按"自愿多交"登记`,
      );
    }
    const paid = ledger.paid_fen + input.amountFen;
    await db
      .updateTable('dues_ledger')
      .set({ paid_fen: paid, status: paid >= ledger.due_fen ? 'paid' : 'partial' })
      .where('id', '=', ledger.id)
      .execute();
    ledgerId = ledger.id;
  }
  const payment = await db
    .insertInto('dues_payments')
    .values({
      region_code: member.region_code,
      member_id: member.id,
      org_id: member.org_id,
      ledger_id: ledgerId,
      month: input.month,
      amount_fen: input.amountFen,
      // assertPaymentManner refused the kinds and methods that are never stored (D12)
      kind: input.kind as 'regular' | 'voluntary',
      paid_on: input.paidOn,
      method: (input.method ?? 'cash') as 'cash' | 'transfer' | 'bank' | 'other',
      source,
      note: input.note ?? null,
      recorded_by: ctx.actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'dues.pay',
    entityType: 'member',
    entityId: member.id,
    orgPath: member.path,
    after: {
      paymentId: payment.id,
      month: input.month,
      amountFen: input.amountFen,
      kind: input.kind,
      source,
    },
  });
  await requestRecheck(db, [member.org_id]);
  const large = input.kind === 'voluntary' && input.amountFen >= DUES_LEDGER_RULES.largeVoluntary.fen;
  return {
    id: payment.id,
    notice: large
      ? `依据${DUES_LEDGER_RULES.largeVoluntary.source}${DUES_LEDGER_RULES.largeVoluntary.article}：一次性自愿多交 1000 元以上的党费，全额上缴中央`
      : null,
  };
}

/** Marks every listed (or every outstanding) ledger row of the month as paid in two set-based statements. */
export async function bulkPay(
  db: Executor,
  ctx: RequestContext,
  input: {
    orgId: number;
    month: string;
    memberIds?: number[];
    paidOn: string;
    method?: PaymentMethod;
  },
) {
  const org = await orgFor(db, ctx, input.orgId, 'dues.manage');
  assertPaymentManner(input);
  const check = checkPaymentMonth(input.month, currentMonth());
  if (!check.ok)
    throw new AppError('dues.rule', {
      detail: check.message!,
      errors: [{ field: 'month', code: `rule.${check.rule?.id ?? 'D10'}`, message: check.message! }],
    });
  const ids = input.memberIds?.length ? input.memberIds : null;
  const inserted = await sql<{ n: number }>`
    with target as (
      select l.id, l.member_id, l.org_id, l.region_code, l.due_fen - l.paid_fen as amount
      from dues_ledger l join orgs o on o.id = l.org_id
      where o.path like ${`${org.path}%`} and l.month = ${input.month} and l.status in ('unpaid', 'partial')
        ${ids ? sql`and l.member_id = any(${ids}::bigint[])` : sql``}
      for update of l
    ),
    pay as (
      insert into dues_payments (region_code, member_id, org_id, ledger_id, month, amount_fen, kind, paid_on, method, source, recorded_by)
      select region_code, member_id, org_id, id, ${input.month}, amount, 'regular', ${input.paidOn}::date, ${input.method ?? 'cash'}, 'bulk', ${ctx.actor.userId}
      from target where amount > 0
      returning 1
    ),
    upd as (
      update dues_ledger set paid_fen = due_fen, status = 'paid' where id in (select id from target) returning 1
    )
    select (select count(*)::int from upd) as n`.execute(db);
  const n = inserted.rows[0]?.n ?? 0;
  await audit(db, ctx, {
    action: 'dues.bulk_pay',
    entityType: 'org',
    entityId: org.id,
    orgPath: org.path,
    after: { month: input.month, members: n, memberIds: ids },
  });
  await requestRecheck(db, [org.id]);
  return { paid: n };
}

export async function arrears(db: Executor, ctx: RequestContext, orgId: number, minMonths: number) {
  const org = await orgFor(db, ctx, orgId);
  // D11 counts only months that have ended, as the compliance detector does
  const rows = await repo.arrears(db, org.path, minMonths, lastEndedMonth(clock.today()));
  return {
    items: rows.map((r) => ({
      memberId: r.member_id,
      name: r.name,
      orgId: r.org_id,
      orgName: r.org_name,
      months: r.months,
      owedFen: Number(r.owed_fen),
      firstMonth: r.first_month,
      lastMonth: r.last_month,
      level: arrearsLevel(r.months),
    })),
    total: rows.length,
    rule: DUES_LEDGER_RULES.arrears,
  };
}

export async function summary(db: Executor, ctx: RequestContext, orgId: number, year: number, month: string) {
  const org = await orgFor(db, ctx, orgId);
  const [months, children] = await Promise.all([
    repo.monthlyTotals(db, org.path, year),
    repo.totalsByChild(db, org.id, org.path, month),
  ]);
  const num = (v: unknown) => Number(v ?? 0);
  const monthsOut = months.map((m) => ({
    month: m.month,
    members: m.members,
    paidMembers: m.paid_members,
    dueFen: num(m.due_fen),
    paidFen: num(m.paid_fen),
    voluntaryFen: num(m.voluntary_fen),
  }));
  return {
    org: { id: org.id, name: org.name },
    year,
    months: monthsOut,
    yearTotal: {
      dueFen: monthsOut.reduce((s, m) => s + m.dueFen, 0),
      paidFen: monthsOut.reduce((s, m) => s + m.paidFen, 0),
      voluntaryFen: monthsOut.reduce((s, m) => s + m.voluntaryFen, 0),
    },
    month,
    children: children.map((c) => ({
      orgId: c.org_id,
      orgName: c.org_name,
      members: c.members,
      paidMembers: c.paid_members,
      dueFen: num(c.due_fen),
      paidFen: num(c.paid_fen),
    })),
  };
}

export async function myDues(db: Executor, ctx: RequestContext) {
  const member = await db
    .selectFrom('members')
    .select(['id', 'name', 'org_id'])
    .where('user_id', '=', ctx.actor.userId)
    .executeTakeFirst();
  if (!member) throw notFound('您的账号没有关联党员档案');
  const [bases, ledger] = await Promise.all([
    db
      .selectFrom('dues_bases')
      .selectAll()
      .where('member_id', '=', member.id)
      .orderBy('year', 'desc')
      .limit(3)
      .execute(),
    db
      .selectFrom('dues_ledger')
      .selectAll()
      .where('member_id', '=', member.id)
      .orderBy('month', 'desc')
      .limit(12)
      .execute(),
  ]);
  const unpaid = ledger.filter((l) => l.status === 'unpaid' || l.status === 'partial');
  return {
    member: { id: member.id, name: member.name },
    bases: bases.map((b) => ({
      year: b.year,
      category: b.category,
      categoryLabel: DUES_CATEGORIES[b.category as DuesCategory] ?? b.category,
      baseFen: b.base_fen,
      monthlyFen: b.monthly_fen,
      rate: b.rate,
      ruleId: b.rule_id,
      adjustment: b.adjustment,
      reducedFen: b.reduced_fen,
      confirmedAt: b.confirmed_at,
    })),
    ledger: ledger.map((l) => ({ month: l.month, dueFen: l.due_fen, paidFen: l.paid_fen, status: l.status })),
    owedFen: unpaid.reduce((s, l) => s + l.due_fen - l.paid_fen, 0),
  };
}

export async function confirmMyBase(db: Executor, ctx: RequestContext, year: number) {
  const member = await db
    .selectFrom('members')
    .innerJoin('orgs', 'orgs.id', 'members.org_id')
    .select(['members.id', 'orgs.path'])
    .where('members.user_id', '=', ctx.actor.userId)
    .executeTakeFirst();
  if (!member) throw notFound('您的账号没有关联党员档案');
  const updated = await db
    .updateTable('dues_bases')
    .set({ confirmed_at: sql`now()` })
    .where('member_id', '=', member.id)
    .where('year', '=', year)
    .returning(['id', 'monthly_fen'])
    .executeTakeFirst();
  if (!updated) throw notFound(`${year} 年的党费基数尚未核定`);
  await audit(db, ctx, {
    action: 'dues.confirm',
    entityType: 'member',
    entityId: member.id,
    orgPath: member.path,
    after: { year, monthlyFen: updated.monthly_fen },
  });
}

export function fen(value: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} 元`;
}
