import { Channels, PgListener } from '@bmm/db';
import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  countConnectedClients,
  listConnectedClients,
  listUserGrants,
  revokeGrant,
  revokeUserGrant,
} from './grants.js';
import { canonicalResourceUrl, parseResourceUrl } from './resource.js';
import { parseScope } from './scopes.js';

let t: TestDatabase;
let serverId: string;
let otherServerId: string;
let grantId: string;
let userId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const user = await t.db
    .insertInto('users')
    .values({ email: 'ada@example.com', name: 'Ada', password_hash: 'x' })
    .returning('id')
    .executeTakeFirstOrThrow();
  userId = user.id;
  const org = await t.db
    .insertInto('orgs')
    .values({ name: 'Acme' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const [a, b] = await t.db
    .insertInto('servers')
    .values([
      { org_id: org.id, slug: 'weather', name: 'Weather' },
      { org_id: org.id, slug: 'notion', name: 'Notion' },
    ])
    .returning('id')
    .execute();
  serverId = a!.id;
  otherServerId = b!.id;
  await t.db
    .insertInto('oauth_clients')
    .values({
      client_id: 'bmm_client1',
      name: 'Claude',
      redirect_uris: ['https://claude.ai/api/mcp/auth_callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'none',
    })
    .execute();
  const grant = await t.db
    .insertInto('oauth_grants')
    .values({ user_id: userId, client_id: 'bmm_client1', server_id: serverId, scopes: ['mcp:tools'] })
    .returning('id')
    .executeTakeFirstOrThrow();
  grantId = grant.id;
  const family = '00000000-0000-4000-8000-000000000001';
  await t.db
    .insertInto('oauth_refresh_tokens')
    .values({
      token_hash: 'h1',
      family_id: family,
      grant_id: grantId,
      client_id: 'bmm_client1',
      user_id: userId,
      resource: 'http://r/weather/mcp',
      scopes: ['mcp:tools'],
      expires_at: new Date(Date.now() + 86_400_000),
    })
    .execute();
  await t.db
    .insertInto('oauth_access_tokens')
    .values([
      {
        jti: 'live',
        grant_id: grantId,
        family_id: family,
        client_id: 'bmm_client1',
        expires_at: new Date(Date.now() + 3_600_000),
      },
      {
        jti: 'old',
        grant_id: grantId,
        family_id: family,
        client_id: 'bmm_client1',
        expires_at: new Date(Date.now() - 1000),
      },
    ])
    .execute();
});
afterAll(async () => {
  await t.destroy();
});

it('lists a server’s connected clients', async () => {
  expect(await countConnectedClients(t.db, serverId)).toBe(1);
  expect(await countConnectedClients(t.db, otherServerId)).toBe(0);
  const list = await listConnectedClients(t.db, serverId);
  expect(list).toEqual([
    expect.objectContaining({
      grantId,
      clientId: 'bmm_client1',
      clientName: 'Claude',
      redirectHost: 'claude.ai',
      scopes: ['mcp:tools'],
      userId,
      userEmail: 'ada@example.com',
      lastUsedAt: null,
    }),
  ]);
});

it('lists a user’s grants and lets only that user revoke them through revokeUserGrant', async () => {
  const grants = await listUserGrants(t.db, userId);
  expect(grants).toEqual([
    expect.objectContaining({
      grantId,
      clientName: 'Claude',
      serverId,
      serverSlug: 'weather',
      scopes: ['mcp:tools'],
    }),
  ]);
  const other = await t.db
    .insertInto('users')
    .values({ email: 'eve@example.com', name: 'Eve', password_hash: 'x' })
    .returning('id')
    .executeTakeFirstOrThrow();
  expect(await revokeUserGrant(t.db, { grantId, userId: other.id })).toBe(false);
  expect(await revokeUserGrant(t.db, { grantId: 'not-a-uuid', userId })).toBe(false);
  expect(await countConnectedClients(t.db, serverId)).toBe(1);
});

it('revokes a grant: refresh tokens dead, live access tokens denylisted and announced', async () => {
  expect(await revokeGrant(t.db, { grantId, serverId: otherServerId })).toBe(false);
  const listener = new PgListener(t.url);
  const heard: unknown[] = [];
  listener.on(Channels.tokenRevoked, (p) => heard.push(p));
  await listener.start();
  try {
    expect(await revokeGrant(t.db, { grantId, serverId })).toBe(true);
    expect(await revokeGrant(t.db, { grantId, serverId })).toBe(false);
    const deny = await t.db.selectFrom('oauth_token_denylist').select('jti').execute();
    expect(deny.map((r) => r.jti)).toEqual(['live']);
    const rt = await t.db.selectFrom('oauth_refresh_tokens').select('revoked_at').executeTakeFirstOrThrow();
    expect(rt.revoked_at).toBeInstanceOf(Date);
    expect(await countConnectedClients(t.db, serverId)).toBe(0);
    for (let i = 0; i < 50 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(heard).toEqual([{ jti: 'live', exp: expect.any(Number) }]);
  } finally {
    await listener.close();
  }
});

it('canonicalizes resource URLs strictly', () => {
  expect(canonicalResourceUrl('https://run.example.com/', 'weather')).toBe(
    'https://run.example.com/weather/mcp',
  );
  expect(parseResourceUrl('https://run.example.com', 'https://run.example.com/weather/mcp')).toBe('weather');
  expect(parseResourceUrl('https://run.example.com', 'https://run.example.com/weather/mcp/')).toBeNull();
  expect(parseResourceUrl('https://run.example.com', 'https://run.example.com/a/b/mcp')).toBeNull();
  expect(parseResourceUrl('https://run.example.com', 'https://evil.example.com/weather/mcp')).toBeNull();
});

it('parses scopes', () => {
  expect(parseScope('mcp:tools  mcp:tools x')).toEqual(['mcp:tools', 'x']);
  expect(() => parseScope('a"b')).toThrow(/not a valid scope/);
});
