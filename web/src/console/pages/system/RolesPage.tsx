import { CheckOutlined } from '@ant-design/icons';
import { Card, Empty, Result, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useGet } from '../../../api/hooks';
import type { CataloguePermission, CatalogueRole } from '../../../api/types';
import { PageContainer } from '../../PageContainer';

interface Row extends CataloguePermission {
  /** How many rows of the same group follow, for the merged group cell (0 hides the cell). */
  groupSpan: number;
}

/** 角色权限: which permission each role carries, read from the server's catalogue. */
export default function RolesPage() {
  const permissions = useGet<{ items: CataloguePermission[] }>('/catalogue/permissions');
  const roles = useGet<{ items: CatalogueRole[] }>('/catalogue/roles');
  const error = permissions.error ?? roles.error;

  if (error) {
    return (
      <PageContainer title="角色权限">
        <Result status="error" title="加载角色权限目录失败" subTitle={error.userMessage} />
      </PageContainer>
    );
  }

  const perms = permissions.data?.items ?? [];
  const roleList = roles.data?.items ?? [];
  // Keep the catalogue order but put permissions of one group together.
  const groups = [...new Set(perms.map((p) => p.group))];
  const rows: Row[] = groups.flatMap((group) => {
    const inGroup = perms.filter((p) => p.group === group);
    return inGroup.map((p, i) => ({ ...p, groupSpan: i === 0 ? inGroup.length : 0 }));
  });

  const columns: ColumnsType<Row> = [
    {
      title: '分组',
      dataIndex: 'group',
      width: 60,
      fixed: 'left',
      onCell: (r) => ({ rowSpan: r.groupSpan }),
    },
    {
      title: '权限',
      dataIndex: 'label',
      width: 140,
      fixed: 'left',
      render: (label: string, r) => (
        <Tooltip title={r.name}>
          <span>{label}</span>
        </Tooltip>
      ),
    },
    ...roleList.map((role) => ({
      title: role.label,
      key: role.code,
      width: 96,
      align: 'center' as const,
      className: 'hl-matrix-role',
      onHeaderCell: () => ({ className: 'hl-matrix-role' }),
      render: (_: unknown, r: Row) =>
        role.permissions.includes(r.name) ? (
          <CheckOutlined className="hl-check" aria-label={`${role.label}：${r.label}`} />
        ) : null,
    })),
  ];

  return (
    <PageContainer title="角色权限" subTitle="角色绑定到党组织，对该组织及其全部下级组织生效">
      <div className="hl-stack">
        <Card size="small" title="权限矩阵">
          <Table<Row>
            className="hl-matrix"
            size="small"
            bordered
            rowKey="name"
            loading={permissions.loading || roles.loading}
            dataSource={rows}
            columns={columns}
            pagination={false}
            scroll={{ x: 200 + roleList.length * 96 }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无权限目录" /> }}
          />
        </Card>
        <Card size="small" title="角色说明">
          <Table<CatalogueRole>
            size="small"
            rowKey="code"
            loading={roles.loading}
            dataSource={roleList}
            pagination={false}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无角色" /> }}
            columns={[
              { title: '角色', dataIndex: 'label', width: 220 },
              {
                title: '代码',
                dataIndex: 'code',
                width: 140,
                render: (v: string) => <span className="hl-code">{v}</span>,
              },
              {
                title: '拥有的权限',
                dataIndex: 'permissions',
                render: (names: string[]) =>
                  names.map((n) => <Tag key={n}>{perms.find((p) => p.name === n)?.label ?? n}</Tag>),
              },
            ]}
          />
        </Card>
      </div>
    </PageContainer>
  );
}
