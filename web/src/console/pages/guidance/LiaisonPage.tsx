import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Radio, Space, Statistic, Table, Tooltip, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { CadreCoverage, CadreCoverageUnit, CadreCoverageUnitPage } from '../../../api/guidance';
import { useGet } from '../../../api/hooks';
import type { Id } from '../../../api/types';
import { useAuth } from '../../../components/auth';
import { EMPTY } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { PageContainer } from '../../PageContainer';
import { AssignmentsCard } from '../orgsetup/InstructorsPage';

type VisitState = 'unvisited' | 'visited' | 'all';

/** A figure that opens its list. */
const LINK = { all: 'unset', cursor: 'pointer' } as const;

/**
 * 挂钩联系 (decision 0027): the organization department assigns 挂钩干部 to enterprises and sees, for
 * the quarter, which assigned enterprises have had no visit; the list opens from the figure.
 */
export default function LiaisonPage() {
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const [orgId, setOrgId] = useState<Id | undefined>(() => {
    const v = Number(params.get('org'));
    return Number.isInteger(v) && v > 0 ? v : undefined;
  });
  const state =
    (['unvisited', 'visited', 'all'] as const).find((s) => s === params.get('state')) ?? 'unvisited';
  const [page, setPage] = useState(1);
  const [assigning, setAssigning] = useState(false);
  const listRef = useRef<HTMLDivElement>(null);
  const figure = useGet<CadreCoverage>('/guidance/coverage', { orgId });
  const units = useGet<CadreCoverageUnitPage>('/guidance/coverage/units', {
    orgId,
    state,
    page,
    pageSize: 20,
  });
  const f = figure.data;

  const open = (next: VisitState) => {
    setParams(
      (p) => {
        p.set('state', next);
        return p;
      },
      { replace: true },
    );
    setPage(1);
    listRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  return (
    <PageContainer
      title="挂钩联系"
      subTitle="干部挂钩联系企业（挂钩干部、红色勤务员包干到企、干部进企业），每季度走访，发现的问题一键转为工单"
      extra={
        can('instructor.manage') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAssigning(true)}>
            选派挂钩干部
          </Button>
        ) : null
      }
    >
      <Card size="small" style={{ marginBottom: 16 }}>
        <div className="hl-toolbar">
          <OrgTreeSelect
            value={orgId}
            onChange={(v) => {
              setOrgId(v);
              setPage(1);
            }}
            placeholder="全部管理范围，可选择党组织"
            style={{ width: 300 }}
          />
          <Typography.Text type="secondary">
            {f ? `${f.quarter.label}（${f.quarter.from} 至 ${f.quarter.to}）` : ''}
          </Typography.Text>
        </div>
        <Space size={48} wrap data-testid="liaison-figures">
          <Tooltip title={f?.definitions.assigned}>
            <Statistic title="挂钩企业" value={f?.assigned ?? 0} suffix="家" loading={figure.loading && !f} />
          </Tooltip>
          <Tooltip title={f?.definitions.visited}>
            <button type="button" style={LINK} onClick={() => open('visited')}>
              <Statistic title="本季度已走访" value={f?.visited ?? 0} suffix="家" />
            </button>
          </Tooltip>
          <Tooltip title={f?.definitions.unvisited}>
            <button
              type="button"
              style={LINK}
              onClick={() => open('unvisited')}
              data-testid="liaison-unvisited"
            >
              <Statistic
                title="本季度未走访"
                value={f?.unvisited ?? 0}
                suffix="家"
                valueStyle={f && f.unvisited > 0 ? { color: '#cf1322' } : undefined}
              />
            </button>
          </Tooltip>
          <Tooltip title={f?.definitions.rate}>
            <Statistic title="走访覆盖率" value={f?.rate ?? '—'} suffix={f?.rate === null ? '' : '%'} />
          </Tooltip>
        </Space>
        {f ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {f.formula}；只计当前在挂钩期内的企业，挂钩干部登记的走访计入，党建指导员的指导记录不计入。
          </Typography.Paragraph>
        ) : figure.error ? (
          <Typography.Text type="danger">{figure.error.userMessage}</Typography.Text>
        ) : null}
      </Card>

      <div ref={listRef}>
        <Card
          size="small"
          style={{ marginBottom: 16 }}
          title="挂钩企业走访情况"
          extra={
            <Radio.Group
              optionType="button"
              value={state}
              onChange={(e) => open(e.target.value)}
              options={[
                { value: 'unvisited', label: '本季度未走访' },
                { value: 'visited', label: '本季度已走访' },
                { value: 'all', label: '全部' },
              ]}
            />
          }
        >
          <Table<CadreCoverageUnit>
            size="small"
            rowKey="unitId"
            loading={units.loading}
            dataSource={units.data?.items ?? []}
            scroll={{ x: 900 }}
            locale={{
              emptyText: (
                <Empty
                  description={
                    units.error
                      ? units.error.userMessage
                      : state === 'unvisited'
                        ? '本季度挂钩企业都已走访'
                        : '暂无挂钩企业'
                  }
                />
              ),
            }}
            pagination={{
              current: page,
              pageSize: 20,
              total: units.data?.total ?? 0,
              showTotal: (n) => `共 ${n} 家企业`,
              onChange: setPage,
            }}
            columns={[
              { title: '企业', dataIndex: 'unitName', ellipsis: true },
              {
                title: '属地管理',
                dataIndex: 'orgName',
                width: 220,
                ellipsis: true,
                render: (v) => v ?? EMPTY,
              },
              { title: '从业人员', dataIndex: 'employees', width: 90, render: (v) => v ?? EMPTY },
              { title: '挂钩干部', dataIndex: 'cadres', width: 220, ellipsis: true },
              {
                title: '本季度走访',
                dataIndex: 'visitsInQuarter',
                width: 100,
                render: (v: number) => `${v} 次`,
              },
              { title: '最近走访', dataIndex: 'lastVisitOn', width: 110, render: (v) => v ?? '从未走访' },
            ]}
          />
        </Card>
      </div>

      <AssignmentsCard kind="cadre" assigning={assigning} onAssigning={setAssigning} />
    </PageContainer>
  );
}
