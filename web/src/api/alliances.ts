import type { ImportPreview } from './ledger';
import type { Id } from './types';

/** The alliances API (API.md "Alliances and industry chains"). */
export type AllianceKind = 'industry_chain' | 'alliance';
export type MemberRole = 'chain_leader' | 'chair_unit' | 'core' | 'member';
export type Segment = 'upstream' | 'midstream' | 'downstream';

export interface AllianceItem {
  id: Id;
  name: string;
  kind: AllianceKind;
  memberCount: number;
}

export interface AllianceDetail extends AllianceItem {
  kindLabel: string;
  orgId: Id;
  orgName: string;
  regionCode: string;
  description: string;
  chairPeriod: string | null;
  chairPeriodLabel: string | null;
  chairStart: string | null;
  activityDay: number | null;
  members: AllianceMember[];
  chair: Chair | null;
  nextChair: Chair | null;
  chairChanges: Array<{
    id: Id;
    term: number;
    kind: 'skip' | 'swap';
    withTerm: number | null;
    reason: string;
  }>;
  canManage: boolean;
  canConvene: boolean;
  myOrgIds: Id[];
}

export interface Chair {
  orgId: Id;
  name: string;
  from: string | null;
  to: string | null;
}

export interface AllianceMember {
  id: Id;
  orgId: Id;
  name: string;
  role: MemberRole;
  roleLabel: string;
  segment: Segment | null;
  joinedOn: string;
  leftOn: string | null;
  chairPosition: number | null;
}

export interface ListItem {
  id: Id;
  kind: 'demand' | 'resource' | 'policy';
  title: string;
  description: string;
  tags: string[];
  orgId: Id;
  orgName: string;
  category: string;
  quantity: number | null;
  capacity: number | null;
  validFrom: string | null;
  validTo: string | null;
  status: 'open' | 'dispatched' | 'done' | 'closed';
  resourceId: Id | null;
  caseId: Id | null;
  caseState: string | null;
  caseRating: string | null;
  /** the policy of the library a 政策清单 item publishes */
  policy: { id: Id; title: string; docNumber: string } | null;
  createdOn: string;
}

export interface Match {
  demandId: Id;
  resourceId: Id;
  score: number;
  reasons: string[];
}

export interface Resolution {
  id: Id;
  meetingId: Id;
  title: string;
  ownerOrgId: Id;
  ownerOrgName: string;
  dueOn: string;
  doneOn: string | null;
  doneNote: string | null;
  overdue: boolean;
  caseId: Id | null;
}

export interface AllianceMeeting {
  id: Id;
  kind: 'joint' | 'activity_day';
  title: string;
  plannedOn: string;
  heldOn: string | null;
  convenerOrgName: string | null;
  agenda: string[];
  minutes: string;
  attendees: Array<{ orgId: Id; name: string }>;
  resolutions: Resolution[];
}

export const SEGMENT_LABELS: Record<Segment, string> = {
  upstream: '上游',
  midstream: '中游',
  downstream: '下游',
};
export const LIST_KIND_LABELS = { demand: '需求清单', resource: '资源清单', policy: '政策清单' } as const;
export const LIST_STATUS_LABELS = {
  open: '待对接',
  dispatched: '已派单',
  done: '已办结',
  closed: '已关闭',
} as const;

/** A figure with its definition (口径): GET /alliances/{id}/figures, /alliance-figures. */
export interface AllianceFigure {
  key: string;
  label: string;
  unit: string;
  definition: string;
  value: number | null;
  rowCount: number;
}

export interface AllianceFigureRow {
  allianceId: Id;
  id: Id;
  title: string;
  orgName: string;
  date: string | null;
  value: number | null;
  note: string;
}

export interface RegionFigures {
  asOf: string;
  totals: AllianceFigure[];
  items: Array<{ allianceId: Id; name: string; kind: string; regionCode: string; figures: AllianceFigure[] }>;
  total: number;
}

/** An alliance's service teams and honours: GET /alliances/{id}/service-teams (decision 0019, addendum). */
/** GET /alliances/{id}/people: a person of the alliance's member organizations, masked. */
export interface AlliancePerson {
  id: Id;
  name: string;
  orgId: Id;
  orgName: string;
  phone: string | null;
  idNumber: string | null;
  isPartyMember: boolean;
}

export interface AllianceService {
  canManage: boolean;
  teams: Array<{
    id: Id;
    name: string;
    kind: 'party_members' | 'riders' | 'grid';
    kindLabel: string;
    description: string;
    members: number;
    activities: number;
    minutes: number;
    lastActivity: string | null;
  }>;
  selections: Array<{
    id: Id;
    title: string;
    honour: string;
    decided: boolean;
    votingFrom: string;
    votingTo: string;
    quota: number;
    nominees: number;
  }>;
  honours: Array<{
    id: Id;
    title: string;
    name: string;
    orgName: string | null;
    awardedOn: string;
    selectionId: Id;
  }>;
}

/** GET/POST /alliances/:id/list-items/import…: what a list file would add or change. */
export interface ListImportPreview extends ImportPreview {
  unchanged: number;
  changes: Array<{
    row: number;
    itemId: Id | null;
    title: string;
    orgName: string;
    list: string;
    field: string;
    label: string;
    beforeText: string;
    afterText: string;
    kind: 'insert' | 'update';
  }>;
  changesTruncated: boolean;
}
