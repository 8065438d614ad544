import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Harness,
  type SeededServer,
  type SeededUser,
  seedServer,
  seedUser,
  startAs,
  WEB_URL,
} from './testing/harness.js';

/**
 * The upstream sign-in routes on their own (the full flow against a real provider is in
 * tests/upstream): the connect route's refusals, the platform-wide OAuth app, and hostile callbacks.
 */
let t: TestDatabase;
let h: Harness;
let owner: SeededUser;
let stranger: SeededUser;
let server: SeededServer;

const upstreams = [
  { id: 'github', name: 'GitHub', preset: 'github', scopes: ['read:user'], clientIdSecret: 'GH_ID' },
  { id: 'custom', name: 'Custom', preset: 'gitlab', scopes: [], clientIdSecret: 'OTHER_ID' },
];

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startAs(t.db, {
    config: { upstreamApps: { github: { clientId: 'platform-gh-app', clientSecret: 's' } } },
  });
  owner = await seedUser(t.db, 'owner@example.com');
  stranger = await seedUser(t.db, 'stranger@example.com');
  server = await seedServer(t.db, owner, 'with-upstreams');
  const patch = sql`jsonb_set(spec, '{upstreams}', ${JSON.stringify(upstreams)}::jsonb)`;
  await t.db
    .updateTable('server_versions')
    .set({
      spec: patch as never,
      artifact: sql`jsonb_set(artifact, '{upstreams}', ${JSON.stringify(upstreams)}::jsonb)` as never,
    })
    .where('server_id', '=', server.id)
    .execute();
});
afterAll(async () => {
  await h.close();
  await t.destroy();
});

const connect = (query: string, cookie?: string) =>
  h.app.inject({
    method: 'GET',
    url: `/upstream/connect?${query}`,
    headers: cookie ? { cookie } : {},
  });

describe('GET /upstream/connect', () => {
  it('starts a sign-in with the platform-wide app when the server brings none (PKCE S256, exact redirect URI)', async () => {
    const res = await connect(`server=${server.id}&upstream=github`, owner.cookie);
    expect(res.statusCode).toBe(302);
    const to = new URL(res.headers.location as string);
    expect(to.origin + to.pathname).toBe('https://github.com/login/oauth/authorize');
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      client_id: 'platform-gh-app',
      redirect_uri: `${h.issuer}/upstream/callback`,
      response_type: 'code',
      scope: 'read:user',
      code_challenge_method: 'S256',
    });
    const pending = await t.db
      .selectFrom('upstream_authorizations')
      .selectAll()
      .where('user_id', '=', owner.id)
      .executeTakeFirstOrThrow();
    // Only the hash of state is stored, and the verifier is sealed.
    expect(pending.state_hash).not.toBe(to.searchParams.get('state'));
    expect(pending.state_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(pending.code_verifier_ciphertext).toMatch(/^bmm1\./);
    expect(pending).toMatchObject({
      server_id: server.id,
      upstream_id: 'github',
      interaction_id: null,
      scopes: ['read:user'],
    });
  });

  it('says which secret to set when there is no OAuth app at all', async () => {
    const res = await connect(`server=${server.id}&upstream=custom`, owner.cookie);
    const to = new URL(res.headers.location as string);
    expect(to.origin + to.pathname).toBe(`${WEB_URL}/upstream/connected`);
    expect(to.searchParams.get('error')).toBe('upstream_unavailable');
    expect(to.searchParams.get('error_description')).toContain('OTHER_ID');
  });

  it('refuses people who may not use the server, and unknown servers, alike', async () => {
    for (const [query, cookie] of [
      [`server=${server.id}&upstream=github`, stranger.cookie],
      ['server=not-a-uuid&upstream=github', owner.cookie],
    ] as const) {
      const to = new URL((await connect(query, cookie)).headers.location as string);
      expect(to.searchParams.get('error')).toBe('not_found');
    }
  });

  it('sends signed-out browsers to the login page with a same-site next', async () => {
    const res = await connect(`server=${server.id}&upstream=github`);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(
      `${WEB_URL}/login?next=${encodeURIComponent(`/oauth/upstream/connect?server=${server.id}&upstream=github`)}`,
    );
  });

  it('refuses a malformed upstream id or server with 4xx, never 5xx', async () => {
    for (const query of [
      'server=x&upstream=Bad!',
      'upstream=github',
      `server=${'a'.repeat(300)}&upstream=github`,
      'server=%00&upstream=github',
    ]) {
      const res = await connect(query, owner.cookie);
      expect(res.statusCode, query).toBeLessThan(500);
      expect(res.statusCode === 302 ? res.headers.location : 'refused', query).not.toContain('github.com');
    }
  });
});

describe('GET /upstream/callback', () => {
  it('answers an error page for unknown, hostile or missing state (nothing trusted to redirect to)', async () => {
    for (const query of [
      '',
      'state=unknown&code=x',
      'state=%00&code=x',
      `state=${'s'.repeat(400)}`,
      'error=access_denied',
    ]) {
      const res = await h.app.inject({
        method: 'GET',
        url: `/upstream/callback?${query}`,
        headers: { cookie: owner.cookie },
      });
      expect(res.statusCode, query).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, query).toBeLessThan(500);
      expect(res.headers.location, query).toBeUndefined();
    }
  });
});
