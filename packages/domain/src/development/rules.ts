/**
 * Member development (发展党员) as data: the versioned rule sets of RULES.md P1–P15.
 *
 * Sources are read through public reprints (RULES.md): an article number that could not be checked
 * against the official text carries `confirmed: false` and is shown with "（条款号待核实）", never as
 * if it were certain. The 2026-05 revision is known here only by what RULES.md says of it; where its
 * text is not known, its parameters are the 2014 ones and its article numbers are left unknown.
 */

export const DEVELOPMENT_STAGES = {
  applicant: '入党申请人',
  activist: '入党积极分子',
  candidate: '发展对象',
  probationary: '预备党员',
  full: '正式党员',
} as const;
export type DevelopmentStage = keyof typeof DEVELOPMENT_STAGES;
export const STAGE_ORDER: readonly DevelopmentStage[] = [
  'applicant',
  'activist',
  'candidate',
  'probationary',
  'full',
];

/** True when `next` comes after `current` in the order of stages (stages only ever move forward). */
export function isLaterStage(next: DevelopmentStage, current: DevelopmentStage): boolean {
  return STAGE_ORDER.indexOf(next) > STAGE_ORDER.indexOf(current);
}

export type DevelopmentRuleId =
  | 'P1'
  | 'P2'
  | 'P3'
  | 'P4'
  | 'P5'
  | 'P6'
  | 'P7'
  | 'P8'
  | 'P9'
  | 'P10'
  | 'P11'
  | 'P12'
  | 'P13'
  | 'P14'
  | 'P15';

export interface DevelopmentCitation {
  /** The document, without book-title marks: 中国共产党发展党员工作细则. */
  source: string;
  /** '第二十二条'; null when the article is not known at all. */
  article: string | null;
  /** False when the article number comes from a reprint and has not been checked ([?] in RULES.md). */
  confirmed: boolean;
  /** What the rule says, in one Chinese sentence. */
  text: string;
}

/** "依据《中国共产党章程》第五条" / "依据《…》第十四条（条款号待核实）" / "依据《…》（条款号待核实）". */
export function citationText(c: DevelopmentCitation): string {
  const article = c.article ?? '';
  const mark = c.confirmed && c.article ? '' : '（条款号待核实）';
  return `依据《${c.source}》${article}${mark}`;
}

export type DevelopmentStepCode =
  | 'application'
  | 'talk'
  | 'activist'
  | 'assessment'
  | 'candidate'
  | 'introducers'
  | 'political_review'
  | 'training'
  | 'notice'
  | 'pre_review'
  | 'branch_meeting'
  | 'approval'
  | 'oath'
  | 'extension'
  | 'conversion_meeting'
  | 'conversion_approval';

export interface DevelopmentStepDefinition {
  code: DevelopmentStepCode;
  label: string;
  rule: DevelopmentRuleId;
  /** Who decides: the branch (`development.manage`) or the higher committee (`development.approve`). */
  by: 'branch' | 'committee';
  /** Steps that must be recorded (and approved) before this one, in any order. */
  requires: DevelopmentStepCode[];
  /** The member's stage after this step is approved. */
  advancesTo?: DevelopmentStage;
  /** May be recorded more than once (half-year assessments). */
  repeatable?: boolean;
  /** Only while the member is in one of these stages (derived from the record's steps). */
  during: DevelopmentStage[];
}

/** A time limit, written as data: `step` is due (or allowed from) `months` after `from` happened. */
export interface DevelopmentDeadline {
  step: DevelopmentStepCode;
  from: DevelopmentStepCode | 'probation_end';
  months: number;
  /** deadline: must happen by then; earliest: may not happen before then. */
  kind: 'deadline' | 'earliest';
  rule: DevelopmentRuleId;
}

export interface DevelopmentParameters {
  /** P1 */
  minAge: number;
  /** P3: months an application must be old before the applicant can be made an activist (0: no national minimum; some regions 6). */
  activistMinApplicationMonths: number;
  /** P4 */
  assessmentEveryMonths: number;
  /** P5 */
  candidateMinActivistMonths: number;
  /** P6 */
  noticeMinWorkdays: number;
  /** P7 */
  introducers: number;
  /** P9 */
  trainingMinDays: number;
  trainingMinHours: number;
  /** P10 */
  leavingWithinMonths: number;
  /** P11 */
  minFullMembersToVote: number;
  /** P12 */
  approvalWithinMonths: number;
  approvalSpecialWithinMonths: number;
  /** P14 */
  probationMonths: number;
  extensionMinMonths: number;
  extensionMaxMonths: number;
  maxExtensions: number;
}

