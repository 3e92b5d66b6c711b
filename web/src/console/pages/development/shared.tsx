import { Select, Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../../api/client';
import { useDebounced } from '../../../api/hooks';
import type { DevelopmentDue, Id, Page } from '../../../api/types';

export const STAGE_COLUMNS: Array<{ stage: string; label: string; color: string }> = [
  { stage: 'applicant', label: '入党申请人', color: '#8c8c8c' },
  { stage: 'activist', label: '入党积极分子', color: '#1677ff' },
  { stage: 'candidate', label: '发展对象', color: '#722ed1' },
  { stage: 'probationary', label: '预备党员', color: '#fa8c16' },
  { stage: 'full', label: '正式党员', color: '#c41d1d' },
];

const DUE_TAGS: Record<string, { color: string; text: string }> = {
  done: { color: 'success', text: '已按期完成' },
  late: { color: 'warning', text: '超期完成' },
  pending: { color: 'processing', text: '待办' },
  overdue: { color: 'error', text: '已超期' },
  waiting: { color: 'default', text: '未到时间' },
  open: { color: 'cyan', text: '可以办理' },
};

/** A due date as a tag: red when overdue, with the rule it comes from. */
export function DueTag({ due }: { due: DevelopmentDue }) {
  const tag = DUE_TAGS[due.status] ?? { color: 'default', text: due.status };
  const what = due.kind === 'deadline' ? `应于 ${due.date} 前` : `最早 ${due.date}`;
  return (
    <Tooltip
      title={`${due.label}：${what}（${due.rule}，${due.ruleSet}年版细则）${due.provisional ? '；该年度节假日安排尚未公布，按周末计算' : ''}`}
    >
      <Tag color={tag.color}>{tag.text}</Tag>
    </Tooltip>
  );
}

export function dueText(due: DevelopmentDue): string {
  return due.kind === 'deadline' ? `${due.label} 应于 ${due.date} 前` : `${due.label} 最早 ${due.date}`;
}

interface MemberOption {
  id: Id;
  name: string;
  orgName: string;
  idNumber: string;
  stageLabel: string;
}

/** Pick a member in the caller's scope by name, pinyin or ID tail (the members list, masked). */
export function MemberSelect({
  value,
  onChange,
  mode,
  stage,
  placeholder = '输入姓名、拼音或身份证号后几位搜索',
  id,
}: {
  value?: Id | Id[];
  onChange?: (value: Id | Id[] | undefined) => void;
  mode?: 'multiple';
  stage?: string;
  placeholder?: string;
  id?: string;
}) {
  const [search, setSearch] = useState('');
  const query = useDebounced(search.trim(), 300);
  const [options, setOptions] = useState<MemberOption[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    let live = true;
    setLoading(true);
    api
      .get<Page<MemberOption>>('/members', { q: query, stage, page: 1, pageSize: 20 })
      .then((page) => {
        if (live) setOptions(page.items);
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
  }, [query, stage]);

  return (
    <Select
      id={id}
      mode={mode}
      showSearch
      allowClear
      filterOption={false}
      value={value as never}
      onChange={(v) => onChange?.(v as Id | Id[] | undefined)}
      onSearch={setSearch}
      loading={loading}
      placeholder={placeholder}
      notFoundContent={loading ? '正在搜索…' : '没有找到'}
      options={options.map((m) => ({
        value: m.id,
        label: `${m.name}（${m.stageLabel}，${m.orgName}，${m.idNumber}）`,
      }))}
    />
  );
}
