import { defineProject } from 'vitest/config';

export default defineProject({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  test: {
    name: 'dashboard',
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
