import { Button, Card, DatePicker, Descriptions, Drawer, Empty, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useGet } from '../../../api/hooks';
import type { AuditItem, Id, Page } from '../../../api/types';
import { useAuth } from '../../../components/auth';
import { DiffTable } from '../../../components/DiffTable';
import { EMPTY, formatDateTimeSeconds } from '../../../components/format';
import { UserSelect } from '../../../components/RemoteSelect';
import { PageContainer } from '../../PageContainer';

interface Filters {
  actorId?: Id;
  entityType?: string;
  action?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

/**
 * Codes and labels of entity types and actions seen so far, so the filters can offer them
 * (the catalogue has no list of them yet).
 */
function useSeenLabels(items: AuditItem[] | undefined) {
  const [entityTypes, setEntityTypes] = useState<Map<string, string>>(new Map());
  const [actions, setActions] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    if (!items?.length) return;
    setEntityTypes((m) => {
      const next = new Map(m);
      for (const i of items) next.set(i.entityType, i.entityTypeLabel);
      return next.size === m.size ? m : next;
    });
    setActions((m) => {
      const next = new Map(m);
      for (const i of items) next.set(i.action, i.actionLabel);
      return next.size === m.size ? m : next;
    });
  }, [items]);
  const options = (m: Map<string, string>) =>
    [...m.entries()].map(([value, label]) => ({ value, label: label ? `${label}（${value}）` : value }));
  return { entityTypeOptions: options(entityTypes), actionOptions: options(actions) };
}

/** 审计日志: every change of data, who made it, when, from where, and the record before and after. */
export default function AuditPage() {
  const { can } = useAuth();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [open, setOpen] = useState<AuditItem | null>(null);

  const audit = useGet<Page<AuditItem>>('/audit', {
    actorId: filters.actorId,
    entityType: filters.entityType,
    action: filters.action,
    from: filters.range?.[0]?.format('YYYY-MM-DD'),
    to: filters.range?.[1]?.format('YYYY-MM-DD'),
    page,
    pageSize,
  });
  const { entityTypeOptions, actionOptions } = useSeenLabels(audit.data?.items);

  const update = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  const filtered = Boolean(filters.actorId || filters.entityType || filters.action || filters.range);

  return (
    <PageContainer title="审计日志" subTitle="所有数据变更的记录：操作人、时间、来源地址及变更前后的内容">
      <Card size="small">
        <div className="hl-toolbar">
          {can('user.read') ? (
            <UserSelect
              placeholder="操作人"
              value={filters.actorId}
              onChange={(actorId) => update({ actorId })}
              style={{ width: 220 }}
            />
          ) : null}
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="对象类型"
            aria-label="对象类型"
            style={{ width: 200 }}
            value={filters.entityType}
            options={entityTypeOptions}
            onChange={(entityType: string | undefined) => update({ entityType })}
            notFoundContent="暂无可选项"
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="操作类型"
            aria-label="操作类型"
            style={{ width: 220 }}
            value={filters.action}
            options={actionOptions}
            onChange={(action: string | undefined) => update({ action })}
            notFoundContent="暂无可选项"
          />
          <DatePicker.RangePicker
            value={filters.range ?? null}
            onChange={(range) => update({ range: range as Filters['range'] })}
            placeholder={['开始日期', '结束日期']}
            aria-label="时间范围"
          />
          {filtered ? (
            <Button
              onClick={() => {
                setFilters({});
                setPage(1);
              }}
            >
              清除筛选
            </Button>
          ) : null}
        </div>
        <Table<AuditItem>
          size="small"
          rowKey="id"
          loading={audit.loading}
          dataSource={audit.data?.items ?? []}
          scroll={{ x: 1000 }}
          onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: 'pointer' } })}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  audit.error ? audit.error.userMessage : filtered ? '没有符合条件的审计记录' : '暂无审计记录'
                }
              />
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: audit.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => `共 ${total} 条记录`,
            onChange: (p, s) => {
              setPage(s === pageSize ? p : 1);
              setPageSize(s);
            },
          }}
          columns={[
            { title: '时间', dataIndex: 'at', width: 170, render: formatDateTimeSeconds },
            {
              title: '操作人',
              dataIndex: 'actorName',
              width: 120,
              render: (v: string | null) => v ?? '系统',
            },
            {
              title: '操作类型',
              dataIndex: 'actionLabel',
              width: 160,
              render: (v: string, r) => v || r.action,
            },
            {
              title: '对象',
              key: 'entity',
              render: (_: unknown, r) => (
                <span>
                  <Tag>{r.entityTypeLabel || r.entityType}</Tag>
                  <span className="hl-code">{r.entityId ?? EMPTY}</span>
                </span>
              ),
            },
            { title: '来源地址', dataIndex: 'ip', width: 140, render: (v: string | null) => v ?? EMPTY },
            {
              title: '详情',
              key: 'view',
              width: 80,
              render: (_: unknown, r) => (
                <Button
                  type="link"
                  size="small"
                  onClick={(e) => {
                    e.stopPropagation();
                    setOpen(r);
                  }}
                >
                  查看
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        title="审计记录详情"
        size={720}
        destroyOnHidden
      >
        {open ? (
          <div className="hl-stack">
            <Descriptions
              bordered
              size="small"
              column={2}
              styles={{ label: { whiteSpace: 'nowrap' } }}
              items={[
                { key: 'at', label: '时间', children: formatDateTimeSeconds(open.at) },
                { key: 'actor', label: '操作人', children: open.actorName ?? '系统' },
                { key: 'action', label: '操作类型', children: `${open.actionLabel}（${open.action}）` },
                {
                  key: 'entity',
                  label: '对象',
                  children: `${open.entityTypeLabel || open.entityType} ${open.entityId ?? ''}`,
                },
                { key: 'ip', label: '来源地址', children: open.ip ?? EMPTY },
                {
                  key: 'request',
                  label: '请求编号',
                  children: open.requestId ? (
                    <Typography.Text copyable className="hl-code">
                      {open.requestId}
                    </Typography.Text>
                  ) : (
                    EMPTY
                  ),
                },
              ]}
            />
            <Typography.Title level={5} style={{ margin: 0 }}>
              变更前后对比
            </Typography.Title>
            <DiffTable before={open.before} after={open.after} />
          </div>
        ) : null}
      </Drawer>
    </PageContainer>
  );
}
