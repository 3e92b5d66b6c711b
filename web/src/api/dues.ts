/** Shapes of the dues answers (`/api/v1/dues/...`, `/api/v1/me/dues`); money is integer fen. */

export type DuesCategory = 'on_job' | 'annual_salary' | 'self_employed' | 'retiree' | 'flat';
export type LedgerStatus = 'unpaid' | 'partial' | 'paid' | 'exempt';
export type AdjustmentKind = 'none' | 'reduced' | 'exempt';
export type PaymentMethod = 'cash' | 'transfer' | 'bank' | 'other';
export type ArrearsLevel = 'none' | 'warning' | 'finding';

export interface RuleRef {
  id: string;
  source: string;
  article: string;
}

export interface DuesQuote {
  monthlyFen: number;
  rate: string | null;
  rule: RuleRef;
}

export interface DuesBaseRow {
  memberId: number;
  name: string;
  orgName: string;
  category: DuesCategory | null;
  categoryLabel: string | null;
  baseFen: number | null;
  monthlyFen: number | null;
  rate: string | null;
  ruleId: string | null;
  adjustment: AdjustmentKind | null;
  reducedFen: number | null;
  adjustmentUntil: string | null;
  adjustmentReason: string | null;
  approvedBy: string | null;
  confirmedAt: string | null;
}

export interface DuesBasesPage {
  items: DuesBaseRow[];
  total: number;
  withBase: number;
}

export interface GenerateResult {
  month: string;
  generated: number;
  alreadyGenerated: number;
  withoutBase: number;
}

export interface LedgerRow {
  id: number;
  memberId: number;
  name: string;
  orgName: string;
  month: string;
  dueFen: number;
  paidFen: number;
  status: LedgerStatus;
}

export interface LedgerPage {
  items: LedgerRow[];
  total: number;
  dueFen: number;
  paidFen: number;
}

export interface ImportResult {
  imported: number;
  goodRows: number;
  errors: Array<{ row: number; column: string; message: string }>;
}

export interface ArrearsRow {
  memberId: number;
  name: string;
  orgId: number;
  orgName: string;
  months: number;
  owedFen: number;
  firstMonth: string;
  lastMonth: string;
  level: ArrearsLevel;
}

export interface ArrearsAnswer {
  items: ArrearsRow[];
  total: number;
  rule: RuleRef & { warnAt: number; findingAt: number };
}

export interface DuesTotals {
  dueFen: number;
  paidFen: number;
}

export interface DuesSummary {
  org: { id: number; name: string };
  year: number;
  months: Array<DuesTotals & { month: string; members: number; paidMembers: number; voluntaryFen: number }>;
  yearTotal: DuesTotals & { voluntaryFen: number };
  month: string;
  children: Array<DuesTotals & { orgId: number; orgName: string; members: number; paidMembers: number }>;
}

export interface MyDues {
  member: { id: number; name: string };
  bases: Array<{
    year: number;
    category: DuesCategory;
    categoryLabel: string;
    baseFen: number;
    monthlyFen: number;
    rate: string | null;
    ruleId: string;
    adjustment: AdjustmentKind;
    reducedFen: number | null;
    confirmedAt: string | null;
  }>;
  ledger: Array<{ month: string; dueFen: number; paidFen: number; status: LedgerStatus }>;
  owedFen: number;
}

export const LEDGER_STATUS: Record<LedgerStatus, { label: string; color: string }> = {
  unpaid: { label: '未交', color: 'red' },
  partial: { label: '部分交纳', color: 'orange' },
  paid: { label: '已交', color: 'green' },
  exempt: { label: '免交', color: 'default' },
};

export const PAYMENT_METHODS: Array<{ value: PaymentMethod; label: string }> = [
  { value: 'cash', label: '现金' },
  { value: 'transfer', label: '转账' },
  { value: 'bank', label: '银行代收' },
  { value: 'other', label: '其他' },
];

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** "依据《…》第一条、第二条" for a rule reference. */
export function citation(rule: Pick<RuleRef, 'source' | 'article'>): string {
  return `依据${rule.source}${rule.article}`;
}
