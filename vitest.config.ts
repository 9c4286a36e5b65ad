import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Storage and API suites open databases; a generous timeout keeps slow CI
    // machines from failing on PGlite start-up rather than on behaviour.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
