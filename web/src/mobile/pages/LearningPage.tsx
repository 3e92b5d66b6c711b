import {
  Button,
  DotLoading,
  ErrorBlock,
  List,
  NavBar,
  ProgressBar,
  SearchBar,
  Tabs,
  Tag,
  Toast,
} from 'antd-mobile';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, errorMessage } from '../../api/client';
import { useDebounced, useGet } from '../../api/hooks';
import type {
  LearningMaterial,
  LearningMaterialDetail,
  LearningTopic,
  Reading,
  StudyRecord,
} from '../../api/learning';
import { formatDate, formatDateTime } from '../../components/format';

function Loading() {
  return (
    <div className="hlm-center">
      <DotLoading color="primary" />
      <span>加载中</span>
    </div>
  );
}

function readLabel(r: { progress: number; finishedAt: string | null } | null) {
  if (!r)
    return (
      <Tag color="default" fill="outline">
        未学
      </Tag>
    );
  if (r.finishedAt) return <Tag color="success">已完成</Tag>;
  return <Tag color="primary">已学 {r.progress}%</Tag>;
}

/** 学习: what was assigned to me first (by due date), then the materials by topic, then my study record. */
export default function LearningPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'assigned';
  const record = useGet<StudyRecord>('/me/learning');
  const topics = useGet<{ items: LearningTopic[] }>('/learning/topics');
  const [q, setQ] = useState('');
  const [topicId, setTopicId] = useState<number | string | undefined>();
  const query = useDebounced(q);
  const materials = useGet<{ items: LearningMaterial[]; total: number }>('/learning/materials', {
    q: query || undefined,
    topicId,
    pageSize: 50,
  });
  const d = record.data;
  const open = d?.assigned.filter((a) => !a.finishedAt) ?? [];
  const done = d?.assigned.filter((a) => a.finishedAt) ?? [];
  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/')} backIcon backArrow>
        学习
      </NavBar>
      <Tabs activeKey={tab} onChange={(key) => setParams({ tab: key }, { replace: true })}>
        <Tabs.Tab title={`待学${open.length ? `（${open.length}）` : ''}`} key="assigned">
          {record.loading && !d ? (
            <Loading />
          ) : record.error ? (
            <ErrorBlock
              status="empty"
              title={record.error.status === 404 ? '暂无党员档案' : '加载失败'}
              description={record.error.userMessage}
            />
          ) : d ? (
            <>
              <List header="布置给我的学习（按截止日期）" mode="card" data-testid="learning-assigned">
                {open.length === 0 ? (
                  <List.Item>
                    <span className="hlm-muted">没有待完成的学习任务</span>
                  </List.Item>
                ) : (
                  open.map((a) => (
                    <List.Item
                      key={`${a.assignmentId}-${a.materialId}`}
                      onClick={() => navigate(`/learning/${a.materialId}`)}
                      description={`${a.orgName}布置 · 截止 ${formatDate(a.dueOn)}${a.dueProvisional ? '（暂定）' : ''} · ${a.kindLabel} 约 ${a.estimatedMinutes} 分钟`}
                      extra={
                        a.overdue ? (
                          <Tag color="danger">已逾期</Tag>
                        ) : (
                          readLabel({ progress: a.progress, finishedAt: null })
                        )
                      }
                    >
                      {a.materialTitle}
                    </List.Item>
                  ))
                )}
              </List>
              {done.length > 0 ? (
                <List header="已完成的学习任务" mode="card" data-testid="learning-assigned-done">
                  {done.map((a) => (
                    <List.Item
                      key={`${a.assignmentId}-${a.materialId}`}
                      onClick={() => navigate(`/learning/${a.materialId}`)}
                      description={`完成于 ${formatDateTime(a.finishedAt)} · 截止 ${formatDate(a.dueOn)}`}
                      extra={<Tag color="success">已完成</Tag>}
                    >
                      {a.materialTitle}
                    </List.Item>
                  ))}
                </List>
              ) : null}
            </>
          ) : null}
        </Tabs.Tab>
        <Tabs.Tab title="学习资料" key="materials">
          <div style={{ padding: '8px 12px' }}>
            <SearchBar placeholder="搜索标题和正文（简繁体均可）" value={q} onChange={setQ} />
          </div>
          <div style={{ padding: '0 12px', display: 'flex', gap: 6, flexWrap: 'wrap' }}>
            <Tag
              color={topicId === undefined ? 'primary' : 'default'}
              fill={topicId === undefined ? 'solid' : 'outline'}
              onClick={() => setTopicId(undefined)}
              style={{ padding: '4px 8px' }}
            >
              全部
            </Tag>
            {(topics.data?.items ?? []).map((t) => (
              <Tag
                key={t.id}
                color={topicId === t.id ? 'primary' : 'default'}
                fill={topicId === t.id ? 'solid' : 'outline'}
                onClick={() => setTopicId(t.id)}
                style={{ padding: '4px 8px' }}
              >
                {t.name}（{t.materialCount}）
              </Tag>
            ))}
          </div>
          {materials.loading && !materials.data ? (
            <Loading />
          ) : (
            <List mode="card" data-testid="learning-materials">
              {(materials.data?.items ?? []).length === 0 ? (
                <List.Item>
                  <span className="hlm-muted">没有找到学习资料</span>
                </List.Item>
              ) : (
                materials.data!.items.map((m) => (
                  <List.Item
                    key={m.id}
                    onClick={() => navigate(`/learning/${m.id}`)}
                    description={`${m.kindLabel} · ${m.orgName} · ${formatDate(m.publishedOn)} · 约 ${m.estimatedMinutes} 分钟`}
                    extra={readLabel(m.my)}
                  >
                    {m.title}
                  </List.Item>
                ))
              )}
            </List>
          )}
        </Tabs.Tab>
        <Tabs.Tab title="学习档案" key="record">
          {d ? (
            <>
              <List header={`${d.orgLife.year}年学习档案`} mode="card" data-testid="learning-record-summary">
                <List.Item extra={`${d.summary.finished} 篇`}>已完成</List.Item>
                <List.Item extra={`${d.summary.minutes} 分钟`}>学习时长</List.Item>
                <List.Item
                  extra={
                    d.orgLife.counts
                      ? `${d.orgLife.creditedHours} / ${d.orgLife.targetHours} 学时`
                      : '本地区不计入'
                  }
                  description={
                    d.orgLife.counts
                      ? `已计 ${d.orgLife.countedMinutes} 分钟：按期完成的指定学习按预计时长累计，每 ${d.orgLife.minutesPerHour} 分钟计 1 学时，每年最多 ${d.orgLife.capHours} 学时`
                      : undefined
                  }
                >
                  计入组织生活
                </List.Item>
              </List>
              <List header="学习记录" mode="card" data-testid="learning-record-reads">
                {d.reads.length === 0 ? (
                  <List.Item>
                    <span className="hlm-muted">还没有学习记录</span>
                  </List.Item>
                ) : (
                  d.reads.map((r) => (
                    <List.Item
                      key={r.materialId}
                      onClick={() => navigate(`/learning/${r.materialId}`)}
                      description={`${r.kindLabel} · ${r.minutes} 分钟 · ${r.finishedAt ? `完成于 ${formatDateTime(r.finishedAt)}` : `最近学习 ${formatDateTime(r.lastReadAt)}`}${r.counted ? ' · 计入组织生活' : ''}`}
                      extra={readLabel(r)}
                    >
                      {r.title}
                    </List.Item>
                  ))
                )}
              </List>
              <p className="hlm-muted" style={{ padding: '0 16px' }}>
                依据：{d.orgLife.basis}
              </p>
            </>
          ) : record.loading ? (
            <Loading />
          ) : (
            <ErrorBlock status="empty" title="暂无党员档案" description="学习档案只记录党员本人的学习" />
          )}
        </Tabs.Tab>
      </Tabs>
    </div>
  );
}

