import { Button, Card, DotLoading, NavBar, Result, Toast } from 'antd-mobile';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { type Activity, hours } from '../../api/activities';
import { formatTime } from '../../api/cases';
import { ApiError, api, errorMessage } from '../../api/client';
import { useGet } from '../../api/hooks';

function currentPosition(): Promise<{ lat: number; long: number } | null> {
  return new Promise((resolve) => {
    if (!navigator.geolocation) return resolve(null);
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, long: p.coords.longitude }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 0 },
    );
  });
}

/**
 * 扫码签到: the page the organizer's QR code opens (`/m/check-in?token=…`). It takes the token from the
 * address and the phone's position and checks in; a refusal says what is wrong (the code expired, too
 * far from the place, not signed up). Opened from 志愿活动 with `?activity=` it offers 签退.
 */
export default function CheckInPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token');
  const [activity, setActivity] = useState<Activity | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const opened = useGet<Activity>(params.get('activity') ? `/activities/${params.get('activity')}` : null);

  const checkIn = useCallback(async () => {
    if (!token) return;
    setBusy(true);
    setError(null);
    try {
      const position = await currentPosition();
      setActivity(await api.post<Activity>('/activity-check-ins', { token, position }));
    } catch (err) {
      const field = err instanceof ApiError ? err.fieldErrors[0] : undefined;
      setError(field ? field.message : errorMessage(err));
    } finally {
      setBusy(false);
    }
  }, [token]);

  useEffect(() => {
    void checkIn();
  }, [checkIn]);

  const shown = activity ?? opened.data ?? null;
  const checkOut = async () => {
    if (!shown) return;
    setBusy(true);
    try {
      setActivity(await api.post<Activity>(`/activities/${shown.id}/check-out`));
      Toast.show({ icon: 'success', content: '已签退，服务时长待组织者审核' });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/activities')}>扫码签到</NavBar>
      {busy && !shown ? (
        <Card className="hlm-card">
          正在获取位置并签到 <DotLoading />
        </Card>
      ) : null}
      {error ? (
        <Card className="hlm-card" data-testid="checkin-error">
          <Result status="error" title="签到未成功" description={error} />
          <Button block color="primary" loading={busy} onClick={() => checkIn()}>
            重新获取位置并签到
          </Button>
        </Card>
      ) : null}
      {!token && !params.get('activity') ? (
        <Card className="hlm-card">请用手机扫描组织者现场出示的签到二维码。</Card>
      ) : null}
      {shown ? (
        <Card className="hlm-card" title={shown.title} data-testid="checkin-result">
          {shown.my?.checkedInAt ? (
            <Result
              status="success"
              title={`已签到 ${formatTime(shown.my.checkedInAt).slice(-5)}`}
              description={
                shown.my.checkedOutAt
                  ? `已签退 ${formatTime(shown.my.checkedOutAt).slice(-5)}${
                      shown.my.approvedMinutes !== null
                        ? `，核定 ${hours(shown.my.approvedMinutes)}`
                        : '，服务时长待审核'
                    }`
                  : '活动结束离开时请签退'
              }
            />
          ) : (
            <div className="hlm-muted">尚未签到</div>
          )}
          <div className="hlm-muted">
            {shown.place} · {formatTime(shown.startsAt)} – {formatTime(shown.endsAt).slice(-5)}
          </div>
          {shown.my?.checkedInAt && !shown.my.checkedOutAt && shown.my.approvedMinutes === null ? (
            <Button block style={{ marginTop: 8 }} loading={busy} onClick={checkOut}>
              签退
            </Button>
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}
