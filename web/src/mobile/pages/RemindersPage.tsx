import {
  Badge,
  Button,
  CapsuleTabs,
  Card,
  DotLoading,
  ErrorBlock,
  List,
  NavBar,
  Steps,
  Tag,
  TextArea,
  Toast,
} from 'antd-mobile';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, errorMessage } from '../../api/client';
import { useGet } from '../../api/hooks';
import { EMPTY, formatDateTime } from '../../components/format';
import type { FindingDetail, ReminderItem } from '../../console/pages/compliance/types';

const KIND_COLORS: Record<string, string> = { remind: 'primary', warn: 'warning', escalate: 'danger' };

/** The message without its leading "依据《…》第X条：" (the citation has a line of its own). */
const withoutCitation = (body: string) => body.replace(/依据《[^：]*：/, '');

interface Inbox {
  items: ReminderItem[];
  total: number;
  unread: number;
}

/**
 * 我的提醒 (phone): the in-app messages the compliance engine sends a secretary or the org above —
 * each with its rule, why it fired and since when; open ones first, tap to see the finding.
 */
export default function RemindersPage() {
  const navigate = useNavigate();
  const [tab, setTab] = useState<'open' | 'all'>('open');
  const { data, loading, error } = useGet<Inbox>('/me/reminders', {
    open: tab === 'open' ? 'true' : undefined,
    pageSize: 50,
  });
  const open = (r: ReminderItem) => {
    if (!r.readAt) void api.post(`/me/reminders/${r.id}/read`).catch(() => undefined);
    navigate(`/findings/${r.findingId}`);
  };
  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/')}>我的提醒</NavBar>
      <CapsuleTabs activeKey={tab} onChange={(k) => setTab(k as 'open' | 'all')}>
        <CapsuleTabs.Tab title="待整改" key="open" />
        <CapsuleTabs.Tab title="全部" key="all" />
      </CapsuleTabs>
      {data ? (
        <div className="hlm-hint" data-testid="reminders-summary">
          共 {data.total} 条{data.unread ? `，未读 ${data.unread} 条` : ''}
        </div>
      ) : null}
      {loading && !data ? (
        <div className="hlm-center">
          <DotLoading color="primary" />
          <span>加载中</span>
        </div>
      ) : error ? (
        <ErrorBlock status="default" title="加载失败" description={error.userMessage} />
      ) : data && data.items.length === 0 ? (
        <ErrorBlock
          status="empty"
          title={tab === 'open' ? '没有待整改的提醒' : '还没有提醒'}
          description="合规检查发现本组织的问题时，会提醒支部书记和党务工作者；超期未整改的，提醒上级党组织督办"
        />
      ) : (
        <List mode="card" data-testid="reminders">
          {data?.items.map((r) => (
            <List.Item
              key={r.id}
              onClick={() => open(r)}
              className="hlm-reminder"
              prefix={r.readAt ? null : <Badge content={Badge.dot} />}
              description={
                <div className="hlm-reminder-meta">
                  <div className="hlm-reminder-body">{withoutCitation(r.body)}</div>
                  <div>
                    {r.finding.since ? `自 ${r.finding.since} 起` : ''}
                    {r.finding.why ? `${r.finding.since ? ' · ' : ''}${r.finding.why}` : ''}
                  </div>
                  <div className="hlm-reminder-rule">{r.finding.rule.citation}</div>
                </div>
              }
              extra={
                <Tag
                  color={r.finding.status === 'open' ? 'danger' : 'success'}
                  fill="outline"
                  data-testid="reminder-status"
                >
                  {r.finding.statusLabel}
                </Tag>
              }
            >
              <Tag color={KIND_COLORS[r.kind] ?? 'default'} className="hlm-reminder-kind">
                {r.kindLabel}
              </Tag>
              {r.finding.rule.name}
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}

/** One finding opened from a reminder: what the rule says, why it fired, since when, who acts, what happened. */
export function FindingPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const { data, error, reload } = useGet<FindingDetail>(`/compliance/findings/${id}`);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const back = () => navigate('/reminders');
  if (error)
    return (
      <div className="hlm-page">
        <NavBar onBack={back}>问题详情</NavBar>
        <ErrorBlock status="empty" title="无法查看该问题" description={error.userMessage} />
      </div>
    );
  if (!data)
    return (
      <div className="hlm-page">
        <NavBar onBack={back}>问题详情</NavBar>
        <div className="hlm-center">
          <DotLoading color="primary" />
          <span>加载中</span>
        </div>
      </div>
    );
  const send = async () => {
    setBusy(true);
    try {
      await api.post(`/compliance/findings/${data.id}/comments`, { body: note });
      Toast.show({ icon: 'success', content: '已提交整改说明' });
      setNote('');
      reload();
    } catch (e) {
      Toast.show({ icon: 'fail', content: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="hlm-page">
      <NavBar onBack={back}>问题详情</NavBar>
      <Card title={data.rule.name} className="hlm-card" data-testid="finding">
        <div className="hlm-tags">
          <Tag color={data.status === 'open' ? 'danger' : 'success'}>{data.statusLabel}</Tag>
          <Tag color={data.severity === 'finding' ? 'danger' : 'warning'} fill="outline">
            {data.severityLabel}
          </Tag>
          {data.escalationLevel > 0 && data.supervisingOrg ? (
            <Tag color="warning">{data.supervisingOrg.name}督办</Tag>
          ) : null}
        </div>
        <p className="hlm-finding-message">{data.message}</p>
      </Card>
      <List mode="card">
        <List.Item description={data.rule.citation}>依据</List.Item>
        <List.Item description={data.ruleDescription}>规则说明</List.Item>
        <List.Item extra={data.why ?? EMPTY}>原因</List.Item>
        <List.Item extra={data.since ?? EMPTY}>起始日期</List.Item>
        <List.Item extra={data.orgName}>责任组织</List.Item>
        {data.subjectName && data.subjectName !== data.orgName ? (
          <List.Item extra={data.subjectName}>涉及</List.Item>
        ) : null}
        <List.Item extra={data.mustAct.map((m) => m.name).join('、') || EMPTY}>提醒对象</List.Item>
        {data.deadline ? <List.Item extra={data.deadline}>整改期限</List.Item> : null}
      </List>
      <Card title="办理记录" className="hlm-card">
        <Steps direction="vertical" current={data.events.length - 1}>
          {data.events.map((e) => (
            <Steps.Step
              key={e.id}
              title={`${e.kindLabel} · ${e.actorName}`}
              description={`${formatDateTime(e.at)}${e.body ? ` · ${e.body}` : ''}`}
            />
          ))}
        </Steps>
      </Card>
      {data.actions.includes('comment') ? (
        <Card title="整改说明" className="hlm-card">
          <TextArea
            placeholder="说明整改情况或安排，上级督办时可见"
            value={note}
            onChange={setNote}
            rows={3}
          />
          <Button
            block
            color="primary"
            disabled={busy || note.trim() === ''}
            onClick={send}
            style={{ marginTop: 8 }}
          >
            提交
          </Button>
        </Card>
      ) : null}
    </div>
  );
}
