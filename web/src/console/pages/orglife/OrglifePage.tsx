import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Badge,
  Button,
  Calendar,
  Card,
  DatePicker,
  Drawer,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, upload } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { Id } from '../../../api/types';
import { useAuth, useUser } from '../../../components/auth';
import { dayjs, todayInChina } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { FileList } from '../../FileList';
import { useFeedback, validValues } from '../../feedback';
import { PageContainer } from '../../PageContainer';

const KINDS = [
  { value: 'branch_general', label: '支部党员大会' },
  { value: 'branch_committee', label: '支部委员会' },
  { value: 'group', label: '党小组会' },
  { value: 'lecture', label: '党课' },
  { value: 'theme_day', label: '主题党日' },
  { value: 'life_meeting', label: '组织生活会' },
  { value: 'review', label: '民主评议党员' },
];

interface Meeting {
  id: Id;
  kind: string;
  kindLabel: string;
  title: string;
  date: string;
  status: 'planned' | 'held' | 'cancelled';
  statusLabel: string;
  present: number;
  excused: number;
  absent: number;
}
interface MeetingDetail extends Meeting {
  minutes: string | null;
  location: string | null;
  lecturer: string | null;
  heldOn: string | null;
  attendance: Array<{ memberId: Id; name: string; status: string; statusLabel: string }>;
  files: Array<{ id: Id; name: string; kind: string; sizeBytes: number; createdAt: string | null }>;
  members: Array<{ id: Id; name: string }>;
  actions: string[];
}
interface CalendarFeed {
  themeDay: number | null;
  themeDayNote: string | null;
  events: Meeting[];
  requirements: Array<{
    kind: string;
    kindLabel: string;
    periodLabel: string;
    held: boolean;
    exempt: boolean;
  }>;
}

const statusColor = { planned: 'processing', held: 'success', cancelled: 'default' } as const;

/**
 * 会议照片和材料: photos as thumbnails, minutes and other files as download links, and (for those who
 * manage the meeting) an upload through `POST /orglife/meetings/{id}/files`.
 */
function MeetingFiles({ meeting, onUploaded }: { meeting: MeetingDetail; onUploaded: () => void }) {
  const { message, showError } = useFeedback();
  const url = (f: { id: Id }) => `/api/v1/orglife/meetings/${meeting.id}/files/${f.id}`;
  return (
    <Card size="small" title="会议照片和材料">
      {meeting.actions.includes('upload') ? (
        <Upload
          accept="image/jpeg,image/png,image/webp,application/pdf,.docx,.xlsx"
          multiple
          showUploadList={false}
          customRequest={async (opts) => {
            const form = new FormData();
            form.append('file', opts.file as Blob);
            try {
              await upload(`/orglife/meetings/${meeting.id}/files`, form);
              message.success(`已上传「${(opts.file as File).name}」`);
              opts.onSuccess?.(null);
              onUploaded();
            } catch (e) {
              showError(e);
              opts.onError?.(e as Error);
            }
          }}
        >
          <Button icon={<UploadOutlined />} data-testid="meeting-upload">
            上传照片或会议记录
          </Button>
          <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
            JPG/PNG/WebP 照片，PDF/Word/Excel 文件，每个不超过 5 MB
          </Typography.Text>
        </Upload>
      ) : null}
      {meeting.files.length === 0 ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          还没有照片或材料
        </Typography.Paragraph>
      ) : null}
      <FileList
        testId="meeting-photos"
        files={meeting.files.map((f) => ({
          key: String(f.id),
          url: url(f),
          name: f.name,
          kind: f.kind,
          sizeBytes: f.sizeBytes,
          createdAt: f.createdAt,
        }))}
      />
    </Card>
  );
}

