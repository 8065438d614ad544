import { defineProject } from 'vitest/config';
import { bmmProject } from '../../vitest.shared.ts';

// Pages in Chromium against the whole platform. The web app is built once for the run, by the
// global setup, and each test file serves that build with `next start`.
const base = bmmProject('browser');
export default defineProject({
  ...base,
  test: {
    ...base.test,
    include: ['**/*.test.ts'],
    globalSetup: [
      ...(base.test!.globalSetup as string[]),
      new URL('./support/global-setup.ts', import.meta.url).pathname,
    ],
    testTimeout: 120_000,
    // The build runs in the global setup; a test file's own hooks only start the platform and `next start`.
    hookTimeout: 180_000,
  },
});
