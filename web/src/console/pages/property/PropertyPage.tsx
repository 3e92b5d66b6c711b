import { PlusOutlined, SendOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Rate,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import {
  type Compound,
  type Inspection,
  type PublishedDetail,
  type PublishedSummary,
  quarterText,
  type Ranking,
  type RankingEntry,
  recentQuarters,
} from '../../../api/property';
import type { Id } from '../../../api/types';
import { formatDateTime, todayInChina } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { UnitSelect } from '../../../components/RemoteSelect';
import { useSave } from '../../feedback';
import { PageContainer } from '../../PageContainer';

/**
 * 红色物业: the compounds of the caller's communities and their property companies, the street's and
 * community's inspections, and each quarter's star rating of the companies computed from the case loop
 * and the inspections, every component explained; the 红黑榜 published as a frozen snapshot.
 */
export default function PropertyPage() {
  const [orgId, setOrgId] = useState<Id | undefined>();
  return (
    <PageContainer
      title="红色物业"
      subTitle="物业服务企业按季度评星：由诉求工单（投诉量、按时办结、居民满意）和检查考评计算，不手填"
    >
      <Card size="small">
        <Space wrap>
          <Typography.Text>范围：</Typography.Text>
          <OrgTreeSelect
            value={orgId}
            onChange={setOrgId}
            style={{ width: 360 }}
            allowClear
            placeholder="本人管理范围"
          />
        </Space>
      </Card>
      <Tabs
        style={{ marginTop: 8 }}
        items={[
          { key: 'ranking', label: '季度评星与红黑榜', children: <RankingTab orgId={orgId} /> },
          { key: 'compounds', label: '小区与物业企业', children: <CompoundsTab orgId={orgId} /> },
          { key: 'inspections', label: '检查考评', children: <InspectionsTab orgId={orgId} /> },
          { key: 'history', label: '已发布', children: <HistoryTab orgId={orgId} /> },
        ]}
      />
    </PageContainer>
  );
}

function RankingTab({ orgId }: { orgId: Id | undefined }) {
  const [quarter, setQuarter] = useState<string | undefined>();
  const ranking = useGet<Ranking>('/property/ranking', { orgId, quarter });
  const r = ranking.data;
  const { saving, save, message } = useSave();
  const now = todayInChina();
  const thisQuarter = `${now.year()}Q${Math.floor(now.month() / 3) + 1}`;
  return (
    <Card
      size="small"
      title={r ? `${r.orgName} · ${r.quarterLabel}（${r.from} 至 ${r.to}）` : '季度评星'}
      extra={
        <Space>
          <Select
            size="small"
            style={{ width: 170 }}
            value={quarter ?? r?.quarter}
            onChange={setQuarter}
            options={recentQuarters(thisQuarter, 6).map((q) => ({
              value: q,
              label: quarterText(q),
            }))}
          />
          <Button
            size="small"
            type="primary"
            icon={<SendOutlined />}
            loading={saving}
            disabled={!r}
            onClick={() =>
              r &&
              Modal.confirm({
                title: `发布${r.quarterLabel}物业红黑榜？`,
                content: '发布后保存当时的排名和各企业得分说明，以后数据变化不影响已发布的榜单。',
                okText: '发布',
                cancelText: '取消',
                onOk: () =>
                  save(async () => {
                    await api.post('/property/lists', { orgId: r.orgId, quarter: r.quarter });
                    message.success('已发布');
                  }),
              })
            }
          >
            发布红黑榜
          </Button>
        </Space>
      }
    >
      {r ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={`评分办法：${r.rules.source}`}
          description={`总分 ≥${r.rules.stars[0]} 五星，≥${r.rules.stars[1]} 四星，≥${r.rules.stars[2]} 三星，≥${r.rules.stars[3]} 二星，其余一星；${r.rules.redMinStars} 星及以上上红榜，${r.rules.blackMaxStars} 星及以下上黑榜。有数据的项目合计不足 ${r.rules.minWeight} 分的企业不参加评星。点企业名称看每一项怎么算。`}
        />
      ) : null}
      <RankingTable items={r?.items ?? []} loading={ranking.loading} error={ranking.error?.userMessage} />
    </Card>
  );
}

export function Stars({ value }: { value: number | null }) {
  return value === null ? (
    <Typography.Text type="secondary">数据不足</Typography.Text>
  ) : (
    <Rate disabled value={value} style={{ fontSize: 14 }} aria-label={`${value} 星`} />
  );
}

