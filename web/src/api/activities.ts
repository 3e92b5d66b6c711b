/** 活动与志愿服务 (server/src/modules/activities/schemas.ts is the source). */
import type { Id } from './types';

export type ActivityKind = 'volunteer' | 'theme_day' | 'study' | 'visit' | 'council';
export type Audience = 'members' | 'residents' | 'riders';
export type ParticipationStatus = 'signed_up' | 'waitlisted' | 'cancelled';

export interface Activity {
  id: Id;
  title: string;
  kind: ActivityKind;
  kindLabel: string;
  orgId: Id;
  orgName: string;
  teamId: Id | null;
  teamName: string | null;
  description: string;
  place: string;
  lat: number | null;
  long: number | null;
  startsAt: string;
  endsAt: string;
  capacity: number;
  audience: Audience;
  audienceLabel: string;
  status: 'published' | 'cancelled';
  signedUp: number;
  waitlisted: number;
  meetingId: Id | null;
  distanceMetres: number | null;
  manageable: boolean;
  my: {
    participationId: Id;
    status: ParticipationStatus;
    label: string;
    waitlistPosition: number | null;
    checkedInAt: string | null;
    checkedOutAt: string | null;
    approvedMinutes: number | null;
  } | null;
}

export interface ActivityList {
  items: Activity[];
  total: number;
}

export interface SignUpStatus {
  status: 'none' | ParticipationStatus;
  label: string;
  waitlistPosition: number | null;
}

export interface CheckInCode {
  token: string;
  url: string;
  expiresAt: string;
}

export interface Participant {
  id: Id;
  userId: Id;
  name: string;
  status: ParticipationStatus;
  label: string;
  waitlistPosition: number | null;
  checkedInAt: string | null;
  checkinMethod: 'qr' | 'organizer' | null;
  checkedOutAt: string | null;
  computedMinutes: number | null;
  approvedMinutes: number | null;
  adjustReason: string | null;
  approvedAt: string | null;
  points: number | null;
}

export interface Participants {
  items: Participant[];
  total: number;
  rule: { pointsPerHour: number; unitMinutes: number };
}

export interface ServiceRecord {
  year: number;
  /** every honour of the person (评选表彰) */
  honours: Array<{ id: Id; title: string; orgName: string; awardedOn: string }>;
  minutes: number;
  hours: number;
  activities: number;
  points: number;
  items: Array<{
    participationId: Id;
    activityId: Id;
    title: string;
    kind: ActivityKind;
    kindLabel: string;
    orgName: string;
    teamName: string | null;
    place: string;
    startsAt: string;
    minutes: number;
    points: number;
  }>;
}

export interface TeamItem {
  id: Id;
  name: string;
  kind: 'party_members' | 'riders' | 'grid';
  kindLabel: string;
  orgId: Id;
  orgName: string;
  description: string;
  members: number;
  activities: number;
  minutes: number;
  manageable: boolean;
}

export interface Team extends TeamItem {
  roster: Array<{
    userId: Id;
    name: string;
    role: 'leader' | 'member';
    roleLabel: string;
    joinedOn: string;
    minutes: number;
  }>;
  record: Array<{
    id: Id;
    title: string;
    kind: ActivityKind;
    startsAt: string;
    status: 'published' | 'cancelled';
    attended: number;
    minutes: number;
  }>;
}

export interface CommunityReport {
  id: Id;
  userId: Id;
  name: string;
  branchOrgId: Id;
  branchName: string;
  communityOrgId: Id;
  communityName: string;
  gridName: string | null;
  buildingName: string | null;
  reportedOn: string;
  minutes: number;
}

export interface OrgReports {
  year: number;
  reported: number;
  served: number;
  minutes: number;
  items: Array<CommunityReport & { side: 'community' | 'branch' }>;
  total: number;
}

export interface CommunityOptions {
  items: Array<{
    id: Id;
    name: string;
    grids: Array<{ id: Id; name: string }>;
    buildings: Array<{ id: Id; name: string; gridId: Id | null }>;
  }>;
  total: number;
}

export interface BuildingList {
  items: Array<{
    id: Id;
    name: string;
    orgId: Id;
    orgName: string;
    headUserId: Id | null;
    headName: string;
    headPhone: string;
    reported: number;
  }>;
  total: number;
}

/** "1.5 小时" */
export const hours = (minutes: number) => `${Math.round((minutes / 60) * 100) / 100} 小时`;

// ---------- 评选表彰 ----------

export interface SelectionItem {
  id: Id;
  orgId: Id;
  orgName: string;
  title: string;
  honour: string;
  method: 'vote' | 'review';
  methodLabel: string;
  description: string;
  votingFrom: string;
  votingTo: string;
  quota: number;
  votesPerVoter: number;
  points: number;
  phase: 'nominating' | 'voting' | 'counting' | 'decided' | 'cancelled';
  phaseLabel: string;
  nominees: number;
  decisionNote: string | null;
  canManage: boolean;
}

export interface Nominee {
  id: Id;
  userId: Id;
  name: string;
  deeds: string;
  status: 'nominated' | 'honoured' | 'not_chosen' | 'withdrawn';
  votes: number;
  judges: number;
  result: number | null;
  rank: number | null;
  votedByMe: boolean;
  myScore: number | null;
  byRanking: 'chosen' | 'tied' | 'not_chosen';
}

export interface Selection extends SelectionItem {
  myVotes: number;
  tiedOpenPlaces: number;
  nomineeList: Nominee[];
}
