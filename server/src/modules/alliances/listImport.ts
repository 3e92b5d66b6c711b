import {
  type ImportProblem,
  type LedgerCell,
  type LedgerColumn,
  ledgerColumnOf,
  ledgerText,
  parseLedgerDate,
} from '@honglian/domain';
import { sql } from 'kysely';
import { audit, auditMany } from '../../platform/audit.ts';
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
import { CreateListItemBody } from './schemas.ts';
import { allianceInScope, listItemSearchText } from './service.ts';

/**
 * 清单导入 (issue 12 item 5): the three lists in the two steps of every ledger (platform/imports.ts).
 * The upload is checked into a batch of this alliance and nothing else is written; the preview lists
 * every bad row (row, column, reason) and what each good row would add or change (old → new); the
 * commit writes the good rows once, each item audited in the same transaction, in a few set-based
 * statements. One row an item, in the columns of the export (export.ts), so an exported file can be
 * imported again. An item is found by its natural key — publishing organization + list + title among
 * the alliance's open (待对接) items, the newest when several — and updated in place; otherwise it is
 * added (decision 0019, addendum "清单导入").
 */
export type TemplateColumn =
  | 'kind'
  | 'title'
  | 'org'
  | 'category'
  | 'tags'
  | 'description'
  | 'amount'
  | 'validFrom'
  | 'validTo'
  | 'policy';
/** the template's columns, and the 状态 of an exported file (a row no longer 待对接 is left as it is) */
type Column = TemplateColumn | 'status';

export const LIST_COLUMNS: ReadonlyArray<LedgerColumn<TemplateColumn>> = [
  { key: 'kind', header: '清单', required: true, width: 8, example: '需求' },
  { key: 'title', header: '标题', required: true, width: 36, example: '急需持证电工 5 名' },
  { key: 'org', header: '发布单位', required: true, width: 36, example: '（联盟成员单位的全称）' },
  { key: 'category', header: '类别', required: false, width: 10, example: '人才' },
  { key: 'tags', header: '标签', required: false, width: 24, example: '电工、实训' },
  { key: 'description', header: '说明', required: false, width: 50, example: '' },
  { key: 'amount', header: '数量', required: false, width: 10, example: '5' },
  { key: 'validFrom', header: '有效期起', required: false, width: 12, example: '' },
  { key: 'validTo', header: '有效期止', required: false, width: 12, example: '' },
  { key: 'policy', header: '关联政策', required: false, width: 30, example: '' },
];
/** Headers of other layouts that mean the same column ('*' and spaces are ignored). */
const ALIASES: Record<string, Column> = {
  清单类型: 'kind',
  清单类别: 'kind',
  需要数量: 'amount',
  可提供数量: 'amount',
  单位: 'org',
  状态: 'status',
  政策文号: 'policy',
  关联政策文号: 'policy',
};
const HEADER_OF = {
  ...Object.fromEntries(LIST_COLUMNS.map((c) => [c.key, c.header])),
  status: '状态',
} as Record<Column, string>;
const OPEN_STATUS = '待对接';

export const LIST_SHEET = '清单';
export const LIST_KIND_TEXT = { demand: '需求', resource: '资源', policy: '政策' } as const;
type ListKind = keyof typeof LIST_KIND_TEXT;
const KIND_OF: Record<string, ListKind> = {
  需求: 'demand',
  需求清单: 'demand',
  demand: 'demand',
  资源: 'resource',
  资源清单: 'resource',
  resource: 'resource',
  政策: 'policy',
  政策清单: 'policy',
  policy: 'policy',
};

