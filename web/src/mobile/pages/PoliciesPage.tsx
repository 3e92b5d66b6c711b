import {
  type FactKey as DomainFactKey,
  describeActual,
  describeCriterion,
  FACT_KEYS,
  type Op,
  QUALIFICATIONS,
} from '@honglian/domain';
import {
  Badge,
  Button,
  Card,
  Collapse,
  DotLoading,
  Form,
  Input,
  List,
  NavBar,
  Popup,
  Result,
  Selector,
  Tag,
  Toast,
} from 'antd-mobile';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, errorMessage } from '../../api/client';
import { useGet } from '../../api/hooks';
import type { FactKey, PolicyMatch, PolicyPush, Reason } from '../../api/policies';

const RESULT = {
  eligible: { label: '符合条件', color: 'success' },
  unknown: { label: '待补充信息', color: 'warning' },
  ineligible: { label: '暂不符合', color: 'default' },
} as const;

function ReasonLine({ r }: { r: Reason }) {
  const mark = r.met === true ? '✓' : r.met === false ? '✗' : '？';
  const color = r.met === true ? '#00b578' : r.met === false ? '#c8161d' : '#ff8f1f';
  return (
    <div className="hlm-reason" data-testid="policy-reason" style={{ fontSize: 13, marginTop: 4 }}>
      <span style={{ color, fontWeight: 600, marginRight: 4 }}>{mark}</span>
      <span>{describeCriterion({ fact: r.fact as DomainFactKey, op: r.op as Op, value: r.value })}</span>
      <span className="hlm-muted">
        {' '}
        （{r.clause}；本企业：
        {describeActual({ fact: r.fact as DomainFactKey, op: r.op as Op, actual: r.actual })}）
      </span>
    </div>
  );
}

