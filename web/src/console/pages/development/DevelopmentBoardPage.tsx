import { ExclamationCircleFilled, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Badge,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { DevelopmentBoard, DevelopmentDetail, DevelopmentItem, Id } from '../../../api/types';
import { useAuth } from '../../../components/auth';
import { type dayjs, todayInChina } from '../../../components/format';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { useFeedback } from '../../feedback';
import { PageContainer } from '../../PageContainer';
import { dueText, MemberSelect, STAGE_COLUMNS } from './shared';

/** 发展党员: the pipeline as a board, one column per stage, overdue time limits in red. */
export default function DevelopmentBoardPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const [orgId, setOrgId] = useState<Id>();
  const [q, setQ] = useState('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [state, setState] = useState<'active' | 'completed'>('active');
  const [starting, setStarting] = useState(false);
  const board = useGet<DevelopmentBoard>('/development', {
    orgId,
    q,
    state,
    overdue: overdueOnly ? 'true' : undefined,
  });
  const items = board.data?.items ?? [];
  const overdueTotal = items.filter((i) => i.overdue).length;

  return (
    <PageContainer
      title="发展党员"
      subTitle="入党申请人 → 入党积极分子 → 发展对象 → 预备党员 → 正式党员，按《中国共产党发展党员工作细则》计算每个期限"
      extra={
        can('development.manage') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setStarting(true)}>
            登记入党申请
          </Button>
        ) : null
      }
    >
      <Card size="small" style={{ marginBottom: 12 }}>
        <div className="hl-toolbar">
          <OrgTreeSelect value={orgId} onChange={setOrgId} placeholder="全部党组织" style={{ width: 320 }} />
          <Input.Search
            allowClear
            placeholder="姓名"
            aria-label="按姓名搜索"
            style={{ width: 200 }}
            onSearch={(v) => setQ(v.trim())}
          />
          <Radio.Group
            value={state}
            onChange={(e) => setState(e.target.value)}
            optionType="button"
            options={[
              { value: 'active', label: '进行中' },
              { value: 'completed', label: '已转正' },
            ]}
          />
          <Space>
            <Switch checked={overdueOnly} onChange={setOverdueOnly} aria-label="只看超期" />
            <span>只看有超期事项的</span>
          </Space>
          <span className="hl-toolbar-spacer" />
          {overdueTotal > 0 ? (
            <Typography.Text type="danger">
              <ExclamationCircleFilled /> {overdueTotal} 人有超期事项
            </Typography.Text>
          ) : null}
        </div>
      </Card>
      {board.error ? (
        <Alert type="error" showIcon title={board.error.userMessage} style={{ marginBottom: 12 }} />
      ) : null}
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(5, minmax(200px, 1fr))',
          gap: 12,
          overflowX: 'auto',
        }}
        data-testid="development-board"
      >
        {STAGE_COLUMNS.map((col) => {
          const cards = items.filter((i) => i.stage === col.stage);
          return (
            <Card
              key={col.stage}
              size="small"
              loading={board.loading}
              title={
                <Space>
                  <span
                    style={{
                      width: 8,
                      height: 8,
                      borderRadius: 4,
                      background: col.color,
                      display: 'inline-block',
                    }}
                  />
                  {col.label}
                  <Badge count={cards.length} showZero color="#bfbfbf" />
                </Space>
              }
              styles={{ body: { padding: 8, minHeight: 240, background: '#fafafa' } }}
            >
              {cards.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无" />
              ) : (
                <Space orientation="vertical" style={{ width: '100%' }} size={8}>
                  {cards.map((item) => (
                    <RecordCard
                      key={item.id}
                      item={item}
                      onOpen={() => navigate(`/development/${item.id}`)}
                    />
                  ))}
                </Space>
              )}
            </Card>
          );
        })}
      </div>
      {starting ? (
        <StartModal
          onClose={() => setStarting(false)}
          onDone={(id) => {
            setStarting(false);
            navigate(`/development/${id}`);
          }}
        />
      ) : null}
    </PageContainer>
  );
}

