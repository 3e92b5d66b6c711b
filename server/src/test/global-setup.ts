import type { TestProject } from 'vitest/node';
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
export default function setup(project: TestProject) {
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
