import { DotLoading, ErrorBlock, List, NavBar, Steps, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { useGet } from '../../api/hooks';
import type { MyProgress } from '../../api/types';
import { EMPTY, formatFullMemberOn } from '../../components/format';

const TRANSFER_COLORS: Record<string, string> = {
  pending: 'primary',
  accepted: 'warning',
  returned: 'danger',
  completed: 'success',
  expired: 'default',
  cancelled: 'default',
};

/** 我的发展与转接: the member's stage, development steps, mobile-member card and transfer status. */
export default function MyProgressPage() {
  const navigate = useNavigate();
  const mine = useGet<MyProgress>('/development/mine');
  const d = mine.data;
  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/')} backIcon backArrow>
        发展阶段与组织关系
      </NavBar>
      {mine.loading && !d ? (
        <div className="hlm-center">
          <DotLoading color="primary" />
          <span>加载中</span>
        </div>
      ) : mine.error ? (
        <ErrorBlock status="empty" title="加载失败" description={mine.error.userMessage} />
      ) : !d?.member ? (
        <ErrorBlock
          status="empty"
          title="暂无党员档案"
          description="您的账号尚未关联党员档案，请联系所在党支部"
        />
      ) : (
        <>
          <List header="我的阶段" mode="card">
            <List.Item
              extra={
                <Tag color="danger" data-testid="my-stage">
                  {d.member.stageLabel}
                </Tag>
              }
            >
              {d.member.name}
            </List.Item>
            <List.Item extra={d.member.orgName}>所在党组织</List.Item>
            <List.Item extra={d.member.joinedOn ?? EMPTY}>入党日期</List.Item>
            <List.Item extra={formatFullMemberOn(d.member)}>转正日期</List.Item>
            {d.member.mobile ? (
              <List.Item
                description={`活动证 ${d.member.mobile.cardNo}${d.member.mobile.until ? `，至 ${d.member.mobile.until}` : ''}`}
                extra={<Tag color="warning">流动党员</Tag>}
              >
                外出：{d.member.mobile.location}
              </List.Item>
            ) : null}
          </List>

          {d.development ? (
            <List header="发展党员进度" mode="card">
              <List.Item description={d.development.ruleSet}>
                {d.development.state === 'completed'
                  ? '已转为正式党员'
                  : d.development.state === 'terminated'
                    ? '已终止'
                    : '进行中'}
              </List.Item>
              {d.development.nextDue ? (
                <List.Item
                  extra={
                    <span
                      style={{
                        color:
                          d.development.nextDue.status === 'overdue' ? 'var(--adm-color-danger)' : undefined,
                      }}
                    >
                      {d.development.nextDue.date}
                      {d.development.nextDue.kind === 'deadline' ? ' 前' : ' 起'}
                    </span>
                  }
                >
                  下一步：{d.development.nextDue.label}
                </List.Item>
              ) : null}
              {d.development.probationEnd ? (
                <List.Item extra={d.development.probationEnd}>预备期满</List.Item>
              ) : null}
              <div style={{ padding: '8px 12px' }}>
                <Steps direction="vertical" current={d.development.steps.length - 1}>
                  {d.development.steps.map((s) => (
                    <Steps.Step
                      key={`${s.code}:${s.date}`}
                      title={s.label}
                      description={s.date}
                      status={s.decision === 'rejected' ? 'error' : 'finish'}
                    />
                  ))}
                </Steps>
              </div>
            </List>
          ) : null}

          <List header="组织关系转接" mode="card">
            {d.transfer ? (
              <>
                <List.Item
                  extra={
                    <Tag
                      color={TRANSFER_COLORS[d.transfer.state] ?? 'default'}
                      data-testid="my-transfer-state"
                    >
                      {d.transfer.stateLabel}
                    </Tag>
                  }
                  description={`${d.transfer.fromOrgName ?? EMPTY} → ${d.transfer.toOrgName ?? EMPTY}`}
                >
                  {d.transfer.directionLabel}
                </List.Item>
                <List.Item extra={d.transfer.startedOn}>介绍信开具</List.Item>
                {d.transfer.state === 'pending' ? (
                  <List.Item extra={d.transfer.letterValidUntil}>介绍信有效期至</List.Item>
                ) : null}
                {d.transfer.returnReason ? (
                  <List.Item description={d.transfer.returnReason}>退回原因</List.Item>
                ) : null}
              </>
            ) : (
              <List.Item>没有组织关系转接记录</List.Item>
            )}
          </List>
        </>
      )}
    </div>
  );
}
