// Packages resolve one another by name through their package.json `exports` (pnpm links
// them into node_modules), as tsc and esbuild resolve them: no aliases here.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    setupFiles: ['test/setup/fast-check.ts'],
    pool: 'forks',
  },
});
