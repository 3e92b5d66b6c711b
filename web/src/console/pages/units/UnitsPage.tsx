import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Form, Input, InputNumber, Modal, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { Id, Page, UnitItem } from '../../../api/types';
import { useAuth } from '../../../components/auth';
import { EMPTY } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { UNIT_KIND_OPTIONS, validateCreditCode } from '../../../domain';
import { useFeedback } from '../../feedback';
import { PageContainer } from '../../PageContainer';
import { REGION_CODE_RULE } from '../orgs/OrgForms';

/** 统一社会信用代码 (GB 32100): the same check as the server's, so a typo shows before saving. */
const CREDIT_CODE_RULE = {
  validator: (_: unknown, value: string | undefined) => {
    if (!value) return Promise.resolve();
    const result = validateCreditCode(value);
    return result.ok ? Promise.resolve() : Promise.reject(new Error(result.message));
  },
};

/** 单位管理: the units (enterprises, bodies, communities…) organizations are attached to. */
export default function UnitsPage() {
  const { can } = useAuth();
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<string>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [creating, setCreating] = useState(false);
  const units = useGet<Page<UnitItem>>('/units', { q, kind, page, pageSize });

  return (
    <PageContainer
      title="单位管理"
      subTitle="党组织所在的企业、机关、事业单位、社区、村和社会组织"
      extra={
        can('unit.manage') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建单位
          </Button>
        ) : null
      }
    >
      <Card size="small">
        <div className="hl-toolbar">
          <Input.Search
            allowClear
            placeholder="单位名称或统一社会信用代码"
            aria-label="搜索单位"
            style={{ width: 300 }}
            onSearch={(value) => {
              setQ(value.trim());
              setPage(1);
            }}
          />
          <Select
            allowClear
            placeholder="单位类型"
            aria-label="单位类型"
            style={{ width: 160 }}
            options={UNIT_KIND_OPTIONS}
            value={kind}
            onChange={(value: string | undefined) => {
              setKind(value);
              setPage(1);
            }}
          />
        </div>
        <Table<UnitItem>
          size="small"
          rowKey="id"
          loading={units.loading}
          dataSource={units.data?.items ?? []}
          scroll={{ x: 1200 }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  units.error ? units.error.userMessage : q || kind ? '没有符合条件的单位' : '暂无单位'
                }
              />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: units.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => `共 ${total} 个单位`,
            onChange: (p, s) => {
              setPage(s === pageSize ? p : 1);
              setPageSize(s);
            },
          }}
          columns={[
            { title: '单位名称', dataIndex: 'name', ellipsis: true },
            { title: '单位类型', dataIndex: 'kindLabel', width: 110, render: (v: string) => <Tag>{v}</Tag> },
            {
              title: '统一社会信用代码',
              dataIndex: 'creditCode',
              width: 190,
              render: (v: string | null) => (v ? <span className="hl-code">{v}</span> : EMPTY),
            },
            {
              title: '行政区划',
              dataIndex: 'regionName',
              width: 160,
              render: (v: string | null, r) => v ?? r.regionCode ?? EMPTY,
            },
            {
              title: '所属行业',
              dataIndex: 'industry',
              width: 140,
              render: (v: string | null) => v || EMPTY,
            },
            {
              title: '从业人数',
              dataIndex: 'employees',
              width: 100,
              align: 'right',
              render: (v: number | null) => (v ?? EMPTY).toLocaleString(),
            },
            {
              title: '属地管理党组织',
              dataIndex: 'orgName',
              width: 220,
              ellipsis: true,
              render: (v: string | null) => v ?? EMPTY,
            },
            { title: '党组织数', dataIndex: 'orgCount', width: 90, align: 'right' },
          ]}
        />
      </Card>
      {creating ? (
        <CreateUnitModal
          onClose={() => setCreating(false)}
          onDone={() => {
            setCreating(false);
            units.reload();
          }}
        />
      ) : null}
    </PageContainer>
  );
}

interface UnitValues {
  orgId: Id;
  name: string;
  kind: string;
  creditCode?: string;
  regionCode: string;
  industry?: string;
  employees?: number | null;
}

function CreateUnitModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<UnitValues>();
  const [saving, setSaving] = useState(false);
  const { message, showError } = useFeedback();

  const submit = async (values: UnitValues) => {
    setSaving(true);
    try {
      await api.post('/units', {
        name: values.name.trim(),
        kind: values.kind,
        creditCode: values.creditCode?.trim().toUpperCase() || undefined,
        regionCode: values.regionCode.trim(),
        industry: values.industry?.trim() || undefined,
        employees: values.employees ?? undefined,
        orgId: values.orgId,
      });
      message.success(`已新建单位「${values.name.trim()}」`);
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
      title="新建单位"
      okText="确定"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={560}
    >
      <Form<UnitValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ kind: 'enterprise' }}
      >
        <Form.Item
          label="单位名称"
          name="name"
          rules={[
            { required: true, whitespace: true, message: '请输入单位名称' },
            { max: 100, message: '单位名称不能超过 100 个字' },
          ]}
        >
          <Input placeholder="与营业执照或登记证书一致" maxLength={100} />
        </Form.Item>
        <Form.Item label="单位类型" name="kind" rules={[{ required: true, message: '请选择单位类型' }]}>
          <Select options={UNIT_KIND_OPTIONS} />
        </Form.Item>
        <Form.Item
          label="统一社会信用代码"
          name="creditCode"
          normalize={(v: string | undefined) => v?.toUpperCase().replace(/\s/g, '')}
          rules={[CREDIT_CODE_RULE]}
          extra="18 位，见营业执照或登记证书"
        >
          <Input placeholder="如：91350200MA2XXXXXXX" maxLength={18} className="hl-code" />
        </Form.Item>
        <Form.Item
          label="行政区划代码"
          name="regionCode"
          rules={[{ required: true, message: '请输入行政区划代码' }, REGION_CODE_RULE]}
        >
          <Input placeholder="如：350206" maxLength={12} />
        </Form.Item>
        <Form.Item
          label="属地管理党组织"
          name="orgId"
          rules={[{ required: true, message: '请选择属地管理的党组织' }]}
          extra="负责该单位党建工作的党组织，如所在街道、园区或行业党委"
        >
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item label="所属行业" name="industry" rules={[{ max: 50, message: '不能超过 50 个字' }]}>
          <Input placeholder="如：软件和信息技术服务业" maxLength={50} />
        </Form.Item>
        <Form.Item label="从业人数" name="employees">
          <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} placeholder="人" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
