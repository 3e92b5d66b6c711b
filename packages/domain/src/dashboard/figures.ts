import { addDays, dayOfWeek, daysInMonth } from '../calendar/dates.ts';
import { addMonths, isMonth } from '../dues/ledger.ts';

/**
 * The figures of the home screens (工作台) and of the monthly bulletin (通报): one definition each, so a
 * number on a dashboard, in a bulletin and in the list behind it means the same thing. Every figure
 * carries its definition (口径) and the address of the list it counts.
 */

export type FigureUnit = '个' | '人' | '件' | '项' | '%' | '元' | '条' | '分' | '次';

export interface FigureDefinition {
  label: string;
  unit: FigureUnit;
  definition: string;
}

export const FIGURE_DEFINITIONS = {
  orgs: { label: '党组织', unit: '个', definition: '本组织及其下级未撤销的党组织个数（含本组织）' },
  members: {
    label: '党员',
    unit: '人',
    definition: '组织关系在本组织及其下级党组织的正式党员和预备党员人数（不含已停止党籍、出党、死亡）',
  },
  findingsOpen: {
    label: '未整改问题',
    unit: '条',
    definition: '合规监测发现、当前仍未整改的问题条数（不含预警）',
  },
  findingsOverdue: {
    label: '逾期未整改',
    unit: '条',
    definition: '未整改问题中，已过整改期限（期限早于今天）的条数',
  },
  findingsOpened: {
    label: '新发现问题',
    unit: '条',
    definition: '当月合规监测新发现的问题条数（不含预警），无论此后是否已整改',
  },
  casesReceived: {
    label: '受理工单',
    unit: '件',
    definition: '当月登记的诉求工单件数（按登记日期，北京时间）',
  },
  casesOnTime: {
    label: '按时办结率',
    unit: '%',
    definition:
      '当月登记的工单中：按时办结件数 ÷（已办结件数 ＋ 未办结但已超期件数）；重复件、不予受理件不计',
  },
  casesSatisfaction: {
    label: '满意率',
    unit: '%',
    definition: '当月登记的工单中：（满意 ＋ 基本满意）件数 ÷ 已评价件数，按每件工单最后一次评价',
  },
  duesRate: {
    label: '党费收缴率',
    unit: '%',
    definition: '当月已交党费金额 ÷ 当月应交党费金额（党费台账，精确到分；不含自愿多交）',
  },
  duesPaid: { label: '已交党费', unit: '元', definition: '当月党费台账已交金额合计（元，精确到分）' },
  projectsLagging: {
    label: '滞后项目',
    unit: '项',
    definition: '在办项目中，截至今天实际进度低于计划进度（超时序为负）的项目个数，含子项目',
  },
  projectsActive: { label: '在办项目', unit: '项', definition: '未完成的项目个数，含子项目' },
  // a branch's week (a secretary's home)
  meetingsThisWeek: {
    label: '本周计划会议',
    unit: '次',
    definition: '本组织及下级本周（周一至周日）计划召开、尚未记录召开的会议次数',
  },
  meetingsDue: {
    label: '应开未开会议',
    unit: '条',
    definition: '合规监测对"三会一课"、主题党日、组织生活会和民主评议当前未关闭的问题和预警条数',
  },
  duesUnpaid: {
    label: '本月未交党费',
    unit: '人',
    definition: '本月党费台账中未交或未交足的党员人数',
  },
  developmentDue: {
    label: '发展党员到期事项',
    unit: '条',
    definition: '合规监测对发展党员各环节时限当前未关闭的问题和预警条数',
  },
  remindersUnread: { label: '未读提醒', unit: '条', definition: '发给我、尚未阅读的提醒、预警和督办' },
  // a handler's queue
  queueTodo: {
    label: '待我办理',
    unit: '件',
    definition: '派给我所在单位、等待签收或办理的工单件数（与工单台账"待我办理"相同）',
  },
  queueOverdue: {
    label: '已超期',
    unit: '件',
    definition: '待我办理的工单中，已超过签收或办结时限的件数',
  },
  // one's own
  myCasesOpen: { label: '在办诉求', unit: '件', definition: '我提交、尚未办结的诉求件数' },
  myCasesToRate: { label: '待评价', unit: '件', definition: '我提交、已答复或办结但我尚未评价的诉求件数' },
  myPoints: { label: '我的积分', unit: '分', definition: '积分账户当前余额（获得减去兑换和过期）' },
  myDuesUnpaid: {
    label: '待交党费',
    unit: '元',
    definition: '我的党费台账中未交或未交足的金额合计（元，精确到分）',
  },
  myMeetings: {
    label: '近期会议',
    unit: '次',
    definition: '我所在党组织今天起 14 天内计划召开的会议次数',
  },
  myStudyOpen: {
    label: '待学资料',
    unit: '项',
    definition: '布置给我（或我所在党组织）、尚未学完的学习资料项数',
  },
  myActivities: { label: '已报名活动', unit: '次', definition: '我已报名（含候补）、尚未开始的活动次数' },
  // an instructor's enterprises (党建工作指导员)
  guidanceEnterprises: {
    label: '联系企业',
    unit: '个',
    definition: '选派我联系指导、当前仍在联系期内的单位个数',
  },
  guidanceNotVisited: {
    label: '今年未指导',
    unit: '个',
    definition: '联系的单位中，今年（1 月 1 日至今）还没有登记指导记录的个数',
  },
  guidanceNotVisitedQuarter: {
    label: '本季度未走访',
    unit: '个',
    definition: '联系的单位中，本季度（季度首日至今）还没有登记指导或走访记录的个数（挂钩走访按季度覆盖）',
  },
  guidanceWithFindings: {
    label: '有未整改问题',
    unit: '个',
    definition: '联系的单位中，本单位或其党组织有合规监测未整改问题的个数',
  },
  // an alliance's office (产业链党委 / 联盟办公室)
  alliances: {
    label: '产业链与联盟',
    unit: '个',
    definition: '我运行或参与、当前有效的产业链党委和党建联盟个数',
  },
  policiesEligible: {
    label: '符合的政策',
    unit: '项',
    definition: '按本企业现有信息判断符合条件、当前有效的政策事项个数',
  },
  policiesUnknown: {
    label: '待补信息的政策',
    unit: '项',
    definition: '缺少某项企业信息、尚无法判断的政策事项个数；补齐后自动重新判断',
  },
} as const satisfies Record<string, FigureDefinition>;

