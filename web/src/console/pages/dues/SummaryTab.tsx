import { Card, Col, Empty, Row, Spin, Statistic, Table, Typography } from 'antd';
import type { DuesSummary } from '../../../api/dues';
import { useGet } from '../../../api/hooks';
import { formatFen } from '../../../components/format';
import { Chart } from '../../Chart';
import type { DuesView } from './DuesPage';

/** part ÷ whole as a percentage with one decimal, rounded half up in integers; "—" when there is no whole. */
export function percent(part: number, whole: number): string {
  if (whole <= 0) return '—';
  const perMille = Math.floor((part * 2000 + whole) / (2 * whole));
  return `${(perMille - (perMille % 10)) / 10}.${perMille % 10}%`;
}

const DEFINITIONS = {
  due: '已生成台账各月的应交金额之和（已扣除减免）',
  paid: '台账中已登记的按月交纳金额之和，不含自愿多交',
  voluntary: '党员自愿多交的党费（不计入应交、实交）',
  rate: '交纳率 = 已交人数 ÷ 应交人数；已交人数含当月免交的党员',
};

type ChildRow = DuesSummary['children'][number];

/** 收缴统计: the year by month (due vs paid) and the chosen month by child organization, exact to the fen. */
export function SummaryTab({ view }: { view: DuesView }) {
  const year = Number(view.month.slice(0, 4));
  const summary = useGet<DuesSummary>('/dues/summary', { orgId: view.orgId, year, month: view.month });
  const s = summary.data;
  if (!s) {
    return summary.error ? (
      <Empty description={summary.error.userMessage} />
    ) : (
      <div className="hl-center hl-full">
        <Spin />
      </div>
    );
  }
  const monthRow = s.months.find((m) => m.month === s.month);
  const yearMembers = s.months.reduce((t, m) => t + m.members, 0);
  const yearPaidMembers = s.months.reduce((t, m) => t + m.paidMembers, 0);
  // Members attached to the organization itself (a branch has nothing else) get a row of their own,
  // so the rows always add up to the total.
  const rows: ChildRow[] = [...s.children];
  if (monthRow) {
    const own = {
      orgId: s.org.id,
      orgName: s.children.length ? `${s.org.name}（本级）` : s.org.name,
      members: monthRow.members - s.children.reduce((t, c) => t + c.members, 0),
      paidMembers: monthRow.paidMembers - s.children.reduce((t, c) => t + c.paidMembers, 0),
      dueFen: monthRow.dueFen - s.children.reduce((t, c) => t + c.dueFen, 0),
      paidFen: monthRow.paidFen - s.children.reduce((t, c) => t + c.paidFen, 0),
    };
    if (own.members > 0) rows.unshift(own);
  }
  const yuanAxis = (v: number) => (v % 100 === 0 ? (v / 100).toLocaleString('zh-CN') : formatFen(v));

  const option = {
    color: ['#d9d9d9', '#c8161d', '#faad14'],
    tooltip: {
      trigger: 'axis',
      formatter: (
        params: Array<{
          seriesName: string;
          value: number;
          axisValue: string;
          marker: string;
          dataIndex: number;
        }>,
      ) => {
        const m = s.months[params[0]?.dataIndex ?? 0];
        if (!m) return '';
        return [
          `${m.month}`,
          `应交：${formatFen(m.dueFen)} 元`,
          `实交：${formatFen(m.paidFen)} 元`,
          `交纳率：${percent(m.paidMembers, m.members)}（${m.paidMembers}/${m.members} 人）`,
        ].join('<br/>');
      },
    },
    legend: { data: ['应交', '实交', '交纳率'], top: 0 },
    grid: { left: 70, right: 60, top: 36, bottom: 30 },
    xAxis: { type: 'category', data: s.months.map((m) => `${Number(m.month.slice(5))}月`) },
    yAxis: [
      { type: 'value', name: '元', axisLabel: { formatter: yuanAxis } },
      {
        type: 'value',
        name: '交纳率',
        min: 0,
        max: 100,
        axisLabel: { formatter: '{value}%' },
        splitLine: { show: false },
      },
    ],
    series: [
      { name: '应交', type: 'bar', data: s.months.map((m) => m.dueFen), barMaxWidth: 28 },
      { name: '实交', type: 'bar', data: s.months.map((m) => m.paidFen), barMaxWidth: 28 },
      {
        name: '交纳率',
        type: 'line',
        yAxisIndex: 1,
        data: s.months.map((m) => (m.members ? Math.floor((m.paidMembers * 1000) / m.members) / 10 : null)),
      },
    ],
  };

  const stat = (title: string, value: string, definition: string, suffix = '元') => (
    <Card size="small" style={{ height: '100%' }}>
      <Statistic title={title} value={value} suffix={suffix} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {definition}
      </Typography.Text>
    </Card>
  );

  return (
    <div className="hl-stack" data-testid="dues-summary">
      <Typography.Text type="secondary">
        {s.org.name}（含下级组织）{s.year} 年，已生成台账 {s.months.length} 个月
      </Typography.Text>
      <Row gutter={[12, 12]}>
        <Col xs={24} sm={12} xl={6}>
          {stat(`${s.year} 年应交`, formatFen(s.yearTotal.dueFen), DEFINITIONS.due)}
        </Col>
        <Col xs={24} sm={12} xl={6}>
          {stat(`${s.year} 年实交`, formatFen(s.yearTotal.paidFen), DEFINITIONS.paid)}
        </Col>
        <Col xs={24} sm={12} xl={6}>
          {stat('自愿多交', formatFen(s.yearTotal.voluntaryFen), DEFINITIONS.voluntary)}
        </Col>
        <Col xs={24} sm={12} xl={6}>
          {stat(
            '全年交纳率',
            percent(yearPaidMembers, yearMembers),
            `${DEFINITIONS.rate}（全年按人次：${yearPaidMembers}/${yearMembers}）`,
            '',
          )}
        </Col>
      </Row>
      <Card size="small" title={`${s.year} 年各月应交与实交`}>
        <Chart option={option} empty={s.months.length === 0} emptyText="本年度尚未生成台账" height={300} />
      </Card>
      <Card
        size="small"
        title={`${s.month} 按${s.children.length ? '下级组织' : '本组织'}统计`}
        extra={<Typography.Text type="secondary">{DEFINITIONS.rate}</Typography.Text>}
      >
        <Table<ChildRow>
          size="small"
          rowKey="orgId"
          dataSource={rows}
          pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`${s.month} 尚未生成台账`} />,
          }}
          columns={[
            { title: '党组织', dataIndex: 'orgName', ellipsis: true },
            { title: '应交人数', dataIndex: 'members', width: 100, align: 'right' },
            { title: '已交人数', dataIndex: 'paidMembers', width: 100, align: 'right' },
            {
              title: '交纳率',
              key: 'rate',
              width: 100,
              align: 'right',
              render: (_, r) => percent(r.paidMembers, r.members),
            },
            { title: '应交（元）', dataIndex: 'dueFen', width: 140, align: 'right', render: formatFen },
            { title: '实交（元）', dataIndex: 'paidFen', width: 140, align: 'right', render: formatFen },
          ]}
          summary={() =>
            monthRow && rows.length > 1 ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>合计</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {monthRow.members}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  {monthRow.paidMembers}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  {percent(monthRow.paidMembers, monthRow.members)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">
                  {formatFen(monthRow.dueFen)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right">
                  {formatFen(monthRow.paidFen)}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            ) : null
          }
        />
      </Card>
    </div>
  );
}
