import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { closeSandboxWorkers } from '@bmm/sandbox';
import type { ServerSpec } from '@bmm/spec';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueueBuild, seedServer, testKeyring, waitForBuild } from './fixtures.js';
import { type BuilderHarness, startBuilder } from './harness.js';

let t: TestDatabase;
let h: BuilderHarness;

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startBuilder(t, testKeyring(), { stepTimeoutMs: 20_000 });
});
afterAll(async () => {
  await h?.close();
  await closeSandboxWorkers();
  await t.destroy();
});

/** Heavy in QuickJS at load (compile step) and when called (test step: spins to its CPU limit). */
const heavySpec = (): Omit<ServerSpec, 'slug'> => ({
  name: 'Heavy',
  description: 'burns CPU in the sandbox',
  secrets: [],
  tools: [
    {
      name: 'spin',
      description: 'Spins.',
      inputSchema: { type: 'object' },
      impl: {
        kind: 'code',
        source:
          'let warm = 0; for (let i = 0; i < 3e5; i++) warm += i;\n' +
          'export default async () => { for (;;) {} }',
      },
      examples: [{ input: {}, expect: { isError: true, contains: 'CPU time limit' } }],
    },
  ],
});

it('answers /healthz promptly while a heavy build compiles and tests in the sandbox', async () => {
  const s = await seedServer(t.db);
  const { buildId } = await enqueueBuild(t.db, s, heavySpec());
  // The probe shares the builder's event loop (same process): a stall shows as a gap between answers.
  const answeredAt: number[] = [performance.now()];
  let done = false;
  const finished = waitForBuild(t.db, buildId, 60_000).finally(() => {
    done = true;
  });
  while (!done) {
    const res = await fetch(`${h.builderUrl}/healthz`);
    expect(res.status).toBe(200);
    answeredAt.push(performance.now());
    await new Promise((r) => setTimeout(r, 20));
  }
  const build = await finished;
  expect({ status: build.status, error: build.error }).toEqual({ status: 'succeeded', error: null });
  const gaps = answeredAt.slice(1).map((at, i) => at - answeredAt[i]!);
  // The example spins 2 s of VM time: on the event loop that would hold /healthz that long.
  expect(gaps.length).toBeGreaterThan(20);
  expect(Math.max(...gaps)).toBeLessThan(700);
}, 90_000);
