import { Channels, PgListener } from '@bmm/db';
import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { postWholeBodyThenRead } from '@bmm/http/testing';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postForm } from './testing/flow.js';
import {
  type Harness,
  type SeededServer,
  type SeededUser,
  seedServer,
  seedUser,
  startAs,
  WEB_URL,
} from './testing/harness.js';

const REDIRECT = 'http://127.0.0.1:40111/cb';

let t: TestDatabase;
let h: Harness;
let owner: SeededUser;
let stranger: SeededUser;
let server: SeededServer;
let other: SeededServer;
let clientId: string;

async function register(metadata: Record<string, unknown>) {
  const res = await fetch(`${h.issuer}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(metadata),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

interface AuthorizeParams {
  client_id?: string;
  redirect_uri?: string;
  response_type?: string;
  code_challenge?: string;
  code_challenge_method?: string;
  resource?: string;
  scope?: string;
  state?: string;
}

async function authorizeUrl(overrides: AuthorizeParams & { verifier?: string } = {}) {
  const verifier = overrides.verifier ?? oauth.generateRandomCodeVerifier();
  const params: Record<string, string | undefined> = {
    client_id: clientId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    resource: server.resource,
    state: 'st-1',
    ...overrides,
  };
  const url = new URL(`${h.issuer}/authorize`);
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && k !== 'verifier') url.searchParams.set(k, v);
  return { url, verifier };
}

async function startInteraction(overrides: AuthorizeParams = {}) {
  const { url, verifier } = await authorizeUrl(overrides);
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') as string);
  expect(location.origin + location.pathname).toBe(`${WEB_URL}/oauth/consent`);
  return { id: location.searchParams.get('interaction') as string, verifier };
}

async function viewInteraction(id: string, user: SeededUser | null) {
  const res = await fetch(`${h.issuer}/interaction/${id}`, { headers: user ? { cookie: user.cookie } : {} });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function answer(
  id: string,
  user: SeededUser,
  csrf: string | undefined,
  action: 'approve' | 'deny' = 'approve',
) {
  const res = await fetch(`${h.issuer}/interaction/${id}/${action}`, {
    method: 'POST',
    headers: { cookie: user.cookie, 'content-type': 'application/json' },
    body: JSON.stringify(csrf === undefined ? {} : { csrf_token: csrf }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** A fresh code for the default client (consent skipped after the first grant). */
async function freshCode(overrides: AuthorizeParams = {}, user: SeededUser = owner) {
  const { id, verifier } = await startInteraction(overrides);
  const view = await viewInteraction(id, user);
  const redirect = view.body.auto_approved
    ? view.body.redirect_to
    : (await answer(id, user, view.body.csrf_token)).body.redirect_to;
  const code = new URL(redirect).searchParams.get('code') as string;
  return { code, verifier };
}

function exchange(code: string, verifier: string | undefined, extra: Record<string, string> = {}) {
  return postForm(`${h.issuer}/token`, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    client_id: clientId,
    ...(verifier ? { code_verifier: verifier } : {}),
    ...extra,
  });
}

async function tokens(user: SeededUser = owner) {
  const { code, verifier } = await freshCode({}, user);
  const res = await exchange(code, verifier);
  expect(res.status).toBe(200);
  return res.body as { access_token: string; refresh_token: string };
}

function refresh(refreshToken: string) {
  return postForm(`${h.issuer}/token`, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: clientId,
  });
}

/** A JWT without its signature: the header and claims. */
const signed = (jwt: string) => jwt.split('.').slice(0, 2).join('.');
const jtiOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString()).jti as string;
async function denylisted(jwt: string) {
  return (
    (await t.db
      .selectFrom('oauth_token_denylist')
      .select('jti')
      .where('jti', '=', jtiOf(jwt))
      .executeTakeFirst()) !== undefined
  );
}

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startAs(t.db, { config: { registrationsPerMinute: 1000 } });
  owner = await seedUser(t.db, 'owner@example.com');
  stranger = await seedUser(t.db, 'stranger@example.com');
  server = await seedServer(t.db, owner, 'alpha');
  other = await seedServer(t.db, owner, 'bravo');
  const reg = await register({
    client_name: 'Attack Target',
    redirect_uris: [REDIRECT],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'none',
  });
  expect(reg.status).toBe(201);
  clientId = reg.body.client_id;
});
afterAll(async () => {
  await h.close();
  await t.destroy();
});

describe('authorization endpoint', () => {
  it('shows an error page (never redirects) for an unregistered redirect_uri', async () => {
    const { url } = await authorizeUrl({ redirect_uri: 'https://evil.example/steal' });
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('redirect_uri does not match');
  });

  it('accepts another port only for a registered loopback redirect URI (RFC 8252 §7.3)', async () => {
    const other = await fetch((await authorizeUrl({ redirect_uri: 'http://127.0.0.1:50222/cb' })).url, {
      redirect: 'manual',
    });
    expect(other.status).toBe(302);
    expect(other.headers.get('location')).toContain(`${WEB_URL}/oauth/consent`);
    const path = await fetch((await authorizeUrl({ redirect_uri: 'http://127.0.0.1:40111/cb2' })).url, {
      redirect: 'manual',
    });
    expect(path.status).toBe(400);
  });

  it('shows an error page for a loopback redirect_uri with userinfo, on any port', async () => {
    for (const redirect_uri of [
      'http://:pw@127.0.0.1:50222/cb',
      'http://u:p@127.0.0.1:50222/cb',
      'http://:pw@127.0.0.1:40111/cb',
    ]) {
      const res = await fetch((await authorizeUrl({ redirect_uri })).url, { redirect: 'manual' });
      expect(res.status, redirect_uri).toBe(400);
      expect(res.headers.get('location'), redirect_uri).toBeNull();
    }
  });

  it('shows an error page when redirect_uri is missing', async () => {
    const { url } = await authorizeUrl();
    url.searchParams.delete('redirect_uri');
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('redirect_uri is required');
  });

  it('shows an error page for an unknown client', async () => {
    const { url } = await authorizeUrl({ client_id: 'bmm_nobody' });
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Unknown client_id');
  });

  it('styles its error page like the web app, links home and escapes what it shows', async () => {
    const { url } = await authorizeUrl({ client_id: '<img src=x onerror=alert(1)>' });
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<style>');
    expect(html).toContain('class="brand"');
    expect(html).toContain(`href="${WEB_URL}/"`);
    expect(html).not.toContain('<img');
  });

  async function redirectedError(overrides: AuthorizeParams) {
    const { url } = await authorizeUrl(overrides);
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') as string);
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('st-1');
    expect(location.searchParams.get('iss')).toBe(h.issuer);
    return {
      error: location.searchParams.get('error'),
      description: location.searchParams.get('error_description') as string,
    };
  }

  it('requires PKCE: missing challenge → invalid_request', async () => {
    const r = await redirectedError({ code_challenge: '', code_challenge_method: '' });
    expect(r.error).toBe('invalid_request');
    expect(r.description).toContain('PKCE is required');
  });

  it('refuses PKCE plain → invalid_request', async () => {
    const r = await redirectedError({ code_challenge_method: 'plain' });
    expect(r.error).toBe('invalid_request');
    expect(r.description).toContain('plain is not allowed');
  });

  it('requires resource → invalid_target', async () => {
    const r = await redirectedError({ resource: '' });
    expect(r.error).toBe('invalid_target');
    expect(r.description).toContain('resource is required');
  });

  it('refuses a resource that is not a live hosted server → invalid_target', async () => {
    const r = await redirectedError({ resource: 'http://runner.test/ghost/mcp' });
    expect(r.error).toBe('invalid_target');
    expect(r.description).toContain('No live MCP server');
    const r2 = await redirectedError({ resource: 'https://evil.example/alpha/mcp' });
    expect(r2.error).toBe('invalid_target');
  });

  it('refuses scopes the server does not have → invalid_scope', async () => {
    const r = await redirectedError({ scope: 'mcp:tools admin:all' });
    expect(r.error).toBe('invalid_scope');
    expect(r.description).toContain('admin:all');
  });

  it('refuses other response types → unsupported_response_type', async () => {
    const r = await redirectedError({ response_type: 'token' });
    expect(r.error).toBe('unsupported_response_type');
  });
});

describe('consent (interaction API)', () => {
  it('requires a signed-in user → 401 login_required', async () => {
    const { id } = await startInteraction();
    const r = await viewInteraction(id, null);
    expect(r.status).toBe(401);
    expect(r.body.error).toBe('login_required');
  });

  it('names only the client (never the server) to a signed-out browser, for the login page', async () => {
    const { id } = await startInteraction();
    const res = await fetch(`${h.issuer}/interaction/${id}/client`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['client']);
    expect(body.client).toEqual({ name: expect.any(String), redirect_host: new URL(REDIRECT).hostname });
    const unknown = await fetch(`${h.issuer}/interaction/does-not-exist/client`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('answers unknown and expired interactions with 404 invalid_request', async () => {
    const unknown = await viewInteraction('does-not-exist', owner);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('invalid_request');
    expect(unknown.body.error_description).toContain('unknown, already answered or expired');
    const { id } = await startInteraction();
    await t.db
      .updateTable('oauth_interactions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', id)
      .execute();
    const expired = await viewInteraction(id, owner);
    expect(expired.status).toBe(404);
    expect(expired.body.error).toBe('invalid_request');
  });

  it('refuses an approval without the CSRF token → 403 invalid_request', async () => {
    const { id } = await startInteraction();
    const view = await viewInteraction(id, owner);
    expect(view.status).toBe(200);
    const missing = await answer(id, owner, undefined);
    expect(missing.status).toBe(403);
    expect(missing.body.error).toBe('invalid_request');
    expect(missing.body.error_description).toContain('csrf_token is missing');
    const wrong = await answer(id, owner, 'x'.repeat(43));
    expect(wrong.status).toBe(403);
    expect(wrong.body.error_description).toContain('csrf_token is not valid');
  });

  it('refuses consent by a user without access → 403 access_denied, and shows them nothing', async () => {
    const { id } = await startInteraction();
    const view = await viewInteraction(id, stranger);
    expect(view.status).toBe(403);
    expect(view.body.error).toBe('access_denied');
    expect(JSON.stringify(view.body)).not.toContain('get_weather');
    const ownerView = await viewInteraction(id, owner);
    // A CSRF token of another session does not help either.
    const r = await answer(id, stranger, ownerView.body.csrf_token);
    expect(r.status).toBe(403);
    expect(r.body.error).toBe('invalid_request');
  });

  it('lets allowlisted emails and anyone (public) consent', async () => {
    const listed = await seedServer(t.db, owner, 'charlie', {
      visibility: 'allowlist',
      allowlist: ['Stranger@example.com'],
    });
    const { id } = await startInteraction({ resource: listed.resource });
    const view = await viewInteraction(id, stranger);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      client: { name: 'Attack Target', redirect_host: '127.0.0.1', is_cimd: false, localhost_only: true },
      server: { slug: 'charlie', tools: [{ name: 'get_weather' }] },
      scopes: ['mcp:tools'],
      user: { email: 'stranger@example.com' },
      auto_approved: false,
    });
    expect((await answer(id, stranger, view.body.csrf_token)).status).toBe(200);
  });

  it('refuses an allowlisted email the account never verified, without naming the server', async () => {
    const squatter = await seedUser(t.db, 'victim@example.com', { verified: false });
    const listed = await seedServer(t.db, owner, 'charlie-unverified', {
      visibility: 'allowlist',
      allowlist: ['victim@example.com'],
    });
    const { id } = await startInteraction({ resource: listed.resource });
    const view = await viewInteraction(id, squatter);
    expect(view.status).toBe(403);
    expect(view.body.error).toBe('access_denied');
    expect(view.body.error_description).toContain('verify that address');
    expect(JSON.stringify(view.body)).not.toContain('Server charlie-unverified');
    const ownerView = await viewInteraction(id, owner);
    expect((await answer(id, squatter, ownerView.body.csrf_token)).status).toBe(403);
  });

  it('merges concurrent approvals into one grant with the union of scopes', async () => {
    const delta = await seedServer(t.db, owner, 'delta', { toolScopes: ['mcp:tools', 'x:read'] });
    const a = await startInteraction({ resource: delta.resource, scope: 'mcp:tools' });
    const b = await startInteraction({ resource: delta.resource, scope: 'x:read' });
    const [va, vb] = await Promise.all([viewInteraction(a.id, owner), viewInteraction(b.id, owner)]);
    const [ra, rb] = await Promise.all([
      answer(a.id, owner, va.body.csrf_token),
      answer(b.id, owner, vb.body.csrf_token),
    ]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    const grants = await t.db
      .selectFrom('oauth_grants')
      .select('scopes')
      .where('server_id', '=', delta.id)
      .execute();
    expect(grants).toHaveLength(1);
    expect([...(grants[0]?.scopes ?? [])].sort()).toEqual(['mcp:tools', 'x:read']);
    const actions = await t.db
      .selectFrom('audit_events')
      .select('action')
      .where('org_id', '=', delta.orgId)
      .orderBy('action')
      .execute();
    expect(actions.map((e) => e.action)).toEqual(['oauth.grant.create', 'oauth.grant.use']);
  });

  it('deny redirects with access_denied, state and iss', async () => {
    const { id } = await startInteraction();
    const view = await viewInteraction(id, owner);
    const r = await answer(id, owner, view.body.csrf_token, 'deny');
    const to = new URL(r.body.redirect_to);
    expect(to.searchParams.get('error')).toBe('access_denied');
    expect(to.searchParams.get('state')).toBe('st-1');
    expect(to.searchParams.get('iss')).toBe(h.issuer);
    expect((await viewInteraction(id, owner)).status).toBe(404);
  });
});

describe('token endpoint', () => {
  it('rejects a reused code → invalid_grant and revokes what it issued', async () => {
    const { code, verifier } = await freshCode();
    const first = await exchange(code, verifier);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const second = await exchange(code, verifier);
    expect(second.status).toBe(400);
    expect(second.body.error).toBe('invalid_grant');
    expect(second.body.error_description).toContain('already used');
    expect(await denylisted(first.body.access_token)).toBe(true);
    expect((await refresh(first.body.refresh_token)).body.error).toBe('invalid_grant');
  });

  it('rejects a missing verifier → invalid_request, a wrong one → invalid_grant', async () => {
    const { code } = await freshCode();
    const missing = await exchange(code, undefined);
    expect(missing.body.error).toBe('invalid_request');
    expect(missing.body.error_description).toContain('code_verifier is required');
    const wrong = await exchange(code, oauth.generateRandomCodeVerifier());
    expect(wrong.body.error).toBe('invalid_grant');
    expect(wrong.body.error_description).toContain('PKCE verification failed');
  });

  it('rejects a redirect_uri other than the authorized one → invalid_grant', async () => {
    const { code, verifier } = await freshCode();
    const r = await exchange(code, verifier, { redirect_uri: 'http://127.0.0.1:40111/other' });
    expect(r.body.error).toBe('invalid_grant');
    expect(r.body.error_description).toContain('redirect_uri does not match');
  });

  it('rejects a resource of another server → invalid_target', async () => {
    const { code, verifier } = await freshCode();
    const r = await exchange(code, verifier, { resource: other.resource });
    expect(r.body.error).toBe('invalid_target');
    expect(r.body.error_description).toContain('resource does not match');
  });

  it('rejects an expired code → invalid_grant', async () => {
    const { code, verifier } = await freshCode();
    await t.db
      .updateTable('oauth_codes')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('used_at', 'is', null)
      .execute();
    const r = await exchange(code, verifier);
    expect(r.body.error).toBe('invalid_grant');
    expect(r.body.error_description).toContain('expired');
  });

  it('rejects wrong client authentication → 401 invalid_client', async () => {
    const conf = await register({
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
    });
    const id = conf.body.client_id as string;
    const basic = (secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
    const wrong = await postForm(
      `${h.issuer}/token`,
      { grant_type: 'refresh_token', refresh_token: 'x' },
      { authorization: basic('nope') },
    );
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_client');
    expect(wrong.body.error_description).toContain('wrong client secret');
    expect(wrong.headers.get('www-authenticate')).toContain('Basic');
    const none = await postForm(`${h.issuer}/token`, {
      grant_type: 'refresh_token',
      refresh_token: 'x',
      client_id: id,
    });
    expect(none.status).toBe(401);
    expect(none.body.error_description).toContain('registered for client_secret_basic');
    const unknown = await postForm(`${h.issuer}/token`, {
      grant_type: 'refresh_token',
      refresh_token: 'x',
      client_id: 'bmm_ghost',
    });
    expect(unknown.body.error).toBe('invalid_client');
    const right = await postForm(
      `${h.issuer}/token`,
      { grant_type: 'refresh_token', refresh_token: 'x' },
      { authorization: basic(conf.body.client_secret) },
    );
    expect(right.body.error).toBe('invalid_grant');
  });

  it('authenticates the client in the grant statement itself: wrong credentials get nothing and spend nothing', async () => {
    const conf = await register({
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
    });
    const id = conf.body.client_id as string;
    const basic = (secret: string) => ({
      authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
    });
    const { code, verifier } = await freshCode({ client_id: id });
    const form = { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: REDIRECT };
    const wrong = await postForm(`${h.issuer}/token`, form, basic('nope'));
    expect([wrong.status, wrong.body.error_description]).toEqual([
      401,
      expect.stringContaining('wrong client secret'),
    ]);
    const asPublic = await postForm(`${h.issuer}/token`, { ...form, client_id: id });
    expect(asPublic.body.error_description).toContain('registered for client_secret_basic');
    const posted = await postForm(`${h.issuer}/token`, {
      ...form,
      client_id: id,
      client_secret: conf.body.client_secret,
    });
    expect(posted.body.error_description).toContain(
      'registered for client_secret_basic, not client_secret_post',
    );
    // None of that spent the code.
    const right = await postForm(`${h.issuer}/token`, form, basic(conf.body.client_secret));
    expect(right.status).toBe(200);
    const refreshForm = { grant_type: 'refresh_token', refresh_token: right.body.refresh_token };
    expect((await postForm(`${h.issuer}/token`, refreshForm, basic('nope'))).body.error).toBe(
      'invalid_client',
    );
    expect((await postForm(`${h.issuer}/token`, refreshForm, basic(conf.body.client_secret))).status).toBe(
      200,
    );
  });

  it('refuses a refresh to a client not registered for the refresh_token grant → unauthorized_client', async () => {
    const codeOnly = await register({
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'none',
    });
    const id = codeOnly.body.client_id as string;
    const { code, verifier } = await freshCode({ client_id: id });
    const issued = await exchange(code, verifier, { client_id: id });
    expect(issued.status).toBe(200);
    const r = await postForm(`${h.issuer}/token`, {
      grant_type: 'refresh_token',
      refresh_token: issued.body.refresh_token,
      client_id: id,
    });
    expect([r.status, r.body.error]).toEqual([400, 'unauthorized_client']);
  });

  it('announces a revoked access token to runners through NOTIFY', async () => {
    const listener = new PgListener(t.url);
    const heard: { jti: string; exp: number }[] = [];
    listener.on(Channels.tokenRevoked, (p) => heard.push(p));
    await listener.start();
    try {
      const pair = await tokens();
      const r = await postForm(`${h.issuer}/revoke`, { token: pair.access_token, client_id: clientId });
      expect(r.status).toBe(200);
      for (let i = 0; i < 100 && heard.length === 0; i++) await new Promise((res) => setTimeout(res, 20));
      expect(heard).toEqual([{ jti: jtiOf(pair.access_token), exp: expect.any(Number) }]);
    } finally {
      await listener.close();
    }
  });

  it('rejects repeated parameters and two client authentication methods → invalid_request', async () => {
    const body = new URLSearchParams([
      ['grant_type', 'refresh_token'],
      ['refresh_token', 'a'],
      ['refresh_token', 'b'],
      ['client_id', clientId],
    ]);
    const res = await fetch(`${h.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_request');
    const both = await postForm(
      `${h.issuer}/token`,
      { grant_type: 'refresh_token', refresh_token: 'x', client_secret: 's' },
      { authorization: `Basic ${Buffer.from(`${clientId}:s`).toString('base64')}` },
    );
    expect(both.body.error).toBe('invalid_request');
    expect(both.body.error_description).toContain('one client authentication method');
  });

  it('rejects other grant types and non-form bodies', async () => {
    const r = await postForm(`${h.issuer}/token`, { grant_type: 'password', client_id: clientId });
    expect(r.body.error).toBe('unsupported_grant_type');
    const json = await fetch(`${h.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(((await json.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('detects refresh replay → invalid_grant and revokes the family', async () => {
    const first = await tokens();
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    const third = await refresh(second.body.refresh_token);
    expect(third.status).toBe(200);
    // `first` is two rotations old: its successor is used, so no grace.
    const replay = await refresh(first.refresh_token);
    expect(replay.body.error).toBe('invalid_grant');
    expect(replay.body.error_description).toContain('already used');
    expect(await denylisted(third.body.access_token)).toBe(true);
    expect((await refresh(third.body.refresh_token)).body.error).toBe('invalid_grant');
  });

  it('answers a concurrent refresh within the grace window with the same new pair', async () => {
    const first = await tokens();
    const [a, b] = await Promise.all([refresh(first.refresh_token), refresh(first.refresh_token)]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.body.refresh_token).toBe(a.body.refresh_token);
    // The same access token: header and claims (jti included); ES256 signs them afresh each time.
    expect(signed(b.body.access_token)).toBe(signed(a.body.access_token));
    expect((await refresh(a.body.refresh_token)).status).toBe(200);
  });

  it('rejects tokens of a revoked grant → invalid_grant', async () => {
    const first = await tokens();
    const { revokeGrant } = await import('@bmm/oauth');
    const grant = await t.db
      .selectFrom('oauth_grants')
      .select('id')
      .where('client_id', '=', clientId)
      .where('server_id', '=', server.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(await revokeGrant(t.db, { grantId: grant.id, serverId: server.id })).toBe(true);
    const r = await refresh(first.refresh_token);
    expect(r.body.error).toBe('invalid_grant');
    expect(await denylisted(first.access_token)).toBe(true);
    // A revoked grant means consent is asked again.
    const { id } = await startInteraction();
    expect((await viewInteraction(id, owner)).body.auto_approved).toBe(false);
  });
});

describe('access changes', () => {
  it('stops refreshing once the user left the server’s org → invalid_grant', async () => {
    const member = await seedUser(t.db, 'member@example.com');
    await t.db
      .insertInto('memberships')
      .values({ org_id: server.orgId, user_id: member.id, role: 'member' })
      .execute();
    const first = await tokens(member);
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    await t.db.deleteFrom('memberships').where('user_id', '=', member.id).execute();
    const third = await refresh(second.body.refresh_token);
    expect(third.body.error).toBe('invalid_grant');
    expect(third.body.error_description).toContain('no longer has access');
  });
});

describe('access changes: unverified email', () => {
  it('stops refreshing an allowlist grant once the email counts as unverified → invalid_grant', async () => {
    const guest = await seedUser(t.db, 'guest@example.com');
    const listed = await seedServer(t.db, owner, 'echo-allow', {
      visibility: 'allowlist',
      allowlist: ['guest@example.com'],
    });
    const { code, verifier } = await freshCode({ resource: listed.resource }, guest);
    const first = await exchange(code, verifier);
    expect(first.status).toBe(200);
    const second = await refresh(first.body.refresh_token);
    expect(second.status).toBe(200);
    // E.g. the address changed hands: the account is no longer proven to own it.
    await t.db.updateTable('users').set({ email_verified_at: null }).where('id', '=', guest.id).execute();
    const third = await refresh(second.body.refresh_token);
    expect(third.body.error).toBe('invalid_grant');
    expect(third.body.error_description).toContain('no longer has access');
  });
});

describe('registration', () => {
  it('rejects an oversize registration → 413 invalid_client_metadata', async () => {
    const r = await register({ redirect_uris: [REDIRECT], client_name: 'x'.repeat(20_000) });
    expect(r.status).toBe(413);
    expect(r.body.error).toBe('invalid_client_metadata');
    expect(r.body.error_description).toContain('too large');
  });

  it('answers an oversize registration body with 413 JSON, not a reset connection', async () => {
    const res = await postWholeBodyThenRead(`${h.issuer}/register`, { size: 8 * 1024 * 1024 });
    expect(res.error).toBe('');
    expect(res.head).toMatch(/^HTTP\/1\.1 413 /);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'invalid_client_metadata' });
    const token = await postWholeBodyThenRead(`${h.issuer}/token`, {
      size: 8 * 1024 * 1024,
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(token.error).toBe('');
    expect(token.head).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('rejects malformed registrations with exact errors', async () => {
    const raw = await fetch(`${h.issuer}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"redirect_uris": [',
    });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { error: string }).error).toBe('invalid_client_metadata');
    expect((await register({})).body).toMatchObject({
      error: 'invalid_client_metadata',
      error_description: expect.stringContaining('redirect_uris is required'),
    });
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,hi',
      'http://evil.example/cb',
      'https://app.example/cb#frag',
    ]) {
      const r = await register({ redirect_uris: [bad] });
      expect(r.status, bad).toBe(400);
      expect(r.body.error, bad).toBe('invalid_redirect_uri');
    }
    expect(
      (await register({ redirect_uris: [REDIRECT], token_endpoint_auth_method: 'private_key_jwt' })).body
        .error,
    ).toBe('invalid_client_metadata');
    expect(
      (await register({ redirect_uris: [REDIRECT], grant_types: ['client_credentials'] })).body.error,
    ).toBe('invalid_client_metadata');
    const ok = await register({
      redirect_uris: ['claude://callback', 'http://localhost:9999/cb'],
      token_endpoint_auth_method: 'none',
    });
    expect(ok.status).toBe(201);
  });

  it('rate-limits registrations per IP', async () => {
    const limited = await startAs(t.db, { config: { registrationsPerMinute: 2 } });
    try {
      const post = () =>
        fetch(`${limited.issuer}/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' }),
        });
      expect((await post()).status).toBe(201);
      expect((await post()).status).toBe(201);
      const third = await post();
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(third.headers.get('content-type')).toContain('application/problem+json');
      const body = (await third.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ status: 429, code: 'rate_limited', title: 'Too Many Requests' });
      expect(body.error).toBeUndefined();
      expect(String(body.detail)).toMatch(/try again in \d+ seconds/);
    } finally {
      await limited.close();
    }
  });
});

describe('introspection', () => {
  it('is refused to public clients → 401 invalid_client', async () => {
    const r = await postForm(`${h.issuer}/introspect`, { token: 'x', client_id: clientId });
    expect(r.status).toBe(401);
    expect(r.body.error).toBe('invalid_client');
    expect(r.body.error_description).toContain('confidential client');
  });
});
