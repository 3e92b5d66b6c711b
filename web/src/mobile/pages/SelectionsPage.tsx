import { Button, Card, DotLoading, NavBar, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { Selection, SelectionItem } from '../../api/activities';
import { api, errorMessage } from '../../api/client';
import { useGet } from '../../api/hooks';
import type { Id } from '../../api/types';

/** One selection: the nominees with their deeds and votes; vote while the window is open. */
function SelectionCard({ item }: { item: SelectionItem }) {
  const detail = useGet<Selection>(`/selections/${item.id}`);
  const [busy, setBusy] = useState<Id | null>(null);
  const s = detail.data;
  const left = s ? s.votesPerVoter - s.myVotes : 0;
  const vote = async (nomineeId: Id, name: string) => {
    setBusy(nomineeId);
    try {
      await api.post(`/selections/${item.id}/votes`, { nomineeId });
      Toast.show({ icon: 'success', content: `已为${name}投票` });
      detail.reload();
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card className="hlm-card" title={item.title} data-testid="selection">
      <div>
        <Tag color="danger" fill="outline">
          {item.honour}
        </Tag>{' '}
        <Tag fill="outline">{item.methodLabel}</Tag> <Tag color="primary">{item.phaseLabel}</Tag>
      </div>
      <div className="hlm-muted">
        {item.method === 'vote' ? '投票' : '评审'}时间 {item.votingFrom} 至 {item.votingTo} · 表彰{' '}
        {item.quota} 名 · {item.orgName}
      </div>
      {item.description ? <div className="hlm-muted">{item.description}</div> : null}
      {s && item.method === 'vote' && item.phase === 'voting' ? (
        <div className="hlm-muted" data-testid="votes-left">
          每人可投 {s.votesPerVoter} 人，您还可投 {left} 票
        </div>
      ) : null}
      {!s ? <DotLoading /> : null}
      {s?.nomineeList.map((n) => (
        <div key={n.id} className="hlm-nominee" data-testid="nominee">
          <div>
            <strong>{n.name}</strong>{' '}
            {n.status === 'honoured' ? (
              <Tag color="danger">荣获“{item.honour}”</Tag>
            ) : item.method === 'vote' && item.phase !== 'nominating' ? (
              <span className="hlm-muted">{n.votes} 票</span>
            ) : null}
          </div>
          <div className="hlm-muted">{n.deeds}</div>
          {item.method === 'vote' && item.phase === 'voting' ? (
            <Button
              size="mini"
              color="primary"
              fill={n.votedByMe ? 'outline' : 'solid'}
              disabled={n.votedByMe || left <= 0}
              loading={busy === n.id}
              onClick={() => vote(n.id, n.name)}
            >
              {n.votedByMe ? '已投票' : '投票'}
            </Button>
          ) : null}
        </div>
      ))}
    </Card>
  );
}

/** 评选投票: the city's selections (最美小哥 and others) — read the deeds, vote in the window, see who was honoured. */
export default function SelectionsPage() {
  const navigate = useNavigate();
  const list = useGet<{ items: SelectionItem[] }>('/selections');
  const items = (list.data?.items ?? []).filter((s) => s.phase !== 'cancelled');
  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/')}>评选投票</NavBar>
      {list.loading && !list.data ? <DotLoading /> : null}
      {list.data && items.length === 0 ? <Card className="hlm-card">本市暂时没有评选活动</Card> : null}
      {items.map((s) => (
        <SelectionCard key={s.id} item={s} />
      ))}
    </div>
  );
}
