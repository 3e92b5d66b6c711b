import {
  canContain,
  checkOrgRow,
  type ImportProblem,
  type KnownOrg,
  ORG_IMPORT_COLUMNS,
  ORG_TYPES,
  type OrgImportRow,
  type OrgType,
  orgImportColumnOf,
  orgImportOrder,
  resolveOrgImport,
} from '@honglian/domain';
import { type Kysely, sql } from 'kysely';
import { can, scopePaths } from '../../platform/access.ts';
import { type AuditEntry, audit, auditMany } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import type { DB, Org } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import {
  assertImportRows,
  importSummary,
  insertImportRows,
  lockImportBatch,
  markImportCommitted,
  saveImportBatch,
} from '../../platform/imports.ts';
import { buildLedgerTemplate, missingRequired, readLedgerRows } from '../../platform/xlsx.ts';
import * as repo from './repository.ts';
import { orgSearchForms, snapshot } from './service.ts';

/**
 * 组织台账 in Excel (issue 4 item 6): the template, the preview that checks every row and finds
 * each row's parent (registered, or created by another row of the file), and the commit that
 * creates the new organizations top-down in a few statements. Importing needs `org.create` on each
 * parent, as creating one organization does.
 */

export const ORG_SHEET = '党组织信息';

const NOTES: Array<[string, string]> = [
  [
    '总体',
    '请在“党组织信息”工作表中从第 2 行起逐行填写，每行一个党组织；第 2 行是示例，导入前请删除或改为真实数据。',
  ],
  ['总体', '带 * 的栏目必须填写。表头请勿修改；不需要的可选栏目可以留空。'],
  ['总体', '导入前会先预览并逐行检查，有错误的行会列出行号、栏目和原因；在您确认之前不会写入任何数据。'],
  [
    '总体',
    '同一文件可以重复导入：同一上级组织下已有同名、同类别的党组织时不会重复新建，也不会修改它；修改请在组织架构页面进行。',
  ],
  ['组织名称', '党组织全称，不超过 100 个字；同一上级组织下不能重名。'],
  [
    '组织类别',
    `填写其中之一：${Object.values(ORG_TYPES).join('、')}。上级组织须能设立该类别（如党支部下不能再设组织）。`,
  ],
  [
    '上级组织',
    '填写上级党组织的全称，须在您可以新建组织的范围内；有重名时填写完整路径，用“/”分隔，如“中共厦门市湖里区委员会/中共厦门市湖里区某街道工作委员会”。上级组织也可以是本文件中的另一行，前后顺序不限。',
  ],
  ['所在单位', '可不填。填写已登记单位的名称，或其 18 位统一社会信用代码（有重名单位时请填代码）。'],
  ['成立日期', '格式为 YYYY-MM-DD，如 2020-07-01；也可写作 2020/7/1 或 2020年7月1日。不填则为导入当天。'],
  ['行政区划代码', '6 位数字，如 350206（湖里区）；不填则与上级组织相同。'],
];

export function buildOrgTemplate(): Promise<Buffer> {
  return buildLedgerTemplate({ sheet: ORG_SHEET, columns: ORG_IMPORT_COLUMNS, notes: NOTES });
}

/** What a stored row keeps besides the name and the registered parent. */
interface RowData {
  type: OrgType | null;
  parentRow: number | null;
  existingId: number | null;
  unitId: number | null;
  establishedOn: string | null;
}

const ids = (path: string) => path.split('/').filter(Boolean).map(Number);

// ---------------------------------------------------------------- preview

/**
 * Reads an uploaded ledger, checks every row, finds every parent, and stores the batch. Nothing
 * is written to the tree here. A row already registered under the same parent counts as
 * unchanged, so the same file previews clean a second time and creates nothing.
 */
