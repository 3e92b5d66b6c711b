import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  AutoComplete,
  Button,
  Card,
  Col,
  Divider,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { ATTRIBUTE_DATATYPE_LABELS, type CaseCategory, type ServiceDay } from '../../../api/cases';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import { useAuth } from '../../../components/auth';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { CASE_TIERS } from '../../../domain';
import { useFeedback } from '../../feedback';
import { PageContainer } from '../../PageContainer';

const TIER_OPTIONS = Object.entries(CASE_TIERS).map(([value, t]) => ({ value, label: t.label }));
const DATATYPE_OPTIONS = Object.entries(ATTRIBUTE_DATATYPE_LABELS).map(([value, label]) => ({
  value,
  label,
}));

/** 分类与派单规则: categories with tier, time limits, questions (the Open311 service definitions) and routes. */

/** The category's time limits, points and escalation thresholds: whole numbers within their range. */
const LIMIT_FIELDS = [
  {
    name: 'signHours',
    label: '签收时限（工作小时）',
    what: '签收时限',
    min: 1,
    max: 200,
    unit: '个工作小时',
  },
  {
    name: 'contactHours',
    label: '首次联系时限（工作小时）',
    what: '首次联系时限',
    min: 1,
    max: 200,
    unit: '个工作小时',
  },
  { name: 'completeDays', label: '办结时限（工作日）', what: '办结时限', min: 1, max: 60, unit: '个工作日' },
  { name: 'points', label: '办结核实后积分', what: '积分', min: 0, max: 1000, unit: '分' },
  { name: 'escalateAfterRedos', label: '重办几次提级督办', what: '重办次数', min: 1, max: 10, unit: '次' },
  { name: 'escalateAfterReturns', label: '退单几次提级督办', what: '退单次数', min: 1, max: 10, unit: '次' },
  {
    name: 'ratingChangeMinutes',
    label: '评价可修改时限（分钟）',
    what: '评价可修改时限',
    min: 0,
    max: 1440,
    unit: '分钟',
    help: '群众评价后这段时间内可以修改，期满才生效（不满意才发回重办、督办）；填 0 为评价后立即生效，最长 1440 分钟（24 小时）',
  },
] as const satisfies ReadonlyArray<{
  name: string;
  label: string;
  what: string;
  min: number;
  max: number;
  unit: string;
  help?: string;
}>;

function integerRules(what: string, min: number, max: number, unit: string) {
  return [
    { required: true, message: `请填写${what}` },
    { type: 'integer' as const, min, max, message: `${what}应在 ${min} 到 ${max} ${unit}之间` },
  ];
}

