/**
 * The audit log's filters and names: an action prefix (`server.*`), one actor, a date range, the
 * names of the resources events point at (and whether they still exist), the pickers' facets, and
 * that none of it reaches across organizations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOAuthClient } from './fixtures.js';
import { createApiKey, createServer, signUp, startApi, type TestApp } from './helpers.js';

let api: TestApp;
let ada: Awaited<ReturnType<typeof signUp>>;
let eve: Awaited<ReturnType<typeof signUp>>;
let server: { id: string; slug: string };
let gone: { id: string; slug: string };
let connectorId: string;
let grantId: string;
let keyId: string;
const invitee = `guest.${Date.now()}@example.com`;

type Event = {
  action: string;
  resourceType: string;
  resourceId: string | null;
  resourceName: string | null;
  resourceExists: boolean;
  actorId: string | null;
  createdAt: string;
};

const get = async (who: typeof ada, url: string) => {
  const res = await who.browser.call('GET', url);
  return { status: res.statusCode, body: res.json() };
};
const events = async (who: typeof ada, query: string): Promise<Event[]> => {
  const res = await get(who, `/v1/audit?${query}`);
  if (res.status !== 200)
    throw new Error(`GET /v1/audit?${query}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.events;
};

beforeAll(async () => {
  api = await startApi();
  ada = await signUp(api.app, 'Ada');
  eve = await signUp(api.app, 'Eve');
  const call = ada.browser.call.bind(ada.browser);
  server = await createServer(call);
  await call('PATCH', `/v1/servers/${server.id}`, { name: 'Forecasts' });
  gone = await createServer(call);
  expect((await call('DELETE', `/v1/servers/${gone.id}`)).statusCode).toBe(204);
  await createApiKey(ada.browser);
  expect((await call('POST', '/v1/invitations', { email: invitee, role: 'member' })).statusCode).toBe(201);
  const keys = (await call('GET', '/v1/api-keys')).json() as { apiKeys: { id: string }[] };
  keyId = keys.apiKeys[0]!.id;
  expect((await call('DELETE', `/v1/api-keys/${keyId}`)).statusCode).toBe(204);

  // A connector and a connected client, written as their routes would, with their audit events.
  const { db } = api.t;
  connectorId = (
    await db
      .insertInto('connectors')
      .values({
        org_id: ada.orgId,
        user_id: ada.userId,
        name: 'Team wiki',
        url: 'https://wiki.example/mcp',
        auth_type: 'none',
        headers_ciphertext: null,
        oauth_ciphertext: null,
        last_error: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await insertOAuthClient(db, {
    clientId: 'bmm_audit_test_client',
    name: 'Claude Desktop',
    redirectUri: 'http://127.0.0.1:9/cb',
  });
  grantId = (
    await db
      .insertInto('oauth_grants')
      .values({
        user_id: ada.userId,
        client_id: 'bmm_audit_test_client',
        server_id: server.id,
        scopes: ['mcp:tools'],
        last_used_at: null,
        revoked_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const at = (iso: string) => new Date(iso);
  await db
    .insertInto('audit_events')
    .values([
      {
        org_id: ada.orgId,
        actor_type: 'user',
        actor_id: ada.userId,
        action: 'connector.create',
        resource_type: 'connector',
        resource_id: connectorId,
        ip: null,
        user_agent: null,
        metadata: JSON.stringify({}),
        created_at: at('2026-01-10T12:00:00Z'),
      },
      {
        org_id: ada.orgId,
        actor_type: 'user',
        actor_id: ada.userId,
        action: 'oauth.grant.create',
        resource_type: 'oauth_grant',
        resource_id: grantId,
        ip: null,
        user_agent: null,
        metadata: JSON.stringify({ serverId: server.id }),
        created_at: at('2026-01-20T12:00:00Z'),
      },
      // An `_` is not a wildcard: `api_key.*` must not match this one.
      {
        org_id: ada.orgId,
        actor_type: 'system',
        actor_id: null,
        action: 'apiXkey.test',
        resource_type: 'org',
        resource_id: ada.orgId,
        ip: null,
        user_agent: null,
        metadata: JSON.stringify({}),
        created_at: at('2026-02-01T00:00:00Z'),
      },
      // Eve's org knows Ada's server id: it must not learn its name.
      {
        org_id: eve.orgId,
        actor_type: 'user',
        actor_id: eve.userId,
        action: 'server.probe',
        resource_type: 'server',
        resource_id: server.id,
        ip: null,
        user_agent: null,
        metadata: JSON.stringify({}),
        created_at: at('2026-01-15T00:00:00Z'),
      },
    ])
    .execute();
});
afterAll(() => api.close());

describe('GET /v1/audit filters', () => {
  it('matches every action under a prefix, and only those', async () => {
    const server = await events(ada, 'action=server.*');
    expect(server.map((e) => e.action).sort()).toEqual([
      'server.create',
      'server.create',
      'server.delete',
      'server.update',
    ]);
    expect((await events(ada, 'action=api_key.*')).map((e) => e.action)).toEqual([
      'api_key.revoke',
      'api_key.create',
    ]);
    expect((await events(ada, 'action=oauth.*')).map((e) => e.action)).toEqual(['oauth.grant.create']);
    expect((await events(ada, 'action=oauth.grant.*')).map((e) => e.action)).toEqual(['oauth.grant.create']);
    // An exact action still matches exactly (no prefix without `.*`).
    expect(await events(ada, 'action=server')).toEqual([]);
    expect((await events(ada, 'action=server.update')).map((e) => e.action)).toEqual(['server.update']);
  });

  it('refuses a malformed action or prefix with the field named', async () => {
    for (const bad of ['ser*', '*', 'server.%25', 'server.*.*', 'Server.create', '.*', 'server..x']) {
      const res = await get(ada, `/v1/audit?action=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.fields[0].field).toBe('querystring.action');
    }
  });

  it('filters by one actor and by a date range', async () => {
    const mine = await events(ada, `actorType=user&actorId=${ada.userId}`);
    expect(mine.length).toBeGreaterThan(3);
    expect(mine.every((e) => e.actorId === ada.userId)).toBe(true);
    expect(await events(ada, `actorId=${eve.userId}`)).toEqual([]);

    const january = await events(ada, 'from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z');
    expect(january.map((e) => e.action)).toEqual(['oauth.grant.create', 'connector.create']);
    // `to` is exclusive, `from` inclusive.
    expect(
      (await events(ada, 'from=2026-02-01T00:00:00Z&to=2026-02-02T00:00:00Z')).map((e) => e.action),
    ).toEqual(['apiXkey.test']);
    expect(await events(ada, 'from=2026-01-10T12:00:00.001Z&to=2026-01-20T12:00:00Z')).toEqual([]);
    const combined = await events(
      ada,
      'action=connector.*&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z',
    );
    expect(combined.map((e) => e.action)).toEqual(['connector.create']);
  });

  it('names the resources, and says which no longer exist', async () => {
    const all = await events(ada, 'limit=200');
    const named = (type: string, id: string) =>
      all.find((e) => e.resourceType === type && e.resourceId === id);
    expect(named('server', server.id)).toMatchObject({ resourceName: 'Forecasts', resourceExists: true });
    expect(named('server', gone.id)).toMatchObject({ resourceName: 'Weather', resourceExists: false });
    expect(named('connector', connectorId)).toMatchObject({
      resourceName: 'Team wiki',
      resourceExists: true,
    });
    expect(named('oauth_grant', grantId)).toMatchObject({
      resourceName: 'Claude Desktop',
      resourceExists: true,
    });
    expect(named('api_key', keyId)).toMatchObject({ resourceName: 'ci', resourceExists: false });
    expect(named('user', ada.userId)).toMatchObject({
      resourceName: `Ada (${ada.email})`,
      resourceExists: true,
    });
    const invited = all.find((e) => e.action === 'invitation.create');
    expect(invited).toMatchObject({ resourceName: invitee, resourceExists: true });
    // Types without names stay unnamed.
    expect(named('org', ada.orgId)).toMatchObject({ resourceName: null, resourceExists: false });
  });

  it("never names or lists another org's resources", async () => {
    const theirs = await events(eve, 'limit=200');
    const probe = theirs.find((e) => e.action === 'server.probe');
    expect(probe).toMatchObject({ resourceId: server.id, resourceName: null, resourceExists: false });
    expect(theirs.some((e) => e.action.startsWith('connector.') || e.action === 'server.update')).toBe(false);
    expect(await events(eve, 'action=server.*')).toHaveLength(1);
    expect(await events(eve, `actorId=${ada.userId}`)).toEqual([]);

    const facets = (await get(eve, '/v1/audit/facets')).body;
    expect(facets.actions).toEqual(['org.create', 'server.probe', 'user.signup']);
    expect(facets.resources).toEqual([
      { type: 'server', id: server.id, name: null, exists: false },
      { type: 'user', id: eve.userId, name: `Eve (${eve.email})`, exists: true },
    ]);
  });

  it('offers the actions and named resources of the org to the pickers', async () => {
    const facets = (await get(ada, '/v1/audit/facets')).body;
    expect(facets.actions).toEqual([...facets.actions].sort());
    for (const a of [
      'server.create',
      'server.delete',
      'connector.create',
      'api_key.revoke',
      'invitation.create',
    ])
      expect(facets.actions).toContain(a);
    expect(facets.actions).not.toContain('server.probe');
    const byId = new Map(facets.resources.map((r: { id: string }) => [r.id, r]));
    expect(byId.get(server.id)).toEqual({ type: 'server', id: server.id, name: 'Forecasts', exists: true });
    expect(byId.get(gone.id)).toEqual({ type: 'server', id: gone.id, name: 'Weather', exists: false });
    expect(byId.get(connectorId)).toMatchObject({ type: 'connector', name: 'Team wiki' });
    expect(byId.get(ada.orgId)).toBeUndefined(); // orgs are not a pickable resource
  });

  it('keeps both endpoints for admins and owners', async () => {
    const member = await signUp(api.app, 'Mia');
    const inv = await ada.browser.call('POST', '/v1/invitations', { email: member.email, role: 'member' });
    await member.browser.call('POST', '/v1/invitations/accept', {
      token: new URL(inv.json().acceptUrl).searchParams.get('token'),
    });
    expect((await get(member, '/v1/audit/facets')).body.code).toBe('insufficient_role');
    expect((await get(member, '/v1/audit?action=server.*')).body.code).toBe('insufficient_role');
  });
});
