import {
  checkPaymentManner,
  checkPaymentMonth,
  isIsoDate,
  isMonth,
  type PaymentMethod,
  validateIdNumber,
} from '@honglian/domain';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { inScope, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './repository.ts';
import { currentMonth, fen, orgFor } from './service.ts';

/** Dues payments in and out of Excel, the way branches and banks hand them over. */

export const PAYMENT_COLUMNS = [
  '身份证号码',
  '姓名',
  '所属月份',
  '金额（元）',
  '缴费日期',
  '缴费方式',
  '备注',
] as const;
const METHODS: Record<string, PaymentMethod> = {
  现金: 'cash',
  转账: 'transfer',
  银行代收: 'bank',
  其他: 'other',
  '': 'cash',
  // named so that a row stating them is refused citing D12, never stored
  工资扣缴: 'payroll',
  工资代扣: 'payroll',
  扣缴: 'payroll',
  垫交: 'advance',
  组织垫交: 'advance',
};
const STATUS_LABELS = { unpaid: '未交', partial: '部分交纳', paid: '已交', exempt: '免交' } as const;

export interface RowError {
  row: number;
  column: string;
  message: string;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object' && 'text' in value) return String(value.text).trim();
  if (typeof value === 'object' && 'result' in value) return String(value.result ?? '').trim();
  return String(value).trim();
}

/** '15', '15.5', '15.05' 元 → fen, exactly (no floating point). */
export function yuanToFen(text: string): number | null {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.replace(/[,，\s]/g, ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export async function paymentTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党费缴纳');
  ws.addRow([...PAYMENT_COLUMNS]);
  ws.addRow(['350206199001011239', '张三', '2026-11', '15.00', '2026-11-20', '转账', '示例行，导入前请删除']);
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((c) => {
    c.width = 18;
  });
  const help = wb.addWorksheet('说明');
  for (const line of [
    '每行一笔按月交纳的党费。身份证号码与姓名须与党员档案一致。',
    '所属月份格式为 YYYY-MM；按规定最多补交 6 个月（《关于中国共产党党费收缴、使用和管理的规定》第十二条）。',
    '金额以元为单位，最多两位小数，不能超过该月尚未交纳的金额。',
    '缴费日期格式为 YYYY-MM-DD；缴费方式：现金、转账、银行代收、其他。',
    '文件中有错误的行会逐行列出，改正后重新上传；也可以选择只导入正确的行。',
  ]) {
    help.addRow([line]);
  }
  help.getColumn(1).width = 100;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

interface ParsedRow {
  row: number;
  idNumber: string;
  name: string;
  month: string;
  amountFen: number;
  paidOn: string;
  method: 'cash' | 'transfer' | 'bank' | 'other';
  note: string | null;
}

/**
 * Validates every row (set-based look-ups of members and ledger months) and, unless the caller asked
 * for only the good rows, writes nothing while any row is wrong.
 */
export async function importPayments(
  db: Executor,
  ctx: RequestContext,
  file: Buffer,
  mode: 'all' | 'good_rows',
) {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError('validation', {
      detail: '无法读取该文件：请上传 .xlsx 格式的 Excel 文件',
      errors: [{ field: 'file', code: 'file.format', message: '不是有效的 .xlsx 文件' }],
    });
  }
  const ws = wb.worksheets[0];
  if (!ws)
    throw new AppError('validation', {
      detail: '文件中没有工作表',
      errors: [{ field: 'file', code: 'file.empty', message: '文件中没有工作表' }],
    });
  const header = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(cellText);
  const missing = PAYMENT_COLUMNS.slice(0, 5).filter((c) => !header.includes(c));
  if (missing.length) {
    throw new AppError('validation', {
      detail: `缺少列：${missing.join('、')}（请使用导入模板）`,
      errors: missing.map((c) => ({ field: 'file', code: 'file.column', message: `缺少列：${c}` })),
    });
  }
  const col = (name: string) => header.indexOf(name) + 1;
  const errors: RowError[] = [];
  const rows: ParsedRow[] = [];
  const now = currentMonth();
  const seen = new Map<string, number>();
  ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    if (rowNumber === 1) return;
    const get = (name: string) => (col(name) > 0 ? cellText(r.getCell(col(name)).value) : '');
    const before = errors.length;
    const err = (column: string, message: string) => errors.push({ row: rowNumber, column, message });
    const id = validateIdNumber(get('身份证号码'), clock.today());
    if (!id.ok) err('身份证号码', id.message);
    const name = get('姓名');
    if (!name) err('姓名', '姓名不能为空');
    const month = get('所属月份');
    if (!isMonth(month)) err('所属月份', '月份格式应为 YYYY-MM');
    else {
      const check = checkPaymentMonth(month, now);
      if (!check.ok) err('所属月份', check.message!);
    }
    const amountFen = yuanToFen(get('金额（元）'));
    if (amountFen === null || amountFen <= 0) err('金额（元）', '金额应为大于 0 的数字，最多两位小数');
    const paidOn = get('缴费日期');
    if (!isIsoDate(paidOn)) err('缴费日期', '日期格式应为 YYYY-MM-DD');
    const methodText = get('缴费方式');
    const method = METHODS[methodText];
    if (!method) err('缴费方式', '缴费方式应为：现金、转账、银行代收、其他');
    else {
      const manner = checkPaymentManner({ method });
      if (!manner.ok) err('缴费方式', manner.message!);
    }
    if (id.ok && isMonth(month)) {
      const key = `${id.normalized}|${month}`;
      if (seen.has(key)) err('身份证号码', `与第 ${seen.get(key)} 行重复（同一党员同一月份）`);
      else seen.set(key, rowNumber);
    }
    if (errors.length === before && id.ok) {
      rows.push({
        row: rowNumber,
        idNumber: id.normalized,
        name,
        month,
        amountFen: amountFen!,
        paidOn,
        method: method as 'cash' | 'transfer' | 'bank' | 'other',
        note: get('备注') || null,
      });
    }
  });
  if (rows.length + errors.length === 0)
    throw new AppError('validation', {
      detail: '文件中没有数据行',
      errors: [{ field: 'file', code: 'file.empty', message: '文件中没有数据行' }],
    });

  // one query for the members, one for their ledger months
  const scope = scopePaths(ctx.actor, 'dues.manage');
  const members = rows.length
    ? await db
        .selectFrom('members')
        .innerJoin('orgs', 'orgs.id', 'members.org_id')
        .select(['members.id', 'members.id_number', 'members.name', 'members.org_id', 'members.region_code'])
        .where('members.id_number', 'in', [...new Set(rows.map((r) => r.idNumber))])
        .where((eb) => inScope(eb, 'orgs.path', scope))
        .execute()
    : [];
  const byId = new Map(members.map((m) => [m.id_number, m]));
  const ledgers = members.length
    ? await db
        .selectFrom('dues_ledger')
        .select(['id', 'member_id', 'month', 'due_fen', 'paid_fen'])
        .where(
          'member_id',
          'in',
          members.map((m) => m.id),
        )
        .where('month', 'in', [...new Set(rows.map((r) => r.month))])
        .execute()
    : [];
  const ledgerOf = new Map(ledgers.map((l) => [`${l.member_id}|${l.month}`, l]));
  const good: Array<
    ParsedRow & {
      memberId: number;
      orgId: number;
      regionCode: string;
      ledgerId: number;
      newPaid: number;
      due: number;
    }
  > = [];
  for (const r of rows) {
    const m = byId.get(r.idNumber);
    if (!m) {
      errors.push({ row: r.row, column: '身份证号码', message: '在您管理的范围内没有这名党员' });
      continue;
    }
    if (m.name !== r.name) {
      errors.push({ row: r.row, column: '姓名', message: `姓名与档案不一致（档案为"${m.name}"）` });
      continue;
    }
    const l = ledgerOf.get(`${m.id}|${r.month}`);
    if (!l) {
      errors.push({ row: r.row, column: '所属月份', message: `${r.month} 的党费台账尚未生成` });
      continue;
    }
    if (r.amountFen > l.due_fen - l.paid_fen) {
      errors.push({
        row: r.row,
        column: '金额（元）',
        message: `超过该月未交金额 ${fen(l.due_fen - l.paid_fen)}`,
      });
      continue;
    }
    good.push({
      ...r,
      memberId: m.id,
      orgId: m.org_id,
      regionCode: m.region_code,
      ledgerId: l.id,
      newPaid: l.paid_fen + r.amountFen,
      due: l.due_fen,
    });
  }
  errors.sort((a, b) => a.row - b.row);
  if (errors.length && mode === 'all') {
    return { imported: 0, goodRows: good.length, errors };
  }
  if (good.length) {
    await sql`
      insert into dues_payments (region_code, member_id, org_id, ledger_id, month, amount_fen, kind, paid_on, method, source, note, recorded_by)
      select * from unnest(
        ${good.map((g) => g.regionCode)}::text[], ${good.map((g) => g.memberId)}::bigint[], ${good.map((g) => g.orgId)}::bigint[],
        ${good.map((g) => g.ledgerId)}::bigint[], ${good.map((g) => g.month)}::text[], ${good.map((g) => g.amountFen)}::bigint[],
        ${good.map(() => 'regular')}::text[], ${good.map((g) => g.paidOn)}::date[], ${good.map((g) => g.method)}::text[],
        ${good.map(() => 'import')}::text[], ${good.map((g) => g.note)}::text[], ${good.map(() => ctx.actor.userId)}::bigint[])`.execute(
      db,
    );
    await sql`
      update dues_ledger l set paid_fen = l.paid_fen + v.amount,
        status = case when l.paid_fen + v.amount >= l.due_fen then 'paid' else 'partial' end
      from (select unnest(${good.map((g) => g.ledgerId)}::bigint[]) as id, unnest(${good.map((g) => g.amountFen)}::bigint[]) as amount) v
      where l.id = v.id`.execute(db);
    await audit(db, ctx, {
      action: 'dues.import',
      entityType: 'org',
      entityId: null,
      orgPath: scope[0] ?? null,
      after: {
        rows: good.length,
        amountFen: good.reduce((s, g) => s + g.amountFen, 0),
        skippedRows: errors.map((e) => e.row),
      },
    });
  }
  return { imported: good.length, goodRows: good.length, errors };
}

