import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  type CaseAction,
  type CaseClock,
  type CaseDetail,
  FIELD_LABELS,
  formatTime,
  RATING_LABELS,
} from '../../../api/cases';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import { useFeedback } from '../../feedback';
import { PageContainer } from '../../PageContainer';

const CLOCK_STATUS: Record<CaseClock['status'], [string, string]> = {
  not_started: ['未开始', 'default'],
  running: ['计时中', 'processing'],
  paused: ['已暂停（挂起）', 'warning'],
  met: ['按时完成', 'success'],
  breached: ['已超时', 'error'],
};

/** 工单详情: the record, its clocks with due times and breach flags, the timeline and the allowed actions. */
export default function CaseDetailPage() {
  const { id } = useParams();
  const { data, loading, error, reload } = useGet<CaseDetail>(`/cases/${id}`);
  const [action, setAction] = useState<CaseAction | null>(null);

  if (error) return <Alert type="error" showIcon message={error.userMessage} />;
  if (!data) return <Card loading={loading} />;
  return (
    <PageContainer
      title={`#${data.id} ${data.title}`}
      subTitle={
        <Space>
          <Tag color="blue">{data.stateLabel}</Tag>
          {data.overdue ? <Tag color="red">超期</Tag> : null}
          {data.supervisionLevel > 0 ? (
            <Tag color={data.escalated ? 'magenta' : 'orange'}>{data.supervisionLabel}</Tag>
          ) : null}
        </Space>
      }
      header={<Link to="/cases">← 返回工单台账</Link>}
      extra={
        <Space wrap>
          {data.actions.map((a) => (
            <Button
              key={a.action}
              type={a.action === 'sign' || a.action === 'reply' ? 'primary' : 'default'}
              onClick={() => setAction(a)}
            >
              {a.label}
            </Button>
          ))}
        </Space>
      }
    >
      <Card size="small" title="诉求内容" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label="分类">
            {data.categoryName}（{data.tierLabel}）
          </Descriptions.Item>
          <Descriptions.Item label="渠道">{data.channelLabel}</Descriptions.Item>
          <Descriptions.Item label="诉求人">
            {data.reporterName ?? '—'} {data.reporterPhone ?? ''}
          </Descriptions.Item>
          <Descriptions.Item label="所属区域">{data.orgName}</Descriptions.Item>
          <Descriptions.Item label="主办单位">{data.leadOrgName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="协办单位">
            {data.coUnits.map((c) => c.name).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label="地址">{data.address ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="提交时间">{formatTime(data.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="评价">{data.rating ? RATING_LABELS[data.rating] : '—'}</Descriptions.Item>
          <Descriptions.Item label="发回重办">{data.redoCount} 次</Descriptions.Item>
          <Descriptions.Item label="退单">{data.returnCount} 次</Descriptions.Item>
          <Descriptions.Item label="积分">
            {data.pointsAwarded ? `已记 ${data.pointsAwarded} 分` : '办结核实后记分'}
          </Descriptions.Item>
          {data.duplicateOf ? (
            <Descriptions.Item label="重复件">
              <Link to={`/cases/${data.duplicateOf}`}>合并至 #{data.duplicateOf}</Link>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8 }}>
          {data.description}
        </Typography.Paragraph>
        {data.publicReply ? <Alert type="success" message={`答复：${data.publicReply}`} /> : null}
        <Space wrap style={{ marginTop: 8 }}>
          {data.attachments.map((a) => (
            <a key={a.id} href={a.url} target="_blank" rel="noreferrer">
              <img src={a.url} alt={a.fileName} style={{ height: 96, borderRadius: 4 }} />
            </a>
          ))}
        </Space>
      </Card>
      <Card
        size="small"
        title="办理时限（工作时间 08:30–12:00、14:00–17:30，节假日与挂起期间不计）"
        style={{ marginBottom: 12 }}
      >
        <Table<CaseClock>
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={data.clocks}
          columns={[
            { title: '时限', dataIndex: 'label' },
            { title: '开始', dataIndex: 'startedAt', render: formatTime },
            { title: '到期', dataIndex: 'dueAt', render: formatTime },
            { title: '完成', dataIndex: 'stoppedAt', render: formatTime },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: CaseClock['status']) => <Tag color={CLOCK_STATUS[s][1]}>{CLOCK_STATUS[s][0]}</Tag>,
            },
          ]}
        />
      </Card>
      <Card size="small" title="办理过程">
        <Timeline
          items={data.events.map((e) => ({
            key: e.id,
            color:
              e.action === 'rate' && e.toState === 'in_progress'
                ? 'red'
                : e.toState === 'closed'
                  ? 'green'
                  : 'blue',
            children: (
              <div data-testid="case-event">
                <strong>{e.actionLabel}</strong> → {e.toStateLabel}
                <span style={{ color: '#888', marginLeft: 8 }}>
                  {formatTime(e.at)} · {e.actorName}
                </span>
                {e.comment ? <div>{e.comment}</div> : null}
                {e.payload?.rating ? <div>评价：{RATING_LABELS[String(e.payload.rating)]}</div> : null}
                {e.payload?.reply ? <div>答复：{String(e.payload.reply)}</div> : null}
              </div>
            ),
          }))}
        />
      </Card>
      {action ? (
        <ActionDialog
          caseId={data.id}
          action={action}
          onClose={(changed) => {
            setAction(null);
            if (changed) reload();
          }}
        />
      ) : null}
    </PageContainer>
  );
}

function ActionDialog({
  caseId,
  action,
  onClose,
}: {
  caseId: number;
  action: CaseAction;
  onClose: (changed: boolean) => void;
}) {
  const [form] = Form.useForm();
  const { message, showError } = useFeedback();
  const [busy, setBusy] = useState(false);
  const needs = new Set(action.requires);
  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      await api.post(`/cases/${caseId}/transitions`, { action: action.action, ...values });
      message.success(`已${action.label}`);
      onClose(true);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  const reasonRequired = needs.has('reason');
  return (
    <Modal
      open
      title={action.label}
      onCancel={() => onClose(false)}
      onOk={submit}
      confirmLoading={busy}
      okText="确定"
      cancelText="取消"
    >
      <Form form={form} layout="vertical">
        {needs.has('leadOrgId') ? (
          <Form.Item
            name="leadOrgId"
            label="主办单位（组织编号）"
            rules={[{ required: true, message: '请填写主办单位' }]}
          >
            <InputNumber min={1} style={{ width: '100%' }} />
          </Form.Item>
        ) : null}
        {needs.has('duplicateOf') ? (
          <Form.Item
            name="duplicateOf"
            label={FIELD_LABELS.duplicateOf}
            rules={[{ required: true, message: '请填写重复的工单编号' }]}
          >
            <InputNumber min={1} style={{ width: '100%' }} />
          </Form.Item>
        ) : null}
        {needs.has('days') ? (
          <Form.Item
            name="days"
            label={FIELD_LABELS.days}
            rules={[{ required: true, message: '请填写延期天数' }]}
          >
            <InputNumber min={1} max={60} style={{ width: '100%' }} />
          </Form.Item>
        ) : null}
        {needs.has('rating') ? (
          <Form.Item name="rating" label="回访评价" rules={[{ required: true, message: '请选择评价' }]}>
            <Radio.Group
              options={Object.entries(RATING_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
        ) : null}
        {needs.has('reply') ? (
          <Form.Item
            name="reply"
            label={FIELD_LABELS.reply}
            rules={[{ required: true, message: '请填写答复内容' }]}
          >
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
        ) : null}
        {needs.has('evidence') ? (
          <Form.Item
            name="evidence"
            label="办理凭证（现场照片、文书编号等说明）"
            rules={[{ required: true, message: '请填写办理凭证' }]}
          >
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        ) : null}
        <Form.Item
          name="comment"
          label={reasonRequired ? FIELD_LABELS.reason : '说明（可选）'}
          rules={reasonRequired ? [{ required: true, message: '请填写说明' }] : []}
        >
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
