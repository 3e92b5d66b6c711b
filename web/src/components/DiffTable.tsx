import { Table, Tag } from 'antd';
import { fieldLabel } from './fieldLabels';
import { EMPTY, formatValue } from './format';

interface Row {
  key: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  return null;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Compare two states of a record field by field; changed fields are highlighted. */
export function diffRows(before: unknown, after: unknown): Row[] {
  const b = asRecord(before);
  const a = asRecord(after);
  if (!b && !a) {
    if (before === undefined && after === undefined) return [];
    if (before === null && after === null) return [];
    return [{ key: '（值）', before, after, changed: !sameValue(before, after) }];
  }
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  return keys.map((key) => ({
    key,
    before: b ? b[key] : undefined,
    after: a ? a[key] : undefined,
    changed: !sameValue(b?.[key], a?.[key]),
  }));
}

const cell = (value: unknown) =>
  value === undefined ? (
    <span className="hl-muted">{EMPTY}</span>
  ) : (
    <span className="hl-diff-value">{formatValue(value)}</span>
  );

export function DiffTable({ before, after }: { before: unknown; after: unknown }) {
  // Changed fields first, the rest in their own order.
  const rows = diffRows(before, after).sort((x, y) => Number(y.changed) - Number(x.changed));
  const changed = rows.filter((r) => r.changed).length;
  return (
    <Table<Row>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: '没有记录变更前后的内容' }}
      rowClassName={(r) => (r.changed ? 'hl-diff-changed' : '')}
      title={() =>
        rows.length ? (
          <span>
            共 {rows.length} 个字段，其中 {changed} 个有变化
          </span>
        ) : null
      }
      columns={[
        {
          title: '字段',
          dataIndex: 'key',
          width: 160,
          render: (key: string, r) => (
            <span title={key}>
              {fieldLabel(key)} {r.changed ? <Tag color="orange">已变更</Tag> : null}
            </span>
          ),
        },
        { title: '变更前', dataIndex: 'before', render: cell },
        { title: '变更后', dataIndex: 'after', render: cell },
      ]}
    />
  );
}
