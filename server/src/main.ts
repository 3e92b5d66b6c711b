import pino from 'pino';
import { buildApp } from './app.ts';
import { loadDemoIfEmpty } from './demo/load.ts';
import { fillOrgPinyin } from './modules/orgs/service.ts';
import { loadConfig } from './platform/config.ts';
import { openDatabase } from './platform/db/database.ts';
import { DatabaseNewerThanCodeError, migrate } from './platform/db/migrate.ts';

/** Starts Honglian: open the database, migrate, load demo data on a new one, listen, stop cleanly. */
async function main() {
  const config = loadConfig();
  const log = pino({ level: config.logLevel });
  const started = performance.now();
  const database = await openDatabase(
    config.databaseUrl
      ? { databaseUrl: config.databaseUrl, namedStatements: config.namedStatements }
      : { dataDir: config.dataDir },
  );
  try {
    const ran = await migrate(database);
    if (ran.length) log.info({ migrations: ran }, '数据库结构已更新');
  } catch (error) {
    if (error instanceof DatabaseNewerThanCodeError) log.fatal(error.message);
    else log.fatal({ err: error }, '数据库迁移失败');
    await database.close();
    process.exit(1);
  }
  if (config.demo) {
    const loaded = await loadDemoIfEmpty(database);
    if (loaded) log.info(loaded, '已载入演示数据');
  }
  // organizations registered before their pinyin was kept (migration 0030) get it now
  const filled = await fillOrgPinyin(database.db);
  if (filled) log.info({ orgs: filled }, '已补全党组织名称拼音');
  const { app, queue, handlers } = await buildApp({ config, database });
  if (config.jobs) {
    await queue.installSchedules();
    queue.start();
  }
  await app.listen({ port: config.port, host: config.host });
  log.info(
    {
      url: `http://${config.host}:${config.port}`,
      database: database.engine,
      demo: config.demo,
      startMs: Math.round(performance.now() - started),
    },
    '红链已启动',
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, '正在停止：不再接收新请求，等待进行中的请求与任务完成');
    const force = setTimeout(() => process.exit(1), 15_000).unref();
    await app.close();
    // a client that left does not stop its handler: let it finish before the database closes
    if (!(await handlers.settled(10_000)))
      log.warn({ running: handlers.count }, '仍有请求未处理完，照常停止');
    await queue.stop();
    await database.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
