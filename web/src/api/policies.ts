/** 政策云配 (server/src/modules/policies/schemas.ts is the source). */
import type { ImportPreview } from './ledger';
import type { Id } from './types';

export type FactKey =
  | 'regionCode'
  | 'industryCode'
  | 'employees'
  | 'annualRevenueFen'
  | 'rdExpenseFen'
  | 'registeredOn'
  | 'qualifications'
  | 'hasPartyOrg';
export type FactValue = string | number | boolean | string[] | number[];
export type EligibilityResult = 'eligible' | 'ineligible' | 'unknown';

export interface Reason {
  fact: FactKey;
  op: string;
  value: FactValue;
  actual: FactValue | null;
  met: boolean | null;
  clause: string;
}

export interface PolicyMatch {
  policyId: Id;
  title: string;
  result: EligibilityResult;
  reasons: Reason[];
  missingFacts: FactKey[];
  version: number;
  docNumber: string;
  benefit: string;
  mode: 'apply' | 'automatic';
  maxAmountFen: number | null;
  almostEligible: boolean;
  stored: boolean;
}

export interface Clause {
  article: string;
  text: string;
}

export interface PolicyItem {
  id: Id;
  title: string;
  docNumber: string;
  issuer: string;
  regionCode: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  status: string;
  supersededBy: Id | null;
  mode: 'apply' | 'automatic';
  benefit: string;
  maxAmountFen: number | null;
  version: number;
  inForce: boolean;
  canManage: boolean;
}

export interface PolicyDetail extends PolicyItem {
  clauses: Clause[];
  criteria: Record<string, unknown>;
  materials: string[];
  decideOrgId: Id | null;
  decideOrgName: string | null;
}

export interface EnterpriseFacts {
  unitId: Id;
  name: string;
  regionCode: string;
  items: Array<{
    key: FactKey;
    label: string;
    value: FactValue;
    source: 'self' | 'import' | 'staff';
    asOf: string;
    recordedByName: string | null;
  }>;
  missing: FactKey[];
  canEdit: boolean;
}

export interface PolicyEnterprises {
  items: Array<{
    unitId: Id;
    name: string;
    regionCode: string;
    result: EligibilityResult;
    almostEligible: boolean;
    missingFacts: FactKey[];
    failed: Reason[];
  }>;
  total: number;
  eligible: number;
  unknown: number;
  almost: number;
  missingFacts: Array<{ fact: FactKey; label: string; count: number }>;
}

/** A policy push told to the enterprise (decision 0023). */
export interface PolicyPush {
  id: Id;
  policyId: Id;
  title: string;
  version: number;
  cause: 'facts' | 'policy' | 'nightly' | 'import';
  mode: 'apply' | 'automatic';
  maxAmountFen: number | null;
  digest: boolean;
  sentAt: string;
  readAt: string | null;
  appliedAt: string | null;
  caseId: Id | null;
}

interface FunnelCounts {
  newlyEligible: number;
  sent: number;
  read: number;
  applied: number;
  applications: number;
  granted: number;
}

/** GET /api/v1/policies/figures */
export interface PolicyFigures {
  from: string;
  to: string;
  enterprises: number;
  byPolicy: Array<
    FunnelCounts & { policyId: Id; title: string; docNumber: string; eligible: number; unknown: number }
  >;
  byMonth: Array<FunnelCounts & { month: string }>;
  total: FunnelCounts & { eligible: number; unknown: number };
}

/** 企业画像导入's preview (`POST /enterprises/facts/import/preview`): the shared one, with each change. */
export interface FactsImportPreview extends ImportPreview {
  enterprises: number;
  changes: Array<{
    row: number;
    unitId: Id;
    enterprise: string;
    fact: string;
    label: string;
    beforeText: string;
    afterText: string;
    kind: 'insert' | 'update';
  }>;
  changesTruncated: boolean;
}
