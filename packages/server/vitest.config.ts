import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'server',
    include: ['test/**/*.test.ts'],
    // Multi-instance tests need PostgreSQL: they run in the server-postgres project only.
    exclude: ['test/postgres/**'],
    environment: 'node',
    testTimeout: 20_000,
    alias: { '@lucots/sdk': new URL('../sdk/src/index.ts', import.meta.url).pathname },
  },
});
