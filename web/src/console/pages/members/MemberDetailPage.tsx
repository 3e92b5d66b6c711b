import { ArrowLeftOutlined, EditOutlined, EyeOutlined, SwapOutlined, UserOutlined } from '@ant-design/icons';
import { MEMBER_STATUS_LABELS } from '@honglian/domain';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Result,
  Select,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { hours, type ServiceRecord } from '../../../api/activities';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { MemberDetail } from '../../../api/members';
import type { HistoryItem, Page } from '../../../api/types';
import {
  dayjs,
  EMPTY,
  formatDate,
  formatDateTime,
  formatFullMemberOn,
  formatValue,
} from '../../../components/format';
import { useFeedback, validValues } from '../../feedback';
import { PageContainer } from '../../PageContainer';
import './members.css';
import { EDUCATION_OPTIONS, ID_NUMBER_RULE, PHONE_RULE } from './CreateMemberModal';
import { StatusTag } from './StatusTag';

const MEMBER_FIELD_LABELS: Record<string, string> = {
  name: '姓名',
  orgName: '所在党组织',
  idNumber: '公民身份号码',
  gender: '性别',
  phone: '手机号码',
  ethnicity: '民族',
  education: '学历',
  workUnit: '工作单位',
  joinedOn: '入党日期',
  fullMemberOn: '转正日期',
  stage: '党员类别',
  status: '状态',
  statusReason: '变更原因',
  mobileLocation: '流动去向',
  mobileCardNo: '流动党员活动证',
};
const HIDDEN = new Set(['orgId', 'batchId']);

function show(key: string, value: unknown): string {
  if (key === 'status' && typeof value === 'string')
    return MEMBER_STATUS_LABELS[value as keyof typeof MEMBER_STATUS_LABELS] ?? value;
  if (key === 'gender') return value === 'male' ? '男' : value === 'female' ? '女' : formatValue(value);
  return formatValue(value);
}

function changes(item: HistoryItem): string[] {
  const before = (item.before ?? {}) as Record<string, unknown>;
  const after = (item.after ?? {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => !HIDDEN.has(k) && JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
    .map((k) =>
      item.before && k in before
        ? `${MEMBER_FIELD_LABELS[k] ?? k}：${show(k, before[k])} → ${show(k, after[k])}`
        : `${MEMBER_FIELD_LABELS[k] ?? k}：${show(k, after[k])}`,
    );
}

/** 党员详情 at `/members/:id`: profile (masked until 查看完整信息), organization, status, history. */
export default function MemberDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const detail = useGet<MemberDetail>(`/members/${id}`);
  const history = useGet<Page<HistoryItem>>(`/members/${id}/history`);
  const [full, setFull] = useState<MemberDetail | null>(null);
  const [dialog, setDialog] = useState<'edit' | 'status' | 'full' | null>(null);

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/members')}>
      返回党员名册
    </Button>
  );
  if (detail.error) {
    return (
      <PageContainer title="党员详情" extra={back}>
        <Card>
          <Result
            status={detail.error.status === 404 ? '404' : 'error'}
            title={detail.error.status === 404 ? '未找到该党员，或您无权查看' : '加载失败'}
            subTitle={detail.error.status === 404 ? undefined : detail.error.userMessage}
          />
        </Card>
      </PageContainer>
    );
  }
  const m = full ?? detail.data;
  if (!m) {
    return (
      <PageContainer title="党员详情" extra={back}>
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </PageContainer>
    );
  }
  const actions = new Set(m.actions);
  const reload = () => {
    setDialog(null);
    setFull(null);
    detail.reload();
    history.reload();
  };

  return (
    <PageContainer title="党员详情" extra={back}>
      <div className="hl-stack" data-testid="member-detail">
        <Card
          title={
            <Space size={8} wrap>
              <UserOutlined style={{ color: '#c8161d' }} />
              <span>{m.name}</span>
              <Tag>{m.stageLabel}</Tag>
              <StatusTag status={m.status} label={m.statusLabel} />
            </Space>
          }
        >
          <Space wrap size={8} style={{ marginBottom: 12 }}>
            {actions.has('member.read_full') && !full ? (
              <Button icon={<EyeOutlined />} onClick={() => setDialog('full')}>
                查看完整信息
              </Button>
            ) : null}
            {actions.has('member.manage') ? (
              <>
                <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
                  修改信息
                </Button>
                <Button icon={<SwapOutlined />} onClick={() => setDialog('status')}>
                  变更状态
                </Button>
              </>
            ) : null}
          </Space>
          {full ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title="正在显示完整的身份证号码和手机号。本次查看已记入审计日志，请勿截图或外传。"
            />
          ) : null}
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }}
            styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
            items={[
              { key: 'name', label: '姓名', children: m.name },
              { key: 'gender', label: '性别', children: m.genderLabel },
              {
                key: 'id',
                label: '公民身份号码',
                children: <span className="hl-code">{m.idNumber}</span>,
              },
              { key: 'birth', label: '出生日期', children: m.birthDate ?? (m.masked ? '（已隐藏）' : EMPTY) },
              {
                key: 'phone',
                label: '手机号码',
                children: m.phone ? <span className="hl-code">{m.phone}</span> : EMPTY,
              },
              { key: 'ethnicity', label: '民族', children: m.ethnicity ?? EMPTY },
              { key: 'education', label: '学历', children: m.education ?? EMPTY },
              { key: 'workUnit', label: '工作单位', children: m.workUnit ?? EMPTY, span: 2 },
              {
                key: 'org',
                label: '所在党组织',
                span: 'filled',
                children: m.orgPathNames.length ? m.orgPathNames.join(' / ') : m.orgName,
              },
              { key: 'stage', label: '党员类别', children: m.stageLabel },
              { key: 'joined', label: '入党日期', children: formatDate(m.joinedOn) },
              { key: 'fullOn', label: '转正日期', children: formatFullMemberOn(m) },
              {
                key: 'status',
                label: '状态',
                children: <StatusTag status={m.status} label={m.statusLabel} />,
              },
              ...(m.status === 'mobile'
                ? [
                    { key: 'mloc', label: '流动去向', children: m.mobileLocation ?? EMPTY },
                    { key: 'mcard', label: '流动党员活动证', children: m.mobileCardNo ?? EMPTY },
                  ]
                : []),
              { key: 'account', label: '平台账号', children: m.hasAccount ? '已关联' : '未关联' },
              { key: 'updated', label: '最近更新', children: formatDateTime(m.updatedAt) },
            ]}
          />
        </Card>
        <ServiceCard memberId={id} />
        <Card title="变更记录" size="small" loading={history.loading && !history.data}>
          {(history.data?.items ?? []).length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无变更记录" />
          ) : (
            <Timeline
              className="hl-history"
              items={(history.data?.items ?? []).map((item) => ({
                key: item.id,
                color: item.action === 'member.create' || item.action === 'member.import' ? 'green' : 'blue',
                content: (
                  <div>
                    <Space size={12} wrap>
                      <Typography.Text strong>{item.actionLabel}</Typography.Text>
                      <Typography.Text type="secondary">{formatDateTime(item.at)}</Typography.Text>
                      <Typography.Text type="secondary">操作人：{item.actorName ?? '系统'}</Typography.Text>
                    </Space>
                    {changes(item).map((line) => (
                      <div key={line} className="hl-history-line">
                        {line}
                      </div>
                    ))}
                  </div>
                ),
              }))}
            />
          )}
        </Card>
      </div>
      {dialog === 'full' ? (
        <FullReadDialog
          memberId={id}
          name={m.name}
          onClose={(answer) => {
            setDialog(null);
            if (answer) setFull(answer);
          }}
        />
      ) : null}
      {dialog === 'edit' ? <EditModal member={m} onClose={() => setDialog(null)} onDone={reload} /> : null}
      {dialog === 'status' ? (
        <StatusModal member={m} onClose={() => setDialog(null)} onDone={reload} />
      ) : null}
    </PageContainer>
  );
}

