import { monitorEventLoopDelay } from 'node:perf_hooks';
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

/** 100 http tools with schemas of some size: ajv compiles each tool's schemas when the spec is validated. */
const wideSpec = (): Omit<ServerSpec, 'slug'> => ({
  name: 'Wide',
  description: 'an imported API with many operations',
  secrets: [{ name: 'API_TOKEN', description: 'token', required: true }],
  tools: Array.from({ length: 100 }, (_, i) => ({
    name: `op_${i}`,
    description: `Operation ${i}.`,
    inputSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['id'],
      properties: {
        id: { type: 'string', pattern: '^[a-z0-9-]{1,40}$' },
        limit: { type: 'integer', minimum: 1, maximum: 100 },
        filter: {
          type: 'object',
          properties: {
            q: { type: 'string', maxLength: 200 },
            tags: { type: 'array', items: { type: 'string', enum: ['a', 'b', 'c'] } },
            since: { type: 'string', format: 'date-time' },
          },
        },
        body: {
          type: 'object',
          properties: Object.fromEntries(
            Array.from({ length: 12 }, (_, k) => [`f${k}`, { type: k % 2 ? 'number' : 'string' }]),
          ),
        },
      },
    },
    impl: {
      kind: 'http' as const,
      method: 'POST' as const,
      url: `https://api.example.com/v1/things/{{input.id}}/op${i}`,
      headers: { authorization: 'Bearer {{secrets.API_TOKEN}}' },
    },
  })),
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
