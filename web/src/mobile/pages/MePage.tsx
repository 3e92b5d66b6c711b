import { Badge, Button, Card, List, Space, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { useGet } from '../../api/hooks';
import { useAuth, useUser } from '../../components/auth';
import { mobileMenu } from '../menu';
import { CaseNotices } from './CaseNotices';
import { HomeFigures } from './HomeFigures';

/** 我的: who is signed in, their organization and roles, and what they can open now. */
export default function MePage() {
  const user = useUser();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const initial = Array.from(user.displayName.trim())[0] ?? '我';
  const unread =
    useGet<{ unread: number }>('/me/reminders', { unread: 'true', pageSize: 1 }).data?.unread ?? 0;

  return (
    <div className="hlm-page">
      <header className="hlm-me-head">
        <div className="hlm-avatar" aria-hidden="true">
          {initial}
        </div>
        <div className="hlm-me-text">
          <div className="hlm-me-name">{user.displayName}</div>
          <div className="hlm-me-sub">用户名：{user.username}</div>
          <div className="hlm-me-sub">{user.orgName ?? '未设置所属组织'}</div>
        </div>
      </header>

      <Card title="我的角色" className="hlm-card">
        {user.roles.length === 0 ? (
          <span className="hlm-muted">尚未分配角色</span>
        ) : (
          <Space wrap>
            {user.roles.map((r) => (
              <Tag key={r.id} color="primary" fill="outline" className="hlm-role">
                {r.roleLabel}
                <span className="hlm-role-org">{r.orgName}</span>
              </Tag>
            ))}
          </Space>
        )}
      </Card>

      <HomeFigures />

      <CaseNotices />

      <List header="我的服务" mode="card" data-testid="mobile-menu">
        {mobileMenu(user).map((e) => (
          <List.Item
            key={e.path}
            onClick={() => {
              if (e.external) window.location.href = e.path;
              else navigate(e.path);
            }}
            description={e.description}
            extra={
              e.path === '/reminders' && unread ? (
                <Badge content={unread > 99 ? '99+' : unread} data-testid="unread" />
              ) : null
            }
          >
            <span className="hlm-menu-label">{e.label}</span>
          </List.Item>
        ))}
      </List>

      <div className="hlm-actions">
        <Button
          block
          size="large"
          onClick={async () => {
            await logout();
            navigate('/login', { replace: true });
          }}
        >
          退出登录
        </Button>
      </div>
    </div>
  );
}
