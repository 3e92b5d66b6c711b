import { DomainError } from '../errors.ts';

/**
 * The closed loop of a request (诉求/工单) as data: states, transitions, who may make each one and
 * what it requires. Source: shared/design/CASES.md, which follows 国办发〔2020〕53号 (12345 practice:
 * 受理、派单、办理、回复、督办、办结、回访、评价; 发回重办; 提级督办) and FixMyStreet's duplicate_of.
 */

export const CASE_STATES = {
  submitted: { label: '待受理', open: true },
  accepted: { label: '已受理', open: true },
  rejected: { label: '不予受理', open: false },
  dispatched: { label: '待签收', open: true },
  signed: { label: '已签收', open: true },
  in_progress: { label: '办理中', open: true },
  return_requested: { label: '退单审核', open: true },
  suspended: { label: '挂起', open: true },
  replied: { label: '已回单', open: true },
  visiting: { label: '待回访', open: true },
  closed: { label: '办结', open: false },
  archived: { label: '已归档', open: false },
} as const;

export type CaseState = keyof typeof CASE_STATES;
export const CASE_STATE_CODES = Object.keys(CASE_STATES) as CaseState[];
export const OPEN_CASE_STATES = CASE_STATE_CODES.filter((s) => CASE_STATES[s].open);

export function isOpenState(state: CaseState): boolean {
  return CASE_STATES[state].open;
}

/**
 * The parts a caller can play on one case. The server decides them from permissions on the case's
 * organizations: `dispatcher` holds case.dispatch over the case's area, `handler` holds case.handle
 * over its lead unit, `supervisor` holds case.supervise over its area, `reporter` filed it.
 */
export type CaseRole = 'dispatcher' | 'handler' | 'supervisor' | 'reporter';

export const CASE_TIERS = {
  small: { label: '小事（网格内商议办）' },
  major: { label: '大事（多部门协同办）' },
  hard: { label: '难事（向上派单办）' },
} as const;
export type CaseTier = keyof typeof CASE_TIERS;

export const CASE_CHANNELS = {
  console: '窗口/来电登记',
  mobile: '随手拍/点单',
  grid: '网格巡查',
  meeting: '联席会议',
  api: '接口',
  open311: 'Open311',
  service_day: '企业服务日',
  policy: '政策申报',
  alliance: '产业链点单',
  visit: '挂钩走访',
  pairing: '结对帮扶走访',
} as const;
export type CaseChannel = keyof typeof CASE_CHANNELS;

export const RATINGS = {
  satisfied: '满意',
  basic: '基本满意',
  unsatisfied: '不满意',
} as const;
export type Rating = keyof typeof RATINGS;

/** 督办 levels; a redo raises the level by one, escalation sets the top one (提级督办). */
export const SUPERVISION_LEVELS = ['无', '一般督办', '重点督办', '提级督办'] as const;
export const MAX_SUPERVISION_LEVEL = SUPERVISION_LEVELS.length - 1;

/** CASES.md / 国办发〔2020〕53号: three redos, or three units returning it, escalate the case. */
export const ESCALATE_AFTER_REDOS = 3;
export const ESCALATE_AFTER_RETURNS = 3;
/** Per-category escalation thresholds (an administrator edits them with the category). */
export interface EscalationLimits {
  redos: number;
  returns: number;
}

export type RequiredField = 'reason' | 'reply' | 'evidence' | 'leadOrgId' | 'days' | 'rating' | 'duplicateOf';

export interface TransitionDef {
  action: string;
  label: string;
  from: readonly CaseState[];
  /** 'same' keeps the state (a recorded step such as 督办 or 首次联系). */
  to: CaseState | 'same' | 'previous' | 'by_rating';
  by: readonly CaseRole[];
  requires: readonly RequiredField[];
}

const OPEN = OPEN_CASE_STATES;

