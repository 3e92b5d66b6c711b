import { FACT_KEY_LIST, OPS } from '@honglian/domain';
import { z } from 'zod';
import { ImportPreviewBase } from '../../platform/imports.ts';
import {
  BodyId,
  DateString,
  NullableTimestamp,
  Pagination,
  QueryId,
  Timestamp,
  text,
} from '../../platform/schemas.ts';
import { RegionCode } from '../orgs/schemas.ts';

const FactKey = z.enum(FACT_KEY_LIST as [string, ...string[]]);
const FactValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
const Operand = z.union([FactValue, z.array(z.number())]);
const Result = z.enum(['eligible', 'ineligible', 'unknown']);

export const UnitParam = z.object({ unitId: QueryId });

export const Clause = z.object({
  article: text(50, '条款号'),
  text: text(2000, '条款原文'),
});

/** The criteria tree is checked by validateCriteria (packages/domain), which names the field path. */
export const CriteriaInput = z
  .record(z.string(), z.unknown())
  .meta({ description: '{"all": [...]} 或 {"any": [...]}，可嵌套；叶子为 {fact, op, value, clause}' });

export const PolicyBody = z.object({
  title: text(200, '政策名称'),
  docNumber: text(100, '文号'),
  issuer: text(100, '发文单位'),
  regionCode: RegionCode,
  effectiveFrom: DateString,
  effectiveTo: DateString.nullable().optional(),
  criteria: CriteriaInput,
  clauses: z.array(Clause).min(1, '至少要有一条条款').max(100, '条款不能超过 100 条'),
  /** the department that maintains it; default: the caller's own */
  orgId: BodyId.optional(),
  mode: z.enum(['apply', 'automatic']).default('apply'),
  benefit: z.string().trim().max(500, '扶持内容不能超过 500 个字').default(''),
  maxAmountFen: z.number().int().min(0).max(10_000_000_000_00).nullable().optional(),
  materials: z.array(text(100, '申报材料')).max(30).default([]),
  /** the department that decides an application */
  decideOrgId: BodyId.optional(),
  status: z.enum(['effective', 'withdrawn', 'superseded']).default('effective'),
  supersededBy: BodyId.nullable().optional(),
});

export const Reason = z.object({
  fact: z.string(),
  op: z.enum(OPS),
  value: Operand,
  actual: Operand.nullable(),
  met: z.boolean().nullable(),
  clause: z.string(),
});

export const CheckBody = z.object({
  facts: z.record(z.string(), z.unknown()),
});
export const CheckAnswer = z.object({
  result: Result,
  reasons: z.array(Reason),
  missingFacts: z.array(z.string()),
});

export const PolicyItem = z
  .object({
    id: z.number(),
    title: z.string(),
    docNumber: z.string(),
    issuer: z.string(),
    regionCode: z.string(),
    effectiveFrom: z.string(),
    effectiveTo: z.string().nullable(),
    status: z.string(),
    supersededBy: z.number().nullable(),
    mode: z.enum(['apply', 'automatic']),
    benefit: z.string(),
    maxAmountFen: z.number().nullable(),
    version: z.number(),
    inForce: z.boolean(),
    canManage: z.boolean(),
  })
  .meta({ id: 'PolicyItem' });

export const PolicyDetail = PolicyItem.extend({
  clauses: z.array(Clause),
  criteria: z.record(z.string(), z.unknown()),
  materials: z.array(z.string()),
  decideOrgId: z.number().nullable(),
  decideOrgName: z.string().nullable(),
}).meta({ id: 'PolicyDetail' });

export const PolicyListQuery = Pagination.extend({
  q: z.string().trim().max(50).optional(),
  inForce: z.enum(['true', 'false']).optional(),
});

export const MatchItem = z.object({
  policyId: z.number(),
  title: z.string(),
  result: Result,
  reasons: z.array(Reason),
  missingFacts: z.array(z.string()),
  /** the version of the policy the answer was decided under */
  version: z.number(),
  docNumber: z.string(),
  benefit: z.string(),
  mode: z.enum(['apply', 'automatic']),
  maxAmountFen: z.number().nullable(),
  /** ineligible, one criterion short */
  almostEligible: z.boolean(),
  /** false for a plain ineligible answer worked out on the spot (not stored) */
  stored: z.boolean(),
});
export const MatchList = z.object({ items: z.array(MatchItem), total: z.number() });
export const MatchQuery = z.object({ result: Result.optional() });

