import { ApartmentOutlined, DownloadOutlined, ImportOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Input, Space, Spin, Switch, Tag, Tooltip, Tree, Typography } from 'antd';
import type { DataNode, EventDataNode } from 'antd/es/tree';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, buildUrl, errorMessage } from '../../../api/client';
import { useDebounced, useGet } from '../../../api/hooks';
import { type Id, type OrgItem, type Page, sameId } from '../../../api/types';
import { useAuth } from '../../../components/auth';
import { ExportButton } from '../../ExportButton';
import { PageContainer } from '../../PageContainer';
import { OrgDetailView } from './OrgDetailView';
import { OrgImportModal } from './OrgImportModal';

interface OrgNode extends DataNode {
  key: string;
  org: OrgItem;
  children?: OrgNode[];
}

function toNode(org: OrgItem): OrgNode {
  const dissolved = org.status === 'dissolved';
  return {
    key: String(org.id),
    org,
    isLeaf: org.childCount === 0,
    title: (
      <span className={dissolved ? 'hl-tree-title hl-dissolved' : 'hl-tree-title'}>
        {org.name}
        <span className="hl-tree-type">{org.typeLabel}</span>
        {dissolved ? <Tag className="hl-tree-tag">已撤销</Tag> : null}
      </span>
    ),
  };
}

function setChildren(nodes: OrgNode[], key: string, children: OrgNode[]): OrgNode[] {
  return nodes.map((n) => {
    if (n.key === key) return { ...n, isLeaf: children.length === 0, children };
    if (n.children) return { ...n, children: setChildren(n.children, key, children) };
    return n;
  });
}

