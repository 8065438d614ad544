import { serverSecretAad } from '@bmm/crypto';
import { Channels, PgListener } from '@bmm/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueSlug, weatherSpec } from './fixtures.js';
import {
  auditActions,
  type Browser,
  createServer,
  publishVersion,
  signUp,
  startApi,
  type TestApp,
  upgrade,
} from './helpers.js';

let api: TestApp;
let owner: Awaited<ReturnType<typeof signUp>>;
let call: Browser['call'];
const events: { channel: string; payload: any }[] = [];
let listener: PgListener;

beforeAll(async () => {
  api = await startApi();
  owner = await signUp(api.app, 'Owner');
  await upgrade(api.t, owner.orgId);
  call = owner.browser.call.bind(owner.browser);
  listener = new PgListener(api.t.url);
  for (const channel of [Channels.buildEvent, Channels.serverChanged]) {
    listener.on(channel, (payload) => events.push({ channel, payload }));
  }
  await listener.start();
});
afterAll(async () => {
  await listener.close();
  await api.close();
});

async function eventually(check: () => boolean) {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(check()).toBe(true);
}

describe('POST /v1/servers', () => {
  it('creates server, version 1, a queued build and encrypted secrets in one go', async () => {
    const slug = uniqueSlug();
    const res = await call('POST', '/v1/servers', {
      name: 'Weather',
      slug,
      spec: weatherSpec(slug),
      secrets: { WEATHER_KEY: 'sk-weather-123456' },
      visibility: 'allowlist',
      allowlist: ['Friend@Example.com'],
    });
    expect(res.statusCode).toBe(201);
    const { server, build } = res.json();
    expect(server).toMatchObject({
      slug,
      name: 'Weather',
      description: 'Forecasts',
      visibility: 'allowlist',
      allowlist: ['friend@example.com'],
      status: 'building',
      toolCount: 2,
      currentVersion: null,
      latestVersion: 1,
      latestBuild: { id: build.id, status: 'queued' },
      mcpUrl: `http://runner.test/${slug}/mcp`,
    });
    expect(build).toMatchObject({ serverId: server.id, version: 1, status: 'queued', attempts: 0 });
    expect(res.body).not.toContain('sk-weather-123456');
    const secret = await api.t.db
      .selectFrom('server_secrets')
      .selectAll()
      .where('server_id', '=', server.id)
      .executeTakeFirstOrThrow();
    expect(secret.ciphertext).not.toContain('sk-weather');
    expect(secret.key_version).toBe(3);
    expect(api.keyring.decryptString(secret.ciphertext, serverSecretAad(server.id, 'WEATHER_KEY'))).toBe(
      'sk-weather-123456',
    );
    await eventually(() =>
      events.some((e) => e.channel === Channels.buildEvent && e.payload.buildId === build.id),
    );
    expect(events.find((e) => e.payload.buildId === build.id)?.payload).toEqual({
      buildId: build.id,
      status: 'queued',
    });
    const audit = await api.t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('resource_id', '=', server.id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: 'server.create',
      actor_type: 'user',
      actor_id: owner.userId,
      org_id: owner.orgId,
    });
    expect(audit.metadata).toEqual({
      slug,
      name: 'Weather',
      version: 1,
      buildId: build.id,
      secrets: ['WEATHER_KEY'],
    });
  });

  it.each([
    ['ab', 'validation_failed'],
    ['Bad_Slug', 'invalid_slug'],
    ['-lead', 'invalid_slug'],
    ['admin', 'slug_reserved'],
    ['well-known', 'slug_reserved'],
  ])('refuses slug %s (%s)', async (slug, code) => {
    const res = await call('POST', '/v1/servers', { name: 'X', slug, spec: weatherSpec(slug) });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe(code);
  });

  it('refuses an invalid spec with every issue as a field, and a slug mismatch', async () => {
    const slug = uniqueSlug();
    const spec: any = weatherSpec(slug);
    spec.tools[0].impl.headers.Authorization = 'Bearer {{secrets.NOPE}}';
    spec.tools[1].impl = { kind: 'code' };
    const bad = await call('POST', '/v1/servers', { name: 'X', slug, spec });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('invalid_spec');
    expect(bad.json().fields.length).toBeGreaterThan(0);
    expect(bad.json().fields[0].field).toMatch(/^body\.spec\./);
    const mismatch = await call('POST', '/v1/servers', { name: 'X', slug, spec: weatherSpec(uniqueSlug()) });
    expect(mismatch.json()).toMatchObject({ status: 400, code: 'slug_mismatch' });
    expect(await api.t.db.selectFrom('servers').select('id').where('slug', '=', slug).execute()).toEqual([]);
  });

  it('keeps slugs taken forever, even after deletion', async () => {
    const created = await createServer(call);
    const again = await call('POST', '/v1/servers', {
      name: 'X',
      slug: created.slug,
      spec: weatherSpec(created.slug),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('slug_taken');
    expect((await call('DELETE', `/v1/servers/${created.id}`)).statusCode).toBe(204);
    const afterDelete = await call('POST', '/v1/servers', {
      name: 'X',
      slug: created.slug,
      spec: weatherSpec(created.slug),
    });
    expect(afterDelete.json().code).toBe('slug_taken');
  });
});

describe('GET /v1/servers/slug-availability', () => {
  const check = (slug: string) =>
    call('GET', `/v1/servers/slug-availability?slug=${encodeURIComponent(slug)}`);

  it("answers with the create route's rules: invalid, reserved, taken (also once deleted), free", async () => {
    const created = await createServer(call);
    const deleted = await createServer(call);
    expect((await call('DELETE', `/v1/servers/${deleted.id}`)).statusCode).toBe(204);
    const free = uniqueSlug();
    const cases: [string, Record<string, unknown>][] = [
      ['ab', { available: false, reason: 'invalid' }],
      ['Bad_Slug', { available: false, reason: 'invalid' }],
      ['a--b', { available: false, reason: 'invalid' }],
      ['admin', { available: false, reason: 'reserved' }],
      [created.slug, { available: false, reason: 'taken' }],
      [deleted.slug, { available: false, reason: 'taken' }],
      [free, { available: true }],
    ];
    for (const [slug, expected] of cases) {
      const res = await check(slug);
      expect([slug, res.statusCode, res.json()]).toEqual([slug, 200, { slug, ...expected }]);
    }
    // Each "available: true" is what the create route accepts, each reason is what it refuses.
    expect(
      (await call('POST', '/v1/servers', { name: 'X', slug: free, spec: weatherSpec(free) })).statusCode,
    ).toBe(201);
    expect((await check(free)).json()).toEqual({ slug: free, available: false, reason: 'taken' });
  });

  it('needs a signed-in caller and a slug, and is in the OpenAPI document', async () => {
    expect((await api.app.inject(`/v1/servers/slug-availability?slug=${uniqueSlug()}`)).statusCode).toBe(401);
    const missing = await call('GET', '/v1/servers/slug-availability');
    expect([missing.statusCode, missing.json().code]).toEqual([400, 'validation_failed']);
    const doc = (await api.app.inject('/v1/openapi.json')).json();
    expect(doc.paths['/v1/servers/slug-availability'].get.parameters).toEqual([
      expect.objectContaining({ in: 'query', name: 'slug', required: true }),
    ]);
  });
});

it('enforces the plan limit on servers', async () => {
  const small = await signUp(api.app);
  const smallCall = small.browser.call.bind(small.browser);
  for (let i = 0; i < 5; i++) await createServer(smallCall);
  const slug = uniqueSlug();
  const res = await smallCall('POST', '/v1/servers', { name: 'Sixth', slug, spec: weatherSpec(slug) });
  expect(res.json()).toMatchObject({ status: 403, code: 'plan_limit_reached' });
});

describe('reading and changing servers', () => {
  it('lists and shows servers with versions, snippets and connected clients', async () => {
    const created = await createServer(call);
    const list = await call('GET', '/v1/servers');
    expect(list.statusCode).toBe(200);
    expect(list.json().servers.map((s: { id: string }) => s.id)).toContain(created.id);
    const one = await call('GET', `/v1/servers/${created.id}`);
    expect(one.statusCode).toBe(200);
    const body = one.json();
    expect(body.spec).toEqual(weatherSpec(created.slug));
    expect(body.versions).toEqual([
      {
        id: created.versionId,
        version: 1,
        specHash: null,
        publishedAt: null,
        createdAt: expect.any(String),
        current: false,
      },
    ]);
    expect(body.connectedClients).toBe(0);
    expect(body.installSnippets.find((s: { id: string }) => s.id === 'claude-code').code).toBe(
      `claude mcp add --transport http ${created.slug} http://runner.test/${created.slug}/mcp`,
    );
  });

  it('patches name, description, visibility and allowlist, and tells the runner', async () => {
    const created = await createServer(call);
    const res = await call('PATCH', `/v1/servers/${created.id}`, { name: 'Renamed', visibility: 'public' });
    expect(res.statusCode).toBe(200);
    expect(res.json().server).toMatchObject({ name: 'Renamed', visibility: 'public' });
    await eventually(() =>
      events.some((e) => e.channel === Channels.serverChanged && e.payload.serverId === created.id),
    );
    const empty = await call('PATCH', `/v1/servers/${created.id}`, {});
    expect(empty.json().code).toBe('validation_failed');
    const badVis = await call('PATCH', `/v1/servers/${created.id}`, { visibility: 'everyone' });
    expect(badVis.json().fields[0].field).toBe('body.visibility');
  });

  it('stores a new version with its own build, and rolls back only to published versions', async () => {
    const created = await createServer(call);
    await publishVersion(api.t, created.id, created.versionId, created.buildId);
    const put = await call('PUT', `/v1/servers/${created.id}/spec`, { spec: weatherSpec(created.slug, 3) });
    expect(put.statusCode).toBe(201);
    expect(put.json().build).toMatchObject({ version: 2, status: 'queued' });
    expect(put.json().server).toMatchObject({
      currentVersion: 1,
      latestVersion: 2,
      status: 'building',
      toolCount: 2,
    });

    const unpublished = await call('POST', `/v1/servers/${created.id}/rollback`, { version: 2 });
    expect(unpublished.statusCode).toBe(409);
    expect(unpublished.json().code).toBe('version_not_published');
    const missing = await call('POST', `/v1/servers/${created.id}/rollback`, { version: 9 });
    expect(missing.json()).toMatchObject({ status: 404, code: 'version_not_found' });

    const v2 = put.json().build;
    await publishVersion(api.t, created.id, v2.versionId, v2.id);
    const back = await call('POST', `/v1/servers/${created.id}/rollback`, { version: 1 });
    expect(back.statusCode).toBe(200);
    expect(back.json().server).toMatchObject({ currentVersion: 1, status: 'live' });
    await eventually(
      () =>
        events.filter((e) => e.channel === Channels.serverChanged && e.payload.serverId === created.id)
          .length > 0,
    );
    expect(await auditActions(api.t, owner.orgId)).toEqual(
      expect.arrayContaining(['server.spec_update', 'server.rollback']),
    );
  });

  it('soft-deletes: gone from every route, queued builds canceled, runner told', async () => {
    const created = await createServer(call);
    expect((await call('DELETE', `/v1/servers/${created.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/v1/servers/${created.id}`)).statusCode).toBe(404);
    expect((await call('DELETE', `/v1/servers/${created.id}`)).statusCode).toBe(404);
    const row = await api.t.db
      .selectFrom('servers')
      .select('deleted_at')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.deleted_at).toBeInstanceOf(Date);
    const build = await api.t.db
      .selectFrom('builds')
      .select('status')
      .where('id', '=', created.buildId)
      .executeTakeFirstOrThrow();
    expect(build.status).toBe('canceled');
    await eventually(() =>
      events.some(
        (e) =>
          e.channel === Channels.serverChanged &&
          e.payload.serverId === created.id &&
          e.payload.slug === created.slug,
      ),
    );
  });
});

