import type { CurrentUser } from '../api/types';

export interface MobileEntry {
  path: string;
  label: string;
  description: string;
  /** Outside the phone pages (the console), opened as a full page load. */
  external?: boolean;
}

const roleOf = (user: CurrentUser, ...roles: string[]) => user.roles.some((r) => roles.includes(r.role));

/** Whoever handles cases (a department's handler, a grid worker): their phone opens on the queue. */
export function worksAQueue(user: CurrentUser): boolean {
  return user.permissions.includes('case.handle');
}

/** Whether the user can do anything in the desktop console beyond their own record and reporting. */
export function hasConsoleWork(permissions: string[]): boolean {
  // an enterprise reads policies and keeps its own facts on the phone (政策匹配), and takes part in its
  // alliance there (我的联盟): none of it is console work
  const own = [
    'profile.self',
    'case.report',
    'policy.read',
    'enterprise_profile.self',
    'alliance.participate',
  ];
  return permissions.some((p) => !own.includes(p));
}

/**
 * The phone menu of 我的, from the user's roles, permissions and member record: each role sees its own
 * work (a queue, 网格上报, an enterprise's 点单 and 一键写信), and only party members their 党员档案 and 党费.
 */
export function mobileMenu(user: CurrentUser): MobileEntry[] {
  const entries: MobileEntry[] = [];
  const add = (e: MobileEntry) => {
    if (!entries.some((x) => x.path === e.path)) entries.push(e);
  };
  const enterprise = roleOf(user, 'enterprise');
  if (worksAQueue(user))
    add({ path: '/queue', label: '待办工单', description: '派给我的工单，超期的排在最前' });
  if (roleOf(user, 'grid_worker'))
    add({ path: '/report?channel=grid', label: '网格上报', description: '巡查中发现的问题，拍照上报' });
  add({ path: '/reminders', label: '我的提醒', description: '检查发现的问题、预警和上级督办' });
  if (user.permissions.includes('guidance.record'))
    add({
      path: '/visits',
      label: '我联系的企业',
      description: '挂钩、联系的企业：登记走访和问题清单，问题一键转为工单',
    });
  if (enterprise && user.permissions.includes('enterprise_profile.self')) {
    add({
      path: '/policies',
      label: '政策匹配',
      description: '本企业符合哪些政策、为什么，缺什么信息，在线申报',
    });
    add({
      path: '/liaison-card',
      label: '服务联系卡',
      description: '本企业的挂钩干部、联系方式，走访和发现问题的办理情况',
    });
  }
  if (enterprise) {
    add({ path: '/report?mode=order', label: '点单', description: '向职能部门点单，提出企业的需求' });
    add({ path: '/report?mode=letter', label: '一键写信', description: '给主管部门写信，反映困难和建议' });
    add({ path: '/service-day', label: '企业服务日', description: '每月固定接待日，报名即登记为工单' });
    add({ path: '/cases', label: '我的诉求', description: '跟踪办理进度，办结后评价' });
    add({ path: '/alliances', label: '我的联盟', description: '产业链党委、党建联盟的清单、匹配和轮值主席' });
  }
  if (!enterprise && !worksAQueue(user) && user.permissions.includes('case.report')) {
    add({ path: '/report', label: '随手拍', description: '拍照反映身边的问题，或向部门点单' });
    add({ path: '/cases', label: '我的诉求', description: '跟踪办理进度，办结后评价' });
    add({ path: '/points', label: '我的积分', description: '问题核实办结后记分' });
    add({ path: '/stations', label: '暖“新”驿站', description: '歇脚、饮水、充电，用积分兑换物品' });
    add({ path: '/activities', label: '志愿活动', description: '附近可报名的活动，报名、候补、扫码签到' });
    add({
      path: '/service',
      label: '志愿服务记录',
      description: '审核通过的服务时长和积分；党员在此到居住地社区报到',
    });
    add({
      path: '/selections',
      label: '评选投票',
      description: '最美小哥等评选：看事迹、投一票，查看表彰名单',
    });
  }
  if (user.memberId !== null && user.memberId !== undefined) {
    add({ path: '/member', label: '我的党员档案', description: '所在党组织、党员类别、入党日期与状态' });
    add({
      path: '/progress',
      label: '发展阶段与组织关系',
      description: '发展阶段、流动党员活动证与组织关系转接',
    });
    add({ path: '/dues', label: '我的党费', description: '每月应交、交纳记录与年度确认' });
    add({
      path: '/meetings',
      label: '我的组织生活',
      description: '本支部即将召开的会议、我的出勤和缺席的会议',
    });
    add({
      path: '/learning',
      label: '学习',
      description: '布置给我的学习、学习资料和我的学习档案',
    });
  }
  if (user.permissions.includes('pairing.record'))
    add({
      path: '/pairing',
      label: '结对走访',
      description: '组团帮扶：到结对村走访，登记做了什么和发现的问题',
    });
  add({
    path: '/assistant',
    label: '问答助手',
    description: '党费、组织生活、发展党员和平台使用的问题，答案注明出处',
  });
  add({ path: '/profile', label: '我的信息', description: '账号、所属组织与角色' });
  if (hasConsoleWork(user.permissions))
    add({
      path: '/',
      label: '进入管理后台',
      description: '组织架构等管理功能请在电脑上打开',
      external: true,
    });
  return entries;
}
