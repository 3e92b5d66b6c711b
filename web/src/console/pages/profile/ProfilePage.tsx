import { UserOutlined } from '@ant-design/icons';
import { Avatar, Card, Descriptions, Empty, Space, Table, Tag, Typography } from 'antd';
import type { RoleBinding } from '../../../api/types';
import { useUser } from '../../../components/auth';
import { EMPTY } from '../../../components/format';
import { PERMISSIONS, permissionLabel } from '../../../domain';
import { PageContainer } from '../../PageContainer';

/** In catalogue order, unknown names last. */
function sortedPermissions(names: string[]): string[] {
  const order = Object.keys(PERMISSIONS);
  const rank = (n: string) => (order.includes(n) ? order.indexOf(n) : order.length);
  return [...names].sort((a, b) => rank(a) - rank(b));
}

/** 个人信息: who I am, where, and what my roles let me do. */
export default function ProfilePage() {
  const user = useUser();
  return (
    <PageContainer title="个人信息">
      <div className="hl-stack">
        <Card size="small">
          <Space size={16} align="start">
            <Avatar size={56} icon={<UserOutlined />} style={{ backgroundColor: '#c8161d' }} />
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'name', label: '姓名', children: user.displayName },
                {
                  key: 'username',
                  label: '用户名',
                  children: <span className="hl-code">{user.username}</span>,
                },
                { key: 'org', label: '所属组织', children: user.orgName ?? EMPTY },
              ]}
            />
          </Space>
        </Card>
        <Card size="small" title="我的角色">
          <Table<RoleBinding>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={user.roles}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未分配角色" /> }}
            columns={[
              { title: '角色', dataIndex: 'roleLabel', render: (v: string) => <Tag color="red">{v}</Tag> },
              { title: '适用组织（含全部下级组织）', dataIndex: 'orgName' },
            ]}
          />
        </Card>
        <Card size="small" title="我的权限">
          {user.permissions.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无权限" />
          ) : (
            <Space size={[6, 6]} wrap>
              {sortedPermissions(user.permissions).map((p) => (
                <Tag key={p}>{permissionLabel(p)}</Tag>
              ))}
            </Space>
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            权限由角色决定，如需调整请联系上级组织管理员。
          </Typography.Paragraph>
        </Card>
      </div>
    </PageContainer>
  );
}
