import { describe, expect, it } from 'vitest';
import {
  checkMilestoneWeights,
  type MilestoneFacts,
  milestoneFigures,
  projectStatus,
  rollUp,
  scheduleLabel,
} from './progress.ts';

const plan: MilestoneFacts[] = [
  { plannedOn: '2026-09-30', weight: 30, completedOn: null },
  // 国庆 holiday: a milestone planned on a holiday still counts on that calendar day
  { plannedOn: '2026-10-01', weight: 30, completedOn: null },
  { plannedOn: '2026-12-31', weight: 40, completedOn: null },
];

describe('milestone weights', () => {
  it('accepts integers summing to exactly 100', () => {
    expect(checkMilestoneWeights([30, 30, 40])).toEqual({ ok: true });
    expect(checkMilestoneWeights([100])).toEqual({ ok: true });
  });

  it('refuses weights not summing to 100, naming the sum', () => {
    const r = checkMilestoneWeights([30, 30, 39]);
    expect(r).toMatchObject({ ok: false, code: 'project.milestone_weights' });
    expect(!r.ok && r.message).toContain('99');
    expect(checkMilestoneWeights([60, 41]).ok).toBe(false);
  });

  it('refuses a zero, negative or fractional weight', () => {
    expect(checkMilestoneWeights([0, 100]).ok).toBe(false);
    expect(checkMilestoneWeights([-10, 110]).ok).toBe(false);
    expect(checkMilestoneWeights([50.5, 49.5]).ok).toBe(false);
  });

  it('accepts no milestones at all: a parent project rolled up from its sub-projects', () => {
    expect(checkMilestoneWeights([])).toEqual({ ok: true });
  });
});

describe('progress against schedule', () => {
  it('counts nothing planned before the first milestone', () => {
    expect(milestoneFigures(plan, '2026-09-29')).toEqual({ progress: 0, plannedProgress: 0, aheadPoints: 0 });
  });

  it('counts a milestone planned exactly today as due today', () => {
    expect(milestoneFigures(plan, '2026-09-30')).toEqual({
      progress: 0,
      plannedProgress: 30,
      aheadPoints: -30,
    });
  });

  it('counts a milestone planned on a holiday on that day, and the day after it', () => {
    expect(milestoneFigures(plan, '2026-10-01').plannedProgress).toBe(60);
    expect(milestoneFigures(plan, '2026-10-02').plannedProgress).toBe(60);
  });

  it('is ahead of schedule (超时序) when milestones are done early', () => {
    const done = plan.map((m, i) => (i < 2 ? { ...m, completedOn: '2026-09-15' } : m));
    const f = milestoneFigures(done, '2026-09-20');
    expect(f).toEqual({ progress: 60, plannedProgress: 0, aheadPoints: 60 });
    expect(scheduleLabel(f.aheadPoints)).toBe('超时序');
  });

  it('is behind (滞后) after a milestone passes undone, and even again when it is done', () => {
    const f = milestoneFigures(plan, '2026-10-08');
    expect(f.aheadPoints).toBe(-60);
    expect(scheduleLabel(f.aheadPoints)).toBe('滞后');
    const done = plan.map((m, i) => (i < 2 ? { ...m, completedOn: '2026-10-08' } : m));
    expect(scheduleLabel(milestoneFigures(done, '2026-10-08').aheadPoints)).toBe('按时序');
  });

  it('reaches 100 when every milestone is done', () => {
    const done = plan.map((m) => ({ ...m, completedOn: '2026-12-01' }));
    const f = milestoneFigures(done, '2027-01-01');
    expect(f).toEqual({ progress: 100, plannedProgress: 100, aheadPoints: 0 });
    expect(projectStatus(f.progress)).toBe('completed');
  });

  it('has all-zero figures without milestones', () => {
    expect(milestoneFigures([], '2026-10-08')).toEqual({ progress: 0, plannedProgress: 0, aheadPoints: 0 });
  });
});

describe('rolling sub-projects up into their parent', () => {
  it('weights each sub-project by its weight in the parent', () => {
    expect(
      rollUp([
        { weight: 3, progress: 100, plannedProgress: 60 },
        { weight: 1, progress: 0, plannedProgress: 60 },
      ]),
    ).toEqual({ progress: 75, plannedProgress: 60, aheadPoints: 15 });
  });

  it('is the plain mean with equal weights, rounded to two decimals (百分点)', () => {
    const f = rollUp([
      { weight: 1, progress: 100, plannedProgress: 30 },
      { weight: 1, progress: 0, plannedProgress: 30 },
      { weight: 1, progress: 0, plannedProgress: 0 },
    ]);
    expect(f).toEqual({ progress: 33.33, plannedProgress: 20, aheadPoints: 13.33 });
  });

  it('rounds a half up, like PostgreSQL round(numeric, 2)', () => {
    // 1 × 1 / 8 = 0.125 → 0.13
    const f = rollUp([
      { weight: 1, progress: 1, plannedProgress: 0 },
      ...Array.from({ length: 7 }, () => ({ weight: 1, progress: 0, plannedProgress: 0 })),
    ]);
    expect(f.progress).toBe(0.13);
  });

  it('has all-zero figures without sub-projects', () => {
    expect(rollUp([])).toEqual({ progress: 0, plannedProgress: 0, aheadPoints: 0 });
  });
});
