import { Button, Card, DotLoading, ErrorBlock, List, NavBar, Steps, Tag, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { type CaseDetail, type CaseItem, formatTime, RATING_LABELS } from '../../api/cases';
import { api, errorMessage } from '../../api/client';
import { useGet } from '../../api/hooks';

/** 我的诉求: what I reported and where it stands. */
export default function MyCasesPage() {
  const navigate = useNavigate();
  const { data, loading } = useGet<{ items: CaseItem[] }>('/cases', { mine: 'reported', pageSize: 50 });
  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/')}>我的诉求</NavBar>
      {loading ? <DotLoading /> : null}
      {data && data.items.length === 0 ? (
        <ErrorBlock status="empty" title="还没有反映过问题" description="点「随手拍」反映身边的问题" />
      ) : null}
      <List mode="card">
        {data?.items.map((c) => (
          <List.Item
            key={c.id}
            onClick={() => navigate(`/cases/${c.id}`)}
            description={`${c.categoryName} · ${formatTime(c.createdAt)}`}
            extra={<Tag color={c.state === 'closed' ? 'success' : 'primary'}>{c.stateLabel}</Tag>}
          >
            {c.title}
          </List.Item>
        ))}
      </List>
    </div>
  );
}

/** One of my cases: its progress, the reply, and the rating (评单) when it is my turn. */
export function MyCaseDetailPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const { data, error, reload } = useGet<CaseDetail>(`/cases/${id}`);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  if (error) return <ErrorBlock status="default" title={error.userMessage} />;
  if (!data) return <DotLoading />;
  const canRate = data.actions.some((a) => a.action === 'rate');
  const reportPhotos = data.attachments.filter((a) => a.kind === 'photo');
  const rate = async (rating: string) => {
    setBusy(true);
    try {
      await api.post(`/cases/${data.id}/transitions`, {
        action: 'rate',
        rating,
        comment: comment || undefined,
      });
      Toast.show({
        icon: 'success',
        content: rating === 'unsatisfied' ? '已发回重办并督办' : '感谢评价，已办结',
      });
      setComment('');
      reload();
    } catch (e) {
      Toast.show({ icon: 'fail', content: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/cases')}>诉求详情</NavBar>
      <Card title={`#${data.id} ${data.title}`} className="hlm-card">
        <div>
          <Tag color="primary" data-testid="case-state">
            {data.stateLabel}
          </Tag>{' '}
          {data.categoryName}
          {data.supervisionLevel > 0 ? (
            <Tag color="warning" style={{ marginLeft: 4 }}>
              {data.supervisionLabel}
            </Tag>
          ) : null}
        </div>
        <p>{data.description}</p>
        {data.address ? (
          <div className="hlm-muted" data-testid="case-address">
            地址：{data.address}
          </div>
        ) : null}
        {reportPhotos.length ? (
          <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', margin: '8px 0' }}>
            {reportPhotos.map((a) => (
              <a key={a.id} href={a.url} target="_blank" rel="noreferrer">
                <img
                  src={a.url}
                  alt={a.fileName}
                  data-testid="case-photo"
                  style={{ width: 96, height: 96, objectFit: 'cover', borderRadius: 6 }}
                />
              </a>
            ))}
          </div>
        ) : null}
        <div className="hlm-muted">承办：{data.leadOrgName ?? '待派单'}</div>
        {data.publicReply ? <p data-testid="case-reply">答复：{data.publicReply}</p> : null}
        {data.rating ? <div>我的评价：{RATING_LABELS[data.rating]}</div> : null}
        {data.pointsAwarded ? <div data-testid="case-points">获得积分 {data.pointsAwarded}</div> : null}
      </Card>
      {canRate ? (
        <Card title="请评价办理结果" className="hlm-card">
          <TextArea placeholder="意见（可选）" value={comment} onChange={setComment} rows={2} />
          <div style={{ display: 'flex', gap: 8, marginTop: 8 }}>
            {Object.entries(RATING_LABELS).map(([k, label]) => (
              <Button
                key={k}
                disabled={busy}
                color={k === 'unsatisfied' ? 'danger' : 'primary'}
                fill={k === 'basic' ? 'outline' : 'solid'}
                onClick={() => rate(k)}
              >
                {label}
              </Button>
            ))}
          </div>
        </Card>
      ) : null}
      <Card title="办理进度" className="hlm-card">
        <Steps direction="vertical" current={data.events.length - 1}>
          {data.events.map((e) => (
            <Steps.Step
              key={e.id}
              title={`${e.actionLabel} → ${e.toStateLabel}`}
              description={`${formatTime(e.at)}${e.comment ? ` · ${e.comment}` : ''}`}
            />
          ))}
        </Steps>
      </Card>
    </div>
  );
}
