import { TEAM_KINDS } from '@honglian/domain';
import { Button, DatePicker, Empty, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { hours } from '../../../api/activities';
import type { AllianceDetail, AllianceService } from '../../../api/alliances';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { Id } from '../../../api/types';
import { EMPTY } from '../../../components/format';
import { FormModal } from '../../FormModal';
import { SelectionDrawer } from '../activities/SelectionsPage';
import { TeamDrawer } from '../activities/TeamsPage';

/**
 * 服务队与表彰 of one alliance (decision 0019, addendum): its teams (红链服务队、突击队) with their
 * members, activities and approved service hours; its selections (党员示范岗、红领工匠) and the honours
 * conferred. The office makes teams and opens selections here, on the one teams and selections engine,
 * and keeps their people (队员, 候选人) through the same drawers as the 志愿服务队 and 评选表彰 pages,
 * picking from the alliance's member organizations only.
 */
export function ServiceTeams({ a }: { a: AllianceDetail }) {
  const page = useGet<AllianceService>(`/alliances/${a.id}/service-teams`);
  const [making, setMaking] = useState<'team' | 'selection' | null>(null);
  const [open, setOpen] = useState<{ kind: 'team' | 'selection'; id: Id } | null>(null);
  const data = page.data;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="alliance-service">
      {data?.canManage ? (
        <Space>
          <Button type="primary" onClick={() => setMaking('team')}>
            组建服务队
          </Button>
          <Button onClick={() => setMaking('selection')}>发起评选</Button>
        </Space>
      ) : null}
      <Table<AllianceService['teams'][number]>
        size="small"
        rowKey="id"
        title={() => '服务队'}
        loading={page.loading}
        dataSource={data?.teams ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="还没有服务队" /> }}
        columns={[
          { title: '服务队', dataIndex: 'name' },
          { title: '类型', dataIndex: 'kindLabel', width: 110 },
          { title: '队员', dataIndex: 'members', width: 70 },
          { title: '活动', dataIndex: 'activities', width: 70 },
          { title: '服务时长', dataIndex: 'minutes', width: 100, render: (m: number) => hours(m) },
          { title: '最近活动', dataIndex: 'lastActivity', render: (v: string | null) => v ?? EMPTY },
          {
            title: '操作',
            width: 90,
            render: (_, t) => (
              <Button size="small" type="link" onClick={() => setOpen({ kind: 'team', id: t.id })}>
                {data?.canManage ? '管理队员' : '队员'}
              </Button>
            ),
          },
        ]}
      />
      <Table<AllianceService['selections'][number]>
        size="small"
        rowKey="id"
        title={() => '评选'}
        loading={page.loading}
        dataSource={data?.selections ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="还没有评选" /> }}
        columns={[
          { title: '评选', dataIndex: 'title' },
          { title: '荣誉称号', dataIndex: 'honour', width: 120 },
          { title: '投票（评审）', width: 200, render: (_, s) => `${s.votingFrom} 至 ${s.votingTo}` },
          { title: '名额', dataIndex: 'quota', width: 60 },
          { title: '候选人', dataIndex: 'nominees', width: 70 },
          {
            title: '状态',
            width: 90,
            render: (_, s) => (s.decided ? <Tag color="green">已表彰</Tag> : <Tag color="blue">评选中</Tag>),
          },
          {
            title: '操作',
            width: 100,
            render: (_, s) => (
              <Button size="small" type="link" onClick={() => setOpen({ kind: 'selection', id: s.id })}>
                {data?.canManage && !s.decided ? '管理候选人' : '候选人'}
              </Button>
            ),
          },
        ]}
      />
      <Table<AllianceService['honours'][number]>
        size="small"
        rowKey="id"
        title={() => '所授荣誉'}
        loading={page.loading}
        dataSource={data?.honours ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="还没有授予荣誉" /> }}
        columns={[
          { title: '荣誉', dataIndex: 'title', width: 140 },
          { title: '获得者', dataIndex: 'name' },
          { title: '所在单位', dataIndex: 'orgName', render: (v: string | null) => v ?? EMPTY },
          { title: '授予日期', dataIndex: 'awardedOn', width: 120 },
        ]}
      />
      {open?.kind === 'team' ? (
        <TeamDrawer id={open.id} allianceId={a.id} onClose={() => setOpen(null)} onChanged={page.reload} />
      ) : null}
      {open?.kind === 'selection' ? (
        <SelectionDrawer
          id={open.id}
          allianceId={a.id}
          onClose={() => setOpen(null)}
          onChanged={page.reload}
        />
      ) : null}
      {making === 'team' ? (
        <TeamForm
          allianceId={a.id}
          onClose={() => setMaking(null)}
          onSaved={() => {
            setMaking(null);
            page.reload();
          }}
        />
      ) : null}
      {making === 'selection' ? (
        <SelectionForm
          allianceId={a.id}
          onClose={() => setMaking(null)}
          onSaved={() => {
            setMaking(null);
            page.reload();
          }}
        />
      ) : null}
    </Space>
  );
}

