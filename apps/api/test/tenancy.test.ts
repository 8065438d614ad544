import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOAuthClient, weatherSpec } from './fixtures.js';
import {
  createApiKey,
  createServer,
  publishVersion,
  signUp,
  startApi,
  type TestApp,
  withKey,
} from './helpers.js';

let api: TestApp;
let a: Awaited<ReturnType<typeof signUp>>;
let b: Awaited<ReturnType<typeof signUp>>;
let bKey: string;
const A: Record<string, string> = {};

beforeAll(async () => {
  api = await startApi();
  a = await signUp(api.app, 'Alice');
  b = await signUp(api.app, 'Bob');
  bKey = await createApiKey(b.browser);
  const callA = a.browser.call.bind(a.browser);
  const server = await createServer(callA, { secrets: { WEATHER_KEY: 'a-secret-value-1' } });
  await publishVersion(api.t, server.id, server.versionId, server.buildId);
  const second = await callA('PUT', `/v1/servers/${server.id}/spec`, { spec: weatherSpec(server.slug, 3) });
  const member = await signUp(api.app, 'Mia');
  const inv = await callA('POST', '/v1/invitations', { email: member.email, role: 'member' });
  await member.browser.call('POST', '/v1/invitations/accept', {
    token: new URL(inv.json().acceptUrl).searchParams.get('token'),
  });
  const pending = await callA('POST', '/v1/invitations', { email: 'pending@example.com', role: 'member' });
  const key = await callA('POST', '/v1/api-keys', { name: 'a-key' });
  await insertOAuthClient(api.t.db, {
    clientId: 'tenancy-client',
    name: 'C',
    redirectUri: 'https://c.example/cb',
  });
  const grant = await api.t.db
    .insertInto('oauth_grants')
    .values({ user_id: a.userId, client_id: 'tenancy-client', server_id: server.id, scopes: ['mcp:tools'] })
    .returning('id')
    .executeTakeFirstOrThrow();
  // An upstream account of A's owner (the vault row only; token values are never read on a 404).
  const connected = await api.t.db
    .insertInto('upstream_tokens')
    .values({
      user_id: a.userId,
      server_id: server.id,
      upstream_id: 'acme',
      access_token_ciphertext: 'not-a-real-envelope',
      scopes: ['read'],
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const connector = await callA('POST', '/v1/connectors', {
    name: 'A remote',
    url: 'https://mcp.example.com/mcp',
    authType: 'oauth',
  });
  // A history entry of A's owner (the row only; its payload is never opened on a 404).
  const call = await api.t.db
    .insertInto('connector_calls')
    .values({
      id: '7e0c1a52-4f1b-4c8e-9d62-0b5d7a3c9e11',
      connector_id: connector.json().connector.id,
      org_id: a.orgId,
      user_id: a.userId,
      tool: 'add',
      outcome: 'ok',
      duration_ms: 1,
      payload_ciphertext: 'not-a-real-envelope',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  Object.assign(A, {
    connector: connector.json().connector.id,
    call: call.id,
    connectedAccount: connected.id,
    server: server.id,
    slug: server.slug,
    build: second.json().build.id,
    member: member.userId,
    invitation: pending.json().invitation.id,
    apiKey: key.json().apiKey.id,
    grant: grant.id,
    org: a.orgId,
  });
});
afterAll(() => api.close());

/** Every route that names an org resource, with org A's ids filled in. */
function routes(): [string, string, unknown?][] {
  const s = `/v1/servers/${A.server}`;
  return [
    ['GET', s],
    ['PATCH', s, { name: 'stolen' }],
    ['DELETE', s],
    ['PUT', `${s}/spec`, { spec: weatherSpec(A.slug!) }],
    ['POST', `${s}/rollback`, { version: 1 }],
    ['GET', `${s}/secrets`],
    ['PUT', `${s}/secrets/WEATHER_KEY`, { value: 'overwritten' }],
    ['DELETE', `${s}/secrets/WEATHER_KEY`],
    ['GET', `${s}/builds`],
    ['GET', `${s}/clients`],
    ['DELETE', `${s}/clients/${A.grant}`],
    ['GET', `${s}/export`],
    ['GET', `${s}/calls`],
    ['GET', `${s}/latency`],
    ['GET', `${s}/upstreams`],
    ['GET', `/v1/builds/${A.build}`],
    ['GET', `/v1/builds/${A.build}/logs`],
    ['POST', `/v1/builds/${A.build}/cancel`],
    ['POST', `/v1/builds/${A.build}/ticket`],
    ['DELETE', `/v1/invitations/${A.invitation}`],
    ['DELETE', `/v1/api-keys/${A.apiKey}`],
    ['PATCH', `/v1/members/${A.member}`, { role: 'admin' }],
    ['DELETE', `/v1/members/${A.member}`],
    ['DELETE', `/v1/me/connected-accounts/${A.connectedAccount}`],
    ['GET', `/v1/connectors/${A.connector}`],
    ['PATCH', `/v1/connectors/${A.connector}`, { name: 'stolen' }],
    ['DELETE', `/v1/connectors/${A.connector}`],
    ['POST', `/v1/connectors/${A.connector}/oauth/start`],
    ['DELETE', `/v1/connectors/${A.connector}/oauth`],
    ['POST', `/v1/connectors/${A.connector}/tools/refresh`],
    ['POST', `/v1/connectors/${A.connector}/call`, { tool: 'add', arguments: {} }],
    ['GET', `/v1/connectors/calls/${A.call}`],
    ['POST', `${s}/try`],
    ['POST', `/v1/connectors/${A.connector}/chat`, { messages: [{ role: 'user', content: 'hi' }] }],
  ];
}
/** Routes only a person may call: an API key is refused before any lookup, whatever the target. */
const PERSON_ONLY =
  /^\/v1\/(invitations|api-keys|members|me\/connected-accounts|connectors)\/|^\/v1\/servers\/[^/]+\/try$/;

describe("org B never reaches org A's resources", () => {
  it('covers every parameterized route of the OpenAPI document', async () => {
    const doc = (await api.app.inject('/v1/openapi.json')).json();
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      // Admin routes are instance-wide, not org-scoped: admin.test.ts checks who may call them.
      .filter(
        ([path]) =>
          path.includes('{') && !path.includes('/invitations/accept') && !path.startsWith('/v1/admin/'),
      )
      .flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{[^}]+\}/g, ':p')}`),
      );
    const ids = new Set(Object.values(A));
    const covered = routes().map(
      ([m, url]) =>
        `${m} ${url
          .split('/')
          .map((seg) => (ids.has(seg) || seg === 'WEATHER_KEY' ? ':p' : seg))
          .join('/')}`,
    );
    expect(documented.sort()).toEqual([...new Set(covered)].sort());
  });

  it("answers 404 to org B's owner (session) on every route", async () => {
    for (const [method, url, body] of routes()) {
      const res = await b.browser.call(method as never, url, body);
      expect([res.statusCode, res.json().code, method, url]).toEqual([
        404,
        expect.stringMatching(/not_found/),
        method,
        url,
      ]);
    }
  });

  it("answers 404 to org B's API key on every route keys may use", async () => {
    const call = withKey(api.app, bKey);
    for (const [method, url, body] of routes()) {
      const res: LightMyRequestResponse = await call(method as never, url, body);
      const expected = PERSON_ONLY.test(url) ? 403 : 404;
      expect([res.statusCode, method, url]).toEqual([expected, method, url]);
    }
  });

  it("refuses switching into org A and shows none of A's data in B's lists", async () => {
    expect((await b.browser.call('POST', '/v1/me/org/switch', { orgId: A.org })).statusCode).toBe(404);
    for (const url of [
      '/v1/servers',
      '/v1/members',
      '/v1/invitations',
      '/v1/api-keys',
      '/v1/audit',
      '/v1/usage',
      '/v1/me/org',
      '/v1/me',
      '/v1/connectors',
      '/v1/connectors/calls',
    ]) {
      const res = await b.browser.call('GET', url);
      expect([url, res.statusCode]).toEqual([url, 200]);
      for (const id of Object.values(A)) expect(res.body).not.toContain(id);
    }
  });

  it('left org A untouched', async () => {
    const server = await api.t.db
      .selectFrom('servers')
      .selectAll()
      .where('id', '=', A.server!)
      .executeTakeFirstOrThrow();
    expect(server).toMatchObject({ name: 'Weather', deleted_at: null });
    const secret = await api.t.db
      .selectFrom('server_secrets')
      .select('ciphertext')
      .where('server_id', '=', A.server!)
      .executeTakeFirstOrThrow();
    expect(secret.ciphertext).toBeTruthy();
    const build = await api.t.db
      .selectFrom('builds')
      .select(['status', 'cancel_requested_at'])
      .where('id', '=', A.build!)
      .executeTakeFirstOrThrow();
    expect(build).toEqual({ status: 'queued', cancel_requested_at: null });
    const versions = await api.t.db
      .selectFrom('server_versions')
      .select('version')
      .where('server_id', '=', A.server!)
      .execute();
    expect(versions).toHaveLength(2);
    const member = await api.t.db
      .selectFrom('memberships')
      .select('role')
      .where('user_id', '=', A.member!)
      .where('org_id', '=', A.org!)
      .executeTakeFirstOrThrow();
    expect(member.role).toBe('member');
    const key = await api.t.db
      .selectFrom('api_keys')
      .select('revoked_at')
      .where('id', '=', A.apiKey!)
      .executeTakeFirstOrThrow();
    expect(key.revoked_at).toBeNull();
    const inv = await api.t.db
      .selectFrom('invitations')
      .select('revoked_at')
      .where('id', '=', A.invitation!)
      .executeTakeFirstOrThrow();
    expect(inv.revoked_at).toBeNull();
    const grant = await api.t.db
      .selectFrom('oauth_grants')
      .select('revoked_at')
      .where('id', '=', A.grant!)
      .executeTakeFirstOrThrow();
    expect(grant.revoked_at).toBeNull();
    const bAudit = await api.t.db
      .selectFrom('audit_events')
      .select('action')
      .where('org_id', '=', A.org!)
      .where('actor_id', '=', b.userId)
      .execute();
    expect(bAudit).toEqual([]);
  });
});
