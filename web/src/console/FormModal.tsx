import { Form, type FormInstance, Input, Modal, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useSave } from './feedback';

/**
 * A create or edit dialog around one form: 保存 submits it, `submit`'s server errors land on the form's
 * fields (useSave), the dialog shows saving while it runs. The caller closes it in `submit` when done.
 */
export function FormModal<T extends object>({
  title,
  onClose,
  submit,
  children,
  initialValues,
  okText = '保存',
  width,
  form: given,
}: {
  title: string;
  onClose: () => void;
  submit: (values: T) => Promise<void>;
  children: ReactNode;
  initialValues?: Partial<T>;
  okText?: string;
  width?: number;
  /** the form, when the caller watches its fields (Form.useWatch) */
  form?: FormInstance<T>;
}) {
  const [own] = Form.useForm<T>();
  const form = given ?? own;
  const { saving, save } = useSave(form);
  return (
    <Modal
      open
      title={title}
      width={width}
      okText={okText}
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(v) => save(() => submit(v))}
      >
        {children}
      </Form>
    </Modal>
  );
}

/**
 * A dialog asking for the reason of a removal or withdrawal (kept in the audit trail): `submit` gets the
 * trimmed reason; the server's field error on `reason` lands on the field.
 */
export function ReasonModal({
  title,
  note,
  okText = '确定',
  placeholder,
  onClose,
  submit,
}: {
  title: string;
  /** what the action does, above the field */
  note?: ReactNode;
  okText?: string;
  placeholder?: string;
  onClose: () => void;
  submit: (reason: string) => Promise<void>;
}) {
  return (
    <FormModal<{ reason: string }>
      title={title}
      okText={okText}
      onClose={onClose}
      submit={(v) => submit(v.reason.trim())}
    >
      {note ? <Typography.Paragraph type="secondary">{note}</Typography.Paragraph> : null}
      <Form.Item
        name="reason"
        label="理由"
        rules={[{ required: true, whitespace: true, message: '请说明理由' }]}
      >
        <Input.TextArea rows={3} maxLength={500} placeholder={placeholder} />
      </Form.Item>
    </FormModal>
  );
}