export default function CategoriesPage() {
  const { can } = useAuth();
  const configurer = can('case.configure');
  const [showInactive, setShowInactive] = useState(false);
  const { data, loading, reload } = useGet<{ items: CaseCategory[] }>(
    '/case-categories',
    showInactive ? { includeInactive: true } : undefined,
  );
  const [editing, setEditing] = useState<CaseCategory | 'new' | null>(null);
  const [routing, setRouting] = useState<number | null>(null);
  const items = data?.items ?? [];
  const routed = items.find((c) => c.id === routing) ?? null;
  return (
    <PageContainer
      title="分类与派单规则"
      subTitle="按「分类 × 区域」派单：取最近一级区域的规则；Open311 服务目录由同一数据生成"
      extra={
        configurer ? (
          <Space>
            <Space size={4}>
              <Switch
                size="small"
                checked={showInactive}
                onChange={setShowInactive}
                aria-label="显示已停用"
              />
              显示已停用
            </Space>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              新建分类
            </Button>
          </Space>
        ) : null
      }
    >
      <Table<CaseCategory>
        rowKey="id"
        size="middle"
        loading={loading}
        pagination={false}
        dataSource={items}
        columns={[
          { title: '代码', dataIndex: 'code', width: 70 },
          {
            title: '分类',
            width: 150,
            render: (_: unknown, c) => (
              <>
                {c.name}
                {c.active ? null : <Tag style={{ marginLeft: 4 }}>已停用</Tag>}
                <div style={{ color: '#888', fontSize: 12 }}>{c.ownerOrgName ?? '全国通用'}</div>
              </>
            ),
          },
          { title: '类别', dataIndex: 'groupName', width: 90 },
          { title: '分级', dataIndex: 'tierLabel', width: 150 },
          {
            title: '时限',
            width: 170,
            render: (_: unknown, c) => (
              <>
                <div>签收 {c.signHours} 工作小时</div>
                <div>首次联系 {c.contactHours} 工作小时</div>
                <div>办结 {c.completeDays} 个工作日</div>
              </>
            ),
          },
          {
            title: '提级督办',
            width: 130,
            render: (_: unknown, c) => `重办 ${c.escalateAfterRedos} 次或退单 ${c.escalateAfterReturns} 次`,
          },
          { title: '积分', dataIndex: 'points', width: 56 },
          {
            title: '登记时询问',
            render: (_: unknown, c) =>
              c.attributes.map((a) => (
                <Tag key={a.code}>
                  {a.description ?? a.code}
                  {a.required ? '（必填）' : ''}
                </Tag>
              )),
          },
          {
            title: '派单规则',
            render: (_: unknown, c) =>
              c.routes.length
                ? c.routes.map((r) => (
                    <div key={`${r.areaOrgId}-${r.handlerOrgId}`}>
                      {r.areaOrgName} → {r.handlerOrgName}
                      {r.autoDispatch ? (
                        <Tag color="green" style={{ marginLeft: 4 }}>
                          自动派单
                        </Tag>
                      ) : null}
                    </div>
                  ))
                : '由属地受理后派单（首接负责）',
          },
          ...(configurer
            ? [
                {
                  title: '操作',
                  width: 130,
                  render: (_: unknown, c: CaseCategory) => (
                    <Space size={0}>
                      {c.actions.includes('update') ? (
                        <Button type="link" size="small" onClick={() => setEditing(c)}>
                          编辑
                        </Button>
                      ) : null}
                      <Button type="link" size="small" onClick={() => setRouting(c.id)}>
                        派单规则
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing ? (
        <CategoryModal
          category={editing === 'new' ? null : editing}
          groups={[...new Set(items.map((c) => c.groupName))]}
          onClose={(changed) => {
            setEditing(null);
            if (changed) reload();
          }}
        />
      ) : null}
      {routed ? <RoutesDrawer category={routed} onClose={() => setRouting(null)} onChanged={reload} /> : null}
      <ServiceDaysCard categories={items.filter((c) => c.active)} configurer={configurer} />
    </PageContainer>
  );
}

interface AttributeValues {
  code: string;
  description: string;
  datatype: string;
  required: boolean;
  values?: Array<{ key: string; name: string }>;
}

interface CategoryValues {
  code?: string;
  ownerOrgId?: number;
  name: string;
  groupName: string;
  description?: string;
  keywords?: string;
  tier: string;
  signHours: number;
  contactHours: number;
  completeDays: number;
  points: number;
  escalateAfterRedos: number;
  escalateAfterReturns: number;
  ratingChangeMinutes: number;
  active?: boolean;
  attributes: AttributeValues[];
}

/** 新建 / 编辑分类: everything but the code (its Open311 service_code) can change later. */
function CategoryModal({
  category,
  groups,
  onClose,
}: {
  category: CaseCategory | null;
  groups: string[];
  onClose: (changed: boolean) => void;
}) {
  const [form] = Form.useForm<CategoryValues>();
  const { message, showError } = useFeedback();
  const [saving, setSaving] = useState(false);
  const initial: Partial<CategoryValues> = category
    ? {
        name: category.name,
        groupName: category.groupName,
        description: category.description ?? '',
        keywords: category.keywords ?? '',
        tier: category.tier,
        signHours: category.signHours,
        contactHours: category.contactHours,
        completeDays: category.completeDays,
        points: category.points,
        escalateAfterRedos: category.escalateAfterRedos,
        escalateAfterReturns: category.escalateAfterReturns,
        ratingChangeMinutes: category.ratingChangeMinutes,
        active: category.active,
        attributes: category.attributes.map((a) => ({
          code: a.code,
          description: a.description ?? '',
          datatype: a.datatype,
          required: Boolean(a.required),
          values: a.values ?? [],
        })),
      }
    : {
        tier: 'small',
        signHours: 2,
        contactHours: 4,
        completeDays: 3,
        points: 0,
        escalateAfterRedos: 3,
        escalateAfterReturns: 3,
        ratingChangeMinutes: 30,
        attributes: [],
      };
  const submit = async (values: CategoryValues) => {
    setSaving(true);
    const attributes = (values.attributes ?? []).map((a) => ({
      code: a.code,
      description: a.description,
      datatype: a.datatype,
      required: Boolean(a.required),
      ...(a.datatype.endsWith('valuelist') ? { values: a.values ?? [] } : {}),
    }));
    const body = {
      name: values.name,
      groupName: values.groupName,
      description: values.description || null,
      keywords: values.keywords || null,
      tier: values.tier,
      signHours: values.signHours,
      contactHours: values.contactHours,
      completeDays: values.completeDays,
      points: values.points,
      escalateAfterRedos: values.escalateAfterRedos,
      escalateAfterReturns: values.escalateAfterReturns,
      ratingChangeMinutes: values.ratingChangeMinutes,
      attributes,
    };
    try {
      if (category) {
        await api.patch(`/case-categories/${category.id}`, { ...body, active: values.active });
        message.success(`已保存「${values.name}」`);
      } else {
        await api.post('/case-categories', {
          ...body,
          code: values.code,
          ...(values.ownerOrgId ? { ownerOrgId: values.ownerOrgId } : {}),
        });
        message.success(`已新建分类「${values.name}」`);
      }
      onClose(true);
    } catch (e) {
      showError(e, form);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      width={760}
      title={category ? `编辑分类「${category.name}」` : '新建诉求分类'}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      styles={{ body: { maxHeight: '70vh', overflowY: 'auto', paddingRight: 8 } }}
    >
      <Form<CategoryValues> form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        <Row gutter={12}>
          <Col span={8}>
            {category ? (
              <Form.Item label="分类代码" extra="Open311 服务代码，建立后不能修改">
                <Input value={category.code} disabled />
              </Form.Item>
            ) : (
              <Form.Item
                name="code"
                label="分类代码"
                extra="即 Open311 服务代码，如 ZSFW"
                rules={[
                  { required: true, message: '请填写分类代码' },
                  {
                    pattern: /^[A-Z][A-Z0-9_]{1,19}$/,
                    message: '分类代码应为 2–20 位大写字母、数字或下划线，以字母开头',
                  },
                ]}
              >
                <Input maxLength={20} />
              </Form.Item>
            )}
          </Col>
          <Col span={8}>
            <Form.Item
              name="name"
              label="分类名称"
              rules={[{ required: true, whitespace: true, message: '请填写分类名称' }]}
            >
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="groupName"
              label="类别"
              rules={[{ required: true, whitespace: true, message: '请填写类别' }]}
            >
              <AutoComplete options={groups.map((g) => ({ value: g }))} maxLength={30} />
            </Form.Item>
          </Col>
        </Row>
        {category ? (
          <Form.Item label="适用范围">
            <Input value={category.ownerOrgName ?? '全国通用'} disabled />
          </Form.Item>
        ) : (
          <Form.Item
            name="ownerOrgId"
            label="适用组织"
            extra="分类只在该组织及下级使用；不选为全国通用（仅最上级组织可建）"
          >
            <OrgTreeSelect placeholder="选择适用的区县或市，不选为全国通用" />
          </Form.Item>
        )}
        <Form.Item name="description" label="说明">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="tier" label="分级" rules={[{ required: true, message: '请选择分级' }]}>
              <Select options={TIER_OPTIONS} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="keywords" label="关键词" extra="用逗号分隔，帮助群众选到分类">
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
        {[LIMIT_FIELDS.slice(0, 3), LIMIT_FIELDS.slice(3, 6), LIMIT_FIELDS.slice(6)].map((row) => (
          <Row gutter={12} key={row[0]!.name}>
            {row.map((f) => (
              <Col span={'help' in f ? 24 : 8} key={f.name}>
                <Form.Item
                  name={f.name}
                  label={f.label}
                  rules={integerRules(f.what, f.min, f.max, f.unit)}
                  extra={'help' in f ? f.help : undefined}
                >
                  <InputNumber
                    min={f.min}
                    max={f.max}
                    precision={0}
                    style={{ width: '100%', maxWidth: 'help' in f ? 240 : undefined }}
                  />
                </Form.Item>
              </Col>
            ))}
          </Row>
        ))}
        {category ? (
          <Form.Item
            name="active"
            label="启用"
            valuePropName="checked"
            extra="停用后群众和 Open311 不能再选择该分类"
          >
            <Switch />
          </Form.Item>
        ) : null}
        <Divider titlePlacement="start" plain>
          登记时询问的问题（Open311 服务定义）
        </Divider>
        <Form.List name="attributes">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <AttributeRow key={field.key} name={field.name} onRemove={() => remove(field.name)} />
              ))}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => add({ code: '', description: '', datatype: 'string', required: false })}
              >
                添加问题
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function AttributeRow({ name, onRemove }: { name: number; onRemove: () => void }) {
  const datatype = Form.useWatch(['attributes', name, 'datatype']) as string | undefined;
  const isList = datatype === 'singlevaluelist' || datatype === 'multivaluelist';
  return (
    <div style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: '8px 12px 0', marginBottom: 8 }}>
      <Row gutter={8} align="top">
        <Col span={5}>
          <Form.Item
            name={[name, 'code']}
            label="代码"
            rules={[
              { required: true, message: '请填写代码' },
              { pattern: /^[A-Za-z][A-Za-z0-9_]{0,49}$/, message: '以字母开头，只含字母、数字和下划线' },
            ]}
          >
            <Input placeholder="如 FLOOR" />
          </Form.Item>
        </Col>
        <Col span={9}>
          <Form.Item
            name={[name, 'description']}
            label="问题"
            rules={[{ required: true, whitespace: true, message: '请填写问题' }]}
          >
            <Input maxLength={100} placeholder="如：所在楼层" />
          </Form.Item>
        </Col>
        <Col span={5}>
          <Form.Item name={[name, 'datatype']} label="答案类型">
            <Select options={DATATYPE_OPTIONS} />
          </Form.Item>
        </Col>
        <Col span={3}>
          <Form.Item name={[name, 'required']} label="必填" valuePropName="checked">
            <Switch size="small" />
          </Form.Item>
        </Col>
        <Col span={2} style={{ paddingTop: 34 }}>
          <MinusCircleOutlined aria-label="删除问题" onClick={onRemove} />
        </Col>
      </Row>
      {isList ? (
        <Form.List
          name={[name, 'values']}
          rules={[
            {
              validator: async (_, values?: unknown[]) => {
                if (!values?.length) throw new Error('单选或多选题至少要有一个选项');
              },
            },
          ]}
        >
          {(options, { add, remove }, { errors }) => (
            <Form.Item label="选项" style={{ marginBottom: 8 }}>
              {options.map((o) => (
                <Space key={o.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item name={[o.name, 'key']} rules={[{ required: true, message: '请填写选项代码' }]}>
                    <Input placeholder="选项代码，如 night" />
                  </Form.Item>
                  <Form.Item name={[o.name, 'name']} rules={[{ required: true, message: '请填写选项名称' }]}>
                    <Input placeholder="选项名称，如 夜间" />
                  </Form.Item>
                  <MinusCircleOutlined aria-label="删除选项" onClick={() => remove(o.name)} />
                </Space>
              ))}
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ key: '', name: '' })}>
                添加选项
              </Button>
              <Form.ErrorList errors={errors} />
            </Form.Item>
          )}
        </Form.List>
      ) : null}
    </div>
  );
}

