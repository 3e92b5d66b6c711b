import { validateCreditCode } from '../identity/creditCode.ts';
import {
  type ImportProblem,
  LEDGER_DATE_MESSAGE,
  type LedgerCell,
  type LedgerColumn,
  ledgerColumnOf,
  ledgerHeaderOf,
  ledgerText,
  parseLedgerDate,
} from '../ledger/cells.ts';
import { isRegionCode } from '../region/regions.ts';
import { normalizeForSearch } from '../text/search.ts';
import { canContain, isOrgType, ORG_TYPES, type OrgType } from './types.ts';

/**
 * The organization ledger (组织台账) in Excel: the template's columns, the checks one row must pass
 * on its own, and how the rows of a file find their parents, among the organizations already
 * registered and the rows above or below them in the same file. Pure: the server looks up the
 * candidates and the caller's scope, this decides.
 */

export const ORG_IMPORT_COLUMNS = [
  {
    key: 'name',
    header: '组织名称',
    required: true,
    width: 36,
    example: '中共厦门市湖里区示例社区委员会',
  },
  { key: 'type', header: '组织类别', required: true, width: 14, example: '党委' },
  { key: 'parent', header: '上级组织', required: true, width: 40, example: '中共厦门市湖里区委员会' },
  { key: 'unit', header: '所在单位', required: false, width: 30, example: '' },
  { key: 'establishedOn', header: '成立日期', required: false, width: 12, example: '2020-07-01' },
  { key: 'regionCode', header: '行政区划代码', required: false, width: 14, example: '350206' },
] as const satisfies readonly LedgerColumn[];
export type OrgImportKey = (typeof ORG_IMPORT_COLUMNS)[number]['key'];

const HEADER_ALIASES: Record<string, OrgImportKey> = {
  党组织名称: 'name',
  名称: 'name',
  组织类型: 'type',
  党组织类别: 'type',
  党组织类型: 'type',
  类别: 'type',
  上级党组织: 'parent',
  上级组织名称: 'parent',
  上级: 'parent',
  单位: 'unit',
  所在单位名称: 'unit',
  统一社会信用代码: 'unit',
  成立时间: 'establishedOn',
  行政区划: 'regionCode',
  区划代码: 'regionCode',
};

export function orgImportColumnOf(header: string): OrgImportKey | undefined {
  return ledgerColumnOf(ORG_IMPORT_COLUMNS, HEADER_ALIASES, header);
}

export function orgImportHeaderOf(key: OrgImportKey): string {
  return ledgerHeaderOf(ORG_IMPORT_COLUMNS, key);
}

/** The type a ledger names: its Chinese label (党支部) or its code (branch). */
export function orgTypeOfLabel(text: string): OrgType | undefined {
  const t = text.replace(/\s/g, '');
  const byLabel = (Object.entries(ORG_TYPES) as Array<[OrgType, string]>).find(([, label]) => label === t);
  if (byLabel) return byLabel[0];
  return isOrgType(t) ? t : undefined;
}