/** Reading one material: opening is recorded, progress saved as the member scrolls, finished at the end. */
export function LearningReadPage() {
  const navigate = useNavigate();
  const { id } = useParams();
  const material = useGet<LearningMaterialDetail>(`/learning/materials/${id}`);
  const m = material.data;
  const [reading, setReading] = useState<Reading | null>(null);
  const [busy, setBusy] = useState(false);
  // elapsed reading time (a monotonic interval, not business time: that comes from the server's clock)
  const started = useRef(performance.now());
  const furthest = useRef(0);
  const sent = useRef({ progress: -1, minutes: -1 });
  const isMember = useRef(true);

  const minutesSoFar = useCallback(() => {
    const cap = m ? Math.min(600, Math.max(m.estimatedMinutes * 3, 30)) : 30;
    return Math.min(cap, (m?.my?.minutes ?? 0) + Math.floor((performance.now() - started.current) / 60_000));
  }, [m]);

  const report = useCallback(
    async (body: { progress?: number; minutes?: number; finished?: boolean }, quiet = true) => {
      if (!m || !isMember.current) return null;
      try {
        const r = await api.post<Reading>(`/learning/materials/${m.id}/reading`, body);
        setReading(r);
        sent.current = { progress: r.progress, minutes: r.minutes };
        return r;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'learning.not_member') isMember.current = false;
        if (!quiet) Toast.show({ icon: 'fail', content: errorMessage(err) });
        return null;
      }
    },
    [m],
  );

  // opening is a reading (a video's too: marking it watched needs it)
  useEffect(() => {
    if (m && m.status === 'published') {
      started.current = performance.now();
      void report({});
    }
  }, [m, report]);

  // the furthest point of the text the member scrolled to, saved every 15 seconds and on leaving
  useEffect(() => {
    if (!m || m.kind === 'video') return;
    const onScroll = () => {
      const el = document.documentElement;
      const max = el.scrollHeight - el.clientHeight;
      const p = max <= 0 ? 99 : Math.min(99, Math.round((el.scrollTop / max) * 100));
      furthest.current = Math.max(furthest.current, p);
    };
    onScroll();
    window.addEventListener('scroll', onScroll, { passive: true });
    const save = () => {
      const progress = furthest.current;
      const minutes = minutesSoFar();
      if (progress > sent.current.progress || minutes > sent.current.minutes)
        void report({ progress, minutes });
    };
    const timer = setInterval(save, 15_000);
    return () => {
      window.removeEventListener('scroll', onScroll);
      clearInterval(timer);
      save();
    };
  }, [m, report, minutesSoFar]);

  const finish = async () => {
    setBusy(true);
    const r = await report(
      m?.kind === 'video'
        ? { finished: true, minutes: minutesSoFar() }
        : { progress: 100, minutes: minutesSoFar() },
      false,
    );
    setBusy(false);
    if (r?.finishedAt) Toast.show({ icon: 'success', content: '已完成，记入学习档案' });
  };

  const current = reading ?? (m?.my ? { ...m.my, materialId: m.id } : null);
  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate(-1)} backIcon backArrow>
        学习资料
      </NavBar>
      {material.loading && !m ? (
        <Loading />
      ) : material.error ? (
        <ErrorBlock status="empty" title="无法打开" description={material.error.userMessage} />
      ) : m ? (
        <div style={{ padding: '12px 16px' }} data-testid="learning-read">
          <h2 style={{ fontSize: 20, margin: '4px 0 8px' }}>{m.title}</h2>
          <div className="hlm-muted" style={{ marginBottom: 8 }}>
            {m.kindLabel} · {m.orgName} · {formatDate(m.publishedOn)}
            {m.source ? ` · 来源：${m.source}` : ''} · 约 {m.estimatedMinutes} 分钟
          </div>
          {current ? (
            <div style={{ marginBottom: 12 }} data-testid="learning-progress">
              <ProgressBar
                percent={current.progress}
                text={current.finishedAt ? '已完成' : `${current.progress}%`}
              />
            </div>
          ) : null}
          {m.body
            ? m.body.split('\n').map((p, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of a fixed text
                <p key={i} style={{ lineHeight: 1.8, textIndent: '2em', margin: '0 0 10px' }}>
                  {p}
                </p>
              ))
            : null}
          {m.url ? (
            <p>
              <a href={m.url} target="_blank" rel="noreferrer noopener">
                {m.kind === 'video' ? '打开视频链接观看' : '阅读原文'}
              </a>
            </p>
          ) : null}
          {current?.finishedAt ? (
            <p style={{ color: 'var(--adm-color-success)' }} data-testid="learning-finished">
              已于 {formatDateTime(current.finishedAt)} 完成
            </p>
          ) : isMember.current ? (
            <Button block color="primary" loading={busy} onClick={finish} style={{ marginTop: 16 }}>
              {m.kind === 'video' ? '我已观看' : '我已读完'}
            </Button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
