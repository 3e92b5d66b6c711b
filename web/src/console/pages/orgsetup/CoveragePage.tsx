import { Card, Col, Empty, Modal, Radio, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useGet } from '../../../api/hooks';
import type { CoverageAnswer, CoverageBucket, CoverageRow, CoverageUnit } from '../../../api/orgsetup';
import type { Id, Page } from '../../../api/types';
import { EMPTY } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { Chart } from '../../Chart';
import { PageContainer } from '../../PageContainer';
import './orgsetup.css';

const FIGURES: Array<{ key: CoverageBucket; label: string; color: string }> = [
  { key: 'inScope', label: '在册单位', color: '#8c8c8c' },
  { key: 'ownOrg', label: '单独建立党组织', color: '#c8161d' },
  { key: 'jointOrg', label: '纳入联合党支部', color: '#fa8c16' },
  { key: 'instructorReached', label: '选派指导员或联络员（未建组织）', color: '#1677ff' },
  { key: 'uncovered', label: '未覆盖', color: '#d9d9d9' },
];

const rate = (v: number | null) => (v === null ? EMPTY : `${v.toFixed(1)}%`);

interface Drill {
  bucket: CoverageBucket;
  group?: string;
  title: string;
}

/** 覆盖情况: 两个覆盖 by region or industry, each figure with its formula, drill-down to the units. */
export default function CoveragePage() {
  const [orgId, setOrgId] = useState<Id>();
  const [groupBy, setGroupBy] = useState<'region' | 'industry'>('region');
  const [drill, setDrill] = useState<Drill | null>(null);
  const coverage = useGet<CoverageAnswer>('/coverage', { orgId, groupBy });
  const data = coverage.data;

  return (
    <PageContainer
      title="覆盖情况"
      subTitle="非公有制企业和社会组织党的组织覆盖、工作覆盖（两个覆盖）"
      extra={
        <Space wrap>
          <OrgTreeSelect
            value={orgId}
            onChange={setOrgId}
            placeholder="全部管理范围，可选择党组织"
            style={{ width: 320 }}
          />
          <Radio.Group
            optionType="button"
            value={groupBy}
            onChange={(e) => setGroupBy(e.target.value)}
            options={[
              { value: 'region', label: '按地区' },
              { value: 'industry', label: '按行业' },
            ]}
          />
        </Space>
      }
    >
      {!data ? (
        coverage.error ? (
          <Card>
            <Empty description={coverage.error.userMessage} />
          </Card>
        ) : (
          <div className="hl-center hl-full">
            <Spin />
          </div>
        )
      ) : (
        <div className="hl-stack">
          <Totals data={data} onDrill={setDrill} />
          <Card size="small" title={`${groupBy === 'region' ? '按地区' : '按行业'}：单位数与覆盖率`}>
            {data.groups.length === 0 ? (
              <Empty description="范围内没有在册的非公有制企业和社会组织" />
            ) : (
              <CoverageChart data={data} />
            )}
          </Card>
          <GroupTable data={data} onDrill={setDrill} />
        </div>
      )}
      {drill && data ? (
        <DrillDown drill={drill} orgId={orgId} groupBy={groupBy} onClose={() => setDrill(null)} />
      ) : null}
    </PageContainer>
  );
}

