import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useGet } from '../../../api/hooks';
import type { Project, ProjectPage } from '../../../api/projects';
import type { Id } from '../../../api/types';
import { useAuth } from '../../../components/auth';
import { EMPTY } from '../../../components/format';
import { PageContainer } from '../../PageContainer';
import { Evaluations } from './Evaluations';
import { ProjectDrawer } from './ProjectDrawer';
import { ProjectForm } from './ProjectForm';
import { AheadTag, ScheduleBar } from './ScheduleBar';
import { KIND_OPTIONS } from './types';

/**
 * 项目管理: 书记领航, 揭榜挂帅 and 党建联创 projects of the caller's subtree with their progress against
 * schedule (实际进度, 计划进度 as of today, 超时序 / 滞后 in points), most lagging first; a drawer with
 * the milestones, where a milestone is recorded as done with its evidence; the form to create one.
 */
export default function ProjectsPage() {
  const { can } = useAuth();
  const [page, setPage] = useState(1);
  const [kind, setKind] = useState<string>();
  const [status, setStatus] = useState<string>();
  // 工作台's 滞后项目 opens this page on ?lagging=true&org=…
  const [params] = useSearchParams();
  const [lagging, setLagging] = useState(params.get('lagging') === 'true');
  const [orgId, setOrgId] = useState<string | undefined>(params.get('org') ?? undefined);
  const org = useGet<{ name: string }>(orgId === undefined ? null : `/orgs/${orgId}`);
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<Id | null>(null);
  const [creating, setCreating] = useState(false);
  const list = useGet<ProjectPage>('/projects', {
    page,
    pageSize: 50,
    kind,
    status,
    q: q || undefined,
    lagging: lagging ? 'true' : undefined,
    orgId,
  });
  const items = list.data?.items ?? [];

  return (
    <PageContainer
      title="项目管理"
      subTitle="书记领航、揭榜挂帅、党建联创项目：实际进度为已完成节点权重之和，计划进度为计划在今天及以前完成的节点权重之和；上级项目按子项目权重汇总"
      extra={
        can('project.manage') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建项目
          </Button>
        ) : null
      }
    >
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            placeholder="项目类型"
            style={{ width: 140 }}
            options={KIND_OPTIONS}
            value={kind}
            onChange={(v) => {
              setKind(v);
              setPage(1);
            }}
          />
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 120 }}
            options={[
              { value: 'in_progress', label: '推进中' },
              { value: 'completed', label: '已完成' },
            ]}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
          />
          <Input.Search
            allowClear
            placeholder="项目名称"
            style={{ width: 220 }}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
          />
          <Space size={4}>
            <Switch
              id="projects-lagging"
              checked={lagging}
              onChange={(v) => {
                setLagging(v);
                setPage(1);
              }}
            />
            <label htmlFor="projects-lagging">只看滞后项目</label>
          </Space>
          {orgId !== undefined ? (
            <Tag
              closable
              onClose={() => {
                setOrgId(undefined);
                setPage(1);
              }}
            >
              党组织：{org.data?.name ?? '…'}（含下级）
            </Tag>
          ) : null}
        </Space>
        <Table<Project>
          size="small"
          rowKey="id"
          loading={list.loading}
          dataSource={items}
          scroll={{ x: 1400 }}
          locale={{ emptyText: <Empty description={list.error ? list.error.userMessage : '暂无项目'} /> }}
          pagination={{
            current: page,
            pageSize: 50,
            total: list.data?.total ?? 0,
            showTotal: (n) => `共 ${n} 个项目`,
            onChange: setPage,
          }}
          onRow={(r) => ({ 'data-testid': `project-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: '项目名称',
              dataIndex: 'title',
              width: 280,
              ellipsis: true,
              render: (v: string, r) => (
                <Space direction="vertical" size={0}>
                  <Typography.Link onClick={() => setOpen(r.id)}>{v}</Typography.Link>
                  {r.parentTitle ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      子项目 · {r.parentTitle}
                    </Typography.Text>
                  ) : r.subProjectCount > 0 ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.subProjectCount} 个子项目汇总
                    </Typography.Text>
                  ) : null}
                </Space>
              ),
            },
            { title: '牵头党组织', dataIndex: 'orgName', width: 200, ellipsis: true },
            {
              title: '类型',
              dataIndex: 'kindLabel',
              width: 110,
              render: (v: string, p) => (
                <Space direction="vertical" size={0}>
                  <Tag>{v}</Tag>
                  {p.allianceName ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {p.allianceName}
                    </Typography.Text>
                  ) : null}
                </Space>
              ),
            },
            { title: '分组', dataIndex: 'group', width: 100, render: (v: string) => v || EMPTY },
            {
              title: '进度（实际 / 计划）',
              width: 260,
              render: (_, r) => <ScheduleBar progress={r.progress} planned={r.plannedProgress} />,
            },
            {
              title: '超时序 / 滞后',
              dataIndex: 'aheadPoints',
              width: 170,
              render: (v: number, r) => <AheadTag aheadPoints={v} label={r.scheduleLabel} />,
            },
            {
              title: '下一节点',
              width: 200,
              ellipsis: true,
              render: (_, r) =>
                r.nextMilestone ? `${r.nextMilestone.plannedOn} ${r.nextMilestone.title}` : EMPTY,
            },
            {
              title: '操作',
              width: 70,
              render: (_, r) => (
                <Button size="small" type="link" onClick={() => setOpen(r.id)}>
                  查看
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {open !== null ? (
        <ProjectDrawer id={open} onClose={() => setOpen(null)} onChanged={list.reload} onOpen={setOpen} />
      ) : null}
      <Evaluations />
      {creating ? (
        <ProjectForm
          onClose={() => setCreating(false)}
          onDone={(id) => {
            setCreating(false);
            list.reload();
            setOpen(id);
          }}
        />
      ) : null}
    </PageContainer>
  );
}
