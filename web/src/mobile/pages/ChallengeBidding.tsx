import { Button, Dialog, Form, Input, List, Selector, Space, Tag, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { useGet } from '../../api/hooks';
import type { ChallengeBid, ChallengeDetail } from '../../api/projects';
import type { Id } from '../../api/types';
import { todayInChina } from '../../components/format';

type Milestone = { key: number; title: string; plannedOn: string; weight: string };

let rowKey = 0;

const BID_TAG_COLORS: Record<ChallengeBid['status'], string> = {
  submitted: 'primary',
  awarded: 'success',
  not_awarded: 'default',
  withdrawn: 'default',
};

/**
 * 揭榜挂帅 on the phone (我的联盟, decision 0028, addendum): an open challenge's conditions, reward and
 * window; the caller's own organization's bid with its status (withdrawn ones with their reason); a bid
 * to submit for its own organization while the window is open, and its own bid to edit or withdraw
 * (with a reason) until the deadline or the award. The server decides what may be done (`canBidFor`,
 * `canChange`); its messages are shown as they come.
 */
export function ChallengeSheet({ id, onChanged }: { id: Id; onChanged: () => void }) {
  const detail = useGet<ChallengeDetail>(`/challenges/${id}`);
  const [form, setForm] = useState<{ bid?: ChallengeBid } | null>(null);
  const c = detail.data;
  if (!c) return null;
  const changed = () => {
    setForm(null);
    detail.reload();
    onChanged();
  };
  const withdraw = async (b: ChallengeBid) => {
    let reason = '';
    const ok = await Dialog.confirm({
      title: '撤回揭榜方案',
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <span>撤回后该方案不参与评审和定榜；揭榜截止前本单位可以重新揭榜。</span>
          <TextArea
            placeholder="撤回理由（必填）"
            rows={3}
            maxLength={500}
            onChange={(v) => {
              reason = v;
            }}
          />
        </Space>
      ),
      confirmText: '撤回',
    });
    if (!ok) return;
    try {
      await api.post(`/challenges/${id}/bids/${b.id}/withdraw`, { reason: reason.trim() });
      Toast.show({ icon: 'success', content: '方案已撤回' });
      changed();
    } catch (e) {
      Toast.show({ icon: 'fail', content: errorMessage(e) });
    }
  };
  return (
    <div data-testid="challenge-sheet">
      <List header={c.title} mode="card">
        <List.Item extra={c.challenge ? <Tag color="primary">{c.challenge.stateLabel}</Tag> : null}>
          揭榜期限 {c.opensOn} 至 {c.closesOn}
        </List.Item>
        <List.Item description={c.posterOrgName}>发榜单位</List.Item>
        {c.description ? <List.Item description={c.description}>需要解决的问题</List.Item> : null}
        <List.Item description={c.conditions || '不限'}>揭榜条件</List.Item>
        {c.reward ? <List.Item description={c.reward}>奖励与说明</List.Item> : null}
        <List.Item extra={`${c.bidCount} 个单位`}>已揭榜</List.Item>
      </List>
      {c.bids.length > 0 ? (
        <List header="本单位的方案" mode="card" data-testid="challenge-my-bids">
          {c.bids.map((b) => (
            <List.Item
              key={b.id}
              description={
                b.status === 'withdrawn'
                  ? `撤回理由：${b.withdrawReason}`
                  : `负责人 ${b.leadName}，${b.milestones.length} 个节点${b.score !== null ? `，评审 ${b.score} 分` : ''}`
              }
              extra={<Tag color={BID_TAG_COLORS[b.status]}>{b.statusLabel}</Tag>}
            >
              {b.orgName}
              {b.canChange ? (
                <Space style={{ marginTop: 8 }}>
                  <Button size="mini" color="primary" fill="outline" onClick={() => setForm({ bid: b })}>
                    修改
                  </Button>
                  <Button size="mini" color="danger" fill="outline" onClick={() => void withdraw(b)}>
                    撤回
                  </Button>
                </Space>
              ) : null}
            </List.Item>
          ))}
        </List>
      ) : null}
      {c.canBidFor.length > 0 && !form ? (
        <div style={{ padding: '0 12px 12px' }}>
          <Button block color="primary" onClick={() => setForm({})} data-testid="challenge-bid">
            揭榜（提交方案）
          </Button>
        </div>
      ) : null}
      {form ? <BidForm c={c} bid={form.bid} onDone={changed} onCancel={() => setForm(null)} /> : null}
    </div>
  );
}

