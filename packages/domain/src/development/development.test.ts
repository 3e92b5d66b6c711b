import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../calendar/workdays.ts';
import {
  checkAdmissionVote,
  checkApplicantAge,
  checkCommitteeDecider,
  checkIntroducers,
  checkNotice,
  checkProbationExtension,
  checkStep,
  checkTraining,
  type IntroducerFacts,
  noticeEarliestEnd,
  noticeWorkdays,
} from './checks.ts';
import { dueDates, isOverdue, nextDue } from './dueDates.ts';
import { type DevelopmentFacts, type DevelopmentStepFact, probationEnd, stageOf } from './record.ts';
import { RULE_SETS, ruleSetByVersion, ruleSetFor, withRegionalParameters } from './rules.ts';

const calendar = WorkCalendar.official([2024, 2025, 2026]);
const set2014 = ruleSetByVersion('2014')!;
const set2026 = ruleSetByVersion('2026')!;
const vote = (voting: number, present: number, yes: number) => ({
  voting,
  present,
  yes,
  no: present - yes,
  abstain: 0,
});

describe('rule sets', () => {
  it('picks the set in force by date, with the 2026 revision from May 2026', () => {
    expect(ruleSetFor('2020-01-01').version).toBe('2014');
    expect(ruleSetFor('2026-04-30').version).toBe('2014');
    expect(ruleSetFor('2026-05-01').version).toBe('2026');
    expect(ruleSetFor('2030-01-01').version).toBe('2026');
    // before 2014 the oldest known set applies
    expect(ruleSetFor('2010-01-01').version).toBe('2014');
  });

  it('keeps the steps and time limits as data, each with a rule and a citation', () => {
    for (const set of RULE_SETS) {
      expect(set.steps.map((s) => s.code)).toContain('branch_meeting');
      for (const step of set.steps) expect(set.citations[step.rule]).toBeDefined();
      for (const d of set.deadlines) expect(set.citations[d.rule].text).not.toBe('');
    }
  });

  it('knows the 2026 difference: the oath within 1 month of approval (P13) only in the 2026 set', () => {
    expect(set2014.deadlines.some((d) => d.step === 'oath')).toBe(false);
    expect(set2026.deadlines).toContainEqual({
      step: 'oath',
      from: 'approval',
      months: 1,
      kind: 'deadline',
      rule: 'P13',
    });
  });

  it('marks unconfirmed articles: 2014 细则 with [?], 2026 articles unknown, 党章 confirmed', () => {
    expect(checkApplicantAge(set2014, '2010-01-01', '2026-01-01')[0]).toMatchObject({
      rule: 'P1',
      source: '中国共产党章程',
      article: '第一条',
    });
    const p11 = checkAdmissionVote(set2014, 2, vote(2, 2, 2))[0]!;
    expect(p11.article).toBe('第二十三条[?]');
    expect(p11.message).toContain('依据《中国共产党发展党员工作细则》第二十三条（条款号待核实）');
    const p11new = checkAdmissionVote(set2026, 2, vote(2, 2, 2))[0]!;
    expect(p11new.article).toBe('[?]');
    expect(p11new.source).toBe('中国共产党发展党员工作细则（2026年修订）');
  });
});

describe('P1: at least 18 on the application date', () => {
  it('refuses 17 years and 364 days, accepts the 18th birthday', () => {
    const refused = checkApplicantAge(set2026, '2008-06-15', '2026-06-14');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ rule: 'P1', field: 'appliedOn' });
    expect(refused[0]!.message).toContain('未满18周岁');
    expect(checkApplicantAge(set2026, '2008-06-15', '2026-06-15')).toEqual([]);
  });

  it('treats a 29 February birthday as reached on 1 March in a common year', () => {
    expect(checkApplicantAge(set2014, '2004-02-29', '2022-02-28')).toHaveLength(1);
    expect(checkApplicantAge(set2014, '2004-02-29', '2022-03-01')).toEqual([]);
  });
});

