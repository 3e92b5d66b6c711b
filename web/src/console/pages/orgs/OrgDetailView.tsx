import {
  ApartmentOutlined,
  DeleteOutlined,
  EditOutlined,
  ExportOutlined,
  PlusOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import {
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Empty,
  Result,
  Skeleton,
  Space,
  Switch,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useGet } from '../../../api/hooks';
import {
  type HistoryItem,
  type Id,
  type OrgDetail,
  type OrgItem,
  type Page,
  sameId,
} from '../../../api/types';
import { fieldLabel } from '../../../components/fieldLabels';
import { EMPTY, formatDate, formatDateTime, formatValue } from '../../../components/format';
import { ORG_TYPE_LABELS } from '../../../domain';
import { OrgSetupPanel } from '../orgsetup/OrgSetupPanel';
import { CreateOrgModal, DissolveOrgModal, EditOrgModal, MoveOrgModal } from './OrgForms';

export type OrgChange = 'created' | 'updated' | 'moved' | 'dissolved';

interface Props {
  orgId: Id;
  /** Called after a change so that a surrounding tree can refresh. */
  onChanged?: (change: OrgChange, org: OrgDetail) => void;
  /** How to open another organization (the tree page selects it; the detail page navigates). */
  renderOrgLink?: (id: Id, name: string) => React.ReactNode;
  /** Show the "open in its own page" link (in the tree page's side panel). */
  showOpenLink?: boolean;
}

type Dialog = 'create' | 'edit' | 'move' | 'dissolve' | null;

export const NOT_FOUND_TEXT = '未找到该党组织，或您无权查看';

export function OrgStatusTag({ status }: { status: OrgItem['status'] }) {
  return status === 'dissolved' ? <Tag>已撤销</Tag> : <Tag color="green">正常</Tag>;
}

const defaultLink = (id: Id, name: string) => <Link to={`/orgs/${id}`}>{name}</Link>;

/** One organization: its facts, its direct children and its change history, with the actions the caller may take. */
export function OrgDetailView({ orgId, onChanged, renderOrgLink = defaultLink, showOpenLink }: Props) {
  const detail = useGet<OrgDetail>(`/orgs/${orgId}`);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [historyTick, setHistoryTick] = useState(0);
  const [childrenTick, setChildrenTick] = useState(0);

  if (detail.error) {
    return detail.error.status === 404 ? (
      <Card>
        <Result status="404" title={NOT_FOUND_TEXT} />
      </Card>
    ) : (
      <Card>
        <Result
          status="error"
          title="加载党组织信息失败"
          subTitle={detail.error.userMessage}
          extra={<Button onClick={detail.reload}>重新加载</Button>}
        />
      </Card>
    );
  }
  const org = detail.data && sameId(detail.data.id, orgId) ? detail.data : undefined;
  if (!org) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }

  const actions = new Set(org.actions);
  const active = org.status === 'active';
  const done = (change: OrgChange) => () => {
    setDialog(null);
    detail.reload();
    setHistoryTick((n) => n + 1);
    setChildrenTick((n) => n + 1);
    onChanged?.(change, org);
  };

  const breadcrumb = org.ancestors.length ? (
    <Breadcrumb
      items={org.ancestors.map((a) => ({ key: String(a.id), title: renderOrgLink(a.id, a.name) }))}
    />
  ) : (
    <Typography.Text type="secondary">
      {org.parentId === null ? '无（顶层组织）' : '上级组织不在您的查看范围内'}
    </Typography.Text>
  );

  const buttons = [
    active && actions.has('org.create') ? (
      <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setDialog('create')}>
        新建下级组织
      </Button>
    ) : null,
    actions.has('org.update') ? (
      <Button key="edit" icon={<EditOutlined />} onClick={() => setDialog('edit')}>
        修改
      </Button>
    ) : null,
    active && actions.has('org.move') ? (
      <Button key="move" icon={<SwapOutlined />} onClick={() => setDialog('move')}>
        调整隶属关系
      </Button>
    ) : null,
    active && actions.has('org.dissolve') ? (
      <Button key="dissolve" danger icon={<DeleteOutlined />} onClick={() => setDialog('dissolve')}>
        撤销
      </Button>
    ) : null,
  ].filter(Boolean);

  return (
    <div className="hl-stack" data-testid="org-detail">
      <Card
        title={
          <Space size={8} wrap>
            <ApartmentOutlined style={{ color: '#c8161d' }} />
            <span className={active ? undefined : 'hl-dissolved'}>{org.name}</span>
            <Tag>{org.typeLabel}</Tag>
            <OrgStatusTag status={org.status} />
          </Space>
        }
        extra={
          showOpenLink ? (
            <Link to={`/orgs/${org.id}`}>
              <ExportOutlined /> 详情页
            </Link>
          ) : null
        }
      >
        {buttons.length > 0 ? (
          <Space wrap size={8} className="hl-org-actions">
            {buttons}
          </Space>
        ) : null}
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 3 }}
          styles={{ label: { width: 136, whiteSpace: 'nowrap' } }}
          items={[
            { key: 'name', label: '名称', children: org.name },
            { key: 'type', label: '类型', children: org.typeLabel },
            { key: 'parent', label: '上级组织', children: breadcrumb, span: 'filled' },
            {
              key: 'unit',
              label: '所在单位',
              children: org.unit ? (
                <Space size={4} wrap>
                  <span>{org.unit.name}</span>
                  <Tag>{org.unit.kindLabel}</Tag>
                  {org.unit.creditCode ? (
                    <Typography.Text type="secondary" copyable>
                      {org.unit.creditCode}
                    </Typography.Text>
                  ) : null}
                </Space>
              ) : (
                (org.unitName ?? EMPTY)
              ),
            },
            {
              key: 'region',
              label: '行政区划',
              children: org.regionName
                ? `${org.regionName}（${org.regionCode ?? ''}）`
                : (org.regionCode ?? EMPTY),
            },
            { key: 'established', label: '成立日期', children: formatDate(org.establishedOn) },
            { key: 'status', label: '状态', children: <OrgStatusTag status={org.status} /> },
            { key: 'children', label: '下级组织数', children: org.counts.children },
            { key: 'descendants', label: '全部下属组织数', children: org.counts.descendants },
            ...(active
              ? []
              : [
                  { key: 'dissolvedOn', label: '撤销日期', children: formatDate(org.dissolvedOn) },
                  { key: 'dissolveReason', label: '撤销原因', children: org.dissolveReason ?? EMPTY },
                ]),
          ]}
        />
      </Card>

      <ChildrenCard org={org} tick={childrenTick} renderOrgLink={renderOrgLink} />
      <OrgSetupPanel key={org.id} orgId={org.id} active={active} />
      <HistoryCard orgId={org.id} tick={historyTick} />

      {dialog === 'create' ? (
        <CreateOrgModal org={org} onClose={() => setDialog(null)} onDone={done('created')} />
      ) : null}
      {dialog === 'edit' ? (
        <EditOrgModal org={org} onClose={() => setDialog(null)} onDone={done('updated')} />
      ) : null}
      {dialog === 'move' ? (
        <MoveOrgModal org={org} onClose={() => setDialog(null)} onDone={done('moved')} />
      ) : null}
      {dialog === 'dissolve' ? (
        <DissolveOrgModal org={org} onClose={() => setDialog(null)} onDone={done('dissolved')} />
      ) : null}
    </div>
  );
}

