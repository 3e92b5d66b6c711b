import { SyncOutlined, TrophyOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Checkbox,
  Col,
  Input,
  List,
  Modal,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useCallback, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../../api/client';
import { useGet } from '../../../api/hooks';
import type { Id, KeysetPage, Page } from '../../../api/types';
import { useUser } from '../../../components/auth';
import { formatDate, formatDateTime, todayInChina } from '../../../components/format';
import { keysetFooter, useKeysetPages } from '../../../components/keysetPages';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { Chart } from '../../Chart';
import { useFeedback } from '../../feedback';
import { PageContainer } from '../../PageContainer';
import type { FindingItem, Overview, PublishedList } from './types';

export function SeverityTag({
  f,
}: {
  f: Pick<FindingItem, 'severity' | 'status' | 'statusLabel' | 'severityLabel' | 'escalationLevel'>;
}) {
  if (f.status === 'resolved') return <Tag color="success">{f.statusLabel}</Tag>;
  return (
    <Space size={4}>
      <Tag color={f.severity === 'finding' ? 'error' : 'warning'}>{f.severityLabel}</Tag>
      {f.escalationLevel > 0 ? <Tag color="volcano">督办 {f.escalationLevel} 级</Tag> : null}
    </Space>
  );
}

/**
 * 合规监测: for an organization department, the state of every organization under it — open findings
 * by rule and by child organization, the 擂台比武 ranking, the 红黑榜 that can be published — each
 * figure with its definition, and a drill-down to the organizations and findings behind it.
 */
const PAGE_SIZE = 20;

export default function CompliancePage() {
  const user = useUser();
  const { message, showError } = useFeedback();
  const [params, setParams] = useSearchParams();
  const orgId: Id | undefined = params.get('org') ?? user.roles[0]?.orgId ?? undefined;
  const rule = params.get('rule') ?? undefined;
  const status = params.get('status') ?? 'open';
  const severity = params.get('severity') ?? undefined;
  const overdue = params.get('overdue') === 'true' ? 'true' : undefined;
  const pages = useKeysetPages();
  const { reset: firstPage } = pages;
  const [sweeping, setSweeping] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [title, setTitle] = useState(`${todayInChina().year()}年${todayInChina().month() + 1}月红黑榜`);

  const overview = useGet<Overview>('/compliance/overview', { orgId });
  const findings = useGet<KeysetPage<FindingItem>>('/compliance/findings', {
    orgId,
    rule,
    status,
    severity,
    overdue,
    pageSize: PAGE_SIZE,
    cursor: pages.cursor,
  });
  const lists = useGet<Page<PublishedList>>('/compliance/lists', { orgId });
  const data = overview.data;
  const def = (key: string) => data?.definitions.find((d) => d.key === key)?.definition;

  const set = useCallback(
    (changes: Record<string, string | undefined>) => {
      firstPage();
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === undefined) next.delete(k);
          else next.set(k, v);
        }
        return next;
      });
    },
    [setParams, firstPage],
  );

  const sweep = async () => {
    if (!orgId) return;
    setSweeping(true);
    try {
      const r = await api.post<{
        rules: Array<{ opened: number; resolved: number }>;
        reminders: number;
        ms: number;
      }>('/compliance/sweep', { orgId });
      const opened = r.rules.reduce((n, x) => n + x.opened, 0);
      const resolved = r.rules.reduce((n, x) => n + x.resolved, 0);
      message.success(
        `检查完成：新发现 ${opened} 个，自动销号 ${resolved} 个，新提醒 ${r.reminders} 条（${r.ms} 毫秒）`,
      );
      overview.reload();
      findings.reload();
    } catch (err) {
      showError(err);
    } finally {
      setSweeping(false);
    }
  };

  const publish = async () => {
    try {
      await api.post('/compliance/lists', { orgId, title });
      message.success('红黑榜已发布');
      setPublishing(false);
      lists.reload();
    } catch (err) {
      showError(err);
    }
  };

  const chart = data
    ? {
        tooltip: { trigger: 'axis' },
        legend: { data: ['问题', '预警'], top: 0 },
        grid: { left: 40, right: 20, top: 36, bottom: 90 },
        xAxis: {
          type: 'category',
          data: data.byRule.map((r) => `${r.code} ${r.name}`),
          axisLabel: { rotate: 20, fontSize: 11 },
        },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          {
            name: '问题',
            type: 'bar',
            stack: 'a',
            data: data.byRule.map((r) => r.findings),
            itemStyle: { color: '#c81623' },
          },
          {
            name: '预警',
            type: 'bar',
            stack: 'a',
            data: data.byRule.map((r) => r.warnings),
            itemStyle: { color: '#faad14' },
          },
        ],
      }
    : undefined;

  const stat = (key: keyof Overview['totals'], label: string, suffix?: string) => (
    <Col xs={12} md={8} lg={4} key={key}>
      <Card size="small" loading={overview.loading}>
        <Tooltip title={def(key)}>
          <Statistic
            title={<span className="hl-dotted">{label}</span>}
            value={data?.totals[key] ?? 0}
            suffix={suffix}
          />
        </Tooltip>
      </Card>
    </Col>
  );

  return (
    <PageContainer
      title="合规监测"
      subTitle="按检查规则自动发现问题、提醒责任人、超期提级督办；数据整改后自动销号"
      extra={
        <Space wrap>
          <div style={{ width: 320 }}>
            <OrgTreeSelect
              id="compliance-org"
              value={orgId}
              initialLabel={data?.org.name}
              allowClear={false}
              onChange={(v) => (v === undefined ? undefined : set({ org: String(v), rule: undefined }))}
            />
          </div>
          {data?.canSupervise ? (
            <Button icon={<SyncOutlined spin={sweeping} />} loading={sweeping} onClick={sweep}>
              立即检查
            </Button>
          ) : null}
        </Space>
      }
    >
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {stat('orgs', '党组织数')}
        {stat('findings', '未整改问题')}
        {stat('warnings', '预警')}
        {stat('escalated', '督办中')}
        {stat('compliantRate', '合规率', '%')}
        {stat('resolved30', '近30日销号')}
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title="按检查规则"
            extra={<span className="hl-muted">点击柱子查看该规则的问题</span>}
          >
            <Chart
              option={chart}
              empty={data !== undefined && data.byRule.length === 0}
              emptyText="该范围内没有问题或预警"
              height={300}
              onEvents={{
                click: (e: { dataIndex: number }) => set({ rule: data?.byRule[e.dataIndex]?.code }),
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={
              <span>
                <TrophyOutlined /> 擂台比武 · 红黑榜
              </span>
            }
            extra={
              data?.canSupervise ? (
                <Button size="small" onClick={() => setPublishing(true)}>
                  发布红黑榜
                </Button>
              ) : null
            }
          >
            <Row gutter={12}>
              <Col span={12}>
                <Typography.Text strong style={{ color: '#c81623' }}>
                  红榜
                </Typography.Text>
                <List
                  size="small"
                  dataSource={data?.red ?? []}
                  locale={{ emptyText: '下级组织不足3个' }}
                  renderItem={(o) => (
                    <List.Item>
                      {o.name}
                      <Typography.Text type="secondary">问题率 {o.rate}</Typography.Text>
                    </List.Item>
                  )}
                />
              </Col>
              <Col span={12}>
                <Typography.Text strong>黑榜</Typography.Text>
                <List
                  size="small"
                  dataSource={data?.black ?? []}
                  locale={{ emptyText: '暂无' }}
                  renderItem={(o) => (
                    <List.Item>
                      {o.name}
                      <Typography.Text type="danger">{o.findings} 个问题</Typography.Text>
                    </List.Item>
                  )}
                />
              </Col>
            </Row>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
              {def('rate')}。{def('red')}；{def('black')}。
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
      <Card size="small" title="下级组织排名（擂台比武）" style={{ marginTop: 12 }}>
        <Table
          rowKey="orgId"
          size="small"
          loading={overview.loading}
          dataSource={data?.byChild ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: '名次', dataIndex: 'rank', width: 70 },
            {
              title: '党组织',
              dataIndex: 'name',
              render: (name: string, r) => (
                <Button
                  type="link"
                  size="small"
                  onClick={() => set({ org: String(r.orgId), rule: undefined })}
                >
                  {name}
                </Button>
              ),
            },
            { title: <Tooltip title={def('orgs')}>党组织数</Tooltip>, dataIndex: 'orgs', width: 100 },
            {
              title: <Tooltip title={def('findings')}>未整改问题</Tooltip>,
              dataIndex: 'findings',
              width: 110,
            },
            { title: <Tooltip title={def('warnings')}>预警</Tooltip>, dataIndex: 'warnings', width: 80 },
            { title: <Tooltip title={def('escalated')}>督办中</Tooltip>, dataIndex: 'escalated', width: 90 },
            { title: <Tooltip title={def('rate')}>问题率</Tooltip>, dataIndex: 'rate', width: 90 },
          ]}
        />
      </Card>
      <Card
        size="small"
        title="问题清单"
        style={{ marginTop: 12 }}
        extra={
          <Space>
            <Select
              allowClear
              mode="multiple"
              maxTagCount="responsive"
              placeholder="全部规则"
              aria-label="规则"
              style={{ width: 260 }}
              value={rule ? rule.split(',') : []}
              onChange={(v: string[]) => set({ rule: v.length ? v.join(',') : undefined })}
              options={(data?.byRule ?? []).map((r) => ({ value: r.code, label: `${r.code} ${r.name}` }))}
            />
            <Select
              allowClear
              placeholder="问题和预警"
              aria-label="级别"
              style={{ width: 120 }}
              value={severity}
              onChange={(v) => set({ severity: v })}
              options={[
                { value: 'finding', label: '问题' },
                { value: 'warning', label: '预警' },
              ]}
            />
            <Select
              style={{ width: 120 }}
              value={status}
              onChange={(v) => set({ status: v, overdue: v === 'open' ? overdue : undefined })}
              options={[
                { value: 'open', label: '未整改' },
                { value: 'resolved', label: '已销号' },
              ]}
            />
            <Checkbox
              checked={overdue === 'true'}
              disabled={status !== 'open'}
              onChange={(e) => set({ overdue: e.target.checked ? 'true' : undefined })}
            >
              仅看逾期
            </Checkbox>
          </Space>
        }
      >
        <Table
          rowKey="id"
          size="small"
          loading={findings.loading}
          dataSource={findings.data?.items ?? []}
          pagination={false}
          footer={keysetFooter(findings.data, {
            pageSize: PAGE_SIZE,
            pages,
            unit: '个',
            loading: findings.loading,
          })}
          columns={[
            {
              title: '规则',
              width: 80,
              render: (_, f) => (
                <Tooltip title={f.rule.citation}>
                  <Tag>{f.rule.code}</Tag>
                </Tooltip>
              ),
            },
            { title: '党组织', dataIndex: 'orgName', width: 220 },
            {
              title: '问题',
              dataIndex: 'message',
              render: (m: string, f) => <Link to={`/compliance/findings/${f.id}`}>{m}</Link>,
            },
            { title: '起始', dataIndex: 'since', width: 110, render: formatDate },
            { title: '状态', width: 150, render: (_, f) => <SeverityTag f={f} /> },
            { title: '发现时间', dataIndex: 'openedAt', width: 150, render: formatDateTime },
          ]}
        />
      </Card>
      {lists.data?.items.length ? (
        <Card size="small" title="已发布的红黑榜" style={{ marginTop: 12 }}>
          <List
            size="small"
            dataSource={lists.data.items}
            renderItem={(l) => (
              <List.Item>
                <Space direction="vertical" size={0}>
                  <Typography.Text strong>{l.title}</Typography.Text>
                  <Typography.Text type="secondary">
                    红榜：{l.red.map((o) => o.name).join('、') || '无'}；黑榜：
                    {l.black.map((o) => o.name).join('、') || '无'}
                  </Typography.Text>
                </Space>
                <Typography.Text type="secondary">
                  {l.publishedBy} 发布于 {formatDateTime(l.publishedAt)}
                </Typography.Text>
              </List.Item>
            )}
          />
        </Card>
      ) : null}
      <Modal
        title="发布红黑榜"
        open={publishing}
        onOk={publish}
        onCancel={() => setPublishing(false)}
        okText="发布"
      >
        <p>按当前排名保存一份快照，记录发布人和时间，下级组织可以查看。</p>
        <Input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={100} />
      </Modal>
    </PageContainer>
  );
}
