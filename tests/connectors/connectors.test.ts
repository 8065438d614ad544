import { buildApp as buildApi } from '@bmm/api/app';
import { signTicket } from '@bmm/crypto';
import { createDb } from '@bmm/db';
import { createLogger } from '@bmm/logger';
import { createPlanner } from '@bmm/planner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculatorSpec, deployHostedServer } from '../support/hosted.ts';
import { Session } from '../support/http.ts';
import { type Platform, startPlatform } from '../support/platform.ts';

let platform: Platform;
let ada: Session;
let mcpUrl: string;
const slug = 'connector-calc';

beforeAll(async () => {
  platform = await startPlatform();
  ada = new Session(platform.urls.API_URL, platform.urls.WEB_URL);
  const { org } = await ada.signUp('ada.connectors@example.com');
  await deployHostedServer(platform.db, org.id, calculatorSpec(slug));
  mcpUrl = `${platform.urls.RUNNER_URL}/${slug}/mcp`;
});
afterAll(async () => {
  await platform?.stop();
});

/** The stored OAuth state of a connector, opened with the platform's keyring (what the api sealed). */
async function oauthData(id: string) {
  const row = await platform.db
    .selectFrom('connectors')
    .select('oauth_ciphertext')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return JSON.parse(platform.keyring.decryptString(row.oauth_ciphertext!, `connector:${id}:oauth`));
}
async function sealOAuthData(id: string, data: unknown) {
  await platform.db
    .updateTable('connectors')
    .set({ oauth_ciphertext: platform.keyring.encrypt(JSON.stringify(data), `connector:${id}:oauth`) })
    .where('id', '=', id)
    .execute();
}

/** Approves the consent of an authorize URL as `user` through our AS (what the consent page does). */
async function approve(user: Session, authorizeUrl: string): Promise<URL> {
  const toConsent = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(toConsent.status).toBe(302);
  const consent = new URL(toConsent.headers.get('location')!);
  const interactionId = consent.searchParams.get('interaction')!;
  const headers = { cookie: user.cookie, origin: platform.urls.WEB_URL, 'content-type': 'application/json' };
  const interaction = (await (
    await fetch(`${platform.urls.OAUTH_ISSUER}/interaction/${interactionId}`, { headers })
  ).json()) as {
    csrf_token: string;
    redirect_to?: string;
  };
  if (interaction.redirect_to) return new URL(interaction.redirect_to);
  const approved = await fetch(`${platform.urls.OAUTH_ISSUER}/interaction/${interactionId}/approve`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ csrf_token: interaction.csrf_token }),
  });
  expect(approved.status).toBe(200);
  return new URL(((await approved.json()) as { redirect_to: string }).redirect_to);
}

async function signIn(user: Session, id: string): Promise<{ callback: URL; page: Response; html: string }> {
  const start = await user.call('POST', `/v1/connectors/${id}/oauth/start`);
  expect(start.status, JSON.stringify(start.body)).toBe(200);
  const callback = await approve(user, start.body.authorize_url);
  const page = await fetch(callback);
  return { callback, page, html: await page.text() };
}

