/**
 * Organization setup rules O1, O3, O4, O5 (RULES.md "Organization setup and life") as data: each
 * rule with its parameters, its source and its article. Articles are read from public reprints; a
 * number not confirmed against the official text is marked "[待核]" in the article itself (so every
 * message shows it) and the rule's `uncertain` is true.
 *
 * The evaluators in `evaluate.ts` read the parameters from here, and so does the server's SQL that
 * selects the organizations breaking a rule, so a regional override only has to change the data.
 */

export const BRANCH_REGULATIONS = '《中国共产党支部工作条例（试行）》';
export const PARTY_CONSTITUTION = '《中国共产党章程》';

export type OrgRuleId = 'O1' | 'O3' | 'O4' | 'O5';

export interface OrgRuleRef {
  id: OrgRuleId;
  source: string;
  article: string;
  /** The article number is not confirmed ("[待核]" in `article`). */
  uncertain: boolean;
}

export interface OrgRule<P extends Record<string, number>> extends OrgRuleRef {
  title: string;
  /** The rule's own words (paraphrased), quoted after 依据… in a finding's message. */
  text: string;
  /** Source and article as cited in a message: 《…》第X条. */
  cite: string;
  year: number;
  parameters: P;
}

export const O1 = {
  id: 'O1',
  title: '应当成立党支部；党支部党员人数一般不超过50人',
  text: '凡是有正式党员3人以上的单位，都应当成立党支部；党支部党员人数一般不超过50人',
  source: BRANCH_REGULATIONS,
  year: 2018,
  article: '第四条',
  uncertain: false,
  cite: `${BRANCH_REGULATIONS}第四条`,
  parameters: { minFullMembers: 3, maxBranchMembers: 50 },
} as const satisfies OrgRule<{ minFullMembers: number; maxBranchMembers: number }>;

export const O3 = {
  id: 'O3',
  title: '正式党员7人以上的党支部设立支部委员会',
  text: '有正式党员7人以上的党支部，应当设立党支部委员会，由3至5人组成，一般不超过7人；正式党员不足7人的党支部，设1名书记，必要时可以设1名副书记',
  source: BRANCH_REGULATIONS,
  year: 2018,
  // 第六章（党支部委员会建设）by the reprints; it was cited as 第十九条, which is in 第四章 (工作机制)
  article: '第六章（党支部委员会建设）[条款号待核]',
  uncertain: true,
  cite: `${BRANCH_REGULATIONS}第六章（党支部委员会建设）[条款号待核]`,
  parameters: { committeeFromFullMembers: 7, minCommittee: 3, usualMaxCommittee: 5, maxCommittee: 7 },
} as const satisfies OrgRule<{
  committeeFromFullMembers: number;
  minCommittee: number;
  usualMaxCommittee: number;
  maxCommittee: number;
}>;

export const O4 = {
  id: 'O4',
  title: '按党员人数设立党总支或党的基层委员会（建议）',
  text: '党的基层组织根据工作需要和党员人数，经上级党组织批准，分别设立党的基层委员会、总支部委员会、支部委员会；一般党员人数超过50人的可以设立党总支，100人以上的可以设立党的基层委员会',
  source: PARTY_CONSTITUTION,
  year: 2022,
  // 党章 第三十条 lets the higher organization set up a committee, general branch or branch "根据工作需要和
  // 党员人数"; the thresholds 50 and 100 are common practice, not its words
  article: '第三十条（50人、100人为通行做法）[待核]',
  uncertain: true,
  cite: `${PARTY_CONSTITUTION}第三十条（50人、100人为通行做法）[待核]`,
  parameters: { generalBranchAbove: 50, committeeFrom: 100 },
} as const satisfies OrgRule<{ generalBranchAbove: number; committeeFrom: number }>;

