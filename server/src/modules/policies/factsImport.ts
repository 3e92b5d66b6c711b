import {
  describeFactValue,
  FACT_KEYS,
  type FactKey,
  factValueProblem,
  type ImportProblem,
  type LedgerCell,
  type LedgerColumn,
  ledgerColumnOf,
  ledgerText,
  QUALIFICATIONS,
  validateCreditCode,
} from '@honglian/domain';
import { can, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import {
  assertImportRows,
  importSummary,
  insertImportRows,
  lockImportBatch,
  markImportCommitted,
  saveImportBatch,
} from '../../platform/imports.ts';
import { buildLedgerTemplate, readLedgerRows } from '../../platform/xlsx.ts';
import { matchAll, rematchEnterprise } from './matching.ts';
import * as repo from './repository.ts';

/**
 * 企业画像导入 (issue 13 item 1) in the two steps of every ledger (platform/imports.ts): the upload is
 * checked into an import batch and nothing else is written; the preview lists every bad row (row,
 * column, reason) and what each good row would change (fact, old value → new value); the commit
 * writes the good rows' filled cells with source `import` (the empty ones are left as they are), once,
 * and matches their enterprises again (a large file: one full match). One row an enterprise, found
 * by its 统一社会信用代码 among the enterprises of the caller's `enterprise_profile.manage` scope.
 */
type Column = 'creditCode' | FactKey | 'asOf';

const COLUMNS: ReadonlyArray<LedgerColumn<Column>> = [
  { key: 'creditCode', header: '统一社会信用代码', required: true, width: 24, example: '91350206MA2XXXXX0X' },
  { key: 'industryCode', header: '行业代码', required: false, width: 10, example: 'C39' },
  { key: 'employees', header: '从业人员数', required: false, width: 12, example: '120' },
  { key: 'annualRevenueFen', header: '上年营业收入（元）', required: false, width: 18, example: '25000000' },
  { key: 'rdExpenseFen', header: '上年研发费用（元）', required: false, width: 18, example: '1500000' },
  { key: 'registeredOn', header: '注册登记日期', required: false, width: 14, example: '2018-05-20' },
  {
    key: 'qualifications',
    header: '资质',
    required: false,
    width: 24,
    example: '高新技术企业、科技型中小企业',
  },
  { key: 'hasPartyOrg', header: '是否建立党组织', required: false, width: 14, example: '是' },
  { key: 'asOf', header: '截至日期', required: false, width: 12, example: '' },
];
const FACT_COLUMNS = COLUMNS.filter(
  (c): c is LedgerColumn<FactKey> => c.key !== 'creditCode' && c.key !== 'asOf',
);
const HEADER_OF = Object.fromEntries(COLUMNS.map((c) => [c.key, c.header])) as Record<Column, string>;

const SHEET = '企业画像';
const TEMPLATE_NOTES: Array<[string, string]> = [
  [
    '总体',
    '请在“企业画像”工作表中从第 2 行起逐行填写，每行一家企业；第 2 行是示例，导入前请删除或改为真实数据。',
  ],
  ['总体', '只写入填写了的栏目，留空的栏目保持原值；导入前会先预览，列出有错误的行和每家企业将改变的信息。'],
  ['统一社会信用代码', '18 位，须是您管理范围内已登记的企业；同一企业在文件中只能出现一次。'],
  ['金额', '上年营业收入、上年研发费用以“元”为单位，可带两位小数。'],
  ['资质', `可填多项，用顿号或逗号分隔：${Object.values(QUALIFICATIONS).join('、')}。`],
  ['是否建立党组织', '填“是”或“否”。'],
  ['截至日期', '这些信息截至的日期，格式 YYYY-MM-DD，不晚于今天；不填视为导入当天。'],
];

export function factsTemplate(): Promise<Buffer> {
  return buildLedgerTemplate({ sheet: SHEET, columns: COLUMNS, notes: TEMPLATE_NOTES });
}

const QUALIFICATION_BY_LABEL = Object.fromEntries(Object.entries(QUALIFICATIONS).map(([k, v]) => [v, k]));

/** A cell read as the fact's value, or the message saying why not. */
function parse(key: FactKey, cell: LedgerCell): { value: unknown } | { error: string } {
  const t = ledgerText(cell);
  let value: unknown = t;
  if (key === 'employees') value = Number(t);
  if (key === 'annualRevenueFen' || key === 'rdExpenseFen') value = Math.round(Number(t) * 100);
  if (key === 'industryCode') value = t.toUpperCase();
  if (key === 'qualifications')
    value = t
      .split(/[,，、\s]+/)
      .filter(Boolean)
      .map((q) => QUALIFICATION_BY_LABEL[q] ?? q);
  if (key === 'hasPartyOrg') {
    if (!['是', '否'].includes(t)) return { error: '应填“是”或“否”' };
    value = t === '是';
  }
  const problem = factValueProblem(key, value);
  return problem ? { error: problem } : { value };
}

/** What a good row keeps for its commit. */
interface RowData {
  unitId: number;
  asOf: string;
  values: Partial<Record<FactKey, unknown>>;
}

const CHANGE_LIMIT = 1000;

/**
 * Reads an uploaded facts file, checks every row (the enterprises in one set-based query) and stores
 * the batch. Nothing is written to the facts here.
 */
export async function previewFactsImport(
  database: Database,
  ctx: RequestContext,
  file: { fileName: string; buffer: Buffer },
) {
  if (!can(ctx.actor, 'enterprise_profile.manage')) throw new AppError('forbidden');
  const rows = await readLedgerRows<Column>(file.buffer, {
    sheet: SHEET,
    columnOf: (h) => ledgerColumnOf(COLUMNS, {}, h),
    missing: (keys) => (keys.has('creditCode') ? [] : [HEADER_OF.creditCode]),
  });
  assertImportRows(rows.length, '企业');
  const today = clock.today();
  const codes = rows.map((r) => {
    const c = validateCreditCode(ledgerText(r.raw.creditCode));
    return c.ok ? c.normalized : '';
  });
  const known = codes.filter(Boolean);
  const units = known.length
    ? await database.db
        .selectFrom('units')
        .innerJoin('orgs', 'orgs.id', 'units.org_id')
        .select(['units.id', 'units.name', 'units.credit_code', 'units.region_code', 'orgs.path'])
        .where('units.kind', '=', 'enterprise')
        .where('units.credit_code', 'in', known)
        .execute()
    : [];
  const unitOf = new Map(
    units.filter((u) => can(ctx.actor, 'enterprise_profile.manage', u.path)).map((u) => [u.credit_code, u]),
  );
  const firstRowOf = new Map<number, number>();
  const stored = rows.map((row, i) => {
    const problems: ImportProblem[] = [];
    const add = (column: Column, code: string, message: string) =>
      problems.push({ column: HEADER_OF[column], code, message });
    const unit = codes[i] ? unitOf.get(codes[i]!) : undefined;
    if (!unit) add('creditCode', 'import.unit_unknown', '未找到该企业，或它不在您的管理范围内');
    else if (firstRowOf.has(unit.id))
      add('creditCode', 'import.duplicate_in_file', `与第 ${firstRowOf.get(unit.id)} 行是同一家企业`);
    else firstRowOf.set(unit.id, row.rowNo);
    const asOf = ledgerText(row.raw.asOf) || today;
    if (factValueProblem('registeredOn', asOf) || asOf > today)
      add('asOf', 'import.as_of', '应为不晚于今天的 YYYY-MM-DD 日期');
    const values: RowData['values'] = {};
    for (const c of FACT_COLUMNS) {
      if (ledgerText(row.raw[c.key]) === '') continue;
      const parsed = parse(c.key, row.raw[c.key]);
      if ('error' in parsed) add(c.key, 'import.fact', `“${FACT_KEYS[c.key].label}”${parsed.error}`);
      else values[c.key] = parsed.value;
    }
    const ok = problems.length === 0;
    const data: RowData | null = ok && unit ? { unitId: unit.id, asOf, values } : null;
    return {
      row_no: row.rowNo,
      region_code: unit?.region_code ?? null,
      org_id: null,
      name: unit?.name ?? (ledgerText(row.raw.creditCode) || null),
      errors: JSON.stringify(problems),
      ok,
      data: data ? JSON.stringify(data) : null,
    };
  });
  const scope = scopePaths(ctx.actor, 'enterprise_profile.manage');
  const batchId = await saveImportBatch(
    database.db,
    ctx,
    {
      kind: 'facts',
      orgPath: scope[0],
      fileName: file.fileName,
      totalRows: stored.length,
      badRows: stored.filter((r) => !r.ok).length,
      regionFallback: stored.find((r) => r.region_code)?.region_code ?? null,
    },
    (trx, id) => insertImportRows(trx, id, stored),
  );
  return factsImportPreview(database.db, ctx, batchId);
}

/** A good row's facts against the stored ones: what its commit would set, change or leave as it is. */
async function plannedChanges(db: Executor, batchId: number) {
  const rows = await db
    .selectFrom('import_rows')
    .select(['row_no', 'name', 'data'])
    .where('batch_id', '=', batchId)
    .where('ok', '=', true)
    .orderBy('row_no')
    .execute();
  const data = rows.map((r) => ({ rowNo: r.row_no, name: r.name ?? '', ...(r.data as unknown as RowData) }));
  const units = [...new Set(data.map((d) => d.unitId))];
  const current = units.length
    ? await db
        .selectFrom('enterprise_facts')
        .select(['unit_id', 'key', 'value'])
        .where('unit_id', 'in', units)
        .execute()
    : [];
  const stored = new Map(current.map((f) => [`${f.unit_id}:${f.key}`, f.value as unknown]));
  const changes = data.flatMap((d) =>
    Object.entries(d.values).map(([key, after]) => {
      const fact = key as FactKey;
      const before = stored.has(`${d.unitId}:${fact}`) ? stored.get(`${d.unitId}:${fact}`) : null;
      const kind: 'insert' | 'update' | 'same' =
        before === null ? 'insert' : JSON.stringify(before) === JSON.stringify(after) ? 'same' : 'update';
      return {
        row: d.rowNo,
        unitId: d.unitId,
        enterprise: d.name,
        fact,
        label: FACT_KEYS[fact].label,
        before,
        after,
        beforeText: describeFactValue(fact, before),
        afterText: describeFactValue(fact, after),
        kind,
      };
    }),
  );
  return { data, changes };
}

/** A stored batch's summary: the bad rows, and the facts each good row would set or change. */
export async function factsImportPreview(db: Executor, ctx: RequestContext, batchId: number) {
  const summary = await importSummary(db, ctx, batchId, 'facts');
  const { data, changes } = await plannedChanges(db, batchId);
  const shown = changes.filter((c) => c.kind !== 'same');
  return {
    ...summary,
    enterprises: new Set(data.map((d) => d.unitId)).size,
    toInsert: changes.filter((c) => c.kind === 'insert').length,
    toUpdate: changes.filter((c) => c.kind === 'update').length,
    unchanged: changes.filter((c) => c.kind === 'same').length,
    changes: shown.slice(0, CHANGE_LIMIT),
    changesTruncated: shown.length > CHANGE_LIMIT,
  };
}

/**
 * Writes a previewed batch once: `all` only when every row is good, `good_rows` skips the bad ones.
 * An enterprise that left the caller's scope since the preview is skipped. The enterprises written are
 * matched again (more than 200: one full match).
 */
export async function commitFactsImport(
  trx: Executor,
  ctx: RequestContext,
  batchId: number,
  mode: 'all' | 'good_rows',
) {
  const batch = await lockImportBatch(trx, ctx, batchId, 'facts', mode);
  const { data, changes } = await plannedChanges(trx, batchId);
  const units = [...new Set(data.map((d) => d.unitId))];
  const reach = units.length
    ? await trx
        .selectFrom('units')
        .innerJoin('orgs', 'orgs.id', 'units.org_id')
        .select(['units.id', 'units.region_code', 'orgs.path'])
        .where('units.id', 'in', units)
        .execute()
    : [];
  const regionOf = new Map(
    reach
      .filter((u) => can(ctx.actor, 'enterprise_profile.manage', u.path))
      .map((u) => [u.id, u.region_code]),
  );
  const written = data.filter((d) => regionOf.has(d.unitId));
  const writes: repo.FactWrite[] = written.flatMap((d) =>
    [['regionCode', regionOf.get(d.unitId)] as const, ...Object.entries(d.values)].map(([key, value]) => ({
      unitId: d.unitId,
      key,
      value,
      source: 'import' as const,
      asOf: d.asOf,
      recordedBy: ctx.actor.userId,
    })),
  );
  const now = clock.now();
  const today = clock.today();
  await repo.writeFacts(trx, writes, now);
  const counted = changes.filter((c) => regionOf.has(c.unitId));
  const result = {
    batchId,
    inserted: counted.filter((c) => c.kind === 'insert').length,
    updated: counted.filter((c) => c.kind === 'update').length,
    unchanged: counted.filter((c) => c.kind === 'same').length,
    skipped: batch.total_rows - written.length,
  };
  await markImportCommitted(trx, batchId, written.length);
  await audit(trx, ctx, {
    action: 'enterprise.facts_import',
    entityType: 'import_batch',
    entityId: batchId,
    orgPath: batch.org_path,
    regionCode: batch.region_code,
    after: { fileName: batch.file_name, mode, enterprises: written.length, facts: writes.length, ...result },
  });
  if (regionOf.size > 200) await matchAll(trx, today, now, 'import');
  else
    for (const d of written)
      await rematchEnterprise(trx, d.unitId, regionOf.get(d.unitId)!, today, now, 'import');
  return result;
}
