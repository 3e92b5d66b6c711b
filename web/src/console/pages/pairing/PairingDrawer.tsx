import { Button, Descriptions, Drawer, Empty, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import { INCOME_COLORS, type PairingDetail, type PairingVisit } from '../../../api/pairing';
import type { Id } from '../../../api/types';
import { formatFen } from '../../../components/format';
import { useSave } from '../../feedback';
import { FigureModal, ProjectLinkModal, PurchaseModal, VisitModal } from './PairingForms';

type Dialog = 'visit' | 'purchase' | 'figure' | 'project' | null;

/** One pairing: its years, visits with their problems (each may become a case), purchases and projects. */
export function PairingDrawer({
  id,
  year,
  onClose,
  onChanged,
}: {
  id: Id;
  year: number;
  onClose: () => void;
  onChanged: () => void;
}) {
  const detail = useGet<PairingDetail>(`/pairings/${id}`, { year });
  const [dialog, setDialog] = useState<Dialog>(null);
  const { save, saving, message } = useSave();
  const p = detail.data;
  const done = () => {
    setDialog(null);
    detail.reload();
    onChanged();
  };
  const toCase = (problemId: Id) =>
    save(async () => {
      const r = await api.post<{ caseId: Id }>(`/pairings/${id}/problems/${problemId}/case`);
      message.success(`已转为工单 ${r.caseId}，由村所在区域受理派单`);
      detail.reload();
    });
  return (
    <Drawer open width={860} title={p ? `${p.helperName} ↔ ${p.villageName}` : '结对'} onClose={onClose}>
      {p ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="帮扶单位">{p.helperName}</Descriptions.Item>
            <Descriptions.Item label="结对村">{p.villageName}</Descriptions.Item>
            <Descriptions.Item label="帮扶组团">{p.teamName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="结对期">{p.periodLabel}</Descriptions.Item>
            {p.note ? (
              <Descriptions.Item label="备注" span={2}>
                {p.note}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          {p.canRecord ? (
            <Space wrap>
              <Button type="primary" onClick={() => setDialog('visit')}>
                登记走访
              </Button>
              <Button onClick={() => setDialog('purchase')}>登记消费帮扶 / 认领亩田</Button>
              <Button onClick={() => setDialog('figure')}>填报目标和实际数</Button>
              <Button onClick={() => setDialog('project')}>关联项目</Button>
            </Space>
          ) : null}
          <Tabs
            items={[
              {
                key: 'years',
                label: '逐年数据',
                children: (
                  <Table
                    size="small"
                    rowKey="year"
                    pagination={false}
                    dataSource={p.years}
                    columns={[
                      { title: '年度', dataIndex: 'year', width: 70 },
                      { title: '走访', dataIndex: 'visits', width: 60 },
                      { title: '消费帮扶（元）', render: (_, y) => formatFen(y.purchaseFen) },
                      { title: '认领亩田（亩）', dataIndex: 'plotMu', width: 110 },
                      { title: '项目', dataIndex: 'projects', width: 60 },
                      { title: '帮扶资金（元）', render: (_, y) => formatFen(y.aidActualFen) },
                      { title: '收入目标（元）', render: (_, y) => formatFen(y.incomeTargetFen) },
                      {
                        title: '收入实际（元）',
                        render: (_, y) => (
                          <span title={y.incomeSource ? `${y.incomeSource}，${y.incomeOn}` : undefined}>
                            {formatFen(y.incomeActualFen)}
                          </span>
                        ),
                      },
                      {
                        title: '完成情况',
                        render: (_, y) => (
                          <Tag color={INCOME_COLORS[y.income.status]}>
                            {y.income.statusLabel}
                            {y.income.percent === null ? '' : ` ${y.income.percent}%`}
                          </Tag>
                        ),
                      },
                    ]}
                  />
                ),
              },
              {
                key: 'visits',
                label: `走访（${p.visits.length}）`,
                children: (
                  <Visits visits={p.visits} canRecord={p.canRecord} saving={saving} toCase={toCase} />
                ),
              },
              {
                key: 'purchases',
                label: `消费帮扶（${p.purchases.length}）`,
                children: (
                  <Table
                    size="small"
                    rowKey="id"
                    pagination={{ pageSize: 20, hideOnSinglePage: true }}
                    dataSource={p.purchases}
                    locale={{ emptyText: <Empty description="还没有登记消费帮扶" /> }}
                    columns={[
                      { title: '日期', dataIndex: 'purchasedOn', width: 110 },
                      { title: '类别', dataIndex: 'kindLabel', width: 100 },
                      { title: '品名或地块', dataIndex: 'item' },
                      { title: '数量', width: 100, render: (_, u) => `${u.quantity} ${u.unit}` },
                      { title: '金额（元）', width: 120, render: (_, u) => formatFen(u.amountFen) },
                      { title: '购买或认领单位', dataIndex: 'buyer', ellipsis: true },
                    ]}
                  />
                ),
              },
              {
                key: 'projects',
                label: `帮扶项目（${p.projects.length}）`,
                children: (
                  <Table
                    size="small"
                    rowKey="projectId"
                    pagination={false}
                    dataSource={p.projects}
                    locale={{ emptyText: <Empty description="还没有关联项目" /> }}
                    columns={[
                      { title: '年度', dataIndex: 'year', width: 70 },
                      { title: '项目', dataIndex: 'title' },
                      { title: '牵头', dataIndex: 'orgName', ellipsis: true },
                      {
                        title: '进度',
                        width: 140,
                        render: (_, j) => `${j.progress}%（计划 ${j.plannedProgress}%）`,
                      },
                      { title: '', dataIndex: 'scheduleLabel', width: 90 },
                    ]}
                  />
                ),
              },
            ]}
          />
        </Space>
      ) : (
        <Empty description={detail.error?.userMessage ?? '加载中…'} />
      )}
      {dialog === 'visit' ? (
        <VisitModal pairingId={id} onClose={() => setDialog(null)} onDone={done} />
      ) : null}
      {dialog === 'purchase' ? (
        <PurchaseModal pairingId={id} onClose={() => setDialog(null)} onDone={done} />
      ) : null}
      {dialog === 'figure' ? (
        <FigureModal pairingId={id} year={year} onClose={() => setDialog(null)} onDone={done} />
      ) : null}
      {dialog === 'project' ? (
        <ProjectLinkModal pairingId={id} year={year} onClose={() => setDialog(null)} onDone={done} />
      ) : null}
    </Drawer>
  );
}

function Visits({
  visits,
  canRecord,
  saving,
  toCase,
}: {
  visits: PairingVisit[];
  canRecord: boolean;
  saving: boolean;
  toCase: (problemId: Id) => void;
}) {
  if (visits.length === 0) return <Empty description="还没有登记走访" />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {visits.map((v) => (
        <div key={v.id} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }}>
          <Typography.Text strong>{v.visitedOn}</Typography.Text>
          <Typography.Text type="secondary">{`　${v.visitors}`}</Typography.Text>
          <Typography.Paragraph style={{ margin: '4px 0' }}>{v.done}</Typography.Paragraph>
          {v.problems.map((pr) => (
            <div key={pr.id}>
              <Tag color="orange">问题</Tag>
              {pr.description}{' '}
              {pr.caseId ? (
                <Tag color="blue">{`工单 ${pr.caseId} · ${pr.caseStateLabel ?? ''}`}</Tag>
              ) : canRecord ? (
                <Button size="small" type="link" loading={saving} onClick={() => toCase(pr.id)}>
                  转为工单
                </Button>
              ) : null}
            </div>
          ))}
        </div>
      ))}
    </Space>
  );
}
