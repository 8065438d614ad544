import { Channels, freePort, notify } from '@bmm/db';
import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import type { ServerSpec } from '@bmm/spec';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builderParts } from '../src/app.js';
import {
  calculatorSpec,
  enqueueBuild,
  logsOf,
  seedServer,
  setSecret,
  testKeyring,
  waitForBuild,
} from './fixtures.js';
import { type BuilderHarness, startBuilder } from './harness.js';

let t: TestDatabase;
let h: BuilderHarness;
const keyring = testKeyring();

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startBuilder(t, keyring, { stepTimeoutMs: 4_000 });
});
afterAll(async () => {
  await h?.close();
  await t.destroy();
});

const steps = async (buildId: string) =>
  (await logsOf(t.db, buildId))
    .map((l) => l.message)
    .filter((m) => /^step \w+ (succeeded|failed|canceled)/.test(m))
    .map((m) => m.replace(/ in \d+ ms$/, ''));

const httpSpec = (): Omit<ServerSpec, 'slug'> => ({
  name: 'Items',
  description: 'items API',
  secrets: [{ name: 'API_TOKEN', description: 'upstream token', required: true }],
  tools: [
    {
      name: 'get_item',
      description: 'Gets an item.',
      inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      impl: {
        kind: 'http',
        method: 'GET',
        url: 'https://items.example.com/items/{{input.id}}',
        headers: { Authorization: 'Bearer {{secrets.API_TOKEN}}' },
      },
      examples: [
        {
          input: { id: '7' },
          expect: { contains: 'widget' },
          mockResponse: { status: 200, body: { id: '7', name: 'widget' } },
        },
      ],
    },
  ],
});