/** 组织架构: the caller's part of the organization tree, a search over it, and the selected organization. */
export default function OrgsPage() {
  const { can } = useAuth();
  const [importing, setImporting] = useState(false);
  // bumped by an import so that the open organization shows its new children
  const [imported, setImported] = useState(0);
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('id');
  const includeDissolved = params.get('dissolved') === '1';

  const [treeData, setTreeData] = useState<OrgNode[]>([]);
  const [loadedKeys, setLoadedKeys] = useState<React.Key[]>([]);
  const [expandedKeys, setExpandedKeys] = useState<React.Key[]>([]);
  const [treeLoading, setTreeLoading] = useState(true);
  const [treeError, setTreeError] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const query = useDebounced(search.trim(), 300);

  const select = useCallback(
    (id: Id | null) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (id !== null) next.set('id', String(id));
          else next.delete('id');
          return next;
        },
        { replace: false },
      );
    },
    [setParams],
  );

  const loadRoots = useCallback(async () => {
    setTreeLoading(true);
    setTreeError(null);
    try {
      const page = await api.get<Page<OrgItem>>('/orgs', { includeDissolved: includeDissolved || undefined });
      setTreeData(page.items.map(toNode));
      // Expanded nodes load their children again (the tree calls loadData for them).
      setLoadedKeys([]);
      return page.items;
    } catch (err) {
      setTreeError(errorMessage(err));
      setTreeData([]);
      return [];
    } finally {
      setTreeLoading(false);
    }
  }, [includeDissolved]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: first root is picked only on the first load
  useEffect(() => {
    // Selecting writes the URL: once the user has left the page (a menu click while the tree was still
    // loading), a late answer must not navigate them back to 组织架构. The address changes at the click,
    // while this page may stay mounted until the next one has loaded: both are checked.
    let left = false;
    const here = window.location.pathname;
    void loadRoots().then((roots) => {
      const first = roots[0];
      if (!left && window.location.pathname === here && !selectedId && first) {
        select(first.id);
        if (roots.length === 1) setExpandedKeys((keys) => (keys.length ? keys : [String(first.id)]));
      }
    });
    return () => {
      left = true;
    };
  }, [loadRoots]);

  const loadData = async (node: EventDataNode<OrgNode>) => {
    const key = String(node.key);
    const page = await api.get<Page<OrgItem>>('/orgs', {
      parentId: key,
      includeDissolved: includeDissolved || undefined,
    });
    setTreeData((current) => setChildren(current, key, page.items.map(toNode)));
  };

  const results = useGet<Page<OrgItem>>(query ? '/orgs' : null, {
    q: query,
    includeDissolved: includeDissolved || undefined,
  });

  // 导出: the search results while searching, else the selected organization with everything under
  // it (the whole scope when nothing is selected); the list's total says whether it runs as a job
  const exportFilters = {
    q: query || undefined,
    parentId: query ? undefined : (selectedId ?? undefined),
    includeDissolved: includeDissolved ? 'true' : undefined,
  };
  const exportCount = useGet<Page<OrgItem>>('/orgs', { ...exportFilters, subtree: true, limit: 1 });

  const onChanged = (change: string, org: OrgItem) => {
    const key = String(org.id);
    if (change === 'created' && !expandedKeys.includes(key)) setExpandedKeys((k) => [...k, key]);
    void loadRoots();
    if (query) results.reload();
    exportCount.reload();
  };

  const toggleDissolved = (checked: boolean) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (checked) next.set('dissolved', '1');
      else next.delete('dissolved');
      return next;
    });
  };

  const openLink = (id: Id, name: string) => (
    <Typography.Link onClick={() => select(id)}>{name}</Typography.Link>
  );

  return (
    <PageContainer
      title="组织架构"
      subTitle="本级及下属党组织"
      extra={
        <Space wrap>
          {can('org.create') ? (
            <>
              <Button icon={<ImportOutlined />} onClick={() => setImporting(true)}>
                导入
              </Button>
              <Button type="link" icon={<DownloadOutlined />} href={buildUrl('/orgs/import/template.xlsx')}>
                下载模板
              </Button>
            </>
          ) : null}
          <Tooltip title={query ? '导出搜索到的党组织' : '导出所选党组织及其全部下级组织'}>
            <span>
              <ExportButton
                directUrl="/orgs/export.xlsx"
                jobUrl="/orgs/exports"
                title="导出党组织名册"
                noun="个党组织"
                filters={exportFilters}
                jobBody={{
                  q: exportFilters.q,
                  parentId: exportFilters.parentId === undefined ? undefined : Number(exportFilters.parentId),
                  includeDissolved,
                }}
                total={exportCount.data?.total ?? (exportCount.error ? 0 : undefined)}
                icon={<DownloadOutlined />}
                notice="本次导出已记入审计日志。"
              />
            </span>
          </Tooltip>
        </Space>
      }
    >
      <OrgImportModal
        open={importing}
        onClose={() => setImporting(false)}
        onImported={() => {
          setImported((n) => n + 1);
          void loadRoots();
          if (query) results.reload();
          exportCount.reload();
        }}
      />
      <div className="hl-split">
        <Card
          className="hl-split-left"
          size="small"
          title={
            <Space size={6}>
              <ApartmentOutlined />
              <span>组织树</span>
            </Space>
          }
          extra={
            <Tooltip title="刷新组织树">
              <Button
                type="text"
                size="small"
                icon={<ReloadOutlined />}
                onClick={() => void loadRoots()}
                aria-label="刷新组织树"
              />
            </Tooltip>
          }
        >
          <Input.Search
            allowClear
            placeholder="名称、拼音或首字母"
            aria-label="搜索党组织"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(v) => setSearch(v)}
            style={{ marginBottom: 8 }}
          />
          <div className="hl-tree-toolbar">
            <Switch
              size="small"
              checked={includeDissolved}
              onChange={toggleDissolved}
              aria-label="显示已撤销"
            />
            <span>显示已撤销</span>
          </div>
          {query ? (
            <SearchResults
              loading={results.loading}
              error={results.error?.userMessage}
              items={results.data?.items ?? []}
              total={results.data?.total ?? 0}
              selectedId={selectedId}
              onOpen={(id) => select(id)}
            />
          ) : treeLoading && treeData.length === 0 ? (
            <div className="hl-center" style={{ padding: 32 }}>
              <Spin />
            </div>
          ) : treeError ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={treeError}>
              <Button onClick={() => void loadRoots()}>重新加载</Button>
            </Empty>
          ) : treeData.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="您的管理范围内暂无党组织" />
          ) : (
            <Tree<OrgNode>
              className="hl-org-tree"
              blockNode
              treeData={treeData}
              loadData={loadData}
              loadedKeys={loadedKeys}
              onLoad={(keys) => setLoadedKeys(keys)}
              expandedKeys={expandedKeys}
              onExpand={(keys) => setExpandedKeys(keys)}
              selectedKeys={selectedId ? [selectedId] : []}
              onSelect={(keys) => {
                const key = keys[0];
                if (key !== undefined) select(String(key));
              }}
              aria-label="组织树"
            />
          )}
        </Card>
        <div className="hl-split-right">
          {selectedId ? (
            <OrgDetailView
              key={`${selectedId}:${imported}`}
              orgId={selectedId}
              onChanged={onChanged}
              renderOrgLink={openLink}
              showOpenLink
            />
          ) : (
            <Card>
              <Empty description="请在左侧选择一个党组织" />
            </Card>
          )}
        </div>
      </div>
    </PageContainer>
  );
}

function SearchResults({
  loading,
  error,
  items,
  total,
  selectedId,
  onOpen,
}: {
  loading: boolean;
  error?: string;
  items: OrgItem[];
  total: number;
  selectedId: string | null;
  onOpen: (id: Id) => void;
}) {
  if (loading && items.length === 0) {
    return (
      <div className="hl-center" style={{ padding: 32 }}>
        <Spin />
      </div>
    );
  }
  if (error) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={error} />;
  if (items.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有找到匹配的党组织" />;
  return (
    <div className="hl-search-results" data-testid="org-search-results">
      <div className="hl-muted" style={{ marginBottom: 4 }}>
        找到 {total} 个党组织{total > items.length ? `，显示前 ${items.length} 个` : ''}
      </div>
      <ul>
        {items.map((org) => (
          <li key={String(org.id)}>
            <button
              type="button"
              className={sameId(org.id, selectedId) ? 'hl-result hl-result-active' : 'hl-result'}
              onClick={() => onOpen(org.id)}
            >
              <span className={org.status === 'dissolved' ? 'hl-result-name hl-dissolved' : 'hl-result-name'}>
                {org.name}
                <span className="hl-tree-type">{org.typeLabel}</span>
                {org.status === 'dissolved' ? <Tag className="hl-tree-tag">已撤销</Tag> : null}
              </span>
              <span className="hl-result-path">{(org.pathNames ?? []).join(' / ') || '顶层组织'}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