function Totals({ data, onDrill }: { data: CoverageAnswer; onDrill: (d: Drill) => void }) {
  const t = data.totals;
  return (
    <Card
      size="small"
      title={`${data.orgName}：合计`}
      extra={<Typography.Text type="secondary">统计日期 {data.asOf}，点击数字查看对应单位</Typography.Text>}
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <Card size="small" className="hl-figure">
            <Statistic
              title="组织覆盖率"
              value={rate(t.organizationRate)}
              styles={{ content: { color: '#c8161d' } }}
            />
            <div className="hl-formula" data-testid="organization-formula">
              {t.organizationFormula}
            </div>
            <div className="hl-muted">{data.definitions.organizationRate}</div>
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" className="hl-figure">
            <Statistic
              title="工作覆盖率"
              value={rate(t.workRate)}
              styles={{ content: { color: '#1677ff' } }}
            />
            <div className="hl-formula" data-testid="work-formula">
              {t.workFormula}
            </div>
            <div className="hl-muted">{data.definitions.workRate}</div>
          </Card>
        </Col>
        {FIGURES.map((f) => (
          <Col key={f.key} xs={12} md={8} xl={4}>
            <button
              type="button"
              className="hl-figure-button"
              onClick={() => onDrill({ bucket: f.key, title: `${data.orgName}：${f.label}` })}
            >
              <Statistic
                title={f.label}
                value={t[f.key]}
                suffix="个"
                styles={{ content: { color: f.color === '#d9d9d9' ? '#595959' : f.color } }}
              />
              <div className="hl-muted">{data.definitions[f.key]}</div>
            </button>
          </Col>
        ))}
        <Col xs={12} md={8} xl={4}>
          <Statistic title="其中：企业 / 社会组织" value={`${t.enterprises} / ${t.socialOrgs}`} />
        </Col>
      </Row>
    </Card>
  );
}