/** Fetch again whenever the parent bumps `tick` (after a change it made). */
function useReloadOn(tick: number, reload: () => void) {
  useEffect(() => {
    if (tick > 0) reload();
  }, [tick, reload]);
}

function ChildrenCard({
  org,
  tick,
  renderOrgLink,
}: {
  org: OrgDetail;
  tick: number;
  renderOrgLink: (id: Id, name: string) => React.ReactNode;
}) {
  const [includeDissolved, setIncludeDissolved] = useState(false);
  const children = useGet<Page<OrgItem>>('/orgs', {
    parentId: org.id,
    includeDissolved: includeDissolved || undefined,
  });
  useReloadOn(tick, children.reload);
  return (
    <Card
      title="下级组织"
      size="small"
      extra={
        <Space size={6}>
          <Switch
            size="small"
            checked={includeDissolved}
            onChange={setIncludeDissolved}
            aria-label="含已撤销"
          />
          <span>含已撤销</span>
        </Space>
      }
    >
      <Table<OrgItem>
        size="small"
        rowKey="id"
        loading={children.loading}
        dataSource={children.data?.items ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 个` }}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={children.error ? children.error.userMessage : '暂无下级组织'}
            />
          ),
        }}
        rowClassName={(r) => (r.status === 'dissolved' ? 'hl-row-dissolved' : '')}
        columns={[
          { title: '名称', dataIndex: 'name', render: (name: string, r) => renderOrgLink(r.id, name) },
          { title: '类型', dataIndex: 'typeLabel', width: 120 },
          {
            title: '所在单位',
            dataIndex: 'unitName',
            width: 200,
            ellipsis: true,
            render: (v: string | null) => v ?? EMPTY,
          },
          {
            title: '行政区划',
            dataIndex: 'regionName',
            width: 140,
            render: (v: string | null, r) => v ?? r.regionCode ?? EMPTY,
          },
          { title: '下级组织数', dataIndex: 'childCount', width: 100, align: 'right' },
          {
            title: '状态',
            dataIndex: 'status',
            width: 90,
            render: (s: OrgItem['status']) => <OrgStatusTag status={s} />,
          },
        ]}
      />
    </Card>
  );
}

/** Internal bookkeeping the history need not show (the materialized path repeats the parent change). */
const HIDDEN_HISTORY_KEYS = new Set(['path', 'id', 'updatedAt', 'createdAt']);

/** Codes in a snapshot shown with their Chinese names (type: branch → 党支部). */
function displayValue(key: string, value: unknown): string {
  if (typeof value === 'string') {
    if (key === 'type') return ORG_TYPE_LABELS[value] ?? value;
    if (key === 'status') return value === 'dissolved' ? '已撤销' : value === 'active' ? '正常' : value;
  }
  return formatValue(value);
}

/** One line per changed field: 名称：旧 → 新. */
function changeSummary(item: HistoryItem): string[] {
  const before = (item.before && typeof item.before === 'object' ? item.before : {}) as Record<
    string,
    unknown
  >;
  const after = (item.after && typeof item.after === 'object' ? item.after : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((k) => !HIDDEN_HISTORY_KEYS.has(k))
    .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
    .filter(
      (k) =>
        !k.endsWith('Id') || (!(`${k.slice(0, -2)}Name` in after) && !(`${k.slice(0, -2)}Name` in before)),
    )
    .map((k) =>
      k in before && item.before
        ? `${fieldLabel(k)}：${displayValue(k, before[k])} → ${displayValue(k, after[k])}`
        : `${fieldLabel(k)}：${displayValue(k, after[k])}`,
    );
}

function HistoryCard({ orgId, tick }: { orgId: Id; tick: number }) {
  const history = useGet<Page<HistoryItem>>(`/orgs/${orgId}/history`);
  useReloadOn(tick, history.reload);
  const items = history.data?.items ?? [];
  return (
    <Card title="变更记录" size="small" loading={history.loading && !history.data}>
      {history.error ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={history.error.userMessage} />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无变更记录" />
      ) : (
        <Timeline
          className="hl-history"
          items={items.map((item) => ({
            key: item.id,
            color: item.action.includes('dissolve')
              ? 'gray'
              : item.action.includes('create')
                ? 'green'
                : 'blue',
            content: (
              <div>
                <Space size={12} wrap>
                  <Typography.Text strong>{item.actionLabel}</Typography.Text>
                  <Typography.Text type="secondary">{formatDateTime(item.at)}</Typography.Text>
                  <Typography.Text type="secondary">操作人：{item.actorName ?? '系统'}</Typography.Text>
                </Space>
                {changeSummary(item).map((line) => (
                  <div key={line} className="hl-history-line">
                    {line}
                  </div>
                ))}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
