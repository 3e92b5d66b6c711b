import { ALLIANCE_FIGURE_KEYS } from '@honglian/domain';
import { z } from 'zod';
import { BatchParam, ImportPreviewBase } from '../../platform/imports.ts';
import { BodyId, DateString, Pagination, QueryId, text } from '../../platform/schemas.ts';

/** Request and response schemas of the alliances (API.md "Alliances and industry chains"). */

const Kind = z.enum(['industry_chain', 'alliance'], '联盟类型应为 industry_chain 或 alliance');
const MemberRole = z.enum(['chain_leader', 'chair_unit', 'core', 'member'], '成员角色无效');
const Segment = z.enum(['upstream', 'midstream', 'downstream'], '产业链环节应为上游、中游或下游');
const ListKind = z.enum(['demand', 'resource', 'policy'], '清单类型应为 demand、resource 或 policy');
const ChairPeriod = z.enum(['quarter', 'half_year', 'meeting'], '轮值方式应为 quarter、half_year 或 meeting');

export const AllianceParams = z.object({ id: QueryId });
export const ListItemParams = z.object({ id: QueryId, itemId: QueryId });
export const MeetingParams = z.object({ id: QueryId, meetingId: QueryId });
export const ResolutionParams = z.object({ id: QueryId, resolutionId: QueryId });

export const AllianceListQuery = Pagination.extend({
  kind: Kind.optional(),
  q: z.string().trim().max(50).optional(),
});

/** API.md fixes the list item to exactly these four fields. */
export const AllianceItem = z.object({
  id: z.number(),
  name: z.string(),
  kind: Kind,
  memberCount: z.number(),
});
export const AlliancePage = z.object({ items: z.array(AllianceItem), total: z.number().int() });

const Chair = z
  .object({ orgId: z.number(), name: z.string(), from: z.string().nullable(), to: z.string().nullable() })
  .nullable();

export const AllianceDetail = AllianceItem.extend({
  kindLabel: z.string(),
  /** the office organization that runs it (the chain committee itself for an industry chain) */
  orgId: z.number(),
  orgName: z.string(),
  regionCode: z.string(),
  description: z.string(),
  chairPeriod: ChairPeriod.nullable(),
  chairPeriodLabel: z.string().nullable(),
  chairStart: z.string().nullable(),
  activityDay: z.number().nullable(),
  members: z.array(
    z.object({
      id: z.number(),
      orgId: z.number(),
      name: z.string(),
      role: MemberRole,
      roleLabel: z.string(),
      segment: Segment.nullable(),
      joinedOn: z.string(),
      leftOn: z.string().nullable(),
      chairPosition: z.number().nullable(),
    }),
  ),
  chair: Chair,
  nextChair: Chair,
  chairChanges: z.array(
    z.object({
      id: z.number(),
      term: z.number(),
      kind: z.enum(['skip', 'swap']),
      withTerm: z.number().nullable(),
      reason: z.string(),
    }),
  ),
  /** The caller runs it (the office or the department above). */
  canManage: z.boolean(),
  /** The caller may convene meetings and dispatch demands: the office, or the current chair's staff. */
  canConvene: z.boolean(),
  /** The member organizations the caller acts for. */
  myOrgIds: z.array(z.number()),
});

export const CreateAllianceBody = z.object({
  orgId: BodyId,
  name: text(100, '联盟名称'),
  kind: Kind,
  description: z.string().trim().max(2000, '简介不能超过 2000 个字').default(''),
  chairPeriod: ChairPeriod.optional(),
  chairStart: DateString.optional(),
  activityDay: z.number().int().min(1, '活动日应在 1–28 日').max(28, '活动日应在 1–28 日').optional(),
});

export const AddMemberBody = z.object({
  orgId: BodyId,
  role: MemberRole,
  segment: Segment.optional(),
  joinedOn: DateString,
  chairPosition: z.number().int().min(1).max(1000).optional(),
});

export const MemberParams = z.object({ id: QueryId, memberRowId: QueryId });
export const LeaveBody = z.object({ leftOn: DateString });

export const ChairChangeBody = z.object({
  term: z.number().int().min(0).max(10_000),
  kind: z.enum(['skip', 'swap']),
  withTerm: z.number().int().min(0).max(10_000).optional(),
  reason: text(500, '原因'),
});

