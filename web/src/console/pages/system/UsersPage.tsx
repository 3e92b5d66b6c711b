import { CloseOutlined, UserAddOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
} from 'antd';
import { useState } from 'react';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { CatalogueRole, Id, Page, RoleBinding, UserItem } from '../../../api/types';
import { useAuth } from '../../../components/auth';
import { EMPTY, formatDateTime } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { useFeedback } from '../../feedback';
import { PageContainer } from '../../PageContainer';

const PASSWORD_RULES = [
  { required: true, message: '请输入密码' },
  { min: 8, message: '密码至少 8 位' },
  { max: 128, message: '密码不能超过 128 位' },
];

/** 用户管理: accounts in the caller's scope, their roles, and switching them off. */
export default function UsersPage() {
  const { can, user: me } = useAuth();
  const { message, showError } = useFeedback();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [creating, setCreating] = useState(false);
  const [assigning, setAssigning] = useState<UserItem | null>(null);
  const [resetting, setResetting] = useState<UserItem | null>(null);
  const users = useGet<Page<UserItem>>('/users', { q, page, pageSize });

  const canManage = can('user.manage');
  const canAssign = can('role.assign');

  const setStatus = async (user: UserItem, status: UserItem['status']) => {
    try {
      await api.patch(`/users/${user.id}`, { status });
      message.success(status === 'disabled' ? `已停用账号 ${user.username}` : `已启用账号 ${user.username}`);
      users.reload();
    } catch (err) {
      showError(err);
    }
  };

  const removeRole = async (user: UserItem, binding: RoleBinding) => {
    try {
      await api.delete(`/users/${user.id}/roles/${binding.id}`);
      message.success(`已移除 ${user.displayName} 在「${binding.orgName}」的${binding.roleLabel}角色`);
      users.reload();
    } catch (err) {
      showError(err);
    }
  };

  return (
    <PageContainer
      title="用户管理"
      subTitle="本级及下属党组织的用户账号"
      extra={
        canManage ? (
          <Button type="primary" icon={<UserAddOutlined />} onClick={() => setCreating(true)}>
            新建用户
          </Button>
        ) : null
      }
    >
      <Card size="small">
        <div className="hl-toolbar">
          <Input.Search
            allowClear
            placeholder="姓名、用户名或手机号"
            aria-label="搜索用户"
            style={{ width: 300 }}
            onSearch={(value) => {
              setQ(value.trim());
              setPage(1);
            }}
          />
        </div>
        <Table<UserItem>
          size="small"
          rowKey="id"
          loading={users.loading}
          dataSource={users.data?.items ?? []}
          scroll={{ x: 1120 }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={users.error ? users.error.userMessage : q ? '没有符合条件的用户' : '暂无用户'}
              />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: users.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => `共 ${total} 个用户`,
            onChange: (p, s) => {
              setPage(s === pageSize ? p : 1);
              setPageSize(s);
            },
          }}
          rowClassName={(r) => (r.status === 'disabled' ? 'hl-row-dissolved' : '')}
          columns={[
            {
              title: '用户名',
              dataIndex: 'username',
              width: 110,
              render: (v: string) => <span className="hl-code">{v}</span>,
            },
            { title: '姓名', dataIndex: 'displayName', width: 120 },
            { title: '手机号', dataIndex: 'phone', width: 110, render: (v: string | null) => v ?? EMPTY },
            {
              title: '所属组织',
              dataIndex: 'orgName',
              ellipsis: true,
              render: (v: string | null) => v ?? EMPTY,
            },
            {
              title: '角色',
              dataIndex: 'roles',
              width: 280,
              render: (roles: RoleBinding[], user) =>
                roles.length === 0 ? (
                  <span className="hl-muted">未分配角色</span>
                ) : (
                  <div className="hl-role-tags">
                    {roles.map((r) => (
                      <Tooltip key={r.id} title={`${r.roleLabel} · ${r.orgName}`}>
                        <Tag
                          color="red"
                          variant="outlined"
                          closable={canAssign}
                          closeIcon={
                            canAssign ? (
                              <Popconfirm
                                title="移除角色"
                                description={`确定移除 ${user.displayName} 在「${r.orgName}」的${r.roleLabel}角色吗？`}
                                okText="移除"
                                okButtonProps={{ danger: true }}
                                cancelText="取消"
                                onConfirm={() => removeRole(user, r)}
                              >
                                <CloseOutlined aria-label={`移除角色 ${r.roleLabel}`} role="button" />
                              </Popconfirm>
                            ) : undefined
                          }
                          onClose={(e) => e.preventDefault()}
                        >
                          {r.roleLabel}
                          <span className="hl-tree-type">{r.orgName}</span>
                        </Tag>
                      </Tooltip>
                    ))}
                  </div>
                ),
            },
            {
              title: '状态',
              dataIndex: 'status',
              width: 70,
              render: (s: UserItem['status']) =>
                s === 'active' ? <Tag color="green">正常</Tag> : <Tag>已停用</Tag>,
            },
            { title: '最近登录', dataIndex: 'lastLoginAt', width: 140, render: formatDateTime },
            {
              title: '操作',
              key: 'actions',
              width: 170,
              fixed: 'right',
              render: (_: unknown, user) => (
                <Space size={0} wrap>
                  {canAssign ? (
                    <Button type="link" size="small" onClick={() => setAssigning(user)}>
                      分配角色
                    </Button>
                  ) : null}
                  {canManage && user.id !== me?.id ? (
                    user.status === 'active' ? (
                      <Popconfirm
                        title="停用账号"
                        description={`停用后 ${user.displayName} 将无法登录，确定停用吗？`}
                        okText="停用"
                        okButtonProps={{ danger: true }}
                        cancelText="取消"
                        onConfirm={() => setStatus(user, 'disabled')}
                      >
                        <Button type="link" size="small" danger>
                          停用
                        </Button>
                      </Popconfirm>
                    ) : (
                      <Button type="link" size="small" onClick={() => setStatus(user, 'active')}>
                        启用
                      </Button>
                    )
                  ) : null}
                  {canManage ? (
                    <Button type="link" size="small" onClick={() => setResetting(user)}>
                      重置密码
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {creating ? (
        <CreateUserModal
          onClose={() => setCreating(false)}
          onDone={() => {
            setCreating(false);
            users.reload();
          }}
        />
      ) : null}
      {assigning ? (
        <AssignRoleModal
          user={assigning}
          onClose={() => setAssigning(null)}
          onDone={() => {
            setAssigning(null);
            users.reload();
          }}
        />
      ) : null}
      {resetting ? <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} /> : null}
    </PageContainer>
  );
}

interface CreateValues {
  username: string;
  displayName: string;
  password: string;
  orgId: Id;
  phone?: string;
}

function CreateUserModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<CreateValues>();
  const [saving, setSaving] = useState(false);
  const { message, showError } = useFeedback();

  const submit = async (values: CreateValues) => {
    setSaving(true);
    try {
      await api.post('/users', {
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        password: values.password,
        orgId: values.orgId,
        phone: values.phone?.trim() || undefined,
      });
      message.success(`已新建用户 ${values.username.trim()}，请为其分配角色`);
      onDone();
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title="新建用户"
      okText="确定"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={560}
    >
      <Form<CreateValues> form={form} layout="vertical" onFinish={submit} autoComplete="off">
        <Form.Item
          label="用户名"
          name="username"
          extra="用于登录，3–32 位字母、数字、下划线或点"
          rules={[
            { required: true, message: '请输入用户名' },
            { pattern: /^[A-Za-z0-9_.]{3,32}$/, message: '用户名应为 3–32 位字母、数字、下划线或点' },
          ]}
        >
          <Input autoComplete="off" maxLength={32} />
        </Form.Item>
        <Form.Item
          label="姓名"
          name="displayName"
          rules={[
            { required: true, whitespace: true, message: '请输入姓名' },
            { max: 50, message: '姓名不能超过 50 个字' },
          ]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          label="初始密码"
          name="password"
          rules={PASSWORD_RULES}
          extra="至少 8 位，请通知本人首次登录后妥善保管"
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label="所属组织" name="orgId" rules={[{ required: true, message: '请选择所属组织' }]}>
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item
          label="手机号"
          name="phone"
          rules={[{ pattern: /^1\d{10}$/, message: '请输入 11 位手机号' }]}
        >
          <Input maxLength={11} inputMode="numeric" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AssignRoleModal({
  user,
  onClose,
  onDone,
}: {
  user: UserItem;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ role: string; orgId: Id }>();
  const [saving, setSaving] = useState(false);
  const { message, showError } = useFeedback();
  const roles = useGet<{ items: CatalogueRole[] }>('/catalogue/roles');

  const submit = async (values: { role: string; orgId: Id }) => {
    setSaving(true);
    try {
      await api.post(`/users/${user.id}/roles`, values);
      const label = roles.data?.items.find((r) => r.code === values.role)?.label ?? values.role;
      message.success(`已为 ${user.displayName} 分配角色：${label}`);
      onDone();
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={`分配角色：${user.displayName}（${user.username}）`}
      okText="确定"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={560}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ orgId: user.orgId ?? undefined }}
      >
        <Form.Item label="角色" name="role" rules={[{ required: true, message: '请选择角色' }]}>
          <Select
            loading={roles.loading}
            placeholder="请选择角色"
            options={(roles.data?.items ?? []).map((r) => ({ value: r.code, label: r.label }))}
            notFoundContent={roles.error ? roles.error.userMessage : '暂无角色'}
          />
        </Form.Item>
        <Form.Item
          label="适用组织"
          name="orgId"
          rules={[{ required: true, message: '请选择角色适用的党组织' }]}
          extra="角色对所选党组织及其全部下级组织生效"
        >
          <OrgTreeSelect initialLabel={user.orgName ?? undefined} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ResetPasswordModal({ user, onClose }: { user: UserItem; onClose: () => void }) {
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const [saving, setSaving] = useState(false);
  const { message, showError } = useFeedback();

  const submit = async ({ password }: { password: string }) => {
    setSaving(true);
    try {
      await api.patch(`/users/${user.id}`, { password });
      message.success(`已重置 ${user.displayName} 的密码`);
      onClose();
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={`重置密码：${user.displayName}（${user.username}）`}
      okText="确定"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form form={form} layout="vertical" onFinish={submit} autoComplete="off">
        <Form.Item label="新密码" name="password" rules={PASSWORD_RULES}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="确认新密码"
          name="confirm"
          dependencies={['password']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('password') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error('两次输入的密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