export const CASE_TRANSITIONS = [
  { action: 'accept', label: '受理', from: ['submitted'], to: 'accepted', by: ['dispatcher'], requires: [] },
  {
    action: 'reject',
    label: '不予受理',
    from: ['submitted'],
    to: 'rejected',
    by: ['dispatcher'],
    requires: ['reason'],
  },
  {
    action: 'answer',
    label: '直接答复',
    from: ['accepted'],
    to: 'replied',
    by: ['dispatcher'],
    requires: ['reply'],
  },
  {
    action: 'keep_local',
    label: '网格内办理（小事商议办）',
    from: ['accepted'],
    to: 'in_progress',
    by: ['dispatcher'],
    requires: [],
  },
  {
    action: 'dispatch',
    label: '派单',
    from: ['accepted'],
    to: 'dispatched',
    by: ['dispatcher'],
    requires: ['leadOrgId'],
  },
  {
    action: 'sign',
    label: '签收（接单）',
    from: ['dispatched'],
    to: 'signed',
    by: ['handler'],
    requires: [],
  },
  { action: 'start', label: '开始办理', from: ['signed'], to: 'in_progress', by: ['handler'], requires: [] },
  {
    action: 'contact',
    label: '记录首次联系',
    from: ['signed', 'in_progress'],
    to: 'same',
    by: ['handler'],
    requires: ['reason'],
  },
  {
    action: 'return',
    label: '申请退单',
    from: ['dispatched', 'signed'],
    to: 'return_requested',
    by: ['handler'],
    requires: ['reason'],
  },
  {
    action: 'approve_return',
    label: '同意退单（重新派单）',
    from: ['return_requested'],
    to: 'accepted',
    by: ['dispatcher'],
    requires: [],
  },
  {
    action: 'refuse_return',
    label: '驳回退单',
    from: ['return_requested'],
    to: 'previous',
    by: ['dispatcher'],
    requires: ['reason'],
  },
  {
    action: 'suspend',
    label: '挂起',
    from: ['in_progress'],
    to: 'suspended',
    by: ['handler'],
    requires: ['reason'],
  },
  {
    action: 'resume',
    label: '恢复办理',
    from: ['suspended'],
    to: 'in_progress',
    by: ['handler', 'dispatcher'],
    requires: [],
  },
  {
    action: 'request_extension',
    label: '申请延期',
    from: ['in_progress'],
    to: 'same',
    by: ['handler'],
    requires: ['reason', 'days'],
  },
  {
    action: 'approve_extension',
    label: '批准延期',
    from: ['in_progress', 'suspended'],
    to: 'same',
    by: ['dispatcher', 'supervisor'],
    requires: [],
  },
  {
    action: 'reply',
    label: '回单',
    from: ['in_progress'],
    to: 'replied',
    by: ['handler'],
    requires: ['reply', 'evidence'],
  },
  {
    action: 'visit',
    label: '开始回访',
    from: ['replied'],
    to: 'visiting',
    by: ['dispatcher'],
    requires: [],
  },
  {
    action: 'rate',
    label: '评价（评单）',
    from: ['replied', 'visiting'],
    to: 'by_rating',
    by: ['reporter', 'dispatcher'],
    requires: ['rating'],
  },
  {
    action: 'close',
    label: '销号办结',
    from: ['visiting'],
    to: 'closed',
    by: ['dispatcher'],
    requires: ['reason'],
  },
  {
    action: 'supervise',
    label: '督办',
    from: OPEN,
    to: 'same',
    by: ['supervisor'],
    requires: ['reason'],
  },
  {
    action: 'merge',
    label: '合并重复件',
    from: OPEN,
    to: 'closed',
    by: ['dispatcher'],
    requires: ['duplicateOf'],
  },
  {
    action: 'archive',
    label: '归档',
    from: ['closed', 'rejected'],
    to: 'archived',
    by: ['dispatcher'],
    requires: [],
  },
] as const satisfies readonly TransitionDef[];

export type CaseAction = (typeof CASE_TRANSITIONS)[number]['action'];
export const CASE_ACTIONS = CASE_TRANSITIONS.map((t) => t.action) as CaseAction[];

export function transitionOf(action: string): TransitionDef | undefined {
  return (CASE_TRANSITIONS as readonly TransitionDef[]).find((t) => t.action === action);
}

/** What the machine needs to know about a case. */
export interface CaseSnapshot {
  state: CaseState;
  /** The state before return_requested (refuse_return goes back there). */
  previousState: CaseState | null;
  redoCount: number;
  returnCount: number;
  supervisionLevel: number;
  escalated: boolean;
  /** Working days of an extension asked for and not yet approved. */
  pendingExtensionDays: number | null;
  /** The first contact with the reporter has been recorded (it is recorded once). */
  contacted?: boolean;
}

export interface TransitionInput {
  reason?: string | null | undefined;
  reply?: string | null | undefined;
  evidence?: string | null | undefined;
  /** Attachments already uploaded for this case count as evidence too. */
  evidenceAttachments?: number | undefined;
  leadOrgId?: number | null | undefined;
  days?: number | null | undefined;
  rating?: Rating | null | undefined;
  duplicateOf?: number | null | undefined;
}

export interface TransitionResult {
  from: CaseState;
  to: CaseState;
  next: CaseSnapshot;
  /** A redo (发回重办) happened: unsatisfied rating. */
  redo: boolean;
  /** The case has just been escalated (提级督办). */
  escalatedNow: boolean;
  /** 'resolved' | 'duplicate' | 'rejected' when the case leaves the open states. */
  closureReason: 'resolved' | 'duplicate' | 'rejected' | null;
  /** Closed as verified by a rating or a return visit: the moment points may be credited. */
  verifiedClose: boolean;
}

/** Actions the caller may take now, given the parts they play. */
export function availableActions(snapshot: CaseSnapshot, roles: ReadonlySet<CaseRole>): TransitionDef[] {
  return (CASE_TRANSITIONS as readonly TransitionDef[]).filter(
    (t) =>
      t.from.includes(snapshot.state) &&
      t.by.some((r) => roles.has(r)) &&
      (t.action !== 'approve_extension' || snapshot.pendingExtensionDays !== null) &&
      (t.action !== 'request_extension' || snapshot.pendingExtensionDays === null) &&
      (t.action !== 'contact' || !snapshot.contacted),
  );
}

