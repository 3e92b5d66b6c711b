import { Button, Checkbox, Input, Select, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { type CaseCategory, type CaseItem, formatTime, RATING_LABELS } from '../../../api/cases';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import { useAuth } from '../../../components/auth';
import { CASE_CHANNELS } from '../../../domain';
import { useFeedback } from '../../feedback';
import { PageContainer } from '../../PageContainer';

const STATES = [
  ['open', '全部在办'],
  ['submitted', '待受理'],
  ['dispatched', '待签收'],
  ['signed', '已签收'],
  ['in_progress', '办理中'],
  ['return_requested', '退单审核'],
  ['suspended', '挂起'],
  ['replied', '已回单'],
  ['visiting', '待回访'],
  ['closed', '办结'],
  ['rejected', '不予受理'],
  ['archived', '已归档'],
] as const;

/** 工单台账: what awaits the caller's unit (overdue first), and every case below the supervising org. */
export default function CasesPage() {
  const { can } = useAuth();
  const { showError } = useFeedback();
  // a figure of 工作台 opens this page on its list: ?tab=todo&overdue=true, ?tab=all&state=open
  const [params] = useSearchParams();
  const [tab, setTab] = useState<'todo' | 'all'>(params.get('tab') === 'all' ? 'all' : 'todo');
  const [filters, setFilters] = useState<Record<string, string | undefined>>(() => ({
    state: params.get('state') ?? 'open',
    overdue: params.get('overdue') === 'true' ? 'true' : undefined,
  }));
  const [page, setPage] = useState(1);
  const categories = useGet<{ items: CaseCategory[] }>('/case-categories');
  const query = {
    ...(tab === 'todo' ? { mine: 'todo', overdue: filters.overdue } : filters),
    page,
    pageSize: 20,
  };
  const list = useGet<{ items: CaseItem[]; total: number }>('/cases', query);
  const set = (k: string, v: string | undefined) => {
    setPage(1);
    setFilters((f) => ({ ...f, [k]: v || undefined }));
  };

  return (
    <PageContainer
      title="工单台账"
      subTitle="超期工单排在最前；时限按工作日计算（含节假日与调休）"
      extra={
        can('case.export') ? (
          <Button
            onClick={() =>
              api.download('/cases/export.xlsx', filters, '工单台账.xlsx').catch((e) => showError(e))
            }
          >
            导出 Excel
          </Button>
        ) : null
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setTab(k as 'todo' | 'all');
          setPage(1);
        }}
        items={[
          { key: 'todo', label: '待我办理' },
          { key: 'all', label: '全部工单' },
        ]}
      />
      {tab === 'todo' ? (
        <Space style={{ marginBottom: 12 }}>
          <Checkbox
            checked={filters.overdue === 'true'}
            onChange={(e) => set('overdue', e.target.checked ? 'true' : undefined)}
          >
            仅看已超期
          </Checkbox>
        </Space>
      ) : null}
      {tab === 'all' ? (
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            placeholder="标题或内容（简繁体均可）"
            allowClear
            onSearch={(v) => set('q', v)}
            style={{ width: 240 }}
          />
          <Select
            style={{ width: 130 }}
            value={filters.state}
            allowClear
            placeholder="状态"
            onChange={(v) => set('state', v)}
            options={STATES.map(([value, label]) => ({ value, label }))}
          />
          <Select
            style={{ width: 160 }}
            allowClear
            placeholder="分类"
            onChange={(v) => set('category', v === undefined ? undefined : String(v))}
            options={categories.data?.items.map((c) => ({ value: c.id, label: c.name }))}
          />
          <Select
            style={{ width: 120 }}
            allowClear
            placeholder="分级"
            onChange={(v) => set('tier', v)}
            options={[
              { value: 'small', label: '小事' },
              { value: 'major', label: '大事' },
              { value: 'hard', label: '难事' },
            ]}
          />
          <Select
            style={{ width: 120 }}
            allowClear
            placeholder="是否超期"
            value={filters.overdue}
            onChange={(v) => set('overdue', v)}
            options={[
              { value: 'true', label: '已超期' },
              { value: 'false', label: '未超期' },
            ]}
          />
          <Select
            style={{ width: 120 }}
            allowClear
            placeholder="评价"
            onChange={(v) => set('rating', v)}
            options={Object.entries(RATING_LABELS).map(([value, label]) => ({ value, label }))}
          />
          <Select
            style={{ width: 140 }}
            allowClear
            placeholder="渠道"
            aria-label="渠道"
            onChange={(v) => set('channel', v)}
            options={Object.entries(CASE_CHANNELS).map(([value, label]) => ({ value, label }))}
          />
        </Space>
      ) : null}
      <Table<CaseItem>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          { title: '编号', dataIndex: 'id', width: 70 },
          {
            title: '标题',
            dataIndex: 'title',
            render: (v: string, r) => (
              <Space>
                <Link to={`/cases/${r.id}`}>{v}</Link>
                {r.overdue ? <Tag color="red">超期</Tag> : null}
                {r.supervisionLevel > 0 ? (
                  <Tag color={r.escalated ? 'magenta' : 'orange'}>{r.supervisionLabel}</Tag>
                ) : null}
              </Space>
            ),
          },
          { title: '分类', dataIndex: 'categoryName', width: 120 },
          { title: '状态', dataIndex: 'stateLabel', width: 90, render: (v: string) => <Tag>{v}</Tag> },
          { title: '所属区域', dataIndex: 'orgName', width: 180, ellipsis: true },
          {
            title: '主办单位',
            dataIndex: 'leadOrgName',
            width: 200,
            ellipsis: true,
            render: (v: string | null) => v ?? '—',
          },
          { title: '办结时限', dataIndex: 'completionDueAt', width: 150, render: formatTime },
          {
            title: '评价',
            dataIndex: 'rating',
            width: 90,
            render: (v: string | null) => (v ? RATING_LABELS[v] : '—'),
          },
          { title: '提交时间', dataIndex: 'createdAt', width: 150, render: formatTime },
        ]}
      />
    </PageContainer>
  );
}
