import {
  checkMobileCard,
  DEFAULT_LETTER_VALIDITY_MONTHS,
  DEVELOPMENT_STAGES,
  isLetterExpired,
  letterValidUntil,
  maskIdNumber,
  namePinyin,
  nextTransferState,
  normalizeForSearch,
  ORG_TYPES,
  type RelationshipRefusal,
  relationshipRefusal,
  TRANSFER_DIRECTIONS,
  TRANSFER_STATES,
  type TransferAction,
  validateIdNumber,
} from '@honglian/domain';
import { can, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import * as repo from './repository.ts';

/**
 * Transfers of organizational relationship (组织关系转接, RULES.md M1, M4) and mobile-member cards (M3).
 *
 * Where the member belongs: `members.org_id` moves when the receiving org accepts. M1 makes the sending
 * org responsible "until the receiving org confirms"; acceptance is that confirmation. Waiting for the
 * receipt (回执) instead would keep a member who already attends the new branch's meetings and pays dues
 * there (D7) on the old branch's roll for weeks. The receipt closes the loop for the sending side's
 * ledger (M4). Until acceptance the member stays in the sending org, so they are counted exactly once,
 * and the receiving org sees them only through the transfer (masked).
 */

const STAGE_LABELS: Record<string, string> = DEVELOPMENT_STAGES;
const HOLDS_RELATIONSHIP = ['probationary', 'full'];

export function transferRuleError(refusals: readonly RelationshipRefusal[]): AppError {
  return new AppError('transfer.rule', {
    detail: refusals[0]!.message,
    errors: refusals.map((r) => ({ field: r.field ?? 'body', code: `rule.${r.rule}`, message: r.message })),
  });
}

function sides(ctx: RequestContext, row: repo.TransferRow): Array<'sending' | 'receiving'> {
  const out: Array<'sending' | 'receiving'> = [];
  if (row.from_path && can(ctx.actor, 'transfer.read', row.from_path)) out.push('sending');
  if (row.to_path && can(ctx.actor, 'transfer.read', row.to_path)) out.push('receiving');
  return out;
}

/** Which side acts for each action, and with which permission. */
function actorSide(
  row: repo.TransferRow,
  action: TransferAction,
): { path: string | null; permission: 'transfer.start' | 'transfer.receive' } {
  if (action === 'cancel' || (action === 'receipt' && row.direction === 'out'))
    return { path: row.from_path, permission: 'transfer.start' };
  return { path: row.to_path, permission: 'transfer.receive' };
}

function allowed(
  ctx: RequestContext,
  row: repo.TransferRow,
): Array<'accept' | 'return' | 'receipt' | 'cancel'> {
  return (['accept', 'return', 'receipt', 'cancel'] as const).filter((a) => {
    if (!nextTransferState(row.direction, row.state, a)) return false;
    const { path, permission } = actorSide(row, a);
    return path !== null && can(ctx.actor, permission, path);
  });
}

function toItem(ctx: RequestContext, row: repo.TransferRow) {
  return {
    id: row.id,
    direction: row.direction,
    directionLabel: TRANSFER_DIRECTIONS[row.direction],
    state: row.state,
    stateLabel: TRANSFER_STATES[row.state],
    memberId: row.member_id,
    memberName: row.member_snapshot.name,
    memberIdNumber: row.member_snapshot.idNumber,
    memberStage: STAGE_LABELS[row.member_snapshot.stage] ?? row.member_snapshot.stage,
    fromOrgId: row.from_org_id,
    fromOrgName: row.from_name,
    toOrgId: row.to_org_id,
    toOrgName: row.to_name,
    outsideOrgName: row.outside_org_name,
    outsideLetterNo: row.outside_letter_no,
    reason: row.reason,
    startedOn: row.started_on,
    letterValidUntil: row.letter_valid_until,
    acceptedOn: row.accepted_on,
    returnedOn: row.returned_on,
    returnReason: row.return_reason,
    completedOn: row.completed_on,
    receiptNo: row.receipt_no,
    side: sides(ctx, row),
    actions: allowed(ctx, row),
  };
}

export async function listTransfers(
  db: Executor,
  ctx: RequestContext,
  query: { box: 'inbox' | 'outbox' | 'all'; state?: string; q?: string; page: number; pageSize: number },
) {
  const q = query.q ? normalizeForSearch(query.q) : undefined;
  const { rows, total } = await repo.listTransfers(db, {
    scope: scopePaths(ctx.actor, 'transfer.read'),
    box: query.box === 'all' ? 'any' : query.box,
    ...(query.state === 'open' ? { open: true } : query.state ? { state: query.state } : {}),
    ...(q ? { q } : {}),
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
  });
  return { items: rows.map((r) => toItem(ctx, r)), total };
}

async function transferInScope(db: Executor, ctx: RequestContext, id: number) {
  const row = await repo.findTransfer(db, id, scopePaths(ctx.actor, 'transfer.read'));
  if (!row) throw notFound('未找到该组织关系转接，或您无权查看');
  return row;
}

/**
 * Both sides read the member through the transfer as they were when it started, masked, even when the
 * member lies outside their subtree; where the member is now shows only to a side that holds them.
 */
export async function getTransfer(db: Executor, ctx: RequestContext, id: number) {
  const row = await transferInScope(db, ctx, id);
  const m = row.member_snapshot;
  return {
    ...toItem(ctx, row),
    startedBy: row.started_by_name,
    createdAt: row.created_at,
    member: {
      name: m.name,
      gender: m.gender,
      birthDate: null,
      idNumber: m.idNumber,
      phone: m.phone,
      stage: STAGE_LABELS[m.stage] ?? m.stage,
      status: m.status,
      joinedOn: m.joinedOn,
      fullMemberOn: m.fullMemberOn,
      workUnit: m.workUnit,
      currentOrgName: can(ctx.actor, 'transfer.read', row.member_org_path) ? row.member_org_name : null,
    },
  };
}

export async function searchTargets(db: Executor, ctx: RequestContext, query: { q: string; limit: number }) {
  if (!can(ctx.actor, 'transfer.start')) throw new AppError('forbidden');
  const rows = await repo.searchTargets(db, normalizeForSearch(query.q), query.limit);
  const ancestorIds = [...new Set(rows.flatMap((r) => r.path.split('/').filter(Boolean).map(Number)))];
  const names = await repo.orgNames(db, ancestorIds);
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      type: r.type,
      typeLabel: ORG_TYPES[r.type as keyof typeof ORG_TYPES] ?? r.type,
      pathNames: r.path
        .split('/')
        .filter(Boolean)
        .map(Number)
        .slice(0, -1)
        .map((id) => names.get(id) ?? ''),
    })),
    total: rows.length,
  };
}

