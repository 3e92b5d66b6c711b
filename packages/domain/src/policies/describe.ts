import { regionName } from '../region/regions.ts';
import { FACT_KEYS, type FactKey, OP_LABELS, type Op, QUALIFICATIONS } from './eligibility.ts';

/**
 * A criterion and a fact in words, for the enterprise's phone page and the console: money in 万元, a
 * qualification by its name, a region by its name, years since a date as years.
 */
export function describeFactValue(fact: FactKey, value: unknown): string {
  if (value === null || value === undefined || value === '') return '未填写';
  if (Array.isArray(value)) {
    if (value.length === 0) return '无';
    return value.map((v) => describeFactValue(fact, v)).join('、');
  }
  if (fact === 'annualRevenueFen' || fact === 'rdExpenseFen')
    return `${(Number(value) / 1_000_000).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 万元`;
  if (fact === 'qualifications') return QUALIFICATIONS[String(value)] ?? String(value);
  if (fact === 'regionCode') return regionName(String(value)) ?? String(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (fact === 'employees') return `${value} 人`;
  return String(value);
}

/** "从业人员数不少于 10 人" */
export function describeCriterion(c: { fact: FactKey; op: Op; value: unknown }): string {
  const label = FACT_KEYS[c.fact]?.label ?? c.fact;
  switch (c.op) {
    case 'yearsSinceGte':
      return `${label}距今满 ${c.value} 年`;
    case 'yearsSinceLte':
      return `${label}距今不超过 ${c.value} 年`;
    case 'has':
      return `具有“${describeFactValue(c.fact, c.value)}”资质`;
    case 'eq':
      if (c.fact === 'hasPartyOrg') return c.value ? '已建立党组织' : '未建立党组织';
      return `${label}为 ${describeFactValue(c.fact, c.value)}`;
    default:
      return `${label}${OP_LABELS[c.op]} ${describeFactValue(c.fact, c.value)}`;
  }
}

/** The enterprise's side of a reason: "本企业：40 人" (years for a yearsSince criterion). */
export function describeActual(r: { fact: FactKey; op: Op; actual: unknown }): string {
  if (r.actual === null || r.actual === undefined) return '尚未填写';
  if (r.op === 'yearsSinceGte' || r.op === 'yearsSinceLte') return `满 ${r.actual} 年`;
  return describeFactValue(r.fact, r.actual);
}
