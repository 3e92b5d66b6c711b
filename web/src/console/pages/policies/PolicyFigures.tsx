import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Row, Space, Statistic, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { PolicyFigures } from '../../../api/policies';
import { Chart } from '../../Chart';
import { useFeedback } from '../../feedback';

const pct = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 1000) / 10}%` : '—');

const SERIES = [
  ['newlyEligible', '新符合'],
  ['sent', '推送'],
  ['read', '已读'],
  ['applied', '推送后申报'],
  ['applications', '申报'],
  ['granted', '获批'],
] as const;

/**
 * 推送与申报统计 (decision 0023): the funnel over the enterprises of the caller's scope, from a policy
 * match to a grant, by month as a chart and by policy as a table; exported to Excel as the server
 * computes it.
 */
export function PolicyFiguresTab() {
  const { showError } = useFeedback();
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const query = range ? { from: range[0].format('YYYY-MM'), to: range[1].format('YYYY-MM') } : {};
  const { data, loading, error } = useGet<PolicyFigures>('/policies/figures', query);
  const option = data
    ? {
        tooltip: { trigger: 'axis' },
        legend: { data: SERIES.map(([, label]) => label), top: 0 },
        grid: { left: 48, right: 20, top: 40, bottom: 30 },
        xAxis: { type: 'category', data: data.byMonth.map((m) => m.month) },
        yAxis: { type: 'value', minInterval: 1 },
        series: SERIES.map(([key, label]) => ({
          name: label,
          type: 'bar',
          data: data.byMonth.map((m) => m[key]),
        })),
      }
    : undefined;
  const t = data?.total;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Space wrap>
        <DatePicker.RangePicker
          picker="month"
          value={range}
          onChange={(v) => setRange(v?.[0] && v[1] ? [v[0], v[1]] : null)}
          placeholder={['起始月份', '截止月份']}
        />
        <Button
          icon={<DownloadOutlined />}
          onClick={() =>
            api.download('/policies/figures/export', query, '政策统计.xlsx').catch((e) => showError(e))
          }
        >
          导出 Excel
        </Button>
        {data ? (
          <span className="hl-muted">
            {data.from} 至 {data.to}，本范围企业 {data.enterprises} 家
          </span>
        ) : null}
      </Space>
      {error ? (
        <Alert type="error" showIcon title="统计数据加载失败" description={error.userMessage} />
      ) : null}
      <Row gutter={[12, 12]}>
        {[
          ['符合条件（现在）', t?.eligible],
          ['推送', t?.sent],
          ['已读', t ? `${t.read}（${pct(t.read, t.sent)}）` : undefined],
          ['推送后申报', t ? `${t.applied}（${pct(t.applied, t.sent)}）` : undefined],
          ['申报', t?.applications],
          ['获批', t?.granted],
        ].map(([label, value]) => (
          <Col key={label as string} xs={12} md={8} lg={4}>
            <Card size="small" loading={loading && !data}>
              <Statistic title={label as string} value={(value ?? '—') as string | number} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card size="small" title="按月">
        <div data-testid="policy-figures-chart">
          <Chart
            option={option}
            empty={data?.byMonth.every((m) => SERIES.every(([k]) => m[k] === 0)) ?? false}
            emptyText="所选月份内还没有推送或申报"
            height={300}
          />
        </div>
      </Card>
      <Table
        size="small"
        rowKey="policyId"
        loading={loading}
        dataSource={data?.byPolicy ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: '政策', dataIndex: 'title' },
          { title: '文号', dataIndex: 'docNumber', width: 170 },
          { title: '符合条件', dataIndex: 'eligible', width: 80 },
          { title: '待补充信息', dataIndex: 'unknown', width: 90 },
          ...SERIES.map(([key, label]) => ({ title: label, dataIndex: key, width: 80 })),
          {
            title: '已读率',
            width: 80,
            render: (_: unknown, p: { read: number; sent: number }) => pct(p.read, p.sent),
          },
        ]}
      />
    </Space>
  );
}
