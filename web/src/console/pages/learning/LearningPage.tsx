import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { MATERIAL_KINDS } from '@honglian/domain';
import {
  Button,
  Card,
  DatePicker,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Progress,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../../api/client';
import { useDebounced, useGet } from '../../../api/hooks';
import {
  COMPLETION_STATE,
  type CompletionState,
  type LearningAssignment,
  type LearningAssignmentDetail,
  type LearningMaterial,
  type LearningTopic,
} from '../../../api/learning';
import type { Id } from '../../../api/types';
import { formatDate, formatDateTime } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { useFeedback, useSave } from '../../feedback';
import { PageContainer } from '../../PageContainer';
import { MemberSelect } from '../development/shared';

/**
 * 学习资料: topics and materials the caller's organizations publish, assignments to an organization's
 * members with their due dates, and each assignment's completion per member and per branch, exported.
 */
export default function LearningPage() {
  const [tab, setTab] = useState('assignments');
  const [assigning, setAssigning] = useState<LearningMaterial | null>(null);
  const [tick, setTick] = useState(0);
  return (
    <PageContainer
      title="学习资料"
      subTitle="发布学习资料、按专题组织，布置给党组织的党员，跟踪谁学完了、谁还没学"
    >
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'assignments', label: '学习任务', children: <Assignments key={tick} /> },
          { key: 'materials', label: '学习资料', children: <Materials onAssign={setAssigning} /> },
          { key: 'topics', label: '学习专题', children: <Topics /> },
        ]}
      />
      {assigning ? (
        <AssignModal
          material={assigning}
          onClose={() => setAssigning(null)}
          onDone={() => {
            setAssigning(null);
            setTick((n) => n + 1);
            setTab('assignments');
          }}
        />
      ) : null}
    </PageContainer>
  );
}

function Assignments() {
  const list = useGet<{ items: LearningAssignment[] }>('/learning/assignments');
  const [open, setOpen] = useState<Id | null>(null);
  return (
    <Card size="small">
      <Table<LearningAssignment>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={list.error?.userMessage ?? '还没有布置学习任务'} /> }}
        columns={[
          {
            title: '学习任务',
            dataIndex: 'title',
            render: (_, a) => (
              <a onClick={() => setOpen(a.id)} data-testid="learning-assignment-link">
                {a.title}
              </a>
            ),
          },
          { title: '布置给', dataIndex: 'orgName', width: 220, ellipsis: true },
          {
            title: '截止日期',
            width: 150,
            render: (_, a) => (
              <Space size={4}>
                {formatDate(a.dueOn)}
                {a.dueProvisional ? <Tag>暂定</Tag> : null}
                {a.status === 'withdrawn' ? (
                  <Tag>已撤回</Tag>
                ) : a.overdue ? (
                  <Tag color="red">已到期</Tag>
                ) : null}
              </Space>
            ),
          },
          { title: '应学', dataIndex: 'reached', width: 70 },
          { title: '已完成', dataIndex: 'finished', width: 80 },
          {
            title: '完成率',
            width: 160,
            render: (_, a) => <Progress percent={a.rate} size="small" format={(p) => `${p}%`} />,
          },
        ]}
      />
      {open !== null ? (
        <AssignmentDrawer id={open} onClose={() => setOpen(null)} onChanged={list.reload} />
      ) : null}
    </Card>
  );
}

function AssignmentDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: Id;
  onClose: () => void;
  onChanged: () => void;
}) {
  const detail = useGet<LearningAssignmentDetail>(`/learning/assignments/${id}`);
  const [state, setState] = useState<CompletionState | 'unfinished' | undefined>();
  const { message, showError } = useFeedback();
  const a = detail.data;
  const members = (a?.members ?? []).filter((m) =>
    state === undefined ? true : state === 'unfinished' ? !m.finishedAt : m.state === state,
  );
  return (
    <Drawer
      open
      width={860}
      title={a ? `${a.title}：完成情况` : '完成情况'}
      onClose={onClose}
      extra={
        a ? (
          <Space>
            <Button
              icon={<DownloadOutlined />}
              onClick={() =>
                api
                  .download(`/learning/assignments/${id}/export`, undefined, '学习完成情况.xlsx')
                  .catch(showError)
              }
            >
              导出 Excel
            </Button>
            {a.status === 'active' ? (
              <Popconfirm
                title="撤回该学习任务？党员将不再看到它，已有的学习记录保留。"
                onConfirm={() =>
                  api
                    .post(`/learning/assignments/${id}/withdraw`)
                    .then(() => {
                      message.success('已撤回');
                      detail.reload();
                      onChanged();
                    })
                    .catch(showError)
                }
              >
                <Button danger>撤回</Button>
              </Popconfirm>
            ) : null}
          </Space>
        ) : null
      }
    >
      {a ? (
        <>
          <p data-testid="learning-completion-summary">
            {a.orgName} · 布置于 {formatDate(a.assignedOn)} · 截止 {formatDate(a.dueOn)}
            {a.dueProvisional ? '（暂定：跨越节假日尚未公布的年份）' : ''} · 应学 {a.reached} 人，已完成{' '}
            {a.finished} 人（{a.rate}%）
          </p>
          {a.note ? <p>说明：{a.note}</p> : null}
          <Card size="small" title="各支部完成率" style={{ marginBottom: 12 }}>
            <Table
              size="small"
              rowKey="orgId"
              dataSource={a.branches}
              pagination={false}
              columns={[
                { title: '党组织', dataIndex: 'orgName' },
                { title: '应学', dataIndex: 'reached', width: 80 },
                { title: '已完成', dataIndex: 'finished', width: 80 },
                { title: '完成率', width: 160, render: (_, b) => <Progress percent={b.rate} size="small" /> },
              ]}
            />
          </Card>
          <Card
            size="small"
            title="党员完成情况"
            extra={
              <Radio.Group
                size="small"
                value={state ?? 'all'}
                onChange={(e) => setState(e.target.value === 'all' ? undefined : e.target.value)}
                options={[
                  { value: 'all', label: '全部' },
                  { value: 'unfinished', label: '未完成' },
                  { value: 'overdue', label: '逾期未完成' },
                  { value: 'on_time', label: '按期完成' },
                ]}
                optionType="button"
              />
            }
          >
            <Table
              size="small"
              rowKey="memberId"
              dataSource={members}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              data-testid="learning-completion-members"
              columns={[
                { title: '姓名', dataIndex: 'name', width: 100 },
                { title: '所在党组织', dataIndex: 'orgName', ellipsis: true },
                {
                  title: '完成情况',
                  width: 110,
                  render: (_, m) => (
                    <Tag color={COMPLETION_STATE[m.state].color}>{COMPLETION_STATE[m.state].label}</Tag>
                  ),
                },
                { title: '进度', width: 90, render: (_, m) => `${m.progress}%` },
                { title: '学习时长', width: 90, render: (_, m) => `${m.minutes} 分钟` },
                { title: '完成时间', width: 160, render: (_, m) => formatDateTime(m.finishedAt) },
              ]}
            />
          </Card>
        </>
      ) : (
        <Empty description={detail.error?.userMessage ?? '加载中'} />
      )}
    </Drawer>
  );
}

