import { DownloadOutlined, FileAddOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../../api/client';
import {
  citation,
  type GenerateResult,
  LEDGER_STATUS,
  type LedgerPage,
  type LedgerRow,
  type LedgerStatus,
} from '../../../api/dues';
import { useGet } from '../../../api/hooks';
import { useAuth } from '../../../components/auth';
import { formatFen, formatYuan } from '../../../components/format';
import { DUES_LEDGER_RULES } from '../../../domain';
import { useFeedback } from '../../feedback';
import type { DuesView } from './DuesPage';
import { currentMonth } from './forms';
import { BulkPayModal, ImportModal, PaymentModal } from './LedgerModals';

const STATUS_OPTIONS = (Object.keys(LEDGER_STATUS) as LedgerStatus[]).map((s) => ({
  value: s,
  label: LEDGER_STATUS[s].label,
}));

const owes = (r: LedgerRow) => r.status === 'unpaid' || r.status === 'partial';

/** 月度台账: generate the month, record payments one by one, in bulk or from Excel, export the month. */
export function LedgerTab({ view }: { view: DuesView }) {
  const { orgId, month } = view;
  const { can } = useAuth();
  const manage = can('dues.manage');
  const { message, showError } = useFeedback();
  const [status, setStatus] = useState<LedgerStatus>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [generating, setGenerating] = useState(false);
  const [generated, setGenerated] = useState<GenerateResult | null>(null);
  const [paying, setPaying] = useState<LedgerRow | null>(null);
  const [selected, setSelected] = useState<Map<number, LedgerRow>>(new Map());
  const [bulk, setBulk] = useState(false);
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);
  const ledger = useGet<LedgerPage>('/dues/ledger', { orgId, month, status, page, pageSize });

  // A different organization or month is a different ledger: start over.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the view changes
  useEffect(() => {
    setPage(1);
    setSelected(new Map());
    setGenerated(null);
  }, [orgId, month]);

  const generate = async () => {
    setGenerating(true);
    try {
      const result = await api.post<GenerateResult>('/dues/ledger/generate', { orgId: Number(orgId), month });
      setGenerated(result);
      ledger.reload();
    } catch (err) {
      showError(err);
    } finally {
      setGenerating(false);
    }
  };

  const exportXlsx = async () => {
    setExporting(true);
    try {
      const name = await api.download(
        '/dues/ledger/export.xlsx',
        { orgId, month },
        `${month}-党费收缴明细.xlsx`,
      );
      message.success(`已导出「${name}」`);
    } catch (err) {
      showError(err);
    } finally {
      setExporting(false);
    }
  };

  const data = ledger.data;
  const now = currentMonth();
  const isCurrent = month === now;
  const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
  const backPayment = DUES_LEDGER_RULES.backPayment;
  const tooOld = monthIndex(now) - monthIndex(month) > backPayment.months;
  const empty = !ledger.loading && data !== undefined && data.total === 0 && status === undefined;

  return (
    <div className="hl-stack">
      <div className="hl-toolbar" style={{ marginBottom: 0 }}>
        <Select
          allowClear
          placeholder="全部状态"
          aria-label="缴纳状态"
          style={{ width: 140 }}
          options={STATUS_OPTIONS}
          value={status}
          onChange={(v: LedgerStatus | undefined) => {
            setStatus(v);
            setPage(1);
          }}
        />
        {manage ? (
          <Button
            type="primary"
            icon={<FileAddOutlined />}
            loading={generating}
            onClick={() => void generate()}
          >
            {isCurrent ? '生成本月台账' : `生成 ${month} 台账`}
          </Button>
        ) : null}
        {manage ? (
          <Button disabled={selected.size === 0} onClick={() => setBulk(true)}>
            批量登记已交{selected.size ? `（${selected.size} 人）` : ''}
          </Button>
        ) : null}
        <span className="hl-toolbar-spacer" />
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()}>
          导出 Excel
        </Button>
        {manage ? (
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
            导入缴费
          </Button>
        ) : null}
      </div>

      {tooOld ? (
        <Alert
          type="info"
          showIcon
          title={`${month} 已超出补交期限：按规定补交党费最多补交 ${backPayment.months} 个月（${backPayment.id}，${citation(backPayment)}），该月不能再登记按月交纳。`}
        />
      ) : null}

      {generated ? (
        <Alert
          closable={{ onClose: () => setGenerated(null) }}
          type={generated.withoutBase > 0 ? 'warning' : 'success'}
          showIcon
          title={`${generated.month} 台账：新生成 ${generated.generated} 人，此前已生成 ${generated.alreadyGenerated} 人`}
          description={
            generated.withoutBase > 0 ? (
              <span>
                另有 {generated.withoutBase} 名党员尚未核定 {month.slice(0, 4)} 年的缴费基数，未列入台账。
                <Button type="link" size="small" onClick={() => view.openTab('bases')}>
                  前往缴费基数核定
                </Button>
              </span>
            ) : (
              '重复生成不会重复记账。'
            )
          }
        />
      ) : null}

      {data && data.total > 0 ? (
        <Typography.Text type="secondary" data-testid="ledger-totals">
          {status ? `${LEDGER_STATUS[status].label}：` : ''}共 {data.total} 人，应交合计{' '}
          <Typography.Text strong>{formatYuan(data.dueFen)}</Typography.Text>，实交合计{' '}
          <Typography.Text strong>{formatYuan(data.paidFen)}</Typography.Text>
          {data.dueFen > data.paidFen ? `，未交 ${formatYuan(data.dueFen - data.paidFen)}` : ''}
        </Typography.Text>
      ) : null}

      <Table<LedgerRow>
        size="small"
        rowKey="memberId"
        loading={ledger.loading}
        dataSource={data?.items ?? []}
        rowSelection={
          manage
            ? {
                preserveSelectedRowKeys: true,
                selectedRowKeys: [...selected.keys()],
                getCheckboxProps: (r) => ({ disabled: !owes(r), 'aria-label': `选择 ${r.name}` }),
                onChange: (keys, rows) => {
                  setSelected((prev) => {
                    const next = new Map<number, LedgerRow>();
                    for (const k of keys) {
                      const id = Number(k);
                      const row = rows.find((r) => r?.memberId === id) ?? prev.get(id);
                      if (row) next.set(id, row);
                    }
                    return next;
                  });
                },
              }
            : undefined
        }
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                ledger.error
                  ? ledger.error.userMessage
                  : empty
                    ? `${month} 的台账尚未生成${manage ? '，请点击“生成台账”' : ''}`
                    : '没有符合条件的记录'
              }
            />
          ),
        }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => `共 ${total} 人`,
          onChange: (p, s) => {
            setPage(s === pageSize ? p : 1);
            setPageSize(s);
          },
        }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 120 },
          { title: '所在党组织', dataIndex: 'orgName', ellipsis: true },
          { title: '应交（元）', dataIndex: 'dueFen', width: 120, align: 'right', render: formatFen },
          { title: '实交（元）', dataIndex: 'paidFen', width: 120, align: 'right', render: formatFen },
          {
            title: '状态',
            dataIndex: 'status',
            width: 100,
            render: (s: LedgerStatus) => (
              <Tag color={LEDGER_STATUS[s]?.color}>{LEDGER_STATUS[s]?.label ?? s}</Tag>
            ),
          },
          ...(manage
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 110,
                  render: (_: unknown, r: LedgerRow) => (
                    <Space size={0}>
                      <Button
                        type="link"
                        size="small"
                        onClick={() => setPaying(r)}
                        aria-label={`为 ${r.name} ${owes(r) ? '登记缴费' : '登记自愿多交'}`}
                      >
                        {owes(r) ? '登记缴费' : '自愿多交'}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />

      {paying ? (
        <PaymentModal
          row={paying}
          onClose={() => setPaying(null)}
          onDone={() => {
            setPaying(null);
            ledger.reload();
          }}
        />
      ) : null}
      {bulk ? (
        <BulkPayModal
          view={view}
          rows={[...selected.values()]}
          onClose={() => setBulk(false)}
          onDone={() => {
            setBulk(false);
            setSelected(new Map());
            ledger.reload();
          }}
        />
      ) : null}
      {importing ? (
        <ImportModal
          onClose={() => setImporting(false)}
          onDone={() => {
            setImporting(false);
            ledger.reload();
          }}
        />
      ) : null}
    </div>
  );
}
