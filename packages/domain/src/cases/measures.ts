import { type CaseState, isOpenState, type Rating } from './machine.ts';

/**
 * The measures of the loop, defined honestly (CASES.md "Measures, defined honestly"): open overdue
 * cases count against the on-time rate, satisfaction is over cases actually rated, and every figure
 * carries its definition so the console shows it next to the number.
 */

export interface CaseMeasureRow {
  state: CaseState;
  closureReason: 'resolved' | 'duplicate' | 'rejected' | null;
  /** Any completion cycle finished late, or is running late now. */
  completionBreached: boolean;
  /** The latest dispatch was signed on time (null: never dispatched). */
  signedOnTime: boolean | null;
  /** The last rating (null: never rated). */
  rating: Rating | null;
  redoCount: number;
  returnCount: number;
  dispatched: boolean;
}

export interface Measure {
  key: string;
  label: string;
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator, or null when there is nothing to divide by. */
  value: number | null;
  definition: string;
}

export const MEASURE_DEFINITIONS = {
  onTime: {
    label: '按时办结率',
    definition:
      '按时办结件数 ÷（已办结件数 ＋ 未办结但已超期件数）；重复件、不予受理件不计；已超期仍在办的工单计入分母',
  },
  satisfaction: {
    label: '满意率',
    definition: '（满意 ＋ 基本满意）件数 ÷ 已评价件数，按每件工单最后一次评价',
  },
  ratingRate: {
    label: '参评率',
    definition: '已评价件数 ÷ 已回单（含已办结）的工单件数',
  },
  signOnTime: {
    label: '按时签收率',
    definition: '最近一次派单在签收时限内签收的件数 ÷ 已派单件数（超时未签收的计入分母）',
  },
  returnRate: {
    label: '退单率',
    definition: '至少有一次退单获批的件数 ÷ 已派单件数',
  },
  redoRate: {
    label: '发回重办率',
    definition: '至少被发回重办一次的件数 ÷ 已评价件数',
  },
  firstTime: {
    label: '一次办结率',
    definition: '未经发回重办、也未退单即办结的件数 ÷ 已办结件数',
  },
} as const;

export type MeasureKey = keyof typeof MEASURE_DEFINITIONS;

const resolvedClosed = (r: CaseMeasureRow) =>
  (r.state === 'closed' || r.state === 'archived') && r.closureReason === 'resolved';

function measure(key: MeasureKey, numerator: number, denominator: number): Measure {
  const d = MEASURE_DEFINITIONS[key];
  return {
    key,
    label: d.label,
    numerator,
    denominator,
    value: denominator === 0 ? null : numerator / denominator,
    definition: d.definition,
  };
}

export function computeMeasures(rows: readonly CaseMeasureRow[]): Measure[] {
  let closed = 0;
  let closedOnTime = 0;
  let openOverdue = 0;
  let rated = 0;
  let satisfied = 0;
  let replied = 0;
  let dispatched = 0;
  let signedOnTime = 0;
  let returned = 0;
  let redone = 0;
  let firstTime = 0;
  for (const r of rows) {
    const counted = r.closureReason !== 'duplicate' && r.closureReason !== 'rejected';
    if (!counted) continue;
    if (resolvedClosed(r)) {
      closed++;
      if (!r.completionBreached) closedOnTime++;
      if (r.redoCount === 0 && r.returnCount === 0) firstTime++;
    } else if (isOpenState(r.state) && r.completionBreached) {
      openOverdue++;
    }
    if (resolvedClosed(r) || r.state === 'replied' || r.state === 'visiting' || r.rating) replied++;
    if (r.rating) {
      rated++;
      if (r.rating !== 'unsatisfied') satisfied++;
      if (r.redoCount > 0) redone++;
    }
    if (r.dispatched) {
      dispatched++;
      if (r.signedOnTime === true) signedOnTime++;
      if (r.returnCount > 0) returned++;
    }
  }
  return [
    measure('onTime', closedOnTime, closed + openOverdue),
    measure('satisfaction', satisfied, rated),
    measure('ratingRate', rated, replied),
    measure('signOnTime', signedOnTime, dispatched),
    measure('returnRate', returned, dispatched),
    measure('redoRate', redone, rated),
    measure('firstTime', firstTime, closed),
  ];
}
