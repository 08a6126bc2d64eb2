import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Cross-package tests under test/ import packages by name, straight from their sources.
    alias: [{ find: /^@vigil\/([a-z-]+)$/, replacement: fileURLToPath(new URL('./packages/$1/src/index.ts', import.meta.url)) }],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    setupFiles: ['test/setup/fast-check.ts'],
    pool: 'forks',
  },
});
