/**
 * Connectors and the auth doctor against an OAuth-protected MCP server that is not ours: the v1
 * `@modelcontextprotocol/sdk`'s auth router + demo provider + Server (tests/support/independent-mcp.ts),
 * through our api over real HTTP with a real Postgres.
 */
import { lookup } from 'node:dns/promises';
import os from 'node:os';
import { buildApp as buildApi } from '@bmm/api/app';
import { signTicket } from '@bmm/crypto';
import { createDb, type Db } from '@bmm/db';
import { createLogger } from '@bmm/logger';
import { createPlanner } from '@bmm/planner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session, startUpstream } from '../support/http.ts';
import { ADMIN_SCOPE, type IndependentMcp, startIndependentMcp } from '../support/independent-mcp.ts';
import { type Platform, startPlatform } from '../support/platform.ts';

let platform: Platform;
let ada: Session;
let remote: IndependentMcp;

beforeAll(async () => {
  [platform, remote] = await Promise.all([startPlatform(), startIndependentMcp()]);
  ada = new Session(platform.urls.API_URL, platform.urls.WEB_URL);
  await ada.signUp('ada.independent@example.com');
});
// A name (not an IP literal) that resolves to loopback on this machine, when there is one:
// the guard has to refuse it when it connects, since nothing in the URL gives it away.
const hostname = os.hostname();
const hostnameIsLoopback = await lookup(hostname, { all: true }).then(
  (all) => all.length > 0 && all.every((a) => a.address.startsWith('127.') || a.address === '::1'),
  () => false,
);

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
  await remote?.close();
  await platform?.stop();
});

type Api = Awaited<ReturnType<typeof buildApi>>;

/**
 * Another api over the same database with other settings (API_URL, the private-network switch,
 * which origin counts as our own runner), signed in as Ada; driven with `inject`.
 */