export async function ledgerWorkbook(
  db: Executor,
  ctx: RequestContext,
  orgId: number,
  month: string,
): Promise<{ name: string; buffer: Buffer }> {
  const org = await orgFor(db, ctx, orgId);
  const rows = await repo
    .ledgerQuery(db, org.path, month)
    .select(['o.name as org_name', 'm.name', 'l.due_fen', 'l.paid_fen', 'l.status'])
    .orderBy('o.path')
    .orderBy('m.id')
    .execute();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`${month} 党费收缴明细`);
  ws.addRow([`${org.name} ${month} 党费收缴明细`]);
  ws.addRow(['序号', '所在党组织', '姓名', '应交（元）', '实交（元）', '状态']);
  rows.forEach((r, i) => {
    ws.addRow([i + 1, r.org_name, r.name, r.due_fen / 100, r.paid_fen / 100, STATUS_LABELS[r.status]]);
  });
  const due = rows.reduce((s, r) => s + r.due_fen, 0);
  const paid = rows.reduce((s, r) => s + r.paid_fen, 0);
  ws.addRow(['合计', '', `${rows.length} 人`, due / 100, paid / 100, '']);
  for (const c of [4, 5]) ws.getColumn(c).numFmt = '#,##0.00';
  ws.getRow(2).font = { bold: true };
  ws.getColumn(2).width = 40;
  ws.getColumn(3).width = 12;
  return { name: `${month}-党费收缴明细.xlsx`, buffer: Buffer.from(await wb.xlsx.writeBuffer()) };
}
