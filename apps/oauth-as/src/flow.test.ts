import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { createAccessTokenVerifier } from '@bmm/oauth';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RotatedKey, rotateSigningKeys } from './keys/signing-keys.js';
import { authorizeAndApprove, discover, insecure, obtainTokens, postForm } from './testing/flow.js';
import {
  type Harness,
  type SeededServer,
  type SeededUser,
  seedServer,
  seedUser,
  startAs,
} from './testing/harness.js';

let t: TestDatabase;
let user: SeededUser;
let server: SeededServer;

beforeAll(async () => {
  t = await createTestDatabase();
  user = await seedUser(t.db, 'ada@example.com');
  server = await seedServer(t.db, user, 'weather', { toolScopes: ['mcp:tools', 'weather:read'] });
});
afterAll(async () => {
  await t.destroy();
});

const REDIRECT = 'http://127.0.0.1:33418/callback';

for (const path of ['', '/oauth']) {
  describe(`issuer ${path ? 'with a path' : 'without a path'}`, () => {
    let h: Harness;
    let as: oauth.AuthorizationServer;
    beforeAll(async () => {
      h = await startAs(t.db, { path });
      as = await discover(h.issuer);
    });
    afterAll(async () => {
      await h.close();
    });

    it('publishes RFC 8414 metadata at every discovery path', async () => {
      expect(as.issuer).toBe(h.issuer);
      expect(as.token_endpoint).toBe(`${h.issuer}/token`);
      expect(as.code_challenge_methods_supported).toEqual(['S256']);
      expect(as.client_id_metadata_document_supported).toBe(true);
      expect(as.authorization_response_iss_parameter_supported).toBe(true);
      const oidc = await oauth.processDiscoveryResponse(
        new URL(h.issuer),
        await oauth.discoveryRequest(new URL(h.issuer), { algorithm: 'oidc', ...insecure }),
      );
      expect(oidc.issuer).toBe(h.issuer);
      const origin = new URL(h.issuer).origin;
      const paths = [
        `/.well-known/oauth-authorization-server${path}`,
        `/.well-known/openid-configuration${path}`,
      ];
      if (path)
        paths.push(
          `${path}/.well-known/oauth-authorization-server`,
          `${path}/.well-known/openid-configuration`,
        );
      for (const p of paths) {
        const res = await fetch(`${origin}${p}`, { headers: { origin: 'https://app.example' } });
        expect(res.status, p).toBe(200);
        expect(res.headers.get('access-control-allow-origin')).toBe('*');
        expect(((await res.json()) as { issuer: string }).issuer).toBe(h.issuer);
      }
      const preflight = await fetch(`${h.issuer}/token`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    });

    it('runs DCR → authorize → approve → token → refresh → revoke with a public client', async () => {
      const client = await oauth.processDynamicClientRegistrationResponse(
        await oauth.dynamicClientRegistrationRequest(
          as,
          {
            client_name: 'Test Desktop',
            redirect_uris: [REDIRECT],
            grant_types: ['authorization_code', 'refresh_token'],
            token_endpoint_auth_method: 'none',
          },
          insecure,
        ),
      );
      expect(client.client_id).toMatch(/^bmm_/);
      expect(client.client_secret).toBeUndefined();
      const tokens = await obtainTokens({
        as,
        client,
        auth: oauth.None(),
        redirectUri: REDIRECT,
        resource: server.resource,
        user,
      });
      expect(tokens.token_type).toBe('bearer');
      expect(tokens.scope).toBe('mcp:tools weather:read');
      expect(tokens.expires_in).toBe(3600);

      // The token as a resource server sees it (RFC 9068 checks by the strict library, JWKS fetched).
      const claims = await oauth.validateJwtAccessToken(
        as,
        new Request(server.resource, { headers: { authorization: `Bearer ${tokens.access_token}` } }),
        server.resource,
        insecure,
      );
      expect(claims).toMatchObject({
        iss: h.issuer,
        sub: user.id,
        aud: server.resource,
        client_id: client.client_id,
      });
      expect(claims.exp - claims.iat).toBe(3600);

      const refreshed = await oauth.processRefreshTokenResponse(
        as,
        client,
        await oauth.refreshTokenGrantRequest(
          as,
          client,
          oauth.None(),
          tokens.refresh_token as string,
          insecure,
        ),
      );
      expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
      expect(refreshed.access_token).not.toBe(tokens.access_token);

      await oauth.processRevocationResponse(
        await oauth.revocationRequest(as, client, oauth.None(), refreshed.access_token, insecure),
      );
      const { jti } = JSON.parse(
        Buffer.from(refreshed.access_token.split('.')[1] as string, 'base64url').toString(),
      );
      const denied = await t.db
        .selectFrom('oauth_token_denylist')
        .select('jti')
        .where('jti', '=', jti)
        .executeTakeFirst();
      expect(denied?.jti).toBe(jti);
      await oauth.processRevocationResponse(
        await oauth.revocationRequest(as, client, oauth.None(), refreshed.refresh_token as string, insecure),
      );
      const again = await postForm(as.token_endpoint as string, {
        grant_type: 'refresh_token',
        refresh_token: refreshed.refresh_token as string,
        client_id: client.client_id,
      });
      expect(again.body.error).toBe('invalid_grant');

      // RFC 7592: read and delete the registration.
      const uri = client.registration_client_uri as string;
      const rat = client.registration_access_token as string;
      const read = await fetch(uri, { headers: { authorization: `Bearer ${rat}` } });
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ client_id: client.client_id, redirect_uris: [REDIRECT] });
      expect((await fetch(uri, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      expect(
        (await fetch(uri, { method: 'DELETE', headers: { authorization: `Bearer ${rat}` } })).status,
      ).toBe(204);
      expect((await fetch(uri, { headers: { authorization: `Bearer ${rat}` } })).status).toBe(401);
    });

    it('introspects for a confidential client (client_secret_basic)', async () => {
      const client = await oauth.processDynamicClientRegistrationResponse(
        await oauth.dynamicClientRegistrationRequest(
          as,
          {
            client_name: 'Web App',
            redirect_uris: ['https://app.example/cb'],
            grant_types: ['authorization_code', 'refresh_token'],
          },
          insecure,
        ),
      );
      expect(client.token_endpoint_auth_method).toBe('client_secret_basic');
      const auth = oauth.ClientSecretBasic(client.client_secret as string);
      const tokens = await obtainTokens({
        as,
        client,
        auth,
        redirectUri: 'https://app.example/cb',
        resource: server.resource,
        user,
        scope: 'mcp:tools',
      });
      expect(tokens.scope).toBe('mcp:tools');
      const info = await oauth.processIntrospectionResponse(
        as,
        client,
        await oauth.introspectionRequest(as, client, auth, tokens.access_token, insecure),
      );
      expect(info).toMatchObject({
        active: true,
        client_id: client.client_id,
        sub: user.id,
        aud: server.resource,
        scope: 'mcp:tools',
      });
      const rt = await oauth.processIntrospectionResponse(
        as,
        client,
        await oauth.introspectionRequest(as, client, auth, tokens.refresh_token as string, insecure),
      );
      expect(rt).toMatchObject({ active: true, token_type: 'refresh_token' });
      await oauth.processRevocationResponse(
        await oauth.revocationRequest(as, client, auth, tokens.access_token, insecure),
      );
      const after = await oauth.processIntrospectionResponse(
        as,
        client,
        await oauth.introspectionRequest(as, client, auth, tokens.access_token, insecure),
      );
      expect(after.active).toBe(false);
    });
  });
}

describe('Client ID Metadata Documents', () => {
  let h: Harness;
  let doc: http.Server;
  let clientId: string;
  let served: Record<string, unknown>;
  beforeAll(async () => {
    doc = http.createServer((req, res) => {
      if (req.url === '/client.json') {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=600' });
        res.end(JSON.stringify(served));
      } else if (req.url === '/big.json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ...served, client_id: `${base}/big.json`, padding: 'x'.repeat(6000) }));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((r) => doc.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(doc.address() as AddressInfo).port}`;
    clientId = `${base}/client.json`;
    served = {
      client_id: clientId,
      client_name: 'Doc Client',
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: 'none',
    };
    h = await startAs(t.db, { config: { cimdAllowPrivateNetwork: true } });
  });
  afterAll(async () => {
    await h.close();
    await new Promise((r) => doc.close(r));
  });

  it('authorizes a client identified by its metadata document URL', async () => {
    const as = await discover(h.issuer);
    const client: oauth.Client = { client_id: clientId, token_endpoint_auth_method: 'none' };
    const tokens = await obtainTokens({
      as,
      client,
      auth: oauth.None(),
      redirectUri: REDIRECT,
      resource: server.resource,
      user,
    });
    expect(tokens.access_token).toBeTruthy();
    const row = await t.db
      .selectFrom('oauth_clients')
      .selectAll()
      .where('client_id', '=', clientId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ is_cimd: true, name: 'Doc Client', redirect_uris: [REDIRECT] });
    const ttl = (row.cimd_expires_at as Date).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(590_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
    // A second authorization with the same client, server and scopes skips consent.
    const again = await authorizeAndApprove({
      as,
      client,
      redirectUri: REDIRECT,
      resource: server.resource,
      user,
    });
    expect(again.view.auto_approved).toBe(true);
    expect(again.callback.searchParams.get('code')).toBeTruthy();
    expect(again.view.client).toMatchObject({
      client_id: clientId,
      name: 'Doc Client',
      is_cimd: true,
      client_host: '127.0.0.1',
      redirect_host: '127.0.0.1',
      localhost_only: true,
    });
  });

  it('refuses an oversize document and a document naming another client_id', async () => {
    const big = clientId.replace('client.json', 'big.json');
    const res = await fetch(
      `${h.issuer}/authorize?client_id=${encodeURIComponent(big)}&redirect_uri=${encodeURIComponent(REDIRECT)}`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('larger than 5120 bytes');
    served = { ...served, client_id: 'https://elsewhere.example/client.json' };
    await t.db.deleteFrom('oauth_clients').where('client_id', '=', clientId).execute();
    const res2 = await fetch(
      `${h.issuer}/authorize?client_id=${encodeURIComponent(clientId)}&redirect_uri=${encodeURIComponent(REDIRECT)}`,
      { redirect: 'manual' },
    );
    expect(res2.status).toBe(400);
    expect(await res2.text()).toContain('client_id must equal the URL');
  });

  it('refuses documents on private addresses unless allowed', async () => {
    const strict = await startAs(t.db);
    try {
      const res = await fetch(
        `${strict.issuer}/authorize?client_id=${encodeURIComponent('https://127.0.0.1:1/c.json')}`,
        { redirect: 'manual' },
      );
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('public address');
      const local = await fetch(
        `${strict.issuer}/authorize?client_id=${encodeURIComponent('https://localhost/c.json')}`,
        { redirect: 'manual' },
      );
      expect(await local.text()).toContain('public address');
    } finally {
      await strict.close();
    }
  });
});

describe('access token signing', () => {
  const headerOf = (jwt: string) =>
    JSON.parse(Buffer.from(jwt.split('.')[0] as string, 'base64url').toString()) as {
      alg: string;
      kid: string;
    };

  for (const alg of ['ES256', 'RS256'] as const) {
    it(`${alg}: keeps tokens signed before a rotation valid through the JWKS, and signs new ones with the new key`, async () => {
      const h = await startAs(t.db, { config: { signingKeyCacheMs: 0, accessTokenAlg: alg } });
      try {
        const as = await discover(h.issuer);
        const client = await oauth.processDynamicClientRegistrationResponse(
          await oauth.dynamicClientRegistrationRequest(
            as,
            {
              redirect_uris: [REDIRECT],
              grant_types: ['authorization_code', 'refresh_token'],
              token_endpoint_auth_method: 'none',
            },
            insecure,
          ),
        );
        const before = await obtainTokens({
          as,
          client,
          auth: oauth.None(),
          redirectUri: REDIRECT,
          resource: server.resource,
          user,
        });
        expect(headerOf(before.access_token)).toMatchObject({ alg, typ: 'at+jwt' });
        const rotated = await rotateSigningKeys(t.db, h.keyring);
        expect(rotated.map((r) => r.alg).sort()).toEqual(['ES256', 'RS256']);
        const { activated, retired } = rotated.find((r) => r.alg === alg) as RotatedKey;
        expect(retired).toBe(headerOf(before.access_token).kid);
        const jwks = (await (await fetch(`${h.issuer}/jwks`)).json()) as {
          keys: { kid: string; alg: string; d?: string }[];
        };
        expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([activated, retired]));
        expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);
        // The resource server's side: oauth4webapi and the runner's own verifier (@bmm/oauth).
        const verifier = createAccessTokenVerifier({ issuer: h.issuer, jwksUrl: `${h.issuer}/jwks` });
        const verify = async (token: string) => {
          await expect(verifier.verify(token, server.resource)).resolves.toMatchObject({ sub: user.id });
          return await oauth.validateJwtAccessToken(
            as,
            new Request(server.resource, { headers: { authorization: `Bearer ${token}` } }),
            server.resource,
            insecure,
          );
        };
        await expect(verify(before.access_token)).resolves.toMatchObject({ sub: user.id });
        const after = await oauth.processRefreshTokenResponse(
          as,
          client,
          await oauth.refreshTokenGrantRequest(
            as,
            client,
            oauth.None(),
            before.refresh_token as string,
            insecure,
          ),
        );
        expect(headerOf(after.access_token)).toMatchObject({ alg, kid: activated });
        await expect(verify(after.access_token)).resolves.toMatchObject({ sub: user.id });
      } finally {
        await h.close();
      }
    });
  }
});
