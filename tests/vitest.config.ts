import { configDefaults, defineProject } from 'vitest/config';
import { bmmProject } from '../vitest.shared.ts';

// The process-level fault suites (kill -9 of services and Postgres, ~4 minutes together) run with
// `pnpm test:faults`, not in `pnpm test`.
const faults = process.env.BMM_FAULTS === '1';

export default defineProject(
  bmmProject('e2e', {
    include: ['**/*.test.ts'],
    exclude: [
      ...configDefaults.exclude,
      'browser/**',
      ...(faults ? [] : ['faults/**', 'launcher/supervise.test.ts']),
    ],
    testTimeout: 120_000,
  }),
);
