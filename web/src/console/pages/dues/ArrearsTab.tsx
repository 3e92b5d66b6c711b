import { Alert, Empty, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { type ArrearsAnswer, type ArrearsLevel, type ArrearsRow, citation } from '../../../api/dues';
import { useGet } from '../../../api/hooks';
import { formatFen, formatYuan } from '../../../components/format';
import { DUES_LEDGER_RULES } from '../../../domain';
import type { DuesView } from './DuesPage';

const rule = DUES_LEDGER_RULES.arrears;

/** The level tags of D11. A finding is for the branch to study; nothing here ends anyone's membership. */
export const LEVELS: Record<ArrearsLevel, { label: string; color: string }> = {
  none: { label: '欠交', color: 'default' },
  warning: { label: `连续 ${rule.warnAt} 个月：提醒`, color: 'orange' },
  finding: { label: `连续 ${rule.findingAt} 个月：问题线索，由支部研究处理`, color: 'red' },
};

/** 欠缴提醒: members with a run of unpaid months up to now, and what D11 asks of the branch. */
export function ArrearsTab({ view }: { view: DuesView }) {
  const [minMonths, setMinMonths] = useState<number>(1);
  const arrears = useGet<ArrearsAnswer>('/dues/arrears', { orgId: view.orgId, minMonths });
  const r = arrears.data?.rule ?? { ...rule };
  const items = arrears.data?.items ?? [];
  const counts = { warning: 0, finding: 0 };
  for (const i of items) if (i.level !== 'none') counts[i.level]++;

  return (
    <div className="hl-stack">
      <Alert
        type="info"
        showIcon
        title={`${r.id}：${citation(r)}`}
        description={
          <>
            连续 {r.warnAt} 个月未交纳党费的，提醒党员本人和党支部；连续 {r.findingAt}{' '}
            个月未交纳的，形成问题线索，交党支部研究处理。是否有正当理由、如何处理，由党支部按党章和有关规定研究决定，系统不作任何处理。
          </>
        }
      />
      <div className="hl-toolbar" style={{ marginBottom: 0 }}>
        <Segmented<number>
          aria-label="连续未交月数"
          value={minMonths}
          onChange={setMinMonths}
          options={[
            { value: 1, label: '全部欠交' },
            { value: r.warnAt, label: `连续 ${r.warnAt} 个月及以上` },
            { value: r.findingAt, label: `连续 ${r.findingAt} 个月及以上` },
          ]}
        />
        {arrears.data ? (
          <Typography.Text type="secondary">
            共 {arrears.data.total} 人，其中提醒 {counts.warning} 人、问题线索 {counts.finding} 人；欠交合计{' '}
            {formatYuan(items.reduce((s, i) => s + i.owedFen, 0))}
          </Typography.Text>
        ) : null}
      </div>
      <Table<ArrearsRow>
        size="small"
        rowKey="memberId"
        loading={arrears.loading}
        dataSource={items}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (t) => `共 ${t} 人` }}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={arrears.error ? arrears.error.userMessage : '没有欠交党费的党员'}
            />
          ),
        }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 110 },
          { title: '所在党组织', dataIndex: 'orgName', ellipsis: true },
          {
            title: '连续未交',
            dataIndex: 'months',
            width: 100,
            align: 'right',
            render: (v: number) => `${v} 个月`,
          },
          {
            title: '未交月份',
            key: 'range',
            width: 170,
            render: (_, row) =>
              row.firstMonth === row.lastMonth ? row.firstMonth : `${row.firstMonth} 至 ${row.lastMonth}`,
          },
          { title: '欠交（元）', dataIndex: 'owedFen', width: 110, align: 'right', render: formatFen },
          {
            title: '提醒级别',
            dataIndex: 'level',
            width: 290,
            render: (level: ArrearsLevel) => <Tag color={LEVELS[level].color}>{LEVELS[level].label}</Tag>,
          },
        ]}
      />
    </div>
  );
}
