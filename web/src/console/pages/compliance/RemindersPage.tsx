import { Badge, Button, List, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import { formatDateTime } from '../../../components/format';
import { useFeedback } from '../../feedback';
import { PageContainer } from '../../PageContainer';
import type { ReminderItem } from './types';

/** 我的提醒: the in-app inbox of compliance reminders, warnings and escalations (督办). */
export default function RemindersPage() {
  const { showError } = useFeedback();
  const [unread, setUnread] = useState(true);
  const [page, setPage] = useState(1);
  const { data, loading, reload } = useGet<{ items: ReminderItem[]; total: number; unread: number }>(
    '/me/reminders',
    {
      unread: unread ? 'true' : undefined,
      page,
      pageSize: 20,
    },
  );
  const read = async (id: ReminderItem['id'] | 'all') => {
    try {
      await api.post(id === 'all' ? '/me/reminders/read-all' : `/me/reminders/${id}/read`);
      reload();
    } catch (err) {
      showError(err);
    }
  };
  return (
    <PageContainer
      title="我的提醒"
      subTitle={<Badge count={data?.unread ?? 0} overflowCount={999} />}
      extra={
        <Space>
          <Segmented
            value={unread ? 'unread' : 'all'}
            onChange={(v) => {
              setUnread(v === 'unread');
              setPage(1);
            }}
            options={[
              { value: 'unread', label: '未读' },
              { value: 'all', label: '全部' },
            ]}
          />
          <Button onClick={() => read('all')} disabled={!data?.unread}>
            全部标为已读
          </Button>
        </Space>
      }
    >
      <List
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: unread ? '没有未读提醒' : '还没有提醒' }}
        pagination={{
          current: page,
          pageSize: 20,
          total: data?.total ?? 0,
          onChange: setPage,
          hideOnSinglePage: true,
        }}
        renderItem={(r) => (
          <List.Item
            className={r.readAt ? 'hl-muted' : undefined}
            actions={[
              <Link
                key="open"
                to={`/compliance/findings/${r.findingId}`}
                onClick={() => !r.readAt && void read(r.id)}
              >
                查看问题
              </Link>,
              r.readAt ? null : (
                <Button key="read" type="link" size="small" onClick={() => read(r.id)}>
                  标为已读
                </Button>
              ),
            ]}
          >
            <List.Item.Meta
              title={
                <Space>
                  <Tag color={r.kind === 'escalate' ? 'volcano' : r.kind === 'warn' ? 'warning' : 'red'}>
                    {r.kindLabel}
                  </Tag>
                  <Typography.Text strong={!r.readAt}>{r.title}</Typography.Text>
                </Space>
              }
              description={
                <>
                  <div>{r.body}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(r.createdAt)}
                    {r.deliveredAt
                      ? ' · 已推送'
                      : r.deliverAfter
                        ? ` · 22:00–08:00 免打扰，推送时间 ${formatDateTime(r.deliverAfter)}`
                        : ''}
                  </Typography.Text>
                </>
              }
            />
          </List.Item>
        )}
      />
    </PageContainer>
  );
}
