/**
 * The one catalogue of permission names (`resource.action`) with their Chinese labels.
 * The role editor, the menu and every `can(...)` check are built from it.
 */
export const PERMISSIONS = {
  'org.read': { label: '查看党组织', group: '组织' },
  'org.create': { label: '新建党组织', group: '组织' },
  'org.update': { label: '修改党组织', group: '组织' },
  'org.move': { label: '调整隶属关系', group: '组织' },
  'org.dissolve': { label: '撤销党组织', group: '组织' },
  'unit.read': { label: '查看单位', group: '组织' },
  'unit.manage': { label: '维护单位', group: '组织' },
  'member.read': { label: '查看党员', group: '党员' },
  'member.read_full': { label: '查看党员完整身份证号和手机号', group: '党员' },
  'member.manage': { label: '维护党员信息', group: '党员' },
  'member.import': { label: '导入党员台账', group: '党员' },
  'member.export': { label: '导出党员台账', group: '党员' },
  'dues.read': { label: '查看党费台账', group: '党费' },
  'dues.manage': { label: '核定基数、生成台账、登记缴费', group: '党费' },
  'dues.approve': { label: '审批党费减免', group: '党费' },
  'orgsetup.read': { label: '查看班子任期、规则检查和覆盖情况', group: '组织' },
  'orgsetup.manage': { label: '登记班子换届和党务工作者', group: '组织' },
  'instructor.manage': { label: '选派党建工作指导员', group: '组织' },
  'guidance.record': { label: '登记本人联系（挂钩）企业的指导、走访记录和问题清单', group: '组织' },
  'development.read': { label: '查看发展党员流程', group: '发展党员' },
  'development.manage': { label: '登记发展党员步骤（支部）', group: '发展党员' },
  'development.approve': { label: '预审、审批接收和转正（上级党委）', group: '发展党员' },
  'transfer.read': { label: '查看组织关系转接', group: '组织关系' },
  'transfer.start': { label: '发起组织关系转出、开具流动党员活动证', group: '组织关系' },
  'transfer.receive': { label: '接收或退回组织关系、回执', group: '组织关系' },
  'user.read': { label: '查看用户', group: '系统' },
  'user.manage': { label: '管理用户', group: '系统' },
  'role.assign': { label: '分配角色', group: '系统' },
  'token.manage': { label: '管理接口令牌', group: '系统' },
  'audit.read': { label: '查看审计日志', group: '系统' },
  'job.read': { label: '查看后台任务', group: '系统' },
  'job.manage': { label: '重试后台任务', group: '系统' },
  'calendar.manage': { label: '校正工作日历', group: '系统' },
  'case.report': { label: '提交诉求（随手拍、点单）', group: '诉求工单' },
  'case.read': { label: '查看工单', group: '诉求工单' },
  'case.handle': { label: '签收、办理、回单', group: '诉求工单' },
  'case.dispatch': { label: '受理、派单、回访、销号', group: '诉求工单' },
  'case.supervise': { label: '督办工单', group: '诉求工单' },
  'case.export': { label: '导出工单台账', group: '诉求工单' },
  'case.configure': { label: '维护诉求分类与派单规则', group: '诉求工单' },
  'orglife.read': { label: '查看组织生活（三会一课、主题党日）', group: '组织生活' },
  'orglife.manage': { label: '计划和登记组织生活、考勤、免于开展', group: '组织生活' },
  'compliance.read': { label: '查看合规监测和问题', group: '合规监测' },
  'compliance.supervise': { label: '督办问题、发布红黑榜、立即检查', group: '合规监测' },
  'compliance.manage_rules': { label: '维护检查规则的地方参数', group: '合规监测' },
  'station.manage': { label: '管理驿站、兑换物品与库存', group: '积分与驿站' },
  'activity.manage': {
    label: '发布活动、签到考勤、审核服务时长，管理志愿服务队和双报到',
    group: '活动与志愿服务',
  },
  'bulletin.read': { label: '查看月度通报及其文件', group: '通报' },
  'bulletin.issue': { label: '生成月度通报（按月、存档、可重新生成）', group: '通报' },
  'learning.manage': { label: '发布学习资料、布置学习任务、查看完成情况', group: '学习' },
  'property.read': { label: '查看小区物业、检查考评和物业红黑榜', group: '红色物业' },
  'property.manage': { label: '登记小区和物业企业、检查考评，发布物业红黑榜', group: '红色物业' },
  'pairing.read': { label: '查看组团帮扶的结对、走访、消费帮扶和村集体经济收入', group: '组团帮扶' },
  'pairing.record': {
    label: '登记结对的走访、项目、消费帮扶和认领亩田，填报目标和实际数',
    group: '组团帮扶',
  },
  'pairing.manage': { label: '建立帮扶组团和结对关系', group: '组团帮扶' },
  'project.read': { label: '查看项目（书记领航、揭榜挂帅、党建联创）及进度', group: '项目' },
  'project.manage': { label: '新建项目、登记节点完成', group: '项目' },
  'assistant.manage': { label: '维护问答助手收录的文件、查看提问记录', group: '系统' },
  'policy.read': { label: '查看政策库', group: '政策云配' },
  'policy.manage': { label: '维护政策库（政策文件、条款、申报条件）', group: '政策云配' },
  'enterprise_profile.read': { label: '查看范围内企业的画像和政策匹配', group: '政策云配' },
  'enterprise_profile.manage': { label: '维护、导入范围内企业的画像', group: '政策云配' },
  'enterprise_profile.self': { label: '维护本企业画像、查看本企业的政策匹配', group: '政策云配' },
  'alliance.read': { label: '查看本区域的产业链党委和党建联盟', group: '联盟' },
  'alliance.manage': { label: '运行产业链党委和党建联盟（成员、轮值、清单派单、联席会议）', group: '联盟' },
  'alliance.participate': { label: '以成员单位身份参与联盟（清单、会议、接单）', group: '联盟' },
  'profile.self': { label: '查看本人信息', group: '个人' },
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value);
}

