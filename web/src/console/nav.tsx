import {
  AimOutlined,
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BellOutlined,
  BookOutlined,
  CalendarOutlined,
  ClusterOutlined,
  DashboardOutlined,
  DeploymentUnitOutlined,
  FileDoneOutlined,
  FlagOutlined,
  FormOutlined,
  HeartOutlined,
  HomeOutlined,
  IdcardOutlined,
  KeyOutlined,
  MoneyCollectOutlined,
  NodeIndexOutlined,
  NotificationOutlined,
  PieChartOutlined,
  ProjectOutlined,
  QuestionCircleOutlined,
  ReadOutlined,
  RiseOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  ShareAltOutlined,
  ShopOutlined,
  SolutionOutlined,
  StarOutlined,
  SwapOutlined,
  TeamOutlined,
  TrophyOutlined,
  UploadOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Permission } from '../domain';

export interface NavItem {
  path: string;
  label: string;
  icon: ReactNode;
  /** Needed to see the item; none means every signed-in user. */
  permission?: Permission;
  /**
   * Also needed to see the item in the menu: the page is the work of whoever holds these (a branch
   * secretary may read units and coverage of their own branch, which is empty; the committee above
   * manages them). The address itself stays open to `permission`.
   */
  alsoNeeds?: Permission[];
}

export interface NavGroup {
  key: string;
  label: string;
  icon: ReactNode;
  items: NavItem[];
}

