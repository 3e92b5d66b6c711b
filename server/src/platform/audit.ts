import type { Executor, RequestContext } from './context.ts';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | number | null;
  /** The org subtree this change belongs to: audit reads are scoped like every other read. */
  orgPath: string | null;
  regionCode?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit event. Call it with the transaction that made the change, never after it. */
export async function audit(
  trx: Executor,
  ctx: RequestContext | SystemContext,
  entry: AuditEntry,
): Promise<void> {
  await auditMany(trx, ctx, [entry]);
}

/** Writes the events of a bulk change (an import) in a few statements, in the same transaction. */
export async function auditMany(
  trx: Executor,
  ctx: RequestContext | SystemContext,
  entries: AuditEntry[],
): Promise<void> {
  for (let i = 0; i < entries.length; i += 2000) {
    await trx
      .insertInto('audit_events')
      .values(
        entries.slice(i, i + 2000).map((entry) => ({
          actor_id: 'actor' in ctx ? ctx.actor.userId : null,
          actor_name: 'actor' in ctx ? `${ctx.actor.displayName}（${ctx.actor.username}）` : ctx.system,
          token_id: 'actor' in ctx ? (ctx.actor.tokenId ?? null) : null,
          action: entry.action,
          entity_type: entry.entityType,
          entity_id: entry.entityId === null ? null : String(entry.entityId),
          org_path: entry.orgPath,
          region_code: entry.regionCode ?? null,
          ip: 'ip' in ctx ? ctx.ip : null,
          request_id: 'requestId' in ctx ? ctx.requestId : null,
          // nothing before (or after) is SQL NULL, never the JSON value null: the two read alike but differ
          // in a row's text, which a restore into the other engine compares (a JSON round trip keeps one form)
          before: entry.before === undefined || entry.before === null ? null : JSON.stringify(entry.before),
          after: entry.after === undefined || entry.after === null ? null : JSON.stringify(entry.after),
        })),
      )
      .execute();
  }
}

/** Changes made by the platform itself (demo loader, jobs). */
export interface SystemContext {
  system: string;
}

