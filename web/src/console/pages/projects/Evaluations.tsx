import { PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type {
  ProjectEvaluation,
  ProjectEvaluationDetail,
  ProjectEvaluationEntry,
} from '../../../api/projects';
import type { Id } from '../../../api/types';
import { useAuth } from '../../../components/auth';
import { todayInChina } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { useFeedback, useSave } from '../../feedback';
import { AheadTag } from './ScheduleBar';

/**
 * 年终评比 (seed 001: "年终有评比"): the evaluations the caller reads; an organization's administrators
 * open one (its top-level projects, figures as of the year's end), score each project as judges and
 * decide. The ranking weights the measured result (实绩) against the judges' mean (评委平均分).
 */
export function Evaluations() {
  const { can } = useAuth();
  const list = useGet<{ items: ProjectEvaluation[]; total: number }>('/project-evaluations');
  const [open, setOpen] = useState<Id | null>(null);
  const [creating, setCreating] = useState(false);
  return (
    <Card
      size="small"
      title="年终评比"
      style={{ marginTop: 16 }}
      extra={
        can('project.manage') ? (
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            开展评比
          </Button>
        ) : null
      }
    >
      <Table<ProjectEvaluation>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="暂无评比" /> }}
        columns={[
          {
            title: '评比',
            dataIndex: 'title',
            render: (v: string, r) => <Typography.Link onClick={() => setOpen(r.id)}>{v}</Typography.Link>,
          },
          { title: '组织', dataIndex: 'orgName' },
          { title: '年度', dataIndex: 'year', width: 80 },
          { title: '参评项目', dataIndex: 'entryCount', width: 90, align: 'right' },
          { title: '实绩占比', dataIndex: 'measuredWeight', width: 90, render: (v: number) => `${v}%` },
          {
            title: '状态',
            dataIndex: 'statusLabel',
            width: 90,
            render: (v: string, r) => <Tag color={r.status === 'decided' ? 'green' : 'processing'}>{v}</Tag>,
          },
        ]}
      />
      {open !== null ? (
        <EvaluationDrawer id={open} onClose={() => setOpen(null)} onChanged={list.reload} />
      ) : null}
      {creating ? (
        <CreateEvaluation
          onClose={() => setCreating(false)}
          onDone={(id) => {
            setCreating(false);
            list.reload();
            setOpen(id);
          }}
        />
      ) : null}
    </Card>
  );
}

function CreateEvaluation({ onClose, onDone }: { onClose: () => void; onDone: (id: Id) => void }) {
  const [form] = Form.useForm<{ orgId: Id; year: number; title: string; measuredWeight: number }>();
  const { save, saving } = useSave(form);
  const year = todayInChina().year();
  return (
    <Modal
      open
      title="开展年终评比"
      okText="开展"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ year, measuredWeight: 40, title: `${year}年度书记领航项目评比` }}
        onFinish={(v) =>
          void save(async () => {
            const created = await api.post<ProjectEvaluationDetail>('/project-evaluations', v);
            onDone(created.id);
          })
        }
      >
        <Form.Item
          name="orgId"
          label="组织（本组织及下级牵头的顶层项目参评）"
          rules={[{ required: true, message: '请选择组织' }]}
        >
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item name="title" label="评比名称" rules={[{ required: true, message: '请输入评比名称' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Space>
          <Form.Item name="year" label="年度">
            <InputNumber min={2000} max={2100} precision={0} />
          </Form.Item>
          <Form.Item
            name="measuredWeight"
            label="实绩占比（%）"
            tooltip="总分 = 实绩占比 × 实际进度 + 其余 × 评委平均分"
          >
            <InputNumber min={0} max={100} precision={0} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function EvaluationDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: Id;
  onClose: () => void;
  onChanged: () => void;
}) {
  const detail = useGet<ProjectEvaluationDetail>(`/project-evaluations/${id}`);
  const { showError, message } = useFeedback();
  const [drafts, setDrafts] = useState<Record<Id, number | null>>({});
  const e = detail.data;

  const score = async (entry: ProjectEvaluationEntry) => {
    const value = drafts[entry.projectId];
    if (value === null || value === undefined) return;
    try {
      await api.put(`/project-evaluations/${id}/scores/${entry.projectId}`, { score: value });
      message.success(`已为“${entry.title}”评分 ${value}`);
      detail.reload();
    } catch (error) {
      showError(error);
    }
  };
  const decide = async () => {
    try {
      await api.post(`/project-evaluations/${id}/decide`);
      message.success('已评定，名次不再变动');
      detail.reload();
      onChanged();
    } catch (error) {
      showError(error);
    }
  };

  return (
    <Drawer
      open
      width={1080}
      title={e ? `${e.title}（${e.orgName}）` : '年终评比'}
      onClose={onClose}
      extra={
        e?.canJudge ? (
          <Popconfirm title="评定后名次冻结，不能再评分。确定评定？" onConfirm={() => void decide()}>
            <Button type="primary">评定</Button>
          </Popconfirm>
        ) : null
      }
    >
      {e ? (
        <Typography.Paragraph type="secondary">
          实际进度取 {e.asOf}；总分 = {e.measuredWeight}% × 实际进度 + {100 - e.measuredWeight}% ×
          评委平均分； 总分相同的按超时序排列，仍相同的名次并列。
          {e.status === 'decided' ? `已于 ${e.decidedAt?.slice(0, 10)} 由 ${e.decidedBy} 评定。` : ''}
        </Typography.Paragraph>
      ) : null}
      <Table<ProjectEvaluationEntry>
        size="small"
        rowKey="projectId"
        loading={detail.loading}
        dataSource={e?.entries ?? []}
        pagination={false}
        columns={[
          { title: '名次', dataIndex: 'rank', width: 60, render: (v: number | null) => v ?? '待评分' },
          { title: '项目', dataIndex: 'title', ellipsis: true },
          { title: '牵头党组织', dataIndex: 'orgName', width: 180, ellipsis: true },
          { title: '实际进度', dataIndex: 'progress', width: 90, render: (v: number) => `${v}%` },
          {
            title: '超时序/滞后',
            dataIndex: 'aheadPoints',
            width: 110,
            render: (v: number) => <AheadTag aheadPoints={v} label="按时序" />,
          },
          {
            title: '评委平均分',
            dataIndex: 'judgesMean',
            width: 110,
            render: (v: number | null, r) => (
              <Tooltip
                title={
                  r.scores
                    .map((s) => `${s.judgeName}：${s.score}${s.comment ? `（${s.comment}）` : ''}`)
                    .join('；') || '尚无评分'
                }
              >
                {v === null ? '—' : `${v}（${r.scoreCount} 人）`}
              </Tooltip>
            ),
          },
          {
            title: '总分',
            dataIndex: 'total',
            width: 80,
            render: (v: number | null) => (v === null ? '—' : v),
          },
          ...(e?.canJudge
            ? [
                {
                  title: '我的评分',
                  width: 180,
                  render: (_: unknown, r: ProjectEvaluationEntry) => (
                    <Space.Compact>
                      <InputNumber
                        aria-label={`为${r.title}评分`}
                        min={0}
                        max={100}
                        precision={0}
                        value={drafts[r.projectId] ?? r.myScore}
                        onChange={(v) => setDrafts((d) => ({ ...d, [r.projectId]: v }))}
                        style={{ width: 80 }}
                      />
                      <Button onClick={() => void score(r)}>保存</Button>
                    </Space.Compact>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Drawer>
  );
}
