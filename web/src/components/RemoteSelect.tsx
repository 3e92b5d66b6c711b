import { Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { AlliancePerson } from '../api/alliances';
import { api } from '../api/client';
import { useDebounced } from '../api/hooks';
import type { PolicyItem } from '../api/policies';
import type { Id, Page, UnitItem, UserItem } from '../api/types';

interface Option {
  value: Id;
  label: string;
}

interface RemoteSelectProps {
  id?: string;
  value?: Id;
  onChange?: (value: Id | undefined) => void;
  placeholder?: string;
  initialLabel?: string;
  style?: React.CSSProperties;
  allowClear?: boolean;
}

/** A select whose options come from a server search as the user types. */
function useRemoteOptions<T>(path: string, toOption: (item: T) => Option) {
  const [search, setSearch] = useState('');
  const [options, setOptions] = useState<Option[]>([]);
  const [loading, setLoading] = useState(false);
  const query = useDebounced(search.trim(), 300);
  const convert = useRef(toOption);
  convert.current = toOption;

  useEffect(() => {
    let live = true;
    setLoading(true);
    api
      .get<Page<T>>(path, { q: query, page: 1, pageSize: 20 })
      .then((page) => {
        if (live) setOptions(page.items.map((item) => convert.current(item)));
      })
      .catch(() => {
        if (live) setOptions([]);
      })
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [path, query]);

  return { search, setSearch, options, loading };
}

function RemoteSelect({
  remote,
  id,
  value,
  onChange,
  placeholder,
  initialLabel,
  style,
  allowClear = true,
  emptyText,
}: RemoteSelectProps & { remote: ReturnType<typeof useRemoteOptions>; emptyText: string }) {
  const known = remote.options.some((o) => String(o.value) === String(value));
  const options =
    value && !known && initialLabel ? [{ value, label: initialLabel }, ...remote.options] : remote.options;
  return (
    <Select
      id={id}
      style={{ width: '100%', ...style }}
      value={value}
      onChange={(next: Id | undefined) => onChange?.(next)}
      options={options}
      placeholder={placeholder}
      allowClear={allowClear}
      loading={remote.loading}
      showSearch={{ filterOption: false, onSearch: remote.setSearch, searchValue: remote.search }}
      notFoundContent={remote.loading ? '加载中…' : emptyText}
    />
  );
}

/** Pick a user (`GET /users?q=`), shown as 姓名（用户名）. */
export function UserSelect(props: RemoteSelectProps) {
  const remote = useRemoteOptions<UserItem>('/users', (u) => ({
    value: u.id,
    label: `${u.displayName}（${u.username}）`,
  }));
  return (
    <RemoteSelect
      {...props}
      placeholder={props.placeholder ?? '输入姓名或用户名搜索'}
      remote={remote}
      emptyText="没有找到用户"
    />
  );
}

/** Pick a unit (`GET /units?q=`). */
export function UnitSelect(props: RemoteSelectProps) {
  const remote = useRemoteOptions<UnitItem>('/units', (u) => ({
    value: u.id,
    label: u.creditCode ? `${u.name}（${u.creditCode}）` : u.name,
  }));
  return (
    <RemoteSelect
      {...props}
      placeholder={props.placeholder ?? '输入单位名称或统一社会信用代码搜索'}
      remote={remote}
      emptyText="没有找到单位"
    />
  );
}

/** Pick a policy of the library (`GET /policies?q=`: title or 文号), shown as 标题（文号）. */
export function PolicySelect(props: RemoteSelectProps) {
  const remote = useRemoteOptions<PolicyItem>('/policies', (p) => ({
    value: p.id,
    label: `${p.title}（${p.docNumber}）`,
  }));
  return (
    <RemoteSelect
      {...props}
      placeholder={props.placeholder ?? '输入政策标题或文号搜索'}
      remote={remote}
      emptyText="政策库中没有找到该政策"
    />
  );
}

/**
 * Pick a person of an alliance's member organizations (`GET /alliances/{id}/people?q=`: name in
 * Simplified or Traditional, pinyin or initials), shown as 姓名（单位 手机尾号）.
 */
export function AlliancePersonSelect({ allianceId, ...props }: RemoteSelectProps & { allianceId: Id }) {
  const remote = useRemoteOptions<AlliancePerson>(`/alliances/${allianceId}/people`, (p) => ({
    value: p.id,
    label: `${p.name}（${p.orgName}${p.phone ? ` ${p.phone}` : ''}）`,
  }));
  return (
    <RemoteSelect
      {...props}
      placeholder={props.placeholder ?? '输入姓名、拼音或首字母搜索成员单位人员'}
      remote={remote}
      emptyText="成员单位中没有找到该人员"
    />
  );
}
