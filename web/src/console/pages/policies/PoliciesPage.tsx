import { MinusCircleOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  describeCriterion,
  FACT_KEY_LIST,
  FACT_KEYS,
  type FactKey,
  OP_LABELS,
  type Op,
  opsForFact,
} from '@honglian/domain';
import {
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { PolicyDetail, PolicyEnterprises, PolicyItem } from '../../../api/policies';
import type { Id } from '../../../api/types';
import { useAuth } from '../../../components/auth';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { useSave } from '../../feedback';
import { PageContainer } from '../../PageContainer';
import { FactsImportModal } from './FactsImportModal';
import { PolicyFiguresTab } from './PolicyFigures';

/**
 * 政策库 (政策云配, issue 13): the policy documents with their 文号, issuer and dates; a new policy with
 * its clauses and criteria, each criterion citing a clause; and for each policy the enterprises of the
 * caller's region that qualify, that are unknown (and which facts are missing most), and that are one
 * criterion short, whom staff can help; and 推送与申报统计, the district's funnel from a match to a grant.
 */
export default function PoliciesPage() {
  const [q, setQ] = useState('');
  const list = useGet<{ items: PolicyItem[]; total: number }>('/policies', {
    q: q || undefined,
    pageSize: 100,
  });
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<Id | null>(null);
  const [importing, setImporting] = useState(false);
  const { can } = useAuth();
  return (
    <PageContainer
      title="政策库"
      subTitle="政策找企业：申报条件写成数据，每项条件注明出自哪一条款，自动匹配辖区企业"
      extra={
        <Space>
          {can('enterprise_profile.manage') ? (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              导入企业画像
            </Button>
          ) : null}
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新增政策
          </Button>
        </Space>
      }
    >
      <Tabs
        items={[
          {
            key: 'library',
            label: '政策文件',
            children: (
              <Card size="small">
                <Input.Search
                  placeholder="政策名称或文号"
                  allowClear
                  style={{ width: 280, marginBottom: 12 }}
                  onSearch={setQ}
                />
                <Table<PolicyItem>
                  size="small"
                  rowKey="id"
                  loading={list.loading}
                  dataSource={list.data?.items ?? []}
                  pagination={false}
                  locale={{ emptyText: <Empty description={list.error?.userMessage ?? '还没有政策'} /> }}
                  columns={[
                    {
                      title: '政策',
                      dataIndex: 'title',
                      render: (t, p) => (
                        <Button type="link" size="small" onClick={() => setOpen(p.id)}>
                          {t}
                        </Button>
                      ),
                    },
                    { title: '文号', dataIndex: 'docNumber', width: 180 },
                    { title: '发文单位', dataIndex: 'issuer', width: 160 },
                    {
                      title: '有效期',
                      width: 200,
                      render: (_, p) => `${p.effectiveFrom} 至 ${p.effectiveTo ?? '长期'}`,
                    },
                    {
                      title: '状态',
                      width: 120,
                      render: (_, p) => (
                        <Space size={4}>
                          {p.inForce ? <Tag color="green">有效</Tag> : <Tag>不在有效期</Tag>}
                          {p.mode === 'automatic' ? <Tag color="blue">免申即享</Tag> : null}
                        </Space>
                      ),
                    },
                    { title: '版本', dataIndex: 'version', width: 60 },
                  ]}
                />
              </Card>
            ),
          },
          { key: 'figures', label: '推送与申报统计', children: <PolicyFiguresTab /> },
        ]}
      />
      {creating ? (
        <PolicyModal
          onClose={() => setCreating(false)}
          onDone={(id) => {
            setCreating(false);
            list.reload();
            setOpen(id);
          }}
        />
      ) : null}
      {open !== null ? <PolicyDrawer id={open} onClose={() => setOpen(null)} /> : null}
      {importing ? <FactsImportModal onClose={() => setImporting(false)} /> : null}
    </PageContainer>
  );
}

interface CriterionRow {
  fact?: FactKey;
  op?: Op;
  value?: string | number | Dayjs | boolean;
  clause?: string;
}

interface PolicyValues {
  title: string;
  docNumber: string;
  issuer: string;
  regionCode: string;
  effectiveFrom: Dayjs;
  effectiveTo?: Dayjs | null;
  mode: 'apply' | 'automatic';
  benefit?: string;
  decideOrgId?: number;
  clauses: Array<{ article: string; text: string }>;
  combine: 'all' | 'any';
  criteria: CriterionRow[];
}

/** A criterion's operand from the form: 元 to fen for money, lists split on commas, yes/no as a boolean. */
function operand(row: CriterionRow): unknown {
  const fact = row.fact as FactKey;
  const kind = FACT_KEYS[fact].kind;
  if (row.op === 'in') {
    const parts = String(row.value ?? '')
      .split(/[,，、\s]+/)
      .filter(Boolean);
    return kind === 'integer' ? parts.map(Number) : parts;
  }
  if (row.op === 'yearsSinceGte' || row.op === 'yearsSinceLte') return Number(row.value);
  if (kind === 'boolean') return row.value === true || row.value === 'true';
  if (kind === 'integer')
    return Math.round(Number(row.value) * (fact === 'annualRevenueFen' || fact === 'rdExpenseFen' ? 100 : 1));
  if (kind === 'date')
    return typeof row.value === 'string' ? row.value : (row.value as Dayjs).format('YYYY-MM-DD');
  return String(row.value ?? '').trim();
}

function PolicyModal({ onClose, onDone }: { onClose: () => void; onDone: (id: Id) => void }) {
  const [form] = Form.useForm<PolicyValues>();
  const { saving, save, message } = useSave(form);
  const clauses = Form.useWatch('clauses', form) ?? [];
  const submit = (v: PolicyValues) =>
    save(async () => {
      const created = await api.post<PolicyDetail>('/policies', {
        title: v.title,
        docNumber: v.docNumber,
        issuer: v.issuer,
        regionCode: v.regionCode,
        effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'),
        effectiveTo: v.effectiveTo ? v.effectiveTo.format('YYYY-MM-DD') : null,
        mode: v.mode,
        benefit: v.benefit ?? '',
        ...(v.decideOrgId ? { decideOrgId: v.decideOrgId } : {}),
        clauses: v.clauses,
        criteria: {
          [v.combine]: v.criteria.map((c) => ({
            fact: c.fact,
            op: c.op,
            value: operand(c),
            clause: c.clause,
          })),
        },
      });
      message.success('已保存并完成匹配');
      onDone(created.id);
    });
  return (
    <Modal
      open
      width={860}
      title="新增政策"
      okText="保存"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Form<PolicyValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          regionCode: '350206',
          mode: 'apply',
          combine: 'all',
          clauses: [{ article: '第一条', text: '' }],
          criteria: [{}],
        }}
      >
        <Space wrap>
          <Form.Item name="title" label="政策名称" rules={[{ required: true, message: '请填写政策名称' }]}>
            <Input style={{ width: 320 }} />
          </Form.Item>
          <Form.Item name="docNumber" label="文号" rules={[{ required: true, message: '请填写文号' }]}>
            <Input style={{ width: 200 }} placeholder="厦湖政〔2026〕1号" />
          </Form.Item>
          <Form.Item name="issuer" label="发文单位" rules={[{ required: true, message: '请填写发文单位' }]}>
            <Input style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="regionCode" label="适用地区代码" rules={[{ required: true }]}>
            <Input style={{ width: 120 }} />
          </Form.Item>
          <Form.Item
            name="effectiveFrom"
            label="生效日期"
            rules={[{ required: true, message: '请选择生效日期' }]}
          >
            <DatePicker />
          </Form.Item>
          <Form.Item name="effectiveTo" label="失效日期">
            <DatePicker />
          </Form.Item>
          <Form.Item name="mode" label="兑现方式">
            <Select
              style={{ width: 140 }}
              options={[
                { value: 'apply', label: '申报' },
                { value: 'automatic', label: '免申即享' },
              ]}
            />
          </Form.Item>
          <Form.Item name="decideOrgId" label="审核部门（申报派单至）">
            <OrgTreeSelect style={{ width: 280 }} />
          </Form.Item>
        </Space>
        <Form.Item name="benefit" label="扶持内容">
          <Input placeholder="如：按研发费用的 10% 给予补助，最高 50 万元" />
        </Form.Item>
        <Card size="small" title="条款" style={{ marginBottom: 12 }}>
          <Form.List name="clauses">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="start" style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'article']} rules={[{ required: true, message: '条款号' }]}>
                      <Input style={{ width: 140 }} placeholder="第三条第一款" />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'text']}
                      rules={[{ required: true, message: '请填写条款原文' }]}
                    >
                      <Input.TextArea style={{ width: 560 }} autoSize placeholder="条款原文" />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({ article: '', text: '' })} icon={<PlusOutlined />}>
                  添加条款
                </Button>
              </>
            )}
          </Form.List>
        </Card>
        <Card
          size="small"
          title={
            <Space>
              申报条件
              <Form.Item name="combine" noStyle>
                <Select
                  size="small"
                  style={{ width: 180 }}
                  options={[
                    { value: 'all', label: '须同时满足（all）' },
                    { value: 'any', label: '满足任一项（any）' },
                  ]}
                />
              </Form.Item>
            </Space>
          }
        >
          <Form.List name="criteria">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <CriterionFields
                    key={f.key}
                    name={f.name}
                    clauses={clauses.map((c) => c?.article).filter(Boolean)}
                    onRemove={() => remove(f.name)}
                  />
                ))}
                <Button type="dashed" onClick={() => add({})} icon={<PlusOutlined />}>
                  添加条件
                </Button>
              </>
            )}
          </Form.List>
        </Card>
      </Form>
    </Modal>
  );
}

