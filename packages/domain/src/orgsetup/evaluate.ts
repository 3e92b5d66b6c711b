import { addCalendarMonths, addDays } from '../calendar/dates.ts';
import type { OrgType, UnitKind } from '../org/types.ts';
import {
  type FindingSeverity,
  O1,
  O3,
  O4,
  O5,
  ORG_SETUP_CHECK_SEVERITY,
  type OrgRuleRef,
  type OrgSetupCheck,
  orgRuleCitation,
  orgRuleRef,
  type TermKind,
} from './rules.ts';

/**
 * Pure evaluators of O1, O3, O4 and O5: facts in (counts, dates), findings out. A finding is for a
 * person to act on; nothing here changes an organization (RULES.md: the engine never decides).
 */
export interface OrgSetupFinding {
  rule: OrgRuleRef;
  check: OrgSetupCheck;
  severity: FindingSeverity;
  /** Chinese, stating the fact and citing the rule (依据《…》…). */
  message: string;
  /** The day the finding began to hold. */
  since?: string;
  /** The day by which something should be done. */
  due?: string;
}

export interface TermFacts {
  kind: TermKind;
  electedOn: string;
  endsOn: string;
  /** Committee members recorded for the term. */
  committeeSize: number;
}

export interface OrgFacts {
  orgType: OrgType;
  /** The kind of the org's own unit: village and community organizations have 5-year terms. */
  unitKind?: UnitKind | null | undefined;
  /** Members (probationary and full) in normal standing; for a 党总支, those of its whole subtree. */
  members: number;
  fullMembers: number;
  /** The current term, or null when none is recorded. */
  term: TermFacts | null;
}

export interface UnitFacts {
  unitName: string;
  /** An active organization of its own (not a joint branch). */
  hasOwnOrg: boolean;
  /** Full members in normal standing whose work unit is this unit, wherever they are held. */
  fullMembers: number;
}

const BRANCH_LEVEL: readonly OrgType[] = ['branch', 'joint_branch', 'temporary_branch'];
const ELECTED_BRANCHES: readonly OrgType[] = ['branch', 'joint_branch'];

function finding(
  rule: typeof O1 | typeof O3 | typeof O4 | typeof O5,
  check: OrgSetupCheck,
  fact: string,
  dates: { since?: string; due?: string } = {},
): OrgSetupFinding {
  return {
    rule: orgRuleRef(rule),
    check,
    severity: ORG_SETUP_CHECK_SEVERITY[check],
    message: `${fact}${orgRuleCitation(rule)}`,
    ...dates,
  };
}

/** O1: a unit with ≥ 3 full members and no organization of its own. */
export function evaluateUnit(facts: UnitFacts): OrgSetupFinding[] {
  if (facts.hasOwnOrg || facts.fullMembers < O1.parameters.minFullMembers) return [];
  return [
    finding(
      O1,
      'O1.unit_without_branch',
      `「${facts.unitName}」有正式党员${facts.fullMembers}名，尚未单独成立党支部。`,
    ),
  ];
}

/** O5: the usual length of a term, in years, for an organization of this type and unit. */
export function termYearsFor(orgType: OrgType, unitKind?: UnitKind | null): number {
  const p = O5.parameters;
  if (orgType === 'committee' || orgType === 'functional') return p.committeeYears;
  if (unitKind === 'village' || unitKind === 'community') return p.villageCommunityYears;
  return orgType === 'general_branch' ? p.generalBranchYears : p.branchYears;
}

/** The day a term elected on `electedOn` for `years` years expires (届满日). */
export function termEndsOn(electedOn: string, years: number): string {
  return addCalendarMonths(electedOn, years * 12);
}

/**
 * The first day of the 换届提醒 for a term ending on `endsOn`: `months` calendar months before it,
 * end-of-month clamped (08-31 → 02-28). The term is "expiring" from this day through `endsOn` and
 * "overdue" from the day after; the compliance engine's O5 detector uses the same boundary in SQL.
 */
export function termRemindFrom(endsOn: string, months: number = O5.parameters.remindMonthsBefore): string {
  return addCalendarMonths(endsOn, -months);
}

/** O1 (size), O3, O4 and O5 for one organization on `today` ('YYYY-MM-DD', Asia/Shanghai). */
export function evaluateOrg(facts: OrgFacts, today: string): OrgSetupFinding[] {
  const out: OrgSetupFinding[] = [];
  const { orgType, members, fullMembers, term } = facts;

  if (BRANCH_LEVEL.includes(orgType) && members > O1.parameters.maxBranchMembers) {
    out.push(
      finding(
        O1,
        'O1.branch_over_50',
        `本支部现有党员${members}名，超过${O1.parameters.maxBranchMembers}名。`,
      ),
    );
  }

  if (ELECTED_BRANCHES.includes(orgType)) {
    const p = O3.parameters;
    if (fullMembers >= p.committeeFromFullMembers && term?.kind !== 'committee') {
      out.push(
        finding(
          O3,
          'O3.committee_required',
          term
            ? `本支部有正式党员${fullMembers}名，现只设书记，未设立支部委员会。`
            : `本支部有正式党员${fullMembers}名，未登记支部委员会。`,
        ),
      );
    }
    if (term?.kind === 'committee' && fullMembers < p.committeeFromFullMembers) {
      out.push(
        finding(
          O3,
          'O3.secretary_only',
          `本支部正式党员${fullMembers}名，不足${p.committeeFromFullMembers}名，可不设支部委员会。`,
        ),
      );
    }
  }
  if (
    (ELECTED_BRANCHES.includes(orgType) || orgType === 'general_branch') &&
    term?.kind === 'committee' &&
    (term.committeeSize < O3.parameters.minCommittee || term.committeeSize > O3.parameters.maxCommittee)
  ) {
    out.push(
      finding(
        O3,
        'O3.committee_size',
        `本届委员会登记委员${term.committeeSize}名，不在${O3.parameters.minCommittee}至${O3.parameters.maxCommittee}名之间。`,
      ),
    );
  }

  const p4 = O4.parameters;
  if (ELECTED_BRANCHES.includes(orgType) && members > p4.generalBranchAbove && members < p4.committeeFrom) {
    out.push(
      finding(
        O4,
        'O4.general_branch_advised',
        `现有党员${members}名，超过${p4.generalBranchAbove}名，可以报上级党组织批准设立党总支。`,
      ),
    );
  }
  if ((ELECTED_BRANCHES.includes(orgType) || orgType === 'general_branch') && members >= p4.committeeFrom) {
    out.push(
      finding(
        O4,
        'O4.committee_advised',
        `现有党员${members}名，达到${p4.committeeFrom}名，可以报上级党组织批准设立党的基层委员会。`,
      ),
    );
  }

  if (orgType !== 'temporary_branch') {
    if (!term) {
      out.push(finding(O5, 'O5.no_term', '尚未登记本届班子的选举日期和任期。'));
    } else if (today > term.endsOn) {
      out.push(
        finding(O5, 'O5.term_overdue', `本届班子任期已于${term.endsOn}届满，尚未换届。`, {
          since: addDays(term.endsOn, 1),
          due: term.endsOn,
        }),
      );
    } else {
      const remindFrom = termRemindFrom(term.endsOn);
      if (today >= remindFrom) {
        out.push(
          finding(O5, 'O5.term_expiring', `本届班子任期将于${term.endsOn}届满，请提前做好换届准备。`, {
            since: remindFrom,
            due: term.endsOn,
          }),
        );
      }
    }
  }
  return out;
}
