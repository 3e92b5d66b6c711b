import type { TestProject } from 'vitest/node';
import { buildServerIfStale } from '../../../scripts/server-build.mjs';
import { buildPgliteDemoFolder, buildPgliteTemplates, buildPostgresTemplates } from './templates.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Integration tests: tarballs (PGlite) or template database names (PostgreSQL); see templates.ts. */
    dbTemplates: { engine: 'pglite' | 'postgres'; empty: string; demo: string } | null;
    /** Browser tests: a PGlite data folder holding the demo city, copied for each server. */
    e2eDemoFolder: string | null;
  }
}

/** vitest's globalSetup of the integration and browser tiers (vitest.config.ts). */
export default async function setup(project: TestProject) {
  // the tests that start the server as a process (process.ts) run its bundle: built here, once, before
  // files that run side by side could each start a build of it
  if ((await buildServerIfStale('源文件有改动')) !== 0) throw new Error('服务端构建失败');
  return project.name === 'e2e' ? e2e(project) : integration(project);
}

/** Integration tier: build the migrated schema and the demo city once for the whole run. */
async function integration(project: TestProject) {
  const engine = (process.env.HONGLIAN_TEST_ENGINE ?? 'pglite') as 'pglite' | 'postgres';
  const base = process.env.TEST_DATABASE_URL;
  if (engine === 'postgres' && !base)
    throw new Error('HONGLIAN_TEST_ENGINE=postgres needs TEST_DATABASE_URL');
  const started = performance.now();
  const templates =
    engine === 'postgres' ? await buildPostgresTemplates(base!) : await buildPgliteTemplates();
  console.log(`[test] 模板数据库已建好（${engine}，${Math.round(performance.now() - started)} ms）`);
  project.provide('dbTemplates', { engine, empty: templates.empty, demo: templates.demo });
  return () => templates.drop();
}

/** Browser tier: one demo data folder; each test file's server starts on a copy. */
async function e2e(project: TestProject) {
  const started = performance.now();
  const folder = await buildPgliteDemoFolder();
  console.log(`[test] 演示数据目录已建好（${Math.round(performance.now() - started)} ms）`);
  project.provide('e2eDemoFolder', folder.dir);
  return () => folder.drop();
}