interface EditValues {
  name: string;
  idNumber?: string;
  phone?: string;
  ethnicity?: string;
  education?: string;
  workUnit?: string;
  joinedOn?: dayjs.Dayjs | null;
  fullMemberOn?: dayjs.Dayjs | null;
}

function EditModal({
  member,
  onClose,
  onDone,
}: {
  member: MemberDetail;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<EditValues>();
  const [saving, setSaving] = useState(false);
  const { message, showError } = useFeedback();
  const submit = async (v: EditValues) => {
    setSaving(true);
    try {
      await api.patch(`/members/${member.id}`, {
        name: v.name.trim(),
        ...(v.idNumber ? { idNumber: v.idNumber } : {}),
        ...(member.masked && !v.phone ? {} : { phone: v.phone?.trim() || null }),
        ethnicity: v.ethnicity?.trim() || null,
        education: v.education || null,
        workUnit: v.workUnit?.trim() || null,
        joinedOn: v.joinedOn ? v.joinedOn.format('YYYY-MM-DD') : null,
        fullMemberOn: v.fullMemberOn ? v.fullMemberOn.format('YYYY-MM-DD') : null,
      });
      message.success('已保存修改');
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
      title="修改党员信息"
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={600}
    >
      <Form<EditValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          name: member.name,
          phone: member.masked ? undefined : (member.phone ?? undefined),
          ethnicity: member.ethnicity ?? undefined,
          education: member.education ?? undefined,
          workUnit: member.workUnit ?? undefined,
          joinedOn: member.joinedOn ? dayjs(member.joinedOn) : null,
          fullMemberOn: member.fullMemberOn ? dayjs(member.fullMemberOn) : null,
        }}
      >
        <Form.Item
          label="姓名"
          name="name"
          rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          label="更正公民身份号码"
          name="idNumber"
          normalize={(v: string | undefined) => v?.toUpperCase().replace(/\s/g, '')}
          rules={[ID_NUMBER_RULE]}
          extra={`当前：${member.idNumber}。仅在号码登记有误时填写`}
        >
          <Input maxLength={18} className="hl-code" />
        </Form.Item>
        <Form.Item
          label="手机号码"
          name="phone"
          rules={[PHONE_RULE]}
          extra={member.masked ? `当前：${member.phone ?? '未登记'}，留空表示不修改` : undefined}
        >
          <Input maxLength={11} />
        </Form.Item>
        <div className="hl-form-row">
          <Form.Item label="民族" name="ethnicity">
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item label="学历" name="education">
            <Select allowClear options={EDUCATION_OPTIONS} />
          </Form.Item>
        </div>
        <Form.Item label="工作单位" name="workUnit">
          <Input maxLength={200} />
        </Form.Item>
        <div className="hl-form-row">
          <Form.Item label="入党日期" name="joinedOn">
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label="转正日期" name="fullMemberOn">
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}

interface StatusValues {
  status: string;
  statusReason: string;
  mobileLocation?: string;
  mobileCardNo?: string;
}

function StatusModal({
  member,
  onClose,
  onDone,
}: {
  member: MemberDetail;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<StatusValues>();
  const [saving, setSaving] = useState(false);
  const { message, showError } = useFeedback();
  const status = Form.useWatch('status', form) ?? member.status;
  const submit = async (v: StatusValues) => {
    setSaving(true);
    try {
      await api.patch(`/members/${member.id}`, {
        status: v.status,
        statusReason: v.statusReason.trim(),
        ...(v.status === 'mobile'
          ? { mobileLocation: v.mobileLocation?.trim() || null, mobileCardNo: v.mobileCardNo?.trim() || null }
          : {}),
      });
      message.success('已变更党员状态');
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
      title="变更党员状态"
      okText="确定"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<StatusValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          status: member.status,
          mobileLocation: member.mobileLocation ?? undefined,
          mobileCardNo: member.mobileCardNo ?? undefined,
        }}
      >
        <Form.Item label="状态" name="status" rules={[{ required: true, message: '请选择状态' }]}>
          <Select
            options={Object.entries(MEMBER_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        {status === 'mobile' ? (
          <>
            <Form.Item
              label="流动去向"
              name="mobileLocation"
              rules={[{ required: true, whitespace: true, message: '请填写外出地点' }]}
            >
              <Input maxLength={100} placeholder="如：广东省深圳市南山区" />
            </Form.Item>
            <Form.Item label="流动党员活动证编号" name="mobileCardNo">
              <Input maxLength={50} />
            </Form.Item>
          </>
        ) : null}
        <Form.Item
          label="变更原因"
          name="statusReason"
          rules={[{ required: true, whitespace: true, message: '请填写变更原因' }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
        <Alert
          type="info"
          showIcon
          title="失去联系、停止党籍等处置须经党组织按规定程序决定，此处仅登记结果。"
        />
      </Form>
    </Modal>
  );
}

/** 查看完整信息 asks why: the reason is required and kept in the audit entry of the read. */
function FullReadDialog({
  memberId,
  name,
  onClose,
}: {
  memberId: string;
  name: string;
  onClose: (full: MemberDetail | null) => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const { showError } = useFeedback();
  const submit = async () => {
    const values = await validValues<{ reason: string }>(form);
    if (!values) return;
    setBusy(true);
    try {
      onClose(await api.get<MemberDetail>(`/members/${memberId}/full`, { reason: values.reason.trim() }));
    } catch (err) {
      showError(err, form);
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`查看${name}的完整信息`}
      okText="查看"
      cancelText="取消"
      confirmLoading={busy}
      onOk={submit}
      onCancel={() => onClose(null)}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        完整的身份证号码和手机号属于个人信息。请写明查看事由，事由将与本次查看一并记入审计日志。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label="查看事由"
          rules={[
            { required: true, whitespace: true, message: '请填写查看完整信息的事由' },
            { min: 2, message: '请填写查看完整信息的事由（至少 2 个字）' },
            { max: 200, message: '查看事由不能超过 200 个字' },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={200}
            showCount
            placeholder="例如：核对党费基数，需要完整身份证号"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 志愿服务 this year: the approved hours the 民主评议 material reads (GET /members/{id}/service). */
function ServiceCard({ memberId }: { memberId: string }) {
  const service = useGet<ServiceRecord>(`/members/${memberId}/service`);
  const d = service.data;
  return (
    <Card
      title={`志愿服务（${d?.year ?? ''} 年，民主评议参考）`}
      size="small"
      loading={service.loading && !d}
      data-testid="member-service"
    >
      {d ? (
        <>
          <Typography.Paragraph>
            已审核服务时长 <b>{hours(d.minutes)}</b>，参加活动 {d.activities} 次，获得积分 {d.points}
          </Typography.Paragraph>
          {d.honours.length ? (
            <Typography.Paragraph data-testid="member-honours">
              所获荣誉：
              {d.honours.map((h) => `${h.title}（${h.orgName}，${h.awardedOn}）`).join('；')}
            </Typography.Paragraph>
          ) : null}
          {d.items.slice(0, 10).map((i) => (
            <div key={i.participationId} className="hl-history-line">
              {formatDateTime(i.startsAt).slice(0, 10)} {i.kindLabel}「{i.title}」 {hours(i.minutes)}
            </div>
          ))}
        </>
      ) : null}
    </Card>
  );
}