export interface DevelopmentRuleSet {
  version: '2014' | '2026';
  title: string;
  /** First day in force. */
  effectiveFrom: string;
  /** Last day in force; null while current. */
  effectiveTo: string | null;
  /** False when the dates are not confirmed from the official text. */
  datesConfirmed: boolean;
  note: string;
  params: DevelopmentParameters;
  steps: DevelopmentStepDefinition[];
  deadlines: DevelopmentDeadline[];
  citations: Record<DevelopmentRuleId, DevelopmentCitation>;
}

const DETAILED_RULES_2014 = '中国共产党发展党员工作细则';
const DETAILED_RULES_2026 = '中国共产党发展党员工作细则（2026年修订）';
const CONSTITUTION = '中国共产党章程';

const PARAMS_2014: DevelopmentParameters = {
  minAge: 18,
  activistMinApplicationMonths: 0,
  assessmentEveryMonths: 6,
  candidateMinActivistMonths: 12,
  noticeMinWorkdays: 5,
  introducers: 2,
  trainingMinDays: 3,
  trainingMinHours: 24,
  leavingWithinMonths: 3,
  minFullMembersToVote: 3,
  approvalWithinMonths: 3,
  approvalSpecialWithinMonths: 6,
  probationMonths: 12,
  extensionMinMonths: 6,
  extensionMaxMonths: 12,
  maxExtensions: 1,
};

/** The steps, in their usual order. The "25 steps" of the sources group some of these differently. */
const STEPS: DevelopmentStepDefinition[] = [
  {
    code: 'application',
    label: '递交入党申请书',
    rule: 'P1',
    by: 'branch',
    requires: [],
    during: ['applicant'],
  },
  {
    code: 'talk',
    label: '党组织派人谈话',
    rule: 'P2',
    by: 'branch',
    requires: ['application'],
    during: ['applicant'],
  },
  {
    code: 'activist',
    label: '确定为入党积极分子',
    rule: 'P3',
    by: 'branch',
    requires: ['application', 'talk'],
    advancesTo: 'activist',
    during: ['applicant'],
  },
  {
    code: 'assessment',
    label: '培养教育考察（每半年一次）',
    rule: 'P4',
    by: 'branch',
    requires: ['activist'],
    repeatable: true,
    during: ['activist'],
  },
  {
    code: 'candidate',
    label: '确定为发展对象',
    rule: 'P5',
    by: 'branch',
    requires: ['activist'],
    advancesTo: 'candidate',
    during: ['activist'],
  },
  {
    code: 'introducers',
    label: '确定入党介绍人',
    rule: 'P7',
    by: 'branch',
    requires: ['candidate'],
    during: ['candidate'],
  },
  {
    code: 'political_review',
    label: '政治审查',
    rule: 'P8',
    by: 'branch',
    requires: ['candidate'],
    during: ['candidate'],
  },
  {
    code: 'training',
    label: '短期集中培训',
    rule: 'P9',
    by: 'branch',
    requires: ['candidate'],
    during: ['candidate'],
  },
  {
    code: 'notice',
    label: '发展对象公示',
    rule: 'P6',
    by: 'branch',
    requires: ['candidate', 'introducers', 'political_review', 'training'],
    during: ['candidate'],
  },
  {
    code: 'pre_review',
    label: '上级党委预审',
    rule: 'P10',
    by: 'committee',
    requires: ['introducers', 'political_review', 'training', 'notice'],
    during: ['candidate'],
  },
  {
    code: 'branch_meeting',
    label: '支部大会讨论接收预备党员',
    rule: 'P11',
    by: 'branch',
    requires: ['pre_review'],
    during: ['candidate'],
  },
  {
    code: 'approval',
    label: '上级党委谈话并审批',
    rule: 'P12',
    by: 'committee',
    requires: ['branch_meeting'],
    advancesTo: 'probationary',
    during: ['candidate'],
  },
  {
    code: 'oath',
    label: '入党宣誓',
    rule: 'P13',
    by: 'branch',
    requires: ['approval'],
    during: ['probationary'],
  },
  {
    code: 'extension',
    label: '延长预备期',
    rule: 'P14',
    by: 'branch',
    requires: ['approval'],
    during: ['probationary'],
  },
  {
    code: 'conversion_meeting',
    label: '支部大会讨论转正',
    rule: 'P15',
    by: 'branch',
    requires: ['approval'],
    during: ['probationary'],
  },
  {
    code: 'conversion_approval',
    label: '上级党委审批转正',
    rule: 'P15',
    by: 'committee',
    requires: ['conversion_meeting'],
    advancesTo: 'full',
    during: ['probationary'],
  },
];

