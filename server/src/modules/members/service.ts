import {
  checkMemberRow,
  duplicatesInFile,
  GENDER_LABELS,
  MEMBER_STAGE_LABELS,
  MEMBER_STATUS_LABELS,
  maskIdNumber,
  maskPhone,
  namePinyin,
  normalizeForSearch,
  type Permission,
  validateIdNumber,
} from '@honglian/domain';
import { type Kysely, sql } from 'kysely';
import { allowedActions, assertCan, can, scopePaths } from '../../platform/access.ts';
import { AUDIT_ACTION_LABELS, audit, auditMany } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import type { DB, Member } from '../../platform/db/schema.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import {
  assertImportRows,
  importSummary,
  lockImportBatch,
  markImportCommitted,
  saveImportBatch,
} from '../../platform/imports.ts';
import { requestRecheck } from '../compliance/recheck.ts';
import { findOrg } from '../orgs/repository.ts';
import { parseMemberWorkbook } from './excel.ts';
import * as repo from './repository.ts';
import type { CreateMemberInput, ListMembersFilter, UpdateMemberInput } from './schemas.ts';

const MEMBER_ACTIONS: Permission[] = ['member.read_full', 'member.manage'];
const NOT_FOUND = '未找到该党员，或您无权查看';

// ---------------------------------------------------------------- shapes

export function toMemberItem(row: repo.MemberRow) {
  return {
    id: row.id,
    name: row.name,
    gender: row.gender,
    genderLabel: GENDER_LABELS[row.gender],
    idNumber: maskIdNumber(row.id_number),
    phone: row.phone ? maskPhone(row.phone) : null,
    orgId: row.org_id,
    orgName: row.org_name,
    regionCode: row.region_code,
    stage: row.stage,
    stageLabel: MEMBER_STAGE_LABELS[row.stage as keyof typeof MEMBER_STAGE_LABELS] ?? row.stage,
    status: row.status,
    statusLabel: MEMBER_STATUS_LABELS[row.status as keyof typeof MEMBER_STATUS_LABELS] ?? row.status,
    joinedOn: row.joined_on,
    workUnit: row.work_unit,
  };
}

async function toDetail(db: Executor, ctx: RequestContext | null, row: repo.MemberRow, full: boolean) {
  const scope = ctx ? scopePaths(ctx.actor, 'member.read') : [row.org_path];
  return {
    ...toMemberItem(row),
    masked: !full,
    idNumber: full ? row.id_number : maskIdNumber(row.id_number),
    phone: full ? row.phone : row.phone ? maskPhone(row.phone) : null,
    birthDate: full ? row.birth_date : null,
    ethnicity: row.ethnicity,
    education: row.education,
    fullMemberOn: row.full_member_on,
    mobileLocation: row.mobile_location,
    mobileCardNo: row.mobile_card_no,
    hasAccount: row.user_id !== null,
    orgPathNames: await repo.orgNamesOnPath(db, row.org_path, scope.length ? scope : [row.org_path]),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    actions: ctx ? allowedActions(ctx.actor, MEMBER_ACTIONS, row.org_path) : [],
  };
}

/** What an audit event keeps of a member: never the full ID number or phone (history is shown to readers). */
export function memberSnapshot(m: Member, orgName: string) {
  return {
    name: m.name,
    orgId: m.org_id,
    orgName,
    idNumber: maskIdNumber(m.id_number),
    gender: m.gender,
    phone: m.phone ? maskPhone(m.phone) : null,
    ethnicity: m.ethnicity,
    education: m.education,
    workUnit: m.work_unit,
    joinedOn: m.joined_on,
    fullMemberOn: m.full_member_on,
    stage: m.stage,
    status: m.status,
    mobileLocation: m.mobile_location,
    mobileCardNo: m.mobile_card_no,
  };
}

// ---------------------------------------------------------------- reads

