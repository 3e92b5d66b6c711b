import {
  FACT_KEYS,
  type FactKey,
  factValueProblem,
  type LedgerCell,
  QUALIFICATIONS,
  validateCreditCode,
} from '@honglian/domain';
import { can } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { assertImportRows } from '../../platform/imports.ts';
import { readLedgerRows } from '../../platform/xlsx.ts';
import { matchAll, rematchEnterprise } from './matching.ts';
import * as repo from './repository.ts';

/**
 * 企业画像导入 (issue 13): staff import facts from a registry file (Excel). One row an enterprise, found by
 * its 统一社会信用代码 among the enterprises of the caller's `enterprise_profile.manage` scope; the filled
 * cells are written with source `import`, the empty ones left as they are. Rows with an error are listed
 * and skipped; the others are written and their enterprises matched again (a large file: one full match).
 */
type Column = 'creditCode' | FactKey | 'asOf';

const COLUMNS: Array<{ key: Column; header: string }> = [
  { key: 'creditCode', header: '统一社会信用代码' },
  { key: 'industryCode', header: '行业代码' },
  { key: 'employees', header: '从业人员数' },
  { key: 'annualRevenueFen', header: '上年营业收入（元）' },
  { key: 'rdExpenseFen', header: '上年研发费用（元）' },
  { key: 'registeredOn', header: '注册登记日期' },
  { key: 'qualifications', header: '资质' },
  { key: 'hasPartyOrg', header: '是否建立党组织' },
  { key: 'asOf', header: '截至日期' },
];

const QUALIFICATION_BY_LABEL = Object.fromEntries(Object.entries(QUALIFICATIONS).map(([k, v]) => [v, k]));

function text(v: LedgerCell): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).trim();
}

/** A cell read as the fact's value, or the message saying why not. */
function parse(key: FactKey, cell: LedgerCell): { value: unknown } | { error: string } {
  const t = text(cell);
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

export async function importFacts(database: Database, ctx: RequestContext, file: { buffer: Buffer }) {
  if (!can(ctx.actor, 'enterprise_profile.manage')) throw new AppError('forbidden');
  const byHeader = new Map(COLUMNS.map((c) => [c.header, c.key]));
  const rows = await readLedgerRows<Column>(file.buffer, {
    sheet: '企业画像',
    columnOf: (h) => byHeader.get(h.trim()),
    missing: (keys) => (keys.has('creditCode') ? [] : ['统一社会信用代码']),
  });
  assertImportRows(rows.length, '企业');
  const today = clock.today();
  const codes = rows
    .map((r) => validateCreditCode(text(r.raw.creditCode)))
    .map((c) => (c.ok ? c.normalized : ''));
  const units = await database.db
    .selectFrom('units')
    .innerJoin('orgs', 'orgs.id', 'units.org_id')
    .select(['units.id', 'units.credit_code', 'units.region_code', 'orgs.path'])
    .where('units.kind', '=', 'enterprise')
    .where('units.credit_code', 'in', codes.filter(Boolean).length ? codes.filter(Boolean) : [''])
    .execute();
  const unitOf = new Map(
    units.filter((u) => can(ctx.actor, 'enterprise_profile.manage', u.path)).map((u) => [u.credit_code, u]),
  );
  const errors: Array<{ rowNo: number; column: string; message: string }> = [];
  const writes: repo.FactWrite[] = [];
  const touched = new Map<number, string>();
  rows.forEach((row, i) => {
    const unit = codes[i] ? unitOf.get(codes[i]!) : undefined;
    if (!unit) {
      errors.push({
        rowNo: row.rowNo,
        column: '统一社会信用代码',
        message: '未找到该企业，或它不在您的管理范围内',
      });
      return;
    }
    const asOf = text(row.raw.asOf) || today;
    if (factValueProblem('registeredOn', asOf) || asOf > today) {
      errors.push({ rowNo: row.rowNo, column: '截至日期', message: '应为不晚于今天的YYYY-MM-DD日期' });
      return;
    }
    const rowWrites: repo.FactWrite[] = [];
    let bad = false;
    for (const c of COLUMNS) {
      if (c.key === 'creditCode' || c.key === 'asOf' || text(row.raw[c.key]) === '') continue;
      const parsed = parse(c.key, row.raw[c.key]);
      if ('error' in parsed) {
        errors.push({
          rowNo: row.rowNo,
          column: c.header,
          message: `“${FACT_KEYS[c.key].label}”${parsed.error}`,
        });
        bad = true;
        continue;
      }
      rowWrites.push({
        unitId: unit.id,
        key: c.key,
        value: parsed.value,
        source: 'import',
        asOf,
        recordedBy: ctx.actor.userId,
      });
    }
    if (bad) return;
    writes.push(
      {
        unitId: unit.id,
        key: 'regionCode',
        value: unit.region_code,
        source: 'import',
        asOf,
        recordedBy: ctx.actor.userId,
      },
      ...rowWrites,
    );
    touched.set(unit.id, unit.region_code);
  });
  await database.db.transaction().execute(async (trx) => {
    const now = clock.now();
    await repo.writeFacts(trx, writes, now);
    await audit(trx, ctx, {
      action: 'enterprise.facts_import',
      entityType: 'unit',
      entityId: null,
      orgPath: ctx.actor.orgPath,
      after: { enterprises: touched.size, facts: writes.length, skippedRows: errors.length },
    });
    if (touched.size > 200) await matchAll(trx, today, now, 'import');
    else
      for (const [unitId, region] of touched)
        await rematchEnterprise(trx, unitId, region, today, now, 'import');
  });
  return { enterprises: touched.size, facts: writes.length, errors };
}