const DEADLINES_2014: DevelopmentDeadline[] = [
  { step: 'talk', from: 'application', months: 1, kind: 'deadline', rule: 'P2' },
  { step: 'candidate', from: 'activist', months: 12, kind: 'earliest', rule: 'P5' },
  { step: 'branch_meeting', from: 'pre_review', months: 1, kind: 'deadline', rule: 'P11' },
  { step: 'approval', from: 'branch_meeting', months: 3, kind: 'deadline', rule: 'P12' },
  { step: 'conversion_meeting', from: 'probation_end', months: 0, kind: 'earliest', rule: 'P15' },
  { step: 'conversion_approval', from: 'probation_end', months: 3, kind: 'deadline', rule: 'P15' },
];

/**
 * 2014 citations. The 党章 articles are the Constitution's own numbering (art. 1: age 18; art. 7:
 * one-year probation, extension at most one year). The 细则 article numbers are from reprints and
 * unconfirmed ([?]).
 */
const CITATIONS_2014: Record<DevelopmentRuleId, DevelopmentCitation> = {
  P1: {
    source: CONSTITUTION,
    article: '第一条',
    confirmed: true,
    text: '年满十八岁方可申请入党，年龄以入党申请之日计算',
  },
  P2: {
    source: DETAILED_RULES_2014,
    article: '第七条',
    confirmed: false,
    text: '党组织收到入党申请书后，应当在一个月内派人同入党申请人谈话',
  },
  P3: {
    source: DETAILED_RULES_2014,
    article: '第八条',
    confirmed: false,
    text: '入党积极分子由支部委员会研究决定，并报上级党委备案',
  },
  P4: {
    source: DETAILED_RULES_2014,
    article: '第十一条',
    confirmed: false,
    text: '党支部每半年对入党积极分子进行一次考察',
  },
  P5: {
    source: DETAILED_RULES_2014,
    article: '第十三条',
    confirmed: false,
    text: '经过一年以上培养教育和考察的入党积极分子，方可列为发展对象',
  },
  P6: {
    source: DETAILED_RULES_2014,
    article: '第十八条',
    confirmed: false,
    text: '发展对象应当进行公示，公示时间不少于5个工作日',
  },
  // The sentence (two full members; none under 留党察看) is the 细则's, not the Constitution's: 党章
  // 第五条 asks for two full members as introducers but says nothing of 留党察看. Reprints number the
  // 细则 article differently (第十四条 in most), so the number is not confirmed.
  P7: {
    source: DETAILED_RULES_2014,
    article: '第十四条',
    confirmed: false,
    text: '发展对象应当有两名正式党员作入党介绍人；受留党察看处分、尚未恢复党员权利的党员，不能作入党介绍人',
  },
  P8: {
    source: DETAILED_RULES_2014,
    article: '第十五条',
    confirmed: false,
    text: '对发展对象进行政治审查，未经政治审查或政治审查不合格的，不能发展入党',
  },
  P9: {
    source: DETAILED_RULES_2014,
    article: '第十六条',
    confirmed: false,
    text: '发展对象须经短期集中培训，时间一般不少于3天（或不少于24个学时）',
  },
  P10: {
    source: DETAILED_RULES_2014,
    article: '第十九条',
    confirmed: false,
    text: '发展对象须经具有审批权限的基层党委预审；3个月内将离开工作单位的，一般不办理接收手续',
  },
  P11: {
    source: DETAILED_RULES_2014,
    article: '第二十三条',
    confirmed: false,
    text: '支部大会应在预审后1个月内召开；有表决权的到会人数须超过应到会有表决权人数的半数，赞成人数须超过应到会有表决权的正式党员的半数方能通过；正式党员不足3人的党支部不能讨论接收预备党员',
  },
  P12: {
    source: DETAILED_RULES_2014,
    article: '第二十六条',
    confirmed: false,
    text: '上级党委应当在3个月内审批，特殊情况可适当延长，但不得超过6个月',
  },
  P13: {
    source: DETAILED_RULES_2014,
    article: '第二十八条',
    confirmed: false,
    text: '预备党员必须面向党旗进行入党宣誓',
  },
  P14: {
    source: CONSTITUTION,
    article: '第七条',
    confirmed: true,
    text: '预备期为一年，自支部大会通过之日算起；可以延长一次，延长时间不少于半年、最多不超过一年',
  },
  P15: {
    source: DETAILED_RULES_2014,
    article: '第三十二条',
    confirmed: false,
    text: '预备期满应及时讨论转正，上级党委应在3个月内审批；党龄从预备期满转为正式党员之日算起',
  },
};