describe('P7: two introducers who are full members, neither under 留党察看', () => {
  const full = (id: number, extra: Partial<IntroducerFacts> = {}): IntroducerFacts => ({
    memberId: id,
    name: `党员${id}`,
    stage: 'full',
    status: 'normal',
    underPartyProbation: false,
    ...extra,
  });

  it('accepts two full members', () => {
    expect(checkIntroducers(set2014, [full(1), full(2)])).toEqual([]);
  });

  it('cites the 发展党员工作细则 for the sentence, its article number marked unconfirmed', () => {
    const [refusal] = checkIntroducers(set2014, [full(1)]);
    expect(refusal).toMatchObject({ source: '中国共产党发展党员工作细则', article: '第十四条[?]' });
    expect(refusal!.message).toContain('依据《中国共产党发展党员工作细则》第十四条（条款号待核实）');
    expect(refusal!.message).toContain('受留党察看处分、尚未恢复党员权利的党员，不能作入党介绍人');
  });

  it('refuses one introducer, or the same one twice', () => {
    expect(checkIntroducers(set2014, [full(1)])[0]).toMatchObject({ rule: 'P7', field: 'introducerIds' });
    expect(checkIntroducers(set2014, [full(1), full(1)])).toHaveLength(1);
  });

  it('refuses a probationary member and one under 留党察看, naming them', () => {
    const refused = checkIntroducers(set2014, [full(1, { stage: 'probationary' }), full(2)]);
    expect(refused.map((r) => r.message).join()).toContain('党员1不是正式党员');
    const sanctioned = checkIntroducers(set2014, [full(1), full(2, { underPartyProbation: true })]);
    expect(sanctioned[0]!.message).toContain('党员2受留党察看处分');
  });

  it('refuses the applicant as their own introducer', () => {
    expect(
      checkIntroducers(set2014, [full(1), full(2)], 2)
        .map((r) => r.message)
        .join(),
    ).toContain('本人');
  });
});

describe('P11: the admission vote', () => {
  it('refuses a branch with fewer than 3 full members', () => {
    expect(checkAdmissionVote(set2014, 2, vote(2, 2, 2))[0]!.message).toContain('不足3人');
    expect(checkAdmissionVote(set2014, 3, vote(3, 3, 3))).toEqual([]);
  });

  it('needs more than half present: exactly half is no quorum', () => {
    expect(checkAdmissionVote(set2014, 10, vote(10, 5, 5))[0]).toMatchObject({
      rule: 'P11',
      field: 'vote.present',
    });
    expect(checkAdmissionVote(set2014, 10, vote(10, 6, 6))).toEqual([]);
    expect(checkAdmissionVote(set2014, 9, vote(9, 5, 5))).toEqual([]);
  });

  it('passes with more than half of all voting members, not of those present', () => {
    // 6 of 10 present, 5 yes: a majority of those present but not more than half of the 10
    expect(checkAdmissionVote(set2014, 10, vote(10, 6, 5))[0]).toMatchObject({
      rule: 'P11',
      field: 'vote.yes',
    });
    expect(checkAdmissionVote(set2014, 10, vote(10, 6, 6))).toEqual([]);
  });

  it('records a vote that did not pass as rejected, but not one that passed', () => {
    expect(checkAdmissionVote(set2014, 10, vote(10, 8, 4), 'rejected')).toEqual([]);
    expect(checkAdmissionVote(set2014, 10, vote(10, 8, 6), 'rejected')[0]!.field).toBe('decision');
  });
});