describe('a connector to our own hosted server, signed in through our AS and consent', () => {
  let id: string;

  it('creates an OAuth connector that needs a sign-in', async () => {
    const created = await ada.call('POST', '/v1/connectors', {
      name: 'My calculator',
      url: mcpUrl,
      authType: 'oauth',
    });
    expect(created.status).toBe(201);
    expect(created.body.connector).toMatchObject({
      authType: 'oauth',
      status: 'signin_required',
      signedIn: false,
      tools: null,
    });
    id = created.body.connector.id;
  });

  it('signs in: PKCE + resource + state to our AS, consent, and a callback page that tells only WEB_URL', async () => {
    const start = await ada.call('POST', `/v1/connectors/${id}/oauth/start`);
    expect(start.status).toBe(200);
    const authorize = new URL(start.body.authorize_url);
    expect(authorize.origin + authorize.pathname).toBe(`${platform.urls.OAUTH_ISSUER}/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('resource')).toBe(mcpUrl);
    expect(authorize.searchParams.get('redirect_uri')).toBe(
      `${platform.urls.API_URL}/v1/connectors/oauth/callback`,
    );
    const callback = await approve(ada, start.body.authorize_url);
    expect(callback.searchParams.get('iss')).toBe(platform.urls.OAUTH_ISSUER);
    const page = await fetch(callback);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    const nonce = page.headers.get('content-security-policy')!.match(/'nonce-([^']+)'/)![1];
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain(`"status":"ready"`);
    expect(html).toContain(
      `postMessage({"type":"bmm:connector-oauth","connectorId":"${id}","status":"ready"}, "${platform.urls.WEB_URL}")`,
    );
    const data = await oauthData(id);
    expect(html).not.toContain(data.tokens.access_token);
    const got = await ada.call('GET', `/v1/connectors/${id}`);
    expect(got.body.connector).toMatchObject({ status: 'ready', signedIn: true });
    expect(JSON.stringify(got.body)).not.toContain(data.tokens.access_token);

    // The same answer again: the state works once.
    const replay = await fetch(callback);
    expect(replay.status).toBe(200);
    expect(await replay.text()).toContain('already used or has expired');
  });

  it('lists the tools and calls one, showing the raw exchange without the token', async () => {
    const refreshed = await ada.call('POST', `/v1/connectors/${id}/tools/refresh`);
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
    expect(refreshed.body.connector.tools.map((t: { name: string }) => t.name).sort()).toEqual([
      'add',
      'echo',
    ]);
    const call = await ada.call('POST', `/v1/connectors/${id}/call`, {
      tool: 'add',
      arguments: { a: 2, b: 40 },
    });
    expect(call.status, JSON.stringify(call.body)).toBe(200);
    expect(call.body.result.structuredContent).toEqual({ sum: 42 });
    expect(call.body.durationMs).toBeGreaterThanOrEqual(0);
    const toolsCall = call.body.exchanges.find(
      (e: { request: { method?: string } }) => e.request?.method === 'tools/call',
    );
    expect(toolsCall).toMatchObject({ method: 'POST', url: mcpUrl, status: 200 });
    expect(toolsCall.requestHeaders.authorization).toBe('Bearer [redacted]');
    const { tokens } = await oauthData(id);
    expect(JSON.stringify(call.body)).not.toContain(tokens.access_token);
    expect(JSON.stringify(call.body)).not.toContain(tokens.refresh_token);
  });

  it('refreshes (and rotates) when the server refuses the access token', async () => {
    const before = await oauthData(id);
    await sealOAuthData(id, { ...before, tokens: { ...before.tokens, access_token: 'expired-or-garbage' } });
    const call = await ada.call('POST', `/v1/connectors/${id}/call`, {
      tool: 'echo',
      arguments: { text: 'hi' },
    });
    expect(call.status, JSON.stringify(call.body)).toBe(200);
    expect(JSON.stringify(call.body.result.content)).toContain('hi');
    const after = await oauthData(id);
    expect(after.tokens.access_token).not.toBe('expired-or-garbage');
    expect(after.tokens.refresh_token).not.toBe(before.tokens.refresh_token);
  });

  it('turns to signin_required when the remote revoked the grant', async () => {
    const data = await oauthData(id);
    const revoked = await fetch(`${platform.urls.OAUTH_ISSUER}/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: data.tokens.refresh_token, client_id: data.client.client_id }),
    });
    expect(revoked.status).toBe(200);
    await sealOAuthData(id, { ...data, tokens: { ...data.tokens, access_token: 'expired-or-garbage' } });
    const call = await ada.call('POST', `/v1/connectors/${id}/call`, {
      tool: 'add',
      arguments: { a: 1, b: 1 },
    });
    expect(call.status, JSON.stringify(call.body)).toBe(409);
    expect(call.body.code).toBe('signin_required');
    expect((await ada.call('GET', `/v1/connectors/${id}`)).body.connector.status).toBe('signin_required');
    // Signing in again brings it back.
    const again = await signIn(ada, id);
    expect(again.page.status).toBe(200);
    const call2 = await ada.call('POST', `/v1/connectors/${id}/call`, {
      tool: 'add',
      arguments: { a: 1, b: 1 },
    });
    expect(call2.status).toBe(200);
  });

  it('refuses a tampered, an expired and a foreign state', async () => {
    const start = await ada.call('POST', `/v1/connectors/${id}/oauth/start`);
    const state = new URL(start.body.authorize_url).searchParams.get('state')!;
    const [body, mac] = state.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const forged = `${Buffer.from(JSON.stringify({ ...claims, c: '00000000-0000-4000-8000-000000000000' })).toString('base64url')}.${mac}`;
    const expired = signTicket(
      platform.keyring.deriveKey('connector-oauth'),
      'connector-oauth',
      { u: claims.u, c: claims.c, n: claims.n },
      -1,
    );
    const otherKey = signTicket(
      Buffer.alloc(32, 7),
      'connector-oauth',
      { u: claims.u, c: claims.c, n: claims.n },
      300,
    );
    for (const bad of [forged, expired, otherKey, 'garbage', '']) {
      const res = await fetch(
        `${platform.urls.API_URL}/v1/connectors/oauth/callback?code=abc&state=${encodeURIComponent(bad)}`,
      );
      expect(res.status, bad).toBe(200);
      const html = await res.text();
      expect(html).toContain('"status":"error"');
      expect(html).not.toContain('"status":"ready"');
    }
    // A remote error answer ends the sign-in without changing the tokens.
    const denied = await fetch(
      `${platform.urls.API_URL}/v1/connectors/oauth/callback?error=access_denied&state=${encodeURIComponent(state)}`,
    );
    expect(denied.status).toBe(200);
    expect(await denied.text()).toContain('access_denied');
  });

  it('keeps connectors private to their owner, signs out and deletes, with audit events', async () => {
    const bob = new Session(platform.urls.API_URL, platform.urls.WEB_URL);
    await bob.signUp('bob.connectors@example.com');
    expect((await bob.call('GET', `/v1/connectors/${id}`)).status).toBe(404);
    expect((await bob.call('POST', `/v1/connectors/${id}/call`, { tool: 'add', arguments: {} })).status).toBe(
      404,
    );
    expect((await bob.call('GET', '/v1/connectors')).body.connectors).toEqual([]);

    const out = await ada.call('DELETE', `/v1/connectors/${id}/oauth`);
    expect(out.status).toBe(200);
    expect(out.body.connector).toMatchObject({ status: 'signin_required', signedIn: false });
    expect((await oauthData(id)).tokens).toBeUndefined();
    expect((await ada.call('DELETE', `/v1/connectors/${id}`)).status).toBe(204);
    expect((await ada.call('GET', `/v1/connectors/${id}`)).status).toBe(404);

    const events = await platform.db
      .selectFrom('audit_events')
      .select(['action', 'metadata'])
      .where('resource_id', '=', id)
      .orderBy('created_at')
      .execute();
    const actions = events.map((e) => e.action);
    for (const a of [
      'connector.create',
      'connector.signin',
      'connector.call',
      'connector.signout',
      'connector.delete',
    ])
      expect(actions).toContain(a);
    const call = events.find((e) => e.action === 'connector.call')!;
    expect(call.metadata).toEqual({ tool: 'add', status: 'ok' });
    expect(JSON.stringify(events)).not.toMatch(/"a":2|access_token|refresh_token/);
  });
});

