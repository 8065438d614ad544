import type { UserWorkspaceConfig } from 'vitest/config';

/**
 * Shared settings of every vitest project: workspace packages resolve to their TypeScript
 * sources (the `@bmm/source` export condition), and one Postgres serves the whole run
 * (started by the global setup; each test file clones its own database from a migrated template).
 */
export function bmmProject(name: string, overrides: UserWorkspaceConfig['test'] = {}): UserWorkspaceConfig {
  return {
    resolve: { conditions: ['@bmm/source'] },
    ssr: { resolve: { conditions: ['@bmm/source'], externalConditions: ['@bmm/source'] } },
    test: {
      name,
      environment: 'node',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      globalSetup: [new URL('./packages/db/src/testing/global-setup.ts', import.meta.url).pathname],
      testTimeout: 20_000,
      hookTimeout: 60_000,
      ...overrides,
    },
  };
}