export type FigureKey = keyof typeof FIGURE_DEFINITIONS;

export interface Figure {
  key: FigureKey;
  label: string;
  unit: FigureUnit;
  /** null: nothing to divide by (a rate with no denominator) */
  value: number | null;
  definition: string;
  /** the console address of the list behind the figure */
  link: string;
  /** the same figure for the months up to this one, oldest first */
  trend?: Array<{ month: string; value: number | null }>;
}

export function figure(
  key: FigureKey,
  value: number | null,
  link: string,
  trend?: Array<{ month: string; value: number | null }>,
): Figure {
  const d: FigureDefinition = FIGURE_DEFINITIONS[key];
  return {
    key,
    label: d.label,
    unit: d.unit,
    value,
    definition: d.definition,
    link,
    ...(trend ? { trend } : {}),
  };
}

/** numerator ÷ denominator as a percentage with one decimal, or null when there is nothing to divide. */
export function percent(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  return Math.round((numerator * 1000) / denominator) / 10;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The first and the last day of a month `YYYY-MM`. */
export function monthBounds(month: string): { first: string; last: string } {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  const year = Number(m[1]);
  const mon = Number(m[2]);
  return { first: `${month}-01`, last: `${month}-${String(daysInMonth(year, mon)).padStart(2, '0')}` };
}

/** The `count` months ending with `month`, oldest first. */
export function monthsEnding(month: string, count: number): string[] {
  if (!isMonth(month)) throw new RangeError(`not a month: ${month}`);
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) out.push(addMonths(month, -i));
  return out;
}

/**
 * The day a month's figures are taken as of: its last day, or today while the month is running.
 * A month that has not begun is not a month anyone can report on.
 */
export function asOfDay(month: string, today: string): string | undefined {
  const { first, last } = monthBounds(month);
  if (today < first) return undefined;
  return today < last ? today : last;
}

/** Monday and Sunday of the week of `date` (weeks begin on Monday in China). */
export function weekOf(date: string): { monday: string; sunday: string } {
  const dow = dayOfWeek(date); // 0 = Sunday
  const monday = addDays(date, dow === 0 ? -6 : 1 - dow);
  return { monday, sunday: addDays(monday, 6) };
}