export async function previewOrgImport(
  db: Kysely<DB>,
  ctx: RequestContext,
  file: { fileName: string; buffer: Buffer },
) {
  if (!can(ctx.actor, 'org.create')) throw new AppError('forbidden');
  const parsed = await readLedgerRows(file.buffer, {
    sheet: ORG_SHEET,
    columnOf: orgImportColumnOf,
    missing: (keys) => missingRequired(ORG_IMPORT_COLUMNS, keys),
  });
  assertImportRows(parsed.length, '党组织数据');
  const today = clock.today();
  const rows = parsed.map((p) => ({ rowNo: p.rowNo, ...checkOrgRow(p.raw, today) }));

  // units: by credit code or by name, among those the caller may use
  const codes = new Set<string>();
  const unitKeys = new Set<string>();
  for (const { row } of rows) {
    if (row.unit && 'creditCode' in row.unit) codes.add(row.unit.creditCode);
    else if (row.unit) unitKeys.add(row.unit.key);
  }
  const units = (await repo.unitsNamed(db, [...codes], [...unitKeys])).filter((u) =>
    can(ctx.actor, 'unit.read', u.org_path),
  );
  const unitIds: Array<number | null> = rows.map(({ row, problems }) => {
    if (!row.unit) return null;
    const add = (code: string, message: string) => problems.push({ column: '所在单位', code, message });
    if ('creditCode' in row.unit) {
      const code = row.unit.creditCode;
      const found = units.find((u) => u.credit_code === code);
      if (!found) add('import.unit_unknown', `未找到统一社会信用代码为 ${code} 的单位，或您无权使用`);
      return found?.id ?? null;
    }
    const key = row.unit.key;
    const found = units.filter((u) => u.name_search === key);
    if (found.length === 1) return found[0]!.id;
    if (found.length === 0) add('import.unit_unknown', `未找到单位「${row.unit.name}」，或您无权使用`);
    else
      add(
        'import.unit_ambiguous',
        `有 ${found.length} 个名为「${row.unit.name}」的单位，请填写统一社会信用代码`,
      );
    return null;
  });

  // parents: the registered organizations named in the file, with their ancestors' names
  const keys = new Set<string>();
  for (const { row } of rows) {
    if (row.key) keys.add(row.key);
    const last = row.parentPath.at(-1);
    if (last) keys.add(last);
  }
  const candidates = await repo.orgsNamed(db, scopePaths(ctx.actor, 'org.read'), [...keys]);
  const ancestorKeys = await repo.orgKeys(db, [
    ...new Set(candidates.flatMap((c) => ids(c.path).slice(0, -1))),
  ]);
  const known: KnownOrg[] = candidates.map((c) => ({
    id: c.id,
    key: c.name_search,
    name: c.name,
    type: c.type,
    parentId: c.parent_id,
    status: c.status,
    ancestors: ids(c.path)
      .slice(0, -1)
      .map((id) => ancestorKeys.get(id) ?? ''),
    creatable: can(ctx.actor, 'org.create', c.path),
  }));
  const plans = resolveOrgImport(
    rows.map<OrgImportRow>(({ rowNo, row, problems }) => ({
      rowNo,
      key: row.key,
      type: row.type,
      parentText: row.parentText,
      parentPath: row.parentPath,
      ok: problems.length === 0,
    })),
    known,
  );

  let toInsert = 0;
  let unchanged = 0;
  const stored: repo.OrgImportRowValues[] = rows.map(({ rowNo, row, problems }, i) => {
    const plan = plans.get(rowNo)!;
    const all: ImportProblem[] = [...problems, ...plan.problems];
    const ok = all.length === 0;
    if (ok && plan.existingId) unchanged++;
    else if (ok) toInsert++;
    const forms = row.name ? orgSearchForms(row.name) : null;
    const data: RowData = {
      type: row.type,
      parentRow: plan.parentRow,
      existingId: plan.existingId,
      unitId: unitIds[i] ?? null,
      establishedOn: row.establishedOn,
    };
    return {
      row_no: rowNo,
      region_code: row.regionCode,
      org_id: plan.parentId,
      name: row.name,
      name_search: forms?.name_search ?? null,
      name_pinyin: forms?.name_pinyin ?? null,
      name_initials: forms?.name_initials ?? null,
      errors: JSON.stringify(all),
      ok,
      data: JSON.stringify(data),
    };
  });

  const scope = scopePaths(ctx.actor, 'org.create');
  const batchId = await saveImportBatch(
    db,
    ctx,
    {
      kind: 'orgs',
      orgPath: scope[0],
      fileName: file.fileName,
      totalRows: stored.length,
      badRows: stored.filter((r) => !r.ok).length,
      regionFallback: candidates[0]?.region_code ?? null,
    },
    (trx, id) => insertImportRows(trx, id, stored),
  );
  return { ...(await importSummary(db, ctx, batchId, 'orgs')), toInsert, toUpdate: 0, unchanged };
}

/** A stored batch's summary with its counts (the preview, read again). */
export async function orgImportPreview(db: Executor, ctx: RequestContext, batchId: number) {
  const summary = await importSummary(db, ctx, batchId, 'orgs');
  const counts = await sql<{ ins: number; same: number }>`select
      count(*) filter (where data->>'existingId' is null)::int as ins,
      count(*) filter (where data->>'existingId' is not null)::int as same
      from import_rows where batch_id = ${batchId} and ok`.execute(db);
  return {
    ...summary,
    toInsert: counts.rows[0]?.ins ?? 0,
    toUpdate: 0,
    unchanged: counts.rows[0]?.same ?? 0,
  };
}

