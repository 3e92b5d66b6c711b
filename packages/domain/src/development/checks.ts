import { addCalendarMonths, isIsoDate } from '../calendar/dates.ts';
import type { WorkCalendar } from '../calendar/workdays.ts';
import { ageOn } from '../identity/idNumber.ts';
import {
  approvedOn,
  approvedSteps,
  type DevelopmentFacts,
  type DevelopmentStepData,
  type MeetingVote,
  probationEnd,
} from './record.ts';
import {
  citationText,
  DEVELOPMENT_STEP_LABELS,
  type DevelopmentRuleId,
  type DevelopmentRuleSet,
  type DevelopmentStepCode,
  stepDefinition,
} from './rules.ts';

/**
 * Refusals of the development workflow: each names its rule (RULES.md id), the source and the
 * article, and says in Chinese what is wrong and why. Checks return a list (empty = allowed) so
 * the caller can show every reason at once; the server answers the first ones as 422.
 */
export interface RuleRefusal {
  rule: DevelopmentRuleId;
  source: string;
  /** '第五条', or '第二十三条[?]' when unconfirmed, or '[?]' when unknown (RULES.md convention). */
  article: string;
  message: string;
  /** The request field the refusal is about, when there is one. */
  field?: string;
  /** True when a working-day count behind the refusal crossed a year whose calendar is not published. */
  provisional?: boolean;
}

export function developmentRefusal(
  set: DevelopmentRuleSet,
  rule: DevelopmentRuleId,
  what: string,
  field?: string,
): RuleRefusal {
  const c = set.citations[rule];
  return {
    rule,
    source: c.source,
    article: c.article ? `${c.article}${c.confirmed ? '' : '[?]'}` : '[?]',
    message: `${what}（${citationText(c)}：${c.text}）`,
    ...(field ? { field } : {}),
  };
}

/**
 * P10, P12, P15: pre-review, approval and approval of conversion are decided by the higher Party
 * committee (党委): the lowest 党委 above the branch, never a 党总支 or the branch itself. The one who
 * records the step must act for that committee (a role bound at it or above it).
 */
export function checkCommitteeDecider(
  set: DevelopmentRuleSet,
  rule: DevelopmentRuleId,
  committee: { name: string } | null,
  actsForCommittee: boolean,
): RuleRefusal[] {
  if (!committee)
    return [
      developmentRefusal(set, rule, '该党组织上级没有党委，党总支或支部不能审批，请先理顺隶属关系', 'code'),
    ];
  if (!actsForCommittee)
    return [
      developmentRefusal(
        set,
        rule,
        `须由上级党委（${committee.name}）审批，党总支或支部不能代为审批`,
        'code',
      ),
    ];
  return [];
}

/** P1: at least 18 on the application date. */
export function checkApplicantAge(
  set: DevelopmentRuleSet,
  birthDate: string,
  appliedOn: string,
): RuleRefusal[] {
  if (appliedOn < birthDate) {
    return [developmentRefusal(set, 'P1', '申请日期早于出生日期', 'appliedOn')];
  }
  const age = ageOn(birthDate, appliedOn);
  if (age < set.params.minAge) {
    return [
      developmentRefusal(
        set,
        'P1',
        `申请人在申请之日（${appliedOn}）未满${set.params.minAge}周岁（出生日期 ${birthDate}）`,
        'appliedOn',
      ),
    ];
  }
  return [];
}

export interface IntroducerFacts {
  memberId: number;
  name: string;
  stage: string;
  status: string;
  /** 受留党察看处分、尚未恢复党员权利 */
  underPartyProbation: boolean;
}

/** P7: two introducers, both full members, neither under 留党察看, neither the applicant. */
export function checkIntroducers(
  set: DevelopmentRuleSet,
  introducers: readonly IntroducerFacts[],
  applicantMemberId?: number,
): RuleRefusal[] {
  const out: RuleRefusal[] = [];
  const distinct = new Map(introducers.map((i) => [i.memberId, i]));
  if (applicantMemberId !== undefined && distinct.has(applicantMemberId)) {
    out.push(developmentRefusal(set, 'P7', '发展对象本人不能作自己的入党介绍人', 'introducerIds'));
    distinct.delete(applicantMemberId);
  }
  for (const i of distinct.values()) {
    if (i.stage !== 'full') {
      out.push(developmentRefusal(set, 'P7', `${i.name}不是正式党员，不能作入党介绍人`, 'introducerIds'));
    } else if (i.underPartyProbation) {
      out.push(
        developmentRefusal(
          set,
          'P7',
          `${i.name}受留党察看处分、尚未恢复党员权利，不能作入党介绍人`,
          'introducerIds',
        ),
      );
    }
  }
  if (distinct.size < set.params.introducers) {
    out.push(
      developmentRefusal(
        set,
        'P7',
        `入党介绍人应为${set.params.introducers}名正式党员，现有${distinct.size}名`,
        'introducerIds',
      ),
    );
  }
  return out;
}

