import { Button, ErrorBlock, Form, Input, List, NavBar, Selector, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, errorMessage } from '../../api/client';
import { useGet } from '../../api/hooks';
import { type Pairing, type PairingDetail, shortVillage } from '../../api/pairing';
import type { Id } from '../../api/types';
import { todayInChina } from '../../components/format';

/**
 * 结对走访 (组团帮扶, decision 0026): the helping party's staff log a visit on the spot — the pairing, the
 * date, who went, what was done and the problems found (the console turns a problem into a case).
 */
export default function PairingVisitPage() {
  const navigate = useNavigate();
  const list = useGet<{ items: Pairing[]; total: number }>('/pairings', { pageSize: 50 });
  const mine = (list.data?.items ?? []).filter((p) => p.canRecord);
  const [picked, setPicked] = useState<Id | undefined>();
  const pairingId = picked ?? (mine.length === 1 ? mine[0]!.id : undefined);
  const detail = useGet<PairingDetail>(pairingId ? `/pairings/${pairingId}` : null);
  const [visitedOn, setVisitedOn] = useState(todayInChina().format('YYYY-MM-DD'));
  const [visitors, setVisitors] = useState('');
  const [done, setDone] = useState('');
  const [problems, setProblems] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!pairingId) return void Toast.show({ content: '请选择结对村' });
    if (!visitors.trim() || !done.trim()) return void Toast.show({ content: '请填写走访人员和走访内容' });
    setBusy(true);
    try {
      await api.post(`/pairings/${pairingId}/visits`, {
        visitedOn,
        visitors,
        done,
        problems: problems
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean),
      });
      Toast.show({ icon: 'success', content: '走访已登记' });
      setDone('');
      setProblems('');
      detail.reload();
    } catch (e) {
      Toast.show({ icon: 'fail', content: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/')}>结对走访</NavBar>
      {list.data && mine.length === 0 ? (
        <ErrorBlock status="empty" title="没有可登记的结对" description="本单位今年没有结对帮扶的村" />
      ) : (
        <Form
          layout="vertical"
          footer={
            <Button block color="primary" size="large" loading={busy} onClick={submit}>
              登记走访
            </Button>
          }
        >
          <Form.Item label="结对村" required>
            <Selector
              columns={1}
              options={mine.map((p) => ({
                label: `${shortVillage(p.villageName)}（${p.helperName}）`,
                value: String(p.id),
              }))}
              value={pairingId ? [String(pairingId)] : []}
              onChange={(v) => setPicked(v[0] ? Number(v[0]) : undefined)}
            />
          </Form.Item>
          <Form.Item label="走访日期" required>
            <Input type="date" value={visitedOn} onChange={setVisitedOn} />
          </Form.Item>
          <Form.Item label="走访人员" required>
            <Input
              placeholder="如：局党组书记、驻村第一书记"
              value={visitors}
              maxLength={200}
              onChange={setVisitors}
            />
          </Form.Item>
          <Form.Item label="做了什么" required>
            <TextArea value={done} rows={3} maxLength={2000} onChange={setDone} />
          </Form.Item>
          <Form.Item label="发现的问题（每行一个）">
            <TextArea value={problems} rows={3} onChange={setProblems} />
          </Form.Item>
        </Form>
      )}
      {detail.data ? (
        <List header={`${detail.data.villageName} · 最近走访`} mode="card" data-testid="pairing-visits">
          {detail.data.visits.slice(0, 5).map((v) => (
            <List.Item key={v.id} description={v.visitors}>
              {`${v.visitedOn} ${v.done}`}
            </List.Item>
          ))}
        </List>
      ) : null}
    </div>
  );
}
