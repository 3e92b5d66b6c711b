import { sql } from 'kysely';
import { backupJob, backupSchedule } from '../../platform/backup/job.ts';
import type { Config } from '../../platform/config.ts';
import type { JobDefinition, ScheduleDefinition } from '../../platform/jobs.ts';
import { allianceActivityJob, allianceActivitySchedule } from '../alliances/jobs.ts';
import { bulletinGenerateJob, bulletinMonthlyJob, bulletinMonthlySchedule } from '../bulletins/jobs.ts';
import { caseDeadlineJob, caseNoticeJob, caseRatingJob } from '../cases/jobs.ts';
import { complianceDeliverJob, complianceRecheckJob, complianceSweepJob } from '../compliance/jobs.ts';
import { RECHECK_JOB } from '../compliance/recheck.ts';
import { memberExportJob } from '../members/exportJob.ts';
import { orgExportJob } from '../orgs/export.ts';
import {
  policyPushJob,
  policyPushSchedule,
  policyRematchJob,
  policyRematchSchedule,
} from '../policies/jobs.ts';
import { propertyPublishJob, propertyPublishSchedule } from '../property/jobs.ts';
import { transferExpiryJob, transferExpirySchedule } from '../transfers/jobs.ts';

/**
 * The jobs this build knows. Later capabilities add theirs here (compliance sweeps, reminders, exports).
 */
export const JOB_DEFINITIONS: Record<string, JobDefinition> = {
  'alliances.activity_days': allianceActivityJob,
  'bulletins.generate': bulletinGenerateJob,
  'bulletins.monthly': bulletinMonthlyJob,
  'cases.deadlines': caseDeadlineJob,
  'cases.notify': caseNoticeJob,
  'cases.rating_effective': caseRatingJob,
  'compliance.sweep': complianceSweepJob,
  'compliance.deliver': complianceDeliverJob,
  [RECHECK_JOB]: complianceRecheckJob,
  'members.export': memberExportJob,
  'orgs.export': orgExportJob,
  'policies.push': policyPushJob,
  'policies.rematch': policyRematchJob,
  'property.publish': propertyPublishJob,
  'transfers.expire': transferExpiryJob,
  'maintenance.cleanup': {
    label: '清理过期会话与记录',
    maxAttempts: 3,
    handler: async (_payload, { db }) => {
      const sessions = await db.db
        .deleteFrom('sessions')
        .where('expires_at', '<', sql<Date>`now()`)
        .executeTakeFirst();
      const failures = await db.db
        .deleteFrom('login_failures')
        .where('at', '<', sql<Date>`now() - interval '1 day'`)
        .executeTakeFirst();
      const keys = await db.db
        .deleteFrom('idempotency_keys')
        .where('created_at', '<', sql<Date>`now() - interval '24 hours'`)
        .executeTakeFirst();
      const jobs = await db.db
        .deleteFrom('jobs')
        .where('state', '=', 'done')
        .where('finished_at', '<', sql<Date>`now() - interval '30 days'`)
        .executeTakeFirst();
      return {
        sessions: Number(sessions.numDeletedRows),
        loginFailures: Number(failures.numDeletedRows),
        idempotencyKeys: Number(keys.numDeletedRows),
        jobs: Number(jobs.numDeletedRows),
      };
    },
  },
};

export const SCHEDULES: ScheduleDefinition[] = [
  {
    job: 'compliance.sweep',
    label: '合规检查（全部党组织）',
    description: '每天 01:30 按检查规则检查全部党组织，发现、销号问题，提醒责任人，超期提级督办',
    everySeconds: 86_400,
    atSecondOfDay: 1 * 3600 + 30 * 60,
  },
  {
    job: 'compliance.deliver',
    label: '发送合规提醒',
    description: '每小时把到期的提醒汇总成每人一份发出（22:00–08:00 免打扰，推迟到 08:00）',
    everySeconds: 3600,
    atSecondOfDay: 0,
  },
  {
    job: 'cases.notify',
    label: '发送工单通知',
    description: '每小时把免打扰时段（22:00–08:00）留下的工单通知发出；答复时另行即时发送',
    everySeconds: 3600,
    atSecondOfDay: 0,
  },
  {
    job: 'cases.deadlines',
    label: '工单时限巡检',
    description: '每 15 分钟：临期提醒主办单位，超期催办并向上级组织发督办通知，办结满 7 天的工单归档',
    everySeconds: 900,
  },
  {
    job: 'maintenance.cleanup',
    label: '清理过期会话与记录',
    description: '删除过期会话、一天前的登录失败记录、24 小时前的幂等键和 30 天前已完成的任务',
    everySeconds: 86_400,
    atSecondOfDay: 2 * 3600,
  },
  transferExpirySchedule,
  allianceActivitySchedule,
  policyRematchSchedule,
  bulletinMonthlySchedule,
  policyPushSchedule,
  propertyPublishSchedule,
];

/**
 * The jobs and schedules of a process with this configuration. The nightly backup is scheduled only
 * when `HONGLIAN_BACKUP_DIR` is set; its job is always known, so a schedule left from an earlier
 * configuration runs as a skipped backup rather than a failure.
 */
export function jobsFor(config: Pick<Config, 'backupDir' | 'backupKeep'>): {
  definitions: Record<string, JobDefinition>;
  schedules: ScheduleDefinition[];
} {
  return {
    definitions: {
      ...JOB_DEFINITIONS,
      'maintenance.backup': backupJob({ dir: config.backupDir, keep: config.backupKeep }),
    },
    schedules: config.backupDir ? [...SCHEDULES, backupSchedule] : SCHEDULES,
  };
}
