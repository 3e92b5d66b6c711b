import { IdcardOutlined, SwapOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, api } from '../../../api/client';
import { useDebounced, useGet } from '../../../api/hooks';
import type { Id, Page, TransferAction, TransferItem } from '../../../api/types';
import { useAuth } from '../../../components/auth';
import { type dayjs, EMPTY, todayInChina } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { useFeedback } from '../../feedback';
import { PageContainer } from '../../PageContainer';
import { MemberSelect } from '../development/shared';

const STATE_COLORS: Record<string, string> = {
  pending: 'processing',
  accepted: 'gold',
  returned: 'error',
  completed: 'success',
  expired: 'default',
  cancelled: 'default',
};

const STATE_FILTERS = [
  { value: 'open', label: '未完成' },
  { value: 'pending', label: '待接收' },
  { value: 'accepted', label: '已接收，待回执' },
  { value: 'returned', label: '已退回' },
  { value: 'completed', label: '已完成' },
  { value: 'expired', label: '介绍信已过期' },
  { value: 'cancelled', label: '已撤回' },
];

/** 组织关系转接: inbox (transfers to the caller's organizations) and outbox (from them). */
export default function TransfersPage() {
  const { can } = useAuth();
  const [box, setBox] = useState<'inbox' | 'outbox'>('inbox');
  const [state, setState] = useState<string | undefined>('open');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [starting, setStarting] = useState(false);
  const [carding, setCarding] = useState(false);
  const [prompt, setPrompt] = useState<{ item: TransferItem; action: 'return' | 'receipt' }>();
  const list = useGet<Page<TransferItem>>('/transfers', { box, state, q, page, pageSize: 20 });
  const { message, showError } = useFeedback();

  const run = async (item: TransferItem, action: TransferAction, body: Record<string, unknown> = {}) => {
    try {
      await api.post(`/transfers/${item.id}/${action}`, body);
      message.success(
        {
          accept: '已接收，党员组织关系已转入',
          return: '已退回',
          receipt: '已登记回执，转接完成',
          cancel: '已撤回',
        }[action],
      );
      setPrompt(undefined);
      list.reload();
    } catch (err) {
      showError(err);
    }
  };

  return (
    <PageContainer
      title="组织关系转接"
      subTitle="接收方确认接收前，党员仍由转出组织管理；介绍信过期未接收的自动失效，回执退回后转接完成"
      extra={
        <Space>
          {can('transfer.start') ? (
            <Button icon={<IdcardOutlined />} onClick={() => setCarding(true)}>
              流动党员活动证
            </Button>
          ) : null}
          {can('transfer.start') || can('transfer.receive') ? (
            <Button type="primary" icon={<SwapOutlined />} onClick={() => setStarting(true)}>
              发起转接
            </Button>
          ) : null}
        </Space>
      }
    >
      <Card size="small">
        <Tabs
          activeKey={box}
          onChange={(k) => {
            setBox(k as 'inbox' | 'outbox');
            setPage(1);
          }}
          items={[
            { key: 'inbox', label: '转入（待本组织接收）' },
            { key: 'outbox', label: '转出（本组织发出）' },
          ]}
        />
        <div className="hl-toolbar">
          <Select
            allowClear
            placeholder="全部状态"
            aria-label="状态"
            style={{ width: 180 }}
            options={STATE_FILTERS}
            value={state}
            onChange={(v) => {
              setState(v);
              setPage(1);
            }}
          />
          <Input.Search
            allowClear
            placeholder="党员姓名"
            aria-label="按党员姓名搜索"
            style={{ width: 200 }}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
          />
        </div>
        <Table<TransferItem>
          size="small"
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 1300 }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  list.error
                    ? list.error.userMessage
                    : box === 'inbox'
                      ? '没有转入的组织关系'
                      : '没有转出的组织关系'
                }
              />
            ),
          }}
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            showTotal: (total) => `共 ${total} 条`,
            onChange: setPage,
          }}
          columns={[
            {
              title: '党员',
              dataIndex: 'memberName',
              width: 200,
              render: (v: string, r) => (
                <Space orientation="vertical" size={0}>
                  <span>
                    {v} <Tag>{r.memberStage}</Tag>
                  </span>
                  <span className="hl-code hl-muted">{r.memberIdNumber}</span>
                </Space>
              ),
            },
            { title: '方向', dataIndex: 'directionLabel', width: 110 },
            {
              title: '转出组织',
              width: 220,
              ellipsis: true,
              render: (_: unknown, r) =>
                r.fromOrgName ?? (r.direction === 'in' ? `${r.outsideOrgName}（系统外）` : EMPTY),
            },
            {
              title: '接收组织',
              width: 220,
              ellipsis: true,
              render: (_: unknown, r) =>
                r.toOrgName ?? (r.direction === 'out' ? `${r.outsideOrgName}（系统外）` : EMPTY),
            },
            {
              title: '介绍信编号',
              dataIndex: 'outsideLetterNo',
              width: 170,
              render: (v: string | null) => v ?? '系统内（无纸质介绍信）',
            },
            { title: '开具日期', dataIndex: 'startedOn', width: 100 },
            {
              title: '有效期至',
              dataIndex: 'letterValidUntil',
              width: 100,
              render: (v: string, r) =>
                r.state === 'pending' && v < todayInChina().format('YYYY-MM-DD') ? (
                  <Typography.Text type="danger">{v}</Typography.Text>
                ) : (
                  v
                ),
            },
            {
              title: '状态',
              dataIndex: 'stateLabel',
              width: 140,
              render: (v: string, r) =>
                r.state === 'returned' ? (
                  <Tooltip title={`退回原因：${r.returnReason ?? ''}`}>
                    <Tag color="error">{v}</Tag>
                  </Tooltip>
                ) : (
                  <Tag color={STATE_COLORS[r.state]}>{v}</Tag>
                ),
            },
            { title: '原因', dataIndex: 'reason', width: 140, ellipsis: true },
            {
              title: '操作',
              key: 'actions',
              fixed: 'right',
              width: 200,
              render: (_: unknown, r) => (
                <Space size={4} wrap>
                  {r.actions.includes('accept') ? (
                    <Popconfirm
                      title="接收组织关系"
                      description={`接收后，${r.memberName}的组织关系转入${r.toOrgName ?? '本组织'}。`}
                      okText="接收"
                      cancelText="取消"
                      onConfirm={() => run(r, 'accept')}
                    >
                      <Button size="small" type="primary">
                        接收
                      </Button>
                    </Popconfirm>
                  ) : null}
                  {r.actions.includes('return') ? (
                    <Button size="small" danger onClick={() => setPrompt({ item: r, action: 'return' })}>
                      退回
                    </Button>
                  ) : null}
                  {r.actions.includes('receipt') ? (
                    <Button size="small" onClick={() => setPrompt({ item: r, action: 'receipt' })}>
                      {r.direction === 'out' ? '登记收到回执' : '回执'}
                    </Button>
                  ) : null}
                  {r.actions.includes('cancel') ? (
                    <Popconfirm
                      title="撤回该转接？"
                      okText="撤回"
                      cancelText="取消"
                      onConfirm={() => run(r, 'cancel')}
                    >
                      <Button size="small">撤回</Button>
                    </Popconfirm>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {prompt ? <PromptModal {...prompt} onClose={() => setPrompt(undefined)} onRun={run} /> : null}
      {starting ? (
        <StartTransferModal
          onClose={() => setStarting(false)}
          onDone={(direction) => {
            setStarting(false);
            setBox(direction === 'in' ? 'inbox' : 'outbox');
            list.reload();
          }}
        />
      ) : null}
      {carding ? <MobileCardModal onClose={() => setCarding(false)} /> : null}
    </PageContainer>
  );
}

function PromptModal({
  item,
  action,
  onClose,
  onRun,
}: {
  item: TransferItem;
  action: 'return' | 'receipt';
  onClose: () => void;
  onRun: (item: TransferItem, action: TransferAction, body: Record<string, unknown>) => Promise<void>;
}) {
  const [value, setValue] = useState('');
  const [saving, setSaving] = useState(false);
  const isReturn = action === 'return';
  return (
    <Modal
      open
      title={isReturn ? `退回 ${item.memberName} 的组织关系` : `登记 ${item.memberName} 的回执`}
      okText={isReturn ? '退回' : '登记'}
      okButtonProps={{ danger: isReturn, disabled: isReturn && !value.trim() }}
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={async () => {
        setSaving(true);
        await onRun(
          item,
          action,
          isReturn ? { reason: value.trim() } : { receiptNo: value.trim() || undefined },
        );
        setSaving(false);
      }}
    >
      {isReturn ? (
        <Input.TextArea
          rows={3}
          maxLength={500}
          placeholder="退回原因（必填），如：该同志不在本单位工作"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
      ) : (
        <Input
          maxLength={60}
          placeholder="回执编号（可不填）"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
      )}
    </Modal>
  );
}

interface Target {
  id: Id;
  name: string;
  typeLabel: string;
  pathNames: string[];
}

/** Any organization in the system can receive a relationship, not only those in the caller's scope. */
function TargetSelect({
  value,
  onChange,
  id,
}: {
  value?: Id;
  onChange?: (v: Id | undefined) => void;
  id?: string;
}) {
  const [search, setSearch] = useState('');
  const query = useDebounced(search.trim(), 300);
  const [options, setOptions] = useState<Target[]>([]);
  useEffect(() => {
    if (!query) return;
    let live = true;
    api
      .get<Page<Target>>('/transfers/targets', { q: query })
      .then((p) => live && setOptions(p.items))
      .catch(() => live && setOptions([]));
    return () => {
      live = false;
    };
  }, [query]);
  return (
    <Select
      id={id}
      showSearch
      allowClear
      filterOption={false}
      value={value as never}
      onChange={(v) => onChange?.(v as Id | undefined)}
      onSearch={setSearch}
      placeholder="输入接收党组织的名称搜索（全系统）"
      notFoundContent={query ? '没有找到' : '请输入名称'}
      options={options.map((o) => ({
        value: o.id,
        label: `${o.name}（${o.typeLabel}${o.pathNames.length ? `，${o.pathNames.slice(-2).join(' / ')}` : ''}）`,
      }))}
    />
  );
}

interface StartValues {
  direction: 'internal' | 'out' | 'in';
  memberId?: Id;
  toOrgId?: Id;
  outsideOrgName?: string;
  outsideLetterNo?: string;
  reason: string;
  startedOn: dayjs.Dayjs;
  validMonths: number;
  name?: string;
  idNumber?: string;
  stage?: 'full' | 'probationary';
  joinedOn?: dayjs.Dayjs;
}

function StartTransferModal({
  onClose,
  onDone,
}: {
  onClose: () => void;
  onDone: (d: StartValues['direction']) => void;
}) {
  const [form] = Form.useForm<StartValues>();
  const direction = Form.useWatch('direction', form) ?? 'internal';
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const { message, showError } = useFeedback();

  const submit = async (v: StartValues) => {
    setSaving(true);
    setRefusal(undefined);
    try {
      await api.post('/transfers', {
        direction: v.direction,
        memberId: v.direction === 'in' ? undefined : v.memberId,
        toOrgId: v.direction === 'out' ? undefined : v.toOrgId,
        outsideOrgName: v.direction === 'internal' ? undefined : v.outsideOrgName?.trim(),
        outsideLetterNo: v.direction === 'internal' ? undefined : v.outsideLetterNo?.trim(),
        reason: v.reason.trim(),
        startedOn: v.startedOn.format('YYYY-MM-DD'),
        validMonths: v.validMonths,
        member:
          v.direction === 'in'
            ? {
                name: v.name?.trim(),
                idNumber: v.idNumber?.trim().toUpperCase(),
                stage: v.stage,
                joinedOn: v.joinedOn?.format('YYYY-MM-DD'),
              }
            : undefined,
      });
      message.success(v.direction === 'in' ? '已登记转入' : '已发起转接');
      onDone(v.direction);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'transfer.rule') setRefusal(err.userMessage);
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title="发起组织关系转接"
      okText="确定"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={600}
    >
      {refusal ? <Alert type="error" showIcon title={refusal} style={{ marginBottom: 12 }} /> : null}
      <Form<StartValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ direction: 'internal', startedOn: todayInChina(), validMonths: 3, stage: 'full' }}
      >
        <Form.Item name="direction" label="转接方向">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'internal', label: '系统内转接' },
              { value: 'out', label: '转出系统外' },
              { value: 'in', label: '由系统外转入' },
            ]}
          />
        </Form.Item>
        {direction !== 'in' ? (
          <Form.Item name="memberId" label="党员" rules={[{ required: true, message: '请选择要转出的党员' }]}>
            <MemberSelect />
          </Form.Item>
        ) : null}
        {direction === 'internal' ? (
          <Form.Item
            name="toOrgId"
            label="接收党组织"
            rules={[{ required: true, message: '请选择接收的党组织' }]}
          >
            <TargetSelect />
          </Form.Item>
        ) : null}
        {direction === 'in' ? (
          <>
            <Form.Item
              name="toOrgId"
              label="接收党组织（本组织）"
              rules={[{ required: true, message: '请选择接收的党组织' }]}
            >
              <OrgTreeSelect />
            </Form.Item>
            <Space wrap>
              <Form.Item
                name="name"
                label="姓名"
                rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}
              >
                <Input maxLength={50} />
              </Form.Item>
              <Form.Item
                name="idNumber"
                label="公民身份号码"
                rules={[{ required: true, message: '请输入公民身份号码' }]}
              >
                <Input maxLength={18} className="hl-code" style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name="stage" label="类别">
                <Radio.Group
                  options={[
                    { value: 'full', label: '正式党员' },
                    { value: 'probationary', label: '预备党员' },
                  ]}
                />
              </Form.Item>
              <Form.Item name="joinedOn" label="入党日期">
                <DatePicker />
              </Form.Item>
            </Space>
          </>
        ) : null}
        {direction !== 'internal' ? (
          <Space wrap>
            <Form.Item
              name="outsideOrgName"
              label={direction === 'out' ? '接收的系统外党组织' : '转出的系统外党组织'}
              rules={[{ required: true, whitespace: true, message: '请填写对方党组织名称' }]}
            >
              <Input maxLength={100} style={{ width: 300 }} />
            </Form.Item>
            <Form.Item
              name="outsideLetterNo"
              label="纸质介绍信编号"
              rules={[{ required: true, whitespace: true, message: '请填写介绍信编号' }]}
            >
              <Input maxLength={60} style={{ width: 220 }} placeholder="如：厦组转字〔2026〕第0123号" />
            </Form.Item>
          </Space>
        ) : null}
        <Form.Item
          name="reason"
          label="转接原因"
          rules={[{ required: true, whitespace: true, message: '请填写转接原因' }]}
        >
          <Input maxLength={200} placeholder="如：工作调动、居住地变化、外出6个月以上" />
        </Form.Item>
        <Space wrap>
          <Form.Item
            name="startedOn"
            label="介绍信开具日期"
            rules={[{ required: true, message: '请选择日期' }]}
          >
            <DatePicker disabledDate={(d) => d.isAfter(todayInChina(), 'day')} />
          </Form.Item>
          <Form.Item name="validMonths" label="有效期（月）" extra="通常为3个月">
            <InputNumber min={1} max={6} precision={0} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

