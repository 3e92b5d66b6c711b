import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import {
  INCOME_COLORS,
  type Pairing,
  type PairingOverview,
  type PairingTeam,
  shortVillage,
} from '../../../api/pairing';
import type { Id } from '../../../api/types';
import { useAuth } from '../../../components/auth';
import { formatFen, todayInChina } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { Chart } from '../../Chart';
import { useFeedback } from '../../feedback';
import { PageContainer } from '../../PageContainer';
import { PairingDrawer } from './PairingDrawer';
import { PairingModal, TeamModal } from './PairingForms';

/**
 * 组团帮扶 (seed 003, 厦门: 机关事业单位和国企对重点村"1+1"挂钩帮扶, 一片区一团队): the pairings of the caller's
 * region with the year's figures, each computed from what was recorded, the villages whose collective
 * income is behind target, and the year's ledger as Excel.
 */
export default function PairingPage() {
  const { can } = useAuth();
  const thisYear = todayInChina().year();
  const [orgId, setOrgId] = useState<Id | undefined>();
  const [year, setYear] = useState(thisYear);
  const [teamId, setTeamId] = useState<Id | undefined>();
  const [open, setOpen] = useState<Id | null>(null);
  const [creating, setCreating] = useState<'team' | 'pairing' | null>(null);
  const query = { orgId, year, pairingTeamId: teamId };
  const list = useGet<{ items: Pairing[]; total: number }>('/pairings', { ...query, pageSize: 200 });
  const overview = useGet<PairingOverview>('/pairings/overview', query);
  const teams = useGet<{ items: PairingTeam[]; total: number }>('/pairing-teams', { orgId });
  const { showError } = useFeedback();
  const reload = () => {
    list.reload();
    overview.reload();
    teams.reload();
  };
  const o = overview.data;
  return (
    <PageContainer
      title="组团帮扶"
      subTitle="机关事业单位、国有企业与村 1+1 结对：走访、项目、消费帮扶和认领亩田，村集体经济收入目标与实际（由登记的记录计算）"
      extra={
        can('pairing.manage') ? (
          <Space>
            <Button icon={<PlusOutlined />} onClick={() => setCreating('team')}>
              建立帮扶组团
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating('pairing')}>
              建立结对
            </Button>
          </Space>
        ) : null
      }
    >
      <Card size="small">
        <Space wrap>
          <Typography.Text>范围：</Typography.Text>
          <OrgTreeSelect
            value={orgId}
            onChange={setOrgId}
            style={{ width: 320 }}
            allowClear
            placeholder="本人管理范围"
          />
          <Select
            style={{ width: 110 }}
            value={year}
            onChange={setYear}
            aria-label="年度"
            options={[0, 1, 2, 3, 4].map((k) => ({ value: thisYear - k, label: `${thisYear - k} 年` }))}
          />
          <Select
            style={{ width: 220 }}
            allowClear
            placeholder="全部帮扶组团"
            value={teamId}
            onChange={setTeamId}
            options={(teams.data?.items ?? []).map((t) => ({
              value: t.id,
              label: `${t.name}（${t.areaName}）`,
            }))}
          />
          <Button
            icon={<DownloadOutlined />}
            onClick={() =>
              api.download('/pairings/export', query, `${year}年结对帮扶台账.xlsx`).catch((e) => showError(e))
            }
          >
            导出台账
          </Button>
        </Space>
      </Card>
      {o ? (
        <Row gutter={[8, 8]} style={{ marginTop: 8 }}>
          <Col xs={12} md={4}>
            <Card size="small">
              <Statistic title="结对" value={o.totals.pairings} suffix={`对 · ${o.totals.villages} 个村`} />
            </Card>
          </Col>
          <Col xs={12} md={4}>
            <Card size="small">
              <Statistic title="走访次数" value={o.totals.visits} suffix={`次 · 问题 ${o.totals.problems}`} />
            </Card>
          </Col>
          <Col xs={12} md={4}>
            <Card size="small">
              <Statistic title="消费帮扶（元）" value={formatFen(o.totals.purchaseFen)} />
            </Card>
          </Col>
          <Col xs={12} md={4}>
            <Card size="small">
              <Statistic title="认领亩田（亩）" value={o.totals.plotMu} />
            </Card>
          </Col>
          <Col xs={12} md={4}>
            <Card size="small">
              <Statistic title="村集体经济收入实际（元）" value={formatFen(o.totals.incomeActualFen)} />
            </Card>
          </Col>
          <Col xs={12} md={4}>
            <Card size="small">
              <Statistic
                title="收入未达目标 / 未填报"
                value={o.totals.behind}
                suffix={`/ ${o.totals.unreported} 个村`}
                valueStyle={o.totals.behind ? { color: '#cf1322' } : undefined}
              />
            </Card>
          </Col>
        </Row>
      ) : null}
      <Row gutter={8} style={{ marginTop: 8 }}>
        <Col xs={24} lg={14}>
          <Card size="small" title={`${year} 年村集体经济收入：目标与实际（元）`}>
            <Chart
              height={280}
              empty={!o || o.byVillage.length === 0}
              emptyText="还没有设定收入目标"
              option={
                o
                  ? {
                      tooltip: { trigger: 'axis' },
                      legend: { top: 0, data: ['目标', '实际'] },
                      grid: { left: 80, right: 16, bottom: 40, top: 36 },
                      xAxis: { type: 'category', data: o.byVillage.map((v) => shortVillage(v.villageName)) },
                      yAxis: { type: 'value' },
                      series: [
                        { name: '目标', type: 'bar', data: o.byVillage.map((v) => v.targetFen / 100) },
                        {
                          name: '实际',
                          type: 'bar',
                          data: o.byVillage.map((v) => (v.actualFen === null ? null : v.actualFen / 100)),
                        },
                      ],
                    }
                  : undefined
              }
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title="收入未达目标或未填报的村">
            <Table
              size="small"
              rowKey="pairingId"
              pagination={false}
              dataSource={o?.behind ?? []}
              locale={{ emptyText: <Empty description="没有未达目标的村" /> }}
              columns={[
                {
                  title: '村',
                  render: (_, b) => <a onClick={() => setOpen(b.pairingId)}>{shortVillage(b.villageName)}</a>,
                },
                { title: '目标（元）', render: (_, b) => formatFen(b.targetFen) },
                { title: '实际（元）', render: (_, b) => formatFen(b.actualFen) },
                {
                  title: '完成',
                  render: (_, b) => (
                    <Tag color={INCOME_COLORS[b.status]}>
                      {b.percent === null ? b.statusLabel : `${b.percent}%`}
                    </Tag>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" style={{ marginTop: 8 }} title={`${year} 年结对（${list.data?.total ?? 0} 对）`}>
        {list.error ? <Alert type="error" showIcon message={list.error.userMessage} /> : null}
        <Table<Pairing>
          size="small"
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description="范围内这一年没有结对" /> }}
          columns={[
            { title: '帮扶组团', dataIndex: 'teamName', width: 140, render: (v) => v ?? '—' },
            { title: '帮扶单位', dataIndex: 'helperName', ellipsis: true },
            {
              title: '结对村',
              dataIndex: 'villageName',
              ellipsis: true,
              render: (v, p) => <a onClick={() => setOpen(p.id)}>{v}</a>,
            },
            { title: '结对期', dataIndex: 'periodLabel', width: 110 },
            { title: '走访', width: 60, render: (_, p) => p.figures.visits },
            { title: '消费帮扶（元）', width: 130, render: (_, p) => formatFen(p.figures.purchaseFen) },
            { title: '收入目标（元）', width: 130, render: (_, p) => formatFen(p.figures.incomeTargetFen) },
            { title: '收入实际（元）', width: 130, render: (_, p) => formatFen(p.figures.incomeActualFen) },
            {
              title: '完成情况',
              width: 110,
              render: (_, p) => (
                <Tag color={INCOME_COLORS[p.figures.income.status]}>
                  {p.figures.income.statusLabel}
                  {p.figures.income.percent === null ? '' : ` ${p.figures.income.percent}%`}
                </Tag>
              ),
            },
          ]}
        />
      </Card>
      {open !== null ? (
        <PairingDrawer id={open} year={year} onClose={() => setOpen(null)} onChanged={reload} />
      ) : null}
      {creating === 'team' ? (
        <TeamModal
          onClose={() => setCreating(null)}
          onDone={() => {
            setCreating(null);
            reload();
          }}
        />
      ) : null}
      {creating === 'pairing' ? (
        <PairingModal
          teams={teams.data?.items ?? []}
          onClose={() => setCreating(null)}
          onDone={(id) => {
            setCreating(null);
            reload();
            setOpen(id);
          }}
        />
      ) : null}
    </PageContainer>
  );
}
