import { DotLoading, ErrorBlock, List, NavBar, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import type { LiaisonCard } from '../../api/guidance';
import { useGet } from '../../api/hooks';

/**
 * 服务联系卡 (decision 0027): the enterprise's 挂钩干部 and instructors with masked phones, and what
 * they have done: the latest visits, the problems found and how each problem's case stands.
 */
export default function LiaisonCardPage() {
  const navigate = useNavigate();
  const card = useGet<LiaisonCard>('/me/liaison-card');
  const d = card.data;
  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/')}>服务联系卡</NavBar>
      {card.loading && !d ? (
        <div className="hlm-center">
          <DotLoading color="primary" />
          <span>加载中</span>
        </div>
      ) : card.error ? (
        <ErrorBlock status="empty" title="暂无服务联系卡" description={card.error.userMessage} />
      ) : d ? (
        <>
          <List header={d.unitName} mode="card" data-testid="liaison-contacts">
            {d.contacts.length === 0 ? (
              <List.Item>
                <span className="hlm-muted">暂未安排挂钩干部</span>
              </List.Item>
            ) : (
              d.contacts.map((c) => (
                <List.Item
                  key={`${c.role}-${c.name}`}
                  description={`${c.roleLabel} · 自 ${c.assignedOn} 起联系本企业`}
                  extra={c.phone ?? '—'}
                >
                  {c.name}
                </List.Item>
              ))
            )}
          </List>
          <List
            header={`走访情况（${d.quarter.label} ${d.visitsInQuarter} 次）`}
            mode="card"
            data-testid="liaison-visits"
          >
            {d.visits.length === 0 ? (
              <List.Item>
                <span className="hlm-muted">还没有走访记录</span>
              </List.Item>
            ) : (
              d.visits.map((v) => (
                <List.Item key={v.id} description={`${v.visitedOn} · ${v.visitorName}（${v.roleLabel}）`}>
                  <div>{v.topic}</div>
                  {v.problems.map((p) => (
                    <div key={p.id} className="hlm-muted" style={{ marginTop: 4 }}>
                      {p.seq}. {p.description}{' '}
                      {p.caseId ? <Tag color="primary">{p.caseStateLabel}</Tag> : <Tag>已记录</Tag>}
                    </div>
                  ))}
                  {v.followUp ? <div className="hlm-muted">跟进：{v.followUp}</div> : null}
                </List.Item>
              ))
            )}
          </List>
          <p className="hlm-muted" style={{ padding: '0 16px' }}>
            手机号已隐去中间四位；需要联系挂钩干部，可通过“一键写信”或企业服务日反映。
          </p>
        </>
      ) : null}
    </div>
  );
}
