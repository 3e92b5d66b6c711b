import { addCalendarMonths } from '../calendar/dates.ts';
import {
  type DevelopmentRuleSet,
  type DevelopmentStage,
  type DevelopmentStepCode,
  ruleSetFor,
} from './rules.ts';

/** What a development record knows, as plain data (the server reads it from its tables). */
export type DevelopmentDecision = 'approved' | 'rejected';

export interface MeetingVote {
  /** 应到会有表决权的正式党员数 */
  voting: number;
  /** 实到会有表决权的正式党员数 */
  present: number;
  yes: number;
  no: number;
  abstain: number;
}

export interface DevelopmentStepData {
  /** notice: first and last day of the public notice (公示) */
  noticeFrom?: string;
  noticeTo?: string;
  /** training */
  trainingDays?: number;
  trainingHours?: number;
  /** branch_meeting, conversion_meeting */
  vote?: MeetingVote;
  /** approval: the special case of P12 (up to 6 months) */
  special?: boolean;
  /** extension: months of the probation extension */
  extensionMonths?: number;
  /** pre_review, branch_meeting: the day the candidate is expected to leave their work or study unit (P10) */
  leavingUnitOn?: string;
  /** pre_review, branch_meeting: admitted all the same, a special case the committee states (P10 "一般") */
  leavingUnitSpecial?: boolean;
}

export interface DevelopmentStepFact {
  code: DevelopmentStepCode;
  date: string;
  decision: DevelopmentDecision;
  data?: DevelopmentStepData;
}

export interface DevelopmentFacts {
  appliedOn: string;
  steps: readonly DevelopmentStepFact[];
}

/** The date of the latest approved step with this code, if any. */
export function approvedOn(record: DevelopmentFacts, code: DevelopmentStepCode): string | undefined {
  let found: string | undefined;
  for (const s of record.steps) {
    if (s.code === code && s.decision === 'approved' && (found === undefined || s.date > found))
      found = s.date;
  }
  return found;
}

export function approvedSteps(record: DevelopmentFacts, code: DevelopmentStepCode): DevelopmentStepFact[] {
  return record.steps.filter((s) => s.code === code && s.decision === 'approved');
}

/** The stage the recorded steps have reached (stages only move forward). */
export function stageOf(
  record: DevelopmentFacts,
  set: DevelopmentRuleSet = ruleSetFor(record.appliedOn),
): DevelopmentStage {
  let stage: DevelopmentStage = 'applicant';
  for (const def of set.steps) {
    if (def.advancesTo && approvedOn(record, def.code) !== undefined) stage = def.advancesTo;
  }
  return stage;
}

/**
 * The day probation ends (P14): one year from the branch meeting that accepted the candidate, plus
 * any extension. That day is also the date of full membership (Party age counts from it, P15).
 */
export function probationEnd(record: DevelopmentFacts): string | undefined {
  const meeting = approvedOn(record, 'branch_meeting');
  if (!meeting || !approvedOn(record, 'approval')) return undefined;
  const set = ruleSetFor(meeting);
  const extension = approvedSteps(record, 'extension').reduce(
    (n, s) => n + (s.data?.extensionMonths ?? 0),
    0,
  );
  return addCalendarMonths(meeting, set.params.probationMonths + extension);
}
