import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { closeSandboxWorkers } from '@bmm/sandbox';
import type { ServerSpec } from '@bmm/spec';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueueBuild, seedServer, testKeyring, waitForBuild, wideTools } from './fixtures.js';
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

const wideSpec = (): Omit<ServerSpec, 'slug'> => ({
  name: 'Wide',
  description: 'an imported API with many operations',
  secrets: [{ name: 'API_TOKEN', description: 'token', required: true }],
  tools: wideTools(100),
});

it('validates a large spec off the event loop', async () => {
  const s = await seedServer(t.db);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  // The secret is never set: the build stops in validate right after the spec itself was validated.
  const { buildId } = await enqueueBuild(t.db, s, wideSpec());
  const build = await waitForBuild(t.db, buildId, 60_000);
  loop.disable();
  expect(build.status).toBe('failed');
  expect(build.error).toMatch(/^Missing required secret API_TOKEN/);
  // Validated on the event loop, this spec held it for about a second (more on a loaded machine).
  expect(loop.max / 1e6).toBeLessThan(250);
}, 90_000);
