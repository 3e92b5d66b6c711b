import type { JobDefinition, ScheduleDefinition } from '../../platform/jobs.ts';
import { generateBulletin, issueMonthly } from './service.ts';

/** Makes the files of one bulletin asked for with `POST /api/v1/bulletins`. */
export const bulletinGenerateJob: JobDefinition = {
  label: '生成月度通报',
  maxAttempts: 3,
  handler: async (payload, { db }) => {
    const id = Number((payload as { id?: unknown }).id);
    if (!Number.isSafeInteger(id) || id <= 0) throw new Error('bulletins.generate: no bulletin id');
    return generateBulletin(db.db, id);
  },
};

/** Every morning: on (or after) the month's first working day, last month's bulletins not yet issued. */
export const bulletinMonthlyJob: JobDefinition = {
  label: '每月通报',
  maxAttempts: 3,
  handler: async (_payload, { db }) => issueMonthly(db.db),
};

export const bulletinMonthlySchedule: ScheduleDefinition = {
  job: 'bulletins.monthly',
  label: '每月通报',
  description:
    '每天 07:00 检查：每月第一个工作日（按工作日历，含调休；元旦除外）起，为配置的组织生成上月通报',
  everySeconds: 86_400,
  atSecondOfDay: 7 * 3600,
};