/** The filter of a list or export: the caller's scope for `permission`, narrowed to an org's subtree. */
export async function memberFilter(
  db: Executor,
  ctx: RequestContext,
  query: ListMembersFilter,
  permission: Permission = 'member.read',
): Promise<repo.MemberFilter> {
  if (!can(ctx.actor, permission)) throw new AppError('forbidden');
  const scope = scopePaths(ctx.actor, permission);
  const filter: repo.MemberFilter = { scope, fullScope: scopePaths(ctx.actor, 'member.read_full') };
  if (query.orgId !== undefined) {
    const org = await findOrg(db, query.orgId, scope);
    if (!org) throw notFound('未找到该党组织，或您无权查看');
    filter.subtreePath = org.path;
  }
  if (query.q) filter.q = normalizeForSearch(query.q);
  if (query.stage) filter.stage = query.stage;
  if (query.status) filter.status = query.status;
  return filter;
}

export async function listMembers(
  db: Executor,
  ctx: RequestContext,
  query: ListMembersFilter & { page: number; pageSize: number },
) {
  const filter = await memberFilter(db, ctx, query);
  const { rows, total } = await repo.listMembers(db, filter, {
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  await auditHiddenTailSearch(db, ctx, filter.q, rows);
  return { items: rows.map(toMemberItem), total };
}

/**
 * A search by more of an ID number or phone than the masked answer shows (a whole one above all)
 * tells the caller those hidden digits: a full read of each member it finds, audited as one.
 * Only readers in full get such hits (`fullScope`), so this never records a read that was refused.
 */
async function auditHiddenTailSearch(
  db: Executor,
  ctx: RequestContext,
  q: string | undefined,
  rows: repo.MemberRow[],
) {
  const tail = q ? repo.searchTail(q) : null;
  if (!tail || tail.length <= repo.VISIBLE_TAIL || rows.length === 0) return;
  await auditMany(
    db,
    ctx,
    rows.map((row) => {
      const fields = [
        ...(row.id_number.toUpperCase().endsWith(tail) ? ['idNumber'] : []),
        ...(row.phone?.endsWith(tail) ? ['phone'] : []),
      ];
      return {
        action: 'member.read_full',
        entityType: 'member',
        entityId: row.id,
        orgPath: row.org_path,
        regionCode: row.region_code,
        after: { name: row.name, fields, via: 'search', searchedChars: tail.length },
      };
    }),
  );
}

export async function getMemberRow(db: Executor, ctx: RequestContext, id: number, permission?: Permission) {
  const row = await repo.findMember(db, id, scopePaths(ctx.actor, 'member.read'));
  if (!row) throw notFound(NOT_FOUND);
  if (permission) assertCan(ctx.actor, permission, row.org_path);
  return row;
}

export async function getMember(db: Executor, ctx: RequestContext, id: number) {
  return toDetail(db, ctx, await getMemberRow(db, ctx, id), false);
}

/**
 * The full ID number and phone: only with member.read_full, and every read leaves an audit event with
 * the reason the reader gave.
 */
export async function getMemberFull(trx: Executor, ctx: RequestContext, id: number, reason: string) {
  const row = await getMemberRow(trx, ctx, id, 'member.read_full');
  await audit(trx, ctx, {
    action: 'member.read_full',
    entityType: 'member',
    entityId: row.id,
    orgPath: row.org_path,
    regionCode: row.region_code,
    after: { name: row.name, fields: ['idNumber', 'phone', 'birthDate'], reason },
  });
  return toDetail(trx, ctx, row, true);
}

/**
 * The caller's own member record, in full. Not audited: the full-read audit exists to trace who looked
 * at *other* people's data; a member opening their own record on the phone is not such an access, and
 * logging every visit would bury the reads that matter.
 */
/** The member record a user account belongs to, if any (the phone shows 党员档案 and 党费 only then). */
export async function memberIdOfUser(db: Executor, userId: number): Promise<number | null> {
  const row = await db.selectFrom('members').select('id').where('user_id', '=', userId).executeTakeFirst();
  return row?.id ?? null;
}

export async function myMember(db: Executor, ctx: RequestContext) {
  const row = await repo.findMemberByUser(db, ctx.actor.userId);
  if (!row) throw notFound('您的账号尚未关联党员档案，请联系所在党支部');
  return { ...(await toDetail(db, null, row, true)), actions: [] };
}

/** The member record a user account belongs to (id, organization, name), or undefined: for other modules. */
export async function memberOfUser(db: Executor, userId: number) {
  const row = await repo.findMemberByUser(db, userId);
  return row ? { id: row.id, orgId: row.org_id, name: row.name } : undefined;
}

export async function memberHistory(db: Executor, ctx: RequestContext, id: number) {
  await getMemberRow(db, ctx, id);
  const rows = await db
    .selectFrom('audit_events')
    .select(['id', 'at', 'action', 'actor_name', 'before', 'after'])
    .where('entity_type', '=', 'member')
    .where('entity_id', '=', String(id))
    .where('action', '<>', 'member.read_full')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      at: r.at,
      action: r.action,
      actionLabel: AUDIT_ACTION_LABELS[r.action] ?? r.action,
      actorName: r.actor_name,
      before: r.before,
      after: r.after,
    })),
    total: rows.length,
  };
}