/**
 * P11: the branch meeting that admits a probationary member (and the one that converts them).
 * - a branch with fewer than 3 full members cannot vote;
 * - quorum: present voting members more than half of those entitled;
 * - passes with yes votes more than half of all voting full members (not of those present).
 * `decision` 'approved' asserts the vote passed; 'rejected' records a meeting that did not pass.
 */
export function checkAdmissionVote(
  set: DevelopmentRuleSet,
  fullMembers: number,
  vote: MeetingVote,
  decision: 'approved' | 'rejected' = 'approved',
): RuleRefusal[] {
  if (fullMembers < set.params.minFullMembersToVote) {
    return [
      developmentRefusal(
        set,
        'P11',
        `该党支部只有${fullMembers}名正式党员，不足${set.params.minFullMembersToVote}人，不能召开支部大会表决`,
        'vote.voting',
      ),
    ];
  }
  if (vote.present * 2 <= vote.voting) {
    return [
      developmentRefusal(
        set,
        'P11',
        `应到会有表决权的正式党员${vote.voting}人，实到${vote.present}人，未超过半数，会议无效`,
        'vote.present',
      ),
    ];
  }
  if (decision === 'approved' && vote.yes * 2 <= vote.voting) {
    return [
      developmentRefusal(
        set,
        'P11',
        `赞成${vote.yes}票，未超过应到会有表决权的正式党员（${vote.voting}人）的半数，不能通过`,
        'vote.yes',
      ),
    ];
  }
  if (decision === 'rejected' && vote.yes * 2 > vote.voting) {
    return [developmentRefusal(set, 'P11', `赞成${vote.yes}票已超过半数，表决结果应为通过`, 'decision')];
  }
  return [];
}

/** The working days of a notice from `from` to `to`, both days included. */
export function noticeWorkdays(calendar: WorkCalendar, from: string, to: string): number {
  if (to < from) return 0;
  return calendar.workdaysBetween(from, to) + (calendar.isWorkday(from) ? 1 : 0);
}

/** The earliest last day of a notice starting on `from` that lasts `n` working days. */
export function noticeEarliestEnd(calendar: WorkCalendar, from: string, n: number): string {
  return calendar.isWorkday(from) ? calendar.addWorkdays(from, n - 1) : calendar.addWorkdays(from, n);
}

/** P6: the public notice lasts at least 5 working days (holidays and 调休 from the calendar). */
export function checkNotice(
  set: DevelopmentRuleSet,
  calendar: WorkCalendar,
  from: string,
  to: string,
): RuleRefusal[] {
  if (to < from) return [developmentRefusal(set, 'P6', '公示结束日期早于开始日期', 'data.noticeTo')];
  const days = noticeWorkdays(calendar, from, to);
  if (days < set.params.noticeMinWorkdays) {
    const earliest = noticeEarliestEnd(calendar, from, set.params.noticeMinWorkdays);
    const note = calendar.provisionalNote(from, earliest > to ? earliest : to);
    return [
      {
        ...developmentRefusal(
          set,
          'P6',
          `公示期${from}至${to}只有${days}个工作日，不足${set.params.noticeMinWorkdays}个工作日（最早可于${earliest}结束${note ? `；${note}` : ''}）`,
          'data.noticeTo',
        ),
        ...(note ? { provisional: true } : {}),
      },
    ];
  }
  return [];
}

/**
 * P10: someone who will leave their work or study unit within 3 months (leaving on or before the day 3
 * calendar months after the step) is normally not admitted ("一般不办理接收预备党员的手续"): refused
 * at the pre-review and the branch meeting unless the committee records it as a special case.
 */
