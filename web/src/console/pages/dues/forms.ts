import type { FormInstance } from 'antd';
import { ApiError } from '../../../api/client';
import { formatYuan, parseYuan, todayInChina } from '../../../components/format';

/** This month in Asia/Shanghai, 'YYYY-MM'. */
export const currentMonth = () => todayInChina().format('YYYY-MM');

/**
 * Puts a server problem's field errors under the form's own fields — `fieldMap` names the form field
 * of each server field (`amountFen` is typed as `amount` in 元, for example) — and answers the message
 * to show above the form for the rest (a rule refusal such as D10 on `month`, which the form has no
 * field for).
 */
export function applyProblem(
  form: FormInstance,
  error: unknown,
  fieldMap: Record<string, string>,
): string | null {
  if (!(error instanceof ApiError)) return '操作失败，请稍后重试';
  const placed: string[] = [];
  const loose: string[] = [];
  for (const e of error.fieldErrors) {
    const name = fieldMap[e.field];
    if (name) {
      form.setFields([{ name, errors: [e.message] }]);
      placed.push(e.message);
    } else {
      loose.push(e.message);
    }
  }
  if (loose.length) return [...new Set(loose)].join('；');
  // The detail repeats the field message when everything was placed; say it once, under the field.
  return placed.length ? null : error.userMessage;
}

/** A form rule for an amount typed in 元: at most two decimals, above zero, and at most `maxFen` if given. */
export function yuanRule(options: { maxFen?: number; maxMessage?: string; allowZero?: boolean } = {}) {
  return {
    validator: (_: unknown, value: string | undefined) => {
      if (value === undefined || value.trim() === '') return Promise.resolve();
      const fen = parseYuan(value);
      if (fen === null) return Promise.reject(new Error('请输入金额，单位为元，最多两位小数'));
      if (fen === 0 && !options.allowZero) return Promise.reject(new Error('金额应大于 0'));
      if (options.maxFen !== undefined && fen > options.maxFen) {
        return Promise.reject(new Error(options.maxMessage ?? `不能超过 ${formatYuan(options.maxFen)}`));
      }
      return Promise.resolve();
    },
  };
}

/** Fen as the text of an amount input ("15.00"), without separators so it parses back as typed. */
export function fenToInput(fen: number): string {
  const cents = fen % 100;
  return `${(fen - cents) / 100}.${String(cents).padStart(2, '0')}`;
}