function RankingTable({
  items,
  loading,
  error,
}: {
  items: RankingEntry[];
  loading?: boolean;
  error?: string | undefined;
}) {
  const [open, setOpen] = useState<RankingEntry | null>(null);
  return (
    <>
      <Table<RankingEntry>
        size="small"
        rowKey="unitId"
        loading={loading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: <Empty description={error ?? '范围内还没有登记小区'} /> }}
        columns={[
          { title: '名次', width: 64, render: (_, e) => e.rank ?? '—' },
          {
            title: '物业企业',
            render: (_, e) => <a onClick={() => setOpen(e)}>{e.name}</a>,
          },
          { title: '星级', width: 150, render: (_, e) => <Stars value={e.stars} /> },
          { title: '总分', width: 80, render: (_, e) => e.total ?? '—' },
          {
            title: '榜单',
            width: 80,
            render: (_, e) =>
              e.list === 'red' ? (
                <Tag color="red">红榜</Tag>
              ) : e.list === 'black' ? (
                <Tag color="black">黑榜</Tag>
              ) : null,
          },
          { title: '所管小区', render: (_, e) => e.compounds.map((c) => c.name).join('、') },
          { title: '户数', dataIndex: 'households', width: 80 },
          { title: '诉求', dataIndex: 'cases', width: 70 },
          { title: '检查', dataIndex: 'inspections', width: 70 },
        ]}
      />
      <Drawer
        open={open !== null}
        width={640}
        title={open ? `${open.name} · 得分说明` : ''}
        onClose={() => setOpen(null)}
      >
        {open ? <Explanation entry={open} /> : null}
      </Drawer>
    </>
  );
}

function Explanation({ entry }: { entry: RankingEntry }) {
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label="星级">
          <Stars value={entry.stars} />
        </Descriptions.Item>
        <Descriptions.Item label="总分">{entry.total ?? '不评分'}</Descriptions.Item>
        <Descriptions.Item label="所管小区" span={2}>
          {entry.compounds.map((c) => `${c.name}（${c.households} 户）`).join('、')}
        </Descriptions.Item>
      </Descriptions>
      {entry.reason ? (
        <Alert type={entry.rated ? 'info' : 'warning'} showIcon message={entry.reason} />
      ) : null}
      {entry.components.map((c) => (
        <Card
          key={c.key}
          size="small"
          title={c.label}
          extra={
            c.points === null ? <Tag>不计分</Tag> : <Tag color="red">{`${c.points} / ${c.weight} 分`}</Tag>
          }
        >
          <Typography.Paragraph style={{ marginBottom: 4 }}>{c.explanation}</Typography.Paragraph>
          <Typography.Text type="secondary">口径：{c.definition}</Typography.Text>
        </Card>
      ))}
    </Space>
  );
}

function CompoundsTab({ orgId }: { orgId: Id | undefined }) {
  const list = useGet<{ items: Compound[]; total: number }>('/property/compounds', { orgId });
  const [editing, setEditing] = useState<Compound | 'new' | null>(null);
  return (
    <Card
      size="small"
      extra={
        <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          登记小区
        </Button>
      }
    >
      <Table<Compound>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={list.error?.userMessage ?? '还没有登记小区'} /> }}
        columns={[
          { title: '小区', dataIndex: 'name' },
          { title: '所属社区', dataIndex: 'orgName', ellipsis: true },
          { title: '户数', dataIndex: 'households', width: 90 },
          { title: '物业企业', dataIndex: 'companyName', ellipsis: true },
          { title: '地址', dataIndex: 'address', ellipsis: true },
          {
            title: '',
            width: 70,
            render: (_, c) => (c.canManage ? <a onClick={() => setEditing(c)}>修改</a> : null),
          },
        ]}
      />
      {editing ? (
        <CompoundModal
          compound={editing === 'new' ? null : editing}
          orgId={orgId}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            list.reload();
          }}
        />
      ) : null}
    </Card>
  );
}

interface CompoundForm {
  orgId: Id;
  name: string;
  households: number;
  companyUnitId: Id;
  address?: string;
}