const TEMPLATE_NOTES: Array<[string, string]> = [
  [
    '总体',
    '请在“清单”工作表中从第 2 行起逐行填写，每行一项；第 2 行是示例，导入前请删除或改为真实数据。导出的清单文件可以直接修改后导入（编号、状态、工单编号、发布日期不导入）。',
  ],
  [
    '总体',
    '同一发布单位、同一清单中标题相同的待对接事项视为同一项：再次导入时按文件更新它（留空的栏目清空），不会重复新增；已派单、已办结或已关闭的事项不会被修改。',
  ],
  ['清单', '填“需求”“资源”或“政策”。'],
  ['标题', '必填，不超过 200 个字；同一单位同一清单在文件中只能出现一次。'],
  [
    '发布单位',
    '联盟现有成员单位（或联盟办公室所在党组织）的全称。成员单位的工作人员只能为本单位导入；联盟办公室可为任何成员单位导入。',
  ],
  ['类别', '不超过 20 个字，如 人才、技术、资金、市场。'],
  ['标签', '可填多个，用顿号或逗号分隔，每个不超过 20 个字，最多 20 个；匹配需求和资源时参考。'],
  ['说明', '不超过 4000 个字。'],
  ['数量', '需求填需要的数量（正整数），资源填可提供的数量（0 或正整数），政策不填。'],
  ['有效期', '有效期起、有效期止的格式为 YYYY-MM-DD，止不早于起；资源只在有效期内参与匹配。'],
  [
    '关联政策',
    '只用于政策清单，可留空：填政策库中已发布政策的文号或完整标题，该事项即链接到这项政策；需求和资源不填。',
  ],
];

export function listTemplate(): Promise<Buffer> {
  return buildLedgerTemplate({ sheet: LIST_SHEET, columns: LIST_COLUMNS, notes: TEMPLATE_NOTES });
}

/**
 * What a good row keeps for its commit: the item as the file gives it, or (`settled`) a row of an
 * exported file whose item is no longer 待对接 — left as it is, never added again.
 */
type StoredRow = RowData | { settled: true };
interface RowData {
  orgId: number;
  orgName: string;
  regionCode: string;
  kind: ListKind;
  title: string;
  description: string;
  category: string;
  tags: string[];
  quantity: number | null;
  capacity: number | null;
  validFrom: string | null;
  validTo: string | null;
  /**
   * a 政策清单 item's policy of the library, and how the preview names it; absent when the file has no
   * 关联政策 column (an export made before it existed): the item keeps the link it has
   */
  policyId?: number | null;
  policyLabel?: string | null;
}

/** The fields a re-import compares and changes (the natural key — organization, list, title — aside). */
const FIELDS = [
  { key: 'description', label: '说明' },
  { key: 'category', label: '类别' },
  { key: 'tags', label: '标签' },
  { key: 'quantity', label: '需要数量' },
  { key: 'capacity', label: '可提供数量' },
  { key: 'validFrom', label: '有效期起' },
  { key: 'validTo', label: '有效期止' },
  { key: 'policyId', label: '关联政策' },
] as const;
type Field = (typeof FIELDS)[number]['key'];

function fieldText(field: Field, values: Pick<RowData, Field | 'policyLabel'>): string {
  const v = field === 'policyId' ? (values.policyLabel ?? null) : (values[field] ?? null);
  if (v === null || v === '') return '（空）';
  return Array.isArray(v) ? v.join('、') || '（空）' : String(v);
}

const policyLabel = (p: { title: string; doc_number: string }) => `${p.title}（${p.doc_number}）`;

/** The policies a 政策清单 item may name (published, not drafts; service.ts linkablePolicy), by 文号 and by title. */
async function linkablePolicies(db: Executor) {
  const rows = await db
    .selectFrom('policies')
    .select(['id', 'title', 'doc_number'])
    .where('status', '!=', 'draft')
    .execute();
  const byDoc = new Map<string, typeof rows>();
  const byTitle = new Map<string, typeof rows>();
  for (const r of rows) {
    byDoc.set(r.doc_number, [...(byDoc.get(r.doc_number) ?? []), r]);
    byTitle.set(r.title, [...(byTitle.get(r.title) ?? []), r]);
  }
  return { byDoc, byTitle };
}

/** Where each zod field of a list item is in the file. */
const COLUMN_OF_FIELD: Record<string, Column> = {
  kind: 'kind',
  title: 'title',
  description: 'description',
  category: 'category',
  tags: 'tags',
  quantity: 'amount',
  capacity: 'amount',
  validFrom: 'validFrom',
  validTo: 'validTo',
};

/**
 * The organizations the caller may publish for in this alliance, by name: its current members and
 * the office's organization (which publishes policies), each one the caller acts for (service.ts
 * `actingOrg`, the rule of POST /list-items).
 */