const Tags = z
  .array(z.string().trim().min(1, '标签不能为空').max(20, '标签不能超过 20 个字'))
  .max(20)
  .default([]);
const Quantity = z.number().int().min(1).max(1_000_000_000);

export const CreateListItemBody = z.object({
  kind: ListKind,
  title: text(200, '标题'),
  description: z.string().trim().max(4000, '说明不能超过 4000 个字').default(''),
  tags: Tags,
  orgId: BodyId,
  category: z.string().trim().max(20, '类别不能超过 20 个字').default(''),
  /** a demand: how much is needed */
  quantity: Quantity.optional(),
  /** a resource: how much it can give */
  capacity: z.number().int().min(0).max(1_000_000_000).optional(),
  validFrom: DateString.optional(),
  validTo: DateString.optional(),
  /** a 政策清单 item: the policy of the library it publishes */
  policyId: BodyId.optional(),
});

export const ListItemQuery = Pagination.extend({
  kind: ListKind.optional(),
  status: z.enum(['open', 'dispatched', 'done', 'closed']).optional(),
});

export const ListItem = z.object({
  id: z.number(),
  allianceId: z.number(),
  kind: ListKind,
  title: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  orgId: z.number(),
  orgName: z.string(),
  category: z.string(),
  quantity: z.number().nullable(),
  capacity: z.number().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  status: z.enum(['open', 'dispatched', 'done', 'closed']),
  resourceId: z.number().nullable(),
  caseId: z.number().nullable(),
  caseState: z.string().nullable(),
  caseRating: z.string().nullable(),
  /** the policy of the library a 政策清单 item publishes */
  policy: z.object({ id: z.number(), title: z.string(), docNumber: z.string() }).nullable(),
  createdOn: z.string(),
});
export const ListItemPage = z.object({ items: z.array(ListItem), total: z.number().int() });

export const MatchQuery = z.object({ demandId: QueryId.optional() });
export const MatchPage = z.object({
  items: z.array(
    z.object({
      demandId: z.number(),
      resourceId: z.number(),
      score: z.number(),
      reasons: z.array(z.string()),
    }),
  ),
  total: z.number().int(),
});

export const DispatchBody = z.object({ resourceId: BodyId });
export const DispatchResult = z.object({ demandId: z.number(), caseId: z.number() });

export const CreateMeetingBody = z.object({
  title: text(200, '会议名称'),
  plannedOn: DateString,
  agenda: z.array(text(200, '议题')).max(30).default([]),
});

export const RecordMeetingBody = z.object({
  heldOn: DateString,
  minutes: text(10_000, '会议纪要'),
  attendeeOrgIds: z.array(BodyId).max(2000).default([]),
  resolutions: z
    .array(z.object({ title: text(500, '议定事项'), ownerOrgId: BodyId, dueOn: DateString }))
    .max(100)
    .default([]),
});

export const CompleteResolutionBody = z.object({ doneOn: DateString, note: text(2000, '办结情况') });

const Resolution = z.object({
  id: z.number(),
  meetingId: z.number(),
  title: z.string(),
  ownerOrgId: z.number(),
  ownerOrgName: z.string(),
  dueOn: z.string(),
  doneOn: z.string().nullable(),
  doneNote: z.string().nullable(),
  overdue: z.boolean(),
  caseId: z.number().nullable(),
});
export const ResolutionSchema = Resolution;

export const Meeting = z.object({
  id: z.number(),
  allianceId: z.number(),
  kind: z.enum(['joint', 'activity_day']),
  title: z.string(),
  plannedOn: z.string(),
  heldOn: z.string().nullable(),
  convenerOrgId: z.number().nullable(),
  convenerOrgName: z.string().nullable(),
  agenda: z.array(z.string()),
  minutes: z.string(),
  attendees: z.array(z.object({ orgId: z.number(), name: z.string() })),
  resolutions: z.array(Resolution),
});
export const MeetingPage = z.object({ items: z.array(Meeting), total: z.number().int() });
export const MeetingQuery = Pagination;

/** The figures (issue 12 item 8): each with its definition and the rows behind it. */
const FigureKey = z.enum(ALLIANCE_FIGURE_KEYS as [string, ...string[]], '统计项无效');
export const FigureParams = z.object({ id: QueryId, key: FigureKey });

