import path from 'node:path';
import type { JobDefinition, ScheduleDefinition } from '../jobs.ts';
import { createBackup, rotateBackups } from './backup.ts';

export interface BackupSettings {
  /** The folder; the job does nothing when it is absent. */
  dir: string | undefined;
  keep: number;
}

/**
 * The nightly backup: one file into `HONGLIAN_BACKUP_DIR`, then only the newest `HONGLIAN_BACKUP_KEEP`
 * backups of that folder are kept. Progress keeps the job's lease alive through a long dump.
 */
export function backupJob(settings: BackupSettings): JobDefinition {
  return {
    label: '备份数据库',
    maxAttempts: 2,
    handler: async (_payload, { db, log, progress }) => {
      if (!settings.dir) return { skipped: '未设置 HONGLIAN_BACKUP_DIR，未备份' };
      const { file, manifest } = await createBackup(db, {
        dir: settings.dir,
        onProgress: (percent, note) => progress(percent, note),
      });
      const removed = await rotateBackups(settings.dir, settings.keep);
      const rows = Object.values(manifest.tables).reduce((n, t) => n + t.rows, 0);
      log.info({ file, bytes: manifest.payload.bytes, rows, removed: removed.length }, '数据库已备份');
      return {
        file,
        bytes: manifest.payload.bytes,
        schemaVersion: manifest.schemaVersion,
        tables: Object.keys(manifest.tables).length,
        rows,
        removed: removed.map((f) => path.basename(f)),
      };
    },
  };
}

export const backupSchedule: ScheduleDefinition = {
  job: 'maintenance.backup',
  label: '备份数据库',
  description:
    '每天 03:00 把整个数据库备份成一个文件，写入 HONGLIAN_BACKUP_DIR，只保留最新的 HONGLIAN_BACKUP_KEEP 份',
  everySeconds: 86_400,
  atSecondOfDay: 3 * 3600,
};
