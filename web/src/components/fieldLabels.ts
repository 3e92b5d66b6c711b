/**
 * Chinese names of record fields as they appear in audit and history before/after snapshots.
 * A field not listed here is shown by its own name.
 */
export const FIELD_LABELS: Record<string, string> = {
  id: '编号',
  name: '名称',
  type: '类型',
  typeLabel: '类型名称',
  kind: '类型',
  kindLabel: '类型名称',
  parentId: '上级组织',
  parentName: '上级组织名称',
  path: '组织路径',
  unitId: '所在单位',
  unitName: '所在单位名称',
  regionCode: '行政区划代码',
  regionName: '行政区划',
  status: '状态',
  establishedOn: '成立日期',
  dissolvedOn: '撤销日期',
  dissolveReason: '撤销原因',
  creditCode: '统一社会信用代码',
  industry: '所属行业',
  employees: '从业人数',
  username: '用户名',
  displayName: '姓名',
  phone: '手机号',
  orgId: '所属组织',
  orgName: '所属组织名称',
  role: '角色',
  roleLabel: '角色名称',
  userId: '用户',
  prefix: '令牌前缀',
  revokedAt: '吊销时间',
  createdAt: '创建时间',
  updatedAt: '更新时间',
  lastLoginAt: '最近登录',
  date: '日期',
  note: '备注',
  reason: '原因',
  state: '状态',
  attempts: '已尝试次数',
};

export function fieldLabel(key: string): string {
  return FIELD_LABELS[key] ?? key;
}
