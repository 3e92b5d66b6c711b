import { LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Layout, Menu, Popover, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth, useUser } from '../../components/auth';
import { DemoBanner } from '../../components/DemoBanner';
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

  const groups = useMemo(() => allowedNav(can), [can]);
  const current = navItemFor(location.pathname);

  const items = groups.map((g) => ({
    key: g.key,
    label: g.label,
    type: 'group' as const,
    children: g.items.map((i) => ({ key: i.path, icon: i.icon, label: i.label })),
  }));

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
        <Menu
          mode="inline"
          selectedKeys={current ? [current.path] : []}
          items={items}
          onClick={({ key }) => navigate(key)}
          className="hl-menu"
          aria-label="主菜单"
        />
      </Sider>
      <Layout>
        <Header className="hl-header">
          <Button
            type="text"
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={() => setCollapsed(!collapsed)}
            aria-label={collapsed ? '展开菜单' : '收起菜单'}
          />
          <div className="hl-header-right">
            <Popover content={roleSummary} title="我的角色" placement="bottomRight">
              <Space size={8} className="hl-user" data-testid="current-user">
                <Avatar size="small" icon={<UserOutlined />} style={{ backgroundColor: '#c8161d' }} />
                <span className="hl-user-name">{user.displayName}</span>
                {primaryRole ? (
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
                onClick={async () => {
                  await logout();
                  navigate('/login', { replace: true });
                }}
              >
                退出登录
              </Button>
            </Tooltip>
          </div>
        </Header>
        <DemoBanner demo={demo} />
        <Content className="hl-content">
          <Suspense
            fallback={
              <div className="hl-center">
                <Spin description="加载中…" />
              </div>
            }
          >
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
