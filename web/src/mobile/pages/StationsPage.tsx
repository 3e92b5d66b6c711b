import { Button, Card, Dialog, DotLoading, NavBar, Stepper, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, errorMessage } from '../../api/client';
import { useGet } from '../../api/hooks';
import type { MyPoints, Redemption, StationList, StationReward } from '../../api/points';
import type { Id } from '../../api/types';

/**
 * 暖“新”驿站 (seed 004): where riders and residents rest, drink and charge, and spend the points earned by
 * reporting problems. Each reward shows its cost and stock; a redemption is confirmed first, then the
 * new balance is shown and the station hands the reward over.
 */
export default function StationsPage() {
  const navigate = useNavigate();
  const stations = useGet<StationList>('/stations');
  const mine = useGet<MyPoints>('/me/points');
  const [busy, setBusy] = useState<string | null>(null);
  const [quantity, setQuantity] = useState<Record<string, number>>({});

  const redeem = async (stationId: Id, stationName: string, reward: StationReward) => {
    const n = quantity[String(reward.id)] ?? 1;
    const ok = await Dialog.confirm({
      title: '确认兑换',
      content: `在「${stationName}」兑换「${reward.name}」× ${n}，使用 ${reward.cost * n} 积分。`,
      confirmText: '确认兑换',
      cancelText: '取消',
    });
    if (!ok) return;
    setBusy(String(reward.id));
    try {
      const done = await api.post<Redemption>('/points/redemptions', {
        stationId,
        rewardId: reward.id,
        quantity: n,
      });
      Toast.show({ icon: 'success', content: `兑换成功，剩余 ${done.balance} 积分。请到驿站出示本页面领取` });
      stations.reload();
      mine.reload();
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/points')}>暖“新”驿站</NavBar>
      <Card className="hlm-card">
        <span className="hlm-muted">我的积分：</span>
        <b data-testid="stations-balance">{mine.data ? mine.data.balance : <DotLoading />}</b>
        <div className="hlm-muted">冷可取暖、热可纳凉、渴能喝水、累能歇脚；积分可在任一驿站兑换。</div>
      </Card>
      {stations.data?.items.length === 0 ? <Card className="hlm-card">附近还没有驿站</Card> : null}
      {stations.data?.items.map((s) => (
        <Card key={s.id} className="hlm-card" title={s.name} data-testid="station">
          <div className="hlm-muted">{s.address}</div>
          <div className="hlm-muted">
            {s.hours}
            {s.services ? ` · ${s.services}` : ''}
          </div>
          {s.rewards
            .filter((r) => r.active)
            .map((r) => (
              <div key={r.id} className="hlm-reward" data-testid="reward">
                <div>
                  <div>{r.name}</div>
                  <Tag color="danger" fill="outline">
                    {r.cost} 积分
                  </Tag>{' '}
                  <span className="hlm-muted">{r.stock > 0 ? `库存 ${r.stock}` : '已兑完'}</span>
                </div>
                <div className="hlm-reward-act">
                  <Stepper
                    min={1}
                    max={Math.max(1, Math.min(20, r.stock))}
                    value={quantity[String(r.id)] ?? 1}
                    onChange={(v) => setQuantity((q) => ({ ...q, [String(r.id)]: v }))}
                    aria-label={`${r.name}数量`}
                  />
                  <Button
                    size="small"
                    color="primary"
                    disabled={
                      r.stock === 0 || (mine.data?.balance ?? 0) < r.cost * (quantity[String(r.id)] ?? 1)
                    }
                    loading={busy === String(r.id)}
                    onClick={() => redeem(s.id, s.name, r)}
                  >
                    兑换
                  </Button>
                </div>
              </div>
            ))}
        </Card>
      ))}
    </div>
  );
}