// ---------------------------------------------------------------- writes

function checkIdNumber(
  value: string,
  input: { gender?: string | undefined; birthDate?: string | undefined },
) {
  const checked = validateIdNumber(value, clock.today());
  if (!checked.ok) throw fieldError('idNumber', checked.code, checked.message);
  if (input.gender && input.gender !== checked.gender)
    throw fieldError('gender', 'member.gender_mismatch', '性别与身份证号码不符');
  if (input.birthDate && input.birthDate !== checked.birthDate)
    throw fieldError('birthDate', 'member.birth_date_mismatch', '出生日期与身份证号码不符');
  return checked;
}

/** 409 for an ID number already registered; the holder is named only when it lies in the caller's scope. */
async function assertIdNumberFree(db: Executor, ctx: RequestContext, idNumber: string, exceptId?: number) {
  const holder = await repo.findByIdNumber(db, idNumber);
  if (!holder || holder.id === exceptId) return;
  throw duplicateError(can(ctx.actor, 'member.read', holder.org_path) ? holder : null);
}

function duplicateError(holder: { name: string; org_name: string } | null) {
  const message = holder
    ? `该身份证号码已登记为党员「${holder.name}」（${holder.org_name}）`
    : '该身份证号码已在其他党组织登记，请联系上级组织核实';
  return new AppError('member.duplicate_id_number', {
    detail: message,
    errors: [{ field: 'idNumber', code: 'member.duplicate_id_number', message }],
  });
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

function dateOrder(v: { birthDate: string; joinedOn?: string | null; fullMemberOn?: string | null }) {
  if (v.joinedOn && v.joinedOn > clock.today())
    throw fieldError('joinedOn', 'member.date_future', '入党日期不能晚于今天');
  if (v.joinedOn && v.joinedOn < v.birthDate)
    throw fieldError('joinedOn', 'member.date_order', '入党日期不能早于出生日期');
  if (v.fullMemberOn && v.joinedOn && v.fullMemberOn < v.joinedOn)
    throw fieldError('fullMemberOn', 'member.date_order', '转正日期不能早于入党日期');
}

export async function createMember(trx: Executor, ctx: RequestContext, input: CreateMemberInput) {
  const checked = checkIdNumber(input.idNumber, input);
  const org = await findOrg(trx, input.orgId, scopePaths(ctx.actor, 'member.read'));
  if (!org) throw fieldError('orgId', 'org.not_found', '未找到该党组织，或您无权查看');
  assertCan(ctx.actor, 'member.manage', org.path);
  if (org.status !== 'active')
    throw new AppError('org.dissolved', { detail: '该党组织已撤销，不能新增党员' });
  dateOrder({ birthDate: checked.birthDate, joinedOn: input.joinedOn, fullMemberOn: input.fullMemberOn });
  await assertIdNumberFree(trx, ctx, checked.normalized);
  const { pinyin, initials } = namePinyin(input.name);
  let member: Member;
  try {
    member = await repo.insertMember(trx, {
      org_id: org.id,
      region_code: org.region_code,
      name: input.name,
      name_search: normalizeForSearch(input.name),
      name_pinyin: pinyin,
      name_initials: initials,
      id_number: checked.normalized,
      gender: checked.gender,
      birth_date: checked.birthDate,
      phone: input.phone ?? null,
      ethnicity: input.ethnicity ?? null,
      education: input.education ?? null,
      work_unit: input.workUnit ?? null,
      joined_on: input.joinedOn ?? null,
      full_member_on: input.fullMemberOn ?? null,
      stage: input.stage ?? 'full',
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateError(null);
    throw error;
  }
  await audit(trx, ctx, {
    action: 'member.create',
    entityType: 'member',
    entityId: member.id,
    orgPath: org.path,
    regionCode: member.region_code,
    after: memberSnapshot(member, org.name),
  });
  await requestRecheck(trx, [org.id]);
  return member.id;
}

export async function updateMember(trx: Executor, ctx: RequestContext, id: number, input: UpdateMemberInput) {
  const row = await getMemberRow(trx, ctx, id, 'member.manage');
  const values: Partial<Member> = {};
  let birthDate = row.birth_date;
  if (input.idNumber !== undefined) {
    const checked = checkIdNumber(input.idNumber, {});
    if (checked.normalized !== row.id_number) {
      await assertIdNumberFree(trx, ctx, checked.normalized, row.id);
      values.id_number = checked.normalized;
      values.gender = checked.gender;
      values.birth_date = checked.birthDate;
      birthDate = checked.birthDate;
    }
  }
  if (input.name !== undefined && input.name !== row.name) {
    const { pinyin, initials } = namePinyin(input.name);
    Object.assign(values, {
      name: input.name,
      name_search: normalizeForSearch(input.name),
      name_pinyin: pinyin,
      name_initials: initials,
    });
  }
  if (input.phone !== undefined) values.phone = input.phone;
  if (input.ethnicity !== undefined) values.ethnicity = input.ethnicity;
  if (input.education !== undefined) values.education = input.education;
  if (input.workUnit !== undefined) values.work_unit = input.workUnit;
  if (input.joinedOn !== undefined) values.joined_on = input.joinedOn;
  if (input.fullMemberOn !== undefined) values.full_member_on = input.fullMemberOn;
  dateOrder({
    birthDate,
    joinedOn: values.joined_on !== undefined ? values.joined_on : row.joined_on,
    fullMemberOn: values.full_member_on !== undefined ? values.full_member_on : row.full_member_on,
  });

  const status = input.status ?? row.status;
  const statusChanged = status !== row.status;
  if (statusChanged && !input.statusReason)
    throw fieldError('statusReason', 'member.status_reason_required', '变更党员状态请填写原因');
  if (status === 'mobile') {
    const location = input.mobileLocation !== undefined ? input.mobileLocation : row.mobile_location;
    if (!location)
      throw fieldError(
        'mobileLocation',
        'member.mobile_location_required',
        '流动党员请填写流动去向（外出地点）',
      );
    values.mobile_location = location;
    if (input.mobileCardNo !== undefined) values.mobile_card_no = input.mobileCardNo;
  } else if (row.mobile_location !== null || row.mobile_card_no !== null) {
    // the card and place belong to the mobile status; the audit event keeps what they were
    values.mobile_location = null;
    values.mobile_card_no = null;
  }
  if (statusChanged) {
    values.status = status;
    // M2 counts from this day: the business date, not the database's (the trigger's fallback)
    values.status_since = clock.today();
  }

  if (Object.keys(values).length === 0) return;
  let updated: Member;
  try {
    updated = await repo.updateMember(trx, id, values);
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateError(null);
    throw error;
  }
  await audit(trx, ctx, {
    action: statusChanged ? 'member.status' : 'member.update',
    entityType: 'member',
    entityId: id,
    orgPath: row.org_path,
    regionCode: updated.region_code,
    before: memberSnapshot(row, row.org_name),
    after: {
      ...memberSnapshot(updated, row.org_name),
      ...(statusChanged ? { statusReason: input.statusReason } : {}),
    },
  });
  await requestRecheck(trx, [row.org_id, updated.org_id]);
}

// ---------------------------------------------------------------- import

/**
 * Reads an uploaded ledger, checks every row (pure checks, then the organization and the register in
 * two set-based queries) and stores the batch. Nothing is written to the register here.
 */
export async function previewImport(
  db: Kysely<DB>,
  ctx: RequestContext,
  file: { fileName: string; buffer: Buffer },
) {
  if (!can(ctx.actor, 'member.import')) throw new AppError('forbidden');
  const scope = scopePaths(ctx.actor, 'member.import');
  const parsed = await parseMemberWorkbook(file.buffer);
  assertImportRows(parsed.length, '党员数据');
  const today = clock.today();
  const rows = parsed.map((p) => ({ rowNo: p.rowNo, ...checkMemberRow(p.raw, today) }));

  const names = [...new Set(rows.flatMap((r) => (r.row.orgName && !r.row.orgId ? [r.row.orgName] : [])))];
  const ids = [...new Set(rows.flatMap((r) => (r.row.orgId ? [r.row.orgId] : [])))];
  const orgs = await repo.orgsForImport(db, scope, names, ids);
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const byName = new Map<string, repo.OrgRef[]>();
  for (const o of orgs) byName.set(o.name, [...(byName.get(o.name) ?? []), o]);

  const dupInFile = duplicatesInFile(rows.map((r) => ({ rowNo: r.rowNo, idNumber: r.row.idNumber })));
  const validIds = [...new Set(rows.flatMap((r) => (r.row.idNumber ? [r.row.idNumber] : [])))];
  const existing = new Map((await repo.membersByIdNumbers(db, validIds)).map((m) => [m.id_number, m]));

  let toInsert = 0;
  let toUpdate = 0;
  const stored: repo.ImportRowValues[] = rows.map(({ rowNo, row, problems }) => {
    const add = (column: string, code: string, message: string) => problems.push({ column, code, message });
    let org: repo.OrgRef | undefined;
    if (row.orgId) {
      org = byId.get(row.orgId);
      if (!org) add('党组织编号', 'import.org_unknown', '未找到该编号的党组织，或不在您的管理范围内');
      else if (row.orgName && row.orgName !== org.name)
        add(
          '所在党组织',
          'import.org_mismatch',
          `党组织编号 ${org.id} 对应「${org.name}」，与所填名称不一致`,
        );
    } else if (row.orgName) {
      const found = byName.get(row.orgName) ?? [];
      if (found.length === 0) add('所在党组织', 'import.org_unknown', '未找到该党组织，或不在您的管理范围内');
      else if (found.length > 1)
        add('所在党组织', 'import.org_ambiguous', '有多个同名党组织，请同时填写“党组织编号”');
      else org = found[0];
    }
    if (org && org.status !== 'active') {
      add('所在党组织', 'import.org_dissolved', '该党组织已撤销');
      org = undefined;
    }
    const first = dupInFile.get(rowNo);
    if (first !== undefined)
      add('公民身份号码', 'import.duplicate_in_file', `与第 ${first} 行的身份证号码重复`);
    const held = row.idNumber ? existing.get(row.idNumber) : undefined;
    if (held && !scope.some((p) => held.org_path.startsWith(p))) {
      add(
        '公民身份号码',
        'import.duplicate_outside_scope',
        '该身份证号码已在您管理范围以外的党组织登记，请联系上级组织核实',
      );
    } else if (held && org && held.org_id !== org.id) {
      add(
        '所在党组织',
        'import.org_mismatch',
        `该党员已在「${held.org_name}」登记；变更所在党组织请办理组织关系转接`,
      );
    }
    const ok = problems.length === 0;
    if (ok) {
      if (held) toUpdate++;
      else toInsert++;
    }
    const search = row.name ? namePinyin(row.name) : null;
    return {
      row_no: rowNo,
      region_code: org?.region_code ?? null,
      org_id: org?.id ?? null,
      name: row.name,
      name_search: row.name ? normalizeForSearch(row.name) : null,
      name_pinyin: search?.pinyin ?? null,
      name_initials: search?.initials ?? null,
      id_number: row.idNumber,
      gender: row.gender,
      birth_date: row.birthDate,
      phone: row.phone,
      ethnicity: row.ethnicity,
      education: row.education,
      work_unit: row.workUnit,
      joined_on: row.joinedOn,
      full_member_on: row.fullMemberOn,
      stage: row.stage,
      errors: JSON.stringify(problems),
      ok,
    };
  });

  const batchId = await saveImportBatch(
    db,
    ctx,
    {
      kind: 'members',
      orgPath: scope[0],
      fileName: file.fileName,
      totalRows: stored.length,
      badRows: stored.filter((r) => !r.ok).length,
      regionFallback: stored.find((r) => r.region_code)?.region_code ?? null,
    },
    (trx, id) => repo.insertImportRows(trx, id, stored),
  );
  return importPreview(db, ctx, batchId, { toInsert, toUpdate });
}

/** A batch's summary and its bad rows (the first 1,000), each with row number, column and reason. */
export async function importPreview(
  db: Executor,
  ctx: RequestContext,
  batchId: number,
  counts?: { toInsert: number; toUpdate: number },
) {
  const summary = await importSummary(db, ctx, batchId, 'members');
  let c = counts;
  if (!c) {
    // an update is a member the row's own organization holds (what the commit updates); who holds
    // the number anywhere else is not the reader's to learn
    const r = await sql<{ ins: number; upd: number }>`select
        count(*) filter (where m.id is null)::int as ins, count(m.id)::int as upd
        from import_rows r left join members m on m.id_number = r.id_number and m.org_id = r.org_id
       where r.batch_id = ${batchId} and r.ok`.execute(db);
    c = { toInsert: r.rows[0]?.ins ?? 0, toUpdate: r.rows[0]?.upd ?? 0 };
  }
  return { ...summary, toInsert: c.toInsert, toUpdate: c.toUpdate };
}

/**
 * Writes a previewed batch: `all` only when every row is good, `good_rows` skips the bad ones.
 * Set-based (two statements), audited per member and for the batch, idempotent.
 */
export async function commitImport(
  trx: Executor,
  ctx: RequestContext,
  batchId: number,
  mode: 'all' | 'good_rows',
) {
  const batch = await lockImportBatch(trx, ctx, batchId, 'members', mode);
  const scope = scopePaths(ctx.actor, 'member.import');
  const result = await repo.commitImportRows(trx, {
    batchId,
    scope,
    actorId: ctx.actor.userId,
    actorName: `${ctx.actor.displayName}（${ctx.actor.username}）`,
    ip: ctx.ip,
    requestId: ctx.requestId,
  });
  const good = batch.total_rows - batch.bad_rows;
  const skipped = batch.bad_rows + Math.max(0, good - result.inserted - result.updated - result.unchanged);
  await markImportCommitted(trx, batchId, result.inserted + result.updated);
  await audit(trx, ctx, {
    action: 'member.import',
    entityType: 'import_batch',
    entityId: batchId,
    orgPath: batch.org_path,
    regionCode: batch.region_code,
    after: { fileName: batch.file_name, mode, totalRows: batch.total_rows, ...result, skipped },
  });
  return { batchId, ...result, skipped };
}

// ---------------------------------------------------------------- export

/**
 * What an export may contain: members in the caller's member.export scope. The file is in full only
 * when the caller may read in full everywhere the export reaches; otherwise every row is masked.
 */
export async function exportPlan(db: Executor, ctx: RequestContext, query: ListMembersFilter) {
  const filter = await memberFilter(db, ctx, query, 'member.export');
  const reach = filter.subtreePath ? [filter.subtreePath] : filter.scope;
  const full = reach.length > 0 && reach.every((p) => can(ctx.actor, 'member.read_full', p));
  return { filter, full };
}

export async function* memberBatches(db: Executor, filter: repo.MemberFilter, size = 5000) {
  let after = 0;
  for (;;) {
    const batch = await repo.memberBatch(db, filter, after, size);
    if (batch.length === 0) return;
    yield batch;
    after = batch[batch.length - 1]!.id;
    if (batch.length < size) return;
  }
}

export async function auditExport(
  trx: Executor,
  ctx: RequestContext,
  details: { full: boolean; rows: number; query: ListMembersFilter; jobId?: number | null },
) {
  const binding = ctx.actor.bindings.find((b) => can(ctx.actor, 'member.export', b.orgPath));
  await audit(trx, ctx, {
    action: 'member.export',
    entityType: 'member',
    entityId: null,
    orgPath: binding?.orgPath ?? null,
    after: details,
  });
}

export function exportFileName(): string {
  return `党员名册-${clock.today().replaceAll('-', '')}.xlsx`;
}