function RecordCard({ item, onOpen }: { item: DevelopmentItem; onOpen: () => void }) {
  const due = item.nextDue;
  return (
    <Card
      size="small"
      hoverable
      onClick={onOpen}
      data-testid="development-card"
      style={item.overdue ? { borderColor: '#ff4d4f', boxShadow: 'inset 3px 0 0 #ff4d4f' } : undefined}
    >
      <Space orientation="vertical" size={2} style={{ width: '100%' }}>
        <Space style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Text strong>{item.memberName}</Typography.Text>
          {item.overdue ? <Tag color="error">超期 {item.overdueCount}</Tag> : null}
        </Space>
        <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
          {item.orgName}
        </Typography.Text>
        <Typography.Text style={{ fontSize: 12 }}>
          申请：{item.appliedOn}
          {item.lastStep ? ` · ${item.lastStep.label} ${item.lastStep.date}` : ''}
        </Typography.Text>
        {due ? (
          <Typography.Text style={{ fontSize: 12 }} type={due.status === 'overdue' ? 'danger' : undefined}>
            {due.status === 'overdue' ? '已超期：' : '下一期限：'}
            {dueText(due)}
          </Typography.Text>
        ) : null}
      </Space>
    </Card>
  );
}

interface StartValues {
  who: 'new' | 'existing';
  memberId?: Id;
  orgId?: Id;
  name?: string;
  idNumber?: string;
  phone?: string;
  appliedOn: dayjs.Dayjs;
  note?: string;
}

function StartModal({ onClose, onDone }: { onClose: () => void; onDone: (id: Id) => void }) {
  const [form] = Form.useForm<StartValues>();
  const who = Form.useWatch('who', form) ?? 'new';
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<string[]>();
  const { message, showError } = useFeedback();

  const submit = async (v: StartValues) => {
    setSaving(true);
    setRefusal(undefined);
    try {
      const body =
        v.who === 'existing'
          ? { memberId: v.memberId, appliedOn: v.appliedOn.format('YYYY-MM-DD'), note: v.note || undefined }
          : {
              appliedOn: v.appliedOn.format('YYYY-MM-DD'),
              note: v.note || undefined,
              applicant: {
                orgId: v.orgId,
                name: v.name?.trim(),
                idNumber: v.idNumber?.trim().toUpperCase(),
                phone: v.phone?.trim() || undefined,
              },
            };
      const created = await api.post<DevelopmentDetail>('/development', body);
      message.success('已登记入党申请');
      onDone(created.id);
    } catch (err) {
      const problem = (err as { problem?: { code?: string; errors?: Array<{ message: string }> } }).problem;
      if (problem?.code === 'development.rule') setRefusal(problem.errors?.map((e) => e.message));
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title="登记入党申请"
      okText="登记"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={560}
    >
      {refusal ? (
        <Alert
          type="error"
          showIcon
          title="不符合发展党员工作规定"
          description={refusal.join('；')}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Form<StartValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ who: 'new', appliedOn: todayInChina() }}
      >
        <Form.Item name="who" label="申请人">
          <Radio.Group
            options={[
              { value: 'new', label: '新申请人' },
              { value: 'existing', label: '已登记的人员' },
            ]}
          />
        </Form.Item>
        {who === 'existing' ? (
          <Form.Item name="memberId" label="人员" rules={[{ required: true, message: '请选择人员' }]}>
            <MemberSelect stage="applicant" />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="orgId" label="所在党支部" rules={[{ required: true, message: '请选择党支部' }]}>
              <OrgTreeSelect />
            </Form.Item>
            <Form.Item
              name="name"
              label="姓名"
              rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}
            >
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item
              name="idNumber"
              label="公民身份号码"
              rules={[{ required: true, message: '请输入公民身份号码' }]}
              extra="出生日期和性别从身份证号码读取；申请之日须年满18周岁"
            >
              <Input maxLength={18} className="hl-code" />
            </Form.Item>
            <Form.Item name="phone" label="手机号码">
              <Input maxLength={11} />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="appliedOn"
          label="递交入党申请书日期"
          rules={[{ required: true, message: '请选择日期' }]}
        >
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(todayInChina(), 'day')} />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
