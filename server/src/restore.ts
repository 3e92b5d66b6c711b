import { BackupError, readBackup, restoreBackup } from './platform/backup/backup.ts';
import { loadConfig } from './platform/config.ts';
import { DataDirInUseError } from './platform/db/lock.ts';

/**
 * `npm run restore FILE`: restores a backup into the configured database, which must be empty: the
 * PostgreSQL database of DATABASE_URL, or the folder HONGLIAN_DATA_DIR (absent or empty). Refuses a
 * backup of a newer schema than this program, of the other engine, or a damaged file, before touching
 * anything; afterwards checks every table's row count and checksum against the backup.
 */
/** `2026-01-15 03:00:00` in Asia/Shanghai. */
function shanghaiTime(iso: string): string {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : new Date(at + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

async function main() {
  const file = process.argv[2];
  if (!file) {
    console.error(
      '用法：npm run restore 备份文件\n（恢复到 DATABASE_URL 指向的空 PostgreSQL 数据库，或 HONGLIAN_DATA_DIR 指向的空目录）',
    );
    process.exit(2);
  }
  const config = loadConfig();
  const { manifest } = await readBackup(file);
  const rows = Object.values(manifest.tables).reduce((n, t) => n + t.rows, 0);
  console.log(
    `备份：${manifest.engine === 'pglite' ? '内嵌数据库（PGlite）' : 'PostgreSQL'}，创建于 ${shanghaiTime(manifest.createdAt)}，数据库结构版本 ${manifest.schemaVersion}，${Object.keys(manifest.tables).length} 张表，共 ${rows} 行`,
  );
  const target = config.databaseUrl
    ? ({ engine: 'postgres', url: config.databaseUrl } as const)
    : ({ engine: 'pglite', dataDir: config.dataDir } as const);
  console.log(
    `恢复到：${target.engine === 'pglite' ? `内嵌数据库目录 ${target.dataDir}` : 'DATABASE_URL 指向的 PostgreSQL 数据库'}`,
  );
  const result = await restoreBackup(file, target, { onProgress: (note) => console.log(`  ${note}…`) });
  console.log(`已恢复，核对通过：${result.tables} 张表、共 ${result.rows} 行与备份一致`);
  if (result.manifest.schemaVersion < result.codeVersion)
    console.log(
      `备份的数据库结构版本 ${result.manifest.schemaVersion} 低于本程序的 ${result.codeVersion}：启动服务（npm start）时会自动升级`,
    );
}

main().catch((error) => {
  console.error(
    error instanceof BackupError || error instanceof DataDirInUseError ? `恢复失败：${error.message}` : error,
  );
  process.exit(1);
});
