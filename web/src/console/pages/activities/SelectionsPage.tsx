import { PlusOutlined, TrophyOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import type { Nominee, Selection, SelectionItem } from '../../../api/activities';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { Id } from '../../../api/types';
import { type dayjs, todayInChina } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { AlliancePersonSelect, UserSelect } from '../../../components/RemoteSelect';
import { ReasonModal } from '../../FormModal';
import { useSave } from '../../feedback';
import { PageContainer } from '../../PageContainer';

const PHASE_COLORS: Record<SelectionItem['phase'], string> = {
  nominating: 'blue',
  voting: 'red',
  counting: 'orange',
  decided: 'green',
  cancelled: 'default',
};

/**
 * 评选表彰: 最美小哥, 红领工匠, 党员示范岗 — nominate with deeds, the city votes or the judges score in
 * the window, then the decision (by the ranking; a tie or a departure needs a pick and a reason).
 */
export default function SelectionsPage() {
  const list = useGet<{ items: SelectionItem[]; total: number }>('/selections');
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<Id | null>(null);
  return (
    <PageContainer
      title="评选表彰"
      subTitle="推荐提名 → 公众投票或评审打分 → 按排名决定表彰名单；荣誉记入本人记录并奖励积分"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          发起评选
        </Button>
      }
    >
      <Card size="small">
        <Table<SelectionItem>
          size="small"
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: <Empty description={list.error?.userMessage ?? '还没有评选'} /> }}
          columns={[
            {
              title: '评选',
              dataIndex: 'title',
              render: (_, s) => <a onClick={() => setOpen(s.id)}>{s.title}</a>,
            },
            { title: '荣誉称号', dataIndex: 'honour', width: 120 },
            { title: '方式', dataIndex: 'methodLabel', width: 90 },
            { title: '投票（评审）时间', width: 200, render: (_, s) => `${s.votingFrom} 至 ${s.votingTo}` },
            { title: '名额', dataIndex: 'quota', width: 60 },
            { title: '候选人', dataIndex: 'nominees', width: 70 },
            {
              title: '阶段',
              width: 100,
              render: (_, s) => <Tag color={PHASE_COLORS[s.phase]}>{s.phaseLabel}</Tag>,
            },
            { title: '发起组织', dataIndex: 'orgName', width: 220, ellipsis: true },
          ]}
        />
      </Card>
      {creating ? (
        <CreateSelectionModal
          onClose={() => setCreating(false)}
          onDone={() => {
            setCreating(false);
            list.reload();
          }}
        />
      ) : null}
      {open !== null ? (
        <SelectionDrawer id={open} onClose={() => setOpen(null)} onChanged={list.reload} />
      ) : null}
    </PageContainer>
  );
}

interface CreateValues {
  orgId: Id;
  title: string;
  honour: string;
  method: 'vote' | 'review';
  window: [dayjs.Dayjs, dayjs.Dayjs];
  quota: number;
  votesPerVoter: number;
  points: number;
  description?: string;
}

function CreateSelectionModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<CreateValues>();
  const { saving, save, message } = useSave(form);
  const method = Form.useWatch('method', form);
  const today = todayInChina();
  return (
    <Modal
      open
      title="发起评选"
      okText="发起"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          method: 'vote',
          quota: 10,
          votesPerVoter: 3,
          points: 100,
          window: [today.add(7, 'day'), today.add(14, 'day')],
        }}
        onFinish={(v) =>
          save(async () => {
            await api.post('/selections', {
              orgId: v.orgId,
              title: v.title.trim(),
              honour: v.honour.trim(),
              method: v.method,
              votingFrom: v.window[0].format('YYYY-MM-DD'),
              votingTo: v.window[1].format('YYYY-MM-DD'),
              quota: v.quota,
              votesPerVoter: v.votesPerVoter,
              points: v.points,
              description: v.description?.trim() || undefined,
            });
            message.success('评选已发起，投票开始前为推荐提名期');
            onDone();
          })
        }
      >
        <Form.Item
          name="orgId"
          label="发起组织"
          rules={[{ required: true, message: '请选择发起评选的党组织' }]}
        >
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item
          name="title"
          label="评选名称"
          rules={[{ required: true, whitespace: true, message: '请填写评选名称' }]}
        >
          <Input maxLength={80} placeholder="例如：2026年度“最美小哥”评选" />
        </Form.Item>
        <Form.Item
          name="honour"
          label="荣誉称号"
          rules={[{ required: true, whitespace: true, message: '请填写荣誉称号' }]}
        >
          <Input maxLength={40} placeholder="最美小哥、红领工匠、党员示范岗" />
        </Form.Item>
        <Form.Item name="method" label="评选方式">
          <Select
            options={[
              { value: 'vote', label: '公众投票（本市注册用户投票）' },
              { value: 'review', label: '评审打分（本组织评委打分）' },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="window"
          label={method === 'review' ? '评审时间' : '投票时间'}
          extra="开始之前为推荐提名期"
          rules={[{ required: true, message: '请选择时间' }]}
        >
          <DatePicker.RangePicker disabledDate={(d) => !d.isAfter(today, 'day')} />
        </Form.Item>
        <Space size={16}>
          <Form.Item name="quota" label="表彰名额">
            <InputNumber min={1} max={100} />
          </Form.Item>
          {method === 'vote' ? (
            <Form.Item name="votesPerVoter" label="每人可投">
              <InputNumber min={1} max={20} addonAfter="人" />
            </Form.Item>
          ) : null}
          <Form.Item name="points" label="奖励积分">
            <InputNumber min={0} max={10000} />
          </Form.Item>
        </Space>
        <Form.Item name="description" label="评选说明">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * One selection: nominate (for an alliance's selection, `allianceId`, people of its member
 * organizations only), withdraw a nominee with a reason before the decision, score, decide. Also
 * opened from the alliance page's 服务队与表彰.
 */
export function SelectionDrawer({
  id,
  allianceId,
  onClose,
  onChanged,
}: {
  id: Id;
  allianceId?: Id;
  onClose: () => void;
  onChanged: () => void;
}) {
  const selection = useGet<Selection>(`/selections/${id}`);
  const [withdrawing, setWithdrawing] = useState<Nominee | null>(null);
  const s = selection.data;
  const [nominateForm] = Form.useForm<{ userId: Id; deeds: string }>();
  const nominating = useSave(nominateForm);
  const deciding = useSave();
  const [picked, setPicked] = useState<Id[] | null>(null);
  const [note, setNote] = useState('');
  const reload = () => {
    selection.reload();
    onChanged();
  };
  const chosenByRanking = s?.nomineeList.filter((n) => n.byRanking === 'chosen').map((n) => n.id) ?? [];
  const decide = () =>
    deciding.save(async () => {
      await api.post(`/selections/${id}/decide`, {
        ...(picked ? { honouredIds: picked } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      deciding.message.success('表彰名单已公布，荣誉已记入本人记录');
      reload();
    });
  const score = (n: Nominee, value: number | null) =>
    value !== null &&
    deciding.save(async () => {
      await api.put(`/selections/${id}/scores`, { nomineeId: n.id, score: value });
      selection.reload();
    });
  return (
    <Drawer open width={880} title={s ? s.title : '评选'} onClose={onClose}>
      {s ? (
        <Space direction="vertical" style={{ width: '100%' }} size={12}>
          <Descriptions size="small" column={3} bordered>
            <Descriptions.Item label="荣誉称号">{s.honour}</Descriptions.Item>
            <Descriptions.Item label="方式">{s.methodLabel}</Descriptions.Item>
            <Descriptions.Item label="阶段">
              <Tag color={PHASE_COLORS[s.phase]}>{s.phaseLabel}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="时间">
              {s.votingFrom} 至 {s.votingTo}
            </Descriptions.Item>
            <Descriptions.Item label="名额">{s.quota} 名</Descriptions.Item>
            <Descriptions.Item label="奖励积分">{s.points}</Descriptions.Item>
            {s.decisionNote ? (
              <Descriptions.Item label="决定理由" span={3}>
                {s.decisionNote}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          {s.canManage && s.phase === 'nominating' ? (
            <Form
              form={nominateForm}
              layout="inline"
              onFinish={(v) =>
                nominating.save(async () => {
                  await api.post(`/selections/${id}/nominees`, { userId: v.userId, deeds: v.deeds.trim() });
                  nominating.message.success('已列入候选名单');
                  nominateForm.resetFields();
                  reload();
                })
              }
            >
              <Form.Item name="userId" rules={[{ required: true, message: '请选择被推荐人' }]}>
                {allianceId === undefined ? (
                  <UserSelect style={{ width: 200 }} placeholder="搜索被推荐人" />
                ) : (
                  <AlliancePersonSelect allianceId={allianceId} style={{ width: 280 }} />
                )}
              </Form.Item>
              <Form.Item
                name="deeds"
                rules={[{ required: true, whitespace: true, message: '请填写主要事迹' }]}
              >
                <Input style={{ width: 380 }} maxLength={2000} placeholder="主要事迹" />
              </Form.Item>
              <Button htmlType="submit" loading={nominating.saving}>
                推荐
              </Button>
            </Form>
          ) : null}
          {s.phase === 'counting' && s.tiedOpenPlaces > 0 ? (
            <Alert
              type="warning"
              showIcon
              title={`有候选人${s.method === 'vote' ? '票数' : '得分'}并列于最后的名额，须从标“并列”的人中选定 ${s.tiedOpenPlaces} 人`}
            />
          ) : null}
          <Table<Nominee>
            size="small"
            rowKey="id"
            dataSource={s.nomineeList}
            pagination={false}
            locale={{ emptyText: <Empty description="还没有候选人" /> }}
            columns={[
              ...(s.canManage && s.phase === 'counting'
                ? [
                    {
                      title: '表彰',
                      width: 60,
                      render: (_: unknown, n: Nominee) => (
                        <Checkbox
                          aria-label={`表彰${n.name}`}
                          checked={(picked ?? chosenByRanking).includes(n.id)}
                          onChange={(e) => {
                            const base = picked ?? chosenByRanking;
                            setPicked(e.target.checked ? [...base, n.id] : base.filter((x) => x !== n.id));
                          }}
                        />
                      ),
                    },
                  ]
                : []),
              { title: '排名', dataIndex: 'rank', width: 60, render: (v: number | null) => v ?? '—' },
              { title: '姓名', dataIndex: 'name', width: 150 },
              { title: '主要事迹', dataIndex: 'deeds', ellipsis: true },
              s.method === 'vote'
                ? { title: '票数', dataIndex: 'votes', width: 70 }
                : {
                    title: '平均分（评委数）',
                    width: 130,
                    render: (_: unknown, n: Nominee) =>
                      n.result === null ? '—' : `${n.result}（${n.judges}）`,
                  },
              ...(s.method === 'review' && s.canManage && (s.phase === 'voting' || s.phase === 'counting')
                ? [
                    {
                      title: '我的评分',
                      width: 110,
                      render: (_: unknown, n: Nominee) => (
                        <InputNumber
                          size="small"
                          min={0}
                          max={100}
                          defaultValue={n.myScore ?? undefined}
                          aria-label={`给${n.name}评分`}
                          onBlur={(e) => {
                            const v = Number(e.target.value);
                            if (e.target.value !== '' && v !== n.myScore) void score(n, v);
                          }}
                        />
                      ),
                    },
                  ]
                : []),
              {
                title: '结果',
                width: 90,
                render: (_: unknown, n: Nominee) =>
                  n.status === 'honoured' ? (
                    <Tag color="red" icon={<TrophyOutlined />}>
                      表彰
                    </Tag>
                  ) : n.status === 'not_chosen' ? (
                    <Tag>未入选</Tag>
                  ) : n.byRanking === 'tied' ? (
                    <Tag color="orange">并列</Tag>
                  ) : n.byRanking === 'chosen' && s.phase !== 'nominating' ? (
                    <Tag color="blue">{s.phase === 'voting' ? '暂列入选' : '排名入选'}</Tag>
                  ) : null,
              },
              ...(s.canManage && s.phase !== 'decided' && s.phase !== 'cancelled'
                ? [
                    {
                      title: '操作',
                      width: 70,
                      render: (_: unknown, n: Nominee) => (
                        <Button size="small" type="link" danger onClick={() => setWithdrawing(n)}>
                          撤回
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          {withdrawing ? (
            <ReasonModal
              title={`撤回候选人：${withdrawing.name}`}
              okText="撤回"
              note="撤回后不再列入候选名单，其得票和评分不再计入；推荐提名期内可以重新推荐。"
              onClose={() => setWithdrawing(null)}
              submit={async (reason) => {
                await api.post(`/selections/${id}/nominees/${withdrawing.id}/withdraw`, { reason });
                nominating.message.success('已撤回该候选人');
                setWithdrawing(null);
                reload();
              }}
            />
          ) : null}
          {s.canManage && s.phase === 'counting' ? (
            <Card size="small" title="决定表彰名单">
              <Space direction="vertical" style={{ width: '100%' }}>
                <span className="hl-muted">
                  默认按排名勾选；改动勾选（并列时选定除外）须说明理由。公布后荣誉记入本人记录，并各奖励{' '}
                  {s.points} 积分。
                </span>
                <Input.TextArea
                  rows={2}
                  maxLength={500}
                  placeholder="理由（与排名不同时必填）"
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                />
                <Button type="primary" loading={deciding.saving} onClick={decide}>
                  公布表彰名单
                </Button>
              </Space>
            </Card>
          ) : null}
        </Space>
      ) : null}
    </Drawer>
  );
}
