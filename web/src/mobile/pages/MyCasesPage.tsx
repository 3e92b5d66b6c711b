import {
  Button,
  Card,
  Dialog,
  DotLoading,
  ErrorBlock,
  List,
  NavBar,
  Steps,
  Tag,
  TextArea,
  Toast,
} from 'antd-mobile';
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
  const [choice, setChoice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (error) return <ErrorBlock status="default" title={error.userMessage} />;
  if (!data) return <DotLoading />;
  const canRate = data.actions.some((a) => a.action === 'rate');
  const reportPhotos = data.attachments.filter((a) => a.kind === 'photo' && a.stage === 'report');
  const evidence = data.attachments.filter((a) => a.stage === 'evidence' && a.attached);
  const pending = data.pendingRating;
  const needsReason = choice === 'unsatisfied';
  const window =
    data.ratingChangeMinutes > 0 ? `提交后 ${data.ratingChangeMinutes} 分钟内可以修改；之后` : '提交后';
  const rate = async () => {
    if (!choice) return;
    if (needsReason && !comment.trim()) {
      Toast.show({ content: '选择「不满意」须填写原因' });
      return;
    }
    const label = RATING_LABELS[choice];
    const ok = await Dialog.confirm({
      title: `确认评价「${label}」？`,
      content: pending
        ? `修改后仍于 ${formatTime(pending.effectiveAt)} 生效。`
        : `${window}${choice === 'unsatisfied' ? '工单将发回承办单位重办，并提高督办等级。' : '工单按此评价办结。'}`,
      confirmText: '确认提交',
      cancelText: '再想想',
    });
    if (!ok) return;
    setBusy(true);
    try {
      await api.post(`/cases/${data.id}/transitions`, {
        action: 'rate',
        rating: choice,
        comment: comment.trim() || undefined,
      });
      Toast.show({ icon: 'success', content: pending ? '评价已修改' : '感谢评价' });
      setComment('');
      setChoice(null);
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
        <div className="hlm-muted">承办：{data.handlingUnitName ?? '待派单'}</div>
        {data.publicReply ? <p data-testid="case-reply">答复：{data.publicReply}</p> : null}
        {evidence.length ? (
          <div data-testid="case-evidence">
            <div className="hlm-muted">办理凭证：</div>
            <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', margin: '4px 0 8px' }}>
              {evidence.map((a) =>
                a.kind === 'photo' ? (
                  <a key={a.id} href={a.url} target="_blank" rel="noreferrer">
                    <img
                      src={a.url}
                      alt={a.fileName}
                      style={{ width: 72, height: 72, objectFit: 'cover', borderRadius: 6 }}
                    />
                  </a>
                ) : (
                  <a key={a.id} href={a.url} download={a.fileName}>
                    📄 {a.fileName}
                  </a>
                ),
              )}
            </div>
          </div>
        ) : null}
        {data.rating ? <div>我的评价：{RATING_LABELS[data.rating]}</div> : null}
        {pending ? (
          <div data-testid="pending-rating">
            我的评价：{pending.ratingLabel}（待生效，{formatTime(pending.effectiveAt)} 生效
            {pending.changeable ? '，之前可以修改' : ''}）
          </div>
        ) : null}
        {data.pointsAwarded ? <div data-testid="case-points">获得积分 {data.pointsAwarded}</div> : null}
      </Card>
      {canRate ? (
        <Card title={pending ? '修改评价' : '请评价办理结果'} className="hlm-card">
          <div style={{ display: 'flex', gap: 8, marginBottom: 8 }}>
            {Object.entries(RATING_LABELS).map(([k, label]) => (
              <Button
                key={k}
                size="small"
                disabled={busy}
                color={k === 'unsatisfied' ? 'danger' : 'primary'}
                fill={choice === k ? 'solid' : 'outline'}
                onClick={() => setChoice(k)}
              >
                {label}
              </Button>
            ))}
          </div>
          <TextArea
            placeholder={needsReason ? '请写明不满意的原因（必填）' : '意见（可选）'}
            value={comment}
            onChange={setComment}
            rows={2}
            maxLength={2000}
          />
          <Button
            block
            color="primary"
            style={{ marginTop: 8 }}
            disabled={busy || !choice || (needsReason && !comment.trim())}
            onClick={rate}
          >
            提交评价
          </Button>
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
