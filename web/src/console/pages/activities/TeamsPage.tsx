import { PlusOutlined } from '@ant-design/icons';
import { TEAM_KINDS } from '@honglian/domain';
import { Button, Card, Drawer, Empty, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { hours, type Team, type TeamItem } from '../../../api/activities';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { Id } from '../../../api/types';
import { formatDateTime } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { AlliancePersonSelect, UserSelect } from '../../../components/RemoteSelect';
import { ReasonModal } from '../../FormModal';
import { useSave } from '../../feedback';
import { PageContainer } from '../../PageContainer';

/** 志愿服务队: 党员服务队, 红色骑手, 网格志愿服务队 — members and leaders, activities and hours. */
export default function TeamsPage() {
  const teams = useGet<{ items: TeamItem[]; total: number }>('/volunteer-teams');
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<TeamItem | null>(null);
  return (
    <PageContainer
      title="志愿服务队"
      subTitle="党员服务队、红色骑手、网格志愿服务队：队员和队长，开展的活动和服务时长"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          组建服务队
        </Button>
      }
    >
      <Card size="small">
        <Table<TeamItem>
          size="small"
          rowKey="id"
          loading={teams.loading}
          dataSource={teams.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: <Empty description={teams.error?.userMessage ?? '还没有服务队'} /> }}
          columns={[
            {
              title: '服务队',
              dataIndex: 'name',
              render: (_, t) => <a onClick={() => setOpen(t)}>{t.name}</a>,
            },
            { title: '类型', width: 140, render: (_, t) => <Tag color="red">{t.kindLabel}</Tag> },
            { title: '所属组织', dataIndex: 'orgName', width: 240, ellipsis: true },
            { title: '队员', dataIndex: 'members', width: 80 },
            { title: '活动', dataIndex: 'activities', width: 80 },
            { title: '服务时长', width: 120, render: (_, t) => hours(t.minutes) },
          ]}
        />
      </Card>
      {creating ? (
        <CreateTeamModal
          onClose={() => setCreating(false)}
          onDone={() => {
            setCreating(false);
            teams.reload();
          }}
        />
      ) : null}
      {open ? <TeamDrawer id={open.id} onClose={() => setOpen(null)} onChanged={teams.reload} /> : null}
    </PageContainer>
  );
}

function CreateTeamModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<{ orgId: Id; name: string; kind: string; description?: string }>();
  const { saving, save, message } = useSave(form);
  return (
    <Modal
      open
      title="组建服务队"
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'party_members' }}
        onFinish={(v) =>
          save(async () => {
            await api.post('/volunteer-teams', { ...v, name: v.name.trim() });
            message.success('服务队已组建');
            onDone();
          })
        }
      >
        <Form.Item name="orgId" label="所属组织" rules={[{ required: true, message: '请选择所属组织' }]}>
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item
          name="name"
          label="服务队名称"
          rules={[{ required: true, whitespace: true, message: '请填写服务队名称' }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
          <Select options={Object.entries(TEAM_KINDS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="description" label="简介">
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * One team: add members (for an alliance's team, `allianceId`, people of its member organizations
 * only), take one off with a reason, its record. Also opened from the alliance page's 服务队与表彰.
 */
export function TeamDrawer({
  id,
  allianceId,
  onClose,
  onChanged,
}: {
  id: Id;
  allianceId?: Id;
  onClose: () => void;
  onChanged: () => void;
}) {
  const team = useGet<Team>(`/volunteer-teams/${id}`);
  const [form] = Form.useForm<{ userId: Id; role: 'leader' | 'member' }>();
  const { saving, save, message } = useSave(form);
  const [removing, setRemoving] = useState<Team['roster'][number] | null>(null);
  const t = team.data;
  return (
    <Drawer open width={760} title={t ? `${t.name}（${t.kindLabel}）` : '服务队'} onClose={onClose}>
      {t?.manageable ? (
        <Form
          form={form}
          layout="inline"
          style={{ marginBottom: 12 }}
          initialValues={{ role: 'member' }}
          onFinish={(v) =>
            save(async () => {
              await api.post(`/volunteer-teams/${id}/members`, v);
              message.success('已加入服务队');
              form.resetFields(['userId']);
              team.reload();
              onChanged();
            })
          }
        >
          <Form.Item name="userId" rules={[{ required: true, message: '请选择队员' }]}>
            {allianceId === undefined ? (
              <UserSelect style={{ width: 260 }} placeholder="搜索用户姓名" />
            ) : (
              <AlliancePersonSelect allianceId={allianceId} style={{ width: 320 }} />
            )}
          </Form.Item>
          <Form.Item name="role">
            <Select
              style={{ width: 100 }}
              options={[
                { value: 'member', label: '队员' },
                { value: 'leader', label: '队长' },
              ]}
            />
          </Form.Item>
          <Button htmlType="submit" loading={saving}>
            加入
          </Button>
        </Form>
      ) : null}
      <Table
        size="small"
        rowKey="userId"
        loading={team.loading}
        dataSource={t?.roster ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="还没有队员" /> }}
        columns={[
          { title: '姓名', dataIndex: 'name' },
          { title: '角色', dataIndex: 'roleLabel', width: 80 },
          { title: '加入日期', dataIndex: 'joinedOn', width: 120 },
          { title: '队内服务时长', width: 140, render: (_, m) => hours(m.minutes) },
          ...(t?.manageable
            ? [
                {
                  title: '操作',
                  width: 80,
                  render: (_: unknown, m: Team['roster'][number]) => (
                    <Button size="small" type="link" danger onClick={() => setRemoving(m)}>
                      移出
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {removing ? (
        <ReasonModal
          title={`移出队员：${removing.name}`}
          okText="移出"
          note="移出后不再是本队队员；已有的服务时长仍记在本人名下。"
          onClose={() => setRemoving(null)}
          submit={async (reason) => {
            await api.post(`/volunteer-teams/${id}/members/${removing.userId}/remove`, { reason });
            message.success('已移出服务队');
            setRemoving(null);
            team.reload();
            onChanged();
          }}
        />
      ) : null}
      <Card size="small" title="服务队活动记录" style={{ marginTop: 12 }}>
        <Table
          size="small"
          rowKey="id"
          dataSource={t?.record ?? []}
          pagination={false}
          locale={{ emptyText: <Empty description="还没有开展活动" /> }}
          columns={[
            { title: '活动', dataIndex: 'title' },
            { title: '时间', width: 160, render: (_, a) => formatDateTime(a.startsAt) },
            { title: '到场', dataIndex: 'attended', width: 70 },
            { title: '服务时长', width: 110, render: (_, a) => <Space>{hours(a.minutes)}</Space> },
          ]}
        />
      </Card>
    </Drawer>
  );
}
