import type { JobDefinition, ScheduleDefinition } from '../../platform/jobs.ts';
import { expireTransfers } from './service.ts';

/** M4: once a day, pending transfer letters past their validity expire (one statement, audited). */
export const transferExpiryJob: JobDefinition = {
  label: '组织关系介绍信过期检查',
  maxAttempts: 3,
  handler: async (_payload, { db }) => db.db.transaction().execute((trx) => expireTransfers(trx)),
};

export const transferExpirySchedule: ScheduleDefinition = {
  job: 'transfers.expire',
  label: '组织关系介绍信过期检查',
  description: '每天 01:10 把超过有效期仍未接收的组织关系介绍信标记为已过期（党员仍属转出组织）',
  everySeconds: 86_400,
  atSecondOfDay: 3600 + 600,
};