describe('P6: a notice of at least 5 working days, counted on the calendar', () => {
  it('counts 4 working days across the 2026 National Day holiday, and 5 a day later', () => {
    // Mon 28 Sep – Wed 30 Sep, holiday 1–7 Oct, Thu 8 Oct
    expect(noticeWorkdays(calendar, '2026-09-28', '2026-10-08')).toBe(4);
    expect(checkNotice(set2026, calendar, '2026-09-28', '2026-10-08')[0]).toMatchObject({
      rule: 'P6',
      field: 'data.noticeTo',
    });
    expect(checkNotice(set2026, calendar, '2026-09-28', '2026-10-09')).toEqual([]);
    expect(noticeEarliestEnd(calendar, '2026-09-28', 5)).toBe('2026-10-09');
  });

  it('says a notice counted across an unpublished year is provisional, and a known one is not', () => {
    const withNext = WorkCalendar.official([2026, 2027]);
    // 2027 is not published (chinese-days covers 2004–2026): 1 January 2027 counts as a Friday, so
    // 29 Dec – 1 Jan is 4 days and the earliest end (4 Jan) is provisional too
    const [refusal] = checkNotice(set2026, withNext, '2026-12-29', '2027-01-01');
    expect(refusal).toMatchObject({ rule: 'P6', provisional: true });
    expect(refusal!.message).toContain('2027年的法定节假日安排尚未公布');
    expect(refusal!.message).toContain('结果为暂定');
    const [known] = checkNotice(set2026, withNext, '2026-12-21', '2026-12-24');
    expect(known!.provisional).toBeUndefined();
    expect(known!.message).not.toContain('暂定');
  });

  it('counts a 调休 Saturday as a working day', () => {
    // Thu 8, Fri 9, Sat 10 (make-up day), Mon 12, Tue 13
    expect(noticeWorkdays(calendar, '2026-10-08', '2026-10-13')).toBe(5);
    expect(checkNotice(set2026, calendar, '2026-10-08', '2026-10-12')).toHaveLength(1);
  });

  it('starting on a day off, the first working day counts first', () => {
    // 8, 9, 10 (调休 Saturday), 12, 13 October
    expect(noticeEarliestEnd(calendar, '2026-10-03', 5)).toBe('2026-10-13');
    expect(noticeWorkdays(calendar, '2026-10-03', '2026-10-12')).toBe(4);
    expect(noticeWorkdays(calendar, '2026-10-03', '2026-10-13')).toBe(5);
  });
});

describe('P9 training and P14 extension', () => {
  it('needs 3 days or 24 hours', () => {
    expect(checkTraining(set2014, 2, 23)[0]!.rule).toBe('P9');
    expect(checkTraining(set2014, 3, 0)).toEqual([]);
    expect(checkTraining(set2014, 0, 24)).toEqual([]);
  });

  it('extends probation by 6 to 12 months, once', () => {
    expect(checkProbationExtension(set2014, 5, 0)[0]!.rule).toBe('P14');
    expect(checkProbationExtension(set2014, 6, 0)).toEqual([]);
    expect(checkProbationExtension(set2014, 12, 0)).toEqual([]);
    expect(checkProbationExtension(set2014, 13, 0)).toHaveLength(1);
    expect(checkProbationExtension(set2014, 6, 1)[0]!.message).toContain('只能延长一次');
  });
});

/** A record that satisfies every rule, applicant → full, under the 2014 set. */
function fullRecord(): DevelopmentFacts {
  const steps: DevelopmentStepFact[] = [
    { code: 'application', date: '2023-03-01', decision: 'approved' },
    { code: 'talk', date: '2023-03-20', decision: 'approved' },
    { code: 'activist', date: '2023-04-10', decision: 'approved' },
    { code: 'assessment', date: '2023-10-09', decision: 'approved' },
    { code: 'assessment', date: '2024-04-08', decision: 'approved' },
    { code: 'candidate', date: '2024-04-10', decision: 'approved' },
    { code: 'introducers', date: '2024-04-12', decision: 'approved' },
    { code: 'political_review', date: '2024-05-10', decision: 'approved' },
    { code: 'training', date: '2024-05-20', decision: 'approved', data: { trainingDays: 3 } },
    {
      code: 'notice',
      date: '2024-05-31',
      decision: 'approved',
      data: { noticeFrom: '2024-05-27', noticeTo: '2024-05-31' },
    },
    { code: 'pre_review', date: '2024-06-05', decision: 'approved' },
    { code: 'branch_meeting', date: '2024-06-28', decision: 'approved', data: { vote: vote(10, 9, 9) } },
    { code: 'approval', date: '2024-08-20', decision: 'approved' },
    { code: 'oath', date: '2024-09-01', decision: 'approved' },
    { code: 'conversion_meeting', date: '2025-06-30', decision: 'approved', data: { vote: vote(10, 9, 9) } },
    { code: 'conversion_approval', date: '2025-08-15', decision: 'approved' },
  ];
  return { appliedOn: '2023-03-01', steps };
}