const ORG_READ: Permission[] = ['org.read', 'unit.read'];
/** Cases (issue 5): everyone logged in may report; staff read over their subtree. */
const CASE_ADMIN: Permission[] = [
  'case.report',
  'case.read',
  'case.dispatch',
  'case.supervise',
  'case.export',
  'case.configure',
];
const ORG_WRITE: Permission[] = ['org.create', 'org.update', 'org.move', 'org.dissolve', 'unit.manage'];
/** Member development and relationships (issue 4): branches run them, committees also approve. */
const DEVELOPMENT_BRANCH: Permission[] = [
  'development.read',
  'development.manage',
  'transfer.read',
  'transfer.start',
  'transfer.receive',
];
/** Organizational life and compliance (issue 6): branches run meetings and see their findings. */
const ORGLIFE_ALL: Permission[] = ['orglife.read', 'orglife.manage'];
/** Projects (issue 15, shared with the alliances' joint projects of issue 12): who leads one runs it. */
const PROJECT_ALL: Permission[] = ['project.read', 'project.manage'];
/**
 * 组团帮扶 (issue 14 item 8, decision 0026): the organization department pairs and reads its region; the
 * staff of either side of a pairing (the helping department's branch, the village's branch) read and
 * record it.
 */
const PAIRING_ALL: Permission[] = ['pairing.read', 'pairing.record', 'pairing.manage'];
/** Policies for enterprises (issue 13): committees keep the library and the profiles of their enterprises. */
const POLICY_ADMIN: Permission[] = [
  'policy.read',
  'policy.manage',
  'enterprise_profile.read',
  'enterprise_profile.manage',
];
/**
 * Alliances (issue 12): the office and the organization department above read and run them; a member
 * organization's staff take part for their own organization (docs/decisions/0019).
 */
const ALLIANCE_ALL: Permission[] = ['alliance.read', 'alliance.manage', 'alliance.participate'];
const MEMBER_ALL: Permission[] = [
  'member.read',
  'member.read_full',
  'member.manage',
  'member.import',
  'member.export',
];

/**
 * Roles of DOMAIN.md. A role is bound to a node of the organization tree and applies to its subtree.
 * Later issues bind some roles to a grid or an alliance as well.
 */
