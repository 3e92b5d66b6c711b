import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Typography,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError, api } from '../../../api/client';
import {
  citation,
  type ImportResult,
  type LedgerRow,
  PAYMENT_METHODS,
  type PaymentMethod,
  XLSX_TYPE,
} from '../../../api/dues';
import { formatYuan, parseYuan, todayInChina } from '../../../components/format';
import { DUES_LEDGER_RULES } from '../../../domain';
import { useFeedback } from '../../feedback';
import type { DuesView } from './DuesPage';
import { applyProblem, fenToInput, yuanRule } from './forms';

interface PaymentValues {
  kind: 'regular' | 'voluntary';
  amount: string;
  paidOn: Dayjs;
  method: PaymentMethod;
  note?: string;
}

const noFuture = (d: Dayjs) => d.isAfter(todayInChina().endOf('day'));

/** 登记缴费: one payment for one member and month; 元 typed as text and turned into fen exactly. */
export function PaymentModal({
  row,
  onClose,
  onDone,
}: {
  row: LedgerRow;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<PaymentValues>();
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const { message, modal } = useFeedback();
  const outstanding = Math.max(0, row.dueFen - row.paidFen);
  const kind = Form.useWatch('kind', form) ?? (outstanding > 0 ? 'regular' : 'voluntary');
  const large = DUES_LEDGER_RULES.largeVoluntary;

  const submit = async (values: PaymentValues) => {
    const amountFen = parseYuan(values.amount);
    if (amountFen === null) return;
    setSaving(true);
    setRefusal(null);
    try {
      const result = await api.post<{ id: number; notice: string | null }>('/dues/payments', {
        memberId: row.memberId,
        month: row.month,
        amountFen,
        paidOn: values.paidOn.format('YYYY-MM-DD'),
        kind: values.kind,
        method: values.method,
        note: values.note?.trim() || undefined,
      });
      message.success(
        `已登记 ${row.name} ${row.month} ${values.kind === 'voluntary' ? '自愿多交党费' : '党费'} ${formatYuan(amountFen)}`,
      );
      if (result.notice) modal.info({ title: '大额自愿多交党费', content: result.notice, okText: '知道了' });
      onDone();
    } catch (err) {
      setRefusal(
        applyProblem(form, err, {
          amountFen: 'amount',
          paidOn: 'paidOn',
          method: 'method',
          note: 'note',
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
      title={`登记缴费：${row.name}（${row.month}）`}
      okText="登记"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={520}
    >
      <Descriptions
        size="small"
        column={3}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'due', label: '应交', children: formatYuan(row.dueFen) },
          { key: 'paid', label: '已交', children: formatYuan(row.paidFen) },
          { key: 'out', label: '未交', children: formatYuan(outstanding) },
        ]}
      />
      {refusal ? <Alert type="error" showIcon title={refusal} style={{ marginBottom: 16 }} /> : null}
      <Form<PaymentValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{
          kind: outstanding > 0 ? 'regular' : 'voluntary',
          amount: outstanding > 0 ? fenToInput(outstanding) : '',
          paidOn: todayInChina(),
          method: 'cash',
        }}
        onValuesChange={(changed: Partial<PaymentValues>) => {
          if (changed.kind) {
            form.setFieldValue(
              'amount',
              changed.kind === 'regular' && outstanding > 0 ? fenToInput(outstanding) : '',
            );
            form.setFields([{ name: 'amount', errors: [] }]);
          }
        }}
      >
        <Form.Item label="类型" name="kind">
          <Radio.Group
            options={[
              { value: 'regular', label: '按月交纳', disabled: outstanding === 0 },
              { value: 'voluntary', label: '自愿多交' },
            ]}
          />
        </Form.Item>
        <Form.Item
          label="金额（元）"
          name="amount"
          rules={[
            { required: true, whitespace: true, message: '请输入金额' },
            kind === 'regular'
              ? yuanRule({
                  maxFen: outstanding,
                  maxMessage: `该月未交 ${formatYuan(outstanding)}，本次最多登记 ${formatYuan(outstanding)}；多交部分请按“自愿多交”登记`,
                })
              : yuanRule(),
          ]}
          extra={
            kind === 'voluntary'
              ? `一次自愿多交 ${formatYuan(large.fen)} 以上的，按规定全额上缴中央（${large.id}，${citation(large)}）`
              : '默认为该月尚未交纳的金额'
          }
        >
          <Input inputMode="decimal" placeholder="如 15.00" suffix="元" maxLength={16} />
        </Form.Item>
        <Space size={16} style={{ display: 'flex' }} align="start">
          <Form.Item label="缴费日期" name="paidOn" rules={[{ required: true, message: '请选择缴费日期' }]}>
            <DatePicker allowClear={false} disabledDate={noFuture} />
          </Form.Item>
          <Form.Item label="缴费方式" name="method" rules={[{ required: true, message: '请选择缴费方式' }]}>
            <Select options={PAYMENT_METHODS} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Form.Item label="备注" name="note" rules={[{ max: 200, message: '备注不能超过 200 个字' }]}>
          <Input.TextArea rows={2} maxLength={200} placeholder="如：补交、经支部同意按季度交纳等" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 批量登记已交: every selected member's outstanding amount for the month, in one step. */
export function BulkPayModal({
  view,
  rows,
  onClose,
  onDone,
}: {
  view: DuesView;
  rows: LedgerRow[];
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ paidOn: Dayjs; method: PaymentMethod }>();
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const { message } = useFeedback();
  const total = rows.reduce((s, r) => s + Math.max(0, r.dueFen - r.paidFen), 0);

  const submit = async (values: { paidOn: Dayjs; method: PaymentMethod }) => {
    setSaving(true);
    setRefusal(null);
    try {
      const result = await api.post<{ paid: number }>('/dues/payments/bulk', {
        orgId: Number(view.orgId),
        month: view.month,
        memberIds: rows.map((r) => r.memberId),
        paidOn: values.paidOn.format('YYYY-MM-DD'),
        method: values.method,
      });
      message.success(`已登记 ${result.paid} 名党员 ${view.month} 的党费为已交`);
      onDone();
    } catch (err) {
      setRefusal(applyProblem(form, err, { paidOn: 'paidOn', method: 'method' }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={`批量登记已交（${view.month}）`}
      okText="确认登记"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Typography.Paragraph>
        将以下 {rows.length} 名党员 {view.month} 尚未交纳的党费（合计{' '}
        <Typography.Text strong>{formatYuan(total)}</Typography.Text>
        ）登记为已交：
        <br />
        <Typography.Text type="secondary">{rows.map((r) => r.name).join('、')}</Typography.Text>
      </Typography.Paragraph>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="只登记党员本人已经交纳的党费。按规定不得代交党费、不得从工资中扣缴（D12）。"
      />
      {refusal ? <Alert type="error" showIcon title={refusal} style={{ marginBottom: 16 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ paidOn: todayInChina(), method: 'cash' }}
      >
        <Space size={16} align="start">
          <Form.Item label="缴费日期" name="paidOn" rules={[{ required: true, message: '请选择缴费日期' }]}>
            <DatePicker allowClear={false} disabledDate={noFuture} />
          </Form.Item>
          <Form.Item label="缴费方式" name="method">
            <Select options={PAYMENT_METHODS} style={{ width: 160 }} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

/**
 * 导入缴费: the template, then the file; any bad row is listed (行号 / 列 / 原因) and nothing is written
 * unless the person chooses to import only the good rows.
 */
export function ImportModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const { message, showError } = useFeedback();

  const send = async (mode: 'all' | 'good_rows') => {
    if (!file) return;
    setBusy(true);
    setFailure(null);
    try {
      const body = new Blob([file], { type: XLSX_TYPE });
      const answer = await api.postFile<ImportResult>('/dues/payments/import', body, { mode });
      if (answer.errors.length === 0 || mode === 'good_rows') {
        message.success(
          answer.errors.length
            ? `已导入 ${answer.imported} 笔党费，跳过有错误的 ${new Set(answer.errors.map((e) => e.row)).size} 行`
            : `已导入 ${answer.imported} 笔党费`,
        );
        onDone();
        return;
      }
      setResult(answer);
    } catch (err) {
      if (err instanceof ApiError) {
        const fieldMessages = err.fieldErrors.map((e) => e.message);
        setFailure(
          fieldMessages.length
            ? [...new Set([err.userMessage, ...fieldMessages])].join('；')
            : err.userMessage,
        );
      } else showError(err);
    } finally {
      setBusy(false);
    }
  };

  const template = async () => {
    try {
      await api.download('/dues/payments/template.xlsx', undefined, '党费缴纳导入模板.xlsx');
    } catch (err) {
      showError(err);
    }
  };

  const badRows = result ? new Set(result.errors.map((e) => e.row)).size : 0;

  return (
    <Modal
      open
      width={720}
      title="导入缴费"
      onCancel={onClose}
      footer={
        result ? (
          <Space>
            <Button onClick={onClose}>取消</Button>
            <Button
              onClick={() => {
                setResult(null);
                setFile(null);
              }}
            >
              重新选择文件
            </Button>
            <Button
              type="primary"
              disabled={result.goodRows === 0}
              loading={busy}
              onClick={() => void send('good_rows')}
            >
              仅导入正确的行（{result.goodRows} 行）
            </Button>
          </Space>
        ) : (
          <Space>
            <Button onClick={onClose}>取消</Button>
            <Button type="primary" disabled={!file} loading={busy} onClick={() => void send('all')}>
              检查并导入
            </Button>
          </Space>
        )
      }
    >
      {result ? (
        <div className="hl-stack">
          <Alert
            type="warning"
            showIcon
            title={`文件中有 ${badRows} 行有错误，尚未导入任何数据`}
            description={`正确的行有 ${result.goodRows} 行。可以改正文件后重新上传，或只导入正确的行（有错误的行不会导入）。`}
          />
          <Table
            size="small"
            rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
            dataSource={result.errors}
            pagination={result.errors.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
            columns={[
              { title: '行号', dataIndex: 'row', width: 70 },
              { title: '列', dataIndex: 'column', width: 120 },
              { title: '原因', dataIndex: 'message' },
            ]}
          />
        </div>
      ) : (
        <div className="hl-stack">
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            每行一笔按月交纳的党费：身份证号码、姓名、所属月份、金额（元）、缴费日期、缴费方式、备注。银行代收明细可整理成同样的列后导入。
            <Button type="link" icon={<DownloadOutlined />} onClick={() => void template()}>
              下载导入模板
            </Button>
          </Typography.Paragraph>
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            maxCount={1}
            multiple={false}
            fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
            beforeUpload={(f) => {
              setFile(f);
              setFailure(null);
              return false;
            }}
            onRemove={() => {
              setFile(null);
              return true;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">点击或拖入 Excel 文件（.xlsx）</p>
            <p className="ant-upload-hint">
              有错误时整份文件不写入，并逐行列出错误；按规定最多补交 {DUES_LEDGER_RULES.backPayment.months}{' '}
              个月（
              {DUES_LEDGER_RULES.backPayment.id}）。
            </p>
          </Upload.Dragger>
          {failure ? <Alert type="error" showIcon title={failure} /> : null}
        </div>
      )}
    </Modal>
  );
}
