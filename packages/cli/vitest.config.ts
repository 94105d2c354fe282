import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'cli',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    alias: { '@lucots/sdk': new URL('../sdk/src/index.ts', import.meta.url).pathname },
  },
});