/** One fact entered in its own kind: money in 元, a date, qualifications to tick, yes or no, a code. */
function FactForm({ fact, onSaved }: { fact: FactKey; onSaved: (value: unknown) => Promise<void> }) {
  const kind = FACT_KEYS[fact].kind;
  const [busy, setBusy] = useState(false);
  const money = fact === 'annualRevenueFen' || fact === 'rdExpenseFen';
  const submit = async (values: { value?: string; choice?: string[] }) => {
    let value: unknown;
    if (kind === 'list') value = values.choice ?? [];
    else if (kind === 'boolean') value = values.choice?.[0] === 'yes';
    else if (kind === 'integer') value = Math.round(Number(values.value) * (money ? 100 : 1));
    else value = (values.value ?? '').trim().toUpperCase();
    setBusy(true);
    try {
      await onSaved(value);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form
      layout="vertical"
      onFinish={submit}
      footer={
        <Button block type="submit" color="primary" loading={busy} data-testid="fact-save">
          保存并重新匹配
        </Button>
      }
    >
      {kind === 'list' ? (
        <Form.Item name="choice" label={FACT_KEYS[fact].label} initialValue={[]}>
          <Selector
            multiple
            options={Object.entries(QUALIFICATIONS).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
      ) : kind === 'boolean' ? (
        <Form.Item
          name="choice"
          label={FACT_KEYS[fact].label}
          rules={[{ required: true, message: '请选择' }]}
        >
          <Selector
            options={[
              { value: 'yes', label: '是' },
              { value: 'no', label: '否' },
            ]}
          />
        </Form.Item>
      ) : (
        <Form.Item
          name="value"
          label={money ? `${FACT_KEYS[fact].label}（元）` : FACT_KEYS[fact].label}
          rules={[{ required: true, message: '请填写' }]}
        >
          <Input
            data-testid="fact-input"
            type={kind === 'integer' ? 'number' : kind === 'date' ? 'date' : 'text'}
            placeholder={kind === 'date' ? 'YYYY-MM-DD' : kind === 'code' ? '如 C39' : ''}
          />
        </Form.Item>
      )}
    </Form>
  );
}

/**
 * 政策找企业: what the enterprise qualifies for and why (each reason names its clause), what is still
 * unknown and which fact to supply, a form to supply it and see the answer change, and 申报.
 */
export default function PoliciesPage() {
  const navigate = useNavigate();
  const me = useGet<{ unitId: number; name: string }>('/me/enterprise');
  const unitId = me.data?.unitId;
  const matches = useGet<{ items: PolicyMatch[]; total: number }>(
    unitId ? `/enterprises/${unitId}/policy-matches` : null,
  );
  const pushes = useGet<{ items: PolicyPush[]; unread: number }>(
    unitId ? `/enterprises/${unitId}/policy-pushes` : null,
  );
  const [asking, setAsking] = useState<FactKey | null>(null);
  const [applying, setApplying] = useState<PolicyMatch['policyId'] | null>(null);
  const [focus, setFocus] = useState<PolicyMatch['policyId'] | null>(null);
  const key = useRef(crypto.randomUUID());
  const [params, setParams] = useSearchParams();

  // opening a push (from the list, or from the inbox's ?push=) reads it and shows its match
  const open = async (pushId: PolicyPush['id']) => {
    if (!unitId) return;
    try {
      const opened = await api.post<{ policyId: number }>(
        `/enterprises/${unitId}/policy-pushes/${pushId}/read`,
      );
      setFocus(opened.policyId);
      pushes.reload();
    } catch (e) {
      Toast.show({ icon: 'fail', content: errorMessage(e) });
    }
  };
  const pushParam = Number(params.get('push'));
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the enterprise is known
  useEffect(() => {
    if (unitId && pushParam > 0) {
      setParams({}, { replace: true });
      void open(pushParam);
    }
  }, [unitId, pushParam]);

  const save = async (value: unknown) => {
    if (!unitId || !asking) return;
    try {
      await api.put(`/enterprises/${unitId}/facts`, { facts: { [asking]: value } });
      Toast.show({ icon: 'success', content: '已保存，匹配结果已更新' });
      setAsking(null);
      matches.reload();
    } catch (e) {
      Toast.show({ icon: 'fail', content: errorMessage(e) });
    }
  };

  const apply = async (m: PolicyMatch) => {
    if (!unitId) return;
    setApplying(m.policyId);
    try {
      const answer = await api.post<{ caseId: number }>(
        `/enterprises/${unitId}/policy-applications`,
        { policyId: m.policyId },
        { headers: { 'idempotency-key': `${key.current}-${m.policyId}` } },
      );
      Toast.show({ icon: 'success', content: `已申报，工单编号 ${answer.caseId}` });
      navigate(`/cases/${answer.caseId}`);
    } catch (e) {
      Toast.show({ icon: 'fail', content: errorMessage(e) });
    } finally {
      setApplying(null);
    }
  };

  if (me.error)
    return (
      <div className="hlm-page">
        <NavBar onBack={() => navigate('/')}>政策匹配</NavBar>
        <Result status="info" title="您的账号没有关联企业" />
      </div>
    );
  const items = matches.data?.items ?? [];
  const group = (result: PolicyMatch['result']) => items.filter((i) => i.result === result);
  const card = (m: PolicyMatch) => (
    <Card
      key={m.policyId}
      className="hlm-card"
      data-testid={`policy-${m.result}`}
      title={
        <span>
          {m.title} <Tag color={RESULT[m.result].color}>{RESULT[m.result].label}</Tag>
          {m.almostEligible ? <Tag color="primary">差一项</Tag> : null}
        </span>
      }
    >
      <div className="hlm-muted">
        {m.docNumber}
        {m.mode === 'automatic' ? ' · 免申即享' : ''}
        {m.benefit ? ` · ${m.benefit}` : ''}
      </div>
      {m.reasons.map((r) => (
        <ReasonLine key={`${r.clause}-${r.fact}-${r.op}-${JSON.stringify(r.value)}`} r={r} />
      ))}
      {m.missingFacts.map((f) => (
        <Button
          key={f}
          size="small"
          color="warning"
          fill="outline"
          style={{ marginTop: 8, marginRight: 8 }}
          data-testid={`supply-${f}`}
          onClick={() => setAsking(f)}
        >
          补充：{FACT_KEYS[f].label}
        </Button>
      ))}
      {m.result === 'eligible' && m.mode === 'apply' ? (
        <Button
          block
          color="primary"
          style={{ marginTop: 8 }}
          loading={applying === m.policyId}
          data-testid="policy-apply"
          onClick={() => apply(m)}
        >
          在线申报
        </Button>
      ) : null}
    </Card>
  );
  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/')}>政策匹配</NavBar>
      <Card className="hlm-card">
        <div style={{ fontWeight: 600 }}>{me.data?.name ?? <DotLoading />}</div>
        <div className="hlm-muted">
          按本企业已填写的信息匹配在有效期内的政策；每一条理由都注明出自政策的哪一条款。补充缺少的信息，结果随即更新。
        </div>
        <Button
          size="small"
          fill="outline"
          style={{ marginTop: 8 }}
          onClick={() => navigate('/enterprise-facts')}
        >
          查看和修改企业信息
        </Button>
      </Card>
      {pushes.data?.items.length ? (
        <List
          mode="card"
          header={
            <span data-testid="pushes-header">
              政策推送{' '}
              {pushes.data.unread ? <Badge content={pushes.data.unread} data-testid="pushes-unread" /> : null}
            </span>
          }
        >
          {pushes.data.items.slice(0, 5).map((p) => (
            <List.Item
              key={p.id}
              data-testid="policy-push"
              onClick={() => open(p.id)}
              description={`${p.sentAt.slice(0, 10)}${p.digest ? ' · 汇总推送' : ''}${p.appliedAt ? ' · 已申报' : ''}`}
              extra={p.readAt ? null : <Badge content={Badge.dot} />}
            >
              {p.title}
            </List.Item>
          ))}
        </List>
      ) : null}
      {matches.loading && !matches.data ? <DotLoading /> : null}
      {group('eligible').map(card)}
      {group('unknown').map(card)}
      {group('ineligible').length ? (
        <Collapse>
          <Collapse.Panel key="no" title={`暂不符合（${group('ineligible').length}）`}>
            {group('ineligible').map(card)}
          </Collapse.Panel>
        </Collapse>
      ) : null}
      {matches.data && items.length === 0 ? <Result status="info" title="暂无在有效期内的政策" /> : null}
      <Popup visible={asking !== null} onMaskClick={() => setAsking(null)} bodyStyle={{ padding: 16 }}>
        {asking ? <FactForm key={asking} fact={asking} onSaved={save} /> : null}
      </Popup>
      <Popup
        visible={focus !== null && asking === null}
        onMaskClick={() => setFocus(null)}
        bodyStyle={{ padding: 8, maxHeight: '80vh', overflowY: 'auto' }}
      >
        <div data-testid="push-match">
          {focus !== null
            ? (() => {
                const m = items.find((i) => i.policyId === focus);
                return m ? card(m) : <Result status="info" title="该政策已不在有效期内" />;
              })()
            : null}
        </div>
      </Popup>
    </div>
  );
}

/** 企业信息: every fact with its source and date; each can be supplied or corrected. */
export function EnterpriseFactsPage() {
  const navigate = useNavigate();
  const me = useGet<{ unitId: number }>('/me/enterprise');
  const unitId = me.data?.unitId;
  const facts = useGet<import('../../api/policies').EnterpriseFacts>(
    unitId ? `/enterprises/${unitId}/facts` : null,
  );
  const [asking, setAsking] = useState<FactKey | null>(null);
  const SOURCE = { self: '企业自报', import: '导入', staff: '工作人员登记' } as const;
  const save = async (value: unknown) => {
    if (!unitId || !asking) return;
    try {
      await api.put(`/enterprises/${unitId}/facts`, { facts: { [asking]: value } });
      Toast.show({ icon: 'success', content: '已保存' });
      setAsking(null);
      facts.reload();
    } catch (e) {
      Toast.show({ icon: 'fail', content: errorMessage(e) });
    }
  };
  const keys = Object.keys(FACT_KEYS) as FactKey[];
  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/policies')}>企业信息</NavBar>
      <Card className="hlm-card">
        {keys.map((k) => {
          const item = facts.data?.items.find((i) => i.key === k);
          return (
            <div
              key={k}
              style={{ padding: '6px 0', borderBottom: '1px solid #eee' }}
              onClick={() => setAsking(k)}
            >
              <div>
                {FACT_KEYS[k].label}：
                <b>{item ? describeActual({ fact: k, op: 'eq', actual: item.value }) : '未填写'}</b>
              </div>
              {item ? (
                <div className="hlm-muted" style={{ fontSize: 12 }}>
                  {SOURCE[item.source]} · 截至 {item.asOf}
                </div>
              ) : null}
            </div>
          );
        })}
      </Card>
      <Popup visible={asking !== null} onMaskClick={() => setAsking(null)} bodyStyle={{ padding: 16 }}>
        {asking ? <FactForm key={asking} fact={asking} onSaved={save} /> : null}
      </Popup>
    </div>
  );
}
