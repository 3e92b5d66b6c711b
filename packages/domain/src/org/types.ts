/**
 * Kinds of Party organization and of the units they are attached to (DOMAIN.md capability 1;
 * 《中国共产党支部工作条例（试行）》 for the branch-level forms).
 */

export const ORG_TYPES = {
  committee: '党委',
  general_branch: '党总支',
  branch: '党支部',
  joint_branch: '联合党支部',
  temporary_branch: '临时党支部',
  functional: '功能型党组织',
} as const;

export type OrgType = keyof typeof ORG_TYPES;
export const ORG_TYPE_CODES = Object.keys(ORG_TYPES) as OrgType[];

export function isOrgType(value: string): value is OrgType {
  return Object.hasOwn(ORG_TYPES, value);
}

export const UNIT_KINDS = {
  enterprise: '企业',
  government: '党政机关',
  public_institution: '事业单位',
  community: '社区',
  village: '村',
  school: '学校',
  social_org: '社会组织',
} as const;

export type UnitKind = keyof typeof UNIT_KINDS;
export const UNIT_KIND_CODES = Object.keys(UNIT_KINDS) as UnitKind[];

export function isUnitKind(value: string): value is UnitKind {
  return Object.hasOwn(UNIT_KINDS, value);
}

export const ORG_STATUS = {
  active: '正常',
  dissolved: '已撤销',
} as const;

export type OrgStatus = keyof typeof ORG_STATUS;

export function isOrgStatus(value: string): value is OrgStatus {
  return Object.hasOwn(ORG_STATUS, value);
}

/**
 * Which types an organization may have directly below it. A 党委 leads any kind of organization,
 * including lower committees. A 党总支 leads branches and functional organizations but not
 * another 总支 or a committee. Branch-level organizations (支部, 联合支部, 临时支部) are the bottom
 * of the tree: members belong to them, organizations do not. A functional organization (e.g. an
 * industry-chain or project organization) may set up branches and temporary branches under it.
 */
export const ORG_CHILD_TYPES = {
  committee: ['committee', 'general_branch', 'branch', 'joint_branch', 'temporary_branch', 'functional'],
  general_branch: ['branch', 'joint_branch', 'temporary_branch', 'functional'],
  branch: [],
  joint_branch: [],
  temporary_branch: [],
  functional: ['branch', 'temporary_branch'],
} as const satisfies Record<OrgType, readonly OrgType[]>;

/** True when an organization of `parentType` may directly contain one of `childType`. */
export function canContain(parentType: OrgType, childType: OrgType): boolean {
  const allowed: readonly OrgType[] = ORG_CHILD_TYPES[parentType] ?? [];
  return allowed.includes(childType);
}