interface RouteValues {
  areaOrgId?: number;
  handlerOrgId?: number;
  autoDispatch: boolean;
}

/** 派单规则 of one category: area → handling unit, inside the caller's own subtree. */
function RoutesDrawer({
  category,
  onClose,
  onChanged,
}: {
  category: CaseCategory;
  onClose: () => void;
  onChanged: () => void;
}) {
  const [form] = Form.useForm<RouteValues>();
  const { message, showError } = useFeedback();
  const [saving, setSaving] = useState(false);
  const submit = async (values: RouteValues) => {
    setSaving(true);
    try {
      await api.post(`/case-categories/${category.id}/routes`, values);
      message.success('已保存派单规则');
      form.resetFields();
      onChanged();
    } catch (e) {
      showError(e, form);
    } finally {
      setSaving(false);
    }
  };
  const remove = async (areaOrgId: number) => {
    try {
      await api.delete(`/case-categories/${category.id}/routes/${areaOrgId}`);
      message.success('已删除派单规则');
      onChanged();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Drawer open size="large" title={`派单规则：${category.name}`} onClose={onClose}>
      <Typography.Paragraph type="secondary">
        诉求按所在区域取最近一级的规则派给承办单位；没有规则时由属地受理后派单（首接负责）。
        只能为您管理范围内的区域设置规则，承办单位也须在您的管理范围内。
      </Typography.Paragraph>
      <Table
        rowKey="areaOrgId"
        size="small"
        pagination={false}
        dataSource={category.routes}
        locale={{ emptyText: '暂无派单规则' }}
        columns={[
          { title: '区域', dataIndex: 'areaOrgName' },
          { title: '承办单位', dataIndex: 'handlerOrgName' },
          {
            title: '自动派单',
            dataIndex: 'autoDispatch',
            width: 80,
            render: (v: boolean) => (v ? <Tag color="green">是</Tag> : <Tag>受理后派</Tag>),
          },
          {
            title: '操作',
            width: 70,
            render: (_: unknown, r: CaseCategory['routes'][number]) =>
              r.editable ? (
                <Popconfirm
                  title={`删除「${r.areaOrgName}」的派单规则？`}
                  okText="删除"
                  cancelText="取消"
                  onConfirm={() => remove(r.areaOrgId)}
                >
                  <Button type="link" size="small" danger>
                    删除
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      <Divider titlePlacement="start" plain>
        设置规则（同一区域已有规则时替换）
      </Divider>
      <Form<RouteValues>
        form={form}
        layout="vertical"
        initialValues={{ autoDispatch: true }}
        onFinish={submit}
      >
        <Form.Item name="areaOrgId" label="区域" rules={[{ required: true, message: '请选择区域' }]}>
          <OrgTreeSelect placeholder="诉求所在的区域（街道、社区、网格…）" />
        </Form.Item>
        <Form.Item
          name="handlerOrgId"
          label="承办单位"
          rules={[{ required: true, message: '请选择承办单位' }]}
        >
          <OrgTreeSelect placeholder="承办的职能部门或网格党组织" />
        </Form.Item>
        <Form.Item
          name="autoDispatch"
          label="提交后自动受理并派单"
          valuePropName="checked"
          extra="关闭时由属地受理后派单，派单时首先推荐该承办单位"
        >
          <Switch />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving}>
          保存规则
        </Button>
      </Form>
    </Drawer>
  );
}

/** 企业服务日 (蓬莱: 每月8日企业家接待日): each sign-up on the phone pages is filed as a case of the day's category. */
function ServiceDaysCard({ categories, configurer }: { categories: CaseCategory[]; configurer: boolean }) {
  const { data, loading, reload } = useGet<{ items: ServiceDay[] }>(
    '/service-days',
    configurer ? { includeInactive: true } : undefined,
  );
  const [editing, setEditing] = useState<ServiceDay | 'new' | null>(null);
  return (
    <Card
      size="small"
      title="企业服务日（每月固定接待日，报名即生成工单，逢节假日顺延）"
      style={{ marginTop: 16 }}
      extra={
        configurer ? (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            新建服务日
          </Button>
        ) : null
      }
    >
      <Table<ServiceDay>
        rowKey="id"
        size="small"
        loading={loading}
        pagination={false}
        dataSource={data?.items ?? []}
        locale={{ emptyText: '暂无企业服务日' }}
        columns={[
          {
            title: '名称',
            render: (_: unknown, d) => (
              <>
                {d.name}
                {d.active ? null : <Tag style={{ marginLeft: 4 }}>已停用</Tag>}
              </>
            ),
          },
          { title: '举办组织', dataIndex: 'orgName' },
          { title: '接待日', width: 90, render: (_: unknown, d) => `每月 ${d.dayOfMonth} 日` },
          { title: '下次', dataIndex: 'nextDate', width: 110 },
          { title: '报名生成的分类', dataIndex: 'categoryName', width: 130 },
          { title: '地点', dataIndex: 'location', render: (v: string | null) => v ?? '—' },
          { title: '本期报名', dataIndex: 'signups', width: 80 },
          {
            title: '操作',
            width: 70,
            render: (_: unknown, d) =>
              d.actions.includes('update') ? (
                <Button type="link" size="small" onClick={() => setEditing(d)}>
                  编辑
                </Button>
              ) : null,
          },
        ]}
      />
      {editing ? (
        <ServiceDayModal
          day={editing === 'new' ? null : editing}
          categories={categories}
          onClose={(changed) => {
            setEditing(null);
            if (changed) reload();
          }}
        />
      ) : null}
    </Card>
  );
}

interface ServiceDayValues {
  orgId?: number;
  name: string;
  dayOfMonth: number;
  categoryId: number;
  location?: string;
  description?: string;
  active?: boolean;
}

function ServiceDayModal({
  day,
  categories,
  onClose,
}: {
  day: ServiceDay | null;
  categories: CaseCategory[];
  onClose: (changed: boolean) => void;
}) {
  const [form] = Form.useForm<ServiceDayValues>();
  const { message, showError } = useFeedback();
  const [saving, setSaving] = useState(false);
  const submit = async (values: ServiceDayValues) => {
    setSaving(true);
    const body = {
      name: values.name,
      dayOfMonth: values.dayOfMonth,
      categoryId: values.categoryId,
      location: values.location || null,
      description: values.description || null,
    };
    try {
      if (day) await api.patch(`/service-days/${day.id}`, { ...body, active: values.active });
      else await api.post('/service-days', { ...body, orgId: values.orgId });
      message.success(`已保存「${values.name}」`);
      onClose(true);
    } catch (e) {
      showError(e, form);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={day ? `编辑「${day.name}」` : '新建企业服务日'}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
    >
      <Form<ServiceDayValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          day
            ? {
                name: day.name,
                dayOfMonth: day.dayOfMonth,
                categoryId: day.categoryId,
                location: day.location ?? '',
                description: day.description ?? '',
                active: day.active,
              }
            : { dayOfMonth: 8 }
        }
      >
        {day ? (
          <Form.Item label="举办组织">
            <Input value={day.orgName} disabled />
          </Form.Item>
        ) : (
          <Form.Item
            name="orgId"
            label="举办组织"
            rules={[{ required: true, message: '请选择举办组织' }]}
            extra="该组织及下级的企业可以报名"
          >
            <OrgTreeSelect />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label="名称"
          rules={[{ required: true, whitespace: true, message: '请填写名称' }]}
        >
          <Input maxLength={50} placeholder="如：企业家接待日" />
        </Form.Item>
        <Form.Item
          name="dayOfMonth"
          label="每月几日"
          rules={[{ required: true, type: 'integer', min: 1, max: 28, message: '接待日应在 1 到 28 日之间' }]}
        >
          <InputNumber min={1} max={28} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="categoryId"
          label="报名生成的工单分类"
          rules={[{ required: true, message: '请选择分类' }]}
          extra="按该分类的派单规则和时限办理"
        >
          <Select options={categories.map((c) => ({ value: c.id, label: `${c.name}（${c.code}）` }))} />
        </Form.Item>
        <Form.Item name="location" label="地点">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label="说明">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {day ? (
          <Form.Item name="active" label="启用" valuePropName="checked">
            <Switch />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
