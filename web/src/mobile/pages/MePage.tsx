import { Badge, Button, Card, List, Space, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { useGet } from '../../api/hooks';
import { useAuth, useUser } from '../../components/auth';
import { hasConsoleWork } from '../shell';
import { CaseNotices } from './CaseNotices';

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

      <CaseNotices />

      <List header="我的服务" mode="card">
        <List.Item
          onClick={() => navigate('/reminders')}
          description="检查发现的问题、预警和上级督办"
          extra={unread ? <Badge content={unread > 99 ? '99+' : unread} data-testid="unread" /> : null}
        >
          我的提醒
        </List.Item>
        <List.Item onClick={() => navigate('/report')} description="拍照反映身边的问题，或向部门点单">
          随手拍
        </List.Item>
        <List.Item onClick={() => navigate('/service-day')} description="每月固定接待日，报名即登记为工单">
          企业服务日
        </List.Item>
        <List.Item onClick={() => navigate('/cases')} description="跟踪办理进度，办结后评价">
          我的诉求
        </List.Item>
        <List.Item onClick={() => navigate('/points')} description="问题核实办结后记分">
          我的积分
        </List.Item>
        <List.Item onClick={() => navigate('/member')} description="所在党组织、党员类别、入党日期与状态">
          我的党员档案
        </List.Item>
        <List.Item onClick={() => navigate('/progress')} description="发展阶段、流动党员活动证与组织关系转接">
          发展阶段与组织关系
        </List.Item>
        <List.Item onClick={() => navigate('/profile')} description="账号、所属组织与角色">
          我的信息
        </List.Item>
        <List.Item onClick={() => navigate('/dues')} description="每月应交、交纳记录与年度确认">
          我的党费
        </List.Item>
        {hasConsoleWork(user.permissions) ? (
          <List.Item
            onClick={() => {
              window.location.href = '/';
            }}
            description="组织架构等管理功能请在电脑上打开"
          >
            进入管理后台
          </List.Item>
        ) : null}
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
