import {
  Button,
  DotLoading,
  ErrorBlock,
  Form,
  Input,
  List,
  NavBar,
  Popup,
  Selector,
  Tag,
  TextArea,
  Toast,
} from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { CaseCategory } from '../../api/cases';
import { api, errorMessage } from '../../api/client';
import type {
  GuidanceEnterprise,
  GuidanceEnterprisePage,
  GuidanceProblem,
  GuidanceVisit,
  GuidanceVisitPage,
} from '../../api/guidance';
import { useGet } from '../../api/hooks';
import type { Id } from '../../api/types';
import { todayInChina } from '../../components/format';

/** A problem as the cadre writes it: text, and a category when it is to be filed as a case at once. */
interface Draft {
  description: string;
  categoryId?: Id;
}

/** The categories a problem may be filed in: active, asking nothing a problem's text cannot give. */
function categoryOptions(items: CaseCategory[] | undefined) {
  return (items ?? [])
    .filter((c) => c.active && !c.attributes.some((a) => a.required))
    .map((c) => ({ label: c.name, value: String(c.id) }));
}

/**
 * 我联系的企业 (挂钩联系, decision 0027): the enterprises assigned to the cadre or instructor, this
 * quarter's visits, a visit logged on the spot with its 问题清单, and each problem filed as a case in
 * one step; a filed problem shows its case's state.
 */
export default function VisitsPage() {
  const navigate = useNavigate();
  const mine = useGet<GuidanceEnterprisePage>('/guidance/enterprises');
  const visits = useGet<GuidanceVisitPage>('/guidance-visits', { page: 1, pageSize: 20 });
  const categories = useGet<{ items: CaseCategory[] }>('/case-categories');
  const [logging, setLogging] = useState<GuidanceEnterprise | null>(null);
  const [filing, setFiling] = useState<{ visit: GuidanceVisit; problem: GuidanceProblem } | null>(null);
  const d = mine.data;
  const options = categoryOptions(categories.data?.items);

  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/')}>我联系的企业</NavBar>
      {mine.loading && !d ? (
        <div className="hlm-center">
          <DotLoading color="primary" />
          <span>加载中</span>
        </div>
      ) : mine.error ? (
        <ErrorBlock status="empty" title="加载失败" description={mine.error.userMessage} />
      ) : d ? (
        <>
          <List header={`${d.quarter.label}走访`} mode="card" data-testid="visits-summary">
            <List.Item extra={`${d.total} 家`}>联系的企业</List.Item>
            <List.Item extra={`${d.visitedInQuarter} 家`}>本季度已走访</List.Item>
            <List.Item
              extra={
                <span
                  style={d.total - d.visitedInQuarter > 0 ? { color: 'var(--adm-color-danger)' } : undefined}
                >
                  {d.total - d.visitedInQuarter} 家
                </span>
              }
            >
              本季度未走访
            </List.Item>
          </List>
          <List header="企业（点企业登记走访）" mode="card" data-testid="visits-enterprises">
            {d.items.length === 0 ? (
              <List.Item>
                <span className="hlm-muted">暂未被选派联系企业</span>
              </List.Item>
            ) : (
              d.items.map((e) => (
                <List.Item
                  key={e.unitId}
                  onClick={() => setLogging(e)}
                  description={`${e.roleLabel} · 最近走访 ${e.lastVisitOn ?? '无'}`}
                  extra={
                    e.visitsInQuarter > 0 ? (
                      <Tag color="success">本季度 {e.visitsInQuarter} 次</Tag>
                    ) : (
                      <Tag color="warning">本季度未走访</Tag>
                    )
                  }
                >
                  {e.unitName}
                </List.Item>
              ))
            )}
          </List>
          <List header="走访记录与问题清单" mode="card" data-testid="visits-list">
            {(visits.data?.items ?? []).length === 0 ? (
              <List.Item>
                <span className="hlm-muted">还没有走访记录</span>
              </List.Item>
            ) : (
              visits.data!.items.map((v) => (
                <List.Item key={v.id} description={`${v.visitedOn} · ${v.instructorName}`}>
                  <div>
                    {v.unitName}：{v.topic}
                  </div>
                  {v.problemList.map((p) => (
                    <div key={p.id} className="hlm-muted" style={{ marginTop: 4 }}>
                      {p.seq}. {p.description}{' '}
                      {p.caseId ? (
                        <Tag color="primary" onClick={() => navigate(`/cases/${p.caseId}`)}>
                          工单 {p.caseId} · {p.caseStateLabel}
                        </Tag>
                      ) : v.editable ? (
                        <Button
                          size="mini"
                          color="primary"
                          fill="outline"
                          onClick={() => setFiling({ visit: v, problem: p })}
                        >
                          转工单
                        </Button>
                      ) : null}
                    </div>
                  ))}
                </List.Item>
              ))
            )}
          </List>
        </>
      ) : null}
      <Popup
        visible={logging !== null}
        onMaskClick={() => setLogging(null)}
        bodyStyle={{ maxHeight: '85vh', overflowY: 'auto' }}
      >
        {logging ? (
          <VisitForm
            enterprise={logging}
            options={options}
            onDone={() => {
              setLogging(null);
              mine.reload();
              visits.reload();
            }}
          />
        ) : null}
      </Popup>
      <Popup visible={filing !== null} onMaskClick={() => setFiling(null)} bodyStyle={{ padding: 16 }}>
        {filing ? (
          <FileForm
            visit={filing.visit}
            problem={filing.problem}
            options={options}
            onDone={() => {
              setFiling(null);
              visits.reload();
            }}
          />
        ) : null}
      </Popup>
    </div>
  );
}

