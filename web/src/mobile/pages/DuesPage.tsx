import {
  Button,
  Card,
  Dialog,
  DotLoading,
  ErrorBlock,
  List,
  NavBar,
  NoticeBar,
  Tag,
  Toast,
} from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, errorMessage } from '../../api/client';
import { citation, LEDGER_STATUS, type LedgerStatus, type MyDues } from '../../api/dues';
import { useGet } from '../../api/hooks';
import { formatDateTime, formatRate, formatYuan, todayInChina } from '../../components/format';
import { DUES_RULES } from '../../domain';

const TAG_COLOR: Record<LedgerStatus, 'danger' | 'warning' | 'success' | 'default'> = {
  unpaid: 'danger',
  partial: 'warning',
  paid: 'success',
  exempt: 'default',
};

/**
 * 我的党费: this year's base and monthly amount with its rule, the member's confirmation, the last
 * 12 months and what is owed. Paying happens at the branch: there is no online payment here.
 */
export default function DuesPage() {
  const navigate = useNavigate();
  const mine = useGet<MyDues>('/me/dues');
  const [confirming, setConfirming] = useState(false);
  const year = todayInChina().year();
  const base = mine.data?.bases.find((b) => b.year === year);

  const confirm = async () => {
    if (!base) return;
    const ok = await Dialog.confirm({
      title: `确认 ${year} 年党费`,
      content: `每月交纳 ${formatYuan(base.adjustment === 'exempt' ? 0 : base.adjustment === 'reduced' ? base.reducedFen : base.monthlyFen)}。如有出入，请联系所在党支部重新核定。`,
      confirmText: '确认无误',
      cancelText: '再看看',
    });
    if (!ok) return;
    setConfirming(true);
    try {
      await api.post('/me/dues/confirm', { year });
      Toast.show({ icon: 'success', content: '已确认' });
      mine.reload();
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(err) });
    } finally {
      setConfirming(false);
    }
  };

  return (
    <div className="hlm-page">
      <NavBar onBack={() => navigate('/')} backArrow>
        我的党费
      </NavBar>
      {mine.loading && !mine.data ? (
        <div className="hlm-center">
          <DotLoading color="primary" />
          <span>加载中</span>
        </div>
      ) : mine.error ? (
        <ErrorBlock status="empty" title="暂无党费信息" description={mine.error.userMessage} />
      ) : mine.data ? (
        <>
          <div className="hlm-dues-head">
            <div className="hlm-dues-label">{mine.data.owedFen > 0 ? '目前欠交' : '目前没有欠交'}</div>
            <div className="hlm-dues-owed" data-testid="dues-owed">
              {formatYuan(mine.data.owedFen)}
            </div>
            <div className="hlm-dues-note">党费请向所在党支部交纳</div>
          </div>

          <Card title={`${year} 年核定`} className="hlm-card">
            {base ? (
              <>
                <List className="hlm-dues-list">
                  <List.Item extra={base.categoryLabel}>党费类别</List.Item>
                  {base.category === 'flat' ? null : (
                    <List.Item extra={formatYuan(base.baseFen)}>计算基数</List.Item>
                  )}
                  <List.Item extra={base.rate ? formatRate(base.rate) : '定额'}>费率</List.Item>
                  <List.Item extra={<strong>{formatYuan(base.monthlyFen)}</strong>}>每月应交</List.Item>
                  {base.adjustment === 'exempt' ? <List.Item extra="免交">减免</List.Item> : null}
                  {base.adjustment === 'reduced' ? (
                    <List.Item extra={`减交为 ${formatYuan(base.reducedFen)}`}>减免</List.Item>
                  ) : null}
                </List>
                <div className="hlm-dues-rule">
                  {base.ruleId}：{citation(DUES_RULES[base.category])}
                </div>
                <div className="hlm-dues-confirm">
                  {base.confirmedAt ? (
                    <span className="hlm-muted" data-testid="dues-confirmed">
                      已于 {formatDateTime(base.confirmedAt)} 确认
                    </span>
                  ) : (
                    <Button block color="primary" loading={confirming} onClick={() => void confirm()}>
                      确认本年度党费
                    </Button>
                  )}
                </div>
              </>
            ) : (
              <span className="hlm-muted">党支部尚未核定您 {year} 年的党费，请联系所在党支部。</span>
            )}
          </Card>

          <List header="最近 12 个月" mode="card">
            {mine.data.ledger.length === 0 ? <List.Item>暂无记录</List.Item> : null}
            {mine.data.ledger.map((l) => (
              <List.Item
                key={l.month}
                description={l.status === 'partial' ? `已交 ${formatYuan(l.paidFen)}` : undefined}
                extra={
                  <span className="hlm-dues-month">
                    {formatYuan(l.dueFen)}
                    <Tag color={TAG_COLOR[l.status]} fill="outline">
                      {LEDGER_STATUS[l.status].label}
                    </Tag>
                  </span>
                }
              >
                {l.month}
              </List.Item>
            ))}
          </List>
          <NoticeBar
            className="hlm-dues-notice"
            color="info"
            wrap
            content="本页面只供查看和确认，不提供在线缴费。请向所在党支部交纳党费，按规定不得由他人代交。"
          />
        </>
      ) : null}
    </div>
  );
}
