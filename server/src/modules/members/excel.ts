import type { Writable } from 'node:stream';
import {
  GENDER_LABELS,
  importColumnOf,
  MEMBER_IMPORT_COLUMNS,
  MEMBER_STAGE_LABELS,
  MEMBER_STATUS_LABELS,
  type MemberImportKey,
  maskIdNumber,
  maskPhone,
} from '@honglian/domain';
import {
  buildLedgerTemplate,
  type LedgerRow,
  missingRequired,
  readLedgerRows,
  writeXlsxStream,
  type XlsxCell,
} from '../../platform/xlsx.ts';
import type { MemberExportRow } from './repository.ts';

/** The .xlsx side of the member ledger: the template, reading an upload, and streaming an export. */

export const DATA_SHEET = '党员信息';

const TEMPLATE_NOTES: Array<[string, string]> = [
  [
    '总体',
    '请在“党员信息”工作表中从第 2 行起逐行填写，每行一名党员；第 2 行是示例，导入前请删除或改为真实数据。',
  ],
  ['总体', '带 * 的栏目必须填写。表头请勿修改；不需要的可选栏目可以留空。'],
  ['总体', '导入前会先预览并逐行检查，有错误的行会列出行号、栏目和原因；在您确认之前不会写入任何数据。'],
  ['总体', '同一文件可以重复导入：已在同一党组织登记的党员（按身份证号码识别）只更新其信息，不会重复新增。'],
  [
    '所在党组织',
    '填写党组织全称，须在您的管理范围内；如有重名的党组织，请同时填写“党组织编号”（可在组织架构页面查看）。',
  ],
  [
    '公民身份号码',
    '18 位，最后一位可以是 X。请保持本列为“文本”格式，否则 Excel 会把号码改成科学计数法并丢失末几位。',
  ],
  ['性别 / 出生日期', '可不填，系统按身份证号码自动得出；如填写，必须与身份证号码一致。'],
  ['手机号码', '11 位手机号码，可不填。'],
  [
    '党员类别',
    '“正式党员”或“预备党员”，不填视为正式党员。入党申请人、积极分子和发展对象请在“发展党员”中登记。',
  ],
  ['日期', '格式为 YYYY-MM-DD，如 2015-07-01；也可写作 2015/7/1 或 2015年7月1日。'],
  ['组织关系转接', '已在其他党组织登记的党员不能通过导入改变所在组织，请使用“组织关系转接”。'],
];

/** A template people fill in: Chinese headers (* = required), one example row, all columns as text, and a 说明 sheet. */
export function buildTemplate(): Promise<Buffer> {
  return buildLedgerTemplate({ sheet: DATA_SHEET, columns: MEMBER_IMPORT_COLUMNS, notes: TEMPLATE_NOTES });
}

export type ParsedRow = LedgerRow<MemberImportKey>;

/** Reads the first worksheet (or 党员信息): header row 1, data from row 2, empty rows skipped. */
export function parseMemberWorkbook(buffer: Buffer): Promise<ParsedRow[]> {
  return readLedgerRows(buffer, {
    sheet: DATA_SHEET,
    columnOf: importColumnOf,
    // the organization may be given by its number instead of its name
    missing: (keys) =>
      missingRequired(
        MEMBER_IMPORT_COLUMNS,
        keys.has('orgId') ? new Set([...keys, 'orgName' as const]) : keys,
      ),
  });
}

/** The export's columns: the import template's (so a full export can be imported again), then status. */
const EXPORT_HEADERS = [
  ...MEMBER_IMPORT_COLUMNS.map((c) => ({ header: c.header, width: c.width })),
  { header: '党员状态', width: 10 },
  { header: '流动去向', width: 20 },
];

function exportRow(m: MemberExportRow, full: boolean): XlsxCell[] {
  return [
    m.org_name,
    m.org_id,
    m.name,
    full ? m.id_number : maskIdNumber(m.id_number),
    GENDER_LABELS[m.gender],
    full ? m.birth_date : null,
    m.ethnicity,
    m.education,
    full ? m.phone : m.phone ? maskPhone(m.phone) : null,
    m.work_unit,
    MEMBER_STAGE_LABELS[m.stage as keyof typeof MEMBER_STAGE_LABELS] ?? m.stage,
    m.joined_on,
    m.full_member_on,
    MEMBER_STATUS_LABELS[m.status as keyof typeof MEMBER_STATUS_LABELS] ?? m.status,
    m.mobile_location,
  ];
}

/** Streams the member export (masked unless `full`); `batches` yields members in id order. */
export function writeMembersXlsx(
  stream: Writable,
  batches: AsyncIterable<MemberExportRow[]>,
  options: { full: boolean; onBatch?: (rowsSoFar: number) => Promise<void> },
): Promise<number> {
  return writeXlsxStream(stream, {
    sheet: DATA_SHEET,
    columns: EXPORT_HEADERS,
    batches,
    row: (m) => exportRow(m, options.full),
    onBatch: options.onBatch,
  });
}