function VisitForm({
  enterprise,
  options,
  onDone,
}: {
  enterprise: GuidanceEnterprise;
  options: Array<{ label: string; value: string }>;
  onDone: () => void;
}) {
  const [visitedOn, setVisitedOn] = useState(todayInChina().format('YYYY-MM-DD'));
  const [topic, setTopic] = useState('');
  const [followUp, setFollowUp] = useState('');
  const [drafts, setDrafts] = useState<Draft[]>([{ description: '' }]);
  const [busy, setBusy] = useState(false);
  const set = (i: number, patch: Partial<Draft>) =>
    setDrafts((xs) => xs.map((x, j) => (j === i ? { ...x, ...patch } : x)));

  const submit = async () => {
    if (!topic.trim()) {
      Toast.show({ content: '请填写走访主题' });
      return;
    }
    setBusy(true);
    try {
      const created = await api.post<GuidanceVisit>('/guidance-visits', {
        unitId: enterprise.unitId,
        visitedOn,
        topic: topic.trim(),
        followUp: followUp.trim(),
        problemList: drafts
          .filter((p) => p.description.trim())
          .map((p) => ({ description: p.description.trim(), categoryId: p.categoryId })),
      });
      const filed = created.problemList.filter((p) => p.caseId !== null).length;
      Toast.show({ icon: 'success', content: filed ? `已登记，${filed} 个问题已转为工单` : '已登记走访' });
      onDone();
    } catch (e) {
      Toast.show({ icon: 'fail', content: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      layout="vertical"
      data-testid="visit-form"
      footer={
        <Button block color="primary" size="large" loading={busy} onClick={submit}>
          保存走访
        </Button>
      }
    >
      <Form.Header>{enterprise.unitName}</Form.Header>
      <Form.Item label="走访日期" required>
        <input
          type="date"
          value={visitedOn}
          max={todayInChina().format('YYYY-MM-DD')}
          onChange={(e) => setVisitedOn(e.target.value)}
        />
      </Form.Item>
      <Form.Item label="走访主题" required>
        <Input placeholder="如：了解用工需求、送政策上门" value={topic} maxLength={200} onChange={setTopic} />
      </Form.Item>
      {drafts.map((p, i) => (
        <Form.Item
          // biome-ignore lint/suspicious/noArrayIndexKey: the drafts have no identity before they are saved
          key={i}
          label={`发现的问题 ${i + 1}`}
        >
          <div style={{ width: '100%' }}>
            <div className="hlm-muted">选了分类的问题，保存时同时转为工单，按分类派给承办部门</div>
            <TextArea
              rows={2}
              maxLength={500}
              placeholder="一条一个问题"
              value={p.description}
              onChange={(v) => set(i, { description: v })}
            />
            <Selector
              columns={2}
              options={options}
              value={p.categoryId ? [String(p.categoryId)] : []}
              onChange={(v) => set(i, { categoryId: v[0] ? Number(v[0]) : undefined })}
            />
          </div>
        </Form.Item>
      ))}
      <Form.Item>
        <Button size="small" onClick={() => setDrafts((xs) => [...xs, { description: '' }])}>
          再加一个问题
        </Button>
      </Form.Item>
      <Form.Item label="跟进安排">
        <TextArea rows={2} maxLength={2000} value={followUp} onChange={setFollowUp} />
      </Form.Item>
    </Form>
  );
}

function FileForm({
  visit,
  problem,
  options,
  onDone,
}: {
  visit: GuidanceVisit;
  problem: GuidanceProblem;
  options: Array<{ label: string; value: string }>;
  onDone: () => void;
}) {
  const [categoryId, setCategoryId] = useState<number>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!categoryId) {
      Toast.show({ content: '请选择诉求分类' });
      return;
    }
    setBusy(true);
    try {
      const out = await api.post<{ caseId: number }>(
        `/guidance-visits/${visit.id}/problems/${problem.id}/case`,
        { categoryId },
      );
      Toast.show({ icon: 'success', content: `已转为工单，编号 ${out.caseId}` });
      onDone();
    } catch (e) {
      Toast.show({ icon: 'fail', content: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <p>
        {visit.unitName}：{problem.description}
      </p>
      <Selector
        columns={2}
        options={options}
        value={categoryId ? [String(categoryId)] : []}
        onChange={(v) => setCategoryId(v[0] ? Number(v[0]) : undefined)}
      />
      <Button block color="primary" style={{ marginTop: 12 }} loading={busy} onClick={submit}>
        转为工单
      </Button>
    </div>
  );
}
