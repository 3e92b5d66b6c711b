import {
  DeleteOutlined,
  MinusCircleOutlined,
  PlusOutlined,
  SafetyCertificateOutlined,
} from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Collapse,
  DatePicker,
  Descriptions,
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
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import {
  COMMITTEE_POST_OPTIONS,
  type FindingsPage,
  type OrgSetupFinding,
  type OrgTerm,
  SEVERITY_COLORS,
  type TermsAnswer,
} from '../../../api/orgsetup';
import type { Id } from '../../../api/types';
import { useAuth } from '../../../components/auth';
import { EMPTY, formatDate, todayInChina } from '../../../components/format';
import { keysetFooter, useKeysetPages } from '../../../components/keysetPages';
import { useFeedback } from '../../feedback';

/**
 * The organization-setup section of an org's detail page: its leadership (班子与任期, with the
 * countdown to the end of the term and 登记换届), and the rule check (规则检查) of the org and its
 * subtree, each finding citing its rule.
 */
export function OrgSetupPanel({ orgId, active }: { orgId: Id; active: boolean }) {
  const { can } = useAuth();
  const [tick, setTick] = useState(0);
  if (!can('orgsetup.read')) return null;
  return (
    <>
      <TermsCard orgId={orgId} active={active} onChanged={() => setTick((n) => n + 1)} />
      <FindingsCard orgId={orgId} tick={tick} />
    </>
  );
}

/** 距届满还有 N 天 / 已超期 N 天, coloured as O5 sees it. */
export function TermCountdown({ term }: { term: Pick<OrgTerm, 'daysLeft' | 'remindFrom' | 'endsOn'> }) {
  if (term.daysLeft < 0) return <Tag color="red">已超期 {-term.daysLeft} 天，应尽快换届</Tag>;
  const reminding = todayInChina().format('YYYY-MM-DD') >= term.remindFrom;
  return (
    <Tooltip title={`换届提醒自 ${term.remindFrom} 起（届满前 6 个月）`}>
      <Tag color={reminding ? 'orange' : 'green'}>距任期届满还有 {term.daysLeft} 天</Tag>
    </Tooltip>
  );
}

function MembersLine({
  term,
  canManage,
  onChanged,
}: {
  term: OrgTerm;
  canManage: boolean;
  onChanged: () => void;
}) {
  const { message, showError } = useFeedback();
  if (term.members.length === 0) return <Typography.Text type="secondary">未登记班子成员</Typography.Text>;
  return (
    <Space size={[6, 6]} wrap>
      {term.members.map((m) => (
        <Tag key={m.id} color={m.post === 'secretary' ? 'red' : undefined}>
          {m.postLabel}：{m.name}
          {canManage && term.state === 'current' ? (
            <Popconfirm
              title={`从本届班子中移除${m.name}？`}
              okText="移除"
              cancelText="取消"
              onConfirm={async () => {
                try {
                  await api.delete(`/org-terms/${term.id}/members/${m.id}`);
                  message.success(`已移除${m.name}`);
                  onChanged();
                } catch (err) {
                  showError(err);
                }
              }}
            >
              <DeleteOutlined
                style={{ marginInlineStart: 6, cursor: 'pointer' }}
                aria-label={`移除${m.name}`}
              />
            </Popconfirm>
          ) : null}
        </Tag>
      ))}
    </Space>
  );
}

