import {
  Alert,
  Button,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { ApiError, api } from '../../../api/client';
import {
  type AdjustmentKind,
  citation,
  type DuesBaseRow,
  type DuesBasesPage,
  type DuesCategory,
  type DuesQuote,
} from '../../../api/dues';
import { useDebounced, useGet } from '../../../api/hooks';
import { useAuth } from '../../../components/auth';
import {
  dayjs,
  EMPTY,
  formatDateTime,
  formatFen,
  formatRate,
  formatYuan,
  parseYuan,
} from '../../../components/format';
import { DUES_CATEGORIES, DUES_RULES } from '../../../domain';
import { useFeedback } from '../../feedback';
import type { DuesView } from './DuesPage';
import { applyProblem, fenToInput, yuanRule } from './forms';

const CATEGORY_OPTIONS = (Object.keys(DUES_CATEGORIES) as DuesCategory[]).map((c) => ({
  value: c,
  label: DUES_CATEGORIES[c],
}));

/** What the base is for each category (D1–D4), shown under the amount. */
const BASE_HINTS: Record<DuesCategory, string> = {
  on_job:
    '每月固定工资收入扣除个人所得税后的金额（D1：3000 元及以下 0.5%，3000–5000 元 1%，5000–10000 元 1.5%，10000 元以上 2%）',
  annual_salary: '当月实际领取的工资收入（D2，费率同在职党员）',
  self_employed: '上一季度月平均纯收入（D2，费率同在职党员）',
  retiree: '每月离退休费（D3：5000 元及以下 0.5%，5000 元以上 1%）',
  flat: '农民党员每月 0.2–1 元；学生、下岗失业、依靠抚恤或救济生活、领取最低生活保障金的党员每月 0.2 元（D4）',
};

const D5 = `D5，${citation({ source: DUES_RULES.on_job.source, article: '第七条' })}`;

function adjustmentTag(r: DuesBaseRow) {
  if (!r.adjustment || r.adjustment === 'none') return <span className="hl-muted">无</span>;
  const until = r.adjustmentUntil ? `至 ${r.adjustmentUntil}` : '长期';
  const text =
    r.adjustment === 'exempt' ? `免交（${until}）` : `减交为 ${formatFen(r.reducedFen)} 元（${until}）`;
  return (
    <Tooltip title={`${r.adjustmentReason ?? ''}${r.approvedBy ? `；批准：${r.approvedBy}` : ''}`}>
      <Tag color={r.adjustment === 'exempt' ? 'purple' : 'blue'}>{text}</Tag>
    </Tooltip>
  );
}

/** 缴费基数: each member's category, base and monthly amount for a year, with its rule, reductions and the member's confirmation. */
export function BasesTab({ view }: { view: DuesView }) {
  const { orgId } = view;
  const { can } = useAuth();
  const [year, setYear] = useState(Number(view.month.slice(0, 4)));
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [editing, setEditing] = useState<DuesBaseRow | null>(null);
  const [adjusting, setAdjusting] = useState<DuesBaseRow | null>(null);
  const bases = useGet<DuesBasesPage>('/dues/bases', { orgId, year, page, pageSize });
  const data = bases.data;

  // biome-ignore lint/correctness/useExhaustiveDependencies: another organization starts on page 1
  useEffect(() => setPage(1), [orgId]);

  return (
    <div className="hl-stack">
      <div className="hl-toolbar" style={{ marginBottom: 0 }}>
        <DatePicker
          picker="year"
          aria-label="年度"
          allowClear={false}
          value={dayjs(`${year}-01-01`)}
          format="YYYY年"
          onChange={(d) => {
            if (!d) return;
            setYear(d.year());
            setPage(1);
          }}
        />
        {data ? (
          <Typography.Text type="secondary" data-testid="bases-count">
            应交纳党费的党员 {data.total} 人，已核定 {data.withBase} 人
            {data.total > data.withBase ? (
              <Typography.Text type="warning">
                ，未核定 {data.total - data.withBase} 人（未核定的党员不列入台账）
              </Typography.Text>
            ) : null}
          </Typography.Text>
        ) : null}
      </div>
      <Table<DuesBaseRow>
        size="small"
        rowKey="memberId"
        loading={bases.loading}
        dataSource={data?.items ?? []}
        scroll={{ x: 1100 }}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={bases.error ? bases.error.userMessage : '该组织没有需要交纳党费的党员'}
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
          { title: '姓名', dataIndex: 'name', width: 90 },
          { title: '所在党组织', dataIndex: 'orgName', ellipsis: true },
          {
            title: '类别',
            dataIndex: 'categoryLabel',
            width: 120,
            render: (v: string | null) => v ?? <Tag color="warning">未核定</Tag>,
          },
          {
            title: '基数（元）',
            dataIndex: 'baseFen',
            width: 110,
            align: 'right',
            render: (v: number | null, r) =>
              r.category === 'flat' ? <span className="hl-muted">定额</span> : formatFen(v),
          },
          { title: '月交（元）', dataIndex: 'monthlyFen', width: 90, align: 'right', render: formatFen },
          {
            title: '费率',
            dataIndex: 'rate',
            width: 64,
            align: 'right',
            render: (v: string | null, r) => (r.category ? (v ? formatRate(v) : '定额') : EMPTY),
          },
          {
            title: '依据',
            dataIndex: 'ruleId',
            width: 60,
            render: (v: string | null, r) =>
              v && r.category ? (
                <Tooltip title={citation(DUES_RULES[r.category])}>
                  <Tag>{v}</Tag>
                </Tooltip>
              ) : (
                EMPTY
              ),
          },
          { title: '减免', key: 'adjustment', width: 180, render: (_, r) => adjustmentTag(r) },
          {
            title: '党员确认',
            dataIndex: 'confirmedAt',
            width: 90,
            render: (v: string | null, r) =>
              !r.category ? (
                EMPTY
              ) : v ? (
                <Tooltip title={`确认于 ${formatDateTime(v)}`}>
                  <Tag color="green">已确认</Tag>
                </Tooltip>
              ) : (
                <Tag>待确认</Tag>
              ),
          },
          ...(can('dues.manage') || can('dues.approve')
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 110,
                  render: (_: unknown, r: DuesBaseRow) => (
                    <Space size={0}>
                      {can('dues.manage') ? (
                        <Button
                          type="link"
                          size="small"
                          onClick={() => setEditing(r)}
                          aria-label={`核定 ${r.name} 的基数`}
                        >
                          核定
                        </Button>
                      ) : null}
                      {can('dues.approve') ? (
                        <Tooltip title={r.category ? undefined : '请先核定基数'}>
                          <Button
                            type="link"
                            size="small"
                            disabled={!r.category}
                            onClick={() => setAdjusting(r)}
                            aria-label={`为 ${r.name} 登记减免`}
                          >
                            减免
                          </Button>
                        </Tooltip>
                      ) : null}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing ? (
        <BaseModal
          row={editing}
          year={year}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            bases.reload();
          }}
        />
      ) : null}
      {adjusting ? (
        <AdjustmentModal
          row={adjusting}
          year={year}
          onClose={() => setAdjusting(null)}
          onDone={() => {
            setAdjusting(null);
            bases.reload();
          }}
        />
      ) : null}
    </div>
  );
}