/**
 * The 2026-05 revision. What RULES.md states of it is applied: the oath within 1 month of approval
 * (P13) with the 2026 text. Everything else keeps the 2014 parameters because the differences are
 * not known here, and every 2026 article number is unknown (the revision may renumber).
 */
const CITATIONS_2026: Record<DevelopmentRuleId, DevelopmentCitation> = Object.fromEntries(
  Object.entries(CITATIONS_2014).map(([id, c]) => [
    id,
    c.source === CONSTITUTION ? c : { ...c, source: DETAILED_RULES_2026, article: null, confirmed: false },
  ]),
) as Record<DevelopmentRuleId, DevelopmentCitation>;
CITATIONS_2026.P13 = {
  source: DETAILED_RULES_2026,
  article: null,
  confirmed: false,
  text: '上级党委批准后1个月内组织预备党员面向党旗进行入党宣誓（2026年修订的誓词）',
};

export const RULE_SETS: readonly DevelopmentRuleSet[] = [
  {
    version: '2014',
    title: '《中国共产党发展党员工作细则》（2014年）',
    effectiveFrom: '2014-06-10',
    effectiveTo: '2026-04-30',
    datesConfirmed: false,
    note: '2014年6月印发；止于2026年5月修订施行前一日（施行日待核实）',
    params: PARAMS_2014,
    steps: STEPS,
    deadlines: DEADLINES_2014,
    citations: CITATIONS_2014,
  },
  {
    version: '2026',
    title: '《中国共产党发展党员工作细则》（2026年5月修订）',
    effectiveFrom: '2026-05-01',
    effectiveTo: null,
    datesConfirmed: false,
    note: '已知差异：批准后1个月内入党宣誓（2026年誓词）。其余参数暂同2014年版，条款号待核实',
    params: PARAMS_2014,
    steps: STEPS,
    deadlines: [
      ...DEADLINES_2014,
      { step: 'oath', from: 'approval', months: 1, kind: 'deadline', rule: 'P13' },
    ],
    citations: CITATIONS_2026,
  },
];

/**
 * The rule set in force on `date` ('YYYY-MM-DD'). Dates before the 2014 rules fall back to them (the
 * platform keeps no older set: records begun earlier are judged by the oldest set it knows).
 */
export function ruleSetFor(date: string): DevelopmentRuleSet {
  for (const set of RULE_SETS) {
    if (date >= set.effectiveFrom && (set.effectiveTo === null || date <= set.effectiveTo)) return set;
  }
  return RULE_SETS[0]!;
}

export function ruleSetByVersion(version: string): DevelopmentRuleSet | undefined {
  return RULE_SETS.find((s) => s.version === version);
}

/**
 * A region may override a parameter, never delete a rule (RULES.md): e.g. 6 months between
 * application and activist designation.
 */
export function withRegionalParameters(
  set: DevelopmentRuleSet,
  overrides: Partial<DevelopmentParameters>,
): DevelopmentRuleSet {
  return { ...set, params: { ...set.params, ...overrides } };
}

export function stepDefinition(
  set: DevelopmentRuleSet,
  code: DevelopmentStepCode,
): DevelopmentStepDefinition {
  const def = set.steps.find((s) => s.code === code);
  if (!def) throw new Error(`unknown development step ${code}`);
  return def;
}

export const DEVELOPMENT_STEP_LABELS: Record<DevelopmentStepCode, string> = Object.fromEntries(
  STEPS.map((s) => [s.code, s.label]),
) as Record<DevelopmentStepCode, string>;
export const DEVELOPMENT_STEP_CODES = STEPS.map((s) => s.code) as [
  DevelopmentStepCode,
  ...DevelopmentStepCode[],
];
