import {
  checkApplicantAge,
  checkCommitteeDecider,
  checkStep,
  DEVELOPMENT_STAGES,
  DEVELOPMENT_STEP_LABELS,
  type DevelopmentDueItem,
  type DevelopmentFacts,
  type DevelopmentRuleSet,
  type DevelopmentStage,
  type DevelopmentStepCode,
  type DevelopmentStepData,
  dueDates,
  type IntroducerFacts,
  isLaterStage,
  isOverdue,
  maskIdNumber,
  maskPhone,
  namePinyin,
  nextDue,
  normalizeForSearch,
  probationEnd,
  RULE_SETS,
  type RuleRefusal,
  ruleSetByVersion,
  ruleSetFor,
  stageOf,
  stepDefinition,
  TRANSFER_DIRECTIONS,
  TRANSFER_STATES,
  validateIdNumber,
  type WorkCalendar,
  withRegionalParameters,
} from '@honglian/domain';
import { assertCan, can, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { checkedType } from '../../platform/files.ts';
import { ruleParameters } from '../compliance/service.ts';
import { billOwedMonths } from '../dues/service.ts';
import * as repo from './repository.ts';

/**
 * Member development (发展党员): start a record for an applicant, record each step under the rule
 * set in force on the step's date, compute due dates, and move the member's stage forward.
 */

const STAGE_LABELS: Record<string, string> = DEVELOPMENT_STAGES;

/** The rules' refusals as a 422 problem: `errors[].code` is `rule.P11`, the message cites the article. */
export function ruleError(refusals: readonly RuleRefusal[]): AppError {
  const first = refusals[0]!;
  return new AppError('development.rule', {
    detail: first.message,
    errors: refusals.map((r) => ({ field: r.field ?? 'code', code: `rule.${r.rule}`, message: r.message })),
  });
}

function toFacts(record: { applied_on: string }, steps: repo.StepRow[]): DevelopmentFacts {
  return {
    appliedOn: record.applied_on,
    steps: steps.map((s) => ({
      code: s.step as DevelopmentStepCode,
      date: s.step_date,
      decision: s.decision,
      data: (s.data ?? {}) as DevelopmentStepData,
    })),
  };
}

function ruleSetView(set: DevelopmentRuleSet) {
  return {
    version: set.version,
    title: set.title,
    effectiveFrom: set.effectiveFrom,
    effectiveTo: set.effectiveTo,
    note: set.note,
  };
}

type SetFor = (date: string) => DevelopmentRuleSet;

/**
 * The rule sets as each region has them. P3's months between the application and the designation as
 * activist are 0 nationally; a region sets its own (6 in some) as an override of compliance rule P3
 * (PUT /api/v1/compliance/rules/P3/overrides/{regionPrefix}), which refusals and due dates then apply.
 */
async function regionalRuleSets(db: Executor): Promise<(regionCode: string) => SetFor> {
  const p3 = await ruleParameters(db, 'P3', clock.today());
  return (regionCode) => {
    const months = p3(regionCode).activistMinApplicationMonths;
    return (date) => {
      const set = ruleSetFor(date);
      return typeof months === 'number' && months !== set.params.activistMinApplicationMonths
        ? withRegionalParameters(set, { activistMinApplicationMonths: months })
        : set;
    };
  };
}

function dueOf(
  record: repo.RecordRow,
  facts: DevelopmentFacts,
  calendar: WorkCalendar,
  today: string,
  setFor: SetFor,
) {
  // a closed record has nothing left to be late for: only what was done (on time or late) remains
  const items = dueDates(facts, calendar, { today, setFor });
  return record.state === 'active' ? items : items.filter((i) => i.doneOn !== null);
}

function toItem(record: repo.RecordRow, steps: repo.StepRow[], due: DevelopmentDueItem[]) {
  const last = steps.at(-1);
  return {
    id: record.id,
    memberId: record.member_id,
    memberName: record.member_name,
    gender: record.member_gender,
    orgId: record.org_id,
    orgName: record.org_name,
    stage: record.stage,
    stageLabel: STAGE_LABELS[record.stage] ?? record.stage,
    state: record.state,
    ruleSet: record.rule_set,
    appliedOn: record.applied_on,
    lastStep: last
      ? {
          code: last.step,
          label: DEVELOPMENT_STEP_LABELS[last.step as DevelopmentStepCode] ?? last.step,
          date: last.step_date,
        }
      : null,
    nextDue: nextDue(due) ?? null,
    overdue: isOverdue(due),
    overdueCount: due.filter((d) => d.status === 'overdue').length,
  };
}

// ---------------------------------------------------------------- reads

export async function listRecords(
  db: Executor,
  ctx: RequestContext,
  calendar: WorkCalendar,
  query: { orgId?: number; stage?: string; state?: string; overdue?: boolean; q?: string; limit: number },
) {
  const scope = scopePaths(ctx.actor, 'development.read');
  let orgPath: string | undefined;
  if (query.orgId !== undefined) {
    const org = await db.selectFrom('orgs').select('path').where('id', '=', query.orgId).executeTakeFirst();
    if (!org || !can(ctx.actor, 'development.read', org.path)) throw notFound('未找到该党组织，或您无权查看');
    orgPath = org.path;
  }
  const q = query.q ? normalizeForSearch(query.q) : undefined;
  const filter: repo.RecordFilter = {
    scope,
    limit: query.limit,
    state: query.state ?? 'active',
    ...(orgPath ? { orgPath } : {}),
    ...(q ? { q } : {}),
  };
  // one read of the board (every stage), filtered by stage in memory: the counts per column come free
  const { rows } = await repo.listRecords(db, { ...filter, limit: 5000 });
  const steps = await repo.stepsOf(
    db,
    rows.map((r) => r.id),
  );
  const byRecord = new Map<number, repo.StepRow[]>();
  for (const s of steps) byRecord.set(s.record_id, [...(byRecord.get(s.record_id) ?? []), s]);
  const today = clock.today();
  const setsOf = await regionalRuleSets(db);
  const counts: Record<string, number> = Object.fromEntries(
    Object.keys(DEVELOPMENT_STAGES).map((s) => [s, 0]),
  );
  let items = rows.map((r) => {
    const own = byRecord.get(r.id) ?? [];
    counts[r.stage] = (counts[r.stage] ?? 0) + 1;
    return toItem(r, own, dueOf(r, toFacts(r, own), calendar, today, setsOf(r.region_code)));
  });
  if (query.stage) items = items.filter((i) => i.stage === query.stage);
  if (query.overdue !== undefined) items = items.filter((i) => i.overdue === query.overdue);
  return { items: items.slice(0, query.limit), total: items.length, counts };
}

async function recordInScope(db: Executor, ctx: RequestContext, id: number) {
  const record = await repo.findRecord(db, id, scopePaths(ctx.actor, 'development.read'));
  if (!record) throw notFound('未找到该发展党员记录，或您无权查看');
  return record;
}

/** The steps the actor may record now: prerequisites met, not yet done (unless repeatable), and allowed. */
function nextSteps(
  ctx: RequestContext,
  record: repo.RecordRow,
  facts: DevelopmentFacts,
  set: DevelopmentRuleSet,
  committeePath: string | null,
) {
  if (record.state !== 'active') return [];
  const stage = stageOf(facts, set);
  return set.steps
    .filter((def) => {
      if (def.code === 'application') return false;
      if (!def.during.includes(stage)) return false;
      if (!def.repeatable && facts.steps.some((s) => s.code === def.code && s.decision === 'approved'))
        return false;
      if (!def.requires.every((r) => facts.steps.some((s) => s.code === r && s.decision === 'approved')))
        return false;
      // committee steps: only whoever acts for the higher 党委 (P10, P12, P15)
      if (def.by === 'committee') return can(ctx.actor, 'development.approve', committeePath);
      return can(ctx.actor, 'development.manage', record.org_path);
    })
    .map((def) => ({ code: def.code, label: def.label, rule: def.rule, by: def.by }));
}

export async function getRecord(db: Executor, ctx: RequestContext, calendar: WorkCalendar, id: number) {
  const record = await recordInScope(db, ctx, id);
  const steps = await repo.stepsOf(db, [id]);
  const facts = toFacts(record, steps);
  const today = clock.today();
  const due = dueOf(record, facts, calendar, today, (await regionalRuleSets(db))(record.region_code));
  const inForce = ruleSetFor(today);
  const committee = await repo.higherCommittee(db, record.org_path);
  return {
    ...toItem(record, steps, due),
    member: {
      name: record.member_name,
      gender: record.member_gender,
      birthDate: record.member_birth_date,
      idNumber: maskIdNumber(record.member_id_number),
      phone: record.member_phone ? maskPhone(record.member_phone) : null,
      stage: record.member_stage,
      status: record.member_status,
      joinedOn: record.member_joined_on,
      fullMemberOn: record.member_full_member_on,
    },
    introducers: (Array.isArray(record.introducers) ? record.introducers : []) as Array<{
      memberId: number;
      name: string;
    }>,
    note: record.note,
    ruleSetInForce: ruleSetView(inForce),
    ruleSets: RULE_SETS.map(ruleSetView),
    steps: steps.map((s) => ({
      id: s.id,
      code: s.step,
      label: DEVELOPMENT_STEP_LABELS[s.step as DevelopmentStepCode] ?? s.step,
      date: s.step_date,
      decision: s.decision,
      ruleSet: s.rule_set,
      data: s.data,
      evidence: s.evidence_file_id ? { id: s.evidence_file_id, name: s.evidence_name ?? '材料' } : null,
      decidedBy: s.decided_by_name,
      note: s.note,
      recordedAt: s.created_at,
    })),
    dueDates: due,
    probationEnd: probationEnd(facts) ?? null,
    nextSteps: nextSteps(ctx, record, facts, inForce, committee?.path ?? null),
    actions: [
      ...(can(ctx.actor, 'development.manage', record.org_path) ? ['development.manage'] : []),
      ...(committee && can(ctx.actor, 'development.approve', committee.path) ? ['development.approve'] : []),
    ],
    approvingCommittee: committee ? { id: committee.id, name: committee.name } : null,
  };
}

// ---------------------------------------------------------------- writes

function assertNotFuture(date: string, field: string) {
  if (date > clock.today()) throw fieldError(field, 'development.date_future', '日期不能晚于今天');
}

/** registerApplicant: a new person applying, entered by the branch (stage 'applicant'). */
async function registerApplicant(
  trx: Executor,
  ctx: RequestContext,
  input: {
    orgId: number;
    name: string;
    idNumber: string;
    phone?: string | undefined;
    workUnit?: string | undefined;
  },
  appliedOn: string,
): Promise<repo.MemberFacts> {
  const checked = validateIdNumber(input.idNumber, clock.today());
  if (!checked.ok) throw fieldError('applicant.idNumber', checked.code, checked.message);
  const refusals = checkApplicantAge(ruleSetFor(appliedOn), checked.birthDate, appliedOn);
  if (refusals.length) throw ruleError(refusals);
  const org = await trx
    .selectFrom('orgs')
    .select(['id', 'path', 'name', 'region_code', 'status'])
    .where('id', '=', input.orgId)
    .executeTakeFirst();
  if (!org || !can(ctx.actor, 'development.read', org.path))
    throw fieldError('applicant.orgId', 'org.not_found', '未找到该党组织，或您无权查看');
  assertCan(ctx.actor, 'development.manage', org.path);
  if (org.status !== 'active')
    throw new AppError('org.dissolved', { detail: '该党组织已撤销，不能登记入党申请' });
  const holder = await repo.findMemberIdByIdNumber(trx, checked.normalized);
  if (holder) {
    const message = can(ctx.actor, 'development.read', holder.org_path)
      ? `该身份证号码已登记为「${holder.name}」（${holder.org_name}），请选择该人员发起发展流程`
      : '该身份证号码已在其他党组织登记，请联系上级组织核实';
    throw new AppError('member.duplicate_id_number', {
      detail: message,
      errors: [{ field: 'applicant.idNumber', code: 'member.duplicate_id_number', message }],
    });
  }
  const { pinyin, initials } = namePinyin(input.name);
  const id = await repo.insertApplicant(trx, {
    region_code: org.region_code,
    org_id: org.id,
    name: input.name,
    name_search: normalizeForSearch(input.name),
    name_pinyin: pinyin,
    name_initials: initials,
    id_number: checked.normalized,
    gender: checked.gender,
    birth_date: checked.birthDate,
    phone: input.phone ?? null,
    work_unit: input.workUnit ?? null,
  });
  await audit(trx, ctx, {
    action: 'member.create',
    entityType: 'member',
    entityId: id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: {
      name: input.name,
      orgId: org.id,
      orgName: org.name,
      idNumber: maskIdNumber(checked.normalized),
      stage: 'applicant',
      via: '登记入党申请',
    },
  });
  return (await repo.findMember(trx, id, [org.path]))!;
}

export async function startRecord(
  trx: Executor,
  ctx: RequestContext,
  input: {
    memberId?: number | undefined;
    applicant?:
      | {
          orgId: number;
          name: string;
          idNumber: string;
          phone?: string | undefined;
          workUnit?: string | undefined;
        }
      | undefined;
    appliedOn: string;
    note?: string | undefined;
  },
): Promise<number> {
  assertNotFuture(input.appliedOn, 'appliedOn');
  let member: repo.MemberFacts;
  if (input.applicant) {
    member = await registerApplicant(trx, ctx, input.applicant, input.appliedOn);
  } else {
    const found = await repo.findMember(trx, input.memberId!, scopePaths(ctx.actor, 'development.read'));
    if (!found) throw fieldError('memberId', 'member.not_found', '未找到该人员，或您无权查看');
    assertCan(ctx.actor, 'development.manage', found.org_path);
    if (found.stage === 'full')
      throw fieldError('memberId', 'development.already_full', `${found.name}已是正式党员，无需发展`);
    if (['left', 'deceased'].includes(found.status))
      throw fieldError('memberId', 'development.member_status', `${found.name}的状态不能发起发展流程`);
    const refusals = checkApplicantAge(ruleSetFor(input.appliedOn), found.birth_date, input.appliedOn);
    if (refusals.length) throw ruleError(refusals);
    member = found;
  }
  if (await repo.activeRecordOf(trx, member.id))
    throw new AppError('development.record_exists', { detail: `${member.name}已有进行中的发展党员记录` });
  const set = ruleSetFor(input.appliedOn);
  const recordId = await repo.insertRecord(trx, {
    region_code: member.region_code,
    member_id: member.id,
    org_id: member.org_id,
    rule_set: set.version,
    // the record's stage is where its own steps have reached; the member's stage only ever moves forward
    stage: 'applicant',
    applied_on: input.appliedOn,
    note: input.note ?? null,
    created_by: ctx.actor.userId,
  });
  await repo.insertStep(trx, {
    region_code: member.region_code,
    record_id: recordId,
    step: 'application',
    step_date: input.appliedOn,
    decision: 'approved',
    rule_set: set.version,
    data: {},
    evidence_file_id: null,
    decided_by: ctx.actor.userId,
    decided_by_name: ctx.actor.displayName,
    note: input.note ?? null,
  });
  await audit(trx, ctx, {
    action: 'development.start',
    entityType: 'development_record',
    entityId: recordId,
    orgPath: member.org_path,
    regionCode: member.region_code,
    after: { memberId: member.id, name: member.name, appliedOn: input.appliedOn, ruleSet: set.version },
  });
  return recordId;
}

export interface StepRequest {
  code: DevelopmentStepCode;
  date: string;
  decision: 'approved' | 'rejected';
  note?: string | undefined;
  evidenceFileId?: number | undefined;
  introducerIds?: number[] | undefined;
  vote?:
    | { voting?: number | undefined; present: number; yes: number; no: number; abstain: number }
    | undefined;
  data?: DevelopmentStepData | undefined;
}

/**
 * The facts of the introducers. Newly named ones are looked up inside `scope` only, so one the caller
 * cannot see answers exactly like an id that does not exist; stored ones were checked when named.
 */
async function introducerFacts(trx: Executor, ids: number[], scope?: string[]): Promise<IntroducerFacts[]> {
  const rows = await repo.membersByIds(trx, [...new Set(ids)], scope);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const r = byId.get(id);
    if (!r) throw fieldError('introducerIds', 'member.not_found', `未找到编号为 ${id} 的党员`);
    return {
      memberId: r.id,
      name: r.name,
      stage: r.stage,
      status: r.status,
      // No discipline register exists yet: 停止党籍 (status 'suspended') is the restriction of rights the
      // ledger records, and it bars an introducer as 留党察看 does (P7).
      underPartyProbation: r.status === 'suspended',
    };
  });
}

