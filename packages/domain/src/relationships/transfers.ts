import { addCalendarMonths } from '../calendar/dates.ts';

/**
 * Members' relationships (RULES.md M1–M4, 《中国共产党党员教育管理工作条例》2019): transfers of the
 * organizational relationship (组织关系转接) and mobile-member cards (流动党员活动证).
 * Article numbers of the 条例 are unconfirmed ([?]).
 */

export const TRANSFER_SOURCE = '中国共产党党员教育管理工作条例';

export type RelationshipRuleId = 'M1' | 'M2' | 'M3' | 'M4';

export interface RelationshipRefusal {
  rule: RelationshipRuleId;
  source: string;
  article: string;
  message: string;
  field?: string;
}

const RULE_TEXT: Record<RelationshipRuleId, string> = {
  M1: '工作单位或居住地发生变化、外出6个月以上的，应当转接组织关系；接收方确认前由转出方负责管理',
  M2: '失去联系满6个月的，由党组织研究处理，不得自动处理',
  M3: '外出不足6个月的，可以开具流动党员活动证',
  M4: '组织关系介绍信有有效期，接收方党组织应当退回回执',
};

export function relationshipRefusal(
  rule: RelationshipRuleId,
  what: string,
  field?: string,
): RelationshipRefusal {
  return {
    rule,
    source: TRANSFER_SOURCE,
    article: '[?]',
    message: `${what}（依据《${TRANSFER_SOURCE}》（条款号待核实）：${RULE_TEXT[rule]}）`,
    ...(field ? { field } : {}),
  };
}

export const TRANSFER_DIRECTIONS = {
  internal: '系统内转接',
  out: '转出系统外',
  in: '由系统外转入',
} as const;
export type TransferDirection = keyof typeof TRANSFER_DIRECTIONS;

export const TRANSFER_STATES = {
  pending: '待接收',
  accepted: '已接收，待回执',
  returned: '已退回',
  completed: '已完成',
  expired: '介绍信已过期',
  cancelled: '已撤回',
} as const;
export type TransferState = keyof typeof TRANSFER_STATES;

export type TransferAction = 'accept' | 'return' | 'receipt' | 'cancel' | 'expire';

/** An open transfer holds the member: only one may be open at a time. */
export const OPEN_TRANSFER_STATES: readonly TransferState[] = ['pending', 'accepted'];

/**
 * The state machine. pending → accepted (receiving org accepts) → completed (receipt returned);
 * pending → returned (with a reason) | expired (letter out of date) | cancelled (by the sender).
 * A transfer out of the system is never "accepted" inside it: its paper receipt completes it.
 */
const TRANSITIONS: Record<
  TransferDirection,
  Partial<Record<TransferState, Partial<Record<TransferAction, TransferState>>>>
> = {
  internal: {
    pending: { accept: 'accepted', return: 'returned', cancel: 'cancelled', expire: 'expired' },
    accepted: { receipt: 'completed' },
  },
  out: {
    pending: { receipt: 'completed', cancel: 'cancelled', expire: 'expired' },
  },
  in: {
    accepted: { receipt: 'completed' },
  },
};

export function nextTransferState(
  direction: TransferDirection,
  state: TransferState,
  action: TransferAction,
): TransferState | undefined {
  return TRANSITIONS[direction][state]?.[action];
}

/** M4: letters are valid for a number of months (common practice: 3), a parameter. */
export const DEFAULT_LETTER_VALIDITY_MONTHS = 3;
export const MAX_LETTER_VALIDITY_MONTHS = 6;

export function letterValidUntil(issuedOn: string, months = DEFAULT_LETTER_VALIDITY_MONTHS): string {
  return addCalendarMonths(issuedOn, months);
}

/** M4: a pending letter past its last valid day has expired (the letter is valid through `validUntil`). */
export function isLetterExpired(validUntil: string, today: string): boolean {
  return today > validUntil;
}

/** M3: a mobile-member card is for absences shorter than 6 months; longer ones transfer (M1). */
export const MOBILE_CARD_MAX_MONTHS = 6;

export function checkMobileCard(from: string, until: string): RelationshipRefusal[] {
  if (until < from) return [relationshipRefusal('M3', '外出截止日期早于开始日期', 'until')];
  const limit = addCalendarMonths(from, MOBILE_CARD_MAX_MONTHS);
  if (until >= limit) {
    return [
      relationshipRefusal(
        'M3',
        `外出${from}至${until}已达${MOBILE_CARD_MAX_MONTHS}个月以上，应转接组织关系，不能开具流动党员活动证`,
        'until',
      ),
    ];
  }
  return [];
}
