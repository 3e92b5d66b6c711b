import { validateIdNumber } from '@honglian/domain';
import { Alert, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../../api/client';
import type { MemberDetail } from '../../../api/members';
import type { Id } from '../../../api/types';
import { todayInChina } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { useFeedback } from '../../feedback';

interface Values {
  orgId: Id;
  name: string;
  idNumber: string;
  phone?: string;
  ethnicity?: string;
  education?: string;
  workUnit?: string;
  stage: 'full' | 'probationary';
  joinedOn?: Dayjs;
  fullMemberOn?: Dayjs;
}

/** 公民身份号码 checked in the browser with the server's own rule, so a typo shows before saving. */
export const ID_NUMBER_RULE = {
  validator: (_: unknown, value: string | undefined) => {
    if (!value) return Promise.resolve();
    const result = validateIdNumber(value, todayInChina().format('YYYY-MM-DD'));
    return result.ok ? Promise.resolve() : Promise.reject(new Error(result.message));
  },
};

export const PHONE_RULE = { pattern: /^1\d{10}$/, message: '手机号码应为以 1 开头的 11 位数字' };

export const EDUCATION_OPTIONS = ['研究生', '大学本科', '大学专科', '中专', '高中', '初中及以下'].map(
  (v) => ({
    value: v,
    label: v,
  }),
);

/** 新增党员: the server derives gender and birth date from the ID number and puts its errors under the fields. */
export function CreateMemberModal({
  defaultOrgId,
  onClose,
  onDone,
}: {
  defaultOrgId?: Id;
  onClose: () => void;
  onDone: (id: Id) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const { message, showError } = useFeedback();
  const idNumber = Form.useWatch('idNumber', form);
  const derived = idNumber ? validateIdNumber(idNumber, todayInChina().format('YYYY-MM-DD')) : undefined;

  const submit = async (v: Values) => {
    setSaving(true);
    try {
      const created = await api.post<MemberDetail>('/members', {
        orgId: v.orgId,
        name: v.name.trim(),
        idNumber: v.idNumber.trim(),
        phone: v.phone?.trim() || undefined,
        ethnicity: v.ethnicity?.trim() || undefined,
        education: v.education || undefined,
        workUnit: v.workUnit?.trim() || undefined,
        stage: v.stage,
        joinedOn: v.joinedOn?.format('YYYY-MM-DD'),
        fullMemberOn: v.fullMemberOn?.format('YYYY-MM-DD'),
      });
      message.success(`已新增党员「${created.name}」`);
      onDone(created.id);
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title="新增党员"
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={620}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ stage: 'full', orgId: defaultOrgId, ethnicity: '汉族' }}
      >
        <Form.Item label="所在党组织" name="orgId" rules={[{ required: true, message: '请选择所在党组织' }]}>
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item
          label="姓名"
          name="name"
          rules={[
            { required: true, whitespace: true, message: '请输入姓名' },
            { max: 50, message: '姓名不能超过 50 个字' },
          ]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          label="公民身份号码"
          name="idNumber"
          normalize={(v: string | undefined) => v?.toUpperCase().replace(/\s/g, '')}
          rules={[{ required: true, message: '请输入公民身份号码' }, ID_NUMBER_RULE]}
          extra={
            derived?.ok
              ? `性别：${derived.gender === 'male' ? '男' : '女'}，出生日期：${derived.birthDate}（由号码得出）`
              : '18 位，性别和出生日期由号码自动得出'
          }
        >
          <Input maxLength={18} className="hl-code" />
        </Form.Item>
        <Form.Item label="手机号码" name="phone" rules={[PHONE_RULE]}>
          <Input maxLength={11} />
        </Form.Item>
        <div className="hl-form-row">
          <Form.Item label="民族" name="ethnicity" rules={[{ max: 20, message: '不能超过 20 个字' }]}>
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item label="学历" name="education">
            <Select allowClear options={EDUCATION_OPTIONS} />
          </Form.Item>
          <Form.Item label="党员类别" name="stage">
            <Select
              options={[
                { value: 'full', label: '正式党员' },
                { value: 'probationary', label: '预备党员' },
              ]}
            />
          </Form.Item>
        </div>
        <Form.Item label="工作单位" name="workUnit" rules={[{ max: 200, message: '不能超过 200 个字' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <div className="hl-form-row">
          <Form.Item label="入党日期" name="joinedOn">
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label="转正日期" name="fullMemberOn">
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Alert
          type="info"
          showIcon
          title="入党申请人、积极分子和发展对象请在“发展党员”中登记；已在其他党组织的党员请办理组织关系转接。"
        />
      </Form>
    </Modal>
  );
}
