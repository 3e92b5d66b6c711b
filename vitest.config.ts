import { defineConfig } from 'vitest/config';

// every statement compiled once per shape is also built the ordinary way and compared (platform/db/shapes.ts);
// the servers the browser tier starts inherit it
const env = { HONGLIAN_CHECK_STATEMENTS: '1' };

// Three tiers; scripts/test.mjs decides which run and reports what it skipped.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'server/src/**/*.unit.test.ts', 'web/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          env,
          include: ['server/src/**/*.int.test.ts'],
          // the schema and the demo city are built once per run and copied per file (server/src/test/templates.ts)
          globalSetup: ['server/src/test/global-setup.ts'],
          environment: 'node',
          testTimeout: 60_000,
          // a hook that builds the demo city waits its turn for the two cores when every file starts at once
          hookTimeout: 300_000,
          // PGlite is WebAssembly; two cores: keep parallelism modest
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          env,
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['server/src/test/global-setup.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