/** '厦门市委 / 湖里区委 > 某街道工委' → its names, top first (any of / ／ > ＞ › \ separates). */
export function splitOrgPath(text: string): string[] {
  return text
    .split(/[/／>＞›\\]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface CheckedOrgRow {
  name: string | null;
  /** normalizeForSearch(name): how names are compared (Simplified and Traditional meet). */
  key: string | null;
  type: OrgType | null;
  /** The parent as written (for messages) and as normalized names, top first. */
  parentText: string | null;
  parentPath: string[];
  unit: { creditCode: string } | { name: string; key: string } | null;
  establishedOn: string | null;
  regionCode: string | null;
}

const TYPE_LIST = Object.values(ORG_TYPES).join('、');

/**
 * Checks one row of an organization ledger on its own. Every problem is reported, each with the
 * Chinese header of its column. Whether the parent and the unit exist is for `resolveOrgImport`
 * and the server to say.
 */
export function checkOrgRow(
  raw: Partial<Record<OrgImportKey, LedgerCell>>,
  today: string,
): { row: CheckedOrgRow; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const add = (key: OrgImportKey, code: string, message: string) =>
    problems.push({ column: orgImportHeaderOf(key), code, message });

  let name: string | null = ledgerText(raw.name).replace(/\s+/g, ' ') || null;
  if (!name) add('name', 'import.required', '请填写组织名称');
  else if (name.length > 100) {
    add('name', 'import.too_long', '组织名称不能超过 100 个字');
    name = null;
  }

  const typeText = ledgerText(raw.type);
  const type = typeText ? (orgTypeOfLabel(typeText) ?? null) : null;
  if (!typeText) add('type', 'import.required', '请填写组织类别');
  else if (!type) add('type', 'import.org_type', `组织类别应为：${TYPE_LIST}`);

  const parentText = ledgerText(raw.parent) || null;
  const parentNames = parentText ? splitOrgPath(parentText) : [];
  if (parentNames.length === 0) add('parent', 'import.required', '请填写上级组织（名称或完整路径）');
  else if (parentNames.some((n) => n.length > 100))
    add('parent', 'import.too_long', '上级组织名称不能超过 100 个字');

  let unit: CheckedOrgRow['unit'] = null;
  const unitText = ledgerText(raw.unit);
  if (typeof raw.unit === 'number') {
    add('unit', 'credit_code.format', '统一社会信用代码被 Excel 存成了数字，请把该列设为“文本”后重新填写');
  } else if (/^[0-9A-Za-z]{15,}$/.test(unitText)) {
    // all letters and digits, as long as a code: meant as a 统一社会信用代码, so check it as one
    const checked = validateCreditCode(unitText);
    if (checked.ok) unit = { creditCode: checked.normalized };
    else add('unit', checked.code, checked.message);
  } else if (unitText.length > 200) {
    add('unit', 'import.too_long', '所在单位不能超过 200 个字');
  } else if (unitText) {
    unit = { name: unitText, key: normalizeForSearch(unitText) };
  }

  let establishedOn = parseLedgerDate(raw.establishedOn);
  if (establishedOn === 'invalid') {
    add('establishedOn', 'import.date', LEDGER_DATE_MESSAGE);
    establishedOn = null;
  } else if (establishedOn && establishedOn > today) {
    add('establishedOn', 'import.date_future', '成立日期不能晚于今天');
  }

  const regionText = ledgerText(raw.regionCode);
  let regionCode: string | null = null;
  if (regionText) {
    if (!/^\d{6}$/.test(regionText)) add('regionCode', 'import.region', '行政区划代码应为 6 位数字');
    else if (!isRegionCode(regionText))
      add('regionCode', 'import.region', `系统中没有行政区划代码 ${regionText}`);
    else regionCode = regionText;
  }

  return {
    row: {
      name,
      key: name ? normalizeForSearch(name) : null,
      type,
      parentText,
      parentPath: parentNames.map(normalizeForSearch),
      unit,
      establishedOn,
      regionCode,
    },
    problems,
  };
}

// ------------------------------------------------------------------ parents

/** A row as `resolveOrgImport` needs it. `ok` is false when the row already has problems of its own. */
export interface OrgImportRow {
  rowNo: number;
  key: string | null;
  type: OrgType | null;
  parentText: string | null;
  parentPath: string[];
  ok: boolean;
}

/** A registered organization the file may name (by its own name or as a parent). */
export interface KnownOrg {
  id: number;
  key: string;
  name: string;
  type: string;
  parentId: number | null;
  status: 'active' | 'dissolved';
  /** normalized names of its ancestors, top first, up to its parent */
  ancestors: string[];
  /** may the caller create organizations under it? */
  creatable: boolean;
}

export interface OrgImportPlan {
  /** the registered parent, when the parent is not a row of the file */
  parentId: number | null;
  /** the row of the file that creates the parent */
  parentRow: number | null;
  /** the registered organization this row already is (same parent, same name): nothing to create */
  existingId: number | null;
  problems: ImportProblem[];
}

type Entity = { org: KnownOrg; row?: undefined } | { row: OrgImportRow; org?: undefined };
type ParentResult =
  | { entity: Entity; problem?: undefined }
  | { entity?: undefined; problem: ImportProblem | null };

const entityId = (e: Entity) => (e.org ? `o${e.org.id}` : `r${e.row.rowNo}`);
const PARENT = orgImportHeaderOf('parent');
const NAME = orgImportHeaderOf('name');
const TYPE = orgImportHeaderOf('type');

/**
 * Finds each row's parent and says what is wrong with it. A parent is named by its name or by a
 * path ending in it ('湖里区委/某街道工委'); it may be a registered organization or a row of the
 * same file, above or below. A row whose name already exists under the same parent is that
 * organization (re-importing a file creates nothing), unless its type differs. A row whose parent
 * row is bad is bad too, so "only the good rows" never leaves an orphan.
 *
 * `known` holds the registered organizations the caller may read whose names occur in the file
 * (as a row or as a parent), with their ancestors' names.
 */
export function resolveOrgImport(rows: OrgImportRow[], known: KnownOrg[]): Map<number, OrgImportPlan> {
  const rowsByKey = group(
    rows.filter((r) => r.key),
    (r) => r.key!,
  );
  const orgsByKey = group(known, (o) => o.key);
  const parentMemo = new Map<number, ParentResult>();
  const visiting = new Set<number>();
  const firstByKey = new Map<string, Map<string, number>>();
  const rowByNo = new Map(rows.map((r) => [r.rowNo, r]));

  const existingChildren = (parent: KnownOrg, key: string) =>
    (orgsByKey.get(key) ?? []).filter((o) => o.parentId === parent.id && o.status === 'active');

  /** The first row of the file with this name under this parent (later ones are duplicates). */
  const firstRow = (key: string, parent: Entity): number | undefined => {
    let firsts = firstByKey.get(key);
    if (!firsts) {
      firsts = new Map();
      for (const r of rowsByKey.get(key) ?? []) {
        const p = parentOf(r);
        if (p.entity && !firsts.has(entityId(p.entity))) firsts.set(entityId(p.entity), r.rowNo);
      }
      firstByKey.set(key, firsts);
    }
    return firsts.get(entityId(parent));
  };

  /** What a row stands for: a registered organization of the same name and parent, or a new one. */
  const entityOf = (row: OrgImportRow): Entity => {
    const p = parentOf(row);
    if (!p.entity || !row.key) return { row };
    if (p.entity.org) {
      const existing = existingChildren(p.entity.org, row.key);
      if (existing.length > 0) return { org: existing[0]! };
    }
    const first = firstRow(row.key, p.entity);
    return { row: (first !== undefined ? rowByNo.get(first) : undefined) ?? row };
  };

  const ancestorsOf = (e: Entity): string[] | null => {
    if (e.org) return e.org.ancestors;
    const p = parentOf(e.row);
    if (!p.entity) return null;
    const above = ancestorsOf(p.entity);
    const key = p.entity.org ? p.entity.org.key : p.entity.row.key;
    return above && key ? [...above, key] : null;
  };

  function parentOf(row: OrgImportRow): ParentResult {
    const memo = parentMemo.get(row.rowNo);
    if (memo) return memo;
    // a row met again while finding its own parent: a cycle, reported once the walk is over
    if (visiting.has(row.rowNo)) return { problem: null };
    visiting.add(row.rowNo);
    const result = findParent(row);
    visiting.delete(row.rowNo);
    parentMemo.set(row.rowNo, result);
    return result;
  }

  function findParent(row: OrgImportRow): ParentResult {
    const path = row.parentPath;
    const last = path.at(-1);
    if (!last) return { problem: null };
    const shown = row.parentText ?? last;
    const candidates = new Map<string, Entity>();
    let dissolved = false;
    for (const org of orgsByKey.get(last) ?? []) {
      if (org.status === 'active') candidates.set(entityId({ org }), { org });
      else dissolved = true;
    }
    for (const r of rowsByKey.get(last) ?? []) {
      if (r === row) continue;
      const e = entityOf(r);
      candidates.set(entityId(e), e);
    }
    let found = [...candidates.values()];
    if (path.length > 1) {
      const above = path.slice(0, -1);
      found = found.filter((e) => {
        const chain = ancestorsOf(e);
        return chain !== null && endsWith(chain, above);
      });
    }
    if (found.length === 1) return { entity: found[0]! };
    if (found.length > 1) {
      return {
        problem: {
          column: PARENT,
          code: 'import.parent_ambiguous',
          message: `有 ${found.length} 个名为「${shown}」的党组织，请填写完整路径，如「上级组织名称/${splitLast(shown)}」`,
        },
      };
    }
    if (dissolved && path.length === 1) {
      return {
        problem: { column: PARENT, code: 'import.parent_dissolved', message: `上级组织「${shown}」已撤销` },
      };
    }
    return {
      problem: {
        column: PARENT,
        code: 'import.parent_unknown',
        message: `未找到上级组织「${shown}」，或不在您的管理范围内`,
      },
    };
  }

  const plans = new Map<number, OrgImportPlan>();
  for (const row of rows) {
    const problems: ImportProblem[] = [];
    const plan: OrgImportPlan = { parentId: null, parentRow: null, existingId: null, problems };
    plans.set(row.rowNo, plan);
    const p = parentOf(row);
    if (!p.entity) {
      if (p.problem) problems.push(p.problem);
      continue;
    }
    const parent = p.entity;
    if (parent.org) {
      plan.parentId = parent.org.id;
      if (!parent.org.creatable) {
        problems.push({
          column: PARENT,
          code: 'import.parent_out_of_scope',
          message: `上级组织「${parent.org.name}」不在您可以新建下级组织的范围内`,
        });
      }
    } else {
      plan.parentRow = parent.row.rowNo;
    }
    const parentType = parent.org ? parent.org.type : parent.row.type;
    if (row.type && parentType && isOrgType(parentType) && !canContain(parentType, row.type)) {
      problems.push({
        column: TYPE,
        code: 'import.parent_type',
        message: `${ORG_TYPES[parentType]}下不能设立${ORG_TYPES[row.type]}`,
      });
    }
    if (!row.key) continue;
    const existing = parent.org ? existingChildren(parent.org, row.key) : [];
    if (existing.length > 1) {
      problems.push({
        column: NAME,
        code: 'import.org_exists',
        message: `上级组织下已有 ${existing.length} 个同名党组织，请先在组织架构中处理`,
      });
    } else if (existing.length === 1) {
      const org = existing[0]!;
      if (row.type && org.type !== row.type) {
        const label = isOrgType(org.type) ? ORG_TYPES[org.type] : org.type;
        problems.push({
          column: TYPE,
          code: 'import.org_exists',
          message: `上级组织下已有同名党组织，类别为${label}，与本行不一致`,
        });
      } else {
        plan.existingId = org.id;
      }
    } else {
      const first = firstRow(row.key, parent);
      if (first !== undefined && first !== row.rowNo) {
        problems.push({
          column: NAME,
          code: 'import.duplicate_in_file',
          message: `与第 ${first} 行重复：同一上级组织下不能有同名党组织`,
        });
      }
    }
  }

  // parents that are rows of the file: find cycles, then make the children of bad rows bad
  for (const row of rows) {
    const seen: number[] = [];
    let at: number | null = row.rowNo;
    while (at !== null && !seen.includes(at)) {
      seen.push(at);
      at = plans.get(at)?.parentRow ?? null;
    }
    if (at === row.rowNo) {
      plans.get(row.rowNo)!.problems.push({
        column: PARENT,
        code: 'import.parent_cycle',
        message: `上级组织关系形成循环（第 ${seen.join('、')} 行）`,
      });
    }
  }
  const bad = new Map<number, boolean>();
  const isBad = (rowNo: number, depth = 0): boolean => {
    const known = bad.get(rowNo);
    if (known !== undefined) return known;
    const plan = plans.get(rowNo)!;
    const own = !rowByNo.get(rowNo)!.ok || plan.problems.length > 0;
    if (own || plan.parentRow === null || depth > rows.length) {
      bad.set(rowNo, own);
      return own;
    }
    const parentBad = isBad(plan.parentRow, depth + 1);
    if (parentBad) {
      plan.problems.push({
        column: PARENT,
        code: 'import.parent_row_bad',
        message: `上级组织（第 ${plan.parentRow} 行）有错误，本行不能导入`,
      });
    }
    bad.set(rowNo, parentBad);
    return parentBad;
  };
  for (const row of rows) isBad(row.rowNo);
  return plans;
}

function group<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  }
  return map;
}

function endsWith(chain: string[], tail: string[]): boolean {
  if (tail.length > chain.length) return false;
  const offset = chain.length - tail.length;
  return tail.every((name, i) => chain[offset + i] === name);
}

function splitLast(text: string): string {
  return splitOrgPath(text).at(-1) ?? text;
}

/**
 * The order to create rows in: every row after the row that creates its parent. Rows whose
 * parent is registered come first.
 */
export function orgImportOrder(plans: Map<number, Pick<OrgImportPlan, 'parentRow'>>): number[][] {
  const levels: number[][] = [];
  const levelOf = new Map<number, number>();
  const depth = (rowNo: number, guard = 0): number => {
    const known = levelOf.get(rowNo);
    if (known !== undefined) return known;
    const parent = plans.get(rowNo)?.parentRow ?? null;
    const d = parent === null || guard > plans.size ? 0 : depth(parent, guard + 1) + 1;
    levelOf.set(rowNo, d);
    return d;
  };
  for (const rowNo of [...plans.keys()].sort((a, b) => a - b)) {
    const d = depth(rowNo);
    const level = levels[d];
    if (level) level.push(rowNo);
    else levels[d] = [rowNo];
  }
  return levels.filter(Boolean);
}
