import { TreeSelect } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { useDebounced } from '../api/hooks';
import type { Id, OrgItem, Page } from '../api/types';

interface SimpleNode {
  id: string;
  pId?: string;
  value: string;
  title: string;
  isLeaf: boolean;
  disabled?: boolean;
}

export interface OrgTreeSelectProps {
  id?: string;
  /** The organization's id as the server gives it; `onChange` hands back the same type. */
  value?: Id;
  onChange?: (value: Id | undefined) => void;
  placeholder?: string;
  /** These organizations (and so their subtrees) cannot be picked, e.g. the org being moved. */
  excludeIds?: Id[];
  /** Label of the initial value when it is not among the loaded nodes. */
  initialLabel?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
}

/**
 * Pick a Party organization in the caller's scope: the tree loads level by level
 * (`GET /orgs?parentId=`); typing searches the whole scope (`GET /orgs?q=`) and lists matches with their path.
 */
export function OrgTreeSelect({
  id,
  value,
  onChange,
  placeholder = '选择党组织，可输入名称搜索',
  excludeIds = [],
  initialLabel,
  allowClear = true,
  style,
}: OrgTreeSelectProps) {
  const [nodes, setNodes] = useState<SimpleNode[]>([]);
  const [search, setSearch] = useState('');
  const [results, setResults] = useState<SimpleNode[] | null>(null);
  const [loading, setLoading] = useState(false);
  const labels = useRef(new Map<string, string>());
  const ids = useRef(new Map<string, Id>());
  const excluded = new Set(excludeIds.map(String));
  const query = useDebounced(search.trim(), 300);
  // the first load's only possible organization is chosen for the user (a branch secretary's own branch)
  const prefill = useRef({ value, onChange, excluded });
  prefill.current = { value, onChange, excluded };

  const toNode = useCallback((org: OrgItem, title = org.name): SimpleNode => {
    const key = String(org.id);
    labels.current.set(key, org.name);
    ids.current.set(key, org.id);
    return {
      id: key,
      pId: org.parentId === null ? undefined : String(org.parentId),
      value: key,
      title: org.status === 'dissolved' ? `${title}（已撤销）` : title,
      isLeaf: org.childCount === 0,
      disabled: org.status === 'dissolved',
    };
  }, []);

  useEffect(() => {
    let live = true;
    api
      .get<Page<OrgItem>>('/orgs')
      .then((page) => {
        if (!live) return;
        // Roots of the caller's scope have no loaded parent: drop pId so the tree shows them at the top.
        setNodes(page.items.map((org) => ({ ...toNode(org), pId: undefined })));
        const only = page.items.length === 1 ? page.items[0] : undefined;
        const p = prefill.current;
        if (
          only &&
          only.childCount === 0 &&
          only.status === 'active' &&
          !p.excluded.has(String(only.id)) &&
          (p.value === undefined || p.value === null)
        )
          p.onChange?.(only.id);
      })
      .catch(() => {
        if (live) setNodes([]);
      });
    return () => {
      live = false;
    };
  }, [toNode]);

  useEffect(() => {
    if (!query) {
      setResults(null);
      return;
    }
    let live = true;
    setLoading(true);
    api
      .get<Page<OrgItem>>('/orgs', { q: query })
      .then((page) => {
        if (!live) return;
        setResults(
          page.items.map((org) => ({
            // pathNames are the ancestors: show the whole path ending with the match itself.
            ...toNode(org, [...(org.pathNames ?? []), org.name].join(' / ')),
            pId: undefined,
            isLeaf: true,
          })),
        );
      })
      .catch(() => {
        if (live) setResults([]);
      })
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [query, toNode]);

  const loadData = async (node: { value?: unknown; key?: unknown }) => {
    const parentKey = String(node.value ?? node.key);
    if (nodes.some((n) => n.pId === parentKey)) return;
    const page = await api.get<Page<OrgItem>>('/orgs', { parentId: ids.current.get(parentKey) ?? parentKey });
    setNodes((current) => [...current, ...page.items.map((org) => toNode(org))]);
  };

  const valueKey = value === undefined || value === null ? undefined : String(value);
  const label = valueKey ? (labels.current.get(valueKey) ?? initialLabel ?? valueKey) : undefined;
  // An excluded organization can be neither picked nor opened (so nothing below it can be picked either).
  const treeData = (results ?? nodes).map((n) =>
    excluded.has(n.id) ? { ...n, disabled: true, isLeaf: true } : n,
  );

  return (
    <TreeSelect<{ value: string; label: React.ReactNode } | undefined>
      id={id}
      style={{ width: '100%', ...style }}
      labelInValue
      value={valueKey ? { value: valueKey, label } : undefined}
      onChange={(next) => onChange?.(next ? (ids.current.get(String(next.value)) ?? next.value) : undefined)}
      treeDataSimpleMode
      treeData={treeData}
      loadData={results ? undefined : loadData}
      placeholder={placeholder}
      allowClear={allowClear}
      loading={loading}
      showSearch={{
        searchValue: search,
        onSearch: setSearch,
        filterTreeNode: false,
        autoClearSearchValue: true,
      }}
      notFoundContent={search ? '没有找到匹配的党组织' : '暂无可选的党组织'}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 420, minWidth: 320 } } }}
    />
  );
}
