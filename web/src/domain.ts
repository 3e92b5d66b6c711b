/**
 * What the web client takes from the shared domain package: the permission catalogue, the
 * organization types and unit kinds (shaped here as select options) and the credit-code check.
 */
import { ORG_TYPES, PERMISSIONS, type Permission, UNIT_KINDS } from '@honglian/domain';

/**
 * The credit-code check; dues categories, the rule each is quoted under and the ledger rules (D1–D11);
 * the case channels and 小事 / 大事 / 难事 tiers with their Chinese labels.
 */
export {
  CASE_CHANNELS,
  CASE_TIERS,
  DUES_CATEGORIES,
  DUES_LEDGER_RULES,
  DUES_RULES,
  validateCreditCode,
} from '@honglian/domain';
export { PERMISSIONS, type Permission };

export interface Option {
  value: string;
  label: string;
}

const toOptions = (labels: Record<string, string>): Option[] =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

export const ORG_TYPE_LABELS: Record<string, string> = ORG_TYPES;

/** 党组织类型: 党委, 党总支, 党支部, 联合党支部, 临时党支部, 功能型党组织. */
export const ORG_TYPE_OPTIONS: Option[] = toOptions(ORG_TYPES);
/** 单位类型: 企业, 党政机关, 事业单位, 社区, 村, 学校, 社会组织. */
export const UNIT_KIND_OPTIONS: Option[] = toOptions(UNIT_KINDS);

export function permissionLabel(name: string): string {
  return (PERMISSIONS as Record<string, { label: string }>)[name]?.label ?? name;
}