export const O5 = {
  id: 'O5',
  title: '按期换届',
  text: '党的基层委员会每届任期一般为5年，总支部委员会、支部委员会每届任期一般为3年，村、社区党组织每届任期5年；任期届满应当按期进行换届选举',
  source: `${BRANCH_REGULATIONS}、${PARTY_CONSTITUTION}`,
  year: 2018,
  // terms sit in the 条例's 第六章（党支部委员会建设）, numbered 第二十一条 by one reprint (it was cited as
  // 第二十条); 党章 第三十一条: 每届任期三年至五年; 村、社区 5 years by the 2018 意见 on terms
  article: '支部工作条例第六章（党支部委员会建设）第二十一条[待核]；党章第三十一条',
  uncertain: true,
  cite: `${BRANCH_REGULATIONS}第六章（党支部委员会建设）第二十一条[待核]、${PARTY_CONSTITUTION}第三十一条`,
  parameters: {
    committeeYears: 5,
    generalBranchYears: 3,
    branchYears: 3,
    villageCommunityYears: 5,
    remindMonthsBefore: 6,
  },
} as const satisfies OrgRule<{
  committeeYears: number;
  generalBranchYears: number;
  branchYears: number;
  villageCommunityYears: number;
  remindMonthsBefore: number;
}>;

export const ORG_SETUP_RULES = { O1, O3, O4, O5 } as const;

export function orgRuleRef(rule: {
  id: OrgRuleId;
  source: string;
  article: string;
  uncertain: boolean;
}): OrgRuleRef {
  return { id: rule.id, source: rule.source, article: rule.article, uncertain: rule.uncertain };
}

/** 依据《…》第X条：… — the citation every finding's message starts with. */
export function orgRuleCitation(rule: { cite: string; text: string }): string {
  return `依据${rule.cite}：${rule.text}。`;
}

/** The specific checks each rule makes (one rule may raise different findings). */
export const ORG_SETUP_CHECKS = {
  'O1.unit_without_branch': '单位有3名以上正式党员但未单独成立党支部',
  'O1.branch_over_50': '党支部党员人数超过50人',
  'O3.committee_required': '正式党员7人以上的党支部未设支部委员会',
  'O3.committee_size': '支部委员会人数不在3至7人之间',
  'O3.secretary_only': '正式党员不足7人的党支部设1名书记即可',
  'O4.general_branch_advised': '党员人数超过50人，可以设立党总支',
  'O4.committee_advised': '党员人数100人以上，可以设立党的基层委员会',
  'O5.no_term': '未登记班子任期',
  'O5.term_expiring': '任期将在6个月内届满',
  'O5.term_overdue': '任期已届满，尚未换届',
} as const;

export type OrgSetupCheck = keyof typeof ORG_SETUP_CHECKS;
export const ORG_SETUP_CHECK_CODES = Object.keys(ORG_SETUP_CHECKS) as OrgSetupCheck[];

export type FindingSeverity = 'violation' | 'warning' | 'info';

/** How serious each check is: "应当" broken is a violation, "一般" a warning, O4 and the rest advice. */
export const ORG_SETUP_CHECK_SEVERITY = {
  'O1.unit_without_branch': 'violation',
  'O1.branch_over_50': 'warning',
  'O3.committee_required': 'violation',
  'O3.committee_size': 'warning',
  'O3.secretary_only': 'info',
  'O4.general_branch_advised': 'info',
  'O4.committee_advised': 'info',
  'O5.no_term': 'info',
  'O5.term_expiring': 'warning',
  'O5.term_overdue': 'violation',
} as const satisfies Record<OrgSetupCheck, FindingSeverity>;

export const FINDING_SEVERITIES = {
  violation: '不符合规定',
  warning: '需要关注',
  info: '建议',
} as const satisfies Record<FindingSeverity, string>;

/** Kinds of a leadership term: an elected committee, or (fewer than 7 full members) a secretary. */
export const TERM_KINDS = {
  committee: '委员会',
  secretary: '书记（不设委员会）',
} as const;
export type TermKind = keyof typeof TERM_KINDS;

/** Posts in a committee (班子成员职务). */
export const COMMITTEE_POSTS = {
  secretary: '书记',
  deputy_secretary: '副书记',
  organization: '组织委员',
  propaganda: '宣传委员',
  discipline: '纪检委员',
  youth: '青年委员',
  women: '妇女委员',
  member: '委员',
} as const;
export type CommitteePost = keyof typeof COMMITTEE_POSTS;
export const COMMITTEE_POST_CODES = Object.keys(COMMITTEE_POSTS) as CommitteePost[];