function TermsCard({ orgId, active, onChanged }: { orgId: Id; active: boolean; onChanged: () => void }) {
  const terms = useGet<TermsAnswer>(`/orgs/${orgId}/terms`);
  const [dialog, setDialog] = useState<'term' | 'member' | null>(null);
  const data = terms.data;
  const current = data?.items.find((t) => t.state === 'current');
  const past = data?.items.filter((t) => t.state === 'ended') ?? [];
  const canManage = active && (data?.actions.includes('orgsetup.manage') ?? false);
  const changed = () => {
    setDialog(null);
    terms.reload();
    onChanged();
  };

  return (
    <Card
      title="班子与任期"
      size="small"
      loading={terms.loading && !data}
      data-testid="org-terms"
      extra={
        canManage ? (
          <Space size={8}>
            {current ? (
              <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog('member')}>
                增补成员
              </Button>
            ) : null}
            <Button size="small" type="primary" onClick={() => setDialog('term')}>
              登记换届
            </Button>
          </Space>
        ) : null
      }
    >
      {terms.error ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={terms.error.userMessage} />
      ) : !current ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未登记本届班子的选举日期和任期" />
      ) : (
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }}
          items={[
            { key: 'kind', label: '班子类型', children: current.kindLabel },
            { key: 'elected', label: '选举日期', children: formatDate(current.electedOn) },
            {
              key: 'ends',
              label: '任期届满',
              children: (
                <Space size={6} wrap>
                  <span>
                    {formatDate(current.endsOn)}（{current.termYears} 年）
                  </span>
                  <TermCountdown term={current} />
                </Space>
              ),
            },
            {
              key: 'members',
              label: '班子成员',
              span: 'filled',
              children: <MembersLine term={current} canManage={canManage} onChanged={changed} />,
            },
            ...(current.note
              ? [{ key: 'note', label: '备注', children: current.note, span: 'filled' as const }]
              : []),
          ]}
        />
      )}
      {data ? (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
          本组织现有党员 {data.members} 名，其中正式党员 {data.fullMembers} 名。正式党员 7
          名以上的党支部应设立支部委员会（3 至 5 人，一般不超过 7 人），不足 7 名的设书记 1
          名；党支部、党总支每届任期一般 3 年，党委和村、社区党组织 5 年。
        </Typography.Paragraph>
      ) : null}
      {past.length > 0 ? (
        <Collapse
          size="small"
          ghost
          style={{ marginTop: 8 }}
          items={[
            {
              key: 'past',
              label: `历届班子（${past.length}）`,
              children: (
                <Table<OrgTerm>
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={past}
                  columns={[
                    { title: '选举日期', dataIndex: 'electedOn', width: 110 },
                    { title: '结束日期', dataIndex: 'endedOn', width: 110, render: (v) => v ?? EMPTY },
                    { title: '类型', dataIndex: 'kindLabel', width: 140 },
                    {
                      title: '班子成员',
                      render: (_, t) => t.members.map((m) => `${m.postLabel} ${m.name}`).join('、') || EMPTY,
                    },
                  ]}
                />
              ),
            },
          ]}
        />
      ) : null}
      {dialog === 'term' && data ? (
        <NewTermModal orgId={orgId} terms={data} onClose={() => setDialog(null)} onDone={changed} />
      ) : null}
      {dialog === 'member' && current ? (
        <AddMemberModal term={current} onClose={() => setDialog(null)} onDone={changed} />
      ) : null}
    </Card>
  );
}

interface TermValues {
  kind: 'committee' | 'secretary';
  electedOn: Dayjs;
  termYears: number;
  note?: string;
  members: { name: string; post: string }[];
}

function NewTermModal({
  orgId,
  terms,
  onClose,
  onDone,
}: {
  orgId: Id;
  terms: TermsAnswer;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<TermValues>();
  const [saving, setSaving] = useState(false);
  const { message, showError } = useFeedback();
  const kind = Form.useWatch('kind', form);
  const suggested = terms.fullMembers >= 7 ? 'committee' : 'secretary';

  const submit = async (values: TermValues) => {
    setSaving(true);
    try {
      await api.post(`/orgs/${orgId}/terms`, {
        kind: values.kind,
        electedOn: values.electedOn.format('YYYY-MM-DD'),
        termYears: values.termYears,
        note: values.note?.trim() || undefined,
        members: (values.members ?? []).map((m) => ({ name: m.name.trim(), post: m.post })),
      });
      message.success('已登记换届，上一届班子随之结束');
      onDone();
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title="登记换届"
      okText="确定"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={620}
    >
      <Form<TermValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          kind: suggested,
          electedOn: todayInChina(),
          termYears: terms.defaultTermYears,
          members: [{ name: '', post: 'secretary' }],
        }}
      >
        {kind && kind !== suggested ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={
              suggested === 'committee'
                ? `本组织有正式党员 ${terms.fullMembers} 名，按规定应设立支部委员会`
                : `本组织正式党员 ${terms.fullMembers} 名，不足 7 名，一般只设书记`
            }
          />
        ) : null}
        <Form.Item label="班子类型" name="kind" rules={[{ required: true, message: '请选择班子类型' }]}>
          <Radio.Group
            options={[
              { value: 'committee', label: '委员会' },
              { value: 'secretary', label: '书记（不设委员会）' },
            ]}
          />
        </Form.Item>
        <Space size={16} wrap>
          <Form.Item
            label="选举日期"
            name="electedOn"
            rules={[{ required: true, message: '请选择选举日期' }]}
          >
            <DatePicker disabledDate={(d) => d.isAfter(todayInChina(), 'day')} />
          </Form.Item>
          <Form.Item
            label="任期（年）"
            name="termYears"
            rules={[{ required: true, message: '请填写任期' }]}
            extra={`本组织一般为 ${terms.defaultTermYears} 年`}
          >
            <InputNumber min={1} max={10} precision={0} />
          </Form.Item>
        </Space>
        <Typography.Text strong>班子成员</Typography.Text>
        <Form.List name="members">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item
                    name={[field.name, 'name']}
                    rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
                  >
                    <Input placeholder="姓名" maxLength={50} style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'post']} rules={[{ required: true, message: '请选择职务' }]}>
                    <Select options={COMMITTEE_POST_OPTIONS} style={{ width: 140 }} aria-label="职务" />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} aria-label="删除该成员" />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', post: 'member' })}>
                添加成员
              </Button>
            </div>
          )}
        </Form.List>
        <Form.Item label="备注" name="note" style={{ marginTop: 12 }}>
          <Input.TextArea rows={2} maxLength={500} placeholder="如：经上级党委批准延期换届" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AddMemberModal({
  term,
  onClose,
  onDone,
}: {
  term: OrgTerm;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ name: string; post: string }>();
  const [saving, setSaving] = useState(false);
  const { message, showError } = useFeedback();
  return (
    <Modal
      open
      title="增补班子成员"
      okText="确定"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ post: term.kind === 'committee' ? 'member' : 'deputy_secretary' }}
        onFinish={async (values) => {
          setSaving(true);
          try {
            await api.post(`/org-terms/${term.id}/members`, { name: values.name.trim(), post: values.post });
            message.success(`已增补${values.name.trim()}`);
            onDone();
          } catch (err) {
            showError(err, form);
          } finally {
            setSaving(false);
          }
        }}
      >
        <Form.Item
          label="姓名"
          name="name"
          rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item label="职务" name="post" rules={[{ required: true, message: '请选择职务' }]}>
          <Select options={COMMITTEE_POST_OPTIONS} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const RULE_FILTERS = [
  { value: '', label: '全部' },
  { value: 'O1', label: 'O1 应建尽建' },
  { value: 'O3', label: 'O3 支委会' },
  { value: 'O4', label: 'O4 总支/党委' },
  { value: 'O5', label: 'O5 换届' },
];

