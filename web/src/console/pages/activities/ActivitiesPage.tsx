import { PlusOutlined, QrcodeOutlined } from '@ant-design/icons';
import { ACTIVITY_AUDIENCES, ACTIVITY_KINDS } from '@honglian/domain';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  QRCode,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import {
  type Activity,
  type ActivityList,
  type CheckInCode,
  hours,
  type Participant,
  type Participants,
  type TeamItem,
} from '../../../api/activities';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { Id } from '../../../api/types';
import { formatDateTime } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { useFeedback, useSave } from '../../feedback';
import { PageContainer } from '../../PageContainer';

const PAGE_SIZE = 20;

/**
 * 活动管理: the activities the caller's organizations publish (志愿服务, 主题党日, 学习, 慰问, 议事) with
 * their sign-ups and waiting list; the QR code shown on the spot for check-in; attendance marked by
 * hand; service hours approved (or adjusted with a reason), which grants the points.
 */
export default function ActivitiesPage() {
  const [page, setPage] = useState(1);
  const list = useGet<ActivityList>('/activities', { view: 'manage', page, pageSize: PAGE_SIZE });
  const [publishing, setPublishing] = useState(false);
  const [showing, setShowing] = useState<Activity | null>(null);
  const [qrOf, setQrOf] = useState<Activity | null>(null);
  const { modal, message, showError } = useFeedback();

  const cancel = (a: Activity) =>
    modal.confirm({
      title: `取消活动「${a.title}」？`,
      content: '已报名的人将看到活动已取消；支部的主题党日、学习同时取消组织生活中的计划。',
      okText: '取消活动',
      cancelText: '返回',
      onOk: async () => {
        try {
          await api.post(`/activities/${a.id}/cancel`, { reason: '组织者取消' });
          message.success('活动已取消');
          list.reload();
        } catch (err) {
          showError(err);
        }
      },
    });

  return (
    <PageContainer
      title="活动管理"
      subTitle="发布活动、查看报名与候补、现场扫码签到、审核服务时长（审核后按本地规则发放积分）"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setPublishing(true)}>
          发布活动
        </Button>
      }
    >
      <Card size="small">
        <Table<Activity>
          size="small"
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            onChange: setPage,
            hideOnSinglePage: true,
            showSizeChanger: false,
            showTotal: (n) => `共 ${n} 个活动`,
          }}
          scroll={{ x: 1100 }}
          locale={{ emptyText: <Empty description={list.error?.userMessage ?? '还没有发布活动'} /> }}
          columns={[
            {
              title: '活动',
              dataIndex: 'title',
              ellipsis: true,
              render: (_, a) => (
                <Space size={4}>
                  <Tag color="red">{a.kindLabel}</Tag>
                  {a.title}
                  {a.status === 'cancelled' ? <Tag>已取消</Tag> : null}
                  {a.meetingId ? <Tag color="blue">计入组织生活</Tag> : null}
                </Space>
              ),
            },
            { title: '组织', dataIndex: 'orgName', width: 200, ellipsis: true },
            {
              title: '时间',
              width: 200,
              render: (_, a) => `${formatDateTime(a.startsAt)} – ${formatDateTime(a.endsAt).slice(-5)}`,
            },
            { title: '地点', dataIndex: 'place', width: 180, ellipsis: true },
            { title: '范围', dataIndex: 'audienceLabel', width: 110 },
            {
              title: '报名',
              width: 110,
              render: (_, a) => `${a.signedUp}/${a.capacity}${a.waitlisted ? ` 候补${a.waitlisted}` : ''}`,
            },
            {
              title: '操作',
              width: 240,
              fixed: 'right',
              render: (_, a) => (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setShowing(a)}>
                    报名与签到
                  </Button>
                  <Button
                    type="link"
                    size="small"
                    icon={<QrcodeOutlined />}
                    disabled={a.status !== 'published'}
                    onClick={() => setQrOf(a)}
                  >
                    签到码
                  </Button>
                  <Button
                    type="link"
                    size="small"
                    danger
                    disabled={a.status !== 'published'}
                    onClick={() => cancel(a)}
                  >
                    取消
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {publishing ? (
        <PublishModal
          onClose={() => setPublishing(false)}
          onDone={() => {
            setPublishing(false);
            list.reload();
          }}
        />
      ) : null}
      {showing ? (
        <ParticipantsDrawer activity={showing} onClose={() => setShowing(null)} onChanged={list.reload} />
      ) : null}
      {qrOf ? <QrModal activity={qrOf} onClose={() => setQrOf(null)} /> : null}
    </PageContainer>
  );
}

interface PublishValues {
  orgId: Id;
  teamId?: Id;
  title: string;
  kind: keyof typeof ACTIVITY_KINDS;
  place: string;
  lat?: number | null;
  long?: number | null;
  time: [Dayjs, Dayjs];
  capacity: number;
  audience: keyof typeof ACTIVITY_AUDIENCES;
  description?: string;
}

function PublishModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<PublishValues>();
  const { saving, save, message } = useSave(form);
  const teams = useGet<{ items: TeamItem[] }>('/volunteer-teams');
  const submit = async ({ time, ...values }: PublishValues) => {
    await save(async () => {
      await api.post('/activities', {
        ...values,
        teamId: values.teamId ?? null,
        lat: values.lat ?? null,
        long: values.long ?? null,
        startsAt: time[0].format('YYYY-MM-DDTHH:mm:00Z'),
        endsAt: time[1].format('YYYY-MM-DDTHH:mm:00Z'),
      });
      message.success('活动已发布');
      onDone();
    });
  };
  return (
    <Modal
      open
      width={640}
      title="发布活动"
      okText="发布"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<PublishValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ kind: 'volunteer', audience: 'residents', capacity: 20 }}
      >
        <Form.Item
          name="orgId"
          label="发布组织"
          rules={[{ required: true, message: '请选择发布活动的组织' }]}
        >
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item
          name="title"
          label="活动名称"
          rules={[{ required: true, whitespace: true, message: '请填写活动名称' }]}
        >
          <Input maxLength={80} placeholder="如：兴隆社区楼道清洁志愿服务" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="kind" label="活动类型" rules={[{ required: true }]}>
            <Select
              style={{ width: 140 }}
              options={Object.entries(ACTIVITY_KINDS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="audience" label="报名范围" rules={[{ required: true }]}>
            <Select
              style={{ width: 200 }}
              options={Object.entries(ACTIVITY_AUDIENCES).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="capacity" label="人数上限" rules={[{ required: true, message: '请填写人数上限' }]}>
            <InputNumber min={1} max={10000} precision={0} style={{ width: 120 }} />
          </Form.Item>
        </Space>
        <Form.Item name="teamId" label="服务队（可选）">
          <Select
            allowClear
            placeholder="由哪支志愿服务队开展"
            options={(teams.data?.items ?? [])
              .filter((t) => t.manageable)
              .map((t) => ({ value: t.id, label: `${t.name}（${t.kindLabel}）` }))}
          />
        </Form.Item>
        <Form.Item name="time" label="活动时间" rules={[{ required: true, message: '请选择开始和结束时间' }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item
          name="place"
          label="活动地点"
          rules={[{ required: true, whitespace: true, message: '请填写活动地点' }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Space>
          <Form.Item name="lat" label="纬度（扫码签到核对距离）">
            <InputNumber min={-90} max={90} step={0.0001} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="long" label="经度">
            <InputNumber min={-180} max={180} step={0.0001} style={{ width: 180 }} />
          </Form.Item>
        </Space>
        <Form.Item name="description" label="活动说明">
          <Input.TextArea maxLength={2000} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The QR code for check-in, refreshed every minute (a token lives five minutes). */
function QrModal({ activity, onClose }: { activity: Activity; onClose: () => void }) {
  const code = useGet<CheckInCode>(`/activities/${activity.id}/check-in-code`);
  useEffect(() => {
    const timer = setInterval(code.reload, 60_000);
    return () => clearInterval(timer);
  }, [code.reload]);
  const url = code.data ? `${window.location.origin}/m${code.data.url.replace(/^\/m/, '')}` : '';
  return (
    <Modal open title={`现场签到 · ${activity.title}`} footer={null} onCancel={onClose} width={420}>
      <Space direction="vertical" align="center" style={{ width: '100%' }}>
        <QRCode
          value={url || '-'}
          size={280}
          status={code.data ? 'active' : 'loading'}
          data-testid="checkin-qr"
        />
        <Typography.Text type="secondary">
          请参加者用手机扫码签到（需在活动地点附近）；二维码每分钟自动刷新。
        </Typography.Text>
        {code.data ? (
          <Space>
            <Typography.Text type="secondary">
              有效至 {formatDateTime(code.data.expiresAt).slice(-5)}
            </Typography.Text>
            <Typography.Link href={url} target="_blank" data-testid="checkin-url">
              签到链接
            </Typography.Link>
          </Space>
        ) : null}
      </Space>
    </Modal>
  );
}

function ParticipantsDrawer({
  activity,
  onClose,
  onChanged,
}: {
  activity: Activity;
  onClose: () => void;
  onChanged: () => void;
}) {
  const list = useGet<Participants>(`/activities/${activity.id}/participants`);
  const { message, showError } = useFeedback();
  const [approving, setApproving] = useState<Participant | null>(null);
  const mark = async (p: Participant) => {
    try {
      await api.post(`/activities/${activity.id}/participants/${p.id}/attendance`, {});
      message.success(`已为${p.name}登记签到`);
      list.reload();
      onChanged();
    } catch (err) {
      showError(err);
    }
  };
  return (
    <Drawer open width={900} title={`报名与签到 · ${activity.title}`} onClose={onClose}>
      {list.data ? (
        <Alert
          style={{ marginBottom: 12 }}
          type="info"
          message={`本地规则：每小时 ${list.data.rule.pointsPerHour} 积分，按 ${list.data.rule.unitMinutes} 分钟为单位计时（不足不计）`}
        />
      ) : null}
      <Table<Participant>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="还没有人报名" /> }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 160 },
          {
            title: '状态',
            width: 110,
            render: (_, p) => (
              <Tag
                color={p.status === 'signed_up' ? 'green' : p.status === 'waitlisted' ? 'orange' : undefined}
              >
                {p.label}
              </Tag>
            ),
          },
          {
            title: '签到',
            width: 150,
            render: (_, p) =>
              p.checkedInAt
                ? `${formatDateTime(p.checkedInAt).slice(-5)}${p.checkinMethod === 'organizer' ? '（登记）' : '（扫码）'}`
                : '—',
          },
          {
            title: '签退',
            width: 80,
            render: (_, p) => (p.checkedOutAt ? formatDateTime(p.checkedOutAt).slice(-5) : '—'),
          },
          {
            title: '时长',
            width: 170,
            render: (_, p) =>
              p.approvedMinutes !== null
                ? `已核定 ${hours(p.approvedMinutes)}${p.points ? `，+${p.points} 积分` : ''}`
                : p.computedMinutes !== null
                  ? `计算 ${hours(p.computedMinutes)}`
                  : '—',
          },
          {
            title: '操作',
            width: 160,
            render: (_, p) => (
              <Space size={0}>
                {p.status === 'signed_up' && !p.checkedInAt ? (
                  <Button type="link" size="small" onClick={() => mark(p)}>
                    登记签到
                  </Button>
                ) : null}
                {p.checkedInAt && p.approvedMinutes === null ? (
                  <Button type="link" size="small" onClick={() => setApproving(p)}>
                    审核时长
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {approving ? (
        <ApproveModal
          activityId={activity.id}
          participant={approving}
          onClose={() => setApproving(null)}
          onDone={() => {
            setApproving(null);
            list.reload();
          }}
        />
      ) : null}
    </Drawer>
  );
}

function ApproveModal({
  activityId,
  participant,
  onClose,
  onDone,
}: {
  activityId: Id;
  participant: Participant;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ minutes: number; reason?: string }>();
  const { saving, save, message } = useSave(form);
  const minutes = Form.useWatch('minutes', form);
  const computed = participant.computedMinutes ?? 0;
  const submit = async (v: { minutes: number; reason?: string }) => {
    await save(async () => {
      const done = await api.post<{ minutes: number; points: number }>(
        `/activities/${activityId}/participants/${participant.id}/approval`,
        { minutes: v.minutes, ...(v.reason ? { reason: v.reason } : {}) },
      );
      message.success(`已核定 ${hours(done.minutes)}，发放 ${done.points} 积分`);
      onDone();
    });
  };
  return (
    <Modal
      open
      title={`审核服务时长 · ${participant.name}`}
      okText="核定"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ minutes: computed }}>
        <Typography.Paragraph type="secondary">
          按签到、签退计算为 {computed} 分钟（{hours(computed)}）。核定后不能修改。
        </Typography.Paragraph>
        <Form.Item
          name="minutes"
          label="核定时长（分钟）"
          rules={[{ required: true, message: '请填写核定时长' }]}
        >
          <InputNumber min={0} max={1440} precision={0} style={{ width: 160 }} />
        </Form.Item>
        {minutes !== undefined && minutes !== computed ? (
          <Form.Item
            name="reason"
            label="调整原因"
            rules={[{ required: true, whitespace: true, message: '核定时长与计算结果不同，请填写调整原因' }]}
          >
            <Input maxLength={200} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