function publishers(a: Awaited<ReturnType<typeof allianceInScope>>) {
  const orgs = [
    ...a.members.map((m) => ({ id: m.org_id, name: m.name, path: m.path, regionCode: m.region_code })),
    { id: a.row.org_id, name: a.row.org_name, path: a.row.org_path, regionCode: a.row.region_code },
  ];
  const byName = new Map<string, typeof orgs>();
  for (const o of orgs) {
    const same = byName.get(o.name) ?? [];
    if (!same.some((s) => s.id === o.id)) same.push(o);
    byName.set(o.name, same);
  }
  return { byName, mine: new Set(orgs.filter((o) => a.actsFor(o.path)).map((o) => o.id)) };
}

/** Checks one row; answers its problems and, when it has none, the item. */
function checkRow(
  raw: Partial<Record<Column, LedgerCell>>,
  orgs: ReturnType<typeof publishers>,
  policies: Awaited<ReturnType<typeof linkablePolicies>> | null,
): { problems: ImportProblem[]; data: RowData | null; name: string | null } {
  const problems: ImportProblem[] = [];
  const add = (column: Column, code: string, message: string) =>
    problems.push({ column: HEADER_OF[column], code, message });
  const text = (c: Column) => ledgerText(raw[c]);
  const title = text('title');
  const kindText = text('kind');
  const kind = KIND_OF[kindText.toLowerCase()];
  if (!kindText) add('kind', 'import.required', '请填写清单：需求、资源或政策');
  else if (!kind) add('kind', 'import.list_kind', `“${kindText}”不是有效的清单，应为需求、资源或政策`);

  const orgName = text('org');
  const candidates = orgName ? (orgs.byName.get(orgName) ?? []) : [];
  let org: (typeof candidates)[number] | undefined;
  if (!orgName) add('org', 'import.required', '请填写发布单位');
  else if (candidates.length === 0) add('org', 'import.org_unknown', `“${orgName}”不是本联盟的现有成员单位`);
  else if (candidates.length > 1)
    add('org', 'import.org_ambiguous', `联盟中有 ${candidates.length} 个名为“${orgName}”的单位，无法确定`);
  else if (!orgs.mine.has(candidates[0]!.id))
    add('org', 'import.org_not_yours', `您只能为本单位导入清单，不能代“${orgName}”发布`);
  else org = candidates[0];

  const amountText = text('amount');
  let amount: number | undefined;
  if (amountText) {
    if (!/^\d+$/.test(amountText)) add('amount', 'import.amount', '数量应为整数');
    else if (kind === 'policy') add('amount', 'import.amount', '政策清单不填数量');
    else amount = Number(amountText);
  }
  const dates: Partial<Record<'validFrom' | 'validTo', string>> = {};
  for (const c of ['validFrom', 'validTo'] as const) {
    const d = parseLedgerDate(raw[c]);
    if (d === 'invalid') add(c, 'import.date', '日期格式不正确，应为 YYYY-MM-DD');
    else if (d) dates[c] = d;
  }
  if (dates.validFrom && dates.validTo && dates.validTo < dates.validFrom)
    add('validTo', 'alliance.validity', '有效期止不能早于有效期起');
  const policyText = text('policy');
  let policy: { id: number; title: string; doc_number: string } | undefined;
  if (policyText && policies) {
    const found = policies.byDoc.get(policyText) ?? policies.byTitle.get(policyText) ?? [];
    if (kind && kind !== 'policy') add('policy', 'alliance.policy', '只有政策清单可关联政策库中的政策');
    else if (found.length === 0)
      add('policy', 'import.policy_unknown', `政策库中没有文号或标题为“${policyText}”的已发布政策`);
    else if (found.length > 1)
      add('policy', 'import.policy_ambiguous', `政策库中有 ${found.length} 项“${policyText}”，请填文号`);
    else policy = found[0];
  }
  const tags = [
    ...new Set(
      text('tags')
        .split(/[,，、;；]+/)
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
  // the rest as POST /list-items checks it (lengths, counts, ranges)
  const parsed = CreateListItemBody.safeParse({
    kind: kind ?? 'demand',
    title,
    description: text('description'),
    category: text('category'),
    tags,
    orgId: org?.id ?? 1,
    ...(amount === undefined ? {} : kind === 'resource' ? { capacity: amount } : { quantity: amount }),
    ...dates,
  });
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const column = COLUMN_OF_FIELD[String(issue.path[0])];
      if (column && !problems.some((p) => p.column === HEADER_OF[column]))
        add(column, 'import.invalid', issue.message);
    }
  const data: RowData | null =
    problems.length === 0 && parsed.success && org && kind
      ? {
          orgId: org.id,
          orgName: org.name,
          regionCode: org.regionCode,
          kind,
          title: parsed.data.title,
          description: parsed.data.description,
          category: parsed.data.category,
          tags: parsed.data.tags,
          quantity: parsed.data.quantity ?? null,
          capacity: parsed.data.capacity ?? null,
          validFrom: parsed.data.validFrom ?? null,
          validTo: parsed.data.validTo ?? null,
          ...(policies
            ? { policyId: policy?.id ?? null, policyLabel: policy ? policyLabel(policy) : null }
            : {}),
        }
      : null;
  return { problems, data, name: title || null };
}

const keyOf = (d: { orgId: number; kind: string; title: string }) =>
  `${d.orgId}\u0000${d.kind}\u0000${d.title}`;

/**
 * Reads an uploaded list file, checks every row against the alliance (its members in one query) and
 * stores the batch. Nothing is written to the lists here.
 */
export async function previewListImport(
  database: Database,
  ctx: RequestContext,
  allianceId: number,
  file: { fileName: string; buffer: Buffer },
) {
  const a = await allianceInScope(database.db, ctx, allianceId);
  const orgs = publishers(a);
  if (orgs.mine.size === 0) throw new AppError('forbidden');
  let policyColumn = false;
  const rows = await readLedgerRows<Column>(file.buffer, {
    sheet: LIST_SHEET,
    columnOf: (h) => ledgerColumnOf<Column>(LIST_COLUMNS, ALIASES, h),
    missing: (keys) => {
      policyColumn = keys.has('policy');
      return LIST_COLUMNS.filter((c) => c.required && !keys.has(c.key)).map((c) => c.header);
    },
  });
  // a file without the column (an older export) leaves every item's policy link as it is
  const policies = policyColumn ? await linkablePolicies(database.db) : null;
  assertImportRows(rows.length, '清单事项');
  const firstRowOf = new Map<string, number>();
  const stored = rows.map((row) => {
    const status = ledgerText(row.raw.status);
    if (status && status !== OPEN_STATUS)
      return {
        row_no: row.rowNo,
        region_code: null,
        org_id: null,
        name: ledgerText(row.raw.title) || null,
        errors: '[]',
        ok: true,
        data: JSON.stringify({ settled: true } satisfies StoredRow),
      };
    const { problems, data, name } = checkRow(row.raw, orgs, policies);
    if (data) {
      const first = firstRowOf.get(keyOf(data));
      if (first === undefined) firstRowOf.set(keyOf(data), row.rowNo);
      else
        problems.push({
          column: HEADER_OF.title,
          code: 'import.duplicate_in_file',
          message: `与第 ${first} 行是同一单位同一清单的同一标题`,
        });
    }
    const ok = problems.length === 0;
    return {
      row_no: row.rowNo,
      region_code: data?.regionCode ?? null,
      org_id: data?.orgId ?? null,
      name,
      errors: JSON.stringify(problems),
      ok,
      data: ok && data ? JSON.stringify(data) : null,
    };
  });
  const batchId = await saveImportBatch(
    database.db,
    ctx,
    {
      kind: 'alliance_list',
      orgPath: a.row.org_path,
      fileName: file.fileName,
      totalRows: stored.length,
      badRows: stored.filter((r) => !r.ok).length,
      regionFallback: a.row.region_code,
      targetId: allianceId,
    },
    (trx, id) => insertImportRows(trx, id, stored),
  );
  return listImportPreview(database.db, ctx, allianceId, batchId);
}

interface ExistingItem {
  id: number;
  org_id: number;
  kind: ListKind;
  title: string;
  description: string;
  category: string;
  tags: string[];
  quantity: number | null;
  capacity: number | null;
  valid_from: string | null;
  valid_to: string | null;
  policy_id: number | null;
  policy_title: string | null;
  policy_doc_number: string | null;
}

/**
 * Each good row against the alliance's open items: a new item, a change to the open item with its
 * natural key (the newest when several), or nothing to change. Read at the preview and again inside
 * the commit, so an item dispatched in between is no longer updated.
 */
async function plannedItems(db: Executor, allianceId: number, batchId: number) {
  const rows = await db
    .selectFrom('import_rows')
    .select(['row_no', 'data'])
    .where('batch_id', '=', batchId)
    .where('ok', '=', true)
    .orderBy('row_no')
    .execute();
  const stored = rows.map((r) => ({ rowNo: r.row_no, stored: r.data as unknown as StoredRow }));
  const settled = stored.filter((r) => 'settled' in r.stored).length;
  const data = stored.flatMap((r) => ('settled' in r.stored ? [] : [{ rowNo: r.rowNo, ...r.stored }]));
  const { rows: open } = data.length
    ? await sql<ExistingItem>`
        select distinct on (i.org_id, i.kind, i.title) i.id, i.org_id, i.kind, i.title, i.description,
          i.category, i.tags, i.quantity, i.capacity, i.valid_from::text as valid_from,
          i.valid_to::text as valid_to, i.policy_id, p.title as policy_title, p.doc_number as policy_doc_number
        from alliance_list_items i left join policies p on p.id = i.policy_id
        where i.alliance_id = ${allianceId} and i.status = 'open'
        order by i.org_id, i.kind, i.title, i.id desc`.execute(db)
    : { rows: [] as ExistingItem[] };
  const existing = new Map(open.map((i) => [keyOf({ orgId: i.org_id, kind: i.kind, title: i.title }), i]));
  const items = data.map((stored) => {
    const item = existing.get(keyOf(stored));
    const before: Pick<RowData, Field | 'policyLabel'> | null = item
      ? {
          description: item.description,
          category: item.category,
          tags: item.tags,
          quantity: item.quantity,
          capacity: item.capacity,
          validFrom: item.valid_from,
          validTo: item.valid_to,
          policyId: item.policy_id === null ? null : Number(item.policy_id),
          policyLabel:
            item.policy_id === null
              ? null
              : policyLabel({ title: item.policy_title!, doc_number: item.policy_doc_number! }),
        }
      : null;
    // no 关联政策 column in the file: the link stays as it is (none for a new item)
    const d: RowData & { rowNo: number } =
      stored.policyId === undefined
        ? { ...stored, policyId: before?.policyId ?? null, policyLabel: before?.policyLabel ?? null }
        : stored;
    const changed = before
      ? FIELDS.filter((f) => JSON.stringify(before[f.key]) !== JSON.stringify(d[f.key]))
      : [];
    const kind: 'insert' | 'update' | 'same' = !item ? 'insert' : changed.length ? 'update' : 'same';
    return { row: d, itemId: item?.id ?? null, before, changed, kind };
  });
  return { items, settled };
}

const CHANGE_LIMIT = 1000;

/** One line of the preview: an item a row adds, or a field it changes (old → new). */
interface ChangeLine {
  row: number;
  itemId: number | null;
  title: string;
  orgName: string;
  list: string;
  field: string;
  label: string;
  beforeText: string;
  afterText: string;
  kind: 'insert' | 'update';
}

/** A stored batch's summary: the bad rows, and what each good row would add or change. */
export async function listImportPreview(
  db: Executor,
  ctx: RequestContext,
  allianceId: number,
  batchId: number,
) {
  await allianceInScope(db, ctx, allianceId);
  const summary = await importSummary(db, ctx, batchId, 'alliance_list', allianceId);
  const { items: planned, settled } = await plannedItems(db, allianceId, batchId);
  const changes = planned.flatMap((p): ChangeLine[] => {
    const base = {
      row: p.row.rowNo,
      itemId: p.itemId,
      title: p.row.title,
      orgName: p.row.orgName,
      list: LIST_KIND_TEXT[p.row.kind],
    };
    if (p.kind === 'insert')
      return [
        { ...base, field: 'item', label: '新增事项', beforeText: '', afterText: p.row.title, kind: p.kind },
      ];
    return p.changed.map((f) => ({
      ...base,
      field: f.key,
      label: f.label,
      beforeText: fieldText(f.key, p.before!),
      afterText: fieldText(f.key, p.row),
      kind: 'update',
    }));
  });
  return {
    ...summary,
    toInsert: planned.filter((p) => p.kind === 'insert').length,
    toUpdate: planned.filter((p) => p.kind === 'update').length,
    unchanged: planned.filter((p) => p.kind === 'same').length + settled,
    changes: changes.slice(0, CHANGE_LIMIT),
    changesTruncated: changes.length > CHANGE_LIMIT,
  };
}

function itemValues(d: RowData) {
  return {
    description: d.description,
    category: d.category,
    tags: d.tags,
    quantity: d.quantity,
    capacity: d.capacity,
    valid_from: d.validFrom,
    valid_to: d.validTo,
    policy_id: d.policyId ?? null,
    search_text: listItemSearchText(d.title, d.description, d.tags),
  };
}

const CHUNK = 1000;

/**
 * Writes a previewed batch once: `all` only when every row is good, `good_rows` skips the bad ones.
 * A row whose organization the caller no longer publishes for (it left the alliance) is skipped. New
 * items go in one multi-row insert a thousand at a time, changes in one update from a JSON record set,
 * and every item written gets its audit event in the same transaction (platform/audit.ts auditMany).
 * Matching reads the open items as they are, so the new ones are matched at once.
 */
export async function commitListImport(
  trx: Executor,
  ctx: RequestContext,
  allianceId: number,
  batchId: number,
  mode: 'all' | 'good_rows',
) {
  const a = await allianceInScope(trx, ctx, allianceId);
  const batch = await lockImportBatch(trx, ctx, batchId, 'alliance_list', mode, allianceId);
  const { mine } = publishers(a);
  const { items, settled } = await plannedItems(trx, allianceId, batchId);
  const planned = items.filter((p) => mine.has(p.row.orgId));
  const now = clock.now();
  const entries: Parameters<typeof auditMany>[2] = [];
  const audited = (id: number, before: unknown, d: RowData) =>
    entries.push({
      action: 'alliance.list_item_import',
      entityType: 'alliance_list_item',
      entityId: id,
      orgPath: a.row.org_path,
      regionCode: a.row.region_code,
      before,
      after: { allianceId, batchId, ...d },
    });

  const inserts = planned.filter((p) => p.kind === 'insert').map((p) => p.row);
  for (let i = 0; i < inserts.length; i += CHUNK) {
    const chunk = inserts.slice(i, i + CHUNK);
    const written = await trx
      .insertInto('alliance_list_items')
      .values(
        chunk.map((d) => ({
          alliance_id: allianceId,
          region_code: d.regionCode,
          org_id: d.orgId,
          kind: d.kind,
          title: d.title,
          ...itemValues(d),
          created_by: ctx.actor.userId,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning(['id', 'org_id', 'kind', 'title'])
      .execute();
    const byKey = new Map(chunk.map((d) => [keyOf(d), d]));
    for (const w of written)
      audited(w.id, null, byKey.get(keyOf({ orgId: w.org_id, kind: w.kind, title: w.title }))!);
  }

  const updates = planned.filter((p) => p.kind === 'update');
  let updated = 0;
  for (let i = 0; i < updates.length; i += CHUNK) {
    const chunk = updates.slice(i, i + CHUNK);
    const records = chunk.map((p) => ({ id: p.itemId, ...itemValues(p.row) }));
    const { rows } = await sql<{ id: number }>`
      update alliance_list_items i set description = v.description, category = v.category, tags = v.tags,
        quantity = v.quantity, capacity = v.capacity, valid_from = v.valid_from, valid_to = v.valid_to,
        policy_id = v.policy_id, search_text = v.search_text, updated_at = ${now}
      from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as v(id bigint, description text,
        category text, tags text[], quantity integer, capacity integer, valid_from date, valid_to date,
        policy_id bigint, search_text text)
      where i.id = v.id and i.alliance_id = ${allianceId} and i.status = 'open'
      returning i.id`.execute(trx);
    const done = new Set(rows.map((r) => Number(r.id)));
    for (const p of chunk)
      if (done.has(p.itemId!)) {
        updated += 1;
        audited(p.itemId!, p.before, p.row);
      }
  }
  await auditMany(trx, ctx, entries);

  const unchanged = planned.filter((p) => p.kind === 'same').length + settled;
  const result = {
    batchId,
    inserted: inserts.length,
    updated,
    unchanged,
    skipped: batch.total_rows - inserts.length - updated - unchanged,
  };
  await markImportCommitted(trx, batchId, inserts.length + updated + unchanged);
  await audit(trx, ctx, {
    action: 'alliance.list_import',
    entityType: 'import_batch',
    entityId: batchId,
    orgPath: a.row.org_path,
    regionCode: a.row.region_code,
    after: { allianceId, fileName: batch.file_name, mode, ...result },
  });
  return result;
}