function CoverageChart({ data }: { data: CoverageAnswer }) {
  const groups = data.groups;
  const option = {
    color: ['#c8161d', '#fa8c16', '#1677ff', '#d9d9d9', '#262626', '#52c41a'],
    tooltip: {
      trigger: 'axis',
      formatter: (params: Array<{ dataIndex: number }>) => {
        const g = groups[params[0]?.dataIndex ?? 0];
        if (!g) return '';
        return [
          `<b>${g.label}</b>`,
          `在册单位 ${g.inScope} 个`,
          `单独建立党组织 ${g.ownOrg}，纳入联合党支部 ${g.jointOrg}`,
          `选派指导员或联络员 ${g.instructorReached}，未覆盖 ${g.uncovered}`,
          g.organizationFormula,
          g.workFormula,
        ].join('<br/>');
      },
    },
    legend: { top: 0 },
    grid: { left: 48, right: 56, top: 40, bottom: 64 },
    xAxis: {
      type: 'category',
      data: groups.map((g) => g.label),
      axisLabel: { interval: 0, rotate: groups.length > 6 ? 30 : 0 },
    },
    yAxis: [
      { type: 'value', name: '单位数', minInterval: 1 },
      { type: 'value', name: '覆盖率', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      { name: '单独建立党组织', type: 'bar', stack: 'units', data: groups.map((g) => g.ownOrg) },
      { name: '纳入联合党支部', type: 'bar', stack: 'units', data: groups.map((g) => g.jointOrg) },
      {
        name: '选派指导员或联络员',
        type: 'bar',
        stack: 'units',
        data: groups.map((g) => g.instructorReached),
      },
      { name: '未覆盖', type: 'bar', stack: 'units', data: groups.map((g) => g.uncovered) },
      {
        name: '组织覆盖率',
        type: 'line',
        yAxisIndex: 1,
        data: groups.map((g) => g.organizationRate),
      },
      { name: '工作覆盖率', type: 'line', yAxisIndex: 1, data: groups.map((g) => g.workRate) },
    ],
  };
  return <Chart option={option} empty={groups.length === 0} emptyText="该范围内没有在册单位" height={340} />;
}

function GroupTable({ data, onDrill }: { data: CoverageAnswer; onDrill: (d: Drill) => void }) {
  const number = (bucket: CoverageBucket) => (v: number, g: CoverageRow) =>
    v > 0 && g.key !== 'total' ? (
      <Typography.Link
        onClick={() =>
          onDrill({
            bucket,
            group: g.key,
            title: `${g.label}：${FIGURES.find((f) => f.key === bucket)?.label ?? ''}`,
          })
        }
      >
        {v}
      </Typography.Link>
    ) : (
      v
    );
  return (
    <Card size="small" title="明细">
      <Table<CoverageRow>
        size="small"
        rowKey="key"
        pagination={false}
        scroll={{ x: 1100 }}
        dataSource={[...data.groups, data.totals]}
        rowClassName={(g) => (g.key === 'total' ? 'hl-row-total' : '')}
        columns={[
          {
            title: data.groupBy === 'region' ? '地区' : '行业',
            dataIndex: 'label',
            width: 160,
            fixed: 'left',
          },
          { title: '在册单位', dataIndex: 'inScope', width: 90, align: 'right', render: number('inScope') },
          { title: '单独建立', dataIndex: 'ownOrg', width: 90, align: 'right', render: number('ownOrg') },
          {
            title: '联合党支部',
            dataIndex: 'jointOrg',
            width: 100,
            align: 'right',
            render: number('jointOrg'),
          },
          {
            title: '选派指导员',
            dataIndex: 'instructorReached',
            width: 100,
            align: 'right',
            render: number('instructorReached'),
          },
          { title: '未覆盖', dataIndex: 'uncovered', width: 80, align: 'right', render: number('uncovered') },
          {
            title: '组织覆盖率（公式）',
            render: (_, g) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{rate(g.organizationRate)}</Typography.Text>
                <span className="hl-muted">{g.organizationFormula}</span>
              </Space>
            ),
          },
          {
            title: '工作覆盖率（公式）',
            render: (_, g) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{rate(g.workRate)}</Typography.Text>
                <span className="hl-muted">{g.workFormula}</span>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

const BUCKET_COLORS: Record<string, string> = {
  ownOrg: 'red',
  jointOrg: 'orange',
  instructorReached: 'blue',
  uncovered: 'default',
};

function DrillDown({
  drill,
  orgId,
  groupBy,
  onClose,
}: {
  drill: Drill;
  orgId: Id | undefined;
  groupBy: 'region' | 'industry';
  onClose: () => void;
}) {
  const [page, setPage] = useState(1);
  const units = useGet<Page<CoverageUnit>>('/coverage/units', {
    orgId,
    bucket: drill.bucket,
    ...(drill.group !== undefined ? { groupBy, group: drill.group } : {}),
    page,
    pageSize: 20,
  });
  return (
    <Modal open title={drill.title} footer={null} onCancel={onClose} width={1000}>
      <Table<CoverageUnit>
        size="small"
        rowKey="id"
        loading={units.loading}
        dataSource={units.data?.items ?? []}
        scroll={{ x: 960 }}
        locale={{ emptyText: <Empty description={units.error?.userMessage ?? '没有对应的单位'} /> }}
        pagination={{
          current: page,
          pageSize: 20,
          total: units.data?.total ?? 0,
          showTotal: (t) => `共 ${t} 个单位`,
          onChange: setPage,
        }}
        columns={[
          { title: '单位名称', dataIndex: 'name', width: 220, ellipsis: true },
          { title: '类型', dataIndex: 'kindLabel', width: 80 },
          { title: '行政区划', dataIndex: 'regionName', width: 100, render: (v, u) => v ?? u.regionCode },
          { title: '行业', dataIndex: 'industry', width: 150, render: (v) => v ?? EMPTY },
          { title: '从业人数', dataIndex: 'employees', width: 90, align: 'right', render: (v) => v ?? EMPTY },
          {
            title: '覆盖方式',
            dataIndex: 'bucketLabel',
            width: 150,
            render: (v: string, u) => <Tag color={BUCKET_COLORS[u.bucket]}>{v}</Tag>,
          },
          {
            title: '党组织 / 指导员',
            render: (_, u) => u.orgName ?? (u.instructors ? `指导员：${u.instructors}` : EMPTY),
          },
        ]}
      />
    </Modal>
  );
}
