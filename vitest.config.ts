import { defineConfig } from 'vitest/config';
import { postgresTestPlan } from './scripts/postgres-for-tests.mjs';

const postgres = postgresTestPlan();

/** The server's database tests again, on PostgreSQL: every test that opens a test app. */
const serverOnPostgres = {
  test: {
    name: 'server-postgres',
    root: './packages/server',
    environment: 'node',
    testTimeout: 30_000,
    alias: { '@lucots/sdk': new URL('./packages/sdk/src/index.ts', import.meta.url).pathname },
    env: { LUCO_TEST_DB: 'postgres' },
    include: ['test/**/*.test.ts'],
    exclude: ['test/auth/**', 'test/domain/**', 'test/storage/**', 'test/cli/**', 'test/openapi-drift.test.ts'],
    globalSetup: ['../../scripts/postgres-for-tests.mjs'],
  },
};

/** The examples, run for real (they need the built server and CLI, which `npm test` builds). */
const examples = {
  test: {
    name: 'examples',
    root: './examples',
    include: ['*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    alias: { '@lucots/sdk': new URL('./packages/sdk/src/index.ts', import.meta.url).pathname },
  },
};

export default defineConfig({
  test: {
    projects: ['packages/sdk', 'packages/server', 'packages/cli', 'packages/demo', examples, ...(postgres.run ? [serverOnPostgres] : [])],
  },
});