export function checkLeavingUnit(
  set: DevelopmentRuleSet,
  stepDate: string,
  leavingUnitOn: string | undefined,
  special = false,
): RuleRefusal[] {
  if (!leavingUnitOn || special) return [];
  const limit = addCalendarMonths(stepDate, set.params.leavingWithinMonths);
  if (leavingUnitOn > limit) return [];
  return [
    developmentRefusal(
      set,
      'P10',
      `发展对象预计于${leavingUnitOn}离开工作、学习单位，在${set.params.leavingWithinMonths}个月内（不晚于${limit}），一般不办理接收预备党员的手续；确属特殊情况的，请注明特殊情况`,
      'data.leavingUnitOn',
    ),
  ];
}

/** P9: at least 3 days or at least 24 class hours. */
export function checkTraining(set: DevelopmentRuleSet, days = 0, hours = 0): RuleRefusal[] {
  if (days >= set.params.trainingMinDays || hours >= set.params.trainingMinHours) return [];
  return [
    developmentRefusal(
      set,
      'P9',
      `集中培训${days}天、${hours}学时，不足${set.params.trainingMinDays}天且不足${set.params.trainingMinHours}学时`,
      'data.trainingDays',
    ),
  ];
}

/** P14: an extension of 6–12 months, at most once. */
export function checkProbationExtension(
  set: DevelopmentRuleSet,
  months: number,
  priorExtensions: number,
): RuleRefusal[] {
  if (priorExtensions >= set.params.maxExtensions) {
    return [
      developmentRefusal(set, 'P14', '预备期只能延长一次，该预备党员已延长过预备期', 'data.extensionMonths'),
    ];
  }
  if (
    !Number.isInteger(months) ||
    months < set.params.extensionMinMonths ||
    months > set.params.extensionMaxMonths
  ) {
    return [
      developmentRefusal(
        set,
        'P14',
        `延长预备期${months}个月，应不少于${set.params.extensionMinMonths}个月、不超过${set.params.extensionMaxMonths}个月`,
        'data.extensionMonths',
      ),
    ];
  }
  return [];
}

export interface DevelopmentStepInput {
  code: DevelopmentStepCode;
  date: string;
  decision: 'approved' | 'rejected';
  data?: DevelopmentStepData;
}

export interface DevelopmentStepContext {
  calendar: WorkCalendar;
  /** Full members of the branch entitled to vote, for meetings (P11). */
  branchFullMembers?: number;
  introducers?: readonly IntroducerFacts[];
  applicantMemberId?: number;
}

/**
 * Every rule that applies to recording `step` on `record`, under the rule set in force on the
 * step's date (`set`): order of steps, time limits that forbid (P5, P11, P12), and the step's own
 * rule (P6, P7, P9, P11, P14). Time limits that are only late (P2, P13, P15) are not refusals:
 * the due dates show them as late.
 */