export const ROLES = {
  org_admin: {
    label: '组织部 / 上级党委管理员',
    permissions: [
      ...ORG_READ,
      ...ORG_WRITE,
      ...MEMBER_ALL,
      'dues.read',
      'dues.manage',
      'dues.approve',
      'orgsetup.read',
      'orgsetup.manage',
      'instructor.manage',
      ...DEVELOPMENT_BRANCH,
      'development.approve',
      'user.read',
      'user.manage',
      'role.assign',
      'token.manage',
      'audit.read',
      'job.read',
      'job.manage',
      'calendar.manage',
      'assistant.manage',
      ...CASE_ADMIN,
      ...ORGLIFE_ALL,
      'compliance.read',
      'compliance.supervise',
      'compliance.manage_rules',
      'bulletin.read',
      'bulletin.issue',
      'station.manage',
      'activity.manage',
      'learning.manage',
      'property.read',
      'property.manage',
      ...PAIRING_ALL,
      ...PROJECT_ALL,
      ...POLICY_ADMIN,
      ...ALLIANCE_ALL,
      'profile.self',
    ],
  },
  branch_admin: {
    label: '支部书记 / 党务工作者',
    permissions: [
      ...ORG_READ,
      'org.update',
      ...MEMBER_ALL,
      'dues.read',
      'dues.manage',
      'orgsetup.read',
      'orgsetup.manage',
      ...DEVELOPMENT_BRANCH,
      'user.read',
      'case.report',
      'case.read',
      ...ORGLIFE_ALL,
      'compliance.read',
      ...PROJECT_ALL,
      'pairing.read',
      'pairing.record',
      'policy.read',
      'activity.manage',
      'learning.manage',
      'alliance.participate',
      'profile.self',
    ],
  },
  member: { label: '党员', permissions: ['case.report', 'profile.self'] },
  enterprise: {
    label: '企业用户',
    permissions: [
      'case.report',
      'policy.read',
      'enterprise_profile.self',
      'alliance.participate',
      'profile.self',
    ],
  },
  resident: { label: '群众 / 骑手', permissions: ['case.report', 'profile.self'] },
  handler: {
    label: '职能部门办理人员',
    permissions: ['org.read', 'case.report', 'case.read', 'case.handle', 'policy.read', 'profile.self'],
  },
  grid_worker: {
    label: '网格员',
    permissions: ['org.read', 'case.report', 'case.read', 'case.handle', 'case.dispatch', 'profile.self'],
  },
  instructor: {
    label: '党建工作指导员',
    permissions: [
      ...ORG_READ,
      'member.read',
      'orgsetup.read',
      'guidance.record',
      'case.report',
      'policy.read',
      'enterprise_profile.read',
      'profile.self',
    ],
  },
  cadre: {
    // 挂钩干部 (decision 0027): 龙岩 县处级干部挂钩、晋江 红色勤务员包干到企、福安 千名干部进千企
    label: '挂钩干部（红色勤务员）',
    permissions: [
      'org.read',
      'guidance.record',
      'case.report',
      'policy.read',
      'enterprise_profile.read',
      'profile.self',
    ],
  },
  chain_admin: {
    label: '产业链党委 / 联盟办公室',
    permissions: [
      ...ORG_READ,
      'case.report',
      'case.read',
      'case.dispatch',
      'case.supervise',
      ...PROJECT_ALL,
      'policy.read',
      ...ALLIANCE_ALL,
      'profile.self',
    ],
  },
} as const satisfies Record<string, { label: string; permissions: readonly Permission[] }>;

export type RoleCode = keyof typeof ROLES;
export const ROLE_CODES = Object.keys(ROLES) as RoleCode[];

export function isRoleCode(value: string): value is RoleCode {
  return Object.hasOwn(ROLES, value);
}

export function permissionsOf(role: RoleCode): readonly Permission[] {
  return ROLES[role].permissions;
}

/**
 * Permissions a role may carry to someone whose grantor does not hold them, because the grantor holds
 * the one that answers for them: the organization department that selects 党建工作指导员 and 挂钩干部
 * (`instructor.manage`) gives them the logins to record their own visits (`guidance.record`, which acts
 * only on the units assigned to its holder), without recording visits itself (decision 0027).
 */
export const DELEGATED_BY: Partial<Record<Permission, Permission>> = {
  'guidance.record': 'instructor.manage',
};

/**
 * The permissions of `role` a grantor may not hand out at an organization: those it holds neither
 * itself nor through the permission that answers for them (`DELEGATED_BY`). `holds` says whether
 * the grantor holds a permission there.
 */
export function beyondGrantor(role: RoleCode, holds: (p: Permission) => boolean): Permission[] {
  return permissionsOf(role).filter((p) => {
    if (holds(p)) return false;
    const by = DELEGATED_BY[p];
    return !(by && holds(by));
  });
}
