import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { BackupError, createBackup } from './platform/backup/backup.ts';
import { loadConfig } from './platform/config.ts';
import { openDatabase } from './platform/db/database.ts';
import { DataDirInUseError } from './platform/db/lock.ts';

/**
 * `npm run backup [FOLDER]`: backs the configured database (DATABASE_URL or HONGLIAN_DATA_DIR) up
 * into one file in FOLDER, or HONGLIAN_BACKUP_DIR, or ./backups. On the embedded database the server
 * must be stopped (its folder is locked while it runs; the server's nightly job backs it up meanwhile).
 */
async function main() {
  const config = loadConfig();
  const dir = path.resolve(process.argv[2] ?? config.backupDir ?? 'backups');
  if (!config.databaseUrl && (!existsSync(config.dataDir) || readdirSync(config.dataDir).length === 0))
    throw new BackupError('empty_source', `数据目录 ${config.dataDir} 不存在或为空：没有可备份的数据`);
  const database = await openDatabase(
    config.databaseUrl
      ? { databaseUrl: config.databaseUrl, namedStatements: config.namedStatements }
      : { dataDir: config.dataDir },
  );
  try {
    console.log(
      `正在备份${database.engine === 'pglite' ? `内嵌数据库 ${config.dataDir}` : ' PostgreSQL 数据库'}…`,
    );
    const { file, manifest } = await createBackup(database, { dir });
    const rows = Object.values(manifest.tables).reduce((n, t) => n + t.rows, 0);
    console.log(
      `已备份到 ${file}\n  ${Object.keys(manifest.tables).length} 张表，共 ${rows} 行；数据 ${(manifest.payload.bytes / 1048576).toFixed(1)} MB；数据库结构版本 ${manifest.schemaVersion}`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(
    error instanceof BackupError || error instanceof DataDirInUseError ? `备份失败：${error.message}` : error,
  );
  process.exit(1);
});