function notFuture(date: string, field: string) {
  if (date > clock.today()) throw fieldError(field, 'transfer.date_future', '日期不能晚于今天');
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

export interface StartTransferInput {
  direction: 'internal' | 'out' | 'in';
  memberId?: number | undefined;
  toOrgId?: number | undefined;
  outsideOrgName?: string | undefined;
  outsideLetterNo?: string | undefined;
  reason: string;
  startedOn?: string | undefined;
  validMonths?: number | undefined;
  member?:
    | {
        name: string;
        idNumber: string;
        phone?: string | undefined;
        stage: 'probationary' | 'full';
        joinedOn?: string | undefined;
        fullMemberOn?: string | undefined;
      }
    | undefined;
}

/** transferMember: the sending org starts it (internal, out); the receiving org records an arrival from outside (in). */
export async function startTransfer(
  trx: Executor,
  ctx: RequestContext,
  input: StartTransferInput,
): Promise<number> {
  const today = clock.today();
  const startedOn = input.startedOn ?? today;
  notFuture(startedOn, 'startedOn');
  const validUntil = letterValidUntil(startedOn, input.validMonths ?? DEFAULT_LETTER_VALIDITY_MONTHS);
  if (isLetterExpired(validUntil, today))
    throw transferRuleError([
      relationshipRefusal('M4', `介绍信开具于${startedOn}，已于${validUntil}过期`, 'startedOn'),
    ]);

  if (input.direction === 'in') return recordArrival(trx, ctx, input, startedOn, validUntil);

  const member = await repo.findMember(trx, input.memberId!, scopePaths(ctx.actor, 'transfer.read'));
  if (!member) throw fieldError('memberId', 'member.not_found', '未找到该党员，或您无权查看');
  if (!can(ctx.actor, 'transfer.start', member.org_path)) throw new AppError('forbidden');
  if (!HOLDS_RELATIONSHIP.includes(member.stage))
    throw fieldError('memberId', 'transfer.not_member', '只有正式党员和预备党员转接组织关系');
  if (!['normal', 'mobile', 'lost_contact'].includes(member.status))
    throw fieldError('memberId', 'transfer.member_status', `${member.name}当前的状态不能转接组织关系`);
  if (await repo.openTransferOf(trx, member.id))
    throw new AppError('transfer.open_exists', { detail: `${member.name}已有未完成的组织关系转接` });

  let toOrg: Awaited<ReturnType<typeof repo.findOrg>>;
  if (input.direction === 'internal') {
    toOrg = await repo.findOrg(trx, input.toOrgId!);
    if (toOrg?.status !== 'active')
      throw fieldError('toOrgId', 'org.not_found', '未找到接收的党组织，或该组织已撤销');
    if (toOrg.id === member.org_id)
      throw fieldError('toOrgId', 'transfer.same_org', '接收组织与转出组织相同');
  }
  let id: number;
  try {
    id = await repo.insertTransfer(trx, {
      region_code: member.region_code,
      member_id: member.id,
      direction: input.direction,
      from_org_id: member.org_id,
      to_org_id: toOrg?.id ?? null,
      outside_org_name: input.direction === 'out' ? input.outsideOrgName! : null,
      outside_letter_no: input.direction === 'out' ? input.outsideLetterNo! : null,
      state: 'pending',
      reason: input.reason,
      started_on: startedOn,
      letter_valid_until: validUntil,
      started_by: ctx.actor.userId,
      accepted_on: null,
      accepted_by: null,
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('transfer.open_exists', { detail: `${member.name}已有未完成的组织关系转接` });
    throw error;
  }
  await audit(trx, ctx, {
    action: 'transfer.start',
    entityType: 'member_transfer',
    entityId: id,
    orgPath: member.org_path,
    regionCode: member.region_code,
    after: {
      memberId: member.id,
      name: member.name,
      direction: input.direction,
      fromOrg: member.org_name,
      toOrg: toOrg?.name ?? input.outsideOrgName,
      letterNo: input.outsideLetterNo ?? null,
      letterValidUntil: validUntil,
      reason: input.reason,
    },
  });
  return id;
}

/** A member arriving with a paper letter from outside the system: the receiving org records and accepts it at once. */
async function recordArrival(
  trx: Executor,
  ctx: RequestContext,
  input: StartTransferInput,
  startedOn: string,
  validUntil: string,
): Promise<number> {
  const org = await repo.findOrg(trx, input.toOrgId!);
  if (!org || !can(ctx.actor, 'transfer.read', org.path))
    throw fieldError('toOrgId', 'org.not_found', '未找到接收的党组织，或您无权查看');
  if (!can(ctx.actor, 'transfer.receive', org.path)) throw new AppError('forbidden');
  if (org.status !== 'active') throw new AppError('org.dissolved', { detail: '该党组织已撤销' });
  const m = input.member!;
  const checked = validateIdNumber(m.idNumber, clock.today());
  if (!checked.ok) throw fieldError('member.idNumber', checked.code, checked.message);
  if (m.joinedOn && m.joinedOn < checked.birthDate)
    throw fieldError('member.joinedOn', 'member.date_order', '入党日期不能早于出生日期');
  const holder = await trx
    .selectFrom('members')
    .select('id')
    .where('id_number', '=', checked.normalized)
    .executeTakeFirst();
  if (holder) {
    const message = '该身份证号码已在系统内登记，请由其所在党组织发起系统内转接';
    throw new AppError('member.duplicate_id_number', {
      detail: message,
      errors: [{ field: 'member.idNumber', code: 'member.duplicate_id_number', message }],
    });
  }
  const { pinyin, initials } = namePinyin(m.name);
  const member = await trx
    .insertInto('members')
    .values({
      region_code: org.region_code,
      org_id: org.id,
      name: m.name,
      name_search: normalizeForSearch(m.name),
      name_pinyin: pinyin,
      name_initials: initials,
      id_number: checked.normalized,
      gender: checked.gender,
      birth_date: checked.birthDate,
      phone: m.phone ?? null,
      joined_on: m.joinedOn ?? null,
      full_member_on: m.stage === 'full' ? (m.fullMemberOn ?? null) : null,
      stage: m.stage,
      status: 'normal',
      updated_at: clock.now(),
    })
    .returning(['id', 'region_code'])
    .executeTakeFirstOrThrow();
  const id = await repo.insertTransfer(trx, {
    region_code: member.region_code,
    member_id: member.id,
    direction: 'in',
    from_org_id: null,
    to_org_id: org.id,
    outside_org_name: input.outsideOrgName!,
    outside_letter_no: input.outsideLetterNo!,
    state: 'accepted',
    reason: input.reason,
    started_on: startedOn,
    letter_valid_until: validUntil,
    started_by: ctx.actor.userId,
    accepted_on: clock.today(),
    accepted_by: ctx.actor.userId,
  });
  await audit(trx, ctx, {
    action: 'member.create',
    entityType: 'member',
    entityId: member.id,
    orgPath: org.path,
    regionCode: member.region_code,
    after: {
      name: m.name,
      orgId: org.id,
      orgName: org.name,
      idNumber: maskIdNumber(checked.normalized),
      stage: m.stage,
      via: `由系统外转入（${input.outsideOrgName}，介绍信${input.outsideLetterNo}）`,
    },
  });
  await audit(trx, ctx, {
    action: 'transfer.start',
    entityType: 'member_transfer',
    entityId: id,
    orgPath: org.path,
    regionCode: member.region_code,
    after: {
      memberId: member.id,
      name: m.name,
      direction: 'in',
      fromOrg: input.outsideOrgName,
      toOrg: org.name,
      letterNo: input.outsideLetterNo,
      reason: input.reason,
    },
  });
  return id;
}

/** Loads a visible transfer, checks the acting side's permission and the state machine. */
async function prepare(trx: Executor, ctx: RequestContext, id: number, action: TransferAction) {
  const row = await transferInScope(trx, ctx, id);
  await repo.lockTransfer(trx, id);
  const { path, permission } = actorSide(row, action);
  if (path === null || !can(ctx.actor, permission, path)) throw new AppError('forbidden');
  const next = nextTransferState(row.direction, row.state, action);
  if (!next)
    throw new AppError('transfer.state', { detail: `该转接${TRANSFER_STATES[row.state]}，不能进行此操作` });
  return { row, next, path };
}

export async function acceptTransfer(
  trx: Executor,
  ctx: RequestContext,
  id: number,
  input: { acceptedOn?: string | undefined },
) {
  const { row, next, path } = await prepare(trx, ctx, id, 'accept');
  const today = clock.today();
  const acceptedOn = input.acceptedOn ?? today;
  notFuture(acceptedOn, 'acceptedOn');
  if (acceptedOn < row.started_on)
    throw fieldError('acceptedOn', 'transfer.date_order', '接收日期不能早于开具日期');
  // the daily sweep may not have run yet: an out-of-date letter cannot be accepted
  if (isLetterExpired(row.letter_valid_until, acceptedOn))
    throw transferRuleError([
      relationshipRefusal(
        'M4',
        `介绍信有效期至${row.letter_valid_until}，已过期，请转出组织重新开具`,
        'acceptedOn',
      ),
    ]);
  await repo.updateTransfer(trx, id, { state: next, accepted_on: acceptedOn, accepted_by: ctx.actor.userId });
  await repo.moveMember(trx, row.member_id, row.from_org_id!, row.to_org_id!);
  await audit(trx, ctx, {
    action: 'transfer.accept',
    entityType: 'member_transfer',
    entityId: id,
    orgPath: path,
    regionCode: row.region_code,
    before: { state: row.state },
    after: { state: next, acceptedOn },
  });
  await audit(trx, ctx, {
    action: 'transfer.accept',
    entityType: 'member',
    entityId: row.member_id,
    orgPath: path,
    regionCode: row.region_code,
    before: { orgId: row.from_org_id, orgName: row.from_name },
    after: { orgId: row.to_org_id, orgName: row.to_name, transferId: id },
  });
}

export async function returnTransfer(
  trx: Executor,
  ctx: RequestContext,
  id: number,
  input: { reason: string },
) {
  const { row, next, path } = await prepare(trx, ctx, id, 'return');
  const today = clock.today();
  await repo.updateTransfer(trx, id, {
    state: next,
    returned_on: today,
    return_reason: input.reason,
    closed_by: ctx.actor.userId,
  });
  await audit(trx, ctx, {
    action: 'transfer.return',
    entityType: 'member_transfer',
    entityId: id,
    orgPath: path,
    regionCode: row.region_code,
    before: { state: row.state },
    after: { state: next, reason: input.reason },
  });
}

/** M4: the receipt (回执) completes the transfer; out of the system, the member is no longer held here. */
export async function recordReceipt(
  trx: Executor,
  ctx: RequestContext,
  id: number,
  input: { receiptNo?: string | undefined; completedOn?: string | undefined },
) {
  const { row, next, path } = await prepare(trx, ctx, id, 'receipt');
  const completedOn = input.completedOn ?? clock.today();
  notFuture(completedOn, 'completedOn');
  if (completedOn < row.started_on)
    throw fieldError('completedOn', 'transfer.date_order', '回执日期不能早于开具日期');
  await repo.updateTransfer(trx, id, {
    state: next,
    completed_on: completedOn,
    receipt_no: input.receiptNo ?? null,
    closed_by: ctx.actor.userId,
  });
  if (row.direction === 'out') {
    await repo.setMemberStatus(trx, row.member_id, {
      status: 'transferred_out',
      mobile_card_no: null,
      mobile_location: null,
    });
    await audit(trx, ctx, {
      action: 'transfer.receipt',
      entityType: 'member',
      entityId: row.member_id,
      orgPath: path,
      regionCode: row.region_code,
      before: { status: row.member_status },
      after: { status: 'transferred_out', toOrg: row.outside_org_name, letterNo: row.outside_letter_no },
    });
  }
  await audit(trx, ctx, {
    action: 'transfer.receipt',
    entityType: 'member_transfer',
    entityId: id,
    orgPath: path,
    regionCode: row.region_code,
    before: { state: row.state },
    after: { state: next, completedOn, receiptNo: input.receiptNo ?? null },
  });
}

export async function cancelTransfer(
  trx: Executor,
  ctx: RequestContext,
  id: number,
  input: { reason?: string | undefined },
) {
  const { row, next, path } = await prepare(trx, ctx, id, 'cancel');
  await repo.updateTransfer(trx, id, { state: next, closed_by: ctx.actor.userId });
  await audit(trx, ctx, {
    action: 'transfer.cancel',
    entityType: 'member_transfer',
    entityId: id,
    orgPath: path,
    regionCode: row.region_code,
    before: { state: row.state },
    after: { state: next, reason: input.reason ?? null },
  });
}

// ---------------------------------------------------------------- mobile-member cards (M3)

async function memberForCard(trx: Executor, ctx: RequestContext, memberId: number) {
  const member = await repo.findMember(trx, memberId, scopePaths(ctx.actor, 'transfer.read'));
  if (!member) throw notFound('未找到该党员，或您无权查看');
  if (!can(ctx.actor, 'transfer.start', member.org_path)) throw new AppError('forbidden');
  return member;
}

export async function issueMobileCard(
  trx: Executor,
  ctx: RequestContext,
  memberId: number,
  input: { cardNo: string; location: string; from?: string | undefined; until: string },
) {
  const member = await memberForCard(trx, ctx, memberId);
  if (!HOLDS_RELATIONSHIP.includes(member.stage))
    throw fieldError('memberId', 'transfer.not_member', '只有正式党员和预备党员可以开具流动党员活动证');
  if (!['normal', 'mobile'].includes(member.status))
    throw fieldError('memberId', 'transfer.member_status', `${member.name}当前的状态不能开具流动党员活动证`);
  const from = input.from ?? clock.today();
  const refusals = checkMobileCard(from, input.until);
  if (refusals.length) throw transferRuleError(refusals);
  await repo.endOpenCards(trx, member.id, from);
  await repo.insertCard(trx, {
    region_code: member.region_code,
    member_id: member.id,
    card_no: input.cardNo,
    location: input.location,
    valid_from: from,
    valid_until: input.until,
    issued_by: ctx.actor.userId,
  });
  await repo.setMemberStatus(trx, member.id, {
    status: 'mobile',
    mobile_card_no: input.cardNo,
    mobile_location: input.location,
  });
  await audit(trx, ctx, {
    action: 'member.mobile_card',
    entityType: 'member',
    entityId: member.id,
    orgPath: member.org_path,
    regionCode: member.region_code,
    before: {
      status: member.status,
      mobileCardNo: member.mobile_card_no,
      mobileLocation: member.mobile_location,
    },
    after: {
      status: 'mobile',
      mobileCardNo: input.cardNo,
      mobileLocation: input.location,
      from,
      until: input.until,
    },
  });
  return mobileView(trx, member.id);
}

export async function endMobileCard(trx: Executor, ctx: RequestContext, memberId: number) {
  const member = await memberForCard(trx, ctx, memberId);
  if (member.status !== 'mobile')
    throw new AppError('conflict', { detail: `${member.name}不是流动党员，没有需要收回的活动证` });
  await repo.endOpenCards(trx, member.id, clock.today());
  await repo.setMemberStatus(trx, member.id, {
    status: 'normal',
    mobile_card_no: null,
    mobile_location: null,
  });
  await audit(trx, ctx, {
    action: 'member.mobile_card_end',
    entityType: 'member',
    entityId: member.id,
    orgPath: member.org_path,
    regionCode: member.region_code,
    before: { status: 'mobile', mobileCardNo: member.mobile_card_no, mobileLocation: member.mobile_location },
    after: { status: 'normal' },
  });
  return mobileView(trx, member.id);
}

async function mobileView(db: Executor, memberId: number) {
  const m = await db
    .selectFrom('members')
    .select(['status', 'mobile_card_no', 'mobile_location'])
    .where('id', '=', memberId)
    .executeTakeFirstOrThrow();
  const card = m.status === 'mobile' ? await repo.currentCard(db, memberId) : undefined;
  return {
    memberId,
    status: m.status,
    cardNo: m.mobile_card_no,
    location: m.mobile_location,
    from: card?.valid_from ?? null,
    until: card?.valid_until ?? null,
  };
}

/** The daily sweep (M4): pending letters past their validity expire; the member never left the sending org. */
export async function expireTransfers(
  db: Executor,
  today = clock.today(),
): Promise<{ expired: number; cardsExpired: number }> {
  return {
    expired: await repo.expireLetters(db, today),
    cardsExpired: await repo.expireMobileCards(db, today),
  };
}