describe('checkStep: order and time limits that forbid', () => {
  const upTo = (code: string): DevelopmentFacts => {
    const all = fullRecord();
    const index = all.steps.findIndex((s) => s.code === code);
    return { ...all, steps: all.steps.slice(0, index) };
  };
  const ctx = { calendar, branchFullMembers: 10, introducers: [] };

  it('accepts every step of a record that follows the rules', () => {
    const all = fullRecord();
    const introducers: IntroducerFacts[] = [1, 2].map((id) => ({
      memberId: id,
      name: `党员${id}`,
      stage: 'full',
      status: 'normal',
      underPartyProbation: false,
    }));
    all.steps.forEach((step, i) => {
      const before = { ...all, steps: all.steps.slice(0, i) };
      expect(checkStep(ruleSetFor(step.date), before, step, { ...ctx, introducers }), step.code).toEqual([]);
    });
    expect(stageOf(all)).toBe('full');
    expect(probationEnd(all)).toBe('2025-06-28');
  });

  it('refuses a step whose prerequisite is missing, citing the missing step’s rule (P8 before pre-review)', () => {
    const record = upTo('pre_review');
    record.steps = record.steps.filter((s) => s.code !== 'political_review');
    const refused = checkStep(
      set2014,
      record,
      { code: 'pre_review', date: '2024-06-05', decision: 'approved' },
      ctx,
    );
    expect(refused[0]).toMatchObject({ rule: 'P8' });
    expect(refused[0]!.message).toContain('政治审查');
  });

  it('P5: a candidate one day before 12 months as activist is refused, on the day allowed', () => {
    const record = upTo('candidate');
    expect(
      checkStep(set2014, record, { code: 'candidate', date: '2024-04-09', decision: 'approved' }, ctx)[0],
    ).toMatchObject({ rule: 'P5', field: 'date' });
    expect(
      checkStep(set2014, record, { code: 'candidate', date: '2024-04-10', decision: 'approved' }, ctx),
    ).toEqual([]);
  });

  it('P3 regional: 6 months between application and activist when the region says so', () => {
    const regional = withRegionalParameters(set2014, { activistMinApplicationMonths: 6 });
    const record = upTo('activist');
    expect(
      checkStep(regional, record, { code: 'activist', date: '2023-08-31', decision: 'approved' }, ctx)[0]!
        .rule,
    ).toBe('P3');
    expect(
      checkStep(regional, record, { code: 'activist', date: '2023-09-01', decision: 'approved' }, ctx),
    ).toEqual([]);
  });

  it('P10: leaving the unit within 3 months of the pre-review is refused, the day after allowed, a special case recorded', () => {
    const record = upTo('pre_review');
    const pre = (data: Record<string, unknown>) =>
      checkStep(set2014, record, { code: 'pre_review', date: '2024-06-05', decision: 'approved', data }, ctx);
    // 3 calendar months after 06-05 is 09-05: leaving that day is within them
    expect(pre({ leavingUnitOn: '2024-09-05' })[0]).toMatchObject({
      rule: 'P10',
      field: 'data.leavingUnitOn',
      source: '中国共产党发展党员工作细则',
    });
    expect(pre({ leavingUnitOn: '2024-09-05' })[0]!.message).toContain('一般不办理接收预备党员的手续');
    expect(pre({ leavingUnitOn: '2024-09-06' })).toEqual([]);
    expect(pre({ leavingUnitOn: '2024-07-01', leavingUnitSpecial: true })).toEqual([]);
    expect(pre({})).toEqual([]);
    // the branch meeting checks it again on its own day, with what the pre-review recorded
    const meeting = upTo('branch_meeting');
    const withLeaving = {
      ...meeting,
      steps: meeting.steps.map((s) =>
        s.code === 'pre_review' ? { ...s, data: { leavingUnitOn: '2024-09-20' } } : s,
      ),
    };
    const introducers: IntroducerFacts[] = [1, 2].map((id) => ({
      memberId: id,
      name: `党员${id}`,
      stage: 'full',
      status: 'normal',
      underPartyProbation: false,
    }));
    // the meeting of 06-28: leaving on 09-20 is within 3 months of it (though not of the 06-05 pre-review)
    const at = fullRecord().steps.find((s) => s.code === 'branch_meeting')!.date;
    const refused = checkStep(
      set2014,
      withLeaving,
      { code: 'branch_meeting', date: at, decision: 'approved', data: { vote: vote(10, 9, 9) } },
      { ...ctx, introducers },
    );
    expect(refused.map((r) => r.rule)).toEqual(['P10']);
  });

  it('P11: the branch meeting within 1 month of pre-review', () => {
    const record = upTo('branch_meeting');
    const introducers: IntroducerFacts[] = [1, 2].map((id) => ({
      memberId: id,
      name: `党员${id}`,
      stage: 'full',
      status: 'normal',
      underPartyProbation: false,
    }));
    const step = (date: string) => ({
      code: 'branch_meeting' as const,
      date,
      decision: 'approved' as const,
      data: { vote: vote(10, 9, 9) },
    });
    expect(checkStep(set2014, record, step('2024-07-05'), { ...ctx, introducers })).toEqual([]);
    expect(checkStep(set2014, record, step('2024-07-06'), { ...ctx, introducers })[0]).toMatchObject({
      rule: 'P11',
    });
  });

  it('P12: approval within 3 months, 6 in special cases', () => {
    const record = upTo('approval');
    const step = (date: string, special = false) => ({
      code: 'approval' as const,
      date,
      decision: 'approved' as const,
      data: { special },
    });
    expect(checkStep(set2014, record, step('2024-09-28'), ctx)).toEqual([]);
    expect(checkStep(set2014, record, step('2024-09-29'), ctx)[0]!.rule).toBe('P12');
    expect(checkStep(set2014, record, step('2024-12-28', true), ctx)).toEqual([]);
    expect(checkStep(set2014, record, step('2024-12-29', true), ctx)[0]!.rule).toBe('P12');
  });

  it('P15: conversion not before the end of probation; P14 extension moves it', () => {
    const record = upTo('conversion_meeting');
    const meeting = (date: string) => ({
      code: 'conversion_meeting' as const,
      date,
      decision: 'approved' as const,
      data: { vote: vote(10, 9, 9) },
    });
    expect(checkStep(set2026, record, meeting('2025-06-27'), ctx)[0]!.rule).toBe('P15');
    expect(checkStep(set2026, record, meeting('2025-06-28'), ctx)).toEqual([]);
    record.steps = [
      ...record.steps,
      { code: 'extension', date: '2025-06-20', decision: 'approved', data: { extensionMonths: 6 } },
    ];
    expect(probationEnd(record)).toBe('2025-12-28');
    expect(checkStep(set2026, record, meeting('2025-06-28'), ctx)[0]!.rule).toBe('P15');
    expect(
      checkStep(
        set2026,
        record,
        { code: 'extension', date: '2025-07-01', decision: 'approved', data: { extensionMonths: 6 } },
        ctx,
      )[0]!.message,
    ).toContain('只能延长一次');
  });
});