/** The console menu. Only items whose permission the user holds are shown. */
export const NAV: NavGroup[] = [
  {
    key: 'home',
    label: '首页',
    icon: <DashboardOutlined />,
    // every signed-in user: the region, the branch's week, the queue or one's own (pages/home)
    items: [{ path: '/home', label: '工作台', icon: <DashboardOutlined /> }],
  },
  {
    key: 'org',
    label: '组织管理',
    icon: <ApartmentOutlined />,
    items: [
      { path: '/orgs', label: '组织架构', icon: <ApartmentOutlined />, permission: 'org.read' },
      {
        path: '/units',
        label: '单位管理',
        icon: <BankOutlined />,
        permission: 'unit.read',
        alsoNeeds: ['unit.manage'],
      },
      {
        path: '/coverage',
        label: '覆盖情况',
        icon: <PieChartOutlined />,
        permission: 'orgsetup.read',
        alsoNeeds: ['instructor.manage'],
      },
      {
        path: '/instructors',
        label: '党建指导员',
        icon: <AimOutlined />,
        permission: 'orgsetup.read',
        alsoNeeds: ['instructor.manage'],
      },
      {
        path: '/liaison',
        label: '挂钩联系',
        icon: <TeamOutlined />,
        permission: 'instructor.manage',
      },
      {
        path: '/guidance',
        label: '指导记录',
        icon: <FormOutlined />,
        permission: 'guidance.record',
      },
      {
        path: '/party-workers',
        label: '党务工作者',
        icon: <SolutionOutlined />,
        permission: 'orgsetup.read',
      },
    ],
  },
  {
    key: 'members',
    label: '党员管理',
    icon: <UserOutlined />,
    items: [
      { path: '/members', label: '党员名册', icon: <UserOutlined />, permission: 'member.read' },
      { path: '/members/import', label: '导入台账', icon: <UploadOutlined />, permission: 'member.import' },
      { path: '/development', label: '发展党员', icon: <RiseOutlined />, permission: 'development.read' },
      { path: '/transfers', label: '组织关系转接', icon: <SwapOutlined />, permission: 'transfer.read' },
    ],
  },
  {
    key: 'party',
    label: '党建业务',
    icon: <FlagOutlined />,
    items: [
      { path: '/dues', label: '党费管理', icon: <MoneyCollectOutlined />, permission: 'dues.read' },
      { path: '/orglife', label: '组织生活', icon: <CalendarOutlined />, permission: 'orglife.read' },
      { path: '/learning', label: '学习资料', icon: <BookOutlined />, permission: 'learning.manage' },
      { path: '/compliance', label: '合规监测', icon: <AlertOutlined />, permission: 'compliance.read' },
      { path: '/projects', label: '项目管理', icon: <ProjectOutlined />, permission: 'project.read' },
      { path: '/pairing', label: '组团帮扶', icon: <ShareAltOutlined />, permission: 'pairing.read' },
      { path: '/bulletins', label: '月度通报', icon: <NotificationOutlined />, permission: 'bulletin.read' },
      {
        path: '/policies',
        label: '政策库',
        icon: <ReadOutlined />,
        permission: 'policy.read',
        alsoNeeds: ['policy.manage'],
      },
      {
        // a member enterprise's staff take part from the phone; the console is the offices' and branches'
        path: '/alliances',
        label: '产业链与联盟',
        icon: <DeploymentUnitOutlined />,
        permission: 'alliance.participate',
        alsoNeeds: ['org.read'],
      },
    ],
  },
  {
    key: 'cases',
    label: '诉求工单',
    icon: <FileDoneOutlined />,
    items: [
      { path: '/cases', label: '工单台账', icon: <FileDoneOutlined />, permission: 'case.read' },
      { path: '/cases/stats', label: '工单统计', icon: <BarChartOutlined />, permission: 'case.read' },
      {
        path: '/cases/categories',
        label: '分类与派单规则',
        icon: <NodeIndexOutlined />,
        permission: 'case.read',
      },
      { path: '/stations', label: '驿站管理', icon: <ShopOutlined />, permission: 'station.manage' },
    ],
  },
  {
    key: 'service',
    label: '志愿服务',
    icon: <HeartOutlined />,
    items: [
      { path: '/activities', label: '活动管理', icon: <ScheduleOutlined />, permission: 'activity.manage' },
      { path: '/teams', label: '志愿服务队', icon: <TeamOutlined />, permission: 'activity.manage' },
      { path: '/community-reports', label: '双报到', icon: <HomeOutlined />, permission: 'activity.manage' },
      { path: '/selections', label: '评选表彰', icon: <TrophyOutlined />, permission: 'activity.manage' },
      { path: '/property', label: '红色物业', icon: <StarOutlined />, permission: 'property.read' },
    ],
  },
  {
    key: 'system',
    label: '系统管理',
    icon: <SafetyCertificateOutlined />,
    items: [
      { path: '/system/users', label: '用户管理', icon: <TeamOutlined />, permission: 'user.read' },
      {
        path: '/system/roles',
        label: '角色权限',
        icon: <SafetyCertificateOutlined />,
        permission: 'user.read',
        alsoNeeds: ['role.assign'],
      },
      { path: '/system/tokens', label: '接口令牌', icon: <KeyOutlined />, permission: 'token.manage' },
      { path: '/system/audit', label: '审计日志', icon: <AuditOutlined />, permission: 'audit.read' },
      { path: '/system/jobs', label: '后台任务', icon: <ClusterOutlined />, permission: 'job.read' },
      { path: '/system/calendar', label: '工作日历', icon: <CalendarOutlined /> },
    ],
  },
  {
    key: 'me',
    label: '个人中心',
    icon: <IdcardOutlined />,
    items: [
      { path: '/profile', label: '个人信息', icon: <IdcardOutlined /> },
      { path: '/reminders', label: '我的提醒', icon: <BellOutlined /> },
      { path: '/assistant', label: '问答助手', icon: <QuestionCircleOutlined /> },
    ],
  },
];

function shown(item: NavItem, can: (p: string) => boolean): boolean {
  return (!item.permission || can(item.permission)) && (item.alsoNeeds ?? []).every(can);
}

/** The menu of a user, from the permissions the server sent with the user. */
export function allowedNav(can: (p: string) => boolean): NavGroup[] {
  return NAV.map((g) => ({ ...g, items: g.items.filter((i) => shown(i, can)) })).filter(
    (g) => g.items.length > 0,
  );
}

/**
 * Where a user lands: 工作台, for everyone. It opens on what the user does (the region of an
 * organization department, a branch's week, a handler's queue, one's own) with each list one click away.
 */
export const HOME_PATH = '/home';

/** The menu item a location belongs to (`/orgs/123` belongs to `/orgs`). */
export function navItemFor(pathname: string): NavItem | undefined {
  const all = NAV.flatMap((g) => g.items);
  return all
    .filter((i) => pathname === i.path || pathname.startsWith(`${i.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
}
