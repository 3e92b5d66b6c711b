import {
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { Project, ProjectDetail, ProjectMilestone } from '../../../api/projects';
import type { Id } from '../../../api/types';
import { EMPTY, todayInChina } from '../../../components/format';
import { useSave } from '../../feedback';
import { AheadTag, ScheduleBar } from './ScheduleBar';

/** One project: its figures, milestones (each done with its evidence) and sub-projects. */
export function ProjectDrawer({
  id,
  onClose,
  onChanged,
  onOpen,
}: {
  id: Id;
  onClose: () => void;
  onChanged: () => void;
  onOpen: (id: Id) => void;
}) {
  const project = useGet<ProjectDetail>(`/projects/${id}`);
  const [completing, setCompleting] = useState<ProjectMilestone | null>(null);
  const p = project.data;

  return (
    <Drawer open width={820} title={p?.title ?? '项目'} onClose={onClose} loading={project.loading && !p}>
      {p ? (
        <>
          <Descriptions size="small" column={2} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label="牵头党组织">{p.orgName}</Descriptions.Item>
            <Descriptions.Item label="类型">{p.kindLabel}</Descriptions.Item>
            <Descriptions.Item label="负责人">{p.leadName || EMPTY}</Descriptions.Item>
            <Descriptions.Item label="分组">{p.group || EMPTY}</Descriptions.Item>
            {p.allianceName ? (
              <Descriptions.Item label="所属联盟" span={p.challenge ? 1 : 2}>
                {p.allianceName}
              </Descriptions.Item>
            ) : null}
            {p.challenge ? (
              <Descriptions.Item label="揭榜挂帅" span={p.allianceName ? 1 : 2}>
                {p.challenge.opensOn} 至 {p.challenge.closesOn}，{p.challenge.stateLabel}
              </Descriptions.Item>
            ) : null}
            {p.parentTitle ? (
              <Descriptions.Item label="上级项目" span={2}>
                {p.parentTitle}（权重 {p.weight}）
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label="进度" span={2}>
              <Space size={16} wrap>
                <div style={{ width: 320 }} data-testid="project-drawer-progress">
                  <ScheduleBar progress={p.progress} planned={p.plannedProgress} />
                </div>
                <AheadTag aheadPoints={p.aheadPoints} label={p.scheduleLabel} />
              </Space>
            </Descriptions.Item>
            {p.description ? (
              <Descriptions.Item label="项目简介" span={2}>
                {p.description}
              </Descriptions.Item>
            ) : null}
          </Descriptions>

          {p.subProjectCount > 0 ? (
            <>
              <Typography.Title level={5}>子项目（按权重汇总为上级项目进度）</Typography.Title>
              <Table<Project>
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={p.subProjects}
                columns={[
                  {
                    title: '子项目',
                    dataIndex: 'title',
                    ellipsis: true,
                    render: (v: string, r) => (
                      <Typography.Link onClick={() => onOpen(r.id)}>{v}</Typography.Link>
                    ),
                  },
                  { title: '分组', dataIndex: 'group', width: 90, render: (v: string) => v || EMPTY },
                  { title: '牵头党组织', dataIndex: 'orgName', width: 170, ellipsis: true },
                  { title: '权重', dataIndex: 'weight', width: 60 },
                  {
                    title: '进度',
                    width: 200,
                    render: (_, r) => <ScheduleBar progress={r.progress} planned={r.plannedProgress} />,
                  },
                  {
                    title: '偏差',
                    width: 160,
                    render: (_, r) => <AheadTag aheadPoints={r.aheadPoints} label={r.scheduleLabel} />,
                  },
                ]}
              />
            </>
          ) : (
            <>
              <Typography.Title level={5}>节点</Typography.Title>
              <Table<ProjectMilestone>
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={p.milestones}
                locale={{ emptyText: '未设置节点：进度由子项目汇总' }}
                onRow={(r) =>
                  ({ 'data-testid': `milestone-${r.position}` }) as React.HTMLAttributes<HTMLElement>
                }
                columns={[
                  { title: '节点', dataIndex: 'title', ellipsis: true },
                  { title: '计划完成', dataIndex: 'plannedOn', width: 110 },
                  { title: '权重', dataIndex: 'weight', width: 60 },
                  {
                    title: '完成情况',
                    width: 240,
                    render: (_, m) =>
                      m.completedOn ? (
                        <Space direction="vertical" size={0}>
                          <Tag color="green">已完成 {m.completedOn}</Tag>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {m.evidence}
                          </Typography.Text>
                        </Space>
                      ) : m.overdue ? (
                        <Tag color="red">逾期未完成</Tag>
                      ) : (
                        <Tag>未到期</Tag>
                      ),
                  },
                  {
                    title: '操作',
                    width: 90,
                    render: (_, m) =>
                      p.canManage && !m.completedOn ? (
                        <Button size="small" type="link" onClick={() => setCompleting(m)}>
                          登记完成
                        </Button>
                      ) : null,
                  },
                ]}
              />
            </>
          )}
        </>
      ) : project.error ? (
        <Typography.Text type="danger">{project.error.userMessage}</Typography.Text>
      ) : null}
      {completing && p ? (
        <CompleteModal
          projectId={p.id}
          milestone={completing}
          onClose={() => setCompleting(null)}
          onDone={() => {
            setCompleting(null);
            project.reload();
            onChanged();
          }}
        />
      ) : null}
    </Drawer>
  );
}

function CompleteModal({
  projectId,
  milestone,
  onClose,
  onDone,
}: {
  projectId: Id;
  milestone: ProjectMilestone;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ completedOn: Dayjs; evidence: string }>();
  const { saving, save, message } = useSave(form);
  const today = todayInChina();

  const submit = async (values: { completedOn: Dayjs; evidence: string }) => {
    await save(async () => {
      await api.post(`/projects/${projectId}/milestones/${milestone.id}/complete`, {
        completedOn: values.completedOn.format('YYYY-MM-DD'),
        evidence: values.evidence.trim(),
      });
      message.success('节点已登记完成');
      onDone();
    });
  };

  return (
    <Modal
      open
      title={`登记完成：${milestone.title}`}
      okText="登记完成"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ completedOn: today }}>
        <Form.Item
          name="completedOn"
          label="完成日期"
          rules={[{ required: true, message: '请选择完成日期' }]}
        >
          <DatePicker disabledDate={(d) => d.isAfter(today, 'day')} />
        </Form.Item>
        <Form.Item
          name="evidence"
          label="完成佐证"
          rules={[{ required: true, whitespace: true, message: '请填写完成佐证' }]}
          extra="如会议纪要、验收材料、图片说明，须能说明节点已完成"
        >
          <Input.TextArea rows={4} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
