import { describe, expect, it } from 'vitest';
import { type Figure, formatFigure, phoneLinkOf } from './dashboard';

const f = (key: string, link: string): Figure => ({
  key,
  label: '',
  unit: '件',
  value: 1,
  definition: '',
  link,
});

describe('工作台 figures', () => {
  it('reads as people read numbers', () => {
    expect(formatFigure({ value: null, unit: '%' })).toBe('—');
    expect(formatFigure({ value: 97.5, unit: '%' })).toBe('97.5%');
    expect(formatFigure({ value: 100, unit: '%' })).toBe('100.0%');
    expect(formatFigure({ value: 1234.5, unit: '元' })).toBe('1,234.50');
    expect(formatFigure({ value: 0, unit: '元' })).toBe('0.00');
    expect(formatFigure({ value: 12345, unit: '人' })).toBe('12,345');
  });

  it('opens a figure’s list on the phone where the phone has it, else in the console', () => {
    expect(phoneLinkOf(f('myPoints', '/m/points'))).toEqual({ path: '/points', external: false });
    expect(phoneLinkOf(f('queueOverdue', '/cases?tab=todo&overdue=true'))).toEqual({
      path: '/queue',
      external: false,
    });
    expect(phoneLinkOf(f('remindersUnread', '/reminders'))).toEqual({ path: '/reminders', external: false });
    expect(phoneLinkOf(f('duesUnpaid', '/dues?org=3&month=2026-12&tab=ledger'))).toEqual({
      path: '/dues?org=3&month=2026-12&tab=ledger',
      external: true,
    });
  });
});