async function extraApi(config: Record<string, unknown>) {
  const db: Db = createDb(platform.databaseUrl, { max: 2 });
  const app: Api = await buildApi({
    db,
    logger: createLogger({ name: 'api-extra', level: 'silent' }),
    keyring: platform.keyring,
    planner: createPlanner({}),
    config: { ...platform.urls, ...config },
  });
  cleanup.push(async () => {
    await app.close();
    await db.destroy();
  });
  const login = await app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    headers: { origin: platform.urls.WEB_URL },
    payload: { email: 'ada.independent@example.com', password: 'correct horse battery staple' },
  });
  const cookie = login.cookies.find((c) => c.name === 'bmm_session')!.value;
  const as = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) => {
    const res = await app.inject({
      method,
      url,
      headers: { origin: platform.urls.WEB_URL },
      cookies: { bmm_session: cookie },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return { status: res.statusCode, body: res.body ? res.json() : null };
  };
  return { app, as };
}

async function oauthData(id: string) {
  const row = await platform.db
    .selectFrom('connectors')
    .select('oauth_ciphertext')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return JSON.parse(platform.keyring.decryptString(row.oauth_ciphertext!, `connector:${id}:oauth`));
}

/** The demo authorization server approves at once: its /authorize redirects straight back with a code. */
async function followAuthorize(authorizeUrl: string): Promise<URL> {
  const res = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(res.status, await res.clone().text()).toBe(302);
  return new URL(res.headers.get('location')!);
}

async function signIn(id: string): Promise<{ authorize: URL; callback: URL; html: string }> {
  const start = await ada.call('POST', `/v1/connectors/${id}/oauth/start`);
  expect(start.status, JSON.stringify(start.body)).toBe(200);
  const authorize = new URL(start.body.authorize_url);
  const callback = await followAuthorize(authorize.href);
  const page = await fetch(callback);
  expect(page.status).toBe(200);
  return { authorize, callback, html: await page.text() };
}

const call = (id: string, tool: string, args: Record<string, unknown> = {}) =>
  ada.call('POST', `/v1/connectors/${id}/call`, { tool, arguments: args });

describe('a connector to an independent OAuth-protected MCP server (v1 SDK auth router + demo provider)', () => {
  let id: string;

  it('signs in through the remote AS: DCR, PKCE S256, resource, our signed state, then the callback', async () => {
    const created = await ada.call('POST', '/v1/connectors', {
      name: 'Independent',
      url: remote.mcpUrl,
      authType: 'oauth',
    });
    expect(created.status).toBe(201);
    id = created.body.connector.id;

    const { authorize, callback, html } = await signIn(id);
    expect(authorize.origin + authorize.pathname).toBe(`${remote.asOrigin}/authorize`);
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('resource')).toBe(remote.mcpUrl);
    expect(authorize.searchParams.get('scope')).toBe('mcp:tools');
    expect(authorize.searchParams.get('redirect_uri')).toBe(
      `${platform.urls.API_URL}/v1/connectors/oauth/callback`,
    );
    // No Client ID Metadata Document support advertised (and API_URL is not public https): DCR.
    expect(remote.requests).toContain('POST as /register');
    expect(callback.origin + callback.pathname).toBe(`${platform.urls.API_URL}/v1/connectors/oauth/callback`);
    expect(callback.searchParams.get('state')).toBe(authorize.searchParams.get('state'));
    expect(html).toContain('"status":"ready"');

    const data = await oauthData(id);
    expect(data.client.client_id).toBeTruthy();
    expect(data.tokens.refresh_token).toBeTruthy();
    expect(data.codeVerifier).toBeUndefined();
    expect(html).not.toContain(data.tokens.access_token);
    const got = await ada.call('GET', `/v1/connectors/${id}`);
    expect(got.body.connector).toMatchObject({ status: 'ready', signedIn: true, lastError: null });
  });

  it('lists the tools and calls one; the token is audience-bound to the server', async () => {
    const refreshed = await ada.call('POST', `/v1/connectors/${id}/tools/refresh`);
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
    expect(refreshed.body.connector.tools.map((t: { name: string }) => t.name)).toEqual([
      'add',
      'whoami',
      'admin_reset',
      'big',
    ]);
    const added = await call(id, 'add', { a: 2, b: 40 });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body.result.structuredContent).toEqual({ sum: 42 });
    expect(added.body.result.content).toEqual([{ type: 'text', text: '42' }]);
    const tokensCall = added.body.exchanges.find(
      (e: { request: { method?: string } }) => e.request?.method === 'tools/call',
    );
    expect(tokensCall).toMatchObject({ method: 'POST', url: remote.mcpUrl, status: 200 });
    expect(tokensCall.requestHeaders.authorization).toBe('Bearer [redacted]');

    const who = await call(id, 'whoami');
    const claims = JSON.parse(who.body.result.content[0].text);
    expect(claims).toEqual({
      clientId: (await oauthData(id)).client.client_id,
      scopes: ['mcp:tools'],
      resource: remote.mcpUrl,
    });
  });

  it('refreshes transparently when the remote expires the access token, and the refresh token rotates', async () => {
    const before = await oauthData(id);
    remote.provider.expireAccessTokens();
    const refreshesBefore = remote.provider.grantTypes.filter((g) => g === 'refresh_token').length;
    const res = await call(id, 'add', { a: 1, b: 2 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.result.structuredContent).toEqual({ sum: 3 });
    expect(remote.provider.grantTypes.filter((g) => g === 'refresh_token').length).toBe(refreshesBefore + 1);
    const after = await oauthData(id);
    expect(after.tokens.access_token).not.toBe(before.tokens.access_token);
    expect(after.tokens.refresh_token).not.toBe(before.tokens.refresh_token);
    expect((await ada.call('GET', `/v1/connectors/${id}`)).body.connector.status).toBe('ready');
  });

  it('survives calls that refresh at the same time although each refresh token works once', async () => {
    remote.provider.expireAccessTokens();
    // A slow token endpoint: every call meets the 401 before the first refresh is back.
    remote.tokenDelayMs = 300;
    const g0 = remote.provider.grantTypes.length;
    const results = await Promise.all([1, 2, 3].map((n) => call(id, 'add', { a: n, b: n }))).finally(() => {
      remote.tokenDelayMs = 0;
    });
    // The calls took turns: the first refreshed, the others used its tokens.
    expect(remote.provider.grantTypes.slice(g0)).toEqual(['refresh_token']);
    expect(
      results.map((r) => r.status),
      JSON.stringify(results.map((r) => r.body)),
    ).toEqual([200, 200, 200]);
    expect(results.map((r) => r.body.result.structuredContent.sum)).toEqual([2, 4, 6]);
    expect((await ada.call('GET', `/v1/connectors/${id}`)).body.connector).toMatchObject({
      status: 'ready',
      signedIn: true,
    });
    expect((await call(id, 'add', { a: 1, b: 1 })).status).toBe(200);
  });

  it('adopts the tokens another api instance stored when the remote refuses a refresh token it just spent', async () => {
    // Another replica (played by this test) refreshes while our api's refresh with the same token
    // is held at the remote's token endpoint, and stores what it got, sealed.
    remote.provider.expireAccessTokens();
    const g0 = remote.provider.grantTypes.length;
    const tokenRequests = () => remote.requests.filter((r) => r === 'POST as /token').length;
    const t0 = tokenRequests();
    remote.tokenDelaysMs = [500];
    const pending = call(id, 'add', { a: 20, b: 22 });
    for (let i = 0; i < 100 && tokenRequests() === t0; i++) await new Promise((r) => setTimeout(r, 10));
    const before = await oauthData(id);
    const other = await fetch(`${remote.asOrigin}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: before.tokens.refresh_token,
        client_id: before.client.client_id,
        resource: remote.mcpUrl,
      }),
    });
    expect(other.status).toBe(200);
    const theirs = (await other.json()) as { access_token: string; refresh_token: string };
    await platform.db
      .updateTable('connectors')
      .set({
        oauth_ciphertext: platform.keyring.encrypt(
          JSON.stringify({ ...before, tokens: { ...before.tokens, ...theirs } }),
          `connector:${id}:oauth`,
        ),
      })
      .where('id', '=', id)
      .execute();

    const res = await pending;
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.result.structuredContent).toEqual({ sum: 42 });
    // The other's, ours (refused: that token is spent), then ours again with the adopted one.
    expect(remote.provider.grantTypes.slice(g0)).toEqual(['refresh_token', 'refresh_token', 'refresh_token']);
    const after = await oauthData(id);
    expect(after.tokens.refresh_token).not.toBe(theirs.refresh_token);
    expect((await ada.call('GET', `/v1/connectors/${id}`)).body.connector.status).toBe('ready');
  });

  it('asks for a new sign-in with the larger scope when a tool answers 403 insufficient_scope (step-up)', async () => {
    const denied = await call(id, 'admin_reset');
    expect(denied.status, JSON.stringify(denied.body)).toBe(409);
    expect(denied.body.code).toBe('signin_required');
    const { authorize, html } = await signIn(id);
    expect(authorize.searchParams.get('scope')?.split(' ').sort()).toEqual([ADMIN_SCOPE, 'mcp:tools']);
    expect(html).toContain('"status":"ready"');
    const allowed = await call(id, 'admin_reset');
    expect(allowed.status, JSON.stringify(allowed.body)).toBe(200);
    expect(allowed.body.result.content).toEqual([{ type: 'text', text: 'reset done' }]);
  });

  it('turns to signin_required when the remote revoked the grant, and a new sign-in brings it back', async () => {
    const data = await oauthData(id);
    const revoked = await fetch(`${remote.asOrigin}/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: data.tokens.refresh_token, client_id: data.client.client_id }),
    });
    expect(revoked.status).toBe(200);
    const res = await call(id, 'add', { a: 1, b: 1 });
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body.code).toBe('signin_required');
    const got = (await ada.call('GET', `/v1/connectors/${id}`)).body.connector;
    expect(got).toMatchObject({ status: 'signin_required', signedIn: false });
    expect((await oauthData(id)).tokens).toBeUndefined();

    await signIn(id);
    expect((await call(id, 'add', { a: 1, b: 1 })).status).toBe(200);
  });
});