export async function recordStep(
  trx: Executor,
  ctx: RequestContext,
  calendar: WorkCalendar,
  recordId: number,
  input: StepRequest,
): Promise<void> {
  const record = await recordInScope(trx, ctx, recordId);
  await repo.lockRecord(trx, recordId);
  const set = (await regionalRuleSets(trx))(record.region_code)(input.date);
  const def = stepDefinition(set, input.code);
  assertCan(
    ctx.actor,
    def.by === 'committee' ? 'development.approve' : 'development.manage',
    record.org_path,
  );
  if (record.state !== 'active')
    throw new AppError('development.closed', { detail: '该发展党员记录已结束，不能再登记步骤' });
  if (def.by === 'committee') {
    const committee = await repo.higherCommittee(trx, record.org_path);
    const refusals = checkCommitteeDecider(
      set,
      def.rule,
      committee ?? null,
      committee ? can(ctx.actor, 'development.approve', committee.path) : false,
    );
    if (refusals.length) throw ruleError(refusals);
  }
  if (input.code === 'application')
    throw fieldError('code', 'development.step', '入党申请在发起记录时已登记');
  assertNotFuture(input.date, 'date');
  const steps = await repo.stepsOf(trx, [recordId]);
  const facts = toFacts(record, steps);
  if (!def.repeatable && facts.steps.some((s) => s.code === input.code && s.decision === 'approved'))
    throw new AppError('development.step_recorded', { detail: `"${def.label}"已经登记，不能重复登记` });

  const data: DevelopmentStepData = { ...(input.data ?? {}) };
  let branchFullMembers: number | undefined;
  if (input.code === 'branch_meeting' || input.code === 'conversion_meeting') {
    branchFullMembers = await repo.votingFullMembers(trx, record.org_id);
    if (input.vote) {
      const voting = input.vote.voting ?? branchFullMembers;
      if (voting > branchFullMembers)
        throw fieldError(
          'vote.voting',
          'development.vote',
          `应到会有表决权人数不能超过本支部有表决权的正式党员数（${branchFullMembers}人）`,
        );
      if (input.vote.present > voting)
        throw fieldError('vote.present', 'development.vote', '实到人数不能超过应到人数');
      if (input.vote.yes + input.vote.no + input.vote.abstain > input.vote.present)
        throw fieldError('vote.yes', 'development.vote', '赞成、反对、弃权票数之和不能超过实到人数');
      data.vote = { ...input.vote, voting };
    }
  }
  let introducers: IntroducerFacts[] | undefined;
  if (input.code === 'introducers') {
    introducers = await introducerFacts(
      trx,
      input.introducerIds ?? [],
      scopePaths(ctx.actor, 'development.read'),
    );
  } else if (input.code === 'branch_meeting') {
    const stored = (Array.isArray(record.introducers) ? record.introducers : []) as Array<{
      memberId: number;
    }>;
    // the introducers must still qualify on the day of the meeting
    introducers = await introducerFacts(
      trx,
      stored.map((i) => i.memberId),
    );
  }
  if (input.evidenceFileId !== undefined) {
    const file = await repo.findEvidence(
      trx,
      input.evidenceFileId,
      scopePaths(ctx.actor, 'development.read'),
    );
    if (!file) throw fieldError('evidenceFileId', 'file.not_found', '未找到该材料文件');
  }

  const refusals = checkStep(
    set,
    facts,
    { code: input.code, date: input.date, decision: input.decision, data },
    {
      calendar,
      ...(branchFullMembers !== undefined ? { branchFullMembers } : {}),
      ...(introducers ? { introducers } : {}),
      applicantMemberId: record.member_id,
    },
  );
  if (refusals.length) throw ruleError(refusals);

  const stepId = await repo.insertStep(trx, {
    region_code: record.region_code,
    record_id: recordId,
    step: input.code,
    step_date: input.date,
    decision: input.decision,
    rule_set: set.version,
    data,
    evidence_file_id: input.evidenceFileId ?? null,
    decided_by: ctx.actor.userId,
    decided_by_name: ctx.actor.displayName,
    note: input.note ?? null,
  });

  const after: DevelopmentFacts = {
    ...facts,
    steps: [...facts.steps, { code: input.code, date: input.date, decision: input.decision, data }],
  };
  const newStage = stageOf(after, set);
  const terminated =
    input.decision === 'rejected' && (input.code === 'approval' || input.code === 'conversion_approval');
  const completed = input.decision === 'approved' && input.code === 'conversion_approval';
  await repo.updateRecord(trx, recordId, {
    stage: newStage,
    rule_set: set.version,
    ...(completed ? { state: 'completed' } : terminated ? { state: 'terminated' } : {}),
    ...(input.code === 'introducers' && introducers
      ? { introducers: introducers.map((i) => ({ memberId: i.memberId, name: i.name })) }
      : {}),
  });

  // the member's stage moves forward only (a record started late never moves a member back)
  const memberStage = record.member_stage as DevelopmentStage;
  const memberChange: { stage: string; joined_on?: string; full_member_on?: string; status?: string } | null =
    isLaterStage(newStage, memberStage)
      ? {
          stage: newStage,
          ...(newStage === 'probationary'
            ? {
                joined_on: after.steps.find((s) => s.code === 'branch_meeting' && s.decision === 'approved')!
                  .date,
              }
            : {}),
          ...(newStage === 'full' ? { full_member_on: probationEnd(after)! } : {}),
        }
      : input.code === 'conversion_approval' && terminated
        ? // 取消预备党员资格: no longer a member
          { stage: memberStage, status: 'left' }
        : null;
  if (memberChange) {
    await repo.updateMemberStage(trx, record.member_id, memberChange);
    await audit(trx, ctx, {
      action: 'member.stage',
      entityType: 'member',
      entityId: record.member_id,
      orgPath: record.org_path,
      regionCode: record.region_code,
      before: {
        stage: record.member_stage,
        status: record.member_status,
        joinedOn: record.member_joined_on,
        fullMemberOn: record.member_full_member_on,
      },
      after: {
        stage: memberChange.stage,
        status: memberChange.status ?? record.member_status,
        joinedOn: memberChange.joined_on ?? record.member_joined_on,
        fullMemberOn: memberChange.full_member_on ?? record.member_full_member_on,
        via: DEVELOPMENT_STEP_LABELS[input.code],
      },
    });
    // D6: dues are owed from the day of the branch meeting; the months generated while the candidate
    // awaited this approval are filled in now
    if (memberChange.stage === 'probationary') await billOwedMonths(trx, ctx, record.member_id);
  }
  await audit(trx, ctx, {
    action: 'development.step',
    entityType: 'development_record',
    entityId: recordId,
    orgPath: record.org_path,
    regionCode: record.region_code,
    before: { stage: record.stage, state: record.state },
    after: {
      stepId,
      step: input.code,
      label: def.label,
      date: input.date,
      decision: input.decision,
      ruleSet: set.version,
      data,
      evidenceFileId: input.evidenceFileId ?? null,
      stage: newStage,
    },
  });
}

