import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { ProjectDetail, ProjectPage } from '../../../api/projects';
import type { Id } from '../../../api/types';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { useSave } from '../../feedback';
import { KIND_OPTIONS } from './types';

interface Values {
  orgId: Id;
  title: string;
  kind: string;
  parentProjectId?: Id;
  weight?: number;
  group?: string;
  leadName?: string;
  description?: string;
  milestones?: Array<{ title: string; plannedOn: Dayjs; weight: number }>;
}

/**
 * 新建项目: the lead organization, the kind, and the milestones with planned dates and weights that sum
 * to 100; or no milestones, for a parent whose progress rolls up from its sub-projects.
 */
export function ProjectForm({
  onClose,
  onDone,
  alliance,
}: {
  onClose: () => void;
  onDone: (id: Id) => void;
  /** An alliance's joint project: led by its office or a current member (the office runs it). */
  alliance?: { id: Id; orgs: Array<{ value: Id; label: string }> };
}) {
  const [form] = Form.useForm<Values>();
  const { saving, save, message } = useSave(form);
  const parents = useGet<ProjectPage>('/projects', { topLevel: 'true', pageSize: 200 });
  const parentOptions = (parents.data?.items ?? [])
    .filter((p) => p.milestoneCount === 0)
    .map((p) => ({ value: p.id, label: `${p.title}（${p.orgName}）` }));
  const milestones = Form.useWatch('milestones', form) ?? [];
  const sum = milestones.reduce((n, m) => n + (Number(m?.weight) || 0), 0);
  const isSub = Form.useWatch('parentProjectId', form) !== undefined;

  const submit = async (v: Values) => {
    await save(async () => {
      const created = await api.post<ProjectDetail>('/projects', {
        orgId: v.orgId,
        title: v.title.trim(),
        kind: v.kind,
        group: v.group?.trim() ?? '',
        leadName: v.leadName?.trim() ?? '',
        description: v.description?.trim() ?? '',
        ...(alliance ? { allianceId: alliance.id } : {}),
        ...(v.parentProjectId !== undefined
          ? { parentProjectId: v.parentProjectId, weight: v.weight ?? 1 }
          : {}),
        milestones: (v.milestones ?? []).map((m) => ({
          title: m.title.trim(),
          plannedOn: m.plannedOn.format('YYYY-MM-DD'),
          weight: m.weight,
        })),
      });
      message.success('项目已创建');
      onDone(created.id);
    });
  };

  return (
    <Modal
      open
      title={alliance ? '新建联盟项目' : '新建项目'}
      okText="创建"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={760}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ kind: alliance ? 'joint' : 'secretary_led', milestones: [{ weight: 100 }] }}
      >
        <Form.Item
          name="title"
          label="项目名称"
          rules={[{ required: true, whitespace: true, message: '请填写项目名称' }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Space size={16} wrap>
          <Form.Item name="kind" label="项目类型" rules={[{ required: true }]}>
            <Select style={{ width: 140 }} options={KIND_OPTIONS} />
          </Form.Item>
          <Form.Item
            name="orgId"
            label="牵头党组织"
            rules={[{ required: true, message: '请选择牵头党组织' }]}
          >
            {alliance ? (
              <Select style={{ width: 320 }} options={alliance.orgs} showSearch optionFilterProp="label" />
            ) : (
              <OrgTreeSelect style={{ width: 320 }} />
            )}
          </Form.Item>
          <Form.Item name="leadName" label="负责人（领题书记）">
            <Input maxLength={50} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Space size={16} wrap hidden={alliance !== undefined}>
          <Form.Item name="parentProjectId" label="上级项目（作为子项目时选择）">
            <Select allowClear style={{ width: 360 }} options={parentOptions} placeholder="不选：独立项目" />
          </Form.Item>
          {isSub ? (
            <Form.Item name="weight" label="在上级项目中的权重" initialValue={1}>
              <InputNumber min={1} max={100} precision={0} />
            </Form.Item>
          ) : null}
          <Form.Item name="group" label="分组（组团）">
            <Input maxLength={50} style={{ width: 160 }} placeholder="如：红色网格" />
          </Form.Item>
        </Space>
        <Form.Item name="description" label="项目简介">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Typography.Text strong>节点（权重合计应为 100，当前 {sum}）</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
          不设节点的为上级项目，进度由子项目按权重汇总。
        </Typography.Paragraph>
        <MilestoneList />
      </Form>
    </Modal>
  );
}

/** The milestones of a form field `milestones`: title, planned date and weight (shared with 揭榜 bids). */
export function MilestoneList() {
  return (
    <Form.List name="milestones">
      {(fields, { add, remove }) => (
        <>
          {fields.map((f) => (
            <Space key={f.key} align="start" size={8}>
              <Form.Item
                name={[f.name, 'title']}
                rules={[{ required: true, whitespace: true, message: '请填写节点名称' }]}
              >
                <Input placeholder="节点名称" style={{ width: 300 }} maxLength={200} />
              </Form.Item>
              <Form.Item
                name={[f.name, 'plannedOn']}
                rules={[{ required: true, message: '请选择计划完成日期' }]}
              >
                <DatePicker placeholder="计划完成" />
              </Form.Item>
              <Form.Item name={[f.name, 'weight']} rules={[{ required: true, message: '请填写权重' }]}>
                <InputNumber min={1} max={100} precision={0} placeholder="权重" />
              </Form.Item>
              <MinusCircleOutlined style={{ marginTop: 8 }} onClick={() => remove(f.name)} />
            </Space>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} block>
            添加节点
          </Button>
        </>
      )}
    </Form.List>
  );
}
