import { Tag } from 'antd';

const COLORS: Record<string, string> = {
  normal: 'green',
  mobile: 'blue',
  lost_contact: 'orange',
  suspended: 'red',
  left: 'default',
  deceased: 'default',
};

/** 党员状态 as a coloured tag: 正常, 流动党员, 失去联系, 停止党籍, 已出党, 已去世. */
export function StatusTag({ status, label }: { status: string; label: string }) {
  return <Tag color={COLORS[status] ?? 'default'}>{label}</Tag>;
}
