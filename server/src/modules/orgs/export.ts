import type { Writable } from 'node:stream';
import { ORG_TYPES } from '@honglian/domain';
import { can } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { exportJobDefinition } from '../../platform/exports.ts';
import { writeXlsxStream, type XlsxCell } from '../../platform/xlsx.ts';
import * as repo from './repository.ts';
import type { ExportOrgsFilter } from './schemas.ts';
import { orgFilter } from './service.ts';

/**
 * The organization roster export (党组织名册): every organization the caller can read under the
 * filters, in tree order, with its full path, unit, members held and secretary. Organizations carry
 * no personal data, so nothing is masked; the export is audited all the same.
 */

export const ORG_EXPORT_SHEET = '党组织名册';

/** The first columns carry the import template's headers, so the file reads back as a ledger. */
const COLUMNS = [
  { header: '组织名称', width: 40 },
  { header: '组织类别', width: 12 },
  { header: '上级组织', width: 36 },
  { header: '完整路径', width: 80 },
  { header: '所在单位', width: 30 },
  { header: '统一社会信用代码', width: 22 },
  { header: '行政区划代码', width: 14 },
  { header: '成立日期', width: 12 },
  { header: '状态', width: 8 },
  { header: '党员人数', width: 10 },
  { header: '书记', width: 12 },
] as const;
export const ORG_EXPORT_HEADERS: readonly string[] = COLUMNS.map((c) => c.header);

/** One line of the roster, resolved. */
export interface OrgExportLine extends repo.OrgExportRow {
  /** names from the root of the tree down to the organization itself */
  pathNames: string[];
  members: number;
  secretary: string | null;
}

/** An export covers subtrees: parentId with everything under it, or the caller's whole org.read scope. */
export async function orgExportFilter(db: Executor, ctx: RequestContext, query: ExportOrgsFilter) {
  if (!can(ctx.actor, 'org.read')) throw new AppError('forbidden');
  return orgFilter(db, ctx, { ...query, subtree: true });
}

function pathIds(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

/**
 * The roster in keyset pages of `size`, each resolved with three set-based queries: the members
 * held and the secretaries of the page, and the names of ancestors not met before (kept across
 * pages, so a city's 16,116 organizations cost a few dozen queries in all).
 */
export async function* orgExportLines(
  db: Executor,
  filter: repo.OrgFilter,
  size = 2000,
): AsyncGenerator<OrgExportLine[]> {
  const names = new Map<number, string>();
  let after = '';
  for (;;) {
    const page = await repo.orgExportPage(db, filter, after, size);
    if (page.length === 0) return;
    for (const o of page) names.set(o.id, o.name);
    const ids = page.map((o) => o.id);
    const missing = [...new Set(page.flatMap((o) => pathIds(o.path)))].filter((id) => !names.has(id));
    const [counts, secretaries, ancestors] = await Promise.all([
      repo.memberCounts(db, ids),
      repo.currentSecretaries(db, ids),
      repo.orgNames(db, missing),
    ]);
    for (const [id, name] of ancestors) names.set(id, name);
    yield page.map((o) => ({
      ...o,
      pathNames: pathIds(o.path).map((id) => names.get(id) ?? ''),
      members: counts.get(o.id) ?? 0,
      secretary: secretaries.get(o.id) ?? null,
    }));
    after = page[page.length - 1]!.path;
    if (page.length < size) return;
  }
}

function exportRow(o: OrgExportLine): XlsxCell[] {
  return [
    o.name,
    ORG_TYPES[o.type as keyof typeof ORG_TYPES] ?? o.type,
    o.pathNames.length > 1 ? o.pathNames[o.pathNames.length - 2]! : null,
    o.pathNames.join(' / '),
    o.unit_name,
    o.credit_code,
    o.region_code,
    o.established_on,
    o.status === 'dissolved' ? '已撤销' : '正常',
    o.members,
    o.secretary,
  ];
}

export function writeOrgsXlsx(
  stream: Writable,
  batches: AsyncIterable<OrgExportLine[]>,
  onBatch?: (rowsSoFar: number) => Promise<void>,
): Promise<number> {
  return writeXlsxStream(stream, {
    sheet: ORG_EXPORT_SHEET,
    columns: COLUMNS,
    batches,
    row: exportRow,
    onBatch,
  });
}

export function orgExportFileName(): string {
  return `党组织名册-${clock.today().replaceAll('-', '')}.xlsx`;
}

/** The org the export belongs to: the subtree asked for, else the top of the caller's scope. */
export function orgExportPath(filter: repo.OrgFilter): string | null {
  return filter.subtreePath ?? filter.scope[0] ?? null;
}

export async function auditOrgExport(
  trx: Executor,
  ctx: RequestContext,
  filter: repo.OrgFilter,
  details: { rows: number; query: ExportOrgsFilter; jobId?: number | null },
) {
  await audit(trx, ctx, {
    action: 'org.export',
    entityType: 'org',
    entityId: null,
    orgPath: orgExportPath(filter),
    after: details,
  });
}

/** The export job for rosters over 10,000 organizations (a city administrator sees 16,116). */
export const orgExportJob = exportJobDefinition<ExportOrgsFilter>('orgs.export', {
  label: '导出党组织名册',
  asciiName: 'orgs.xlsx',
  prepare: async (db, ctx, query) => {
    const filter = await orgExportFilter(db, ctx, query);
    return {
      total: await repo.countOrgs(db, filter),
      orgPath: orgExportPath(filter),
      fileName: orgExportFileName(),
      write: (stream, onBatch) => writeOrgsXlsx(stream, orgExportLines(db, filter), onBatch),
    };
  },
});
