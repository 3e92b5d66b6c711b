import { ORG_TYPES } from '@honglian/domain';
import { z } from 'zod';
import { ImportPreviewBase } from '../../platform/imports.ts';
import { DateString, NullableTimestamp, text } from '../../platform/schemas.ts';

const orgTypes = Object.keys(ORG_TYPES) as [keyof typeof ORG_TYPES, ...(keyof typeof ORG_TYPES)[]];
export const OrgType = z.enum(orgTypes, { message: '党组织类型无效' });
export const RegionCode = z.string().regex(/^\d{6}$/, '行政区划代码应为6位数字');

export const OrgItem = z
  .object({
    id: z.number(),
    name: z.string(),
    type: z.string(),
    typeLabel: z.string(),
    parentId: z.number().nullable(),
    regionCode: z.string(),
    regionName: z.string().nullable(),
    unitId: z.number().nullable(),
    unitName: z.string().nullable(),
    status: z.enum(['active', 'dissolved']),
    childCount: z.number(),
    pathNames: z.array(z.string()).optional(),
  })
  .meta({ id: 'OrgItem' });

export const OrgDetail = OrgItem.extend({
  establishedOn: z.string().nullable(),
  dissolvedOn: z.string().nullable(),
  dissolveReason: z.string().nullable(),
  ancestors: z.array(z.object({ id: z.number(), name: z.string() })),
  unit: z
    .object({
      id: z.number(),
      name: z.string(),
      kind: z.string(),
      kindLabel: z.string(),
      creditCode: z.string().nullable(),
      regionCode: z.string(),
      industry: z.string().nullable(),
      employees: z.number().nullable(),
    })
    .nullable(),
  counts: z.object({ children: z.number(), descendants: z.number() }),
  actions: z.array(z.string()),
}).meta({ id: 'OrgDetail' });

const booleanFlag = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => v === 'true');

/** What lists and exports filter organizations by (all within the caller's org.read scope). */
const orgFilters = {
  q: z.string().trim().max(50, '搜索词不能超过 50 个字').optional(),
  parentId: z.coerce.number().int().positive().optional(),
  type: OrgType.optional(),
  includeDissolved: booleanFlag,
};

export const ListOrgsQuery = z.object({
  ...orgFilters,
  subtree: booleanFlag.describe(
    'true：列出 parentId 及其全部下级（无 parentId 时为整个管理范围），而不是直接下级或顶层',
  ),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

/** An export covers subtrees: parentId and everything under it, or the caller's whole scope. */
export const ExportOrgsQuery = z.object(orgFilters);
export type ExportOrgsFilter = z.infer<typeof ExportOrgsQuery>;
export const ExportOrgsBody = z.object({
  q: orgFilters.q,
  parentId: z.number().int().positive().optional(),
  type: OrgType.optional(),
  includeDissolved: z.boolean().default(false),
});

export const CreateOrgBody = z.object({
  name: text(100, '组织名称'),
  type: OrgType,
  parentId: z.number({ message: '请选择上级组织' }).int().positive(),
  regionCode: RegionCode.optional(),
  unitId: z.number().int().positive().nullable().optional(),
  establishedOn: DateString.optional(),
});

export const UpdateOrgBody = z
  .object({
    name: text(100, '组织名称').optional(),
    type: OrgType.optional(),
    unitId: z.number().int().positive().nullable().optional(),
    regionCode: RegionCode.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, '没有要修改的内容');

export const MoveOrgBody = z.object({
  parentId: z.number({ message: '请选择新的上级组织' }).int().positive(),
});

export const DissolveOrgBody = z.object({
  reason: text(500, '撤销原因'),
  dissolvedOn: DateString.optional(),
});

export const OrgHistoryItem = z.object({
  id: z.number(),
  at: NullableTimestamp,
  action: z.string(),
  actionLabel: z.string(),
  actorName: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});

export const OrgImportPreview = ImportPreviewBase.extend({
  toInsert: z.number().describe('将新建的党组织'),
  toUpdate: z.number().describe('始终为 0：导入不修改已有的党组织'),
  unchanged: z.number().describe('同一上级组织下已有同名、同类别的党组织，不再新建'),
}).meta({ id: 'OrgImportPreview' });
