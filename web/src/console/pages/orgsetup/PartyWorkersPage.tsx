import { EyeOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { PartyWorker } from '../../../api/orgsetup';
import type { Id, Page } from '../../../api/types';
import { useAuth } from '../../../components/auth';
import { EMPTY, todayInChina } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { useFeedback } from '../../feedback';
import { PageContainer } from '../../PageContainer';

/** 党务工作者信息库: who does Party work for which organization; phones masked in the list. */
export default function PartyWorkersPage() {
  const { can } = useAuth();
  const { message, showError } = useFeedback();
  const [orgId, setOrgId] = useState<Id>();
  const [q, setQ] = useState('');
  const [fullTime, setFullTime] = useState<'' | 'true' | 'false'>('');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const list = useGet<Page<PartyWorker>>('/party-workers', {
    orgId,
    q,
    fullTime: fullTime || undefined,
    page,
    pageSize: 20,
  });

  const reveal = async (w: PartyWorker) => {
    try {
      const full = await api.get<PartyWorker>(`/party-workers/${w.id}`);
      if (full.phone) setRevealed((r) => ({ ...r, [String(w.id)]: full.phone! }));
    } catch (err) {
      showError(err);
    }
  };

  const remove = async (w: PartyWorker) => {
    try {
      await api.delete(`/party-workers/${w.id}`);
      message.success(`已删除${w.name}`);
      list.reload();
    } catch (err) {
      showError(err);
    }
  };

  return (
    <PageContainer
      title="党务工作者"
      subTitle="党务工作者信息库：专职、兼职党务工作者及其培训情况"
      extra={
        can('orgsetup.manage') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            登记党务工作者
          </Button>
        ) : null
      }
    >
      <Card size="small">
        <div className="hl-toolbar">
          <OrgTreeSelect
            value={orgId}
            onChange={setOrgId}
            placeholder="全部管理范围"
            style={{ width: 300 }}
          />
          <Input.Search
            allowClear
            placeholder="姓名、职务或组织名称"
            aria-label="搜索党务工作者"
            style={{ width: 240 }}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
          />
          <Radio.Group
            optionType="button"
            value={fullTime}
            onChange={(e) => {
              setFullTime(e.target.value);
              setPage(1);
            }}
            options={[
              { value: '', label: '全部' },
              { value: 'true', label: '专职' },
              { value: 'false', label: '兼职' },
            ]}
          />
        </div>
        <Table<PartyWorker>
          size="small"
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 1000 }}
          locale={{
            emptyText: <Empty description={list.error ? list.error.userMessage : '暂无党务工作者'} />,
          }}
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            showTotal: (t) => `共 ${t} 名`,
            onChange: setPage,
          }}
          columns={[
            { title: '姓名', dataIndex: 'name', width: 110 },
            { title: '职务', dataIndex: 'post', width: 130 },
            { title: '所在党组织', dataIndex: 'orgName', ellipsis: true },
            {
              title: '手机号',
              dataIndex: 'phone',
              width: 170,
              render: (v: string | null, w) => {
                if (!v) return EMPTY;
                const full = revealed[String(w.id)];
                if (full) return full;
                return (
                  <Space size={4}>
                    <span>{v}</span>
                    {w.actions.includes('orgsetup.manage') ? (
                      <Tooltip title="查看完整号码（将留痕）">
                        <Button
                          size="small"
                          type="text"
                          icon={<EyeOutlined />}
                          aria-label={`查看${w.name}的完整手机号`}
                          onClick={() => reveal(w)}
                        />
                      </Tooltip>
                    ) : null}
                  </Space>
                );
              },
            },
            {
              title: '专兼职',
              dataIndex: 'fullTime',
              width: 80,
              render: (v: boolean) => (v ? <Tag color="red">专职</Tag> : <Tag>兼职</Tag>),
            },
            { title: '最近培训', dataIndex: 'trainedOn', width: 110, render: (v) => v ?? EMPTY },
            {
              title: '操作',
              width: 80,
              render: (_, w) =>
                w.actions.includes('orgsetup.manage') ? (
                  <Popconfirm
                    title={`删除${w.name}的记录？`}
                    okText="删除"
                    cancelText="取消"
                    onConfirm={() => remove(w)}
                  >
                    <Button size="small" type="link" danger>
                      删除
                    </Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      </Card>
      {creating ? (
        <CreateWorkerModal
          onClose={() => setCreating(false)}
          onDone={() => {
            setCreating(false);
            list.reload();
          }}
        />
      ) : null}
    </PageContainer>
  );
}

interface WorkerValues {
  orgId: Id;
  name: string;
  post: string;
  phone?: string;
  fullTime: boolean;
  trainedOn?: Dayjs | null;
  note?: string;
}

function CreateWorkerModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<WorkerValues>();
  const [saving, setSaving] = useState(false);
  const { message, showError } = useFeedback();
  const submit = async (values: WorkerValues) => {
    setSaving(true);
    try {
      await api.post('/party-workers', {
        orgId: values.orgId,
        name: values.name.trim(),
        post: values.post.trim(),
        phone: values.phone?.trim() || undefined,
        fullTime: values.fullTime,
        trainedOn: values.trainedOn ? values.trainedOn.format('YYYY-MM-DD') : undefined,
        note: values.note?.trim() || undefined,
      });
      message.success(`已登记${values.name.trim()}`);
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
      title="登记党务工作者"
      okText="确定"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={560}
    >
      <Form<WorkerValues> form={form} layout="vertical" onFinish={submit} initialValues={{ fullTime: false }}>
        <Form.Item name="orgId" label="所在党组织" rules={[{ required: true, message: '请选择党组织' }]}>
          <OrgTreeSelect />
        </Form.Item>
        <Space size={12} style={{ display: 'flex' }} wrap>
          <Form.Item
            name="name"
            label="姓名"
            rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
          >
            <Input maxLength={50} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item
            name="post"
            label="职务"
            rules={[{ required: true, whitespace: true, message: '请填写职务' }]}
          >
            <Input maxLength={50} placeholder="如：党支部书记、组织员" style={{ width: 220 }} />
          </Form.Item>
        </Space>
        <Space size={12} style={{ display: 'flex' }} wrap>
          <Form.Item
            name="phone"
            label="手机号"
            rules={[{ pattern: /^1\d{10}$/, message: '手机号码应为以 1 开头的 11 位数字' }]}
          >
            <Input maxLength={11} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="trainedOn" label="最近培训日期">
            <DatePicker disabledDate={(d) => d.isAfter(todayInChina(), 'day')} />
          </Form.Item>
          <Form.Item name="fullTime" label="专职" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
