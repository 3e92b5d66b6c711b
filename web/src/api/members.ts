/** Shapes of the member ledger answers (`/api/v1/members…`, `/api/v1/me/member`). */
import type { Id } from './types';

export interface MemberItem {
  id: Id;
  name: string;
  gender: 'male' | 'female';
  genderLabel: string;
  /** Masked in lists: 3502**********123X. */
  idNumber: string;
  /** Masked in lists: 138****1234. */
  phone: string | null;
  orgId: Id;
  orgName: string;
  regionCode: string;
  stage: string;
  stageLabel: string;
  status: string;
  statusLabel: string;
  joinedOn: string | null;
  workUnit: string | null;
}

export interface MemberDetail extends MemberItem {
  masked: boolean;
  birthDate: string | null;
  ethnicity: string | null;
  education: string | null;
  fullMemberOn: string | null;
  mobileLocation: string | null;
  mobileCardNo: string | null;
  hasAccount: boolean;
  orgPathNames: string[];
  createdAt: string;
  updatedAt: string;
  actions: string[];
}

export type { ImportPreview, ImportProblem, ImportResult } from './ledger';
