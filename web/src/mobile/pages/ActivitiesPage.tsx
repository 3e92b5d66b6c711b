import { Button, Card, Dialog, DotLoading, NavBar, Tabs, Tag, Toast } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { type Activity, type ActivityList, hours, type SignUpStatus } from '../../api/activities';
import { formatTime } from '../../api/cases';
import { api, errorMessage } from '../../api/client';
import { useGet } from '../../api/hooks';

/** The phone's position, when the person allows it (to put the nearest activities first). */
export function usePosition(): { lat: number; long: number } | null | undefined {
  const [position, setPosition] = useState<{ lat: number; long: number } | null | undefined>(undefined);
  useEffect(() => {
    if (!navigator.geolocation) {
      setPosition(null);
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => setPosition({ lat: p.coords.latitude, long: p.coords.longitude }),
      () => setPosition(null),
      { timeout: 8000, maximumAge: 60_000 },
    );
  }, []);
  return position;
}

const PAGE = 20;
/** The most a page may hold (the server's limit). */
const MOST = 200;

function distance(m: number | null) {
  if (m === null) return null;
  return m < 1000 ? `${m} 米` : `${(m / 1000).toFixed(1)} 公里`;
}

/**
 * 志愿活动: the activities near me I may join (a branch's 主题党日 for its members, a community's
 * 志愿服务 for its residents, 红色骑手 actions for riders) and the ones I signed up for, with my status
 * (报名成功 / 候补第N位); sign up and cancel here, check in by scanning the organizer's QR code.
 */
export default function ActivitiesPage() {
  const navigate = useNavigate();
  const position = usePosition();
  const [tab, setTab] = useState<'open' | 'mine'>('open');
  // the nearest (or latest) first, 20 at a time; 加载更多 asks for 20 more
  const [shown, setShown] = useState(PAGE);
  const list = useGet<ActivityList>(position === undefined ? null : '/activities', {
    view: tab,
    lat: position?.lat,
    long: position?.long,
    pageSize: shown,
  });
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (a: Activity, cancel: boolean) => {
    if (cancel) {
      const ok = await Dialog.confirm({
        content: `取消报名「${a.title}」？空出的名额将由候补第一位递补。`,
        confirmText: '取消报名',
        cancelText: '再想想',
      });
      if (!ok) return;
    }
    setBusy(String(a.id));
    try {
      const status = cancel
        ? await api.delete<SignUpStatus>(`/activities/${a.id}/sign-up`)
        : await api.post<SignUpStatus>(`/activities/${a.id}/sign-up`);
      Toast.show({ icon: status.status === 'cancelled' ? undefined : 'success', content: status.label });
      list.reload();
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/')}>志愿活动</NavBar>
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setTab(k as 'open' | 'mine');
          setShown(PAGE);
        }}
      >
        <Tabs.Tab title="可报名" key="open" />
        <Tabs.Tab title="我报名的" key="mine" />
      </Tabs>
      <Card className="hlm-card">
        <div className="hlm-muted">
          到场后扫描组织者出示的签到二维码签到；服务时长经组织者审核后计入积分。
        </div>
      </Card>
      {list.loading && !list.data ? <DotLoading /> : null}
      {list.data?.items.length === 0 ? (
        <Card className="hlm-card">{tab === 'open' ? '附近暂时没有可报名的活动' : '还没有报名活动'}</Card>
      ) : null}
      {list.data?.items.map((a) => (
        <Card key={a.id} className="hlm-card" title={a.title} data-testid="activity">
          <div>
            <Tag color="danger" fill="outline">
              {a.kindLabel}
            </Tag>{' '}
            <Tag fill="outline">{a.audienceLabel}</Tag>{' '}
            {a.my && a.my.status !== 'cancelled' ? (
              <Tag color={a.my.status === 'signed_up' ? 'success' : 'warning'} data-testid="activity-status">
                {a.my.label}
              </Tag>
            ) : null}
          </div>
          <div className="hlm-muted">
            {formatTime(a.startsAt)} – {formatTime(a.endsAt).slice(-5)}
          </div>
          <div className="hlm-muted">
            {a.place}
            {distance(a.distanceMetres) ? ` · 距您 ${distance(a.distanceMetres)}` : ''}
          </div>
          <div className="hlm-muted">
            {a.orgName}
            {a.teamName ? ` · ${a.teamName}` : ''} · 已报名 {a.signedUp}/{a.capacity}
            {a.waitlisted ? `，候补 ${a.waitlisted}` : ''}
          </div>
          {a.my?.checkedInAt ? (
            <div className="hlm-muted">
              已签到 {formatTime(a.my.checkedInAt).slice(-5)}
              {a.my.checkedOutAt ? `，已签退 ${formatTime(a.my.checkedOutAt).slice(-5)}` : ''}
              {a.my.approvedMinutes !== null ? `，核定 ${hours(a.my.approvedMinutes)}` : '，待审核时长'}
            </div>
          ) : null}
          <div style={{ marginTop: 8, display: 'flex', gap: 8 }}>
            {!a.my || a.my.status === 'cancelled' ? (
              <Button
                color="primary"
                size="small"
                loading={busy === String(a.id)}
                disabled={a.status !== 'published'}
                onClick={() => act(a, false)}
              >
                {a.signedUp >= a.capacity ? '报名候补' : '报名'}
              </Button>
            ) : null}
            {a.my && a.my.status !== 'cancelled' && !a.my.checkedInAt ? (
              <Button size="small" loading={busy === String(a.id)} onClick={() => act(a, true)}>
                取消报名
              </Button>
            ) : null}
            {a.my?.checkedInAt && !a.my.checkedOutAt && a.my.approvedMinutes === null ? (
              <Button size="small" onClick={() => navigate(`/check-in?activity=${a.id}`)}>
                签退
              </Button>
            ) : null}
          </div>
        </Card>
      ))}
      {list.data && list.data.total > list.data.items.length ? (
        <div style={{ padding: '0 12px 16px' }}>
          <div className="hlm-muted" style={{ textAlign: 'center', marginBottom: 8 }}>
            共 {list.data.total} 个，已显示 {list.data.items.length} 个
          </div>
          {shown < MOST ? (
            <Button block loading={list.loading} onClick={() => setShown((n) => Math.min(MOST, n + PAGE))}>
              加载更多
            </Button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
