import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Everything the process reads from its environment, parsed once. */
export interface Config {
  port: number;
  host: string;
  /** PostgreSQL server; when absent the embedded PGlite database in `dataDir` is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Demo data and accounts: on for a new embedded database, off on a server unless HONGLIAN_DEMO=1. */
  demo: boolean;
  logLevel: string;
  /** Run the job worker and the scheduler in this process. */
  jobs: boolean;
  webDist: string;
  secureCookies: boolean;
  version: string;
  /** Folder of the nightly backups; no nightly backup when absent. */
  backupDir: string | undefined;
  /** How many nightly backups the folder keeps. */
  backupKeep: number;
  /**
   * Name the statements run often on PostgreSQL (platform/db/prepared.ts); off behind a pooler that
   * hands one client's statements to several server connections (PgBouncer in transaction mode).
   */
  namedStatements: boolean;
}

/**
 * The repository's folder (migrations, web/dist, package.json): the nearest folder above this module
 * that holds `server/migrations`, the same whether the server runs from its sources (tsx, the tests)
 * or from its bundle in server/dist (`npm start`, scripts/server-build.mjs).
 */
export const repoRoot = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'server', 'migrations'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`未找到 Honglian 的仓库目录（自 ${from} 向上）`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl,
    dataDir: path.resolve(env.HONGLIAN_DATA_DIR ?? path.join(process.cwd(), 'data')),
    demo: env.HONGLIAN_DEMO === '1' || (!databaseUrl && env.HONGLIAN_DEMO !== '0'),
    logLevel: env.LOG_LEVEL ?? 'info',
    jobs: env.HONGLIAN_JOBS !== '0',
    webDist: path.join(repoRoot, 'web', 'dist'),
    secureCookies: env.HONGLIAN_SECURE_COOKIES === '1',
    version: env.npm_package_version ?? '0.1.0',
    backupDir: env.HONGLIAN_BACKUP_DIR ? path.resolve(env.HONGLIAN_BACKUP_DIR) : undefined,
    backupKeep: backupKeep(env.HONGLIAN_BACKUP_KEEP),
    namedStatements: env.HONGLIAN_PG_NAMED_STATEMENTS !== '0',
  };
}

function backupKeep(value: string | undefined): number {
  if (value === undefined || value === '') return 7;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`HONGLIAN_BACKUP_KEEP 应为正整数（保留的备份份数），收到：${value}`);
  return n;
}
