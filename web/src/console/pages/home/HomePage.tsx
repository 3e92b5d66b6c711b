import { InfoCircleOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Empty, Row, Space, Table, Tooltip, Typography } from 'antd';
import { useCallback } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import {
  type Figure,
  formatFigure,
  type HomeAnswer,
  type HomeCard,
  type RegionDashboard,
} from '../../../api/dashboard';
import { useGet } from '../../../api/hooks';
import type { Id } from '../../../api/types';
import { dayjs } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { Chart } from '../../Chart';
import { PageContainer } from '../../PageContainer';

/** Opens a figure's list: a console page in place, a phone page (`/m/…`) as a full page load. */
function useOpen() {
  const navigate = useNavigate();
  return useCallback(
    (link: string) => {
      if (link.startsWith('/m/')) window.location.href = link;
      else navigate(link);
    },
    [navigate],
  );
}

/** One figure: its value and unit, its definition on hover, its list one click away. */
function FigureTile({ f }: { f: Figure }) {
  const open = useOpen();
  const last = f.trend && f.trend.length > 1 ? f.trend[f.trend.length - 2]?.value : undefined;
  const change =
    f.value !== null && last !== null && last !== undefined && f.unit !== '元' ? f.value - last : undefined;
  return (
    <Card
      size="small"
      hoverable
      className="hl-figure"
      data-testid={`figure-${f.key}`}
      onClick={() => open(f.link)}
      role="link"
      aria-label={`${f.label}：${formatFigure(f)}${f.unit === '%' ? '' : f.unit}，查看明细`}
    >
      <div className="hl-figure-head">
        <span>{f.label}</span>
        <Tooltip title={`口径：${f.definition}`}>
          <InfoCircleOutlined className="hl-muted" onClick={(e) => e.stopPropagation()} />
        </Tooltip>
      </div>
      <div className="hl-figure-value">
        {formatFigure(f)}
        {f.unit !== '%' && f.value !== null ? <span className="hl-figure-unit">{f.unit}</span> : null}
      </div>
      <div className="hl-figure-foot">
        {change !== undefined ? (
          <span className="hl-muted">
            比上月
            {change === 0
              ? '持平'
              : `${change > 0 ? '+' : ''}${Number(change.toFixed(1))}${f.unit === '%' ? '个百分点' : f.unit}`}
          </span>
        ) : (
          <span />
        )}
        <span className="hl-link">
          明细 <RightOutlined />
        </span>
      </div>
    </Card>
  );
}

function Figures({ figures }: { figures: Figure[] }) {
  return (
    <Row gutter={[12, 12]}>
      {figures.map((f) => (
        <Col key={f.key} xs={12} sm={8} md={6} xl={4}>
          <FigureTile f={f} />
        </Col>
      ))}
    </Row>
  );
}

const TREND_LINES = ['casesOnTime', 'casesSatisfaction', 'duesRate'];

/** The region's six months: cases and new problems as bars, the rates as lines. */
function TrendChart({ figures }: { figures: Figure[] }) {
  const withTrend = figures.filter((f) => f.trend);
  const months = withTrend[0]?.trend?.map((p) => p.month) ?? [];
  const option =
    withTrend.length === 0
      ? undefined
      : {
          tooltip: { trigger: 'axis' },
          legend: { top: 0, data: withTrend.map((f) => f.label) },
          grid: { left: 48, right: 48, top: 40, bottom: 30 },
          xAxis: { type: 'category', data: months.map((m) => `${Number(m.slice(5))}月`) },
          yAxis: [
            { type: 'value', name: '件 / 条', minInterval: 1 },
            { type: 'value', name: '%', max: 100, axisLabel: { formatter: '{value}%' } },
          ],
          series: withTrend.map((f) => ({
            name: f.label,
            type: TREND_LINES.includes(f.key) ? 'line' : 'bar',
            yAxisIndex: TREND_LINES.includes(f.key) ? 1 : 0,
            connectNulls: true,
            data: f.trend!.map((p) => p.value),
          })),
        };
  return <Chart option={option} empty={withTrend.length === 0} height={280} emptyText="暂无趋势数据" />;
}

