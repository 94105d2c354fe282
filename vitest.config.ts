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

/**
 * The benchmarks' own instruments (the latency proxy, the bare lineage servers); the benchmarks
 * themselves are never run by tests. The bare servers are checked on PostgreSQL too, when it runs.
 */
const bench = {
  test: {
    name: 'bench',
    root: './bench',
    include: ['lib/*.test.ts'],
    environment: 'node',
    globalSetup: postgres.run ? ['../scripts/postgres-for-tests.mjs'] : [],
  },
};

/**
 * The newcomer's path: every command and snippet of the READMEs run as written on a fresh clone
 * (scripts/readme-check; one test each), and the scripts `npm start` and `npm test` use.
 */
const readme = {
  test: {
    name: 'readme',
    root: './scripts',
    include: ['readme-check/*.test.mjs', '*.test.mjs'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 900_000,
  },
};

/**
 * The dashboard in a real Chromium (Debian's, driven by playwright-core) against `npm start`'s
 * demo, started once (browser/support/global-setup.ts); needs the build `npm test` makes.
 */
const browser = {
  test: {
    name: 'browser',
    root: './packages/dashboard',
    include: ['browser/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 240_000,
    globalSetup: ['browser/support/global-setup.ts'],
  },
};

export default defineConfig({
  test: {
    projects: ['packages/sdk', 'packages/server', 'packages/cli', 'packages/demo', 'packages/dashboard', bench, browser, examples, readme, ...(postgres.run ? [serverOnPostgres] : [])],
  },
});
