import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/**
 * The one error catalogue: stable codes, HTTP status, Chinese titles. docs/errors.md documents each
 * code (a test keeps the two in step). Field-level codes (`id_number.checksum`, ...) travel in `errors[]`.
 */
export const ERROR_CATALOGUE = {
  validation: { status: 400, title: '请求参数有误' },
  bad_request: { status: 400, title: '请求格式不正确' },
  unauthenticated: { status: 401, title: '请先登录' },
  invalid_credentials: { status: 401, title: '用户名或密码错误' },
  csrf: { status: 403, title: '缺少或错误的 CSRF 令牌，请刷新页面后重试' },
  forbidden: { status: 403, title: '您没有执行该操作的权限' },
  not_found: { status: 404, title: '未找到该资源，或您无权查看' },
  method_not_allowed: { status: 405, title: '不支持该请求方法' },
  conflict: { status: 409, title: '数据冲突' },
  'org.move_cycle': { status: 409, title: '不能把党组织调整到它自己或其下级组织之下' },
  'org.parent_type': { status: 422, title: '上级组织的类型不能包含该类型的组织' },
  'org.dissolved': { status: 409, title: '该党组织已撤销，不能再修改' },
  'org.has_active_children': { status: 409, title: '该党组织还有未撤销的下级组织，请先处理下级组织' },
  'org.root': { status: 409, title: '不能调整或撤销您管理范围的顶层组织' },
  'user.username_taken': { status: 409, title: '用户名已被使用' },
  'user.self': { status: 409, title: '不能停用自己的账号' },
  'unit.credit_code_taken': { status: 409, title: '该统一社会信用代码已登记' },
  'idempotency.mismatch': { status: 422, title: '同一个幂等键不能用于不同的请求' },
  'idempotency.secret_shown': { status: 409, title: '该请求已经处理过，其中的密钥只显示一次' },
  'job.not_failed': { status: 409, title: '只有失败的任务可以重试' },
  'orgsetup.term_ended': { status: 409, title: '该届班子已经结束，不能再修改' },
  'orgsetup.assignment_ended': { status: 409, title: '该党建工作指导员的选派已经结束' },
  'dues.rule': { status: 422, title: '不符合党费收缴规定' },
  'dues.no_base': { status: 409, title: '尚未核定党费基数' },
  'points.insufficient': { status: 409, title: '积分余额不足' },
  'reward.out_of_stock': { status: 409, title: '该物品库存不足' },
  'activity.state': { status: 409, title: '该活动或报名当前的状态不能进行此操作' },
  'activity.not_eligible': { status: 403, title: '您不在该活动的报名范围内' },
  'activity.approved': { status: 409, title: '服务时长已经审核，不能再修改' },
  'selection.phase': { status: 409, title: '该评选当前所处阶段不能进行此操作' },
  'selection.not_voter': { status: 403, title: '您不在该评选的投票范围内' },
  'selection.voted': { status: 409, title: '您已为该候选人投过票，或票数已经用完' },
  'learning.not_member': { status: 403, title: '只有党员本人可以记录学习' },
  'learning.withdrawn': { status: 409, title: '该学习资料或学习任务已撤回' },
  'member.duplicate_id_number': { status: 409, title: '该身份证号码已登记为党员' },
  'import.has_errors': {
    status: 409,
    title: '导入文件中还有错误的行，请修正后重新上传，或选择仅导入正确的行',
  },
  'import.committed': { status: 409, title: '该批次已经导入，不能重复提交' },
  'export.too_large': { status: 422, title: '导出超过 10,000 行，请使用后台导出' },
  'export.not_ready': { status: 409, title: '导出文件尚未生成完毕' },
  'development.rule': { status: 422, title: '不符合发展党员工作规定' },
  'development.step_recorded': { status: 409, title: '该步骤已经登记' },
  'development.closed': { status: 409, title: '该发展党员记录已结束' },
  'development.record_exists': { status: 409, title: '该同志已有进行中的发展党员记录' },
  'transfer.rule': { status: 422, title: '不符合党员组织关系管理规定' },
  'transfer.open_exists': { status: 409, title: '该党员已有未完成的组织关系转接' },
  'transfer.state': { status: 409, title: '该转接当前的状态不能进行此操作' },
  'case.transition': { status: 409, title: '工单当前状态不能执行该操作' },
  'case.category_code_taken': { status: 409, title: '该诉求分类代码已被使用' },
  'case.contact_recorded': { status: 409, title: '已记录首次联系，不能重复记录' },
  'case.rating_window': { status: 409, title: '评价不能再修改' },
  'orglife.state': { status: 409, title: '该会议当前的状态不能进行此操作' },
  'compliance.params': { status: 422, title: '地方参数只能修改规则已有的参数，不能删除或停用全国规则' },
  'project.milestone_completed': { status: 409, title: '该节点已经登记完成' },
  'project.evaluation_exists': { status: 409, title: '该组织本年度的评比已经开展' },
  'project.evaluation_decided': { status: 409, title: '该评比已经评定，不能再评分' },
  'project.evaluation_unscored': { status: 409, title: '还没有评委评分，不能评定' },
  'policy.not_eligible': { status: 409, title: '按目前的企业信息，尚不符合该政策的条件' },
  'policy.applied': { status: 409, title: '该政策事项已经申报' },
  'alliance.not_open': { status: 409, title: '该需求已派单或已关闭' },
  'challenge.closed': { status: 409, title: '揭榜已截止或已定榜，不能再修改或撤回方案' },
  'challenge.bid_withdrawn': { status: 409, title: '该揭榜方案已撤回' },
  'alliance.meeting_held': { status: 409, title: '该会议已经登记召开' },
  'alliance.resolution_done': { status: 409, title: '该议定事项已经办结' },
  'alliance.resolution_case': { status: 409, title: '该议定事项已经转为工单' },
  'pairing.problem_case': { status: 409, title: '该问题已经转为工单' },
  'compliance.finding_resolved': { status: 409, title: '该问题已经整改销号' },
  request_timeout: { status: 408, title: '请求超时' },
  payload_too_large: { status: 413, title: '请求内容过大' },
  uri_too_long: { status: 414, title: '请求地址过长' },
  unsupported_media_type: { status: 415, title: '不支持的内容类型' },
  rate_limited: { status: 429, title: '尝试次数过多，请稍后再试' },
  headers_too_large: { status: 431, title: '请求地址或请求头过长' },
  database_unavailable: { status: 503, title: '数据库暂时不可用' },
  internal: { status: 500, title: '服务器内部错误' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly options: { detail?: string; errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(options.detail ?? ERROR_CATALOGUE[code].title);
    this.status = ERROR_CATALOGUE[code].status;
  }
}

/** A 400 naming the field that was wrong. */
export function fieldError(field: string, code: string, message: string): AppError {
  return new AppError('validation', { detail: message, errors: [{ field, code, message }] });
}

export const notFound = (detail?: string) => new AppError('not_found', detail ? { detail } : {});

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: FieldError[];
  requestId?: string;
}