interface BaseValues {
  category: DuesCategory;
  base: string;
}

/** The live quote: asks the server (the one calculator, D1–D4) as the person types. */
function useQuote(category: DuesCategory | undefined, baseText: string | undefined) {
  const input = useDebounced(`${category ?? ''}|${baseText ?? ''}`, 250);
  const [quote, setQuote] = useState<DuesQuote | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const [c, b] = input.split('|');
    const baseFen = parseYuan(b);
    setError(null);
    if (!c || baseFen === null) {
      setQuote(null);
      return;
    }
    const controller = new AbortController();
    api
      .post<DuesQuote>('/dues/quote', { category: c, baseFen }, { signal: controller.signal })
      .then(setQuote)
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        setQuote(null);
        setError(err instanceof ApiError ? (err.fieldErrors[0]?.message ?? err.userMessage) : '暂时无法测算');
      });
    return () => controller.abort();
  }, [input]);
  return { quote, error };
}

function BaseModal({
  row,
  year,
  onClose,
  onDone,
}: {
  row: DuesBaseRow;
  year: number;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<BaseValues>();
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const { message } = useFeedback();
  const category = Form.useWatch('category', form);
  const baseText = Form.useWatch('base', form);
  const { quote, error } = useQuote(category, baseText);
  const flat = category === 'flat';

  const submit = async (values: BaseValues) => {
    const baseFen = parseYuan(values.base);
    if (baseFen === null) return;
    setSaving(true);
    setRefusal(null);
    try {
      const q = await api.put<DuesQuote & { year: number }>(`/dues/bases/${row.memberId}`, {
        year,
        category: values.category,
        baseFen,
      });
      message.success(`已核定 ${row.name} ${year} 年党费：月交 ${formatYuan(q.monthlyFen)}`);
      onDone();
    } catch (err) {
      setRefusal(applyProblem(form, err, { baseFen: 'base', category: 'category' }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={`核定党费基数：${row.name}（${year} 年）`}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={560}
    >
      {refusal ? <Alert type="error" showIcon title={refusal} style={{ marginBottom: 16 }} /> : null}
      <Form<BaseValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{
          category: row.category ?? 'on_job',
          base: row.baseFen === null ? '' : fenToInput(row.baseFen),
        }}
      >
        <Form.Item label="党费类别" name="category" rules={[{ required: true, message: '请选择党费类别' }]}>
          <Select options={CATEGORY_OPTIONS} />
        </Form.Item>
        <Form.Item
          label={flat ? '每月定额（元）' : '计算基数（元/月）'}
          name="base"
          rules={[
            { required: true, whitespace: true, message: flat ? '请输入每月定额' : '请输入计算基数' },
            yuanRule({ allowZero: true }),
          ]}
          extra={category ? BASE_HINTS[category] : undefined}
        >
          <Input
            inputMode="decimal"
            suffix="元"
            maxLength={16}
            placeholder={flat ? '如 0.20' : '如 6500.00'}
          />
        </Form.Item>
      </Form>
      <div data-testid="dues-quote" aria-live="polite">
        {quote ? (
          <Alert
            type="success"
            title={
              <span>
                {citation(quote.rule)}　月交{' '}
                <Typography.Text strong>{formatFen(quote.monthlyFen)}</Typography.Text> 元
                {quote.rate ? `（费率 ${formatRate(quote.rate)}）` : '（定额）'}
              </span>
            }
          />
        ) : error ? (
          <Alert type="warning" title={error} />
        ) : (
          <Alert type="info" title="输入基数后显示月交金额及依据" />
        )}
      </div>
      {row.category === null ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          已经生成的月份不含该党员：保存后请在“月度台账”中再次生成这些月份的台账（已列入的党员不会重复记账）。
        </Typography.Paragraph>
      ) : null}
      {row.confirmedAt ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          该党员已确认本年度金额；修改后需要党员重新确认。
        </Typography.Paragraph>
      ) : null}
    </Modal>
  );
}

interface AdjustmentValues {
  kind: AdjustmentKind;
  reduced?: string;
  until?: Dayjs | null;
  reason?: string;
}

/** 减免: a reduction or exemption decided by the branch and approved by the committee above (D5). */
function AdjustmentModal({
  row,
  year,
  onClose,
  onDone,
}: {
  row: DuesBaseRow;
  year: number;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<AdjustmentValues>();
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const { message } = useFeedback();
  const kind = Form.useWatch('kind', form) ?? row.adjustment ?? 'none';
  const monthly = row.monthlyFen ?? 0;

  const submit = async (values: AdjustmentValues) => {
    setSaving(true);
    setRefusal(null);
    try {
      await api.put(`/dues/bases/${row.memberId}/adjustment`, {
        year,
        kind: values.kind,
        reducedFen: values.kind === 'reduced' ? (parseYuan(values.reduced) ?? undefined) : undefined,
        untilMonth: values.kind !== 'none' && values.until ? values.until.format('YYYY-MM') : undefined,
        reason: values.kind !== 'none' ? values.reason?.trim() || undefined : undefined,
      });
      message.success(
        values.kind === 'none'
          ? `已取消 ${row.name} 的减免`
          : `已登记 ${row.name} 的${values.kind === 'exempt' ? '免交' : '减交'}`,
      );
      onDone();
    } catch (err) {
      setRefusal(
        applyProblem(form, err, {
          reducedFen: 'reduced',
          untilMonth: 'until',
          reason: 'reason',
          kind: 'kind',
        }),
      );
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={`党费减免：${row.name}（${year} 年）`}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={560}
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="由党支部研究决定，报上级党委批准后登记"
        description={`${D5}。核定月交 ${formatYuan(monthly)}；已生成的月份不会改变，此后生成的台账按减免后的金额计算。`}
      />
      {refusal ? <Alert type="error" showIcon title={refusal} style={{ marginBottom: 16 }} /> : null}
      <Form<AdjustmentValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{
          kind: row.adjustment ?? 'none',
          reduced: row.reducedFen === null ? '' : fenToInput(row.reducedFen),
          until: row.adjustmentUntil ? dayjs(`${row.adjustmentUntil}-01`) : null,
          reason: row.adjustmentReason ?? '',
        }}
      >
        <Form.Item label="减免方式" name="kind">
          <Radio.Group
            options={[
              { value: 'none', label: '不减免' },
              { value: 'reduced', label: '减交' },
              { value: 'exempt', label: '免交' },
            ]}
          />
        </Form.Item>
        {kind === 'reduced' ? (
          <Form.Item
            label="减交后每月（元）"
            name="reduced"
            rules={[
              { required: true, whitespace: true, message: '请输入减交后的月交金额' },
              yuanRule({
                allowZero: true,
                maxFen: Math.max(0, monthly - 1),
                maxMessage: `应小于核定金额 ${formatYuan(monthly)}`,
              }),
            ]}
          >
            <Input inputMode="decimal" suffix="元" maxLength={16} />
          </Form.Item>
        ) : null}
        {kind !== 'none' ? (
          <>
            <Form.Item label="截至月份" name="until" extra="不填为长期，直至取消">
              <DatePicker picker="month" format="YYYY-MM" />
            </Form.Item>
            <Form.Item
              label="原因及批准情况"
              name="reason"
              rules={[
                { required: true, whitespace: true, message: '减免须写明原因' },
                { max: 500, message: '不能超过 500 个字' },
              ]}
            >
              <Input.TextArea
                rows={3}
                maxLength={500}
                placeholder="如：生活困难，经支部委员会研究、XX党委 2026 年 X 月 X 日批准"
              />
            </Form.Item>
          </>
        ) : null}
      </Form>
    </Modal>
  );
}