export const FactItem = z.object({
  key: FactKey,
  label: z.string(),
  value: FactValue,
  source: z.enum(['self', 'import', 'staff']),
  asOf: z.string(),
  recordedByName: z.string().nullable(),
});
export const FactsAnswer = z.object({
  unitId: z.number(),
  name: z.string(),
  regionCode: z.string(),
  items: z.array(FactItem),
  /** the fact keys not given yet */
  missing: z.array(FactKey),
  canEdit: z.boolean(),
});
export const FactsBody = z.object({
  /** the facts to set; null removes one */
  facts: z.record(z.string(), z.unknown()),
  /** the day they were true as of; default today */
  asOf: DateString.optional(),
});

export const PolicyMatchesQuery = z.object({
  result: z.enum(['eligible', 'unknown', 'almost']).optional(),
});
export const PolicyEnterpriseItem = z.object({
  unitId: z.number(),
  name: z.string(),
  regionCode: z.string(),
  result: Result,
  almostEligible: z.boolean(),
  missingFacts: z.array(z.string()),
  /** the criteria not met, for an almost eligible enterprise */
  failed: z.array(Reason),
});
export const PolicyMatchesAnswer = z.object({
  items: z.array(PolicyEnterpriseItem),
  total: z.number(),
  eligible: z.number(),
  unknown: z.number(),
  almost: z.number(),
  missingFacts: z.array(z.object({ fact: z.string(), label: z.string(), count: z.number() })),
});

export const ApplyBody = z.object({
  policyId: BodyId,
  note: z.string().trim().max(1000, '说明不能超过 1000 个字').optional(),
});
export const ApplyAnswer = z.object({ caseId: z.number(), policyId: z.number() });

export const MyEnterprise = z.object({ unitId: z.number(), name: z.string(), regionCode: z.string() });

/** 企业画像导入's preview: the bad rows, and what each good row would set (insert) or change (update). */
export const FactsImportPreview = ImportPreviewBase.extend({
  enterprises: z.number(),
  toInsert: z.number(),
  toUpdate: z.number(),
  unchanged: z.number(),
  changes: z.array(
    z.object({
      row: z.number(),
      unitId: z.number(),
      enterprise: z.string(),
      fact: FactKey,
      label: z.string(),
      before: z.unknown(),
      after: z.unknown(),
      beforeText: z.string(),
      afterText: z.string(),
      /** insert: the enterprise had no value; update: another value (unchanged facts are only counted) */
      kind: z.enum(['insert', 'update', 'same']),
    }),
  ),
  changesTruncated: z.boolean(),
}).meta({ id: 'FactsImportPreview' });

// ---- pushes and the district's figures (decision 0023) ------------------------------------------

export const PushParams = z.object({ unitId: QueryId, pushId: QueryId });

export const PushItem = z.object({
  id: z.number(),
  policyId: z.number(),
  title: z.string(),
  version: z.number(),
  cause: z.enum(['facts', 'policy', 'nightly', 'import']),
  mode: z.enum(['apply', 'automatic']),
  maxAmountFen: z.number().nullable(),
  /** told in a digest with others (the enterprise's cap was reached) */
  digest: z.boolean(),
  sentAt: Timestamp,
  readAt: NullableTimestamp,
  appliedAt: NullableTimestamp,
  caseId: z.number().nullable(),
});
export const PushList = z.object({ items: z.array(PushItem), total: z.number(), unread: z.number() });
export const PushOpened = z.object({ id: z.number(), policyId: z.number(), readAt: NullableTimestamp });

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
export const FiguresQuery = z.object({
  /** first month (default: eleven months before this one) */
  from: Month.optional(),
  /** last month (default: this month) */
  to: Month.optional(),
  /** narrow to an organization's subtree inside the caller's scope */
  orgId: QueryId.optional(),
});
const Counts = {
  /** pairs that became eligible in the period (pushes detected) */
  newlyEligible: z.number(),
  /** pushes told (sent) in the period */
  sent: z.number(),
  /** of those, opened by the enterprise */
  read: z.number(),
  /** of those, followed by an application */
  applied: z.number(),
  /** applications filed in the period */
  applications: z.number(),
  /** of those, closed as resolved (granted) */
  granted: z.number(),
};
export const FiguresAnswer = z.object({
  from: z.string(),
  to: z.string(),
  enterprises: z.number(),
  byPolicy: z.array(
    z.object({
      policyId: z.number(),
      title: z.string(),
      docNumber: z.string(),
      /** stored matches now, among the enterprises in scope */
      eligible: z.number(),
      unknown: z.number(),
      ...Counts,
    }),
  ),
  byMonth: z.array(z.object({ month: z.string(), ...Counts })),
  total: z.object({ eligible: z.number(), unknown: z.number(), ...Counts }),
});