function CriterionFields({
  name,
  clauses,
  onRemove,
}: {
  name: number;
  clauses: string[];
  onRemove: () => void;
}) {
  const fact = Form.useWatch(['criteria', name, 'fact']) as FactKey | undefined;
  const money = fact === 'annualRevenueFen' || fact === 'rdExpenseFen';
  return (
    <Space align="start" style={{ display: 'flex' }}>
      <Form.Item name={[name, 'fact']} rules={[{ required: true, message: '企业信息项' }]}>
        <Select
          style={{ width: 170 }}
          placeholder="企业信息项"
          options={FACT_KEY_LIST.map((k) => ({ value: k, label: FACT_KEYS[k].label }))}
        />
      </Form.Item>
      <Form.Item name={[name, 'op']} rules={[{ required: true, message: '比较方式' }]}>
        <Select
          style={{ width: 160 }}
          placeholder="比较方式"
          options={(fact ? opsForFact(fact) : []).map((o) => ({ value: o, label: OP_LABELS[o] }))}
        />
      </Form.Item>
      <Form.Item name={[name, 'value']} rules={[{ required: true, message: '取值' }]}>
        {fact && FACT_KEYS[fact].kind === 'integer' ? (
          <InputNumber style={{ width: 160 }} addonAfter={money ? '元' : undefined} />
        ) : (
          <Input style={{ width: 160 }} placeholder={fact === 'qualifications' ? 'high_tech' : '取值'} />
        )}
      </Form.Item>
      <Form.Item name={[name, 'clause']} rules={[{ required: true, message: '出自条款' }]}>
        <Select
          style={{ width: 150 }}
          placeholder="出自条款"
          options={clauses.map((c) => ({ value: c, label: c }))}
        />
      </Form.Item>
      <MinusCircleOutlined onClick={onRemove} />
    </Space>
  );
}