const FINDINGS_PAGE_SIZE = 10;

/**
 * 规则检查: findings of this org and its subtree, kept up to date by the server (decision 0029), read
 * by keyset pages as the API gives them: the last page of a city answers as fast as the first.
 */
export function FindingsCard({ orgId, tick = 0 }: { orgId: Id; tick?: number }) {
  const [rule, setRule] = useState('');
  // another organization's findings start at their first page: the panel is keyed by the organization
  // (OrgDetailView), so its state starts afresh
  const pages = useKeysetPages();
  const { reset: firstPage } = pages;
  const findings = useGet<FindingsPage>(`/orgs/${orgId}/findings`, {
    rule: rule || undefined,
    pageSize: FINDINGS_PAGE_SIZE,
    cursor: pages.cursor,
  });
  const { reload } = findings;
  // a change made on this page (登记换届) may move or remove findings: read them again, from the first
  // page (the cursor through a ref, so that paging itself does not run this again)
  const cursor = useRef(pages.cursor);
  cursor.current = pages.cursor;
  useEffect(() => {
    if (tick === 0) return;
    if (cursor.current) firstPage();
    else reload();
  }, [tick, reload, firstPage]);
  const summary = findings.data?.summary ?? [];
  const byRule = (r: string) =>
    summary.filter((s) => s.check.startsWith(`${r}.`)).reduce((n, s) => n + s.count, 0);
  const violations = summary.filter((s) => s.severity === 'violation').reduce((n, s) => n + s.count, 0);

  return (
    <Card
      title={
        <Space size={8}>
          <SafetyCertificateOutlined style={{ color: '#c8161d' }} />
          <span>规则检查</span>
          {findings.data ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
              本组织及下级组织，截至 {findings.data.asOf}；{violations} 项不符合规定
            </Typography.Text>
          ) : null}
        </Space>
      }
      size="small"
      data-testid="org-findings"
    >
      <Radio.Group
        size="small"
        optionType="button"
        value={rule}
        onChange={(e) => {
          setRule(e.target.value);
          firstPage();
        }}
        options={RULE_FILTERS.map((f) => ({
          value: f.value,
          label: f.value
            ? `${f.label}（${byRule(f.value)}）`
            : `${f.label}（${summary.reduce((n, s) => n + s.count, 0)}）`,
        }))}
        style={{ marginBottom: 8 }}
      />
      <Table<OrgSetupFinding>
        size="small"
        rowKey="key"
        loading={findings.loading}
        dataSource={findings.data?.items ?? []}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={findings.error ? findings.error.userMessage : '未发现不符合组织设置规则的情况'}
            />
          ),
        }}
        pagination={false}
        footer={keysetFooter(findings.data, {
          pageSize: FINDINGS_PAGE_SIZE,
          pages,
          unit: '项',
          loading: findings.loading,
        })}
        columns={[
          {
            title: '程度',
            dataIndex: 'severityLabel',
            width: 100,
            render: (v: string, f) => <Tag color={SEVERITY_COLORS[f.severity]}>{v}</Tag>,
          },
          {
            title: '组织 / 单位',
            width: 240,
            render: (_, f) => (
              <div>
                <Link to={`/orgs/${f.org.id}`}>{f.org.name}</Link>
                {f.unit ? <div className="hl-muted">单位：{f.unit.name}</div> : null}
              </div>
            ),
          },
          {
            title: '问题与依据',
            render: (_, f) => (
              <div>
                <Typography.Text strong>
                  {f.rule.id} {f.checkLabel}
                </Typography.Text>
                <div style={{ fontSize: 13 }}>{f.message}</div>
              </div>
            ),
          },
          {
            title: '期限',
            width: 120,
            render: (_, f) =>
              f.due ? `${f.due}${f.check === 'O5.term_overdue' ? ' 已届满' : ' 届满'}` : EMPTY,
          },
        ]}
      />
    </Card>
  );
}