const FIELD_LABELS: Record<RequiredField, string> = {
  reason: '说明（原因）',
  reply: '答复内容',
  evidence: '办理凭证',
  leadOrgId: '主办单位',
  days: '延期工作日数',
  rating: '评价',
  duplicateOf: '重复的工单',
};

function missing(field: RequiredField, input: TransitionInput): boolean {
  switch (field) {
    case 'reason':
    case 'reply':
      return !input[field]?.trim();
    case 'evidence':
      return !input.evidence?.trim() && !(input.evidenceAttachments && input.evidenceAttachments > 0);
    case 'leadOrgId':
    case 'duplicateOf':
      return !input[field];
    case 'days':
      return !input.days || !Number.isInteger(input.days) || input.days < 1 || input.days > 60;
    case 'rating':
      return !input.rating || !Object.hasOwn(RATINGS, input.rating);
  }
}

/**
 * Applies one transition. Throws `DomainError('case.transition')` when the state or the caller's
 * part does not allow it, and `DomainError('case.required', field)` when a required field is missing.
 */
export function applyTransition(
  snapshot: CaseSnapshot,
  action: string,
  input: TransitionInput,
  roles: ReadonlySet<CaseRole>,
  /** the category's 提级督办 thresholds (case_categories.escalate_after_*), defaults of CASES.md */
  limits: EscalationLimits = { redos: ESCALATE_AFTER_REDOS, returns: ESCALATE_AFTER_RETURNS },
): TransitionResult {
  const def = transitionOf(action);
  if (!def) throw new DomainError('case.action', `没有这个办理动作：${action}`, 'action');
  // the part is checked first: a caller who may never do this learns nothing about the state
  if (!def.by.some((r) => roles.has(r))) {
    throw new DomainError('case.forbidden', `您不能对该工单「${def.label}」`, 'action');
  }
  if (!def.from.includes(snapshot.state)) {
    throw new DomainError(
      'case.transition',
      `工单当前为「${CASE_STATES[snapshot.state].label}」，不能「${def.label}」`,
      'action',
    );
  }
  if (def.action === 'contact' && snapshot.contacted) {
    throw new DomainError('case.contact_recorded', '已记录首次联系，不能重复记录', 'action');
  }
  for (const field of def.requires) {
    if (missing(field, input)) {
      throw new DomainError('case.required', `「${def.label}」须填写${FIELD_LABELS[field]}`, field);
    }
  }
  if (def.action === 'rate' && input.rating === 'unsatisfied' && !input.reason?.trim()) {
    // 不满意 sends the case back and raises 督办: the unit is told why
    throw new DomainError('case.required', '选择「不满意」须填写原因', 'reason');
  }
  const next: CaseSnapshot = { ...snapshot };
  let to: CaseState;
  let redo = false;
  let escalatedNow = false;
  let closureReason: TransitionResult['closureReason'] = null;
  let verifiedClose = false;

  switch (def.to) {
    case 'same':
      to = snapshot.state;
      break;
    case 'previous':
      to = snapshot.previousState ?? 'dispatched';
      break;
    case 'by_rating':
      if (input.rating === 'unsatisfied') {
        // 发回重办: back to the same lead unit, with the supervision level raised
        to = 'in_progress';
        redo = true;
        next.redoCount = snapshot.redoCount + 1;
        next.supervisionLevel = Math.min(MAX_SUPERVISION_LEVEL, snapshot.supervisionLevel + 1);
      } else {
        to = 'closed';
        closureReason = 'resolved';
        verifiedClose = true;
      }
      break;
    default:
      to = def.to;
  }

  switch (def.action) {
    case 'reject':
      closureReason = 'rejected';
      break;
    case 'merge':
      closureReason = 'duplicate';
      break;
    case 'close':
      // 销号 after a return visit that could not obtain a rating: verified by the visiting staff
      closureReason = 'resolved';
      verifiedClose = true;
      break;
    case 'return':
      next.previousState = snapshot.state;
      break;
    case 'approve_return':
      next.returnCount = snapshot.returnCount + 1;
      next.previousState = null;
      break;
    case 'refuse_return':
      next.previousState = null;
      break;
    case 'request_extension':
      next.pendingExtensionDays = input.days ?? null;
      break;
    case 'approve_extension':
      next.pendingExtensionDays = null;
      break;
    case 'contact':
      next.contacted = true;
      break;
    case 'supervise':
      next.supervisionLevel = Math.min(MAX_SUPERVISION_LEVEL, snapshot.supervisionLevel + 1);
      break;
  }

  if (!snapshot.escalated && (next.redoCount >= limits.redos || next.returnCount >= limits.returns)) {
    next.escalated = true;
    next.supervisionLevel = MAX_SUPERVISION_LEVEL;
    escalatedNow = true;
  }
  next.state = to;
  return { from: snapshot.state, to, next, redo, escalatedNow, closureReason, verifiedClose };
}

export function initialSnapshot(): CaseSnapshot {
  return {
    state: 'submitted',
    previousState: null,
    redoCount: 0,
    returnCount: 0,
    supervisionLevel: 0,
    escalated: false,
    pendingExtensionDays: null,
  };
}