interface CardValues {
  memberId: Id;
  cardNo: string;
  location: string;
  range: [dayjs.Dayjs, dayjs.Dayjs];
}

/** 流动党员活动证: for absences shorter than 6 months (longer ones transfer the relationship). */
function MobileCardModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<CardValues>();
  const [saving, setSaving] = useState(false);
  const { message, showError } = useFeedback();
  const submit = async (v: CardValues) => {
    setSaving(true);
    try {
      await api.post(`/members/${v.memberId}/mobile-card`, {
        cardNo: v.cardNo.trim(),
        location: v.location.trim(),
        from: v.range[0].format('YYYY-MM-DD'),
        until: v.range[1].format('YYYY-MM-DD'),
      });
      message.success('已开具流动党员活动证');
      onClose();
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title="开具流动党员活动证"
      okText="开具"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<CardValues> form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="memberId" label="党员" rules={[{ required: true, message: '请选择党员' }]}>
          <MemberSelect />
        </Form.Item>
        <Form.Item
          name="cardNo"
          label="活动证编号"
          rules={[{ required: true, whitespace: true, message: '请填写编号' }]}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item
          name="location"
          label="外出地点"
          rules={[{ required: true, whitespace: true, message: '请填写外出地点' }]}
        >
          <Input maxLength={100} placeholder="如：深圳市南山区" />
        </Form.Item>
        <Form.Item
          name="range"
          label="外出期间"
          rules={[{ required: true, message: '请选择外出期间' }]}
          extra="不足6个月；6个月以上的应转接组织关系"
        >
          <DatePicker.RangePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}
