import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['lib/**/*.test.ts'],
    globalSetup: ['lib/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration suites create their own databases on one shared server; run files in parallel
    // but keep the process count modest for a 2-core machine.
    maxWorkers: 2,
  },
});