describe('connectors with headers and without auth', () => {
  it('stores headers sealed, shows only their names, and refuses reserved ones', async () => {
    const reserved = await ada.call('POST', '/v1/connectors', {
      name: 'x',
      url: mcpUrl,
      authType: 'headers',
      headers: { 'Mcp-Protocol-Version': '1' },
    });
    expect(reserved.status).toBe(400);
    const created = await ada.call('POST', '/v1/connectors', {
      name: 'With a key',
      url: mcpUrl,
      authType: 'headers',
      headers: { 'X-Api-Key': 'sk-very-secret-value' },
    });
    expect(created.status).toBe(201);
    expect(created.body.connector.headerNames).toEqual(['X-Api-Key']);
    expect(JSON.stringify(created.body)).not.toContain('sk-very-secret-value');
    const row = await platform.db
      .selectFrom('connectors')
      .selectAll()
      .where('id', '=', created.body.connector.id)
      .executeTakeFirstOrThrow();
    expect(row.headers_ciphertext).not.toContain('sk-very-secret-value');
    // Our runner wants a token, not a header: the call fails as a person would expect.
    const call = await ada.call('POST', `/v1/connectors/${created.body.connector.id}/call`, {
      tool: 'add',
      arguments: { a: 1, b: 2 },
    });
    expect([409, 502]).toContain(call.status);
  });
});

describe('the outbound guard', () => {
  it('refuses private addresses unless the operator allows them, but always reaches RUNNER_URL', async () => {
    const db = createDb(platform.databaseUrl, { max: 2 });
    const strict = await buildApi({
      db,
      logger: createLogger({ name: 'api-strict', level: 'silent' }),
      keyring: platform.keyring,
      planner: createPlanner({}),
      config: { ...platform.urls, allowPrivateNetwork: false },
    });
    try {
      const login = await strict.inject({
        method: 'POST',
        url: '/v1/auth/login',
        headers: { origin: platform.urls.WEB_URL },
        payload: { email: 'ada.connectors@example.com', password: 'correct horse battery staple' },
      });
      const cookie = login.cookies.find((c) => c.name === 'bmm_session')!.value;
      const create = (url: string) =>
        strict.inject({
          method: 'POST',
          url: '/v1/connectors',
          headers: { origin: platform.urls.WEB_URL },
          cookies: { bmm_session: cookie },
          payload: { name: 'probe', url, authType: 'none' },
        });
      for (const url of [
        `${platform.urls.API_URL}/v1/me`,
        'http://localhost:9/mcp',
        'http://169.254.169.254/latest/meta-data',
        'http://[::ffff:127.0.0.1]:9/mcp',
        'http://10.0.0.1/mcp',
      ]) {
        const res = await create(url);
        expect(res.statusCode, url).toBe(400);
        expect(res.json().code).toBe('url_refused');
      }
      const own = await create(mcpUrl);
      expect(own.statusCode).toBe(201);
    } finally {
      await strict.close();
      await db.destroy();
    }
  });
});
