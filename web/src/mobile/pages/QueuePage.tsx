import { Badge, DotLoading, ErrorBlock, List, NavBar, PullToRefresh, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { type CaseItem, formatTime } from '../../api/cases';
import { useGet } from '../../api/hooks';
import { useUser } from '../../components/auth';

/** 待办工单: the cases awaiting the caller's unit or grid (overdue first), the first screen of a handler. */
export default function QueuePage() {
  const navigate = useNavigate();
  const user = useUser();
  const { data, loading, error, reload } = useGet<{ items: CaseItem[]; total: number }>('/cases', {
    mine: 'todo',
    pageSize: 50,
  });
  const unread =
    useGet<{ unread: number }>('/me/reminders', { unread: 'true', pageSize: 1 }).data?.unread ?? 0;
  const grid = user.roles.some((r) => r.role === 'grid_worker');
  return (
    <div className="hlm-page">
      <NavBar
        back={null}
        right={
          <button type="button" className="hlm-link" onClick={() => navigate('/me')} aria-label="我的">
            我的
            {unread ? <Badge content={unread > 99 ? '99+' : unread} data-testid="unread" /> : null}
          </button>
        }
      >
        待办工单
      </NavBar>
      {grid ? (
        <List mode="card">
          <List.Item
            onClick={() => navigate('/report?channel=grid')}
            description="巡查中发现的问题，拍照上报"
          >
            网格上报
          </List.Item>
        </List>
      ) : null}
      <PullToRefresh onRefresh={async () => reload()}>
        {loading && !data ? (
          <div className="hlm-center">
            <DotLoading color="primary" />
          </div>
        ) : null}
        {error ? (
          <ErrorBlock status="default" title="待办工单加载失败" description={error.userMessage} />
        ) : null}
        {data && data.items.length === 0 ? (
          <ErrorBlock status="empty" title="没有待办的工单" description="新派给您的工单会出现在这里" />
        ) : null}
        {data?.items.length ? (
          <List header={`共 ${data.total} 件，超期的排在最前`} mode="card" data-testid="queue">
            {data.items.map((c) => (
              <List.Item
                key={c.id}
                onClick={() => {
                  window.location.href = `/cases/${c.id}`;
                }}
                description={`${c.categoryName} · ${formatTime(c.createdAt)}`}
                extra={
                  <>
                    {c.overdue ? <Tag color="danger">超期</Tag> : null}{' '}
                    <Tag color="primary">{c.stateLabel}</Tag>
                  </>
                }
              >
                {c.title}
              </List.Item>
            ))}
          </List>
        ) : null}
      </PullToRefresh>
    </div>
  );
}
