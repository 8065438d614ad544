import { verifyTicket } from '@bmm/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOAuthClient } from './fixtures.js';
import {
  auditActions,
  type Browser,
  createServer,
  signUp,
  startApi,
  type TestApp,
  upgrade,
} from './helpers.js';

let api: TestApp;
let owner: Awaited<ReturnType<typeof signUp>>;
let call: Browser['call'];
beforeAll(async () => {
  api = await startApi();
  owner = await signUp(api.app);
  await upgrade(api.t, owner.orgId);
  call = owner.browser.call.bind(owner.browser);
});
afterAll(() => api.close());

describe('builds', () => {
  it('shows a build and the builds of a server', async () => {
    const s = await createServer(call);
    const one = await call('GET', `/v1/builds/${s.buildId}`);
    expect(one.statusCode).toBe(200);
    expect(one.json().build).toMatchObject({
      id: s.buildId,
      serverId: s.id,
      versionId: s.versionId,
      version: 1,
      status: 'queued',
      currentStep: null,
      error: null,
      startedAt: null,
    });
    await call('PUT', `/v1/servers/${s.id}/spec`, {
      spec: (await import('./fixtures.js')).weatherSpec(s.slug, 3),
    });
    const list = await call('GET', `/v1/servers/${s.id}/builds`);
    expect(list.json().builds.map((b: { version: number }) => b.version)).toEqual([2, 1]);
    expect((await call('GET', '/v1/builds/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const bad = await call('GET', '/v1/builds/not-a-uuid');
    expect(bad.json()).toMatchObject({
      status: 400,
      code: 'validation_failed',
      fields: [{ field: 'params.id' }],
    });
  });

  it('returns stored log lines after a seq', async () => {
    const s = await createServer(call);
    await api.t.db
      .insertInto('build_logs')
      .values(
        [1, 2, 3].map((seq) => ({
          build_id: s.buildId,
          seq,
          level: 'info',
          step: 'validate',
          message: `line ${seq}`,
        })),
      )
      .execute();
    const all = await call('GET', `/v1/builds/${s.buildId}/logs`);
    expect(all.json()).toMatchObject({ status: 'queued', nextSince: 3 });
    expect(all.json().lines.map((l: { message: string }) => l.message)).toEqual([
      'line 1',
      'line 2',
      'line 3',
    ]);
    const later = await call('GET', `/v1/builds/${s.buildId}/logs?since=2`);
    expect(later.json().lines).toEqual([
      { seq: 3, ts: expect.any(String), level: 'info', step: 'validate', message: 'line 3' },
    ]);
    expect((await call('GET', `/v1/builds/${s.buildId}/logs?since=-1`)).statusCode).toBe(400);
  });

  it('cancels a queued build at once and asks a running one to stop', async () => {
    const queued = await createServer(call);
    const res = await call('POST', `/v1/builds/${queued.buildId}/cancel`);
    expect(res.statusCode).toBe(200);
    expect(res.json().build).toMatchObject({ status: 'canceled', finishedAt: expect.any(String) });
    const twice = await call('POST', `/v1/builds/${queued.buildId}/cancel`);
    expect(twice.json()).toMatchObject({ status: 409, code: 'build_finished' });

    const running = await createServer(call);
    await api.t.db
      .updateTable('builds')
      .set({ status: 'running', started_at: new Date() })
      .where('id', '=', running.buildId)
      .execute();
    const asked = await call('POST', `/v1/builds/${running.buildId}/cancel`);
    expect(asked.json().build).toMatchObject({ status: 'running', cancelRequestedAt: expect.any(String) });
    expect((await auditActions(api.t, owner.orgId)).filter((a) => a === 'build.cancel')).toHaveLength(2);
  });

  it('issues a single-use, 60-second build-log ticket bound to build and user', async () => {
    const s = await createServer(call);
    const res = await call('POST', `/v1/builds/${s.buildId}/ticket`);
    expect(res.statusCode).toBe(200);
    const { url, ticket, expiresIn } = res.json();
    expect(url).toBe(`http://builder.test/v1/builds/${s.buildId}/stream`);
    expect(expiresIn).toBe(60);
    const claims = verifyTicket(api.keyring.deriveKey('build-log'), ticket, 'build-log');
    expect(claims).toMatchObject({ buildId: s.buildId, userId: owner.userId, purpose: 'build-log' });
    expect(claims.jti).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const again = verifyTicket(
      api.keyring.deriveKey('build-log'),
      (await call('POST', `/v1/builds/${s.buildId}/ticket`)).json().ticket,
      'build-log',
    );
    expect(again.jti).not.toBe(claims.jti);
    expect(claims.exp - Date.now() / 1000).toBeLessThanOrEqual(60);
    expect(() => verifyTicket(api.keyring.deriveKey('internal'), ticket, 'build-log')).toThrow();
  });
});

describe('secrets', () => {
  it('sets, replaces, lists (names only) and deletes secrets', async () => {
    const s = await createServer(call);
    const put = await call('PUT', `/v1/servers/${s.id}/secrets/WEATHER_KEY`, { value: 'first-secret-value' });
    expect(put.statusCode).toBe(200);
    expect(put.json().secret).toEqual({
      name: 'WEATHER_KEY',
      updatedAt: expect.any(String),
      updatedBy: owner.userId,
    });
    await call('PUT', `/v1/servers/${s.id}/secrets/WEATHER_KEY`, { value: 'second-secret-value' });
    await call('PUT', `/v1/servers/${s.id}/secrets/OTHER`, { value: 'third-secret-value' });
    const list = await call('GET', `/v1/servers/${s.id}/secrets`);
    expect(list.json().secrets.map((x: { name: string }) => x.name)).toEqual(['OTHER', 'WEATHER_KEY']);
    expect(list.body).not.toMatch(/secret-value|bmm1\./);
    const rows = await api.t.db
      .selectFrom('server_secrets')
      .selectAll()
      .where('server_id', '=', s.id)
      .execute();
    expect(rows).toHaveLength(2);
    expect((await call('PUT', `/v1/servers/${s.id}/secrets/lower_case`, { value: 'x' })).json().code).toBe(
      'validation_failed',
    );
    expect((await call('PUT', `/v1/servers/${s.id}/secrets/EMPTY`, { value: '' })).statusCode).toBe(400);
    expect((await call('DELETE', `/v1/servers/${s.id}/secrets/OTHER`)).statusCode).toBe(204);
    expect((await call('DELETE', `/v1/servers/${s.id}/secrets/OTHER`)).json().code).toBe('not_found');
    const actions = await api.t.db
      .selectFrom('audit_events')
      .select(['action', 'metadata'])
      .where('resource_type', '=', 'secret')
      .where('resource_id', '=', s.id)
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'secret.create',
      'secret.update',
      'secret.create',
      'secret.delete',
    ]);
    expect(JSON.stringify(actions)).not.toContain('secret-value');
  });
});

describe('connected clients and export', () => {
  it('lists live grants and revokes one', async () => {
    const s = await createServer(call);
    await insertOAuthClient(api.t.db, {
      clientId: 'client-1',
      name: 'Claude',
      redirectUri: 'https://claude.ai/cb',
    });
    const grant = await api.t.db
      .insertInto('oauth_grants')
      .values({ user_id: owner.userId, client_id: 'client-1', server_id: s.id, scopes: ['mcp:tools'] })
      .returning('id')
      .executeTakeFirstOrThrow();
    const list = await call('GET', `/v1/servers/${s.id}/clients`);
    expect(list.json().clients).toEqual([
      expect.objectContaining({
        grantId: grant.id,
        clientName: 'Claude',
        redirectHost: 'claude.ai',
        userEmail: owner.email,
      }),
    ]);
    expect((await call('GET', `/v1/servers/${s.id}`)).json().connectedClients).toBe(1);
    expect((await call('DELETE', `/v1/servers/${s.id}/clients/${grant.id}`)).statusCode).toBe(204);
    expect((await call('DELETE', `/v1/servers/${s.id}/clients/${grant.id}`)).statusCode).toBe(404);
    expect((await call('GET', `/v1/servers/${s.id}/clients`)).json().clients).toEqual([]);
    expect(await auditActions(api.t, owner.orgId)).toContain('client.revoke');
  });

  it('exports a version as a gzip attachment', async () => {
    const s = await createServer(call);
    const res = await call('GET', `/v1/servers/${s.id}/export`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/gzip');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${s.slug}-v1.tar.gz"`);
    expect(res.rawPayload.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect((await call('GET', `/v1/servers/${s.id}/export?version=7`)).json().code).toBe('version_not_found');
  });
});
