/**
 * Projects against schedule (书记领航 / 揭榜挂帅 / 党建联创, issue 15; API.md "Projects"). Seed 002:
 * Jinjiang's 26 tasks with back-scheduled milestones (倒排节点) and its projects "超时序 11.37 个百分点";
 * seed 001: Xiushui's 书记领航 project split into 59 sub-projects under 6 groups.
 *
 * - `progress`: the weight of the completed milestones (0–100);
 * - `plannedProgress`: the weight of the milestones planned on or before today;
 * - `aheadPoints = progress − plannedProgress`: 超时序 when positive, 滞后 when negative.
 *
 * A project's milestones carry integer weights summing to 100. A project without milestones is a parent
 * (a 书记领航 project split into sub-projects): its figures roll up from its sub-projects, each weighted
 * by its `weight` in the parent, a positive integer relative to its siblings (1 by default, so equal
 * weights unless the parent says otherwise). Rolled-up figures are rounded to two decimals (百分点);
 * aheadPoints is the difference of the rounded figures, so what the page shows adds up.
 *
 * The server computes the same figures in one SQL statement for a whole list
 * (`server/src/modules/projects/repository.ts`); its tests compare the two.
 */

export const PROJECT_KINDS = {
  secretary_led: '书记领航',
  challenge: '揭榜挂帅',
  joint: '党建联创',
} as const;
export type ProjectKind = keyof typeof PROJECT_KINDS;
export const PROJECT_KIND_CODES = Object.keys(PROJECT_KINDS) as ProjectKind[];

export const PROJECT_STATUS = { in_progress: '推进中', completed: '已完成' } as const;
export type ProjectStatus = keyof typeof PROJECT_STATUS;

/** The most milestones one project takes (Jinjiang's 26 tasks each have a handful). */
export const MAX_MILESTONES = 50;
/** The most sub-projects one parent takes (Xiushui's 书记领航 project has 59). */
export const MAX_SUB_PROJECTS = 200;

export interface MilestoneFacts {
  plannedOn: string;
  weight: number;
  completedOn: string | null;
}

export interface ProjectFigures {
  progress: number;
  plannedProgress: number;
  aheadPoints: number;
}

export interface WeightFailure {
  ok: false;
  code: 'project.milestone_weights';
  message: string;
}

/**
 * Milestone weights: each an integer from 1 to 100, together exactly 100. An empty list is accepted:
 * it makes a parent project whose figures come from its sub-projects.
 */
export function checkMilestoneWeights(weights: readonly number[]): { ok: true } | WeightFailure {
  if (weights.length === 0) return { ok: true };
  const fail = (message: string): WeightFailure => ({
    ok: false,
    code: 'project.milestone_weights',
    message,
  });
  if (weights.length > MAX_MILESTONES) return fail(`一个项目最多设置 ${MAX_MILESTONES} 个节点`);
  if (weights.some((w) => !Number.isInteger(w) || w < 1 || w > 100))
    return fail('节点权重应为 1 到 100 的整数');
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum !== 100) return fail(`各节点权重之和应为 100，现为 ${sum}`);
  return { ok: true };
}

/** The figures of a project from its own milestones, as of `today` (a milestone planned today counts). */
export function milestoneFigures(milestones: readonly MilestoneFacts[], today: string): ProjectFigures {
  let progress = 0;
  let plannedProgress = 0;
  for (const m of milestones) {
    if (m.completedOn !== null) progress += m.weight;
    if (m.plannedOn <= today) plannedProgress += m.weight;
  }
  return { progress, plannedProgress, aheadPoints: progress - plannedProgress };
}

export interface SubProjectFigures {
  /** The sub-project's weight in its parent (a positive integer, relative to its siblings). */
  weight: number;
  progress: number;
  plannedProgress: number;
}

/** Rounds a non-negative ratio num/den to two decimals, half up, as PostgreSQL's round(numeric, 2). */
function round2(num: number, den: number): number {
  // integer arithmetic: num and den are integers (weights × integer figures), so there is no float drift
  const hundredths = Math.floor((num * 200 + den) / (2 * den));
  return hundredths / 100;
}

/** A parent's figures: the weighted mean of its sub-projects' figures (no sub-projects: all zero). */
export function rollUp(subs: readonly SubProjectFigures[]): ProjectFigures {
  const den = subs.reduce((a, s) => a + s.weight, 0);
  if (den === 0) return { progress: 0, plannedProgress: 0, aheadPoints: 0 };
  // sub-project figures are integers (a sub-project has milestones, never sub-projects of its own)
  const done = subs.reduce((a, s) => a + s.weight * s.progress, 0);
  const due = subs.reduce((a, s) => a + s.weight * s.plannedProgress, 0);
  const progress = round2(done, den);
  const plannedProgress = round2(due, den);
  return { progress, plannedProgress, aheadPoints: Math.round((progress - plannedProgress) * 100) / 100 };
}

/** 超时序 / 滞后 / 按时序, as the console and the bulletins say it. */
export function scheduleLabel(aheadPoints: number): '超时序' | '滞后' | '按时序' {
  if (aheadPoints > 0) return '超时序';
  if (aheadPoints < 0) return '滞后';
  return '按时序';
}

export function projectStatus(progress: number): ProjectStatus {
  return progress >= 100 ? 'completed' : 'in_progress';
}