/** The organization department's region: the month's figures, six months' trend, the organizations below. */
function RegionSection({ defaultOrg }: { defaultOrg: HomeCard['org'] }) {
  const [params, setParams] = useSearchParams();
  const open = useOpen();
  const orgId: Id | undefined = params.get('org') ?? defaultOrg?.id ?? undefined;
  const monthParam = params.get('month');
  const month = monthParam && /^\d{4}-(0[1-9]|1[0-2])$/.test(monthParam) ? monthParam : undefined;
  const { data, error, loading } = useGet<RegionDashboard>('/dashboard/region', {
    ...(orgId !== undefined ? { orgId: String(orgId) } : {}),
    ...(month ? { month } : {}),
  });
  const set = (changes: Record<string, string>) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(changes)) next.set(k, v);
      return next;
    });
  const shown = data?.month ?? month;
  return (
    <Card
      className="hl-home-card"
      title={
        <Space wrap>
          <span>{data?.org.name ?? defaultOrg?.name ?? '本区域'}</span>
          {data ? (
            <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 13 }}>
              {Number(data.month.slice(5))}月，截至 {data.asOf}
            </Typography.Text>
          ) : null}
        </Space>
      }
      extra={
        <Space wrap>
          <div style={{ width: 260 }}>
            <OrgTreeSelect
              id="home-org"
              value={orgId}
              initialLabel={data?.org.name ?? defaultOrg?.name}
              allowClear={false}
              onChange={(v) => (v === undefined ? undefined : set({ org: String(v) }))}
              placeholder="选择党组织"
            />
          </div>
          <DatePicker
            picker="month"
            aria-label="月份"
            allowClear={false}
            value={shown ? dayjs(`${shown}-01`) : undefined}
            format="YYYY年MM月"
            disabledDate={(d) => (data ? d.isAfter(dayjs(data.asOf).endOf('month')) : false)}
            onChange={(d) => d && set({ month: d.format('YYYY-MM') })}
          />
        </Space>
      }
      loading={loading && !data}
    >
      {error ? <Alert type="error" showIcon title="区域数据加载失败" description={error.message} /> : null}
      {data ? (
        <>
          <Figures figures={data.figures} />
          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            <Col xs={24} xl={12}>
              <Card size="small" title="近六个月趋势">
                <TrendChart figures={data.figures} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card
                size="small"
                title="下级组织对比"
                extra={
                  <span className="hl-muted">
                    组织数、党员、未整改问题、本月党费收缴率；点击名称查看其工作台
                  </span>
                }
              >
                <Table
                  rowKey="orgId"
                  size="small"
                  pagination={data.children.length > 8 ? { pageSize: 8, showSizeChanger: false } : false}
                  dataSource={data.children}
                  locale={{ emptyText: <Empty description="没有下级党组织" /> }}
                  columns={[
                    {
                      title: '党组织',
                      dataIndex: 'name',
                      render: (name: string, c) => (
                        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => open(c.link)}>
                          {name}
                        </Button>
                      ),
                    },
                    { title: '组织', dataIndex: 'orgs', width: 72, sorter: (a, b) => a.orgs - b.orgs },
                    ...(data.children.some((c) => c.members !== null)
                      ? [
                          {
                            title: '党员',
                            dataIndex: 'members',
                            width: 72,
                            sorter: (a: (typeof data.children)[number], b: (typeof data.children)[number]) =>
                              (a.members ?? 0) - (b.members ?? 0),
                          },
                        ]
                      : []),
                    ...(data.children.some((c) => c.findingsOpen !== null)
                      ? [
                          {
                            title: '问题',
                            dataIndex: 'findingsOpen',
                            width: 72,
                            sorter: (a: (typeof data.children)[number], b: (typeof data.children)[number]) =>
                              (a.findingsOpen ?? 0) - (b.findingsOpen ?? 0),
                          },
                        ]
                      : []),
                    ...(data.children.some((c) => c.duesRate !== null)
                      ? [
                          {
                            title: '收缴率',
                            dataIndex: 'duesRate',
                            width: 80,
                            render: (v: number | null) => formatFigure({ value: v, unit: '%' }),
                          },
                        ]
                      : []),
                  ]}
                />
              </Card>
            </Col>
          </Row>
        </>
      ) : null}
    </Card>
  );
}

/**
 * 工作台: the first page after login. The organization department sees its region's month; a branch
 * secretary the branch's week; a handler the queue; everyone their own. Each figure states its
 * definition and opens the list it counts.
 */
export default function HomePage() {
  const { data, error, loading } = useGet<HomeAnswer>('/me/home');
  const region = data?.cards.find((c) => c.key === 'region');
  const others = data?.cards.filter((c) => c.key !== 'region') ?? [];
  return (
    <PageContainer title="工作台" subTitle={data ? `今天是 ${data.today}` : undefined}>
      {error ? <Alert type="error" showIcon title="工作台加载失败" description={error.message} /> : null}
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        {region ? <RegionSection defaultOrg={region.org} /> : null}
        {others.map((c) => (
          <Card key={c.key} title={c.title} className="hl-home-card" data-testid={`home-${c.key}`}>
            <Figures figures={c.figures} />
          </Card>
        ))}
        {data && data.cards.length === 0 ? (
          <Card>
            <Empty description="您的账号还没有需要处理的事项" />
          </Card>
        ) : null}
        {loading && !data ? <Card loading /> : null}
      </Space>
    </PageContainer>
  );
}
