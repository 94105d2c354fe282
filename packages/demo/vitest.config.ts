import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'demo',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    alias: { '@lucots/sdk': new URL('../sdk/src/index.ts', import.meta.url).pathname },
  },
});