describe('the sign-in answer from the independent server', () => {
  let id: string;
  beforeAll(async () => {
    const created = await ada.call('POST', '/v1/connectors', {
      name: 'Independent (state)',
      url: remote.mcpUrl,
      authType: 'oauth',
    });
    id = created.body.connector.id;
  });
  const tokenRequests = () => remote.requests.filter((r) => r === 'POST as /token').length;

  it('redeems a code once: the same answer replayed is refused without reaching the remote token endpoint', async () => {
    const { callback, html } = await signIn(id);
    expect(html).toContain('"status":"ready"');
    const before = tokenRequests();
    const replay = await fetch(callback);
    expect(await replay.text()).toContain('already used or has expired');
    expect(tokenRequests()).toBe(before);
  });

  it('refuses an answer whose iss names another authorization server (mix-up), before redeeming the code', async () => {
    const start = await ada.call('POST', `/v1/connectors/${id}/oauth/start`);
    const callback = await followAuthorize(start.body.authorize_url);
    callback.searchParams.set('iss', 'https://attacker.example/');
    const before = tokenRequests();
    const html = await (await fetch(callback)).text();
    expect(html).toContain('"status":"error"');
    expect(html).toMatch(/issuer/i);
    expect(tokenRequests()).toBe(before);
    expect((await ada.call('GET', `/v1/connectors/${id}`)).body.connector.status).toBe('error');
  });

  it('refuses an answer without iss when the remote AS says it sends one', async () => {
    remote.metadataOverrides = { authorization_response_iss_parameter_supported: true };
    try {
      const start = await ada.call('POST', `/v1/connectors/${id}/oauth/start`);
      const callback = await followAuthorize(start.body.authorize_url);
      expect(callback.searchParams.has('iss')).toBe(false); // the v1 demo never sends it
      const before = tokenRequests();
      const html = await (await fetch(callback)).text();
      expect(html).toContain('"status":"error"');
      expect(html).toMatch(/issuer/i);
      expect(tokenRequests()).toBe(before);
    } finally {
      remote.metadataOverrides = {};
    }
  });

  it('refuses a genuine code that comes back with an expired or re-signed state', async () => {
    for (const forge of [
      (claims: Record<string, unknown>) =>
        signTicket(platform.keyring.deriveKey('connector-oauth'), 'connector-oauth', claims, -1),
      (claims: Record<string, unknown>) => signTicket(Buffer.alloc(32, 9), 'connector-oauth', claims, 300),
    ]) {
      const start = await ada.call('POST', `/v1/connectors/${id}/oauth/start`);
      const authorize = new URL(start.body.authorize_url);
      const claims = JSON.parse(
        Buffer.from(authorize.searchParams.get('state')!.split('.')[0]!, 'base64url').toString(),
      );
      authorize.searchParams.set('state', forge({ u: claims.u, c: claims.c, n: claims.n }));
      const callback = await followAuthorize(authorize.href);
      expect(callback.searchParams.get('code')).toBeTruthy();
      const before = tokenRequests();
      const html = await (await fetch(callback)).text();
      expect(html).toContain('invalid or has expired');
      expect(tokenRequests()).toBe(before);
    }
  });
});

