import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'server',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    alias: { '@lucots/sdk': new URL('../sdk/src/index.ts', import.meta.url).pathname },
  },
});
