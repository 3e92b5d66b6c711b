import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  type AllianceDetail,
  type AllianceItem,
  type AllianceMeeting,
  type AllianceMember,
  LIST_KIND_LABELS,
  LIST_STATUS_LABELS,
  type ListItem,
  type Match,
  type Resolution,
  SEGMENT_LABELS,
  type Segment,
} from '../../../api/alliances';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { Id } from '../../../api/types';
import { EMPTY, todayInChina } from '../../../components/format';
import { PolicySelect } from '../../../components/RemoteSelect';
import { useSave } from '../../feedback';
import { PageContainer } from '../../PageContainer';
import { Challenges } from './Challenges';
import { Figures } from './Figures';
import { ListImportModal } from './ListImportModal';
import { ServiceTeams } from './ServiceTeams';

/**
 * 产业链与联盟: the alliances the caller runs or takes part in. One alliance at a time: its chain map
 * (members by segment, 产业链全景图), roles and the rotating chair now and next; the three lists with
 * the matches and their reasons, a demand dispatched as a case; joint meetings with their
 * resolutions followed to done; 揭榜挂帅 and the joint projects; the figures with their definitions.
 */
export default function AlliancesPage() {
  const list = useGet<{ items: AllianceItem[]; total: number }>('/alliances', { pageSize: 200 });
  const [selected, setSelected] = useState<Id>();
  const items = list.data?.items ?? [];
  useEffect(() => {
    if (selected === undefined && items[0]) setSelected(items[0].id);
  }, [items, selected]);
  const detail = useGet<AllianceDetail>(selected === undefined ? null : `/alliances/${selected}`);
  const a = detail.data;

  return (
    <PageContainer
      title="产业链与联盟"
      subTitle="产业链党委和党建联盟：成员单位、轮值主席、需求资源政策三张清单和联席会议"
      extra={
        items.length > 1 ? (
          <Select
            style={{ width: 320 }}
            value={selected}
            onChange={setSelected}
            options={items.map((i) => ({ value: i.id, label: `${i.name}（${i.memberCount} 家成员）` }))}
            data-testid="alliance-select"
          />
        ) : null
      }
    >
      {list.data && items.length === 0 ? (
        <Card>
          <Empty description="您所在的单位还没有加入产业链党委或党建联盟" />
        </Card>
      ) : null}
      {a ? (
        <Tabs
          items={[
            { key: 'overview', label: '联盟概况', children: <Overview a={a} /> },
            { key: 'lists', label: '三张清单', children: <Lists a={a} /> },
            { key: 'meetings', label: '联席会议', children: <Meetings a={a} onChanged={detail.reload} /> },
            { key: 'projects', label: '揭榜挂帅与项目', children: <Challenges a={a} /> },
            { key: 'service', label: '服务队与表彰', children: <ServiceTeams a={a} /> },
            { key: 'figures', label: '联盟统计', children: <Figures a={a} /> },
          ]}
        />
      ) : null}
    </PageContainer>
  );
}

function ChairCard({ title, chair }: { title: string; chair: AllianceDetail['chair'] }) {
  return (
    <Card size="small" title={title} data-testid={title === '当前轮值主席' ? 'chair-now' : 'chair-next'}>
      {chair ? (
        <Space direction="vertical" size={2}>
          <Typography.Text strong>{chair.name}</Typography.Text>
          <Typography.Text type="secondary">
            {chair.from ?? '下次会议后'} 至 {chair.to ?? '下次联席会议'}
          </Typography.Text>
        </Space>
      ) : (
        <Typography.Text type="secondary">未设置轮值</Typography.Text>
      )}
    </Card>
  );
}

const ROLE_COLORS = { chain_leader: 'red', chair_unit: 'volcano', core: 'gold', member: 'default' } as const;

