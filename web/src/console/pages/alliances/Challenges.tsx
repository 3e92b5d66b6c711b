import {
  Alert,
  Button,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { AllianceDetail } from '../../../api/alliances';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import {
  BID_STATUS_COLORS,
  type ChallengeBid,
  type ChallengeDetail,
  type Project,
  type ProjectPage,
} from '../../../api/projects';
import type { Id } from '../../../api/types';
import { dayjs, EMPTY, todayInChina } from '../../../components/format';
import { FormModal, ReasonModal } from '../../FormModal';
import { useSave } from '../../feedback';
import { ProjectDrawer } from '../projects/ProjectDrawer';
import { MilestoneList, ProjectForm } from '../projects/ProjectForm';
import { AheadTag, ScheduleBar } from '../projects/ScheduleBar';

const STATE_COLORS = { not_open: 'default', open: 'blue', closed: 'orange', awarded: 'green' } as const;

/**
 * 揭榜挂帅与联盟项目 of one alliance, on the one project engine: the office posts a challenge with its
 * conditions, reward and deadline; member units bid for themselves in the window; the office scores
 * and awards one after the deadline; the awarded project and the alliance's joint projects are then
 * followed through their milestones (the 项目管理 drawer).
 */
export function Challenges({ a }: { a: AllianceDetail }) {
  const projects = useGet<ProjectPage>('/projects', { allianceId: a.id, topLevel: 'true', pageSize: 100 });
  const [posting, setPosting] = useState(false);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<Id | null>(null);
  const [drawer, setDrawer] = useState<Id | null>(null);
  const items = projects.data?.items ?? [];
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {a.canManage ? (
        <Space>
          <Button type="primary" onClick={() => setPosting(true)} data-testid="challenge-post">
            发布揭榜挂帅榜单
          </Button>
          <Button onClick={() => setCreating(true)}>新建联盟项目</Button>
        </Space>
      ) : null}
      {projects.data && items.length === 0 ? <Empty description="还没有揭榜挂帅榜单或联盟项目" /> : null}
      {items.length > 0 ? (
        <Table<Project>
          size="small"
          rowKey="id"
          loading={projects.loading}
          dataSource={items}
          pagination={false}
          scroll={{ x: 960 }}
          columns={[
            { title: '名称', dataIndex: 'title' },
            { title: '类型', dataIndex: 'kindLabel', width: 90 },
            {
              title: '揭榜',
              width: 200,
              render: (_, p) =>
                p.challenge ? (
                  <Space direction="vertical" size={0}>
                    <Tag color={STATE_COLORS[p.challenge.state]}>{p.challenge.stateLabel}</Tag>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {p.challenge.opensOn} 至 {p.challenge.closesOn}
                    </Typography.Text>
                  </Space>
                ) : (
                  EMPTY
                ),
            },
            { title: '牵头单位', dataIndex: 'orgName', width: 200, ellipsis: true },
            { title: '负责人', dataIndex: 'leadName', width: 90, render: (v: string) => v || EMPTY },
            {
              title: '进度',
              width: 300,
              render: (_, p) =>
                p.milestoneCount > 0 ? (
                  <Space>
                    <div style={{ width: 150 }}>
                      <ScheduleBar progress={p.progress} planned={p.plannedProgress} />
                    </div>
                    <AheadTag aheadPoints={p.aheadPoints} label={p.scheduleLabel} />
                  </Space>
                ) : (
                  <Typography.Text type="secondary">定榜后按节点推进</Typography.Text>
                ),
            },
            {
              title: '操作',
              width: 150,
              render: (_, p) => (
                <Space size={0}>
                  {p.challenge ? (
                    <Button size="small" type="link" onClick={() => setOpen(p.id)}>
                      榜单与方案
                    </Button>
                  ) : null}
                  {p.milestoneCount > 0 ? (
                    <Button size="small" type="link" onClick={() => setDrawer(p.id)}>
                      节点
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      ) : null}
      {posting ? (
        <PostForm
          allianceId={a.id}
          onClose={() => setPosting(false)}
          onSaved={() => {
            setPosting(false);
            projects.reload();
          }}
        />
      ) : null}
      {creating ? (
        <ProjectForm
          alliance={{
            id: a.id,
            orgs: [
              { value: a.orgId, label: a.orgName },
              ...a.members.map((m) => ({ value: m.orgId, label: m.name })),
            ],
          }}
          onClose={() => setCreating(false)}
          onDone={(id) => {
            setCreating(false);
            projects.reload();
            setDrawer(id);
          }}
        />
      ) : null}
      {open !== null ? (
        <ChallengeModal id={open} onClose={() => setOpen(null)} onChanged={projects.reload} />
      ) : null}
      {drawer !== null ? (
        <ProjectDrawer
          id={drawer}
          onClose={() => setDrawer(null)}
          onChanged={projects.reload}
          onOpen={setDrawer}
        />
      ) : null}
    </Space>
  );
}

function PostForm({
  allianceId,
  onClose,
  onSaved,
}: {
  allianceId: Id;
  onClose: () => void;
  onSaved: () => void;
}) {
  return (
    <FormModal<Record<string, unknown>>
      width={640}
      title="发布揭榜挂帅榜单"
      okText="发布"
      onClose={onClose}
      initialValues={{ opensOn: todayInChina() }}
      submit={async (v) => {
        await api.post('/challenges', {
          allianceId,
          title: v.title,
          description: v.description ?? '',
          conditions: v.conditions ?? '',
          reward: v.reward ?? '',
          opensOn: (v.opensOn as Dayjs).format('YYYY-MM-DD'),
          closesOn: (v.closesOn as Dayjs).format('YYYY-MM-DD'),
        });
        onSaved();
      }}
    >
      <Form.Item name="title" label="榜单名称" rules={[{ required: true, message: '请填写榜单名称' }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="description" label="需要解决的问题">
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Form.Item name="conditions" label="揭榜条件">
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item name="reward" label="奖励与说明">
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
      <Space>
        <Form.Item name="opensOn" label="揭榜开始" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item
          name="closesOn"
          label="揭榜截止（含当日）"
          rules={[{ required: true, message: '请选择日期' }]}
        >
          <DatePicker />
        </Form.Item>
      </Space>
    </FormModal>
  );
}

function ChallengeModal({ id, onClose, onChanged }: { id: Id; onClose: () => void; onChanged: () => void }) {
  const detail = useGet<ChallengeDetail>(`/challenges/${id}`);
  const [bidding, setBidding] = useState(false);
  const [editing, setEditing] = useState<ChallengeBid | null>(null);
  const [withdrawing, setWithdrawing] = useState<ChallengeBid | null>(null);
  const [awarding, setAwarding] = useState<ChallengeBid | null>(null);
  const [reason, setReason] = useState('');
  const { save } = useSave();
  const c = detail.data;
  const reload = () => {
    detail.reload();
    onChanged();
  };
  const manage = c?.canManage && c.awardedBidId === null;
  return (
    <Modal open width={900} title={c?.title ?? '揭榜挂帅'} footer={null} onCancel={onClose}>
      {c ? (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="发榜单位">{c.posterOrgName}</Descriptions.Item>
            <Descriptions.Item label="揭榜期限">
              {c.opensOn} 至 {c.closesOn}{' '}
              {c.challenge ? (
                <Tag color={STATE_COLORS[c.challenge.state]}>{c.challenge.stateLabel}</Tag>
              ) : null}
            </Descriptions.Item>
            <Descriptions.Item label="问题" span={2}>
              {c.description || EMPTY}
            </Descriptions.Item>
            <Descriptions.Item label="揭榜条件" span={2}>
              {c.conditions || EMPTY}
            </Descriptions.Item>
            <Descriptions.Item label="奖励与说明" span={2}>
              {c.reward || EMPTY}
            </Descriptions.Item>
            {c.awardedBidId !== null ? (
              <Descriptions.Item label="挂帅单位" span={2}>
                {c.orgName}（负责人 {c.leadName}）{c.awardReason ? `；理由：${c.awardReason}` : ''}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          {c.canBidFor.length > 0 ? (
            <Button type="primary" onClick={() => setBidding(true)} data-testid="challenge-bid">
              揭榜（提交方案）
            </Button>
          ) : null}
          {c.bidCount > c.bids.length ? (
            <Alert type="info" showIcon title={`共 ${c.bidCount} 个单位揭榜，此处列出本单位的方案`} />
          ) : null}
          <Table<ChallengeBid>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={c.bids}
            locale={{ emptyText: '还没有单位揭榜' }}
            expandable={{
              expandedRowRender: (b) => (
                <Space direction="vertical" size={4}>
                  {b.status === 'withdrawn' ? (
                    <Typography.Text type="warning">撤回理由：{b.withdrawReason}</Typography.Text>
                  ) : null}
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
                    {b.plan}
                  </Typography.Paragraph>
                  {b.milestones.map((m) => (
                    <Typography.Text key={m.title} type="secondary">
                      {m.plannedOn} {m.title}（权重 {m.weight}）
                    </Typography.Text>
                  ))}
                </Space>
              ),
            }}
            columns={[
              {
                title: '揭榜单位',
                ellipsis: true,
                render: (_, b) => (b.teamName ? `${b.orgName}（${b.teamName}）` : b.orgName),
              },
              { title: '负责人', dataIndex: 'leadName', width: 90 },
              { title: '节点', width: 60, render: (_, b) => b.milestones.length },
              {
                title: '评审得分',
                width: 120,
                render: (_, b) =>
                  manage && b.status !== 'withdrawn' ? (
                    <InputNumber
                      size="small"
                      min={0}
                      max={100}
                      precision={0}
                      defaultValue={b.score ?? undefined}
                      onBlur={(e) => {
                        const score = Number(e.target.value);
                        if (e.target.value === '' || score === b.score) return;
                        save(async () => {
                          await api.put(`/challenges/${id}/bids/${b.id}/score`, { score });
                          detail.reload();
                        });
                      }}
                    />
                  ) : (
                    (b.score ?? EMPTY)
                  ),
              },
              {
                title: '状态',
                width: 90,
                render: (_, b) => <Tag color={BID_STATUS_COLORS[b.status]}>{b.statusLabel}</Tag>,
              },
              {
                title: '操作',
                width: 120,
                render: (_, b) => (
                  <Space size={0}>
                    {c.canAward && b.status !== 'withdrawn' ? (
                      <Button size="small" type="link" onClick={() => setAwarding(b)}>
                        定榜
                      </Button>
                    ) : null}
                    {b.canChange ? (
                      <>
                        <Button size="small" type="link" onClick={() => setEditing(b)}>
                          修改
                        </Button>
                        <Button size="small" type="link" danger onClick={() => setWithdrawing(b)}>
                          撤回
                        </Button>
                      </>
                    ) : null}
                  </Space>
                ),
              },
            ]}
          />
          {c.canManage && c.awardedBidId === null && !c.canAward ? (
            <Typography.Text type="secondary">揭榜截止（{c.closesOn}）后可以定榜</Typography.Text>
          ) : null}
        </Space>
      ) : null}
      {(bidding || editing) && c ? (
        <BidForm
          c={c}
          bid={editing ?? undefined}
          onClose={() => {
            setBidding(false);
            setEditing(null);
          }}
          onSaved={() => {
            setBidding(false);
            setEditing(null);
            reload();
          }}
        />
      ) : null}
      {withdrawing ? (
        <ReasonModal
          title={`撤回揭榜方案：${withdrawing.orgName}`}
          okText="撤回"
          note={`撤回后该方案不参与评审和定榜；揭榜截止（${c?.closesOn ?? ''}）前本单位可以重新揭榜。`}
          onClose={() => setWithdrawing(null)}
          submit={async (reason) => {
            await api.post(`/challenges/${id}/bids/${withdrawing.id}/withdraw`, { reason });
            setWithdrawing(null);
            reload();
          }}
        />
      ) : null}
      {awarding && c ? (
        <Modal
          open
          title={`定榜：${awarding.orgName}`}
          okText="确定"
          onCancel={() => setAwarding(null)}
          onOk={() =>
            save(async () => {
              const reason =
                (document.getElementById('award-reason') as HTMLTextAreaElement | null)?.value ?? '';
              await api.post(`/challenges/${id}/award`, { bidId: awarding.id, reason });
              setAwarding(null);
              reload();
            })
          }
        >
          <Typography.Paragraph>
            定榜后该单位成为项目牵头单位，其方案的节点成为项目节点，其他揭榜单位会收到通知。
          </Typography.Paragraph>
          <Input.TextArea
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            rows={3}
            placeholder="理由（所选方案不是评审最高分时必填）"
          />
        </Modal>
      ) : null}
    </Modal>
  );
}

/** 揭榜 (a new bid for one of `c.canBidFor`) or, given `bid`, editing the caller's own bid. */
function BidForm({
  c,
  bid,
  onClose,
  onSaved,
}: {
  c: ChallengeDetail;
  bid?: ChallengeBid | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<Record<string, unknown>>();
  const teams = useGet<{ items: Array<{ id: Id; name: string; orgId: Id; manageable: boolean }> }>(
    '/volunteer-teams',
  );
  const orgId = Form.useWatch('orgId', form);
  return (
    <FormModal<Record<string, unknown>>
      form={form}
      width={720}
      title={bid ? `修改揭榜方案：${c.title}` : `揭榜：${c.title}`}
      okText={bid ? '保存修改' : '提交方案'}
      onClose={onClose}
      initialValues={
        bid
          ? {
              orgId: bid.orgId,
              teamId: bid.teamId ?? undefined,
              plan: bid.plan,
              leadName: bid.leadName,
              milestones: bid.milestones.map((m) => ({ ...m, plannedOn: dayjs(m.plannedOn) })),
            }
          : { orgId: c.canBidFor[0]?.orgId, milestones: [{ weight: 50 }, { weight: 50 }] }
      }
      submit={async (v) => {
        const body = {
          ...(v.teamId ? { teamId: v.teamId } : {}),
          plan: v.plan,
          leadName: v.leadName,
          milestones: (v.milestones as Array<{ title: string; plannedOn: Dayjs; weight: number }>).map(
            (m) => ({
              title: m.title,
              plannedOn: m.plannedOn.format('YYYY-MM-DD'),
              weight: m.weight,
            }),
          ),
        };
        if (bid) await api.put(`/challenges/${c.id}/bids/${bid.id}`, body);
        else await api.post(`/challenges/${c.id}/bids`, { orgId: v.orgId, ...body });
        onSaved();
      }}
    >
      <Form.Item name="orgId" label="揭榜单位" rules={[{ required: true, message: '请选择本单位' }]}>
        <Select
          disabled={bid !== undefined}
          options={
            bid
              ? [{ value: bid.orgId, label: bid.orgName }]
              : c.canBidFor.map((o) => ({ value: o.orgId, label: o.name }))
          }
        />
      </Form.Item>
      <Form.Item name="teamId" label="由本单位的志愿服务队揭榜（可不选）">
        <Select
          allowClear
          options={(teams.data?.items ?? [])
            .filter((t) => t.manageable && t.orgId === orgId)
            .map((t) => ({ value: t.id, label: t.name }))}
        />
      </Form.Item>
      <Form.Item name="plan" label="实施方案" rules={[{ required: true, message: '请填写实施方案' }]}>
        <Input.TextArea rows={4} maxLength={4000} />
      </Form.Item>
      <Form.Item name="leadName" label="项目负责人" rules={[{ required: true, message: '请填写负责人' }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Typography.Text strong>实施节点（权重合计 100）</Typography.Text>
      <MilestoneList />
    </FormModal>
  );
}
