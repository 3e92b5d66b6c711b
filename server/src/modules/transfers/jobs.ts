import type { JobDefinition, ScheduleDefinition } from '../../platform/jobs.ts';
import { expireTransfers } from './service.ts';

/** M4 and M3: once a day, pending letters and 流动党员活动证 past their validity expire (set-based, audited). */
export const transferExpiryJob: JobDefinition = {
  label: '介绍信与流动党员活动证过期检查',
  maxAttempts: 3,
  handler: async (_payload, { db }) => db.db.transaction().execute((trx) => expireTransfers(trx)),
};

export const transferExpirySchedule: ScheduleDefinition = {
  job: 'transfers.expire',
  label: '介绍信与流动党员活动证过期检查',
  description:
    '每天 01:10 把超过有效期仍未接收的组织关系介绍信标记为已过期（党员仍属转出组织），并结束已到期的流动党员活动证（党员恢复为正常状态）',
  everySeconds: 86_400,
  atSecondOfDay: 3600 + 600,
};