/** 产业链全景图: upstream → midstream → downstream, each member where it sits. */
function ChainMap({ members }: { members: AllianceMember[] }) {
  const segments: Array<Segment | null> = ['upstream', 'midstream', 'downstream', null];
  const columns = segments
    .map((s) => ({ s, ms: members.filter((m) => m.segment === s) }))
    .filter((c) => c.s !== null || c.ms.length > 0);
  return (
    <div
      className="hl-chain-map"
      data-testid="chain-map"
      style={{ display: 'flex', alignItems: 'stretch', gap: 8 }}
    >
      {columns.map((c, i) => (
        <div key={c.s ?? 'none'} style={{ display: 'flex', flex: 1, alignItems: 'center', gap: 8 }}>
          <div
            style={{
              flex: 1,
              border: '1px solid #f0c8c8',
              borderRadius: 8,
              background: '#fff7f6',
              padding: 12,
              minHeight: 140,
            }}
          >
            <Typography.Title level={5} style={{ marginTop: 0, color: '#c0392b' }}>
              {c.s ? SEGMENT_LABELS[c.s] : '未分环节'}（{c.ms.length}）
            </Typography.Title>
            <Space direction="vertical" size={4} style={{ width: '100%' }}>
              {c.ms.map((m) => (
                <div
                  key={m.id}
                  style={{
                    background: '#fff',
                    border: '1px solid #eee',
                    borderRadius: 6,
                    padding: '4px 8px',
                  }}
                >
                  <Tag color={ROLE_COLORS[m.role]}>{m.roleLabel}</Tag>
                  <Typography.Text style={{ fontSize: 12 }}>{m.name}</Typography.Text>
                </div>
              ))}
            </Space>
          </div>
          {i < columns.length - 1 ? <span style={{ fontSize: 24, color: '#c0392b' }}>→</span> : null}
        </div>
      ))}
    </div>
  );
}

function Overview({ a }: { a: AllianceDetail }) {
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Descriptions size="small" bordered column={3}>
        <Descriptions.Item label="类型">{a.kindLabel}</Descriptions.Item>
        <Descriptions.Item label="办公室">{a.orgName}</Descriptions.Item>
        <Descriptions.Item label="成员单位">{a.memberCount} 家</Descriptions.Item>
        <Descriptions.Item label="轮值方式">{a.chairPeriodLabel ?? EMPTY}</Descriptions.Item>
        <Descriptions.Item label="活动日">
          {a.activityDay ? `每月 ${a.activityDay} 日（遇节假日顺延）` : EMPTY}
        </Descriptions.Item>
        <Descriptions.Item label="简介">{a.description || EMPTY}</Descriptions.Item>
      </Descriptions>
      <Row gutter={16}>
        <Col span={12}>
          <ChairCard title="当前轮值主席" chair={a.chair} />
        </Col>
        <Col span={12}>
          <ChairCard title="下一任轮值主席" chair={a.nextChair} />
        </Col>
      </Row>
      {a.chairChanges.length > 0 ? (
        <Alert
          type="info"
          showIcon
          message={a.chairChanges
            .map((c) =>
              c.kind === 'skip'
                ? `第 ${c.term + 1} 任跳过：${c.reason}`
                : `第 ${c.term + 1} 任与第 ${(c.withTerm ?? 0) + 1} 任互换：${c.reason}`,
            )
            .join('；')}
        />
      ) : null}
      <Card size="small" title="产业链全景图">
        <ChainMap members={a.members} />
      </Card>
      <Table<AllianceMember>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={a.members}
        data-testid="alliance-members"
        columns={[
          { title: '成员单位', dataIndex: 'name' },
          {
            title: '角色',
            dataIndex: 'roleLabel',
            width: 110,
            render: (v: string, m) => <Tag color={ROLE_COLORS[m.role]}>{v}</Tag>,
          },
          {
            title: '环节',
            dataIndex: 'segment',
            width: 80,
            render: (v: Segment | null) => (v ? SEGMENT_LABELS[v] : EMPTY),
          },
          {
            title: '轮值顺位',
            dataIndex: 'chairPosition',
            width: 90,
            render: (v: number | null) => v ?? EMPTY,
          },
          { title: '加入日期', dataIndex: 'joinedOn', width: 110 },
        ]}
      />
    </Space>
  );
}

