import { defineConfig } from 'vitest/config';

// End-to-end tests: network namespaces (root) and Chromium. One file at a time: they share the kernel.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 120000,
    hookTimeout: 120000,
    fileParallelism: false,
    passWithNoTests: false,
  },
});
