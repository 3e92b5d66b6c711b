import { List, NavBar, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { useUser } from '../../components/auth';
import { permissionLabel } from '../../domain';

/** 我的信息: the account's facts and, per role, the organization it applies to. */
export default function ProfilePage() {
  const user = useUser();
  const navigate = useNavigate();
  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/')} backIcon backArrow>
        我的信息
      </NavBar>
      <List header="账号" mode="card">
        <List.Item extra={user.displayName}>姓名</List.Item>
        <List.Item extra={user.username}>用户名</List.Item>
        <List.Item extra={user.orgName ?? '未设置'}>所属组织</List.Item>
      </List>
      <List header="角色" mode="card">
        {user.roles.length === 0 ? <List.Item>尚未分配角色</List.Item> : null}
        {user.roles.map((r) => (
          <List.Item key={r.id} description={`适用于 ${r.orgName} 及其下级组织`}>
            {r.roleLabel}
          </List.Item>
        ))}
      </List>
      <List header="权限" mode="card">
        <List.Item>
          <div className="hlm-tags">
            {user.permissions.map((p) => (
              <Tag key={p} fill="outline">
                {permissionLabel(p)}
              </Tag>
            ))}
          </div>
        </List.Item>
      </List>
    </div>
  );
}
