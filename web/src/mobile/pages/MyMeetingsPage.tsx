import { DotLoading, ErrorBlock, List, NavBar, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { useGet } from '../../api/hooks';
import type { AttendanceStatus, MyMeeting, MyMeetings } from '../../api/orglife';
import { formatDate } from '../../components/format';

const STATUS_COLOR: Record<AttendanceStatus, 'success' | 'warning' | 'danger'> = {
  present: 'success',
  excused: 'warning',
  absent: 'danger',
};

function describe(m: MyMeeting): string {
  return [m.kindLabel, m.location ? `地点：${m.location}` : null, m.lecturer ? `授课：${m.lecturer}` : null]
    .filter(Boolean)
    .join(' · ');
}

/** 我的组织生活: the branch's coming meetings, the member's own attendance and the meetings missed this year. */
export default function MyMeetingsPage() {
  const navigate = useNavigate();
  const mine = useGet<MyMeetings>('/me/meetings');
  const d = mine.data;
  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/')} backIcon backArrow>
        我的组织生活
      </NavBar>
      {mine.loading && !d ? (
        <div className="hlm-center">
          <DotLoading color="primary" />
          <span>加载中</span>
        </div>
      ) : mine.error ? (
        <ErrorBlock
          status="empty"
          title={mine.error.status === 404 ? '暂无党员档案' : '加载失败'}
          description={mine.error.userMessage}
        />
      ) : d ? (
        <>
          <List header={`${d.year}年出勤`} mode="card" data-testid="my-meetings-summary">
            <List.Item extra={`${d.thisYear.held} 次`}>已召开的会议</List.Item>
            <List.Item extra={`${d.thisYear.present} 次`}>出席</List.Item>
            <List.Item extra={`${d.thisYear.excused} 次`}>请假</List.Item>
            <List.Item
              extra={
                <span style={d.thisYear.absent > 0 ? { color: 'var(--adm-color-danger)' } : undefined}>
                  {d.thisYear.absent} 次
                </span>
              }
            >
              缺席
            </List.Item>
          </List>
          <List header="即将召开" mode="card" data-testid="my-meetings-upcoming">
            {d.upcoming.length === 0 ? (
              <List.Item>
                <span className="hlm-muted">近期没有计划召开的会议</span>
              </List.Item>
            ) : (
              d.upcoming.map((m) => (
                <List.Item key={m.id} description={describe(m)} extra={formatDate(m.date)}>
                  {m.title}
                </List.Item>
              ))
            )}
          </List>
          {d.missed.length > 0 ? (
            <List header="本年度缺席的会议" mode="card" data-testid="my-meetings-missed">
              {d.missed.map((m) => (
                <List.Item key={m.id} description={describe(m)} extra={formatDate(m.date)}>
                  {m.title}
                </List.Item>
              ))}
            </List>
          ) : null}
          <List header="近一年的会议与我的出勤" mode="card" data-testid="my-meetings-past">
            {d.past.length === 0 ? (
              <List.Item>
                <span className="hlm-muted">近一年没有已召开的会议</span>
              </List.Item>
            ) : (
              d.past.map((m) => (
                <List.Item
                  key={m.id}
                  description={`${formatDate(m.date)} · ${describe(m)}`}
                  extra={
                    m.myStatus ? (
                      <Tag color={STATUS_COLOR[m.myStatus]}>{m.myStatusLabel}</Tag>
                    ) : (
                      <Tag color="default">{m.myStatusLabel}</Tag>
                    )
                  }
                >
                  {m.title}
                </List.Item>
              ))
            )}
          </List>
          <p className="hlm-muted" style={{ padding: '0 16px' }}>
            出勤情况由支部登记，有误请联系所在党支部更正。
          </p>
        </>
      ) : null}
    </div>
  );
}
