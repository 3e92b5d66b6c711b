/** Types of the cases API (server/src/modules/cases/schemas.ts). */
export interface CaseItem {
  id: number;
  title: string;
  state: string;
  stateLabel: string;
  categoryId: number;
  categoryName: string;
  tier: string;
  tierLabel: string;
  channel: string;
  channelLabel: string;
  orgId: number;
  orgName: string;
  leadOrgId: number | null;
  leadOrgName: string | null;
  /** the handling department as the public sees it (the lead org's unit), not its Party branch */
  handlingUnitName: string | null;
  supervisionLevel: number;
  supervisionLabel: string;
  escalated: boolean;
  redoCount: number;
  returnCount: number;
  rating: string | null;
  overdue: boolean;
  completionDueAt: string | null;
  createdAt: string;
  closedAt: string | null;
  reporterName: string | null;
  address: string | null;
  compoundName?: string | null;
}

export interface CaseClock {
  key: string;
  label: string;
  startedAt: string | null;
  dueAt: string | null;
  stoppedAt: string | null;
  status: 'not_started' | 'running' | 'paused' | 'met' | 'breached';
  breached: boolean;
  /** counted across a year whose holidays are not published yet */
  provisional: boolean;
}

export interface CaseAction {
  action: string;
  label: string;
  requires: string[];
}

export interface CaseDetail extends CaseItem {
  description: string;
  lat: number | null;
  long: number | null;
  attributes: Record<string, unknown> | null;
  anonymous: boolean;
  /** masked; the case's handler reveals it in full (POST /cases/{id}/contact/reveal, audited) */
  reporterPhone: string | null;
  contactRevealable: boolean;
  /** minutes a rating stays changeable before it takes effect (0 = at once) */
  ratingChangeMinutes: number;
  /** a rating given and not yet in effect; its author may change it until effectiveAt */
  pendingRating: {
    rating: string;
    ratingLabel: string;
    comment: string | null;
    ratedAt: string;
    effectiveAt: string;
    changeable: boolean;
  } | null;
  firstContactedAt: string | null;
  duplicateOf: number | null;
  closureReason: string | null;
  publicReply: string | null;
  pendingExtensionDays: number | null;
  coUnits: Array<{ id: number; name: string }>;
  isReporter: boolean;
  events: Array<{
    id: number;
    at: string;
    actorName: string;
    action: string;
    actionLabel: string;
    fromState: string | null;
    toState: string;
    toStateLabel: string;
    comment: string | null;
    payload: Record<string, unknown> | null;
  }>;
  attachments: Array<{
    id: number;
    kind: 'photo' | 'file';
    /** filed with the case, or evidence of its handling (办理凭证) */
    stage: 'report' | 'evidence';
    /** false: evidence uploaded and not yet part of a reply */
    attached: boolean;
    fileName: string;
    contentType: string;
    size: number;
    url: string;
  }>;
  clocks: CaseClock[];
  actions: CaseAction[];
  /** the handling unit the category's routing names for this area (offered first when dispatching) */
  suggestedLeadOrg: { id: number; name: string } | null;
  pointsAwarded: number;
}

export interface CaseCategory {
  id: number;
  code: string;
  name: string;
  groupName: string;
  description: string | null;
  keywords: string | null;
  active: boolean;
  /** null: shared by every region (全国通用) */
  ownerOrgId: number | null;
  ownerOrgName: string | null;
  /** 'update' when the caller may change the category itself */
  actions: string[];
  tier: string;
  tierLabel: string;
  signHours: number;
  contactHours: number;
  completeDays: number;
  points: number;
  escalateAfterRedos: number;
  escalateAfterReturns: number;
  /** minutes a rating stays changeable before it takes effect (0 = at once, at most 1440) */
  ratingChangeMinutes: number;
  attributes: Array<{
    code: string;
    description?: string;
    datatype: string;
    required?: boolean;
    values?: Array<{ key: string; name: string }>;
  }>;
  routes: Array<{
    areaOrgId: number;
    areaOrgName: string;
    handlerOrgId: number;
    handlerOrgName: string;
    autoDispatch: boolean;
    editable: boolean;
  }>;
}

/** Open311 attribute datatypes, as 登记时询问的问题 answer kinds. */
export const ATTRIBUTE_DATATYPE_LABELS: Record<string, string> = {
  string: '文字',
  text: '长文字',
  number: '数字',
  datetime: '日期时间',
  singlevaluelist: '单选',
  multivaluelist: '多选',
};

export interface Measure {
  key: string;
  label: string;
  numerator: number;
  denominator: number;
  value: number | null;
  definition: string;
}

export interface MeasuresAnswer {
  total: Measure[];
  groups: Array<{ key: string; name: string; cases: number; measures: Measure[] }>;
}

export interface SimilarCase {
  id: number;
  title: string;
  stateLabel: string;
  categoryName: string;
  distanceMeters: number | null;
  similarity: number;
  createdAt: string;
}

export interface PointsAnswer {
  balance: number;
  items: Array<{
    id: number;
    caseId: number | null;
    caseTitle: string | null;
    points: number;
    reason: string;
    createdAt: string;
  }>;
}

export const RATING_LABELS: Record<string, string> = {
  satisfied: '满意',
  basic: '基本满意',
  unsatisfied: '不满意',
};

export const FIELD_LABELS: Record<string, string> = {
  reason: '说明（原因）',
  reply: '答复内容',
  evidence: '办理凭证',
  leadOrgId: '主办单位',
  days: '延期工作日数',
  rating: '评价',
  duplicateOf: '重复的工单编号',
};

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return iso.slice(0, 16).replace('T', ' ');
}

/** 企业服务日 (server/src/modules/cases/schemas.ts ServiceDayItem). */
export interface ServiceDay {
  id: number;
  orgId: number;
  orgName: string;
  name: string;
  dayOfMonth: number;
  /** the next session, moved to the next working day when it falls on a holiday */
  nextDate: string;
  /** the year's holidays are not published yet: the date only skips weekends */
  nextDateProvisional: boolean;
  categoryId: number;
  categoryName: string;
  location: string | null;
  description: string | null;
  active: boolean;
  signups: number;
  /** 'update', 'signup' */
  actions: string[];
}
