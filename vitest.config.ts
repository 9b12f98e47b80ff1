import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests spawn processes that share two cores; a few files at a time keeps them honest.
    maxWorkers: 2,
  },
});