export async function uploadEvidence(
  trx: Executor,
  ctx: RequestContext,
  recordId: number,
  input: { fileName: string; contentType: string; contentBase64: string },
) {
  const record = await recordInScope(trx, ctx, recordId);
  if (
    !can(ctx.actor, 'development.manage', record.org_path) &&
    !can(ctx.actor, 'development.approve', record.org_path)
  )
    throw new AppError('forbidden');
  const content = Buffer.from(input.contentBase64, 'base64');
  if (content.length === 0) throw fieldError('contentBase64', 'file.empty', '文件内容不能为空');
  const id = await repo.insertEvidence(trx, {
    region_code: record.region_code,
    owner_id: ctx.actor.userId,
    org_path: record.org_path,
    name: input.fileName,
    // the type the bytes show, not the one claimed (platform/files.ts)
    content_type: checkedType(content, input.contentType),
    content,
  });
  await audit(trx, ctx, {
    action: 'development.file',
    entityType: 'development_record',
    entityId: recordId,
    orgPath: record.org_path,
    regionCode: record.region_code,
    after: { fileId: id, name: input.fileName, size: content.length },
  });
  return { id, name: input.fileName, size: content.length };
}

export async function evidenceFile(db: Executor, ctx: RequestContext, fileId: number) {
  const file = await repo.findEvidence(db, fileId, scopePaths(ctx.actor, 'development.read'));
  if (!file?.content) throw notFound('未找到该材料文件，或您无权查看');
  return file;
}

