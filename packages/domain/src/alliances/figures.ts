/**
 * The figures of an alliance and of a region's alliances (issue 12 item 8). Each figure carries its
 * definition (口径), like the home screens' figures (dashboard/figures.ts), and each one is computed from
 * the list behind it (`GET /api/v1/alliances/{id}/figures/{key}`): a count is the list's total, an
 * average is the mean of the list's values, so the number and its list never disagree.
 */

export type AllianceFigureUnit = '个' | '次' | '项' | '条' | '件' | '个工作日';

export interface AllianceFigureDefinition {
  label: string;
  unit: AllianceFigureUnit;
  definition: string;
  /** `count`: the list's total; `mean`: the mean of the list's values (one decimal), null when empty. */
  aggregate: 'count' | 'mean';
}

export const ALLIANCE_FIGURES = {
  members: {
    label: '成员单位',
    unit: '个',
    definition: '今天在册的成员单位个数（加入日期不晚于今天、尚未退出）',
    aggregate: 'count',
  },
  enterprises: {
    label: '覆盖企业',
    unit: '个',
    definition: '在册成员单位中，所在单位为企业的党组织个数',
    aggregate: 'count',
  },
  meetingsHeld: {
    label: '召开联席会议',
    unit: '次',
    definition: '已登记召开的联席会议次数（不含每月党建活动日，不含只通知未召开的会议）',
    aggregate: 'count',
  },
  resolutionsOnTime: {
    label: '决议按期完成',
    unit: '项',
    definition: '联席会议决议中，完成日期不晚于办结期限的项数',
    aggregate: 'count',
  },
  resolutionsLate: {
    label: '决议逾期',
    unit: '项',
    definition: '联席会议决议中，晚于办结期限完成的，和已过期限（期限早于今天）仍未完成的项数',
    aggregate: 'count',
  },
  demandsMet: {
    label: '需求已办结',
    unit: '条',
    definition: '需求清单中，派单后工单已办结的需求条数',
    aggregate: 'count',
  },
  demandWorkdays: {
    label: '需求平均办结用时',
    unit: '个工作日',
    definition:
      '已办结需求从发布之日到工单办结之日的工作日数（按工作日历，发布当日不计）的平均值，保留一位小数',
    aggregate: 'mean',
  },
  casesRated: {
    label: '派单已评价',
    unit: '件',
    definition: '需求派单和决议转办形成的工单中，已有评价的件数',
    aggregate: 'count',
  },
  casesSatisfied: {
    label: '评价满意',
    unit: '件',
    definition: '已评价的派单工单中，评价为满意或基本满意的件数',
    aggregate: 'count',
  },
  challenges: {
    label: '揭榜挂帅',
    unit: '项',
    definition: '联盟发布的揭榜挂帅项目数（揭榜中和已确定揭榜单位的）',
    aggregate: 'count',
  },
  projects: {
    label: '联盟项目',
    unit: '项',
    definition: '关联本联盟的项目数（含揭榜挂帅和党建联创项目）',
    aggregate: 'count',
  },
  projectsOnSchedule: {
    label: '项目按时序推进',
    unit: '项',
    definition: '联盟项目中已设节点、实际进度不低于计划进度（超时序或按时序）的项目数',
    aggregate: 'count',
  },
} as const satisfies Record<string, AllianceFigureDefinition>;

export type AllianceFigureKey = keyof typeof ALLIANCE_FIGURES;
export const ALLIANCE_FIGURE_KEYS = Object.keys(ALLIANCE_FIGURES) as AllianceFigureKey[];

/** A resolution is on time when done on or before its due date; late when done after it or overdue open. */
export function resolutionTiming(
  dueOn: string,
  doneOn: string | null,
  today: string,
): 'on_time' | 'late' | 'open' {
  if (doneOn !== null) return doneOn <= dueOn ? 'on_time' : 'late';
  return dueOn < today ? 'late' : 'open';
}

/** The figure of a list: its length, or the mean of its values to one decimal (null when empty). */
export function figureOf(aggregate: 'count' | 'mean', values: readonly (number | null)[]): number | null {
  if (aggregate === 'count') return values.length;
  const nums = values.filter((v): v is number => v !== null);
  if (nums.length === 0) return null;
  return Math.round((nums.reduce((a, b) => a + b, 0) / nums.length) * 10) / 10;
}
