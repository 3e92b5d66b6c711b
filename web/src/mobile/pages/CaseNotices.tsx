import { Badge, List } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { formatTime } from '../../api/cases';
import { useGet } from '../../api/hooks';

interface Notice {
  id: number;
  kind: string;
  title: string;
  body: string;
  caseId: number | null;
  policyPushId: number | null;
  createdAt: string;
  readAt: string | null;
}

/** The notices of one person: their cases answered, and policy pushes to their enterprise. */
const MINE = new Set(['answered', 'policy_push', 'policy_digest']);

/**
 * 我的 › 通知: the notices about my own cases (已答复) and my enterprise's policy pushes, newest first,
 * unread marked; opening one opens the case (which reads it) or the push's match on 政策匹配 (which
 * reads the push). Org-wide alerts (催办、督办) stay in the console's queues.
 */
export function CaseNotices() {
  const navigate = useNavigate();
  const { data } = useGet<{ items: Notice[]; unread: number }>('/notifications');
  const mine = (data?.items ?? []).filter((n) => MINE.has(n.kind)).slice(0, 5);
  if (mine.length === 0) return null;
  return (
    <List
      mode="card"
      header={
        <span data-testid="notices-header">
          通知{' '}
          {data?.unread ? (
            <Badge content={data.unread > 99 ? '99+' : data.unread} data-testid="notices-unread" />
          ) : null}
        </span>
      }
    >
      {mine.map((n) => (
        <List.Item
          key={n.id}
          data-testid="notice"
          onClick={() =>
            n.caseId
              ? navigate(`/cases/${n.caseId}`)
              : n.kind === 'policy_push'
                ? navigate(`/policies?push=${n.policyPushId}`)
                : n.kind === 'policy_digest'
                  ? navigate('/policies')
                  : undefined
          }
          description={`${formatTime(n.createdAt)} · ${n.body}`}
          extra={n.readAt ? null : <Badge content={Badge.dot} />}
        >
          {n.title}
        </List.Item>
      ))}
    </List>
  );
}
