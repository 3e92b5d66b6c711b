import { InfoCircleOutlined } from '@ant-design/icons';
import { Card, Col, Modal, Row, Space, Statistic, Table, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type {
  AllianceDetail,
  AllianceFigure,
  AllianceFigureRow,
  RegionFigures,
} from '../../../api/alliances';
import { useGet } from '../../../api/hooks';
import { EMPTY } from '../../../components/format';
import { Chart } from '../../Chart';

/** The counts drawn in the charts (the average days is a card only: another unit). */
const CHART_KEYS = [
  'members',
  'enterprises',
  'meetingsHeld',
  'resolutionsOnTime',
  'resolutionsLate',
  'demandsMet',
  'casesRated',
  'casesSatisfied',
  'challenges',
  'projects',
  'projectsOnSchedule',
];
const REGION_KEYS = ['members', 'enterprises', 'meetingsHeld', 'demandsMet', 'projects'];

const shown = (f: AllianceFigure) => (f.value === null ? EMPTY : f.value);

/**
 * 联盟统计: the alliance's figures, each with its definition (口径) and the list behind it, a chart of
 * them, and — for whoever sees more than one alliance — the region's alliances side by side.
 */
export function Figures({ a }: { a: AllianceDetail }) {
  const one = useGet<{ figures: AllianceFigure[]; asOf: string }>(`/alliances/${a.id}/figures`);
  const region = useGet<RegionFigures>('/alliance-figures');
  const [open, setOpen] = useState<AllianceFigure | null>(null);
  const figures = one.data?.figures ?? [];
  const option = useMemo(() => {
    const drawn = figures.filter((f) => CHART_KEYS.includes(f.key));
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 110, right: 24, top: 12, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: drawn.map((f) => f.label) },
      series: [
        { type: 'bar', name: a.name, data: drawn.map((f) => f.value ?? 0), itemStyle: { color: '#c41d1d' } },
      ],
    };
  }, [figures, a.name]);
  const regionOption = useMemo(() => {
    const items = region.data?.items ?? [];
    const labels = (region.data?.totals ?? []).filter((f) => REGION_KEYS.includes(f.key));
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 24, top: 36, bottom: 72 },
      xAxis: { type: 'category', data: items.map((i) => i.name), axisLabel: { rotate: 20, interval: 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: labels.map((l) => ({
        type: 'bar',
        name: l.label,
        data: items.map((i) => i.figures.find((f) => f.key === l.key)?.value ?? 0),
      })),
    };
  }, [region.data]);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        截至 {one.data?.asOf ?? EMPTY}。每项数字等于其明细的合计，点击可查看明细；鼠标停在 ⓘ 上可看口径。
      </Typography.Text>
      <Row gutter={[12, 12]} data-testid="alliance-figures">
        {figures.map((f) => (
          <Col key={f.key} xs={12} md={8} lg={6} xl={4}>
            <Card size="small" hoverable onClick={() => setOpen(f)} data-testid={`alliance-figure-${f.key}`}>
              <Statistic
                title={
                  <Space size={4}>
                    {f.label}
                    <Tooltip title={f.definition}>
                      <InfoCircleOutlined />
                    </Tooltip>
                  </Space>
                }
                value={shown(f)}
                suffix={f.value === null ? undefined : f.unit}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Card size="small" title="本联盟">
        <div data-testid="alliance-figures-chart">
          <Chart option={one.data ? option : undefined} empty={figures.length === 0} height={360} />
        </div>
      </Card>
      {region.data && region.data.total > 1 ? (
        <Card size="small" title={`本区域联盟（${region.data.total} 个）`}>
          <Chart option={regionOption} empty={false} height={340} />
          <Table
            size="small"
            rowKey="allianceId"
            pagination={false}
            dataSource={region.data.items}
            scroll={{ x: 900 }}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                {REGION_KEYS.map((k, i) => (
                  <Table.Summary.Cell key={k} index={i + 1}>
                    {region.data!.totals.find((f) => f.key === k)?.value ?? EMPTY}
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            )}
            columns={[
              { title: '联盟', dataIndex: 'name' },
              ...REGION_KEYS.map((k) => ({
                title: region.data!.totals.find((f) => f.key === k)?.label ?? k,
                width: 110,
                render: (_: unknown, i: RegionFigures['items'][number]) =>
                  i.figures.find((f) => f.key === k)?.value ?? EMPTY,
              })),
            ]}
          />
        </Card>
      ) : null}
      {open ? <FigureList allianceId={a.id} figure={open} onClose={() => setOpen(null)} /> : null}
    </Space>
  );
}

function FigureList({
  allianceId,
  figure,
  onClose,
}: {
  allianceId: number | string;
  figure: AllianceFigure;
  onClose: () => void;
}) {
  const list = useGet<{ items: AllianceFigureRow[]; total: number }>(
    `/alliances/${allianceId}/figures/${figure.key}`,
  );
  return (
    <Modal
      open
      width={820}
      footer={null}
      onCancel={onClose}
      title={`${figure.label}：${shown(figure)} ${figure.unit}`}
    >
      <Typography.Paragraph type="secondary">口径：{figure.definition}</Typography.Paragraph>
      <Table<AllianceFigureRow>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: '名称', dataIndex: 'title' },
          { title: '单位', dataIndex: 'orgName', width: 200, ellipsis: true },
          { title: '日期', dataIndex: 'date', width: 110, render: (v: string | null) => v ?? EMPTY },
          { title: '说明', dataIndex: 'note', width: 240, render: (v: string) => v || EMPTY },
        ]}
      />
    </Modal>
  );
}