export function problemOf(code: ErrorCode, detail?: string, errors?: FieldError[]): Problem {
  const entry = ERROR_CATALOGUE[code];
  return {
    type: `/api/docs/errors#${code}`,
    title: entry.title,
    status: entry.status,
    code,
    ...(detail ? { detail } : {}),
    ...(errors?.length ? { errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}) {
  return reply
    .code(problem.status)
    .headers(headers)
    .type('application/problem+json; charset=utf-8')
    .serializer(JSON.stringify)
    .send(problem);
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_VALIDATION: 'validation',
};

/** Turns anything thrown into problem+json. Only a real bug answers 500. */
export function toProblem(
  error: FastifyError | Error,
  request: FastifyRequest,
): { problem: Problem; headers: Record<string, string> } {
  if (error instanceof AppError) {
    return {
      problem: problemOf(error.code, error.options.detail, error.options.errors),
      headers: error.options.headers ?? {},
    };
  }
  const fe = error as FastifyError & { validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(fe)) {
    const errors = fe.validation.map((v) => ({
      field: fieldName(fe.validationContext, v.instancePath),
      code: `validation.${v.keyword}`,
      message: v.message ?? '取值无效',
    }));
    const first = errors[0];
    return {
      problem: problemOf('validation', first ? `${first.field}：${first.message}` : undefined, errors),
      headers: {},
    };
  }
  if (fe.code && FASTIFY_CODES[fe.code]) {
    const code = FASTIFY_CODES[fe.code]!;
    const detail = code === 'bad_request' ? '请求体不是有效的 JSON' : undefined;
    return { problem: problemOf(code, detail), headers: {} };
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code: ErrorCode =
      fe.statusCode === 404
        ? 'not_found'
        : fe.statusCode === 413
          ? 'payload_too_large'
          : fe.statusCode === 415
            ? 'unsupported_media_type'
            : fe.statusCode === 405
              ? 'method_not_allowed'
              : fe.statusCode === 429
                ? 'rate_limited'
                : 'bad_request';
    return { problem: problemOf(code), headers: {} };
  }
  if (isDatabaseDown(error)) return { problem: problemOf('database_unavailable'), headers: {} };
  request.log.error({ err: error }, 'unhandled error');
  return { problem: problemOf('internal'), headers: {} };
}

function fieldName(context: string | undefined, instancePath: string): string {
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  if (path) return path;
  return context === 'querystring' ? 'query' : (context ?? 'body');
}

function isDatabaseDown(error: Error): boolean {
  const code = (error as { code?: string }).code;
  return (
    code === 'ECONNREFUSED' ||
    code === '57P01' ||
    code === '57P03' ||
    /PGlite is closed|Connection terminated/i.test(error.message)
  );
}