describe('signing out and removing end the grant at the remote (RFC 7009)', () => {
  /** Whether the remote still honours a refresh token (a refresh spends it, so only ask once). */
  async function remoteRefreshStatus(data: {
    tokens: { refresh_token: string };
    client: { client_id: string };
  }) {
    const res = await fetch(`${remote.asOrigin}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: data.tokens.refresh_token,
        client_id: data.client.client_id,
      }),
    });
    return { status: res.status, error: ((await res.json()) as { error?: string }).error };
  }
  const auditOf = (id: string, action: string) =>
    platform.db
      .selectFrom('audit_events')
      .select('metadata')
      .where('resource_id', '=', id)
      .where('action', '=', action)
      .executeTakeFirstOrThrow();

  it('revokes the refresh token at the remote on sign-out and on removal', async () => {
    const id = (
      await ada.call('POST', '/v1/connectors', { name: 'Revocable', url: remote.mcpUrl, authType: 'oauth' })
    ).body.connector.id;
    await signIn(id);
    const first = await oauthData(id);
    expect((await ada.call('DELETE', `/v1/connectors/${id}/oauth`)).status).toBe(200);
    expect(remote.requests).toContain('POST as /revoke');
    expect(await remoteRefreshStatus(first)).toEqual({ status: 400, error: 'invalid_grant' });
    expect((await auditOf(id, 'connector.signout')).metadata).toMatchObject({ remote_revocation: 'revoked' });

    await signIn(id);
    const second = await oauthData(id);
    expect((await ada.call('DELETE', `/v1/connectors/${id}`)).status).toBe(204);
    expect(await remoteRefreshStatus(second)).toEqual({ status: 400, error: 'invalid_grant' });
    expect((await auditOf(id, 'connector.delete')).metadata).toMatchObject({ remote_revocation: 'revoked' });
  });
});

describe('the outbound guard against the independent server', () => {
  it('refuses a response larger than the cap', async () => {
    const created = await ada.call('POST', '/v1/connectors', {
      name: 'Big answers',
      url: remote.mcpUrl,
      authType: 'oauth',
    });
    const id = created.body.connector.id;
    await signIn(id);
    expect((await call(id, 'big', { kib: 64 })).status).toBe(200);
    const res = await call(id, 'big', { kib: 1100 });
    expect(res.status, JSON.stringify(res.body)).toBe(502);
    expect(res.body.code).toBe('connector_failed');
    expect(res.body.detail).toMatch(/(more|larger) than 1048576 bytes/);
  });

  it('tells a connector without OAuth that the server wants a sign-in, and how to give it one', async () => {
    for (const body of [
      { authType: 'none' },
      { authType: 'headers', headers: { 'X-Api-Key': 'not-what-it-wants' } },
    ]) {
      const created = await ada.call('POST', '/v1/connectors', {
        name: 'No OAuth',
        url: remote.mcpUrl,
        ...body,
      });
      const res = await call(created.body.connector.id, 'add', { a: 1, b: 2 });
      expect(res.status, JSON.stringify(res.body)).toBe(502);
      expect(res.body.detail).toContain('asks for authorization (HTTP 401)');
      expect(res.body.detail).toContain('add it as an OAuth connector');
      const got = (await ada.call('GET', `/v1/connectors/${created.body.connector.id}`)).body.connector;
      expect(got).toMatchObject({ status: 'error', lastError: res.body.detail });
    }
  });

  it('follows no redirect, not even to a loopback address the operator allows', async () => {
    const sink = await startUpstream(() => ({ body: {} }));
    cleanup.push(sink.close);
    const created = await ada.call('POST', '/v1/connectors', {
      name: 'Redirecting',
      url: remote.mcpUrl,
      authType: 'none',
    });
    remote.redirectMcpTo = `${sink.url}/mcp`;
    try {
      const res = await call(created.body.connector.id, 'add', { a: 1, b: 1 });
      expect(res.status, JSON.stringify(res.body)).toBe(502);
      expect(sink.requests).toEqual([]);
    } finally {
      remote.redirectMcpTo = null;
    }
  });

  describe('without ALLOW_PRIVATE_NETWORK (the remote counts as our runner, so only it is reachable)', () => {
    let strictRemote: IndependentMcp;
    let strict: Awaited<ReturnType<typeof extraApi>>;
    beforeAll(async () => {
      // The authorization server on the MCP server's own origin: discovery can reach it, and
      // whatever its metadata points elsewhere must be refused.
      strictRemote = await startIndependentMcp({ sameOrigin: true });
      cleanup.push(strictRemote.close);
      strict = await extraApi({ RUNNER_URL: strictRemote.mcpOrigin, allowPrivateNetwork: false });
    });
    const create = async (url: string, authType: 'oauth' | 'none' = 'oauth') =>
      strict.as('POST', '/v1/connectors', { name: 'strict', url, authType });

    it('signs in and calls when nothing points elsewhere (the baseline)', async () => {
      const created = await create(strictRemote.mcpUrl);
      expect(created.status).toBe(201);
      const id = created.body.connector.id;
      const start = await strict.as('POST', `/v1/connectors/${id}/oauth/start`);
      expect(start.status, JSON.stringify(start.body)).toBe(200);
      const callback = await followAuthorize(start.body.authorize_url);
      const page = await strict.app.inject({ method: 'GET', url: callback.pathname + callback.search });
      expect(page.body).toContain('"status":"ready"');
      const res = await strict.as('POST', `/v1/connectors/${id}/call`, {
        tool: 'add',
        arguments: { a: 1, b: 2 },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    });

    it('refuses connector URLs on private addresses, also spelled as a fully qualified localhost.', async () => {
      const port = new URL(strictRemote.mcpOrigin).port;
      for (const url of [
        `http://127.0.0.2:${port}/mcp`,
        `http://localhost.:${port}/mcp`,
        'http://169.254.169.254/latest/meta-data',
        'http://[fd00::1]/mcp',
      ]) {
        const res = await create(url);
        expect(res.status, url).toBe(400);
        expect(res.body.code).toBe('url_refused');
      }
    });

    it.runIf(hostnameIsLoopback)(
      'refuses a host name that resolves to a private address when it connects (no DNS rebinding window)',
      async () => {
        const port = new URL(strictRemote.mcpOrigin).port;
        const created = await create(`http://${hostname}:${port}/mcp`, 'none');
        expect(created.status).toBe(201);
        const before = strictRemote.requests.length;
        const res = await strict.as('POST', `/v1/connectors/${created.body.connector.id}/call`, {
          tool: 'add',
          arguments: { a: 1, b: 1 },
        });
        expect(res.status, JSON.stringify(res.body)).toBe(502);
        expect(res.body.detail).toContain('resolves to a private or reserved address');
        expect(strictRemote.requests.length).toBe(before);
      },
    );

    it('refuses resource metadata whose authorization server is a link-local (cloud metadata) address', async () => {
      const id = (await create(strictRemote.mcpUrl)).body.connector.id;
      strictRemote.resourceMetadataOverrides = { authorization_servers: ['https://169.254.169.254/'] };
      try {
        const start = await strict.as('POST', `/v1/connectors/${id}/oauth/start`);
        expect(start.status, JSON.stringify(start.body)).toBe(502);
        expect(start.body.code).toBe('oauth_discovery_failed');
        expect(start.body.detail).toContain('Refused https://169.254.169.254');
      } finally {
        strictRemote.resourceMetadataOverrides = {};
      }
    });

    it('refuses a registration endpoint on a private address', async () => {
      const id = (await create(strictRemote.mcpUrl)).body.connector.id;
      strictRemote.metadataOverrides = { registration_endpoint: 'https://10.0.0.1/register' };
      try {
        const start = await strict.as('POST', `/v1/connectors/${id}/oauth/start`);
        expect(start.status, JSON.stringify(start.body)).toBe(502);
        expect(start.body.detail).toContain('Refused https://10.0.0.1');
      } finally {
        strictRemote.metadataOverrides = {};
      }
    });

    it('refuses a token endpoint on a link-local address at the callback, and records the failed sign-in', async () => {
      const id = (await create(strictRemote.mcpUrl)).body.connector.id;
      strictRemote.metadataOverrides = { token_endpoint: 'https://169.254.169.254/latest/api/token' };
      try {
        const start = await strict.as('POST', `/v1/connectors/${id}/oauth/start`);
        expect(start.status, JSON.stringify(start.body)).toBe(200);
        const callback = await followAuthorize(start.body.authorize_url);
        const page = await strict.app.inject({ method: 'GET', url: callback.pathname + callback.search });
        expect(page.body).toContain('"status":"error"');
        expect(page.body).toContain('Refused https://169.254.169.254');
        const got = await strict.as('GET', `/v1/connectors/${id}`);
        expect(got.body.connector).toMatchObject({ status: 'error', signedIn: false });
        const audit = await platform.db
          .selectFrom('audit_events')
          .select('action')
          .where('resource_id', '=', id)
          .execute();
        expect(audit.map((a) => a.action)).toContain('connector.signin_failed');
      } finally {
        strictRemote.metadataOverrides = {};
      }
    });

    it('refuses a redirect from the MCP endpoint to a private address', async () => {
      const sink = await startUpstream(() => ({ body: {} }));
      cleanup.push(sink.close);
      const id = (await create(strictRemote.mcpUrl, 'none')).body.connector.id;
      strictRemote.redirectMcpTo = `${sink.url}/mcp`;
      try {
        const res = await strict.as('POST', `/v1/connectors/${id}/call`, { tool: 'add', arguments: {} });
        expect(res.status, JSON.stringify(res.body)).toBe(502);
        expect(sink.requests).toEqual([]);
      } finally {
        strictRemote.redirectMcpTo = null;
      }
    });
  });
});

