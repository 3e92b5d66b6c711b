import { Button, Card, CascadePicker, DotLoading, List, NavBar, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { type CommunityOptions, type CommunityReport, hours, type ServiceRecord } from '../../api/activities';
import { formatTime } from '../../api/cases';
import { api, errorMessage } from '../../api/client';
import { useGet } from '../../api/hooks';
import type { MyPoints } from '../../api/points';
import { useUser } from '../../components/auth';

/**
 * 志愿服务记录: this year's approved service hours, each activity with its hours and points, and the
 * points balance; for a party member also 双报到 — the community where they live, its grid or building.
 */
export default function ServicePage() {
  const navigate = useNavigate();
  const user = useUser();
  const service = useGet<ServiceRecord>('/me/service');
  const points = useGet<MyPoints>('/me/points');
  const isMember = user.memberId !== null && user.memberId !== undefined;
  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/')}>志愿服务记录</NavBar>
      <Card className="hlm-card">
        {service.data ? (
          <div data-testid="service-summary">
            <div style={{ fontSize: 28, fontWeight: 600 }}>{hours(service.data.minutes)}</div>
            <div className="hlm-muted">
              {service.data.year} 年已审核的服务时长 · {service.data.activities} 次活动 · 得积分{' '}
              {service.data.points}
            </div>
          </div>
        ) : (
          <DotLoading />
        )}
        <div style={{ marginTop: 8 }}>
          <span className="hlm-muted">积分余额：</span>
          <b data-testid="service-balance">{points.data ? points.data.balance : <DotLoading />}</b>{' '}
          <Button size="mini" fill="outline" onClick={() => navigate('/points')}>
            积分明细
          </Button>
        </div>
      </Card>
      {service.data?.honours.length ? (
        <List mode="card" header="我的荣誉" data-testid="honours">
          {service.data.honours.map((h) => (
            <List.Item key={h.id} description={`${h.orgName} · ${h.awardedOn}`}>
              荣获“{h.title}”
            </List.Item>
          ))}
        </List>
      ) : null}
      <List mode="card" header="服务明细">
        {service.data?.items.length === 0 ? <List.Item>今年还没有审核通过的服务时长</List.Item> : null}
        {service.data?.items.map((i) => (
          <List.Item
            key={i.participationId}
            description={`${i.kindLabel} · ${i.orgName}${i.teamName ? ` · ${i.teamName}` : ''} · ${formatTime(i.startsAt)}`}
            extra={`${hours(i.minutes)} / +${i.points}`}
          >
            {i.title}
          </List.Item>
        ))}
      </List>
      {isMember ? <CommunityReportCard /> : null}
    </div>
  );
}

/** 双报到: report to the community where one lives, choosing a grid or a building. */
function CommunityReportCard() {
  const mine = useGet<{ report: CommunityReport | null }>('/me/community-report');
  const choices = useGet<CommunityOptions>('/me/community-options');
  const [open, setOpen] = useState(false);
  // community → its building (each building knows its grid), or the community's first grid only
  const options = (choices.data?.items ?? []).map((c) => ({
    label: c.name.replace(/^中共/, '').replace(/委员会$/, ''),
    value: String(c.id),
    children: [
      ...c.buildings.map((b) => ({ label: b.name, value: `b${b.id}` })),
      { label: '暂不选楼栋', value: 'none' },
    ],
  }));
  const report = async (communityId: string, pick: string | undefined) => {
    const c = choices.data?.items.find((x) => String(x.id) === communityId);
    if (!c) return;
    const building = pick?.startsWith('b') ? c.buildings.find((b) => `b${b.id}` === pick) : undefined;
    try {
      await api.put('/me/community-report', {
        communityOrgId: c.id,
        gridOrgId: building ? building.gridId : (c.grids[0]?.id ?? null),
        buildingId: building?.id ?? null,
      });
      Toast.show({ icon: 'success', content: '已报到' });
      mine.reload();
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(err) });
    }
  };
  const r = mine.data?.report;
  return (
    <Card className="hlm-card" title="双报到（在职党员到居住地社区报到）" data-testid="community-report">
      {r ? (
        <div>
          <div>{r.communityName}</div>
          <div className="hlm-muted">
            {[r.gridName, r.buildingName].filter(Boolean).join(' · ') || '未选网格、楼栋'} · {r.reportedOn}{' '}
            报到
          </div>
          <div className="hlm-muted">今年在社区服务 {hours(r.minutes)}，同时计入本支部</div>
        </div>
      ) : (
        <div className="hlm-muted">尚未报到。报到后，在社区参加的志愿服务同时计入本支部和社区。</div>
      )}
      <Button size="small" style={{ marginTop: 8 }} onClick={() => setOpen(true)}>
        {r ? '更换社区' : '到社区报到'}
      </Button>
      <CascadePicker
        options={options}
        visible={open}
        onClose={() => setOpen(false)}
        onConfirm={(v) => {
          if (v[0]) void report(String(v[0]), v[1] ? String(v[1]) : undefined);
        }}
        title="选择居住地社区和楼栋"
      />
    </Card>
  );
}