/** Chinese labels for audit actions and entity types, for the console. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'assistant.document.create': '收录问答助手文件',
  'project.evaluation.create': '开展年终评比',
  'project.evaluation.score': '评委评分',
  'project.evaluation.decide': '评定评比名次',
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'org.create': '新建党组织',
  'org.update': '修改党组织',
  'org.move': '调整隶属关系',
  'org.dissolve': '撤销党组织',
  'unit.create': '登记单位',
  'unit.update': '修改单位',
  'user.create': '新建用户',
  'user.update': '修改用户',
  'role.grant': '分配角色',
  'role.revoke': '收回角色',
  'token.create': '创建接口令牌',
  'token.revoke': '吊销接口令牌',
  'calendar.set': '校正工作日历',
  'calendar.reset': '恢复工作日历',
  'job.retry': '重试后台任务',
  'member.create': '新增党员',
  'member.update': '修改党员信息',
  'member.status': '变更党员状态',
  'member.read_full': '查看党员完整信息',
  'member.import': '导入党员台账',
  'org.import': '导入党组织台账',
  'member.export': '导出党员台账',
  'org.export': '导出党组织名册',
  'demo.load': '载入演示数据',
  'case.create': '提交诉求',
  'case.accept': '受理工单',
  'case.reject': '不予受理',
  'case.answer': '直接答复',
  'case.keep_local': '网格内办理',
  'case.dispatch': '派单',
  'case.sign': '签收工单',
  'case.start': '开始办理',
  'case.contact': '记录首次联系',
  'case.return': '申请退单',
  'case.approve_return': '同意退单',
  'case.refuse_return': '驳回退单',
  'case.suspend': '挂起工单',
  'case.resume': '恢复办理',
  'case.request_extension': '申请延期',
  'case.approve_extension': '批准延期',
  'case.reply': '回单',
  'case.visit': '开始回访',
  'case.rate': '评价工单',
  'case.close': '销号办结',
  'case.supervise': '督办',
  'case.merge': '合并重复件',
  'case.archive': '归档工单',
  'case.read_contact': '查看诉求人联系方式',
  'case.reveal_contact': '查看诉求人完整联系电话',
  'case.rate_effective': '评价生效',
  'case.evidence': '上传办理凭证',
  'case.deadline_sweep': '工单时限巡检',
  'case.category_create': '新建诉求分类',
  'case.category_update': '修改诉求分类',
  'case.route_set': '设置派单规则',
  'case.route_delete': '删除派单规则',
  'case.service_day_create': '设置企业服务日',
  'case.service_day_update': '修改企业服务日',
  'case.service_day_signup': '报名企业服务日',
  'development.start': '登记入党申请',
  'development.step': '登记发展党员步骤',
  'development.file': '上传发展党员材料',
  'member.stage': '变更党员发展阶段',
  'transfer.start': '发起组织关系转接',
  'transfer.accept': '接收组织关系',
  'transfer.return': '退回组织关系',
  'transfer.receipt': '组织关系回执',
  'transfer.cancel': '撤回组织关系转接',
  'transfer.expire': '组织关系介绍信过期',
  'transfer.read_member': '通过转接查看党员信息',
  'member.mobile_card': '开具流动党员活动证',
  'member.mobile_card_expire': '流动党员活动证到期',
  'member.mobile_card_end': '收回流动党员活动证',
  'orgsetup.term_create': '登记班子换届',
  'orgsetup.term_update': '修改班子任期',
  'orgsetup.committee_add': '增补班子成员',
  'orgsetup.committee_remove': '移除班子成员',
  'instructor.assign': '选派党建工作指导员',
  'instructor.end': '结束党建工作指导员选派',
  'party_worker.create': '登记党务工作者',
  'party_worker.update': '修改党务工作者',
  'party_worker.delete': '删除党务工作者',
  'party_worker.read_full': '查看党务工作者完整联系电话',
  'dues.base': '核定党费基数',
  'dues.adjust': '登记党费减免',
  'dues.generate': '生成党费台账',
  'dues.pay': '登记党费缴纳',
  'dues.bulk_pay': '批量登记党费',
  'dues.import': '导入党费缴纳',
  'dues.confirm': '党员确认党费',
  'orglife.plan': '计划组织生活',
  'orglife.record': '登记组织生活',
  'orglife.cancel': '取消组织生活',
  'orglife.file': '上传组织生活照片或材料',
  'orglife.exemption': '登记免于开展组织生活',
  'compliance.sweep': '立即开展合规检查',
  'compliance.comment': '督办意见',
  'compliance.deadline': '限期整改',
  'compliance.escalate': '提级督办',
  'compliance.resolve': '问题销号',
  'compliance.override': '设置检查规则地方参数',
  'compliance.override_delete': '删除检查规则地方参数',
  'compliance.publish': '发布红黑榜',
  'enterprise.facts': '维护企业画像',
  'enterprise.facts_import': '导入企业画像',
  'policy.create': '新建政策',
  'policy.update': '修改政策（新版本）',
  'policy.apply': '企业申报政策事项',
  'policy.push_read': '企业打开政策推送',
  'activity.publish': '发布活动',
  'activity.cancel': '取消活动',
  'activity.sign_up': '活动报名',
  'activity.cancel_sign_up': '取消活动报名',
  'activity.check_in': '活动扫码签到',
  'activity.check_out': '活动签退',
  'activity.mark_attendance': '登记活动签到',
  'activity.approve_hours': '审核服务时长',
  'team.create': '组建志愿服务队',
  'team.member_set': '设置服务队队员',
  'building.create': '登记楼栋和楼栋长',
  'community.report': '在职党员到社区报到',
};

export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  assistant_document: '问答助手文件',
  project_evaluation: '年终评比',
  case: '诉求工单',
  case_category: '诉求分类',
  case_service_day: '企业服务日',
  session: '会话',
  org: '党组织',
  unit: '单位',
  user: '用户',
  api_token: '接口令牌',
  calendar: '工作日历',
  job: '后台任务',
  member: '党员',
  import_batch: '导入批次',
  development_record: '发展党员记录',
  member_transfer: '组织关系转接',
  org_term: '班子任期',
  instructor_assignment: '党建工作指导员选派',
  party_worker: '党务工作者',
  meeting: '组织生活',
  orglife_exemption: '组织生活免于开展',
  finding: '合规问题',
  compliance_rule: '检查规则',
  published_list: '红黑榜',
  activity: '活动',
  volunteer_team: '志愿服务队',
  building: '楼栋',
  community_report: '双报到',
  system: '系统',
  policy: '政策',
};
