import { CalendarService } from '../../platform/calendar.ts';
import type { JobDefinition, ScheduleDefinition } from '../../platform/jobs.ts';
import { publishDue } from './service.ts';

/** 物业红黑榜: the previous quarter's list published on the quarter's first working day (decision 0025). */
export const propertyPublishJob: JobDefinition = {
  label: '发布上季度物业红黑榜',
  maxAttempts: 3,
  handler: async (_payload, { db }) => {
    const calendar = await new CalendarService(db.db).calendar();
    return db.db.transaction().execute((trx) => publishDue(trx, calendar));
  },
};

export const propertyPublishSchedule: ScheduleDefinition = {
  job: 'property.publish',
  label: '发布上季度物业红黑榜',
  description:
    '每天 07:00 检查：当天是季度第一个工作日（按工作日历）时，为各管理单位发布上季度的物业服务企业红黑榜（每季度一次）',
  everySeconds: 86_400,
  atSecondOfDay: 7 * 3600,
};
