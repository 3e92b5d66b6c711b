import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Result,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import { formatDate, formatDateTime } from '../../../components/format';
import { useFeedback, validValues } from '../../feedback';
import { PageContainer } from '../../PageContainer';
import { SeverityTag } from './CompliancePage';
import type { FindingDetail } from './types';

type Action = 'comment' | 'deadline' | 'escalate' | 'resolve';
const ACTIONS: Record<Action, { label: string; path: string; field: string; placeholder: string }> = {
  comment: { label: '督办意见', path: 'comments', field: 'body', placeholder: '填写督办意见或整改说明' },
  deadline: { label: '限期整改', path: 'deadline', field: 'body', placeholder: '说明（可不填）' },
  escalate: { label: '提级督办', path: 'escalate', field: 'body', placeholder: '提级的理由' },
  resolve: { label: '人工销号', path: 'resolve', field: 'body', placeholder: '销号说明，如：经核实已整改' },
};

/** One finding: its rule and citation, why and since when, who must act, and the supervision record. */
export default function FindingDetailPage() {
  const { id } = useParams();
  const { message, showError } = useFeedback();
  const { data, loading, error, reload } = useGet<FindingDetail>(`/compliance/findings/${id}`);
  const [action, setAction] = useState<Action | null>(null);
  const [form] = Form.useForm();

  if (loading && !data) return <Spin />;
  if (error || !data)
    return (
      <Result
        status="404"
        title="未找到该问题"
        subTitle={error?.message}
        extra={<Link to="/compliance">返回合规监测</Link>}
      />
    );

  const submit = async () => {
    if (!action) return;
    const values = await validValues(form);
    if (!values) return;
    try {
      await api.post(`/compliance/findings/${data.id}/${ACTIONS[action].path}`, {
        ...values,
        ...(values.deadline ? { deadline: values.deadline.format('YYYY-MM-DD') } : {}),
      });
      message.success(`${ACTIONS[action].label}已保存`);
      setAction(null);
      form.resetFields();
      reload();
    } catch (err) {
      showError(err, form);
    }
  };

  return (
    <PageContainer
      title={`${data.rule.code} ${data.rule.name}`}
      subTitle={<SeverityTag f={data} />}
      header={<Link to={`/compliance?org=${data.orgId}`}>← 合规监测</Link>}
      extra={
        <Space>
          {data.actions.map((a) => (
            <Button
              key={a}
              type={a === 'escalate' ? 'primary' : 'default'}
              danger={a === 'escalate'}
              onClick={() => setAction(a as Action)}
            >
              {ACTIONS[a as Action]?.label ?? a}
            </Button>
          ))}
        </Space>
      }
    >
      <Alert
        type={data.status === 'open' ? 'error' : 'success'}
        showIcon
        message={data.message}
        style={{ marginBottom: 12 }}
      />
      <Card size="small" title="问题">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'rule', label: '依据', children: data.rule.citation },
            { key: 'desc', label: '规则', children: data.ruleDescription },
            { key: 'why', label: '原因', children: data.why ?? '—' },
            { key: 'since', label: '起始日期', children: formatDate(data.since) },
            { key: 'org', label: '党组织', children: data.orgName },
            { key: 'subject', label: '对象', children: data.subjectName ?? '—' },
            { key: 'opened', label: '发现时间', children: formatDateTime(data.openedAt) },
            { key: 'seen', label: '最近一次确认', children: formatDateTime(data.lastSeenAt) },
            {
              key: 'deadline',
              label: '整改期限',
              children: data.deadline ? formatDate(data.deadline) : '未设',
            },
            {
              key: 'sup',
              label: '督办',
              children: data.supervisingOrg
                ? `${data.escalationLevel} 级：${data.supervisingOrg.name}`
                : '尚未提级',
            },
            {
              key: 'must',
              label: '责任人（已提醒）',
              span: 2,
              children: data.mustAct.length ? (
                <Space wrap>
                  {data.mustAct.map((m) => (
                    <Tag
                      key={`${m.userId}-${m.kind}-${m.level}`}
                      color={m.kind === 'escalate' ? 'volcano' : 'blue'}
                    >
                      {m.name}
                      {m.orgName ? `（${m.orgName}）` : ''}
                      {m.kind === 'escalate' ? ' · 督办' : ''}
                    </Tag>
                  ))}
                </Space>
              ) : (
                '—'
              ),
            },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
          系统只提示问题，不作任何处理决定；数据整改后，下一次检查会自动销号。
        </Typography.Paragraph>
      </Card>
      <Card size="small" title="督办记录" style={{ marginTop: 12 }}>
        <Timeline
          items={data.events.map((e) => ({
            key: e.id,
            color:
              e.kind === 'resolved'
                ? 'green'
                : e.kind === 'escalated'
                  ? 'red'
                  : e.kind === 'opened'
                    ? 'orange'
                    : 'blue',
            children: (
              <div>
                <Typography.Text strong>{e.kindLabel}</Typography.Text>
                <Typography.Text type="secondary">
                  {' '}
                  · {e.actorName} · {formatDateTime(e.at)}
                </Typography.Text>
                <div>{e.body}</div>
              </div>
            ),
          }))}
        />
      </Card>
      <Modal
        title={action ? ACTIONS[action].label : ''}
        open={action !== null}
        onOk={submit}
        onCancel={() => setAction(null)}
        okText="提交"
      >
        <Form form={form} layout="vertical">
          {action === 'deadline' ? (
            <Form.Item
              name="deadline"
              label="整改期限"
              rules={[{ required: true, message: '请选择整改期限' }]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          ) : null}
          <Form.Item
            name="body"
            label={action === 'deadline' ? '说明' : '内容'}
            rules={action === 'deadline' ? [] : [{ required: true, message: '请填写内容' }]}
          >
            <Input.TextArea
              rows={4}
              maxLength={2000}
              placeholder={action ? ACTIONS[action].placeholder : ''}
            />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
