import { Button, Card, DotLoading, List, NavBar } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { formatTime } from '../../api/cases';
import { useGet } from '../../api/hooks';
import type { MyPoints } from '../../api/points';

const SOURCE = {
  case: '诉求办结',
  service_hours: '服务时长',
  redemption: '驿站兑换',
  honour: '评选表彰',
} as const;

/** 我的积分: credited when a case I reported is verified and closed; spent at the 暖“新”驿站. */
export default function PointsPage() {
  const navigate = useNavigate();
  const { data } = useGet<MyPoints>('/me/points');
  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/')}>我的积分</NavBar>
      <Card className="hlm-card">
        <div style={{ fontSize: 32, fontWeight: 600 }} data-testid="points-balance">
          {data ? data.balance : <DotLoading />}
        </div>
        <div className="hlm-muted">
          反映的问题经核实办结、志愿服务时长经审核后记分，提交时不记分；积分可到暖“新”驿站兑换。
        </div>
        <Button
          color="primary"
          fill="outline"
          size="small"
          style={{ marginTop: 8 }}
          onClick={() => navigate('/stations')}
        >
          去驿站兑换
        </Button>
      </Card>
      <List mode="card" header="积分明细" data-testid="points-items">
        {data?.items.length === 0 ? <List.Item>还没有积分记录</List.Item> : null}
        {data?.items.map((p) => (
          <List.Item
            key={String(p.id)}
            description={`${SOURCE[p.source.kind]}${p.source.title ? ` · ${p.source.title}` : ''} · ${formatTime(p.at)}`}
            extra={
              <span style={{ color: p.delta > 0 ? '#c8161d' : undefined, fontWeight: 600 }}>
                {p.delta > 0 ? `+${p.delta}` : p.delta}
              </span>
            }
          >
            {p.reason}
          </List.Item>
        ))}
      </List>
    </div>
  );
}
