import { Alert, Card, Col, Row, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { Measure, MeasuresAnswer } from '../../../api/cases';
import { useGet } from '../../../api/hooks';
import { Chart } from '../../Chart';
import { PageContainer } from '../../PageContainer';

const pct = (m: Measure | undefined) => (m && m.value !== null ? `${(m.value * 100).toFixed(1)}%` : '—');

/** 统计: the honest measures by unit, category or month, each with its definition next to it. */
export default function StatsPage() {
  // 工作台's case figures open this page on one organization and month: ?org=…&from=…&to=…&by=…
  const [params, setParams] = useSearchParams();
  const initialBy = params.get('by');
  const [by, setBy] = useState<'unit' | 'category' | 'month'>(
    initialBy === 'unit' || initialBy === 'month' ? initialBy : 'category',
  );
  const org = params.get('org') ?? undefined;
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const orgName = useGet<{ name: string }>(org ? `/orgs/${org}` : null).data?.name;
  const { data, loading, error } = useGet<MeasuresAnswer>('/cases/measures', { by, orgId: org, from, to });
  const keys = data?.total.map((m) => m.key) ?? [];
  const option = data
    ? {
        tooltip: { trigger: 'axis' },
        legend: { data: ['按时办结率', '满意率', '一次办结率'], top: 0 },
        grid: { left: 48, right: 20, top: 40, bottom: 60 },
        xAxis: { type: 'category', data: data.groups.map((g) => g.name), axisLabel: { rotate: 20 } },
        yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        series: ['onTime', 'satisfaction', 'firstTime'].map((k) => ({
          name: data.total.find((m) => m.key === k)?.label,
          type: 'bar',
          data: data.groups.map((g) => {
            const m = g.measures.find((x) => x.key === k);
            return m?.value === null || !m ? null : Math.round(m.value * 1000) / 10;
          }),
        })),
      }
    : undefined;
  // open cases count in the table, but a rate needs closed or rated cases: no bar to draw yet
  const plotted = option?.series.some((x) => x.data.some((v) => v !== null)) ?? false;
  return (
    <PageContainer
      title="工单统计"
      extra={
        <Segmented
          value={by}
          onChange={(v) => setBy(v as typeof by)}
          options={[
            { value: 'category', label: '按分类' },
            { value: 'unit', label: '按主办单位' },
            { value: 'month', label: '按月份' },
          ]}
        />
      }
    >
      {error ? <Alert type="error" showIcon title="统计数据加载失败" description={error.message} /> : null}
      {org || from || to ? (
        <Space style={{ marginBottom: 12 }}>
          <Tag
            closable
            onClose={() => setParams(new URLSearchParams(), { replace: true })}
            data-testid="stats-range"
          >
            {org ? `${orgName ?? '…'}（含下级）` : '全部'}
            {from || to ? `，登记日期 ${from ?? '…'} 至 ${to ?? '…'}` : ''}
          </Tag>
        </Space>
      ) : null}
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {data?.total.map((m) => (
          <Col key={m.key} xs={24} sm={12} md={8} lg={6}>
            <Card size="small" loading={loading}>
              <Statistic title={m.label} value={pct(m)} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {m.numerator} / {m.denominator}。{m.definition}
              </Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Chart
          option={option}
          empty={data !== undefined && !plotted}
          emptyText={
            data?.groups.length
              ? '还没有办结或评价的工单，按时办结率、满意率和一次办结率暂时无法计算'
              : '所选范围内还没有工单，办结后这里显示各项指标'
          }
          height={320}
        />
      </Card>
      <Table
        rowKey="key"
        size="small"
        loading={loading}
        pagination={false}
        dataSource={data?.groups ?? []}
        columns={[
          { title: by === 'unit' ? '主办单位' : by === 'category' ? '分类' : '月份', dataIndex: 'name' },
          { title: '件数', dataIndex: 'cases', width: 70 },
          ...keys.map((k) => ({
            title: data?.total.find((m) => m.key === k)?.label,
            key: k,
            render: (_: unknown, g: MeasuresAnswer['groups'][number]) =>
              pct(g.measures.find((m) => m.key === k)),
          })),
        ]}
      />
    </PageContainer>
  );
}