function BidForm({
  c,
  bid,
  onDone,
  onCancel,
}: {
  c: ChallengeDetail;
  bid: ChallengeBid | undefined;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [orgId, setOrgId] = useState<Id | undefined>(bid?.orgId ?? c.canBidFor[0]?.orgId);
  const [plan, setPlan] = useState(bid?.plan ?? '');
  const [leadName, setLeadName] = useState(bid?.leadName ?? '');
  const [milestones, setMilestones] = useState<Milestone[]>(
    bid
      ? bid.milestones.map((m) => ({ ...m, key: ++rowKey, weight: String(m.weight) }))
      : [
          {
            key: ++rowKey,
            title: '',
            plannedOn: todayInChina().add(30, 'day').format('YYYY-MM-DD'),
            weight: '100',
          },
        ],
  );
  const [busy, setBusy] = useState(false);
  const set = (i: number, patch: Partial<Milestone>) =>
    setMilestones((ms) => ms.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  const total = milestones.reduce((n, m) => n + (Number(m.weight) || 0), 0);
  const submit = async () => {
    setBusy(true);
    try {
      const body = {
        ...(bid?.teamId ? { teamId: bid.teamId } : {}),
        plan: plan.trim(),
        leadName: leadName.trim(),
        milestones: milestones.map((m) => ({
          title: m.title.trim(),
          plannedOn: m.plannedOn,
          weight: Number(m.weight),
        })),
      };
      if (bid) await api.put(`/challenges/${c.id}/bids/${bid.id}`, body);
      else await api.post(`/challenges/${c.id}/bids`, { orgId, ...body });
      Toast.show({ icon: 'success', content: bid ? '方案已修改' : '已揭榜，等待发榜单位评审' });
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
      data-testid="challenge-bid-form"
      footer={
        <Space direction="vertical" block>
          <Button block color="primary" loading={busy} onClick={submit}>
            {bid ? '保存修改' : '提交方案'}
          </Button>
          <Button block onClick={onCancel}>
            取消
          </Button>
        </Space>
      }
    >
      <Form.Item label="揭榜单位" required>
        {bid ? (
          bid.orgName
        ) : (
          <Selector
            columns={1}
            options={c.canBidFor.map((o) => ({ label: o.name, value: String(o.orgId) }))}
            value={orgId ? [String(orgId)] : []}
            onChange={(v) => setOrgId(v[0] ? Number(v[0]) : undefined)}
          />
        )}
      </Form.Item>
      <Form.Item label="实施方案" required>
        <TextArea value={plan} rows={4} maxLength={4000} onChange={setPlan} />
      </Form.Item>
      <Form.Item label="项目负责人" required>
        <Input value={leadName} maxLength={50} onChange={setLeadName} />
      </Form.Item>
      <Form.Item label={`实施节点（权重合计 100，当前 ${total}）`} required>
        <Space direction="vertical" block>
          {milestones.map((m, i) => (
            <Space
              key={m.key}
              direction="vertical"
              block
              style={{ borderBottom: '1px solid #eee', paddingBottom: 8 }}
            >
              <Input
                placeholder="节点名称"
                value={m.title}
                maxLength={200}
                onChange={(v) => set(i, { title: v })}
              />
              <Input type="date" value={m.plannedOn} onChange={(v) => set(i, { plannedOn: v })} />
              <Space align="center">
                <Input
                  type="number"
                  placeholder="权重"
                  value={m.weight}
                  style={{ width: 80 }}
                  onChange={(v) => set(i, { weight: v })}
                />
                {milestones.length > 1 ? (
                  <Button
                    size="mini"
                    fill="none"
                    color="danger"
                    onClick={() => setMilestones((ms) => ms.filter((_, j) => j !== i))}
                  >
                    删除节点
                  </Button>
                ) : null}
              </Space>
            </Space>
          ))}
          <Button
            size="small"
            onClick={() =>
              setMilestones((ms) => [...ms, { key: ++rowKey, title: '', plannedOn: '', weight: '' }])
            }
          >
            增加节点
          </Button>
        </Space>
      </Form.Item>
    </Form>
  );
}