// ---------------------------------------------------------------- the member's own view (phone)

export async function myProgress(db: Executor, ctx: RequestContext, calendar: WorkCalendar) {
  const member = await db
    .selectFrom('members as m')
    .innerJoin('orgs', 'orgs.id', 'm.org_id')
    .select([
      'm.id',
      'm.name',
      'm.stage',
      'm.status',
      'm.joined_on',
      'm.full_member_on',
      'm.mobile_card_no',
      'm.mobile_location',
      'orgs.name as org_name',
    ])
    .where('m.user_id', '=', ctx.actor.userId)
    .executeTakeFirst();
  if (!member) return { member: null, development: null, transfer: null };
  const card =
    member.status === 'mobile'
      ? await db
          .selectFrom('member_mobile_cards')
          .select(['card_no', 'location', 'valid_until'])
          .where('member_id', '=', member.id)
          .where('ended_on', 'is', null)
          .orderBy('id', 'desc')
          .executeTakeFirst()
      : undefined;
  const recordId = await repo.latestRecordOfMember(db, member.id);
  let development = null;
  if (recordId) {
    const record = (await repo.findRecord(db, recordId, ['/']))!;
    const steps = await repo.stepsOf(db, [recordId]);
    const facts = toFacts(record, steps);
    const due = dueOf(
      record,
      facts,
      calendar,
      clock.today(),
      (await regionalRuleSets(db))(record.region_code),
    );
    development = {
      id: record.id,
      state: record.state,
      ruleSet: ruleSetByVersion(record.rule_set)?.title ?? record.rule_set,
      steps: steps.map((s) => ({
        code: s.step,
        label: DEVELOPMENT_STEP_LABELS[s.step as DevelopmentStepCode] ?? s.step,
        date: s.step_date,
        decision: s.decision,
      })),
      nextDue: nextDue(due) ?? null,
      probationEnd: probationEnd(facts) ?? null,
    };
  }
  const transfer = await db
    .selectFrom('member_transfers as t')
    .leftJoin('orgs as f', 'f.id', 't.from_org_id')
    .leftJoin('orgs as o', 'o.id', 't.to_org_id')
    .select([
      't.id',
      't.direction',
      't.state',
      't.started_on',
      't.letter_valid_until',
      't.return_reason',
      't.outside_org_name',
      'f.name as from_name',
      'o.name as to_name',
    ])
    .where('t.member_id', '=', member.id)
    .orderBy('t.id', 'desc')
    .executeTakeFirst();
  return {
    member: {
      name: member.name,
      orgName: member.org_name,
      stage: member.stage,
      stageLabel: STAGE_LABELS[member.stage] ?? member.stage,
      status: member.status,
      joinedOn: member.joined_on,
      fullMemberOn: member.full_member_on,
      mobile:
        member.status === 'mobile' && member.mobile_card_no
          ? {
              cardNo: member.mobile_card_no,
              location: member.mobile_location ?? card?.location ?? '',
              until: card?.valid_until ?? '',
            }
          : null,
    },
    development,
    transfer: transfer
      ? {
          id: transfer.id,
          direction: transfer.direction,
          directionLabel: TRANSFER_DIRECTIONS[transfer.direction],
          state: transfer.state,
          stateLabel: TRANSFER_STATES[transfer.state],
          fromOrgName: transfer.from_name ?? (transfer.direction === 'in' ? transfer.outside_org_name : null),
          toOrgName: transfer.to_name ?? (transfer.direction === 'out' ? transfer.outside_org_name : null),
          startedOn: transfer.started_on,
          letterValidUntil: transfer.letter_valid_until,
          returnReason: transfer.return_reason,
        }
      : null,
  };
}