interface FormProps {
  allianceId: Id;
  onClose: () => void;
  onSaved: () => void;
}

function TeamForm({ allianceId, onClose, onSaved }: FormProps) {
  return (
    <FormModal<{ name: string; kind: string; description?: string }>
      title="组建联盟服务队"
      okText="组建"
      onClose={onClose}
      initialValues={{ kind: 'party_members' }}
      submit={async (v) => {
        await api.post('/volunteer-teams', {
          allianceId,
          name: v.name,
          kind: v.kind,
          description: v.description,
        });
        onSaved();
      }}
    >
      <Form.Item name="name" label="服务队名称" rules={[{ required: true, message: '请填写服务队名称' }]}>
        <Input maxLength={60} placeholder="如：红链服务队、党员突击队" />
      </Form.Item>
      <Form.Item name="kind" label="类型">
        <Select
          options={(['party_members', 'grid'] as const).map((value) => ({ value, label: TEAM_KINDS[value] }))}
        />
      </Form.Item>
      <Form.Item name="description" label="简介">
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

function SelectionForm({ allianceId, onClose, onSaved }: FormProps) {
  return (
    <FormModal<Record<string, unknown>>
      title="发起联盟评选"
      okText="发起"
      onClose={onClose}
      initialValues={{ method: 'review', quota: 1, honour: '红领工匠' }}
      submit={async (v) => {
        await api.post('/selections', {
          allianceId,
          title: v.title,
          honour: v.honour,
          method: v.method,
          description: v.description,
          votingFrom: (v.votingFrom as Dayjs).format('YYYY-MM-DD'),
          votingTo: (v.votingTo as Dayjs).format('YYYY-MM-DD'),
          quota: v.quota,
          points: v.points ?? 0,
        });
        onSaved();
      }}
    >
      <Form.Item name="title" label="评选名称" rules={[{ required: true, message: '请填写评选名称' }]}>
        <Input maxLength={80} />
      </Form.Item>
      <Form.Item name="honour" label="荣誉称号" rules={[{ required: true, message: '请填写荣誉称号' }]}>
        <Select
          options={[
            { value: '红领工匠', label: '红领工匠' },
            { value: '党员示范岗', label: '党员示范岗' },
          ]}
        />
      </Form.Item>
      <Form.Item name="method" label="评选方式">
        <Select
          options={[
            { value: 'review', label: '评审打分' },
            { value: 'vote', label: '公众投票' },
          ]}
        />
      </Form.Item>
      <Form.Item name="description" label="评选说明">
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Space>
        <Form.Item
          name="votingFrom"
          label="投票（评审）开始"
          rules={[{ required: true, message: '请选择日期' }]}
        >
          <DatePicker />
        </Form.Item>
        <Form.Item name="votingTo" label="截止" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker />
        </Form.Item>
      </Space>
      <Space>
        <Form.Item name="quota" label="表彰名额" rules={[{ required: true, message: '请填写表彰名额' }]}>
          <InputNumber min={1} max={100} />
        </Form.Item>
        <Form.Item name="points" label="奖励积分">
          <InputNumber min={0} max={10000} />
        </Form.Item>
      </Space>
    </FormModal>
  );
}
