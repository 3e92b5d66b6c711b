import { describe, expect, it } from 'vitest';
import { ALLIANCE_FIGURE_KEYS, ALLIANCE_FIGURES, figureOf, resolutionTiming } from './figures.ts';

describe('alliance figures', () => {
  it('every figure states its label, unit and definition', () => {
    for (const key of ALLIANCE_FIGURE_KEYS) {
      const f = ALLIANCE_FIGURES[key];
      expect(f.label.length).toBeGreaterThan(0);
      expect(f.definition.length).toBeGreaterThan(10);
    }
  });
  it('a resolution done on its due date is on time, the day after late', () => {
    expect(resolutionTiming('2026-12-31', '2026-12-31', '2027-01-05')).toBe('on_time');
    expect(resolutionTiming('2026-12-31', '2027-01-01', '2027-01-05')).toBe('late');
    expect(resolutionTiming('2026-12-31', null, '2026-12-31')).toBe('open');
    expect(resolutionTiming('2026-12-31', null, '2027-01-01')).toBe('late');
  });
  it('a count is the list length, a mean its one-decimal average', () => {
    expect(figureOf('count', [null, 3])).toBe(2);
    expect(figureOf('mean', [])).toBeNull();
    expect(figureOf('mean', [1, 2, 2])).toBe(1.7);
    expect(figureOf('mean', [0.25, 0.2])).toBe(0.2);
  });
});