describe('a build', () => {
  it('runs every step, publishes, deploys and verifies against the runner', async () => {
    const s = await seedServer(t.db);
    await setSecret(t.db, keyring, s.serverId, 'API_TOKEN', 'tok-live-123456');
    const { buildId, versionId } = await enqueueBuild(t.db, s, {
      ...httpSpec(),
      tools: [...httpSpec().tools, ...calculatorSpec().tools],
    });
    const build = await waitForBuild(t.db, buildId);
    expect(build.error).toBeNull();
    expect(build.status).toBe('succeeded');
    expect(await steps(buildId)).toEqual([
      'step validate succeeded',
      'step compile succeeded',
      'step test succeeded',
      'step package succeeded',
      'step publish succeeded',
      'step deploy succeeded',
      'step verify succeeded',
    ]);
    const logs = (await logsOf(t.db, buildId)).map((l) => l.message);
    expect(logs).toContain('runner serves 2 tool(s): add, get_item');
    expect(
      logs.some(
        (m) =>
          m.startsWith('✓ get_item example 1') && m.includes('stubbed GET https://items.example.com/items/7'),
      ),
    ).toBe(true);
    expect((await logsOf(t.db, buildId)).map((l) => l.seq)).toEqual(logs.map((_, i) => i + 1));
    const version = await t.db
      .selectFrom('server_versions')
      .selectAll()
      .where('id', '=', versionId)
      .executeTakeFirstOrThrow();
    expect(version.published_at).not.toBeNull();
    expect(version.spec_hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((version.artifact as ServerSpec).tools.map((x) => x.scopes)).toEqual([
      ['mcp:tools'],
      ['mcp:tools'],
    ]);
    const server = await t.db
      .selectFrom('servers')
      .select('current_version_id')
      .where('id', '=', s.serverId)
      .executeTakeFirstOrThrow();
    expect(server.current_version_id).toBe(versionId);
    const audit = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('resource_id', '=', s.serverId)
      .execute();
    expect(audit.map((a) => [a.action, a.actor_type])).toEqual([['server.deploy', 'system']]);
  });

  it('fails validate on a missing secret with an actionable message; the previous version keeps serving', async () => {
    const s = await seedServer(t.db);
    const v1 = await enqueueBuild(t.db, s, calculatorSpec());
    expect((await waitForBuild(t.db, v1.buildId)).status).toBe('succeeded');
    const v2 = await enqueueBuild(t.db, s, httpSpec());
    const build = await waitForBuild(t.db, v2.buildId);
    expect(build.status).toBe('failed');
    expect(build.error).toBe(
      "Missing required secret API_TOKEN: set it in the server's Secrets, then rebuild.",
    );
    expect(await steps(v2.buildId)).toEqual(['step validate failed']);
    const logs = (await logsOf(t.db, v2.buildId)).map((l) => l.message);
    expect(logs).toContain('nothing was deployed; the previous version keeps serving');
    const server = await t.db
      .selectFrom('servers')
      .select('current_version_id')
      .where('id', '=', s.serverId)
      .executeTakeFirstOrThrow();
    expect(server.current_version_id).toBe(v1.versionId);
  });

  it('fails validate on an invalid spec, listing the issues', async () => {
    const s = await seedServer(t.db);
    const spec = calculatorSpec();
    spec.tools.push({
      ...spec.tools[0]!,
      impl: { kind: 'http', method: 'GET', url: 'https://x.example.com/{{secrets.NOPE}}' },
    });
    const { buildId } = await enqueueBuild(t.db, s, spec);
    const build = await waitForBuild(t.db, buildId);
    expect(build.status).toBe('failed');
    expect(build.error).toContain('The spec has 2 problem(s)');
    expect(build.error).toContain('/tools/1/name: duplicate tool name "add"');
    expect(build.error).toContain(
      '/tools/1/impl/url: uses {{secrets.NOPE}} but the spec declares no secret NOPE',
    );
  });

  it('fails validate when a code tool fetches but no host is allowed, or uses an undeclared secret', async () => {
    const s = await seedServer(t.db);
    const spec = calculatorSpec();
    spec.tools[0]!.impl = {
      kind: 'code',
      source:
        "export default async function (i, ctx) { return (await ctx.fetch('https://a.example.com/')).status; }",
    };
    const first = await waitForBuild(t.db, (await enqueueBuild(t.db, s, spec)).buildId);
    expect(first.error).toBe(
      'Code tool add call ctx.fetch but the spec allows no host: list the hosts under "allowedHosts".',
    );
    spec.tools[0]!.impl = {
      kind: 'code',
      source: 'export default async function (i, ctx) { return ctx.secrets.HIDDEN; }',
    };
    const second = await waitForBuild(t.db, (await enqueueBuild(t.db, s, spec)).buildId);
    expect(second.error).toBe(
      'Code tools use secrets the spec does not declare (add them under "secrets"): add uses ctx.secrets.HIDDEN',
    );
  });

  it('fails compile on code that does not parse', async () => {
    const s = await seedServer(t.db);
    const spec = calculatorSpec();
    spec.tools[0]!.impl = {
      kind: 'code',
      source: 'export default async function (input) { return input.a +; }',
    };
    const { buildId } = await enqueueBuild(t.db, s, spec);
    const build = await waitForBuild(t.db, buildId);
    expect(build.status).toBe('failed');
    expect(build.error).toMatch(/^Code tool did not compile — fix the source:\nadd: /);
    expect(await steps(buildId)).toEqual(['step validate succeeded', 'step compile failed']);
  });

  it('fails test when an example does not hold, and never deploys', async () => {
    const s = await seedServer(t.db);
    const spec = calculatorSpec();
    spec.tools[0]!.examples = [{ input: { a: 2, b: 3 }, expect: { contains: '"sum":6' } }];
    const { buildId, versionId } = await enqueueBuild(t.db, s, spec);
    const build = await waitForBuild(t.db, buildId);
    expect(build.status).toBe('failed');
    expect(build.error).toBe(
      '1 example(s) failed — fix the tool or its example, then rebuild:\nadd example 1: expected the result to contain ""sum":6", got: {"sum":5}\n{"sum":5}',
    );
    const version = await t.db
      .selectFrom('server_versions')
      .select('published_at')
      .where('id', '=', versionId)
      .executeTakeFirstOrThrow();
    expect(version.published_at).toBeNull();
    const server = await t.db
      .selectFrom('servers')
      .select('current_version_id')
      .where('id', '=', s.serverId)
      .executeTakeFirstOrThrow();
    expect(server.current_version_id).toBeNull();
  });

  it('never writes a secret value into the build log', async () => {
    const s = await seedServer(t.db);
    const secret = 'sk-live-9f8e7d6c5b4a-SECRET';
    await setSecret(t.db, keyring, s.serverId, 'API_TOKEN', secret);
    const spec = httpSpec();
    spec.tools.push({
      name: 'leak',
      description: 'Tries to leak the secret.',
      inputSchema: { type: 'object', properties: {} },
      impl: {
        kind: 'code',
        source:
          "export default async function (input, ctx) { ctx.log.info('token ' + ctx.secrets.API_TOKEN); throw new Error('leak ' + ctx.secrets.API_TOKEN); }",
      },
      examples: [{ input: {} }],
    });
    const { buildId } = await enqueueBuild(t.db, s, spec);
    const build = await waitForBuild(t.db, buildId);
    expect(build.status).toBe('failed');
    const logs = await logsOf(t.db, buildId);
    expect(logs.some((l) => l.message.startsWith('✗ leak example 1'))).toBe(true);
    expect(logs.length).toBeGreaterThan(5);
    for (const l of logs) expect(l.message).not.toContain(secret);
    expect(build.error).not.toContain(secret);
  });

  it('stops a step that runs past its timeout', async () => {
    const s = await seedServer(t.db);
    const spec = calculatorSpec();
    const slow =
      'export default async function (input) { const end = Date.now() + 900; while (Date.now() < end) {} return { sum: input.a + input.b }; }';
    spec.tools[0]!.impl = { kind: 'code', source: slow };
    spec.tools[0]!.examples = Array.from({ length: 6 }, () => ({ input: { a: 2, b: 3 } }));
    const { buildId } = await enqueueBuild(t.db, s, spec);
    const build = await waitForBuild(t.db, buildId, 20_000);
    expect(build.status).toBe('failed');
    expect(build.error).toBe('Step test took longer than 4000 ms and was stopped.');
  });

  it('honours cancel inside a step', async () => {
    const s = await seedServer(t.db);
    const spec = calculatorSpec();
    const slow =
      'export default async function (input) { const end = Date.now() + 300; while (Date.now() < end) {} return { sum: input.a + input.b }; }';
    spec.tools[0]!.impl = { kind: 'code', source: slow };
    spec.tools[0]!.examples = Array.from({ length: 10 }, () => ({ input: { a: 2, b: 3 } }));
    const { buildId } = await enqueueBuild(t.db, s, spec);
    for (let i = 0; i < 200; i++) {
      const logs = await logsOf(t.db, buildId);
      if (logs.some((l) => l.message.startsWith('✓ add example 1'))) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await t.db
      .updateTable('builds')
      .set({ cancel_requested_at: sql<Date>`now()` })
      .where('id', '=', buildId)
      .execute();
    const build = await waitForBuild(t.db, buildId);
    expect(build.status).toBe('canceled');
    const passed = (await logsOf(t.db, buildId)).filter((l) => l.message.startsWith('✓ add example')).length;
    expect(passed).toBeLessThan(10);
    expect(await steps(buildId)).toEqual([
      'step validate succeeded',
      'step compile succeeded',
      'step test canceled',
    ]);
  });

  it('resumes the build of a dead worker, continuing its log, and never deploys twice', async () => {
    const s = await seedServer(t.db);
    const { buildId, versionId } = await enqueueBuild(t.db, s, calculatorSpec());
    // A worker claimed it, logged, deployed (marker current_step = 'verify') and died before verifying.
    await builderParts(h.builder).worker!.stop();
    await t.db
      .updateTable('builds')
      .set({
        status: 'running',
        worker_id: 'dead',
        attempts: 1,
        current_step: 'verify',
        heartbeat_at: sql<Date>`now() - interval '1 minute'`,
      })
      .where('id', '=', buildId)
      .execute();
    await t.db
      .insertInto('build_logs')
      .values({ build_id: buildId, seq: 1, level: 'info', step: null, message: 'build started on dead' })
      .execute();
    await t.db
      .updateTable('servers')
      .set({ current_version_id: versionId })
      .where('id', '=', s.serverId)
      .execute();
    await h.close();
    h = await startBuilder(t, keyring, { stepTimeoutMs: 4_000 });
    const build = await waitForBuild(t.db, buildId);
    expect(build).toMatchObject({ status: 'succeeded', attempts: 2 });
    const logs = await logsOf(t.db, buildId);
    expect(logs.map((l) => l.seq)).toEqual(logs.map((_, i) => i + 1));
    expect(logs[1]!.message).toMatch(/^attempt 2: resuming after a stopped worker/);
    expect(logs.map((l) => l.message)).toContain('version 1 was already deployed by an earlier attempt');
    const deploys = await t.db
      .selectFrom('audit_events')
      .select('action')
      .where('resource_id', '=', s.serverId)
      .execute();
    expect(deploys).toEqual([]);
  });

  it('gives a running build back to the queue when its builder shuts down, and another finishes it', async () => {
    const s = await seedServer(t.db);
    const spec = calculatorSpec();
    const slow =
      'export default async function (input) { const end = Date.now() + 150; while (Date.now() < end) {} return { sum: input.a + input.b }; }';
    spec.tools[0]!.impl = { kind: 'code', source: slow };
    spec.tools[0]!.examples = Array.from({ length: 8 }, () => ({ input: { a: 2, b: 3 } }));
    const { buildId } = await enqueueBuild(t.db, s, spec);
    for (let i = 0; i < 200; i++) {
      if ((await logsOf(t.db, buildId)).some((l) => l.message.startsWith('✓ add example 1'))) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await h.close();
    const released = await t.db
      .selectFrom('builds')
      .selectAll()
      .where('id', '=', buildId)
      .executeTakeFirstOrThrow();
    expect(released).toMatchObject({ status: 'queued', worker_id: null, attempts: 1 });
    h = await startBuilder(t, keyring, { stepTimeoutMs: 4_000 });
    const build = await waitForBuild(t.db, buildId);
    expect(build).toMatchObject({ status: 'succeeded', attempts: 2 });
    const messages = (await logsOf(t.db, buildId)).map((l) => l.message);
    expect(messages).toContain('worker stopping: the build goes back to the queue');
    const seqs = (await logsOf(t.db, buildId)).map((l) => l.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const handOver = messages.indexOf('worker stopping: the build goes back to the queue');
    expect(messages[handOver + 1]).toMatch(/^attempt 2: resuming after a stopped worker/);
    expect(
      messages.filter((m) => m === 'step verify succeeded' || /^step verify succeeded in/.test(m)),
    ).toHaveLength(1);
  });

  it('gives up on a build whose workers died too often', async () => {
    const s = await seedServer(t.db);
    const { buildId } = await enqueueBuild(t.db, s, calculatorSpec());
    await builderParts(h.builder).worker!.stop();
    await t.db
      .updateTable('builds')
      .set({
        status: 'running',
        worker_id: 'dead',
        attempts: 3,
        heartbeat_at: sql<Date>`now() - interval '1 minute'`,
      })
      .where('id', '=', buildId)
      .execute();
    await h.close();
    h = await startBuilder(t, keyring, { stepTimeoutMs: 4_000 });
    const build = await waitForBuild(t.db, buildId);
    expect(build).toMatchObject({ status: 'failed', attempts: 4 });
    expect(build.error).toBe(
      'The build was interrupted 3 times (its workers stopped); giving up. Rebuild to try again.',
    );
  });

  it('cancels at once when the api announces the cancel request, without waiting for a heartbeat', async () => {
    await h.close();
    h = await startBuilder(t, keyring, { heartbeatMs: 60_000, staleAfterMs: 120_000, stepTimeoutMs: 30_000 });
    try {
      const s = await seedServer(t.db);
      const spec = calculatorSpec();
      const slow =
        'export default async function (input) { const end = Date.now() + 200; while (Date.now() < end) {} return { sum: input.a + input.b }; }';
      spec.tools[0]!.impl = { kind: 'code', source: slow };
      spec.tools[0]!.examples = Array.from({ length: 10 }, () => ({ input: { a: 2, b: 3 } }));
      const { buildId } = await enqueueBuild(t.db, s, spec);
      for (let i = 0; i < 200; i++) {
        if ((await logsOf(t.db, buildId)).some((l) => l.message.startsWith('✓ add example 1'))) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      const requested = Date.now();
      await t.db
        .updateTable('builds')
        .set({ cancel_requested_at: sql<Date>`now()` })
        .where('id', '=', buildId)
        .execute();
      await notify(t.db, Channels.buildEvent, { buildId, status: 'running' });
      const build = await waitForBuild(t.db, buildId);
      expect(build.status).toBe('canceled');
      expect(Date.now() - requested).toBeLessThan(1500);
    } finally {
      await h.close();
      h = await startBuilder(t, keyring, { stepTimeoutMs: 4_000 });
    }
  });

  it('fails verify when the runner cannot be reached and puts the previous version back', async () => {
    const s = await seedServer(t.db);
    const v1 = await enqueueBuild(t.db, s, calculatorSpec());
    expect((await waitForBuild(t.db, v1.buildId)).status).toBe('succeeded');
    await h.close();
    const closed = await freePort();
    const broken = await startBuilder(t, keyring, { stepTimeoutMs: 10_000 }, `http://127.0.0.1:${closed}`);
    try {
      const v2 = await enqueueBuild(t.db, s, { ...calculatorSpec(), description: 'v2' });
      const build = await waitForBuild(t.db, v2.buildId, 20_000);
      expect(build.status).toBe('failed');
      expect(build.error).toMatch(
        /^The runner could not load this version \(.+\); the previous version keeps serving\.$/,
      );
      const server = await t.db
        .selectFrom('servers')
        .select('current_version_id')
        .where('id', '=', s.serverId)
        .executeTakeFirstOrThrow();
      expect(server.current_version_id).toBe(v1.versionId);
      const audit = await t.db
        .selectFrom('audit_events')
        .select('action')
        .where('resource_id', '=', s.serverId)
        .orderBy('id')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['server.deploy', 'server.deploy', 'server.rollback']);
      expect((await logsOf(t.db, v2.buildId)).map((l) => l.message)).toContain(
        'the previous version serves again',
      );
    } finally {
      await broken.close();
      h = await startBuilder(t, keyring, { stepTimeoutMs: 4_000 });
    }
  });
});
