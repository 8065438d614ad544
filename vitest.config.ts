import { defineConfig } from 'vitest/config';

// One vitest process for the whole repo: each package/app is a project with its own config.
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'apps/*/vitest.config.ts',
      'tests/vitest.config.ts',
      'tests/browser/vitest.config.ts',
    ],
  },
});
