import { RedoOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Empty,
  Row,
  Segmented,
  Select,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { Id, JobItem, JobPage, JobSchedule, JobState } from '../../../api/types';
import { useAuth } from '../../../components/auth';
import { EMPTY, formatDateTime } from '../../../components/format';
import { useFeedback } from '../../feedback';
import { PageContainer } from '../../PageContainer';

export const JOB_STATES: { value: JobState; label: string; color: string }[] = [
  { value: 'queued', label: '排队中', color: 'default' },
  { value: 'running', label: '运行中', color: 'processing' },
  { value: 'done', label: '已完成', color: 'success' },
  { value: 'failed', label: '失败', color: 'error' },
];

const stateOf = (s: JobState) => JOB_STATES.find((x) => x.value === s);

/** `every` may be seconds, an ISO 8601 duration, a cron line or a sentence: say it in Chinese where we can. */
export function describeEvery(every: string | number): string {
  const text = String(every);
  const seconds = /^\d+$/.test(text) ? Number(text) : null;
  if (seconds !== null) {
    if (seconds % 86400 === 0) return `每 ${seconds / 86400} 天`;
    if (seconds % 3600 === 0) return `每 ${seconds / 3600} 小时`;
    if (seconds % 60 === 0) return `每 ${seconds / 60} 分钟`;
    return `每 ${seconds} 秒`;
  }
  const short = /^(\d+)\s*(s|m|h|d)$/i.exec(text);
  if (short) {
    const unit = { s: '秒', m: '分钟', h: '小时', d: '天' }[short[2]!.toLowerCase() as 's' | 'm' | 'h' | 'd'];
    return `每 ${short[1]} ${unit}`;
  }
  return text;
}

function JsonBlock({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="hl-muted">无参数</span>;
  return <pre className="hl-pre">{JSON.stringify(value, null, 2)}</pre>;
}

/** 后台任务: the durable job queue (reminders, sweeps, exports) and the schedules that feed it. */
export default function JobsPage() {
  const { can } = useAuth();
  const { message, showError } = useFeedback();
  const [state, setState] = useState<JobState | 'all'>('all');
  const [name, setName] = useState<string>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [retrying, setRetrying] = useState<Id | null>(null);

  const jobs = useGet<JobPage>('/jobs', { state: state === 'all' ? undefined : state, name, page, pageSize });
  const schedules = useGet<{ items: JobSchedule[] }>('/jobs/schedules');
  const counts = jobs.data?.counts;

  const retry = async (job: JobItem) => {
    setRetrying(job.id);
    try {
      await api.post(`/jobs/${job.id}/retry`);
      message.success(`已重新排队：${job.nameLabel}`);
      jobs.reload();
    } catch (err) {
      showError(err);
    } finally {
      setRetrying(null);
    }
  };

  const nameOptions = (schedules.data?.items ?? []).map((s) => ({ value: s.name, label: s.nameLabel }));
  for (const job of jobs.data?.items ?? []) {
    if (!nameOptions.some((o) => o.value === job.name))
      nameOptions.push({ value: job.name, label: job.nameLabel });
  }

  return (
    <PageContainer
      title="后台任务"
      subTitle="提醒、合规检查、导出等在后台执行的任务；失败的任务会自动重试"
      extra={
        <Button
          icon={<ReloadOutlined />}
          onClick={() => {
            jobs.reload();
            schedules.reload();
          }}
        >
          刷新
        </Button>
      }
    >
      <div className="hl-stack">
        <Row gutter={[12, 12]}>
          {JOB_STATES.map((s) => (
            <Col key={s.value} xs={12} md={6}>
              <Card
                size="small"
                hoverable
                onClick={() => {
                  setState(s.value);
                  setPage(1);
                }}
                className={state === s.value ? 'hl-stat-active' : undefined}
              >
                <Statistic
                  title={s.label}
                  value={counts ? counts[s.value] : '—'}
                  loading={jobs.loading && !counts}
                  styles={
                    s.value === 'failed' && counts?.failed ? { content: { color: '#c8161d' } } : undefined
                  }
                />
              </Card>
            </Col>
          ))}
        </Row>

        <Card size="small" title="任务列表">
          <div className="hl-toolbar">
            <Segmented<JobState | 'all'>
              value={state}
              onChange={(v) => {
                setState(v);
                setPage(1);
              }}
              options={[
                { value: 'all', label: '全部' },
                ...JOB_STATES.map((s) => ({ value: s.value, label: s.label })),
              ]}
              aria-label="任务状态"
            />
            <Select
              allowClear
              placeholder="任务类型"
              aria-label="任务类型"
              style={{ width: 220 }}
              value={name}
              options={nameOptions}
              onChange={(v: string | undefined) => {
                setName(v);
                setPage(1);
              }}
            />
          </div>
          <Table<JobItem>
            size="small"
            rowKey="id"
            loading={jobs.loading}
            dataSource={jobs.data?.items ?? []}
            scroll={{ x: 1100 }}
            expandable={{
              expandedRowRender: (job) => (
                <div className="hl-stack">
                  <div>
                    <Typography.Text strong>任务参数</Typography.Text>
                    <JsonBlock value={job.payload} />
                  </div>
                  {job.lastError ? (
                    <div>
                      <Typography.Text strong type="danger">
                        最近一次错误
                      </Typography.Text>
                      <pre className="hl-pre">{job.lastError}</pre>
                    </div>
                  ) : null}
                </div>
              ),
            }}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={jobs.error ? jobs.error.userMessage : '暂无后台任务'}
                />
              ),
            }}
            pagination={{
              current: page,
              pageSize,
              total: jobs.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => `共 ${total} 个任务`,
              onChange: (p, s) => {
                setPage(s === pageSize ? p : 1);
                setPageSize(s);
              },
            }}
            columns={[
              {
                title: '任务',
                dataIndex: 'nameLabel',
                render: (v: string, r) => (
                  <Tooltip title={r.name}>
                    <span>{v || r.name}</span>
                  </Tooltip>
                ),
              },
              {
                title: '状态',
                dataIndex: 'state',
                width: 90,
                render: (s: JobState) => <Tag color={stateOf(s)?.color}>{stateOf(s)?.label ?? s}</Tag>,
              },
              {
                title: '尝试次数',
                key: 'attempts',
                width: 90,
                align: 'right',
                render: (_: unknown, r) => `${r.attempts} / ${r.maxAttempts}`,
              },
              { title: '计划执行', dataIndex: 'runAt', width: 140, render: formatDateTime },
              { title: '开始', dataIndex: 'startedAt', width: 140, render: formatDateTime },
              { title: '结束', dataIndex: 'finishedAt', width: 140, render: formatDateTime },
              {
                title: '错误',
                dataIndex: 'lastError',
                width: 220,
                ellipsis: { showTitle: false },
                render: (v: string | null) =>
                  v ? (
                    <Tooltip title={v} placement="topLeft">
                      <Typography.Text type="danger">{v}</Typography.Text>
                    </Tooltip>
                  ) : (
                    EMPTY
                  ),
              },
              ...(can('job.manage')
                ? [
                    {
                      title: '操作',
                      key: 'actions',
                      width: 90,
                      render: (_: unknown, r: JobItem) =>
                        r.state === 'failed' ? (
                          <Button
                            type="link"
                            size="small"
                            icon={<RedoOutlined />}
                            loading={retrying === r.id}
                            onClick={() => retry(r)}
                          >
                            重试
                          </Button>
                        ) : null,
                    },
                  ]
                : []),
            ]}
          />
        </Card>

        <Card size="small" title="定时任务">
          <Table<JobSchedule>
            size="small"
            rowKey="name"
            loading={schedules.loading}
            dataSource={schedules.data?.items ?? []}
            pagination={false}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={schedules.error ? schedules.error.userMessage : '暂无定时任务'}
                />
              ),
            }}
            columns={[
              {
                title: '任务',
                dataIndex: 'nameLabel',
                width: 200,
                render: (v: string, r) => (
                  <Tooltip title={r.name}>
                    <span>{v || r.name}</span>
                  </Tooltip>
                ),
              },
              { title: '执行周期', dataIndex: 'every', width: 140, render: describeEvery },
              { title: '说明', dataIndex: 'description', render: (v: string | null) => v ?? EMPTY },
              { title: '上次执行', dataIndex: 'lastRunAt', width: 150, render: formatDateTime },
              { title: '下次执行', dataIndex: 'nextRunAt', width: 150, render: formatDateTime },
            ]}
          />
        </Card>
      </div>
    </PageContainer>
  );
}