describe('dueDates', () => {
  it('computes the talk deadline in calendar months and flags it overdue the day after', () => {
    const record: DevelopmentFacts = {
      appliedOn: '2026-01-31',
      steps: [{ code: 'application', date: '2026-01-31', decision: 'approved' }],
    };
    const talk = (today: string) => dueDates(record, calendar, { today }).find((d) => d.step === 'talk')!;
    expect(talk('2026-02-28')).toMatchObject({ date: '2026-02-28', status: 'pending', rule: 'P2' });
    expect(talk('2026-03-01').status).toBe('overdue');
    expect(isOverdue(dueDates(record, calendar, { today: '2026-03-01' }))).toBe(true);
    expect(nextDue(dueDates(record, calendar, { today: '2026-02-01' }))?.step).toBe('talk');
  });

  it('marks a step done late, and schedules half-year assessments while an activist', () => {
    const record: DevelopmentFacts = {
      appliedOn: '2025-01-10',
      steps: [
        { code: 'application', date: '2025-01-10', decision: 'approved' },
        { code: 'talk', date: '2025-02-20', decision: 'approved' },
        { code: 'activist', date: '2025-03-01', decision: 'approved' },
        { code: 'assessment', date: '2025-09-01', decision: 'approved' },
      ],
    };
    const items = dueDates(record, calendar, { today: '2026-03-02' });
    expect(items.find((d) => d.step === 'talk')).toMatchObject({ status: 'late', doneOn: '2025-02-20' });
    const assessments = items.filter((d) => d.step === 'assessment');
    expect(assessments.map((a) => [a.date, a.status])).toEqual([
      ['2025-09-01', 'done'],
      ['2026-03-01', 'overdue'],
    ]);
    expect(items.find((d) => d.step === 'candidate')).toMatchObject({
      kind: 'earliest',
      date: '2026-03-01',
      status: 'open',
    });
  });

  it('adds the oath deadline only when approval falls under the 2026 set', () => {
    const base = fullRecord();
    const old = dueDates(base, calendar, { today: '2025-09-01' });
    expect(old.some((d) => d.step === 'oath')).toBe(false);
    const approvalIn2026: DevelopmentFacts = {
      appliedOn: '2024-03-01',
      steps: [
        ...base.steps.slice(0, 11).map((s) => s),
        { code: 'branch_meeting', date: '2026-04-20', decision: 'approved', data: { vote: vote(10, 9, 9) } },
        { code: 'approval', date: '2026-05-10', decision: 'approved' },
      ],
    };
    const items = dueDates(approvalIn2026, calendar, { today: '2026-06-11' });
    expect(items.find((d) => d.step === 'oath')).toMatchObject({
      date: '2026-06-10',
      status: 'overdue',
      ruleSet: '2026',
    });
    expect(items.find((d) => d.step === 'conversion_approval')).toMatchObject({
      date: '2027-07-20',
      status: 'pending',
    });
  });

  it('shows the notice’s earliest end in working days across a holiday', () => {
    const record: DevelopmentFacts = {
      appliedOn: '2025-01-01',
      steps: [
        {
          code: 'notice',
          date: '2026-10-09',
          decision: 'approved',
          data: { noticeFrom: '2026-09-28', noticeTo: '2026-10-09' },
        },
      ],
    };
    expect(
      dueDates(record, calendar, { today: '2026-10-10' }).find((d) => d.step === 'notice'),
    ).toMatchObject({
      date: '2026-10-09',
      status: 'done',
      provisional: false,
    });
  });
});

describe('the higher committee decides (P10, P12, P15)', () => {
  const committee = { name: '中共厦门市湖里区非公有制经济组织和社会组织工作委员会' };
  it('accepts whoever acts for the lowest 党委 above the branch', () => {
    expect(checkCommitteeDecider(set2014, 'P12', committee, true)).toEqual([]);
  });
  it('refuses a 党总支 or branch acting in its place, naming the 党委 and citing the rule', () => {
    const [r] = checkCommitteeDecider(set2014, 'P12', committee, false);
    expect(r).toMatchObject({ rule: 'P12', field: 'code' });
    expect(r!.message).toContain(`须由上级党委（${committee.name}）审批`);
  });
  it('refuses when there is no 党委 above at all', () => {
    expect(checkCommitteeDecider(set2014, 'P15', null, true)[0]).toMatchObject({ rule: 'P15' });
  });
});