function Materials({ onAssign }: { onAssign: (m: LearningMaterial) => void }) {
  const [q, setQ] = useState('');
  const [view, setView] = useState<'manage' | 'read'>('manage');
  const query = useDebounced(q);
  const list = useGet<{ items: LearningMaterial[]; total: number }>('/learning/materials', {
    view,
    q: query || undefined,
    pageSize: 100,
  });
  const [creating, setCreating] = useState(false);
  const { message, showError } = useFeedback();
  return (
    <Card
      size="small"
      title={
        <Space>
          <Radio.Group
            size="small"
            value={view}
            onChange={(e) => setView(e.target.value)}
            optionType="button"
            options={[
              { value: 'manage', label: '本组织发布的' },
              { value: 'read', label: '全部可用的（含上级和全国）' },
            ]}
          />
          <Input.Search
            allowClear
            placeholder="搜索标题和正文（简繁体均可）"
            style={{ width: 280 }}
            onChange={(e) => setQ(e.target.value)}
          />
        </Space>
      }
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          发布资料
        </Button>
      }
    >
      <Table<LearningMaterial>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={list.error?.userMessage ?? '没有学习资料'} /> }}
        columns={[
          {
            title: '标题',
            dataIndex: 'title',
            render: (_, m) =>
              m.url ? (
                <a href={m.url} target="_blank" rel="noreferrer noopener">
                  {m.title}
                </a>
              ) : (
                m.title
              ),
          },
          { title: '类型', width: 90, render: (_, m) => <Tag>{m.kindLabel}</Tag> },
          { title: '专题', dataIndex: 'topicName', width: 140, ellipsis: true },
          { title: '发布单位', dataIndex: 'orgName', width: 200, ellipsis: true },
          { title: '发布日期', dataIndex: 'publishedOn', width: 110 },
          { title: '时长', width: 80, render: (_, m) => `${m.estimatedMinutes} 分钟` },
          {
            title: '操作',
            width: 150,
            render: (_, m) =>
              m.status === 'withdrawn' ? (
                <Tag>已撤回</Tag>
              ) : (
                <Space>
                  <a onClick={() => onAssign(m)}>布置学习</a>
                  {m.manageable ? (
                    <Popconfirm
                      title="撤回该资料？"
                      onConfirm={() =>
                        api
                          .post(`/learning/materials/${m.id}/withdraw`)
                          .then(() => {
                            message.success('已撤回');
                            list.reload();
                          })
                          .catch(showError)
                      }
                    >
                      <a>撤回</a>
                    </Popconfirm>
                  ) : null}
                </Space>
              ),
          },
        ]}
      />
      {creating ? (
        <MaterialModal
          onClose={() => setCreating(false)}
          onDone={() => {
            setCreating(false);
            list.reload();
          }}
        />
      ) : null}
    </Card>
  );
}

interface MaterialForm {
  orgId: Id;
  topicId?: Id;
  kind: keyof typeof MATERIAL_KINDS;
  title: string;
  body?: string;
  url?: string;
  source?: string;
  estimatedMinutes: number;
}

function MaterialModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<MaterialForm>();
  const { saving, save, message } = useSave(form);
  const topics = useGet<{ items: LearningTopic[] }>('/learning/topics');
  const kind = Form.useWatch('kind', form);
  return (
    <Modal
      open
      width={720}
      title="发布学习资料"
      okText="发布"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'article', estimatedMinutes: 10 }}
        onFinish={(v) =>
          save(async () => {
            await api.post('/learning/materials', {
              ...v,
              title: v.title.trim(),
              url: v.url?.trim() || undefined,
              body: v.body ?? '',
            });
            message.success('资料已发布');
            onDone();
          })
        }
      >
        <Form.Item name="orgId" label="发布单位" rules={[{ required: true, message: '请选择发布单位' }]}>
          <OrgTreeSelect />
        </Form.Item>
        <Space style={{ display: 'flex' }} align="start">
          <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
            <Radio.Group
              options={Object.entries(MATERIAL_KINDS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="topicId" label="专题">
            <Select
              allowClear
              style={{ width: 220 }}
              options={(topics.data?.items ?? []).map((t) => ({
                value: t.id,
                label: `${t.name}（${t.orgName}）`,
              }))}
            />
          </Form.Item>
          <Form.Item name="estimatedMinutes" label="预计学习时长（分钟）" rules={[{ required: true }]}>
            <InputNumber min={1} max={600} />
          </Form.Item>
        </Space>
        <Form.Item
          name="title"
          label="标题"
          rules={[{ required: true, whitespace: true, message: '请填写标题' }]}
        >
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item
          name="url"
          label={kind === 'video' ? '视频链接' : '原文链接'}
          rules={kind === 'video' ? [{ required: true, message: '视频链接类资料必须填写链接地址' }] : []}
        >
          <Input placeholder="https://" maxLength={1000} />
        </Form.Item>
        <Form.Item name="source" label="来源">
          <Input maxLength={100} placeholder="如：共产党员网" />
        </Form.Item>
        <Form.Item
          name="body"
          label="正文"
          extra="请填写本组织自行撰写的摘要或提纲；有版权的全文请只填原文链接。"
        >
          <Input.TextArea rows={8} maxLength={20000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AssignModal({
  material,
  onClose,
  onDone,
}: {
  material: LearningMaterial;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{
    orgId: Id;
    memberIds?: Id[];
    by: 'workdays' | 'date';
    workdays?: number;
    dueOn?: Dayjs;
    note?: string;
  }>();
  const { saving, save, message } = useSave(form);
  const by = Form.useWatch('by', form);
  return (
    <Modal
      open
      title={`布置学习：${material.title}`}
      okText="布置"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ by: 'workdays', workdays: 10 }}
        onFinish={(v) =>
          save(async () => {
            await api.post('/learning/assignments', {
              orgId: v.orgId,
              materialId: material.id,
              ...(v.memberIds?.length ? { memberIds: v.memberIds } : {}),
              note: v.note ?? '',
              ...(v.by === 'workdays' ? { workdays: v.workdays } : { dueOn: v.dueOn?.format('YYYY-MM-DD') }),
            });
            message.success('已布置，党员将在手机“学习”中看到');
            onDone();
          })
        }
      >
        <Form.Item name="orgId" label="布置给党组织" rules={[{ required: true, message: '请选择党组织' }]}>
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item
          name="memberIds"
          label="指定党员（可选）"
          extra="不选则布置给该党组织及下级组织的全体正式党员和预备党员；所选党员须在该党组织之内"
        >
          <MemberSelect mode="multiple" placeholder="输入姓名、拼音搜索，可选多人" />
        </Form.Item>
        <Form.Item name="by" label="完成时限">
          <Radio.Group
            options={[
              { value: 'workdays', label: '工作日天数（按工作日历，含调休）' },
              { value: 'date', label: '截止日期' },
            ]}
          />
        </Form.Item>
        {by === 'date' ? (
          <Form.Item name="dueOn" label="截止日期" rules={[{ required: true, message: '请选择截止日期' }]}>
            <DatePicker />
          </Form.Item>
        ) : (
          <Form.Item name="workdays" label="工作日" rules={[{ required: true, message: '请填写工作日天数' }]}>
            <InputNumber min={1} max={120} addonAfter="个工作日" />
          </Form.Item>
        )}
        <Form.Item name="note" label="说明">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Topics() {
  const topics = useGet<{ items: LearningTopic[] }>('/learning/topics');
  const [form] = Form.useForm<{ orgId: Id; name: string; description?: string }>();
  const { saving, save, message } = useSave(form);
  return (
    <Card size="small">
      <Form
        form={form}
        layout="inline"
        style={{ marginBottom: 12 }}
        onFinish={(v) =>
          save(async () => {
            await api.post('/learning/topics', { ...v, name: v.name.trim() });
            message.success('专题已新建');
            form.resetFields(['name', 'description']);
            topics.reload();
          })
        }
      >
        <Form.Item name="orgId" rules={[{ required: true, message: '请选择党组织' }]}>
          <OrgTreeSelect style={{ width: 260 }} />
        </Form.Item>
        <Form.Item name="name" rules={[{ required: true, whitespace: true, message: '请填写专题名称' }]}>
          <Input placeholder="专题名称" maxLength={60} />
        </Form.Item>
        <Form.Item name="description">
          <Input placeholder="说明" maxLength={500} style={{ width: 260 }} />
        </Form.Item>
        <Button htmlType="submit" loading={saving} icon={<PlusOutlined />}>
          新建专题
        </Button>
      </Form>
      <Table<LearningTopic>
        size="small"
        rowKey="id"
        loading={topics.loading}
        dataSource={topics.data?.items ?? []}
        pagination={false}
        columns={[
          { title: '专题', dataIndex: 'name', width: 220 },
          { title: '说明', dataIndex: 'description' },
          { title: '维护单位', dataIndex: 'orgName', width: 220 },
          { title: '资料数', dataIndex: 'materialCount', width: 80 },
        ]}
      />
    </Card>
  );
}
