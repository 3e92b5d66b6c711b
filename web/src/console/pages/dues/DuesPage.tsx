import { Card, DatePicker, Empty, Space, Spin, Tabs, Typography } from 'antd';
import { lazy, Suspense, useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useGet } from '../../../api/hooks';
import type { Id, OrgDetail } from '../../../api/types';
import { useUser } from '../../../components/auth';
import { dayjs, todayInChina } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { PageContainer } from '../../PageContainer';
import { ArrearsTab } from './ArrearsTab';
import { BasesTab } from './BasesTab';
import { currentMonth } from './forms';
import { LedgerTab } from './LedgerTab';

// The statistics tab carries ECharts: load it only when opened.
const SummaryTab = lazy(() => import('./SummaryTab').then((m) => ({ default: m.SummaryTab })));

export type DuesTabKey = 'ledger' | 'bases' | 'arrears' | 'summary';
const TABS: DuesTabKey[] = ['ledger', 'bases', 'arrears', 'summary'];

/** What every tab works on: the organization (with its subtree) and the month. */
export interface DuesView {
  orgId: Id;
  orgName: string;
  month: string;
  /** Switch to another tab (the ledger's "members without a base" warning links to 缴费基数). */
  openTab: (tab: DuesTabKey) => void;
}

/**
 * 党费管理: the month's ledger and payments, each member's base for the year, arrears and totals,
 * for one organization and everything under it. Organization, month and tab live in the address,
 * so a view can be reloaded or shared.
 */
export default function DuesPage() {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const home = user.roles[0];
  const orgId: Id | undefined = params.get('org') ?? home?.orgId ?? user.orgId ?? undefined;
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(params.get('month') ?? '')
    ? params.get('month')!
    : currentMonth();
  const tabParam = params.get('tab') as DuesTabKey | null;
  const tab: DuesTabKey = tabParam && TABS.includes(tabParam) ? tabParam : 'ledger';
  const chosen = useGet<OrgDetail>(orgId === undefined ? null : `/orgs/${orgId}`);
  const orgName =
    chosen.data?.name ?? (String(home?.orgId) === String(orgId) ? home?.orgName : undefined) ?? '';

  const set = useCallback(
    (changes: Record<string, string | undefined>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(changes)) {
            if (v === undefined) next.delete(k);
            else next.set(k, v);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  const openTab = useCallback((t: DuesTabKey) => set({ tab: t }), [set]);

  const view: DuesView | null = orgId === undefined ? null : { orgId, orgName, month, openTab };

  return (
    <PageContainer
      title="党费管理"
      subTitle="按月生成台账、登记缴费、核定基数、提醒欠交；金额精确到分"
      extra={
        <Space wrap>
          <span className="hl-muted">党组织</span>
          <div style={{ width: 320 }}>
            <OrgTreeSelect
              id="dues-org"
              value={orgId}
              initialLabel={orgName || undefined}
              allowClear={false}
              onChange={(v) => (v === undefined ? undefined : set({ org: String(v) }))}
              placeholder="选择党组织（含下级组织）"
            />
          </div>
          <span className="hl-muted">月份</span>
          <DatePicker
            picker="month"
            aria-label="月份"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            format="YYYY年MM月"
            disabledDate={(d) => d.isAfter(todayInChina().add(2, 'month').endOf('month'))}
            onChange={(d) => d && set({ month: d.format('YYYY-MM') })}
          />
        </Space>
      }
    >
      {view === null ? (
        <Card>
          <Empty description="您的账号没有关联党组织，无法查看党费" />
        </Card>
      ) : (
        <Card size="small" className="hl-dues">
          <Tabs
            activeKey={tab}
            onChange={(k) => openTab(k as DuesTabKey)}
            destroyOnHidden
            items={[
              { key: 'ledger', label: '月度台账', children: <LedgerTab view={view} /> },
              { key: 'bases', label: '缴费基数', children: <BasesTab view={view} /> },
              { key: 'arrears', label: '欠缴提醒', children: <ArrearsTab view={view} /> },
              {
                key: 'summary',
                label: '收缴统计',
                children: (
                  <Suspense fallback={<Spin />}>
                    <SummaryTab view={view} />
                  </Suspense>
                ),
              },
            ]}
          />
          {chosen.error ? <Typography.Text type="danger">{chosen.error.userMessage}</Typography.Text> : null}
        </Card>
      )}
    </PageContainer>
  );
}