describe('Client ID Metadata Documents when API_URL is public https and the remote AS supports them', () => {
  it('signs in with the https client_id the api serves, without registering', async () => {
    const API_URL = 'https://api.example.com';
    let cimd: Awaited<ReturnType<typeof extraApi>> | undefined;
    const fetched: string[] = [];
    // The remote AS fetches the document; here it reaches that api in-process (no public DNS here).
    const cimdRemote = await startIndependentMcp({
      resolveClientIdMetadataDocument: async (clientId) => {
        fetched.push(clientId);
        const url = new URL(clientId);
        if (url.origin !== API_URL) return undefined;
        const res = await cimd!.app.inject({ method: 'GET', url: url.pathname });
        return res.statusCode === 200 ? res.json() : undefined;
      },
    });
    cleanup.push(cimdRemote.close);
    cimd = await extraApi({ API_URL, allowPrivateNetwork: true });

    const documentUrl = `${API_URL}/v1/connectors/oauth/client-metadata.json`;
    const document = await cimd.app.inject({
      method: 'GET',
      url: '/v1/connectors/oauth/client-metadata.json',
    });
    expect(document.json()).toMatchObject({
      client_id: documentUrl,
      redirect_uris: [`${API_URL}/v1/connectors/oauth/callback`],
      token_endpoint_auth_method: 'none',
    });

    const id = (
      await cimd.as('POST', '/v1/connectors', { name: 'CIMD', url: cimdRemote.mcpUrl, authType: 'oauth' })
    ).body.connector.id;
    const start = await cimd.as('POST', `/v1/connectors/${id}/oauth/start`);
    expect(start.status, JSON.stringify(start.body)).toBe(200);
    const authorize = new URL(start.body.authorize_url);
    expect(authorize.searchParams.get('client_id')).toBe(documentUrl);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${API_URL}/v1/connectors/oauth/callback`);
    const callback = await followAuthorize(authorize.href);
    expect(callback.origin).toBe(API_URL);
    const page = await cimd.app.inject({ method: 'GET', url: callback.pathname + callback.search });
    expect(page.body).toContain('"status":"ready"');
    expect(cimdRemote.requests.filter((r) => r.includes('/register'))).toEqual([]);
    expect(fetched.length).toBeGreaterThanOrEqual(2); // at /authorize and at /token

    const who = await cimd.as('POST', `/v1/connectors/${id}/call`, { tool: 'whoami', arguments: {} });
    expect(who.status, JSON.stringify(who.body)).toBe(200);
    expect(JSON.parse(who.body.result.content[0].text).clientId).toBe(documentUrl);
  });
});

describe('the auth doctor on the independent server', () => {
  it.each([
    ['its authorization server on another origin', false],
    ['its authorization server on the MCP origin', true],
  ])('passes every step but the three the v1 SDK server does not do, with %s', async (_label, sameOrigin) => {
    const target = sameOrigin ? await startIndependentMcp({ sameOrigin: true }) : remote;
    if (sameOrigin) cleanup.push(target.close);
    const res = await ada.call('POST', '/v1/diagnose', { url: target.mcpUrl, probeRegistration: true });
    expect(res.status).toBe(200);
    const steps = res.body.steps as Array<{
      id: string;
      status: string;
      clause: string;
      detail: string;
      evidence: Array<{ request: string; status: number | null }>;
    }>;
    const byId = (id: string) => steps.find((s) => s.id === id)!;
    const notPassing = steps.filter((s) => s.status !== 'pass');
    expect(
      notPassing.map((s) => [s.id, s.status]),
      JSON.stringify(notPassing, null, 1),
    ).toEqual([
      // requireBearerAuth answers a request without a token with error="invalid_token".
      ['challenge', 'warn'],
      // The SDK's authorize handler sends no iss and its metadata does not claim to.
      ['iss_parameter', 'warn'],
      // requireBearerAuth runs before anything looks at Origin: no way to tell from outside.
      ['origin_validation', 'warn'],
    ]);
    expect(byId('challenge').clause).toBe('RFC 6750 §3.1');
    expect(byId('challenge').detail).toContain('error="invalid_token"');
    expect(byId('iss_parameter').clause).toBe('RFC 9207 §3');
    expect(byId('authorization_server_metadata').evidence[0]!.request).toBe(
      `GET ${target.asOrigin}/.well-known/oauth-authorization-server`,
    );
    expect(byId('issuer').detail).toBe(`issuer = ${target.issuer}`);
    expect(byId('resource_identifier').detail).toBe(`resource = ${target.mcpUrl}`);
    // The v1 router has no RFC 7592 management: the throw-away client stays, and the step says so.
    expect(byId('registration_probe').evidence.map((e) => e.status)).toEqual([201]);
    expect(byId('registration_probe').detail).toContain('no RFC 7592 management');
    // Express routes /mcp/ to the same handler, whose challenge names /mcp's metadata: one resource.
    expect(byId('trailing_slash').detail).toContain('is the same resource');
  });
});