// ---------------------------------------------------------------- commit

/**
 * Creates the new organizations of a previewed batch, parents before children, one level at a
 * time: `all` only when every row is good, `good_rows` skips the bad ones (their children were
 * marked bad at the preview). What changed since the preview is checked again under a lock on the
 * registered parents: a parent dissolved or out of the caller's reach skips its rows and their
 * children; an organization created meanwhile under the same parent with the same name is taken
 * as it is. Each new organization and the batch are audited.
 */
export async function commitOrgImport(
  trx: Executor,
  ctx: RequestContext,
  batchId: number,
  mode: 'all' | 'good_rows',
) {
  const batch = await lockImportBatch(trx, ctx, batchId, 'orgs', mode);
  const rows = await repo.goodImportRows(trx, batchId);
  const byNo = new Map(rows.map((r) => [r.row_no, { ...r, data: r.data as RowData }]));

  const registered = [
    ...new Set(rows.flatMap((r) => [r.org_id, (r.data as RowData).existingId].filter((x) => x !== null))),
  ] as number[];
  const locked = new Map((await repo.lockOrgs(trx, registered)).map((o) => [o.id, o]));
  const meanwhile = new Map(
    (
      await repo.childrenNamed(
        trx,
        [...new Set(rows.flatMap((r) => (r.org_id ? [r.org_id] : [])))],
        [...new Set(rows.flatMap((r) => (r.name_search ? [r.name_search] : [])))],
      )
    ).map((c) => [`${c.parent_id}:${c.name_search}`, c.id]),
  );

  /** What each row stands for once its level is done: the organization, or null when skipped. */
  const done = new Map<number, Org | null>();
  const created: Array<{ org: Org; parentName: string }> = [];
  let unchanged = 0;
  const today = clock.today();
  const levels = orgImportOrder(new Map([...byNo].map(([no, r]) => [no, { parentRow: r.data.parentRow }])));
  for (const level of levels) {
    const inserts: Array<{
      rowNo: number;
      parent: Org;
      values: Parameters<typeof repo.insertOrgs>[1][number];
    }> = [];
    for (const rowNo of level) {
      const r = byNo.get(rowNo)!;
      if (r.data.existingId !== null) {
        const org = locked.get(r.data.existingId);
        const ok = org?.status === 'active';
        done.set(rowNo, ok ? org : null);
        if (ok) unchanged++;
        continue;
      }
      const parent = r.data.parentRow !== null ? done.get(r.data.parentRow) : locked.get(r.org_id ?? 0);
      const type = r.data.type;
      if (
        !parent ||
        !type ||
        !r.name ||
        parent.status !== 'active' ||
        !can(ctx.actor, 'org.create', parent.path) ||
        !canContain(parent.type as OrgType, type)
      ) {
        done.set(rowNo, null);
        continue;
      }
      const same = meanwhile.get(`${parent.id}:${r.name_search}`);
      if (same !== undefined) {
        const org = (await repo.lockOrgs(trx, [same]))[0];
        done.set(rowNo, org ?? null);
        if (org) unchanged++;
        continue;
      }
      inserts.push({
        rowNo,
        parent,
        values: {
          name: r.name,
          name_search: r.name_search ?? '',
          name_pinyin: r.name_pinyin,
          name_initials: r.name_initials,
          type,
          region_code: r.region_code ?? parent.region_code,
          unit_id: r.data.unitId,
          parent_id: parent.id,
          established_on: r.data.establishedOn ?? today,
          updated_at: clock.now(),
          parent,
        },
      });
    }
    const orgs = await repo.insertOrgs(
      trx,
      inserts.map((i) => i.values),
    );
    inserts.forEach((ins, i) => {
      done.set(ins.rowNo, orgs[i]!);
      created.push({ org: orgs[i]!, parentName: ins.parent.name });
    });
  }

  const entries: AuditEntry[] = created.map(({ org, parentName }) => ({
    action: 'org.create',
    entityType: 'org',
    entityId: org.id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: { ...snapshot(org, parentName), batchId },
  }));
  await auditMany(trx, ctx, entries);
  const skipped = batch.bad_rows + (rows.length - created.length - unchanged);
  await markImportCommitted(trx, batchId, created.length);
  await audit(trx, ctx, {
    action: 'org.import',
    entityType: 'import_batch',
    entityId: batchId,
    orgPath: batch.org_path,
    regionCode: batch.region_code,
    after: {
      fileName: batch.file_name,
      mode,
      totalRows: batch.total_rows,
      inserted: created.length,
      unchanged,
      skipped,
    },
  });
  return { batchId, inserted: created.length, updated: 0, unchanged, skipped };
}
