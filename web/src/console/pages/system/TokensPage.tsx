import { CopyOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { CreatedToken, Page, TokenItem } from '../../../api/types';
import { formatDateTime } from '../../../components/format';
import { UserSelect } from '../../../components/RemoteSelect';
import { useFeedback } from '../../feedback';
import { PageContainer } from '../../PageContainer';

export const TOKEN_ONCE_WARNING = '令牌只显示这一次，请立即复制保存';

/** 接口令牌: tokens for other systems (12345 hotline, mini-programs), each acting as one user. */
export default function TokensPage() {
  const { message, showError } = useFeedback();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const tokens = useGet<Page<TokenItem>>('/tokens', { page, pageSize });

  const revoke = async (token: TokenItem) => {
    try {
      await api.post(`/tokens/${token.id}/revoke`);
      message.success(`已吊销令牌「${token.name}」`);
      tokens.reload();
    } catch (err) {
      showError(err);
    }
  };

  return (
    <PageContainer
      title="接口令牌"
      subTitle="供 12345 热线、小程序等外部系统调用接口；令牌的权限与所属用户相同"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          新建令牌
        </Button>
      }
    >
      <Card size="small">
        <Table<TokenItem>
          size="small"
          rowKey="id"
          loading={tokens.loading}
          dataSource={tokens.data?.items ?? []}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={tokens.error ? tokens.error.userMessage : '暂无接口令牌'}
              />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: tokens.data?.total ?? 0,
            showTotal: (total) => `共 ${total} 个令牌`,
            onChange: (p, s) => {
              setPage(s === pageSize ? p : 1);
              setPageSize(s);
            },
          }}
          rowClassName={(r) => (r.revokedAt ? 'hl-row-dissolved' : '')}
          columns={[
            { title: '名称', dataIndex: 'name' },
            {
              title: '所属用户',
              dataIndex: 'username',
              width: 140,
              render: (v: string) => <span className="hl-code">{v}</span>,
            },
            {
              title: '令牌前缀',
              dataIndex: 'prefix',
              width: 160,
              render: (v: string) => <span className="hl-code">{v}…</span>,
            },
            { title: '创建时间', dataIndex: 'createdAt', width: 150, render: formatDateTime },
            {
              title: '最近使用',
              dataIndex: 'lastUsedAt',
              width: 150,
              render: (v: string | null) => (v ? formatDateTime(v) : '从未使用'),
            },
            {
              title: '状态',
              key: 'status',
              width: 160,
              render: (_: unknown, r) =>
                r.revokedAt ? <Tag>已吊销 {formatDateTime(r.revokedAt)}</Tag> : <Tag color="green">有效</Tag>,
            },
            {
              title: '操作',
              key: 'actions',
              width: 90,
              render: (_: unknown, r) =>
                r.revokedAt ? null : (
                  <Popconfirm
                    title="吊销令牌"
                    description={`吊销后使用「${r.name}」的系统将立即无法调用接口，且不可恢复。确定吊销吗？`}
                    okText="吊销"
                    okButtonProps={{ danger: true }}
                    cancelText="取消"
                    onConfirm={() => revoke(r)}
                  >
                    <Button type="link" size="small" danger>
                      吊销
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
      {creating ? (
        <CreateTokenModal
          onClose={() => setCreating(false)}
          onDone={(token) => {
            setCreating(false);
            setCreated(token);
            tokens.reload();
          }}
        />
      ) : null}
      {created ? <ShowTokenModal token={created} onClose={() => setCreated(null)} /> : null}
    </PageContainer>
  );
}

function CreateTokenModal({
  onClose,
  onDone,
}: {
  onClose: () => void;
  onDone: (token: CreatedToken) => void;
}) {
  const [form] = Form.useForm<{ name: string; userId: string }>();
  const [saving, setSaving] = useState(false);
  const { showError } = useFeedback();

  const submit = async (values: { name: string; userId: string }) => {
    setSaving(true);
    try {
      onDone(await api.post<CreatedToken>('/tokens', { name: values.name.trim(), userId: values.userId }));
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title="新建接口令牌"
      okText="生成令牌"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          label="令牌名称"
          name="name"
          rules={[
            { required: true, whitespace: true, message: '请输入令牌名称' },
            { max: 100, message: '名称不能超过 100 个字' },
          ]}
          extra="写明调用方，如：12345 热线工单对接"
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          label="所属用户"
          name="userId"
          rules={[{ required: true, message: '请选择所属用户' }]}
          extra="令牌以该用户的身份和权限范围调用接口"
        >
          <UserSelect />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ShowTokenModal({ token, onClose }: { token: CreatedToken; onClose: () => void }) {
  const { message } = useFeedback();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token.token);
      message.success('已复制到剪贴板');
    } catch {
      message.warning('浏览器不允许自动复制，请手动选中令牌后复制');
    }
  };
  return (
    <Modal
      open
      title={`令牌已生成：${token.name}`}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Space>
          <Button icon={<CopyOutlined />} onClick={copy}>
            复制
          </Button>
          <Button type="primary" onClick={onClose}>
            我已保存
          </Button>
        </Space>
      }
    >
      <Alert type="warning" showIcon title={TOKEN_ONCE_WARNING} style={{ marginBottom: 12 }} />
      <Typography.Paragraph>
        <pre className="hl-pre" data-testid="new-token">
          {token.token}
        </pre>
      </Typography.Paragraph>
      <Typography.Text type="secondary">
        调用时在请求头中加入 <span className="hl-code">Authorization: Bearer &lt;令牌&gt;</span>
      </Typography.Text>
    </Modal>
  );
}