function CompoundModal({
  compound,
  orgId,
  onClose,
  onDone,
}: {
  compound: Compound | null;
  orgId: Id | undefined;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<CompoundForm>();
  const { saving, save, message } = useSave(form);
  return (
    <Modal
      open
      title={compound ? `修改小区：${compound.name}` : '登记小区'}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          compound
            ? {
                name: compound.name,
                households: compound.households,
                companyUnitId: compound.companyUnitId,
                address: compound.address,
              }
            : { orgId }
        }
        onFinish={(v) =>
          save(async () => {
            if (compound) {
              const { orgId: _ignored, ...patch } = v;
              await api.patch(`/property/compounds/${compound.id}`, patch);
            } else await api.post('/property/compounds', v);
            message.success('小区已保存');
            onDone();
          })
        }
      >
        {compound ? null : (
          <Form.Item name="orgId" label="所属社区" rules={[{ required: true, message: '请选择所属社区' }]}>
            <OrgTreeSelect />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label="小区名称"
          rules={[{ required: true, whitespace: true, message: '请填写小区名称' }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="households" label="户数" rules={[{ required: true, message: '请填写户数' }]}>
          <InputNumber min={0} max={100000} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          name="companyUnitId"
          label="物业企业（单位管理中登记的单位）"
          rules={[{ required: true, message: '请选择物业企业' }]}
        >
          <UnitSelect />
        </Form.Item>
        <Form.Item name="address" label="地址">
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function InspectionsTab({ orgId }: { orgId: Id | undefined }) {
  const list = useGet<{ items: Inspection[]; total: number }>('/property/inspections', { orgId });
  const [adding, setAdding] = useState(false);
  return (
    <Card
      size="small"
      extra={
        <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          登记检查考评
        </Button>
      }
    >
      <Table<Inspection>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={list.error?.userMessage ?? '还没有检查考评记录'} /> }}
        columns={[
          { title: '日期', dataIndex: 'inspectedOn', width: 110 },
          { title: '小区', dataIndex: 'compoundName', width: 140 },
          { title: '物业企业', dataIndex: 'companyName', ellipsis: true },
          { title: '得分', dataIndex: 'score', width: 70 },
          { title: '发现的问题', dataIndex: 'findings', ellipsis: true },
          { title: '检查人', dataIndex: 'inspector', width: 200, ellipsis: true },
        ]}
      />
      {adding ? (
        <InspectionModal
          orgId={orgId}
          onClose={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            list.reload();
          }}
        />
      ) : null}
    </Card>
  );
}

function InspectionModal({
  orgId,
  onClose,
  onDone,
}: {
  orgId: Id | undefined;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{
    compoundId: Id;
    inspectedOn: Dayjs;
    score: number;
    findings?: string;
    inspector: string;
  }>();
  const { saving, save, message } = useSave(form);
  const compounds = useGet<{ items: Compound[] }>('/property/compounds', { orgId });
  return (
    <Modal
      open
      title="登记检查考评"
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ inspectedOn: todayInChina() }}
        onFinish={(v) =>
          save(async () => {
            await api.post('/property/inspections', {
              ...v,
              inspectedOn: v.inspectedOn.format('YYYY-MM-DD'),
            });
            message.success('检查考评已登记');
            onDone();
          })
        }
      >
        <Form.Item name="compoundId" label="小区" rules={[{ required: true, message: '请选择小区' }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={(compounds.data?.items ?? []).map((c) => ({
              value: c.id,
              label: `${c.name}（${c.companyName}）`,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="inspectedOn"
          label="检查日期"
          rules={[{ required: true, message: '请选择检查日期' }]}
        >
          <DatePicker disabledDate={(d) => d.isAfter(todayInChina(), 'day')} />
        </Form.Item>
        <Form.Item name="score" label="考评得分（0–100）" rules={[{ required: true, message: '请填写得分' }]}>
          <InputNumber min={0} max={100} precision={0} />
        </Form.Item>
        <Form.Item name="findings" label="发现的问题">
          <Input.TextArea maxLength={2000} rows={3} />
        </Form.Item>
        <Form.Item
          name="inspector"
          label="检查人"
          rules={[{ required: true, whitespace: true, message: '请填写检查人' }]}
        >
          <Input maxLength={50} placeholder="如：兴隆社区居委会、街道物业办" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function HistoryTab({ orgId }: { orgId: Id | undefined }) {
  const lists = useGet<{ items: PublishedSummary[]; total: number }>('/property/lists', { orgId });
  const [openId, setOpenId] = useState<Id | null>(null);
  const detail = useGet<PublishedDetail>(openId ? `/property/lists/${openId}` : null);
  return (
    <Card size="small">
      <Table<PublishedSummary>
        size="small"
        rowKey="id"
        loading={lists.loading}
        dataSource={lists.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={lists.error?.userMessage ?? '还没有发布过物业红黑榜'} /> }}
        columns={[
          { title: '榜单', render: (_, l) => <a onClick={() => setOpenId(l.id)}>{l.title}</a> },
          { title: '季度', width: 140, render: (_, l) => quarterText(l.quarter) },
          {
            title: '红榜',
            render: (_, l) =>
              l.red.map((e) => <Tag key={e.unitId} color="red">{`${e.name} ${e.stars}星`}</Tag>),
          },
          {
            title: '黑榜',
            render: (_, l) =>
              l.black.map((e) => <Tag key={e.unitId} color="black">{`${e.name} ${e.stars}星`}</Tag>),
          },
          {
            title: '发布',
            width: 260,
            render: (_, l) => `${l.publishedBy} ${formatDateTime(l.publishedAt)}`,
          },
        ]}
      />
      <Drawer
        open={openId !== null}
        width={960}
        title={detail.data?.title ?? '已发布的榜单'}
        onClose={() => setOpenId(null)}
      >
        {detail.data ? (
          <>
            <Alert type="info" showIcon style={{ marginBottom: 12 }} message={detail.data.definition} />
            <RankingTable items={detail.data.ranking.items} />
          </>
        ) : null}
      </Drawer>
    </Card>
  );
}
