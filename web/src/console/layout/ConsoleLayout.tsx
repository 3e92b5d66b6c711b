import {
  BellOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  UserOutlined,
} from '@ant-design/icons';
import {
  Alert,
  Avatar,
  Badge,
  Button,
  Drawer,
  Grid,
  Layout,
  Menu,
  Popover,
  Result,
  Space,
  Spin,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useGet } from '../../api/hooks';
import { useAuth, useUser } from '../../components/auth';
import { DemoBanner } from '../../components/DemoBanner';
import { isChunkLoadError, RouteErrorBoundary } from '../../components/ErrorBoundary';
import { Logo } from '../../components/Logo';
import { allowedNav, navItemFor } from '../nav';

const { Sider, Header, Content } = Layout;

/** Ant Design Pro style frame: menu on the left, the user in the header, the page in the middle. */
export function ConsoleLayout() {
  const { can, logout, demo } = useAuth();
  const user = useUser();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  // below 768 px (a phone) the menu is a drawer opened from the header, so the page keeps the width
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);

  const groups = useMemo(() => allowedNav(can), [can]);
  const reminders = useGet<{ unread: number }>('/me/reminders', { unread: 'true', pageSize: 1 });
  const unread = reminders.data?.unread ?? 0;
  // read again after each page change, so a reminder opened on 我的提醒 leaves the count
  const seen = useRef(location.pathname);
  const reloadReminders = reminders.reload;
  useEffect(() => {
    if (seen.current === location.pathname) return;
    seen.current = location.pathname;
    reloadReminders();
  }, [location.pathname, reloadReminders]);
  const current = navItemFor(location.pathname);

  const items = groups.map((g) => ({
    key: g.key,
    label: g.label,
    type: 'group' as const,
    children: g.items.map((i) => ({ key: i.path, icon: i.icon, label: i.label })),
  }));

  const menu = (go: (key: string) => void) => (
    <Menu
      mode="inline"
      selectedKeys={current ? [current.path] : []}
      items={items}
      onClick={({ key }) => go(key)}
      className="hl-menu"
      aria-label="主菜单"
    />
  );

  const primaryRole = user.roles[0];
  const roleSummary = (
    <div className="hl-role-list">
      {user.roles.length === 0 ? <Typography.Text type="secondary">尚未分配角色</Typography.Text> : null}
      {user.roles.map((r) => (
        <div key={r.id}>
          <Tag color="red">{r.roleLabel}</Tag>
          <Typography.Text type="secondary">{r.orgName}</Typography.Text>
        </div>
      ))}
    </div>
  );

  return (
    <Layout className="hl-console">
      {narrow ? (
        <Drawer
          placement="left"
          size={248}
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          title={null}
          closable={false}
          styles={{ body: { padding: 0 } }}
          className="hl-menu-drawer"
        >
          <Link to="/" className="hl-brand" aria-label="红链首页" onClick={() => setDrawerOpen(false)}>
            <Logo size={28} />
            <span className="hl-brand-text">
              红链<small>党建引领基层治理</small>
            </span>
          </Link>
          {menu((key) => {
            setDrawerOpen(false);
            navigate(key);
          })}
        </Drawer>
      ) : (
        <Sider
          width={216}
          collapsedWidth={64}
          collapsed={collapsed}
          theme="light"
          className="hl-sider"
          breakpoint="lg"
          onBreakpoint={(broken) => setCollapsed(broken)}
        >
          <Link to="/" className="hl-brand" aria-label="红链首页">
            <Logo size={28} />
            {collapsed ? null : (
              <span className="hl-brand-text">
                红链<small>党建引领基层治理</small>
              </span>
            )}
          </Link>
          {menu((key) => navigate(key))}
        </Sider>
      )}
      <Layout className={narrow ? 'hl-narrow' : undefined}>
        <Header className="hl-header">
          {narrow ? (
            <Button
              type="text"
              icon={<MenuUnfoldOutlined />}
              onClick={() => setDrawerOpen(true)}
              aria-label="打开菜单"
            />
          ) : (
            <Button
              type="text"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed(!collapsed)}
              aria-label={collapsed ? '展开菜单' : '收起菜单'}
            />
          )}
          <div className="hl-header-right">
            <Tooltip title={unread ? `${unread} 条未读提醒` : '我的提醒'}>
              <Link to="/reminders" aria-label={`我的提醒，${unread} 条未读`} data-testid="reminders-bell">
                <Badge count={unread} overflowCount={99} size="small" data-testid="unread">
                  <BellOutlined style={{ fontSize: 18 }} />
                </Badge>
              </Link>
            </Tooltip>
            <Popover content={roleSummary} title="我的角色" placement="bottomRight">
              <Space size={8} className="hl-user" data-testid="current-user">
                <Avatar size="small" icon={<UserOutlined />} style={{ backgroundColor: '#c8161d' }} />
                {narrow ? null : <span className="hl-user-name">{user.displayName}</span>}
                {primaryRole && !narrow ? (
                  <Tag color="red" variant="outlined" style={{ marginInlineEnd: 0 }}>
                    {primaryRole.roleLabel}
                    {user.roles.length > 1 ? ` 等 ${user.roles.length} 个角色` : ''}
                  </Tag>
                ) : null}
              </Space>
            </Popover>
            <Tooltip title="退出当前账号">
              <Button
                type="text"
                icon={<LogoutOutlined />}
                aria-label="退出登录"
                onClick={async () => {
                  await logout();
                  navigate('/login', { replace: true });
                }}
              >
                {narrow ? null : '退出登录'}
              </Button>
            </Tooltip>
          </div>
        </Header>
        <DemoBanner demo={demo} />
        {narrow ? (
          <Alert
            type="info"
            showIcon
            closable
            className="hl-narrow-hint"
            data-testid="narrow-hint"
            title={
              <span>
                屏幕较窄：表格可左右滑动；在手机上办理日常事务，请用<a href="/m/">手机页面</a>。
              </span>
            }
          />
        ) : null}
        <Content className="hl-content">
          <RouteErrorBoundary
            fallback={(error, retry) => <PageCrashed page={current?.label} error={error} retry={retry} />}
          >
            <Suspense
              fallback={
                <div className="hl-center">
                  <Spin description="加载中…" />
                </div>
              }
            >
              <Outlet />
            </Suspense>
          </RouteErrorBoundary>
        </Content>
      </Layout>
    </Layout>
  );
}

/** What a crashed page leaves behind: the menu and header stay, this says what failed and offers a retry. */
function PageCrashed({ page, error, retry }: { page?: string; error: Error; retry: () => void }) {
  const chunk = isChunkLoadError(error);
  return (
    <div data-testid="page-crashed">
      <Result
        status="error"
        title={`${page ? `“${page}”` : '该'}页面出错了`}
        subTitle={
          chunk
            ? '页面文件加载失败，可能是网络中断或系统刚刚更新，请刷新后重试。'
            : '页面显示时发生错误，其他功能仍可从左侧菜单使用。请重试；如果仍然出错，请联系系统管理员。'
        }
        extra={[
          <Button key="retry" type="primary" onClick={chunk ? () => window.location.reload() : retry}>
            {chunk ? '刷新页面' : '重试'}
          </Button>,
        ]}
      >
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          错误信息：{error.message || error.name}
        </Typography.Text>
      </Result>
    </div>
  );
}
