import { Alert, DatePicker, Descriptions, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError, api } from '../../../api/client';
import { type Id, type OrgDetail, type OrgItem, sameId } from '../../../api/types';
import { useAuth } from '../../../components/auth';
import { todayInChina } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { UnitSelect } from '../../../components/RemoteSelect';
import { ORG_TYPE_OPTIONS } from '../../../domain';
import { useFeedback } from '../../feedback';

/** 行政区划代码 (GB/T 2260 county level, or the 12-digit statistical code down to village level). */
export const REGION_CODE_RULE = {
  pattern: /^(\d{6}|\d{9}|\d{12})$/,
  message: '行政区划代码应为 6 位、9 位或 12 位数字',
};

const toDate = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

interface ModalProps {
  org: OrgDetail;
  onClose: () => void;
  onDone: () => void;
}

interface CreateValues {
  name: string;
  type: string;
  regionCode?: string;
  unitId?: Id;
  establishedOn?: Dayjs | null;
}

/** 新建下级组织 under `org`. */
export function CreateOrgModal({ org, onClose, onDone }: ModalProps) {
  const [form] = Form.useForm<CreateValues>();
  const [saving, setSaving] = useState(false);
  const { message, showError } = useFeedback();
  const { can } = useAuth();

  const submit = async (values: CreateValues) => {
    setSaving(true);
    try {
      const created = await api.post<OrgItem>('/orgs', {
        name: values.name.trim(),
        type: values.type,
        parentId: org.id,
        regionCode: values.regionCode || undefined,
        unitId: values.unitId ?? undefined,
        establishedOn: toDate(values.establishedOn),
      });
      message.success(`已新建党组织「${created.name ?? values.name}」`);
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
      title="新建下级组织"
      okText="确定"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={560}
    >
      <Form<CreateValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          type: 'branch',
          regionCode: org.regionCode ?? undefined,
          establishedOn: todayInChina(),
        }}
      >
        <Form.Item label="上级组织">
          <Input value={org.name} disabled />
        </Form.Item>
        <Form.Item
          label="名称"
          name="name"
          rules={[
            { required: true, whitespace: true, message: '请输入党组织名称' },
            { max: 100, message: '名称不能超过 100 个字' },
          ]}
        >
          <Input placeholder="如：中共某某公司支部委员会" maxLength={100} />
        </Form.Item>
        <Form.Item label="类型" name="type" rules={[{ required: true, message: '请选择党组织类型' }]}>
          <Select options={ORG_TYPE_OPTIONS} placeholder="请选择" />
        </Form.Item>
        <Form.Item
          label="行政区划代码"
          name="regionCode"
          rules={[REGION_CODE_RULE]}
          extra="默认与上级组织相同"
        >
          <Input placeholder="如：350206" maxLength={12} />
        </Form.Item>
        {can('unit.read') ? (
          <Form.Item label="所在单位" name="unitId" extra="可不填；联合党支部可在单位管理中关联多个单位">
            <UnitSelect />
          </Form.Item>
        ) : null}
        <Form.Item label="成立日期" name="establishedOn">
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(todayInChina(), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface EditValues {
  name: string;
  type: string;
  unitId?: Id;
}

/** 重命名 / 修改 `org` (name, type, unit). */
export function EditOrgModal({ org, onClose, onDone }: ModalProps) {
  const [form] = Form.useForm<EditValues>();
  const [saving, setSaving] = useState(false);
  const { message, showError } = useFeedback();
  const { can } = useAuth();

  const submit = async (values: EditValues) => {
    const patch: Record<string, unknown> = {};
    if (values.name.trim() !== org.name) patch.name = values.name.trim();
    if (values.type !== org.type) patch.type = values.type;
    if (String(values.unitId ?? '') !== String(org.unitId ?? '')) patch.unitId = values.unitId ?? null;
    if (Object.keys(patch).length === 0) {
      message.info('没有需要保存的修改');
      onClose();
      return;
    }
    setSaving(true);
    try {
      await api.patch(`/orgs/${org.id}`, patch);
      message.success('已保存修改');
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
      title="修改党组织信息"
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={560}
    >
      <Form<EditValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ name: org.name, type: org.type, unitId: org.unitId ?? undefined }}
      >
        <Form.Item
          label="名称"
          name="name"
          rules={[
            { required: true, whitespace: true, message: '请输入党组织名称' },
            { max: 100, message: '名称不能超过 100 个字' },
          ]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label="类型" name="type" rules={[{ required: true, message: '请选择党组织类型' }]}>
          <Select
            options={
              ORG_TYPE_OPTIONS.some((o) => o.value === org.type)
                ? ORG_TYPE_OPTIONS
                : [{ value: org.type, label: org.typeLabel }, ...ORG_TYPE_OPTIONS]
            }
          />
        </Form.Item>
        {can('unit.read') ? (
          <Form.Item label="所在单位" name="unitId">
            <UnitSelect initialLabel={org.unit?.name ?? org.unitName ?? undefined} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

/** 调整隶属关系: move `org` under another organization. */
export function MoveOrgModal({ org, onClose, onDone }: ModalProps) {
  const [form] = Form.useForm<{ parentId?: Id }>();
  const [saving, setSaving] = useState(false);
  const { message, showError } = useFeedback();
  const parent = org.ancestors.at(-1);

  const submit = async ({ parentId }: { parentId?: Id }) => {
    if (parentId === undefined) return;
    if (sameId(parentId, org.parentId)) {
      form.setFields([{ name: 'parentId', errors: ['新的上级组织与当前上级组织相同'] }]);
      return;
    }
    setSaving(true);
    try {
      await api.post(`/orgs/${org.id}/move`, { parentId });
      message.success('已调整隶属关系');
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'org.move_cycle' && err.fieldErrors.length === 0) {
        form.setFields([{ name: 'parentId', errors: [err.userMessage] }]);
      }
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title="调整隶属关系"
      okText="确定调整"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={560}
    >
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'name', label: '党组织', children: org.name },
          { key: 'parent', label: '当前上级组织', children: parent?.name ?? '无（顶层组织）' },
        ]}
      />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          label="新的上级组织"
          name="parentId"
          rules={[{ required: true, message: '请选择新的上级组织' }]}
          extra="不能选择本组织及其下级组织；整个下级组织树将一并调整"
        >
          <OrgTreeSelect excludeIds={[org.id]} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface DissolveValues {
  reason: string;
  dissolvedOn?: Dayjs | null;
}

/** 撤销 `org`: a reason is required and the button says what it does. */
export function DissolveOrgModal({ org, onClose, onDone }: ModalProps) {
  const [form] = Form.useForm<DissolveValues>();
  const [saving, setSaving] = useState(false);
  const { message, showError } = useFeedback();

  const submit = async (values: DissolveValues) => {
    setSaving(true);
    try {
      await api.post(`/orgs/${org.id}/dissolve`, {
        reason: values.reason.trim(),
        dissolvedOn: toDate(values.dissolvedOn),
      });
      message.success(`已撤销党组织「${org.name}」`);
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
      title={`撤销党组织：${org.name}`}
      okText="确认撤销"
      cancelText="取消"
      okButtonProps={{ danger: true }}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={560}
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title="撤销后该党组织标记为「已撤销」，不再出现在组织架构中（勾选“显示已撤销”可查看），操作记入审计日志。"
        description={
          org.counts.children > 0
            ? `该组织下还有 ${org.counts.children} 个下级组织，请先调整或撤销下级组织。`
            : undefined
        }
      />
      <Form<DissolveValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ dissolvedOn: todayInChina() }}
      >
        <Form.Item
          label="撤销原因"
          name="reason"
          rules={[
            { required: true, whitespace: true, message: '请填写撤销原因' },
            { max: 500, message: '撤销原因不能超过 500 个字' },
          ]}
        >
          <Input.TextArea
            rows={3}
            placeholder="如：所在企业注销，党员组织关系已全部转出"
            maxLength={500}
            showCount
          />
        </Form.Item>
        <Form.Item label="撤销日期" name="dissolvedOn">
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(todayInChina(), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