function Lists({ a }: { a: AllianceDetail }) {
  const items = useGet<{ items: ListItem[]; total: number }>(`/alliances/${a.id}/list-items`, {
    pageSize: 200,
  });
  const matches = useGet<{ items: Match[]; total: number }>(`/alliances/${a.id}/matches`);
  const [publishing, setPublishing] = useState(false);
  const [importing, setImporting] = useState(false);
  const byId = useMemo(() => new Map((items.data?.items ?? []).map((i) => [i.id, i])), [items.data]);
  const { save } = useSave();
  const reload = () => {
    items.reload();
    matches.reload();
  };
  const dispatch = (m: Match) =>
    save(async () => {
      await api.post(`/alliances/${a.id}/list-items/${m.demandId}/dispatch`, { resourceId: m.resourceId });
      reload();
    });
  const actsFor = a.canManage ? a.members.map((m) => m.orgId).concat(a.orgId) : a.myOrgIds;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        size="small"
        title="需求与资源匹配"
        extra={
          <Space>
            {actsFor.length > 0 ? (
              <Button type="primary" onClick={() => setPublishing(true)}>
                发布清单
              </Button>
            ) : null}
            {actsFor.length > 0 ? <Button onClick={() => setImporting(true)}>导入</Button> : null}
            <Button onClick={() => api.download(`/alliances/${a.id}/list-items/export`)}>导出 Excel</Button>
          </Space>
        }
      >
        <Table<Match>
          size="small"
          rowKey={(m) => `${m.demandId}-${m.resourceId}`}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={matches.data?.items}
          loading={matches.loading}
          data-testid="alliance-matches"
          locale={{ emptyText: '暂无可匹配的需求和资源' }}
          columns={[
            { title: '需求', render: (_, m) => byId.get(m.demandId)?.title ?? m.demandId },
            {
              title: '点单单位',
              width: 200,
              ellipsis: true,
              render: (_, m) => byId.get(m.demandId)?.orgName,
            },
            { title: '资源', render: (_, m) => byId.get(m.resourceId)?.title ?? m.resourceId },
            {
              title: '提供单位',
              width: 200,
              ellipsis: true,
              render: (_, m) => byId.get(m.resourceId)?.orgName,
            },
            { title: '匹配度', dataIndex: 'score', width: 70 },
            {
              title: '理由',
              render: (_, m) => (
                <Space size={[0, 4]} wrap>
                  {m.reasons.map((r) => (
                    <Tag key={r}>{r}</Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: '操作',
              width: 80,
              render: (_, m) =>
                a.canConvene ? (
                  <Button size="small" type="link" onClick={() => dispatch(m)}>
                    派单
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <Table<ListItem>
        size="small"
        rowKey="id"
        dataSource={items.data?.items}
        loading={items.loading}
        pagination={{ pageSize: 20 }}
        data-testid="alliance-lists"
        columns={[
          {
            title: '清单',
            dataIndex: 'kind',
            width: 90,
            render: (v: ListItem['kind']) => LIST_KIND_LABELS[v],
          },
          {
            title: '标题',
            dataIndex: 'title',
            render: (title: string, i) =>
              i.policy ? (
                <>
                  {title}
                  <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>
                    政策库：{i.policy.title}（{i.policy.docNumber}）
                  </div>
                </>
              ) : (
                title
              ),
          },
          { title: '发布单位', dataIndex: 'orgName', width: 220, ellipsis: true },
          { title: '类别', dataIndex: 'category', width: 70, render: (v: string) => v || EMPTY },
          {
            title: '标签',
            dataIndex: 'tags',
            width: 160,
            render: (tags: string[]) => tags.map((t) => <Tag key={t}>{t}</Tag>),
          },
          {
            title: '数量 / 有效期',
            width: 150,
            render: (_, i) =>
              [i.quantity ?? i.capacity, i.validTo ? `至 ${i.validTo}` : null]
                .filter((x) => x !== null)
                .join('，') || EMPTY,
          },
          {
            title: '状态',
            width: 150,
            render: (_, i) => (
              <Space size={4}>
                <Tag color={i.status === 'open' ? 'blue' : i.status === 'done' ? 'green' : 'orange'}>
                  {LIST_STATUS_LABELS[i.status]}
                </Tag>
                {i.caseId ? <Link to={`/cases/${i.caseId}`}>工单 {i.caseId}</Link> : null}
              </Space>
            ),
          },
        ]}
      />
      {publishing ? (
        <PublishForm
          a={a}
          orgIds={actsFor}
          onClose={() => setPublishing(false)}
          onSaved={() => {
            setPublishing(false);
            reload();
          }}
        />
      ) : null}
      {importing ? (
        <ListImportModal allianceId={a.id} onClose={() => setImporting(false)} onImported={reload} />
      ) : null}
    </Space>
  );
}

function PublishForm({
  a,
  orgIds,
  onClose,
  onSaved,
}: {
  a: AllianceDetail;
  orgIds: Id[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm();
  const { save, saving } = useSave(form);
  const names = new Map<Id, string>([
    ...a.members.map((m) => [m.orgId, m.name] as const),
    [a.orgId, a.orgName] as const,
  ]);
  const kind = Form.useWatch('kind', form);
  return (
    <Modal
      open
      title="发布清单事项"
      okText="发布"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={() =>
        save(async () => {
          const v = await form.validateFields();
          await api.post(`/alliances/${a.id}/list-items`, {
            kind: v.kind,
            title: v.title,
            description: v.description ?? '',
            category: v.category ?? '',
            tags: (v.tags ?? []) as string[],
            orgId: v.orgId,
            ...(v.amount ? { [v.kind === 'resource' ? 'capacity' : 'quantity']: Number(v.amount) } : {}),
            ...(v.validTo ? { validTo: (v.validTo as Dayjs).format('YYYY-MM-DD') } : {}),
            ...(v.kind === 'policy' && v.policyId ? { policyId: v.policyId } : {}),
          });
          onSaved();
        })
      }
    >
      <Form form={form} layout="vertical" initialValues={{ kind: 'demand', orgId: orgIds[0] }}>
        <Form.Item name="kind" label="清单" rules={[{ required: true }]}>
          <Select options={Object.entries(LIST_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="orgId" label="发布单位" rules={[{ required: true, message: '请选择发布单位' }]}>
          <Select options={[...new Set(orgIds)].map((id) => ({ value: id, label: names.get(id) ?? id }))} />
        </Form.Item>
        <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label="说明">
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item name="category" label="类别">
          <Input maxLength={20} placeholder="如：人才、金融、物流" />
        </Form.Item>
        <Form.Item name="tags" label="标签">
          <Select mode="tags" placeholder="输入后回车" />
        </Form.Item>
        {kind !== 'policy' ? (
          <Form.Item name="amount" label={kind === 'resource' ? '可提供数量' : '需要数量'}>
            <Input type="number" min={1} />
          </Form.Item>
        ) : null}
        {kind === 'policy' ? (
          <Form.Item
            name="policyId"
            label="关联政策库"
            extra="政策清单可关联政策库中已发布的政策，清单中显示其标题和文号"
          >
            <PolicySelect />
          </Form.Item>
        ) : null}
        {kind !== 'demand' ? (
          <Form.Item name="validTo" label="有效期至">
            <DatePicker />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

function Meetings({ a, onChanged }: { a: AllianceDetail; onChanged: () => void }) {
  const meetings = useGet<{ items: AllianceMeeting[]; total: number }>(`/alliances/${a.id}/meetings`, {
    pageSize: 50,
  });
  const [convening, setConvening] = useState(false);
  const [recording, setRecording] = useState<AllianceMeeting | null>(null);
  const [completing, setCompleting] = useState<Resolution | null>(null);
  const reload = () => {
    meetings.reload();
    onChanged();
  };
  const owners = new Set(a.canManage ? a.members.map((m) => m.orgId).concat(a.orgId) : a.myOrgIds);
  const { save } = useSave();
  // a resolution followed as a case of the loop, sent to its owner organization
  const toCase = (r: Resolution) =>
    save(async () => {
      await api.post(`/alliances/${a.id}/resolutions/${r.id}/case`);
      reload();
    });
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {a.canConvene ? (
        <Button type="primary" onClick={() => setConvening(true)}>
          召集联席会议
        </Button>
      ) : null}
      {meetings.data?.items.length === 0 ? <Empty description="还没有联席会议" /> : null}
      {meetings.data?.items.map((m) => (
        <Card
          key={m.id}
          size="small"
          data-testid={`alliance-meeting-${m.id}`}
          title={
            <Space>
              {m.title}
              {m.heldOn ? (
                <Tag color="green">{m.heldOn} 已召开</Tag>
              ) : (
                <Tag color="blue">计划 {m.plannedOn}</Tag>
              )}
            </Space>
          }
          extra={
            !m.heldOn && a.canConvene ? (
              <Button size="small" onClick={() => setRecording(m)}>
                登记召开
              </Button>
            ) : null
          }
        >
          <Descriptions size="small" column={1}>
            <Descriptions.Item label="召集单位">{m.convenerOrgName ?? EMPTY}</Descriptions.Item>
            <Descriptions.Item label="议题">{m.agenda.join('；') || EMPTY}</Descriptions.Item>
            {m.heldOn ? (
              <>
                <Descriptions.Item label="参会单位">
                  {m.attendees.map((x) => x.name).join('、') || EMPTY}
                </Descriptions.Item>
                <Descriptions.Item label="纪要">{m.minutes}</Descriptions.Item>
              </>
            ) : null}
          </Descriptions>
          {m.resolutions.length > 0 ? (
            <Table<Resolution>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={m.resolutions}
              scroll={{ x: 900 }}
              columns={[
                { title: '议定事项', dataIndex: 'title' },
                { title: '责任单位', dataIndex: 'ownerOrgName', width: 220, ellipsis: true },
                { title: '办结期限', dataIndex: 'dueOn', width: 110 },
                {
                  title: '办结情况',
                  width: 240,
                  render: (_, r) =>
                    r.doneOn ? (
                      <Space direction="vertical" size={0}>
                        <Tag color={r.overdue ? 'orange' : 'green'}>
                          {r.overdue ? '逾期办结' : '已办结'} {r.doneOn}
                        </Tag>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {r.doneNote}
                        </Typography.Text>
                      </Space>
                    ) : r.overdue ? (
                      <Tag color="red">逾期未办结</Tag>
                    ) : (
                      <Tag>办理中</Tag>
                    ),
                },
                {
                  title: '操作',
                  width: 150,
                  render: (_, r) => (
                    <Space size={0}>
                      {!r.doneOn && owners.has(r.ownerOrgId) ? (
                        <Button size="small" type="link" onClick={() => setCompleting(r)}>
                          登记办结
                        </Button>
                      ) : null}
                      {!r.doneOn && !r.caseId && a.canConvene ? (
                        <Button size="small" type="link" onClick={() => toCase(r)}>
                          转为工单
                        </Button>
                      ) : null}
                      {r.caseId ? <Link to={`/cases/${r.caseId}`}>工单 {r.caseId}</Link> : null}
                    </Space>
                  ),
                },
              ]}
            />
          ) : null}
        </Card>
      ))}
      {convening ? (
        <ConveneForm
          a={a}
          onClose={() => setConvening(false)}
          onSaved={() => {
            setConvening(false);
            reload();
          }}
        />
      ) : null}
      {recording ? (
        <RecordForm
          a={a}
          meeting={recording}
          onClose={() => setRecording(null)}
          onSaved={() => {
            setRecording(null);
            reload();
          }}
        />
      ) : null}
      {completing ? (
        <CompleteForm
          a={a}
          resolution={completing}
          onClose={() => setCompleting(null)}
          onSaved={() => {
            setCompleting(null);
            reload();
          }}
        />
      ) : null}
    </Space>
  );
}

function ConveneForm({
  a,
  onClose,
  onSaved,
}: {
  a: AllianceDetail;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm();
  const { save, saving } = useSave(form);
  return (
    <Modal
      open
      title="召集联席会议"
      okText="召集"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={() =>
        save(async () => {
          const v = await form.validateFields();
          await api.post(`/alliances/${a.id}/meetings`, {
            title: v.title,
            plannedOn: (v.plannedOn as Dayjs).format('YYYY-MM-DD'),
            agenda: ((v.agenda as string | undefined) ?? '')
              .split('\n')
              .map((s) => s.trim())
              .filter(Boolean),
          });
          onSaved();
        })
      }
    >
      <Form form={form} layout="vertical" initialValues={{ plannedOn: todayInChina() }}>
        <Form.Item name="title" label="会议名称" rules={[{ required: true, message: '请填写会议名称' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="plannedOn" label="计划日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="agenda" label="议题（每行一项）">
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RecordForm({
  a,
  meeting,
  onClose,
  onSaved,
}: {
  a: AllianceDetail;
  meeting: AllianceMeeting;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm();
  const { save, saving } = useSave(form);
  const orgs = a.members.map((m) => ({ value: m.orgId, label: m.name }));
  return (
    <Modal
      open
      width={720}
      title={`登记召开：${meeting.title}`}
      okText="登记"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={() =>
        save(async () => {
          const v = await form.validateFields();
          await api.post(`/alliances/${a.id}/meetings/${meeting.id}/record`, {
            heldOn: (v.heldOn as Dayjs).format('YYYY-MM-DD'),
            minutes: v.minutes,
            attendeeOrgIds: v.attendeeOrgIds ?? [],
            resolutions: (
              (v.resolutions ?? []) as Array<{ title: string; ownerOrgId: Id; dueOn: Dayjs }>
            ).map((r) => ({ title: r.title, ownerOrgId: r.ownerOrgId, dueOn: r.dueOn.format('YYYY-MM-DD') })),
          });
          onSaved();
        })
      }
    >
      <Form form={form} layout="vertical" initialValues={{ heldOn: todayInChina() }}>
        <Form.Item name="heldOn" label="召开日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="attendeeOrgIds" label="参会单位">
          <Select mode="multiple" options={orgs} optionFilterProp="label" />
        </Form.Item>
        <Form.Item name="minutes" label="会议纪要" rules={[{ required: true, message: '请填写会议纪要' }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.List name="resolutions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" wrap>
                  <Form.Item name={[f.name, 'title']} rules={[{ required: true, message: '请填写议定事项' }]}>
                    <Input placeholder="议定事项" style={{ width: 220 }} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'ownerOrgId']}
                    rules={[{ required: true, message: '请选择责任单位' }]}
                  >
                    <Select
                      placeholder="责任单位"
                      options={orgs}
                      style={{ width: 240 }}
                      optionFilterProp="label"
                      showSearch
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'dueOn']} rules={[{ required: true, message: '请选择办结期限' }]}>
                    <DatePicker placeholder="办结期限" />
                  </Form.Item>
                  <Button type="link" onClick={() => remove(f.name)}>
                    删除
                  </Button>
                </Space>
              ))}
              <Button
                onClick={() =>
                  add({
                    ownerOrgId: a.chair?.orgId ?? a.members[0]?.orgId,
                    dueOn: todayInChina().add(14, 'day'),
                  })
                }
              >
                添加议定事项
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function CompleteForm({
  a,
  resolution,
  onClose,
  onSaved,
}: {
  a: AllianceDetail;
  resolution: Resolution;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm();
  const { save, saving } = useSave(form);
  return (
    <Modal
      open
      title={`登记办结：${resolution.title}`}
      okText="登记"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={() =>
        save(async () => {
          const v = await form.validateFields();
          await api.post(`/alliances/${a.id}/resolutions/${resolution.id}/complete`, {
            doneOn: (v.doneOn as Dayjs).format('YYYY-MM-DD'),
            note: v.note,
          });
          onSaved();
        })
      }
    >
      <Form form={form} layout="vertical" initialValues={{ doneOn: todayInChina() }}>
        <Form.Item name="doneOn" label="办结日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="note" label="办结情况" rules={[{ required: true, message: '请填写办结情况' }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