describe('POST /v1/servers/preview', () => {
  it('drafts with the offline planner and stores nothing', async () => {
    const slug = uniqueSlug();
    const res = await call('POST', '/v1/servers/preview', {
      prompt: 'weather forecasts for a city',
      name: 'Weather',
      slug,
    });
    expect(res.statusCode).toBe(200);
    const { draft } = res.json();
    expect(['template', 'openapi']).toContain(draft.source);
    expect(Array.isArray(draft.notes)).toBe(true);
    expect(await api.t.db.selectFrom('servers').select('id').where('slug', '=', slug).execute()).toEqual([]);
  });

  it('imports an OpenAPI document and maps planner errors to problems', async () => {
    const openapi = JSON.stringify({
      openapi: '3.0.3',
      info: { title: 'Pets', version: '1' },
      servers: [{ url: 'https://pets.example.com' }],
      paths: {
        '/pets': {
          get: { operationId: 'listPets', summary: 'List pets', responses: { 200: { description: 'ok' } } },
        },
      },
    });
    const slug = uniqueSlug();
    const ok = await call('POST', '/v1/servers/preview', { prompt: 'pets', name: 'Pets', slug, openapi });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().draft.source).toBe('openapi');
    expect(ok.json().draft.spec.tools.length).toBeGreaterThan(0);
    const bad = await call('POST', '/v1/servers/preview', {
      prompt: 'pets',
      name: 'Pets',
      slug,
      openapi: '{not json',
    });
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(bad.statusCode).toBeLessThan(500);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().code).toMatch(/openapi/);
  });
});
