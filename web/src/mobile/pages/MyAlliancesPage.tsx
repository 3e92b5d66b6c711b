import { DotLoading, ErrorBlock, List, NavBar, Popup, Tag } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  type AllianceDetail,
  type AllianceFigure,
  type AllianceItem,
  type AllianceService,
  LIST_KIND_LABELS,
  LIST_STATUS_LABELS,
  type ListItem,
  type Match,
} from '../../api/alliances';
import { useGet } from '../../api/hooks';
import type { ProjectPage } from '../../api/projects';
import type { Id } from '../../api/types';
import { ChallengeSheet } from './ChallengeBidding';

/**
 * 我的联盟 (a member enterprise's phone page): the alliance its organization is in, the chair now and
 * next, what it published with the case each demand became, the resources matched to its demands, the
 * alliance's 揭榜挂帅 and joint projects (a challenge opens its conditions, the unit's own bid and,
 * in the window, bidding, editing and withdrawing), its service teams and honours, and its figures
 * with their definitions.
 */
export default function MyAlliancesPage() {
  const navigate = useNavigate();
  const list = useGet<{ items: AllianceItem[]; total: number }>('/alliances', { pageSize: 20 });
  const first = list.data?.items[0];
  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/')} backIcon backArrow>
        我的联盟
      </NavBar>
      {list.loading && !list.data ? (
        <div className="hlm-center">
          <DotLoading color="primary" />
          <span>加载中</span>
        </div>
      ) : list.error ? (
        <ErrorBlock status="default" title="加载失败" description={list.error.userMessage} />
      ) : !first ? (
        <ErrorBlock status="empty" title="暂无联盟" description="本单位还没有加入产业链党委或党建联盟" />
      ) : (
        <Alliance id={first.id} />
      )}
    </div>
  );
}

function Alliance({ id }: { id: Id }) {
  const detail = useGet<AllianceDetail>(`/alliances/${id}`);
  const items = useGet<{ items: ListItem[] }>(`/alliances/${id}/list-items`, { pageSize: 200 });
  const matches = useGet<{ items: Match[] }>(`/alliances/${id}/matches`);
  const figures = useGet<{ figures: AllianceFigure[]; asOf: string }>(`/alliances/${id}/figures`);
  const projects = useGet<ProjectPage>('/projects', { allianceId: id, topLevel: 'true', pageSize: 50 });
  const service = useGet<AllianceService>(`/alliances/${id}/service-teams`);
  const [challenge, setChallenge] = useState<Id | null>(null);
  const a = detail.data;
  if (!a) return null;
  const mine = new Set(a.myOrgIds);
  const all = items.data?.items ?? [];
  const byId = new Map(all.map((i) => [i.id, i]));
  const own = all.filter((i) => mine.has(i.orgId));
  const forMe = (matches.data?.items ?? []).filter(
    (m) => byId.get(m.demandId) !== undefined && mine.has(byId.get(m.demandId)!.orgId),
  );
  return (
    <>
      <List header={a.name} mode="card" data-testid="my-alliance">
        <List.Item extra={`${a.memberCount} 家`}>成员单位</List.Item>
        <List.Item
          description={a.chair ? `${a.chair.from ?? ''} 至 ${a.chair.to ?? '下次联席会议'}` : undefined}
        >
          当前轮值主席：{a.chair?.name ?? '未设置'}
        </List.Item>
        {a.nextChair ? <List.Item>下一任：{a.nextChair.name}</List.Item> : null}
      </List>
      <List header="本单位发布的清单" mode="card" data-testid="my-alliance-items">
        {own.length === 0 ? (
          <List.Item>
            <span className="hlm-muted">还没有发布需求或资源</span>
          </List.Item>
        ) : (
          own.map((i) => (
            <List.Item
              key={i.id}
              description={LIST_KIND_LABELS[i.kind]}
              extra={
                <Tag color={i.status === 'done' ? 'success' : 'primary'}>{LIST_STATUS_LABELS[i.status]}</Tag>
              }
              onClick={i.caseId ? () => window.location.assign(`/m/cases/${i.caseId}`) : undefined}
            >
              {i.title}
            </List.Item>
          ))
        )}
      </List>
      {forMe.length > 0 ? (
        <List header="为本单位需求匹配的资源" mode="card" data-testid="my-alliance-matches">
          {forMe.map((m) => (
            <List.Item
              key={`${m.demandId}-${m.resourceId}`}
              description={m.reasons.join('；')}
              extra={`${m.score} 分`}
            >
              {byId.get(m.resourceId)?.title}（{byId.get(m.resourceId)?.orgName}）
            </List.Item>
          ))}
        </List>
      ) : null}
      {(projects.data?.items.length ?? 0) > 0 ? (
        <List header="揭榜挂帅与联盟项目" mode="card" data-testid="my-alliance-projects">
          {projects.data!.items.map((p) => (
            <List.Item
              key={p.id}
              onClick={p.challenge ? () => setChallenge(p.id) : undefined}
              description={
                p.milestoneCount > 0
                  ? `${p.orgName}挂帅，实际进度 ${p.progress}%，计划进度 ${p.plannedProgress}%`
                  : p.challenge
                    ? `揭榜期限 ${p.challenge.opensOn} 至 ${p.challenge.closesOn}`
                    : p.orgName
              }
              extra={
                <Tag
                  color={p.challenge?.state === 'open' ? 'primary' : p.aheadPoints < 0 ? 'danger' : 'success'}
                >
                  {p.challenge && p.milestoneCount === 0 ? p.challenge.stateLabel : p.scheduleLabel}
                </Tag>
              }
            >
              {p.title}
            </List.Item>
          ))}
        </List>
      ) : null}
      <Popup
        visible={challenge !== null}
        onMaskClick={() => setChallenge(null)}
        bodyStyle={{ maxHeight: '85vh', overflowY: 'auto' }}
      >
        {challenge !== null ? <ChallengeSheet id={challenge} onChanged={projects.reload} /> : null}
      </Popup>
      {service.data && service.data.teams.length + service.data.honours.length > 0 ? (
        <List header="服务队与表彰" mode="card" data-testid="my-alliance-service">
          {service.data.teams.map((t) => (
            <List.Item
              key={`t${t.id}`}
              description={`${t.members} 名队员，${t.activities} 次活动，服务 ${Math.round(t.minutes / 6) / 10} 小时${t.lastActivity ? `；最近：${t.lastActivity}` : ''}`}
              extra={<Tag color="danger">{t.kindLabel}</Tag>}
            >
              {t.name}
            </List.Item>
          ))}
          {service.data.honours.map((h) => (
            <List.Item
              key={`h${h.id}`}
              description={`${h.orgName ?? ''} ${h.awardedOn}`}
              extra={<Tag>{h.title}</Tag>}
            >
              {h.name}
            </List.Item>
          ))}
        </List>
      ) : null}
      {figures.data ? (
        <List header={`联盟数据（截至 ${figures.data.asOf}）`} mode="card" data-testid="my-alliance-figures">
          {figures.data.figures.map((f) => (
            <List.Item
              key={f.key}
              description={f.definition}
              extra={f.value === null ? '—' : `${f.value} ${f.unit}`}
            >
              {f.label}
            </List.Item>
          ))}
        </List>
      ) : null}
    </>
  );
}
