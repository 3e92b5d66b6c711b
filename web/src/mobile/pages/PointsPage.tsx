import { Card, DotLoading, List, NavBar } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { formatTime, type PointsAnswer } from '../../api/cases';
import { useGet } from '../../api/hooks';

/** 我的积分: credited only when a case I reported is verified and closed. */
export default function PointsPage() {
  const navigate = useNavigate();
  const { data } = useGet<PointsAnswer>('/points/me');
  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/')}>我的积分</NavBar>
      <Card className="hlm-card">
        <div style={{ fontSize: 32, fontWeight: 600 }} data-testid="points-balance">
          {data ? data.balance : <DotLoading />}
        </div>
        <div className="hlm-muted">反映的问题经核实办结后记分，提交时不记分；积分可到暖“新”驿站兑换。</div>
      </Card>
      <List mode="card" header="积分明细">
        {data?.items.map((p) => (
          <List.Item
            key={p.id}
            description={`${p.caseTitle ?? ''} · ${formatTime(p.createdAt)}`}
            extra={`+${p.points}`}
          >
            {p.reason}
          </List.Item>
        ))}
      </List>
    </div>
  );
}