/** 组织生活: one organization's month as a calendar (三会一课, 主题党日 on the region's fixed day), plan and record. */
export default function OrglifePage() {
  const user = useUser();
  const { can } = useAuth();
  const { message, showError } = useFeedback();
  const [params, setParams] = useSearchParams();
  const orgId: Id | undefined = params.get('org') ?? user.roles[0]?.orgId ?? undefined;
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '')
    ? params.get('month')!
    : todayInChina().format('YYYY-MM');
  const feed = useGet<CalendarFeed>(orgId ? '/orglife/calendar' : null, { orgId, month });
  const [openId, setOpenId] = useState<Id | null>(null);
  const detail = useGet<MeetingDetail>(openId ? `/orglife/meetings/${openId}` : null);
  const [creating, setCreating] = useState<'plan' | 'held' | null>(null);
  const [recording, setRecording] = useState(false);
  const [form] = Form.useForm();
  const [recordForm] = Form.useForm();
  const manage = can('orglife.manage');

  const set = (changes: Record<string, string>) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(changes)) next.set(k, v);
      return next;
    });

  const create = async () => {
    const v = await validValues(form);
    if (!v) return;
    const date = (v.date as Dayjs).format('YYYY-MM-DD');
    try {
      const m =
        creating === 'plan'
          ? await api.post<MeetingDetail>('/orglife/meetings', {
              orgId: Number(orgId),
              kind: v.kind,
              title: v.title,
              plannedOn: date,
              location: v.location,
              lecturer: v.lecturer,
            })
          : await api.post<MeetingDetail>('/orglife/meetings/held', {
              orgId: Number(orgId),
              kind: v.kind,
              title: v.title,
              heldOn: date,
              location: v.location,
              lecturer: v.lecturer,
              minutes: v.minutes,
            });
      message.success(creating === 'plan' ? '会议已计划' : '会议已登记');
      setCreating(null);
      form.resetFields();
      feed.reload();
      setOpenId(m.id);
    } catch (err) {
      showError(err, form);
    }
  };

  const record = async () => {
    const v = await validValues(recordForm);
    if (!v) return;
    const d = detail.data!;
    try {
      await api.post(`/orglife/meetings/${d.id}/record`, {
        heldOn: (v.heldOn as Dayjs).format('YYYY-MM-DD'),
        minutes: v.minutes,
        attendance: d.members.map((m) => ({
          memberId: Number(m.id),
          status: v.attendance?.[String(m.id)] ?? 'present',
        })),
      });
      message.success('已登记召开情况和考勤');
      setRecording(false);
      detail.reload();
      feed.reload();
    } catch (err) {
      showError(err, recordForm);
    }
  };

  const cellRender = (current: Dayjs, info: { type: string; originNode: React.ReactNode }) => {
    if (info.type !== 'date') return info.originNode;
    const day = current.format('YYYY-MM-DD');
    const events = (feed.data?.events ?? []).filter((e) => e.date === day);
    const isTheme =
      feed.data?.themeDay && current.date() === feed.data.themeDay && current.format('YYYY-MM') === month;
    return (
      <div>
        {isTheme ? (
          <Tag color="red" style={{ fontSize: 11 }}>
            固定主题党日
          </Tag>
        ) : null}
        {events.map((e) => (
          <div
            key={String(e.id)}
            onClick={() => setOpenId(e.id)}
            style={{ cursor: 'pointer' }}
            data-meeting={e.kind}
          >
            <Badge
              status={statusColor[e.status]}
              text={<span style={{ fontSize: 12 }}>{e.kindLabel}</span>}
            />
          </div>
        ))}
      </div>
    );
  };

  return (
    <PageContainer
      title="组织生活"
      subTitle="三会一课、主题党日、组织生活会、民主评议党员"
      extra={
        <Space wrap>
          <div style={{ width: 320 }}>
            <OrgTreeSelect
              id="orglife-org"
              value={orgId}
              allowClear={false}
              onChange={(v) => v !== undefined && set({ org: String(v) })}
            />
          </div>
          {manage ? (
            <>
              <Button icon={<PlusOutlined />} onClick={() => setCreating('plan')}>
                计划会议
              </Button>
              <Button type="primary" onClick={() => setCreating('held')}>
                登记已召开的会议
              </Button>
            </>
          ) : null}
        </Space>
      }
    >
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Typography.Text strong>本期要求：</Typography.Text>
          {(feed.data?.requirements ?? []).map((r) => (
            <Tag key={r.kind} color={r.held ? 'success' : r.exempt ? 'default' : 'warning'}>
              {r.periodLabel} {r.kindLabel}：{r.held ? '已召开' : r.exempt ? '经批准免于开展' : '尚未召开'}
            </Tag>
          ))}
          {feed.data?.themeDayNote ? (
            <Typography.Text type="secondary">{feed.data.themeDayNote}</Typography.Text>
          ) : null}
        </Space>
      </Card>
      <Card size="small" loading={feed.loading && !feed.data}>
        <Calendar
          value={dayjs(`${month}-01`)}
          cellRender={cellRender as never}
          onPanelChange={(d) => set({ month: d.format('YYYY-MM') })}
          onSelect={(d, info) =>
            info.source === 'month' || info.source === 'year'
              ? set({ month: d.format('YYYY-MM') })
              : undefined
          }
        />
      </Card>

      <Modal
        title={creating === 'plan' ? '计划会议' : '登记已召开的会议'}
        open={creating !== null}
        onOk={create}
        onCancel={() => setCreating(null)}
        okText="保存"
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ kind: 'branch_committee' }}>
          <Form.Item name="kind" label="会议类型" rules={[{ required: true }]}>
            <Select options={KINDS} />
          </Form.Item>
          <Form.Item name="title" label="会议主题" rules={[{ required: true, message: '请填写会议主题' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="date"
            label={creating === 'plan' ? '计划日期' : '召开日期'}
            rules={[{ required: true, message: '请选择日期' }]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="location" label="地点">
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="lecturer" label="授课人（党课）">
            <Input maxLength={50} />
          </Form.Item>
          {creating === 'held' ? (
            <Form.Item name="minutes" label="会议记录">
              <Input.TextArea rows={4} />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>

      <Drawer
        title={detail.data?.title ?? '会议'}
        open={openId !== null}
        onClose={() => setOpenId(null)}
        size="large"
      >
        {detail.data ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space>
              <Tag>{detail.data.kindLabel}</Tag>
              <Tag color={statusColor[detail.data.status]}>{detail.data.statusLabel}</Tag>
              <span>{detail.data.date}</span>
              <span>
                出席 {detail.data.present} · 请假 {detail.data.excused} · 缺席 {detail.data.absent}
              </span>
            </Space>
            <div data-testid="meeting-place">
              <Typography.Text type="secondary">地点：</Typography.Text>
              {detail.data.location ?? '未填写'}
              {detail.data.lecturer ? (
                <>
                  <Typography.Text type="secondary" style={{ marginLeft: 16 }}>
                    授课人：
                  </Typography.Text>
                  {detail.data.lecturer}
                </>
              ) : null}
            </div>
            {detail.data.minutes ? <Typography.Paragraph>{detail.data.minutes}</Typography.Paragraph> : null}
            {detail.data.actions.includes('record') ? (
              <Button
                type="primary"
                onClick={() => {
                  recordForm.setFieldsValue({
                    heldOn: dayjs(detail.data!.heldOn ?? detail.data!.date),
                    minutes: detail.data!.minutes,
                    attendance: Object.fromEntries(
                      detail.data!.attendance.map((a) => [String(a.memberId), a.status]),
                    ),
                  });
                  setRecording(true);
                }}
              >
                登记召开情况和考勤
              </Button>
            ) : null}
            <Table
              size="small"
              rowKey="memberId"
              pagination={false}
              dataSource={detail.data.attendance}
              locale={{ emptyText: '尚未登记考勤' }}
              columns={[
                { title: '党员', dataIndex: 'name' },
                { title: '出勤', dataIndex: 'statusLabel' },
              ]}
            />
            <MeetingFiles meeting={detail.data} onUploaded={detail.reload} />
          </Space>
        ) : null}
      </Drawer>

      <Modal
        title="登记召开情况和考勤"
        open={recording}
        onOk={record}
        onCancel={() => setRecording(false)}
        okText="保存"
        width={640}
      >
        <Form form={recordForm} layout="vertical">
          <Form.Item name="heldOn" label="召开日期" rules={[{ required: true, message: '请选择召开日期' }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="minutes" label="会议记录">
            <Input.TextArea rows={3} />
          </Form.Item>
          <Typography.Text strong>考勤（默认出席）</Typography.Text>
          <div style={{ maxHeight: 320, overflow: 'auto' }}>
            {(detail.data?.members ?? []).map((m) => (
              <Form.Item
                key={String(m.id)}
                name={['attendance', String(m.id)]}
                label={m.name}
                style={{ marginBottom: 4 }}
              >
                <Radio.Group
                  size="small"
                  options={[
                    { value: 'present', label: '出席' },
                    { value: 'excused', label: '请假' },
                    { value: 'absent', label: '缺席' },
                  ]}
                />
              </Form.Item>
            ))}
          </div>
        </Form>
      </Modal>
    </PageContainer>
  );
}
