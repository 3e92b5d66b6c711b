import { isIsoDate } from '../calendar/dates.ts';
import { type Criteria, FACT_KEYS, type FactKey, isFactKey, OPS, type Op } from './eligibility.ts';

/** A problem in a criteria tree or a fact, naming the field path (`criteria.all.1.op`). */
export interface CriteriaIssue {
  field: string;
  code: string;
  message: string;
}

export type CriteriaCheck = { ok: true; criteria: Criteria } | { ok: false; issues: CriteriaIssue[] };

const MAX_DEPTH = 5;
const MAX_LEAVES = 60;

const OPS_BY_KIND = {
  code: ['eq', 'in', 'prefix'],
  integer: ['eq', 'in', 'gte', 'gt', 'lte', 'lt'],
  date: ['eq', 'gte', 'gt', 'lte', 'lt', 'yearsSinceGte', 'yearsSinceLte'],
  list: ['has'],
  boolean: ['eq'],
} as const satisfies Record<string, readonly Op[]>;

export function opsForFact(fact: FactKey): readonly Op[] {
  return OPS_BY_KIND[FACT_KEYS[fact].kind];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isWholeNumber = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v);

/** Is `value` a valid operand of `op` on `fact`? Returns the message when it is not. */
function operandProblem(fact: FactKey, op: Op, value: unknown): string | null {
  const kind = FACT_KEYS[fact].kind;
  if (op === 'yearsSinceGte' || op === 'yearsSinceLte')
    return isWholeNumber(value) && (value as number) >= 0 && (value as number) <= 200
      ? null
      : '年数应为 0 到 200 的整数';
  if (op === 'in') {
    if (!Array.isArray(value) || value.length === 0 || value.length > 200) return '应为非空列表';
    const scalar = kind === 'integer' ? isWholeNumber : (v: unknown) => typeof v === 'string' && v !== '';
    return value.every(scalar) ? null : kind === 'integer' ? '列表中应都是整数' : '列表中应都是非空代码';
  }
  switch (kind) {
    case 'code':
    case 'list':
      return typeof value === 'string' && value.trim() !== '' && value.length <= 50 ? null : '应为非空代码';
    case 'integer':
      return isWholeNumber(value) ? null : '应为整数';
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? null : '应为YYYY-MM-DD格式的有效日期';
    case 'boolean':
      return typeof value === 'boolean' ? null : '应为 true 或 false';
  }
}

/**
 * Validates a criteria tree: `{all: [...]}` or `{any: [...]}`, nestable, whose leaves are
 * `{fact, op, value, clause}` with a known fact, an operator that fact takes and an operand of the
 * right kind. `clauses`, when given, are the articles a criterion may cite.
 */
export function validateCriteria(
  input: unknown,
  clauses?: readonly string[],
  root = 'criteria',
): CriteriaCheck {
  const issues: CriteriaIssue[] = [];
  let leaves = 0;
  const issue = (field: string, code: string, message: string) => {
    issues.push({ field, code, message });
  };

  const visit = (node: unknown, path: string, depth: number, top: boolean): void => {
    if (!isObject(node)) {
      issue(
        path,
        'policy.criteria_shape',
        '条件应为 {all: [...]}、{any: [...]} 或 {fact, op, value, clause}',
      );
      return;
    }
    const isAll = 'all' in node;
    const isAny = 'any' in node;
    if (isAll || isAny || top) {
      if (isAll === isAny) {
        issue(path, 'policy.criteria_shape', '条件组应为 {all: [...]} 或 {any: [...]} 之一');
        return;
      }
      const key = isAll ? 'all' : 'any';
      const list = node[key];
      if (depth > MAX_DEPTH) {
        issue(path, 'policy.criteria_depth', `条件嵌套不能超过 ${MAX_DEPTH} 层`);
        return;
      }
      if (!Array.isArray(list) || list.length === 0) {
        issue(`${path}.${key}`, 'policy.criteria_empty', '条件组至少要有一项条件');
        return;
      }
      const extra = Object.keys(node).find((k) => k !== key);
      if (extra) issue(`${path}.${extra}`, 'policy.criteria_shape', '条件组只能有 all 或 any 一项');
      for (const [i, child] of list.entries()) visit(child, `${path}.${key}.${i}`, depth + 1, false);
      return;
    }
    leaves++;
    const { fact, op, value, clause } = node;
    if (!isFactKey(fact)) {
      issue(`${path}.fact`, 'policy.unknown_fact', `未知的企业信息项：${String(fact)}`);
      return;
    }
    if (typeof op !== 'string' || !(OPS as readonly string[]).includes(op)) {
      issue(`${path}.op`, 'policy.unknown_op', `未知的比较方式：${String(op)}`);
      return;
    }
    if (!opsForFact(fact).includes(op as Op)) {
      issue(`${path}.op`, 'policy.op_not_for_fact', `“${FACT_KEYS[fact].label}”不能使用比较方式 ${op}`);
      return;
    }
    const problem = operandProblem(fact, op as Op, value);
    if (problem)
      issue(`${path}.value`, 'policy.criteria_value', `“${FACT_KEYS[fact].label}”的取值${problem}`);
    if (typeof clause !== 'string' || clause.trim() === '')
      issue(`${path}.clause`, 'policy.criteria_clause', '每项条件都要注明出自哪一条款');
    else if (clauses && !clauses.includes(clause))
      issue(`${path}.clause`, 'policy.criteria_clause', `条款“${clause}”不在本政策的条款中`);
    const extra = Object.keys(node).find((k) => !['fact', 'op', 'value', 'clause'].includes(k));
    if (extra) issue(`${path}.${extra}`, 'policy.criteria_shape', `条件不认识字段 ${extra}`);
  };

  visit(input, root, 1, true);
  if (leaves > MAX_LEAVES) issue(root, 'policy.criteria_size', `一项政策的条件不能超过 ${MAX_LEAVES} 条`);
  return issues.length ? { ok: false, issues } : { ok: true, criteria: input as Criteria };
}

/** Validates one fact's value for its key (what the enterprise or staff enter). */
export function factValueProblem(fact: FactKey, value: unknown): string | null {
  switch (FACT_KEYS[fact].kind) {
    case 'code':
      return typeof value === 'string' && /^[A-Z0-9]{1,12}$/.test(value)
        ? null
        : '应为代码（大写字母或数字）';
    case 'integer':
      return isWholeNumber(value) && (value as number) >= 0 ? null : '应为不小于 0 的整数';
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? null : '应为YYYY-MM-DD格式的有效日期';
    case 'list':
      return Array.isArray(value) &&
        value.length <= 30 &&
        value.every((v) => typeof v === 'string' && /^[a-z0-9_]{1,40}$/.test(v))
        ? null
        : '应为资质代码的列表';
    case 'boolean':
      return typeof value === 'boolean' ? null : '应为 true 或 false';
  }
}