const Figure = z
  .object({
    key: FigureKey,
    label: z.string(),
    unit: z.string(),
    /** 口径 */
    definition: z.string(),
    /** A count (the list's total), or a mean of the list's values; null when the list is empty. */
    value: z.number().nullable(),
    rowCount: z.number(),
  })
  .meta({ id: 'AllianceFigure' });

export const AllianceFigures = z
  .object({ allianceId: z.number(), name: z.string(), asOf: z.string(), figures: z.array(Figure) })
  .meta({ id: 'AllianceFigures' });

export const FigureRowList = z
  .object({
    key: FigureKey,
    label: z.string(),
    unit: z.string(),
    definition: z.string(),
    value: z.number().nullable(),
    items: z.array(
      z.object({
        allianceId: z.number(),
        id: z.number(),
        title: z.string(),
        orgName: z.string(),
        date: z.string().nullable(),
        value: z.number().nullable(),
        note: z.string(),
      }),
    ),
    total: z.number(),
  })
  .meta({ id: 'AllianceFigureList' });

export const RegionFigures = z
  .object({
    asOf: z.string(),
    totals: z.array(Figure),
    items: z.array(
      z.object({
        allianceId: z.number(),
        name: z.string(),
        kind: Kind,
        regionCode: z.string(),
        figures: z.array(Figure),
      }),
    ),
    total: z.number(),
  })
  .meta({ id: 'AllianceRegionFigures' });

/** The people of an alliance's member organizations, for the team and nominee pickers (decision 0019). */
export const PeopleQuery = Pagination.extend({
  q: z.string().trim().max(50, '搜索词不能超过 50 个字').optional(),
});

export const PeoplePage = z
  .object({
    items: z.array(
      z.object({
        /** The person's account (a team member's or nominee's `userId`). */
        id: z.number(),
        name: z.string(),
        orgId: z.number(),
        orgName: z.string(),
        /** Masked: 138****1234. */
        phone: z.string().nullable(),
        /** Masked, for Party members: 3502**********1234. */
        idNumber: z.string().nullable(),
        isPartyMember: z.boolean(),
      }),
    ),
    total: z.number(),
  })
  .meta({ id: 'AlliancePeople' });

/** An alliance's service teams and honours (decision 0019, addendum). */
export const AllianceService = z
  .object({
    canManage: z.boolean(),
    teams: z.array(
      z.object({
        id: z.number(),
        name: z.string(),
        kind: z.enum(['party_members', 'riders', 'grid']),
        kindLabel: z.string(),
        description: z.string(),
        members: z.number().int(),
        /** published activities of the team */
        activities: z.number().int(),
        /** approved service minutes in them */
        minutes: z.number().int(),
        lastActivity: z.string().nullable(),
      }),
    ),
    selections: z.array(
      z.object({
        id: z.number(),
        title: z.string(),
        honour: z.string(),
        decided: z.boolean(),
        votingFrom: z.string(),
        votingTo: z.string(),
        quota: z.number().int(),
        nominees: z.number().int(),
      }),
    ),
    honours: z.array(
      z.object({
        id: z.number(),
        title: z.string(),
        name: z.string(),
        orgName: z.string().nullable(),
        awardedOn: z.string(),
        selectionId: z.number(),
      }),
    ),
  })
  .meta({ id: 'AllianceService' });

// ---- 清单导入 (issue 12 item 5; listImport.ts) ---------------------------------------------------

export const ListImportParams = AllianceParams.extend(BatchParam.shape);

export const ListImportPreview = ImportPreviewBase.extend({
  toInsert: z.number(),
  toUpdate: z.number(),
  unchanged: z.number(),
  changes: z.array(
    z.object({
      row: z.number(),
      /** the open item the row updates (null: a new item) */
      itemId: z.number().nullable(),
      title: z.string(),
      orgName: z.string(),
      list: z.string(),
      field: z.string(),
      label: z.string(),
      beforeText: z.string(),
      afterText: z.string(),
      kind: z.enum(['insert', 'update']),
    }),
  ),
  changesTruncated: z.boolean(),
}).meta({ id: 'AllianceListImportPreview' });