/** One policy: its clauses and criteria in words, and who qualifies, who is unknown, who is one short. */
function PolicyDrawer({ id, onClose }: { id: Id; onClose: () => void }) {
  const policy = useGet<PolicyDetail>(`/policies/${id}`);
  const [tab, setTab] = useState<'eligible' | 'unknown' | 'almost'>('eligible');
  const matches = useGet<PolicyEnterprises>(`/policies/${id}/matches`, { result: tab });
  const p = policy.data;
  const leaves = (node: unknown): Array<{ fact: FactKey; op: Op; value: unknown; clause: string }> => {
    const n = node as Record<string, unknown>;
    if (Array.isArray(n.all)) return n.all.flatMap(leaves);
    if (Array.isArray(n.any)) return n.any.flatMap(leaves);
    return [n as never];
  };
  return (
    <Drawer open width={820} title={p?.title ?? '政策'} onClose={onClose}>
      {p ? (
        <>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="文号">{p.docNumber}</Descriptions.Item>
            <Descriptions.Item label="发文单位">{p.issuer}</Descriptions.Item>
            <Descriptions.Item label="有效期">{`${p.effectiveFrom} 至 ${p.effectiveTo ?? '长期'}`}</Descriptions.Item>
            <Descriptions.Item label="版本">第 {p.version} 版</Descriptions.Item>
            <Descriptions.Item label="扶持内容" span={2}>
              {p.benefit || '—'}
            </Descriptions.Item>
            <Descriptions.Item label="审核部门" span={2}>
              {p.mode === 'automatic' ? '免申即享' : (p.decideOrgName ?? '未设置')}
            </Descriptions.Item>
          </Descriptions>
          <Card size="small" title="申报条件" style={{ marginTop: 12 }}>
            <div className="hl-muted">{'all' in p.criteria ? '须同时满足：' : '满足任一项：'}</div>
            {leaves(p.criteria).map((c) => (
              <div key={`${c.fact}-${c.op}-${JSON.stringify(c.value)}-${c.clause}`}>
                · {describeCriterion(c)}（{c.clause}：{p.clauses.find((x) => x.article === c.clause)?.text}）
              </div>
            ))}
          </Card>
        </>
      ) : null}
      <Space size="large" style={{ margin: '16px 0' }}>
        <Statistic title="符合条件" value={matches.data?.eligible ?? 0} />
        <Statistic title="待补充信息" value={matches.data?.unknown ?? 0} />
        <Statistic title="差一项符合" value={matches.data?.almost ?? 0} />
      </Space>
      {matches.data?.missingFacts.length ? (
        <div style={{ marginBottom: 12 }} data-testid="missing-facts">
          最常缺少的信息：
          {matches.data.missingFacts.map((m) => (
            <Tag key={m.fact}>
              {m.label} {m.count} 家
            </Tag>
          ))}
        </div>
      ) : null}
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as typeof tab)}
        items={[
          { key: 'eligible', label: '符合条件' },
          { key: 'unknown', label: '待补充信息' },
          { key: 'almost', label: '差一项符合' },
        ]}
      />
      <Table
        size="small"
        rowKey="unitId"
        loading={matches.loading}
        dataSource={matches.data?.items ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: '企业', dataIndex: 'name' },
          {
            title: tab === 'unknown' ? '缺少的信息' : tab === 'almost' ? '未满足的条件' : '',
            render: (_, r) =>
              tab === 'unknown'
                ? r.missingFacts.map((f) => FACT_KEYS[f].label).join('、')
                : tab === 'almost'
                  ? r.failed.map((c) => `${describeCriterion(c as never)}（${c.clause}）`).join('；')
                  : '',
          },
        ]}
      />
    </Drawer>
  );
}