export function checkStep(
  set: DevelopmentRuleSet,
  record: DevelopmentFacts,
  step: DevelopmentStepInput,
  ctx: DevelopmentStepContext,
): RuleRefusal[] {
  const def = stepDefinition(set, step.code);
  const label = DEVELOPMENT_STEP_LABELS[step.code];
  const out: RuleRefusal[] = [];

  for (const required of def.requires) {
    const on = approvedOn(record, required);
    const rule = stepDefinition(set, required).rule;
    if (on === undefined) {
      out.push(
        developmentRefusal(set, rule, `尚未完成"${DEVELOPMENT_STEP_LABELS[required]}"，不能${label}`, 'code'),
      );
    } else if (step.date < on) {
      out.push(
        developmentRefusal(
          set,
          def.rule,
          `${label}的日期不能早于"${DEVELOPMENT_STEP_LABELS[required]}"（${on}）`,
          'date',
        ),
      );
    }
  }
  if (out.length > 0) return out;

  const applied = record.appliedOn;
  switch (step.code) {
    case 'application':
      break;
    case 'activist': {
      const months = set.params.activistMinApplicationMonths;
      if (months > 0 && step.date < addCalendarMonths(applied, months)) {
        out.push(
          developmentRefusal(
            set,
            'P3',
            `入党申请递交未满${months}个月（本地区规定），最早可于${addCalendarMonths(applied, months)}确定`,
            'date',
          ),
        );
      }
      break;
    }
    case 'candidate': {
      const activist = approvedOn(record, 'activist')!;
      const earliest = addCalendarMonths(activist, set.params.candidateMinActivistMonths);
      if (step.decision === 'approved' && step.date < earliest) {
        out.push(
          developmentRefusal(
            set,
            'P5',
            `确定为入党积极分子（${activist}）后培养考察未满${set.params.candidateMinActivistMonths}个月，最早可于${earliest}列为发展对象`,
            'date',
          ),
        );
      }
      break;
    }
    case 'introducers':
      out.push(...checkIntroducers(set, ctx.introducers ?? [], ctx.applicantMemberId));
      break;
    case 'training':
      if (step.decision === 'approved')
        out.push(...checkTraining(set, step.data?.trainingDays, step.data?.trainingHours));
      break;
    case 'notice': {
      const from = step.data?.noticeFrom;
      const to = step.data?.noticeTo ?? step.date;
      if (!from || !isIsoDate(from)) {
        out.push(developmentRefusal(set, 'P6', '请填写公示开始日期', 'data.noticeFrom'));
      } else {
        out.push(...checkNotice(set, ctx.calendar, from, to));
        const candidate = approvedOn(record, 'candidate')!;
        if (from < candidate)
          out.push(
            developmentRefusal(
              set,
              'P6',
              `公示开始日期不能早于列为发展对象的日期（${candidate}）`,
              'data.noticeFrom',
            ),
          );
      }
      break;
    }
    case 'pre_review':
      if (step.decision === 'approved')
        out.push(
          ...checkLeavingUnit(set, step.date, step.data?.leavingUnitOn, step.data?.leavingUnitSpecial),
        );
      break;
    case 'branch_meeting':
    case 'conversion_meeting': {
      if (step.code === 'branch_meeting') {
        // P10 again on the day of the meeting, with what the pre-review recorded unless the meeting says more
        const preData = approvedSteps(record, 'pre_review').at(-1)?.data;
        if (step.decision === 'approved')
          out.push(
            ...checkLeavingUnit(
              set,
              step.date,
              step.data?.leavingUnitOn ?? preData?.leavingUnitOn,
              step.data?.leavingUnitSpecial ?? preData?.leavingUnitSpecial,
            ),
          );
        const pre = approvedOn(record, 'pre_review')!;
        const limit = addCalendarMonths(pre, 1);
        if (step.date > limit) {
          out.push(
            developmentRefusal(
              set,
              'P11',
              `支部大会应在预审（${pre}）后1个月内、即${limit}前召开，已超期，请重新报上级党委预审`,
              'date',
            ),
          );
        }
        out.push(...checkIntroducers(set, ctx.introducers ?? [], ctx.applicantMemberId));
      } else {
        const end = probationEnd(record)!;
        if (step.date < end) {
          out.push(developmentRefusal(set, 'P15', `预备期至${end}期满，期满前不能讨论转正`, 'date'));
        }
      }
      if (!step.data?.vote) {
        out.push(
          developmentRefusal(set, 'P11', '请填写表决情况（应到、实到、赞成、反对、弃权人数）', 'vote'),
        );
      } else {
        out.push(...checkAdmissionVote(set, ctx.branchFullMembers ?? 0, step.data.vote, step.decision));
      }
      break;
    }
    case 'approval': {
      const meeting = approvedOn(record, 'branch_meeting')!;
      const normal = addCalendarMonths(meeting, set.params.approvalWithinMonths);
      const special = addCalendarMonths(meeting, set.params.approvalSpecialWithinMonths);
      if (step.date > special) {
        out.push(
          developmentRefusal(
            set,
            'P12',
            `支部大会（${meeting}）后超过${set.params.approvalSpecialWithinMonths}个月，已不能审批`,
            'date',
          ),
        );
      } else if (step.date > normal && !step.data?.special) {
        out.push(
          developmentRefusal(
            set,
            'P12',
            `支部大会（${meeting}）后超过${set.params.approvalWithinMonths}个月；确属特殊情况的，请注明特殊情况（最长${set.params.approvalSpecialWithinMonths}个月）`,
            'data.special',
          ),
        );
      }
      break;
    }
    case 'extension': {
      const prior = approvedSteps(record, 'extension').length;
      out.push(...checkProbationExtension(set, step.data?.extensionMonths ?? 0, prior));
      const end = probationEnd(record)!;
      if (step.date > end)
        out.push(developmentRefusal(set, 'P14', `预备期已于${end}期满，不能再延长`, 'date'));
      break;
    }
    case 'conversion_approval':
      break;
    default:
      break;
  }
  return out;
}
