import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { DevelopmentDetail, DevelopmentDue, Id } from '../../../api/types';
import { type dayjs, EMPTY, todayInChina } from '../../../components/format';
import { useFeedback } from '../../feedback';
import { PageContainer } from '../../PageContainer';
import { DueTag, MemberSelect } from './shared';

const DECISION_LABELS: Record<string, { approved: string; rejected: string }> = {
  political_review: { approved: '合格', rejected: '不合格' },
  training: { approved: '结业', rejected: '未结业' },
  pre_review: { approved: '预审合格', rejected: '预审不合格' },
  branch_meeting: { approved: '通过', rejected: '未通过' },
  approval: { approved: '批准', rejected: '不批准' },
  conversion_meeting: { approved: '同意转正', rejected: '不同意转正' },
  conversion_approval: { approved: '批准转正', rejected: '取消预备党员资格' },
};

function decisionLabel(code: string, decision: 'approved' | 'rejected') {
  return DECISION_LABELS[code]?.[decision] ?? (decision === 'approved' ? '完成' : '不通过');
}

/** 发展党员记录: the steps so far, every time limit, the rule set in force, and the next step's form. */
export default function DevelopmentDetailPage() {
  const { id } = useParams();
  const record = useGet<DevelopmentDetail>(`/development/${id}`);

  if (record.loading && !record.data) {
    return (
      <div className="hl-center" style={{ padding: 80 }}>
        <Spin />
      </div>
    );
  }
  if (record.error || !record.data) {
    return <Result status="404" title="未找到该发展党员记录" subTitle={record.error?.userMessage} />;
  }
  const r = record.data;
  return (
    <PageContainer
      header={
        <Breadcrumb items={[{ title: <Link to="/development">发展党员</Link> }, { title: r.memberName }]} />
      }
      title={
        <Space>
          {r.memberName}
          <Tag color="red">{r.stageLabel}</Tag>
          {r.state === 'completed' ? <Tag color="success">已转为正式党员</Tag> : null}
          {r.state === 'terminated' ? <Tag>已终止</Tag> : null}
          {r.overdue ? <Tag color="error">有 {r.overdueCount} 项超期</Tag> : null}
        </Space>
      }
      subTitle={r.orgName}
    >
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <Card size="small" title="基本情况">
            <Descriptions size="small" column={2}>
              <Descriptions.Item label="姓名">{r.member.name}</Descriptions.Item>
              <Descriptions.Item label="性别">{r.member.gender === 'male' ? '男' : '女'}</Descriptions.Item>
              <Descriptions.Item label="出生日期">{r.member.birthDate}</Descriptions.Item>
              <Descriptions.Item label="公民身份号码">
                <span className="hl-code">{r.member.idNumber}</span>
              </Descriptions.Item>
              <Descriptions.Item label="手机号码">{r.member.phone ?? EMPTY}</Descriptions.Item>
              <Descriptions.Item label="所在党组织">{r.orgName}</Descriptions.Item>
              <Descriptions.Item label="审批党委">
                {r.approvingCommittee?.name ?? '上级没有党委，请先理顺隶属关系'}
              </Descriptions.Item>
              <Descriptions.Item label="递交申请">{r.appliedOn}</Descriptions.Item>
              <Descriptions.Item label="入党介绍人">
                {r.introducers.length ? r.introducers.map((i) => i.name).join('、') : EMPTY}
              </Descriptions.Item>
              <Descriptions.Item label="入党日期">{r.member.joinedOn ?? EMPTY}</Descriptions.Item>
              <Descriptions.Item label="预备期满">{r.probationEnd ?? EMPTY}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title="发展步骤" style={{ marginTop: 12 }}>
            <Timeline
              items={r.steps.map((s) => ({
                color: s.decision === 'rejected' ? 'red' : 'green',
                content: (
                  <div data-testid="development-step">
                    <Space wrap>
                      <Typography.Text strong>{s.label}</Typography.Text>
                      <span>{s.date}</span>
                      <Tag color={s.decision === 'rejected' ? 'error' : 'success'}>
                        {decisionLabel(s.code, s.decision)}
                      </Tag>
                      <Tag>{s.ruleSet}年版细则</Tag>
                    </Space>
                    <div className="hl-muted" style={{ fontSize: 12 }}>
                      {stepFacts(s.data)}
                      登记人：{s.decidedBy}
                      {s.note ? ` · ${s.note}` : ''}
                      {s.evidence ? (
                        <>
                          {' · '}
                          <a href={`/api/v1/development/files/${s.evidence.id}`}>
                            <PaperClipOutlined /> {s.evidence.name}
                          </a>
                        </>
                      ) : null}
                    </div>
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title="适用的规则">
            <Typography.Paragraph style={{ marginBottom: 4 }}>
              登记下一步骤适用：<Typography.Text strong>{r.ruleSetInForce.title}</Typography.Text>
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>
              {r.ruleSetInForce.effectiveFrom} 起施行。{r.ruleSetInForce.note}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
              每个步骤按其日期适用当时施行的版本；期限按起算之日施行的版本计算。条款号标注"待核实"的，来自公开转载，尚未与正式文本核对。
            </Typography.Paragraph>
          </Card>
          <Card size="small" title="期限" style={{ marginTop: 12 }}>
            <DueTable items={r.dueDates} />
          </Card>
          {r.nextSteps.length > 0 ? (
            <Card size="small" title="登记下一步骤" style={{ marginTop: 12 }}>
              <StepForm record={r} onDone={record.reload} />
            </Card>
          ) : null}
        </Col>
      </Row>
    </PageContainer>
  );
}

function stepFacts(data: Record<string, unknown> | null): string {
  if (!data) return '';
  const parts: string[] = [];
  const vote = data.vote as
    | { voting: number; present: number; yes: number; no: number; abstain: number }
    | undefined;
  if (vote)
    parts.push(
      `应到${vote.voting}人，实到${vote.present}人，赞成${vote.yes}、反对${vote.no}、弃权${vote.abstain}`,
    );
  if (data.noticeFrom) parts.push(`公示 ${String(data.noticeFrom)} 至 ${String(data.noticeTo ?? '')}`);
  if (data.trainingDays || data.trainingHours)
    parts.push(`培训 ${Number(data.trainingDays ?? 0)} 天 / ${Number(data.trainingHours ?? 0)} 学时`);
  if (data.extensionMonths) parts.push(`延长 ${Number(data.extensionMonths)} 个月`);
  if (data.special) parts.push('特殊情况延长审批');
  return parts.length ? `${parts.join('；')} · ` : '';
}

function DueTable({ items }: { items: DevelopmentDue[] }) {
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无期限" />;
  return (
    <Table<DevelopmentDue>
      size="small"
      pagination={false}
      rowKey={(d) => `${d.step}:${d.from}:${d.kind}`}
      dataSource={items}
      rowClassName={(d) => (d.status === 'overdue' ? 'hl-row-overdue' : '')}
      columns={[
        { title: '事项', dataIndex: 'label' },
        {
          title: '期限',
          dataIndex: 'date',
          width: 130,
          render: (date: string, d) => (
            <Typography.Text type={d.status === 'overdue' ? 'danger' : undefined}>
              {d.kind === 'deadline' ? `${date} 前` : `${date} 起`}
            </Typography.Text>
          ),
        },
        { title: '依据', dataIndex: 'rule', width: 56 },
        { title: '状态', dataIndex: 'status', width: 100, render: (_: string, d) => <DueTag due={d} /> },
      ]}
    />
  );
}

interface StepValues {
  code: string;
  date: dayjs.Dayjs;
  decision: 'approved' | 'rejected';
  note?: string;
  introducerIds?: Id[];
  voting?: number;
  present?: number;
  yes?: number;
  no?: number;
  abstain?: number;
  noticeRange?: [dayjs.Dayjs, dayjs.Dayjs];
  trainingDays?: number;
  trainingHours?: number;
  special?: boolean;
  extensionMonths?: number;
}

function StepForm({ record, onDone }: { record: DevelopmentDetail; onDone: () => void }) {
  const [form] = Form.useForm<StepValues>();
  const code = Form.useWatch('code', form) ?? record.nextSteps[0]?.code;
  const [saving, setSaving] = useState(false);
  const [refusals, setRefusals] = useState<string[]>();
  const [evidence, setEvidence] = useState<{ id: Id; name: string }>();
  const { message, showError } = useFeedback();
  const meeting = code === 'branch_meeting' || code === 'conversion_meeting';

  const upload = async (file: File) => {
    const buffer = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let i = 0; i < buffer.length; i += 0x8000)
      binary += String.fromCharCode(...buffer.subarray(i, i + 0x8000));
    try {
      const saved = await api.post<{ id: Id; name: string }>(`/development/${record.id}/files`, {
        fileName: file.name,
        contentType: file.type || 'application/octet-stream',
        contentBase64: btoa(binary),
      });
      setEvidence(saved);
      message.success(`已上传：${saved.name}`);
    } catch (err) {
      showError(err);
    }
    return false;
  };

  const submit = async (v: StepValues) => {
    setSaving(true);
    setRefusals(undefined);
    try {
      const data: Record<string, unknown> = {};
      if (v.noticeRange) {
        data.noticeFrom = v.noticeRange[0].format('YYYY-MM-DD');
        data.noticeTo = v.noticeRange[1].format('YYYY-MM-DD');
      }
      if (v.trainingDays !== undefined && v.trainingDays !== null) data.trainingDays = v.trainingDays;
      if (v.trainingHours !== undefined && v.trainingHours !== null) data.trainingHours = v.trainingHours;
      if (v.special) data.special = true;
      if (v.extensionMonths) data.extensionMonths = v.extensionMonths;
      await api.post(`/development/${record.id}/steps`, {
        code: v.code,
        date: v.date.format('YYYY-MM-DD'),
        decision: v.decision,
        note: v.note?.trim() || undefined,
        evidenceFileId: evidence?.id,
        introducerIds: v.code === 'introducers' ? v.introducerIds : undefined,
        vote: meeting
          ? {
              voting: v.voting ?? undefined,
              present: v.present ?? 0,
              yes: v.yes ?? 0,
              no: v.no ?? 0,
              abstain: v.abstain ?? 0,
            }
          : undefined,
        data: Object.keys(data).length ? data : undefined,
      });
      message.success('已登记');
      form.resetFields();
      setEvidence(undefined);
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'development.rule') {
        setRefusals(err.fieldErrors.map((e) => `【${e.code.replace('rule.', '')}】${e.message}`));
      } else {
        showError(err, form);
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<StepValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ code: record.nextSteps[0]?.code, date: todayInChina(), decision: 'approved' }}
    >
      {refusals ? (
        <Alert
          type="error"
          showIcon
          title="不符合发展党员工作规定，未登记"
          description={
            <ul style={{ paddingLeft: 16, margin: 0 }} data-testid="development-refusal">
              {refusals.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          }
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Form.Item name="code" label="步骤" rules={[{ required: true, message: '请选择步骤' }]}>
        <Select
          options={record.nextSteps.map((s) => ({
            value: s.code,
            label: `${s.label}（${s.rule}${s.by === 'committee' ? '，上级党委' : ''}）`,
          }))}
        />
      </Form.Item>
      <Space wrap>
        <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker disabledDate={(d) => d.isAfter(todayInChina(), 'day')} />
        </Form.Item>
        <Form.Item name="decision" label="结果">
          <Radio.Group
            options={[
              { value: 'approved', label: decisionLabel(code ?? '', 'approved') },
              { value: 'rejected', label: decisionLabel(code ?? '', 'rejected') },
            ]}
          />
        </Form.Item>
      </Space>
      {code === 'introducers' ? (
        <Form.Item
          name="introducerIds"
          label="入党介绍人"
          rules={[{ required: true, message: '请选择两名正式党员' }]}
          extra="两名正式党员；受留党察看处分、尚未恢复党员权利的不能作介绍人"
        >
          <MemberSelect mode="multiple" stage="full" />
        </Form.Item>
      ) : null}
      {meeting ? (
        <Space wrap>
          <Form.Item name="voting" label="应到（有表决权）" extra="不填则按本支部正式党员数">
            <InputNumber min={0} precision={0} />
          </Form.Item>
          <Form.Item name="present" label="实到" rules={[{ required: true, message: '请填写实到人数' }]}>
            <InputNumber min={0} precision={0} />
          </Form.Item>
          <Form.Item name="yes" label="赞成" rules={[{ required: true, message: '请填写赞成票数' }]}>
            <InputNumber min={0} precision={0} />
          </Form.Item>
          <Form.Item name="no" label="反对">
            <InputNumber min={0} precision={0} />
          </Form.Item>
          <Form.Item name="abstain" label="弃权">
            <InputNumber min={0} precision={0} />
          </Form.Item>
        </Space>
      ) : null}
      {code === 'notice' ? (
        <Form.Item
          name="noticeRange"
          label="公示期"
          rules={[{ required: true, message: '请选择公示起止日期' }]}
          extra="不少于5个工作日，按法定节假日和调休计算"
        >
          <DatePicker.RangePicker />
        </Form.Item>
      ) : null}
      {code === 'training' ? (
        <Space wrap>
          <Form.Item name="trainingDays" label="培训天数">
            <InputNumber min={0} max={365} />
          </Form.Item>
          <Form.Item name="trainingHours" label="培训学时" extra="不少于3天或不少于24学时">
            <InputNumber min={0} max={2000} />
          </Form.Item>
        </Space>
      ) : null}
      {code === 'approval' ? (
        <Form.Item name="special" valuePropName="checked">
          <Checkbox>特殊情况（审批时间最长6个月）</Checkbox>
        </Form.Item>
      ) : null}
      {code === 'extension' ? (
        <Form.Item
          name="extensionMonths"
          label="延长月数"
          rules={[{ required: true, message: '请填写延长月数' }]}
          extra="6至12个月，只能延长一次"
        >
          <InputNumber min={1} max={24} precision={0} />
        </Form.Item>
      ) : null}
      <Form.Item name="note" label="说明">
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
      <Form.Item label="材料">
        <Space>
          <Upload beforeUpload={upload} showUploadList={false} maxCount={1}>
            <Button icon={<UploadOutlined />}>上传材料</Button>
          </Upload>
          {evidence ? (
            <span>{evidence.name}</span>
          ) : (
            <span className="hl-muted">谈话记录、会议记录、审批表等（1.5 MB 以内）</span>
          )}
        </Space>
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={saving}>
        登记
      </Button>
    </Form>
  );
}
