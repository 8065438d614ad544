/**
 * Removing someone's access ends it within 2 s at the real runner, not when their access token
 * expires: member removal, visibility narrowed to the org, allowlist shortened; and the API keys a
 * removed (or demoted) admin created stop working at once.
 */
import type { ServerSpec } from '@bmm/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeUrl, listTools, pkce, registerClient, tokenRequest } from '../browser/support/oauth.ts';
import { followBuild, Session } from '../support/http.ts';
import { type Platform, startPlatform } from '../support/platform.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const slug = `revoke-${Date.now().toString(36)}`;
let platform: Platform;
let owner: Session;
let serverId = '';
let mcpUrl = '';
let clientId = '';
let people = 0;

const spec: ServerSpec = {
  name: 'Revocation',
  slug,
  description: 'Adds numbers.',
  secrets: [],
  tools: [
    {
      name: 'add',
      description: 'Adds two numbers.',
      inputSchema: {
        type: 'object',
        properties: { a: { type: 'number' }, b: { type: 'number' } },
        required: ['a', 'b'],
      },
      impl: {
        kind: 'code',
        source: 'export default async function (input) { return { sum: input.a + input.b }; }',
      },
      examples: [{ input: { a: 1, b: 2 }, expect: { contains: '3' } }],
    },
  ],
};

/** A new person with a verified address and a session. */
async function person(name: string) {
  people += 1;
  const email = `${name.toLowerCase()}-${people}-${Date.now()}@example.com`;
  const session = new Session(platform.urls.API_URL, platform.urls.WEB_URL);
  const { user } = await session.signUp(email, 'correct horse battery staple', name);
  await session.verifyEmail(platform.smtp, email);
  return { session, email, userId: user.id };
}

/** Authorization code flow through the consent API as `session`; returns the token response. */
async function tokensFor(session: Session) {
  const issuer = platform.urls.OAUTH_ISSUER;
  const { verifier, challenge } = pkce();
  const start = await fetch(
    authorizeUrl(issuer, { clientId, redirectUri: REDIRECT, challenge, state: 's', resource: mcpUrl }),
    { redirect: 'manual' },
  );
  const interaction = new URL(start.headers.get('location') as string).searchParams.get('interaction');
  const headers = {
    cookie: session.cookie,
    origin: platform.urls.WEB_URL,
    'content-type': 'application/json',
  };
  const view = await fetch(`${issuer}/interaction/${interaction}`, { headers });
  expect(view.status).toBe(200);
  const { csrf_token, auto_approved, redirect_to } = (await view.json()) as Record<string, string>;
  let redirect = redirect_to;
  if (!auto_approved) {
    const approved = await fetch(`${issuer}/interaction/${interaction}/approve`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ csrf_token }),
    });
    expect(approved.status).toBe(200);
    redirect = ((await approved.json()) as { redirect_to: string }).redirect_to;
  }
  const code = new URL(redirect as string).searchParams.get('code') as string;
  const res = await tokenRequest(issuer, {
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: REDIRECT,
    client_id: clientId,
    resource: mcpUrl,
  });
  expect(res.status).toBe(200);
  return res.body as { access_token: string; refresh_token: string };
}

/** Milliseconds until the runner refuses `token` (polling every 25 ms), or Infinity after 5 s. */
async function msUntilRefused(token: string, since: number): Promise<number> {
  while (Date.now() - since < 5000) {
    const r = await listTools(mcpUrl, token);
    if (r.status === 401) return Date.now() - since;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Number.POSITIVE_INFINITY;
}

async function refreshFails(refreshToken: string) {
  const r = await tokenRequest(platform.urls.OAUTH_ISSUER, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: clientId,
  });
  return r.status === 400 && r.body.error === 'invalid_grant';
}

async function join(invitee: Awaited<ReturnType<typeof person>>, role: 'member' | 'admin') {
  const inv = await owner.call('POST', '/v1/invitations', { email: invitee.email, role });
  expect(inv.status).toBe(201);
  const token = new URL(inv.body.acceptUrl).searchParams.get('token');
  expect((await invitee.session.call('POST', '/v1/invitations/accept', { token })).status).toBe(200);
}

beforeAll(async () => {
  platform = await startPlatform({ logLevel: 'error' });
  const o = await person('Owner');
  owner = o.session;
  const created = await owner.call('POST', '/v1/servers', { name: 'Revocation', slug, spec });
  expect(created.status).toBe(201);
  serverId = created.body.server.id;
  mcpUrl = created.body.server.mcpUrl;
  const ticket = await owner.call('POST', `/v1/builds/${created.body.build.id}/ticket`);
  const build = await followBuild(ticket.body.url, ticket.body.ticket);
  expect(build.done.status).toBe('succeeded');
  clientId = await registerClient(platform.urls.OAUTH_ISSUER, 'Revocation test', REDIRECT);
}, 60_000);
afterAll(async () => {
  await platform?.stop();
});

describe('removing access ends it within 2 s', () => {
  it('DELETE /v1/members/:id: their access token is refused by the runner, refresh and API keys die', async () => {
    const admin = await person('Admin');
    await join(admin, 'admin');
    const key = await admin.session.call('POST', '/v1/api-keys', { name: 'their ci' });
    expect(key.status).toBe(201);
    const tokens = await tokensFor(admin.session);
    expect((await listTools(mcpUrl, tokens.access_token)).status).toBe(200);

    const removed = await owner.call('DELETE', `/v1/members/${admin.userId}`);
    expect(removed.status).toBe(204);
    const ms = await msUntilRefused(tokens.access_token, Date.now());
    expect(ms).toBeLessThan(2000);
    expect(await refreshFails(tokens.refresh_token)).toBe(true);
    const withKey = await fetch(`${platform.urls.API_URL}/v1/servers`, {
      headers: { authorization: `Bearer ${key.body.key}` },
    });
    expect(withKey.status).toBe(401);
    const audit = await owner.call('GET', '/v1/audit?action=member.remove');
    expect(JSON.stringify(audit.body)).toContain('apiKeysRevoked');
  });

  it('public → org: a non-member’s token is refused within 2 s; members keep theirs', async () => {
    const outsider = await person('Outsider');
    const member = await person('Member');
    await join(member, 'member');
    expect((await owner.call('PATCH', `/v1/servers/${serverId}`, { visibility: 'public' })).status).toBe(200);
    const theirs = await tokensFor(outsider.session);
    const ours = await tokensFor(member.session);
    expect((await listTools(mcpUrl, theirs.access_token)).status).toBe(200);

    expect((await owner.call('PATCH', `/v1/servers/${serverId}`, { visibility: 'org' })).status).toBe(200);
    expect(await msUntilRefused(theirs.access_token, Date.now())).toBeLessThan(2000);
    expect(await refreshFails(theirs.refresh_token)).toBe(true);
    expect((await listTools(mcpUrl, ours.access_token)).status).toBe(200);
  });

  it('allowlist removal: the removed address’s token is refused within 2 s; the listed one keeps working', async () => {
    const guest = await person('Guest');
    const stays = await person('Stays');
    expect(
      (
        await owner.call('PATCH', `/v1/servers/${serverId}`, {
          visibility: 'allowlist',
          allowlist: [guest.email, stays.email],
        })
      ).status,
    ).toBe(200);
    const guestTokens = await tokensFor(guest.session);
    const staysTokens = await tokensFor(stays.session);
    expect((await listTools(mcpUrl, guestTokens.access_token)).status).toBe(200);

    const patched = await owner.call('PATCH', `/v1/servers/${serverId}`, { allowlist: [stays.email] });
    expect(patched.status).toBe(200);
    expect(await msUntilRefused(guestTokens.access_token, Date.now())).toBeLessThan(2000);
    expect(await refreshFails(guestTokens.refresh_token)).toBe(true);
    expect((await listTools(mcpUrl, staysTokens.access_token)).status).toBe(200);
    await owner.call('PATCH', `/v1/servers/${serverId}`, { visibility: 'org', allowlist: [] });
  });

  it('demoting an admin to member revokes the API keys they created', async () => {
    const admin = await person('Demoted');
    await join(admin, 'admin');
    const key = await admin.session.call('POST', '/v1/api-keys', { name: 'demoted ci' });
    const use = () =>
      fetch(`${platform.urls.API_URL}/v1/servers`, { headers: { authorization: `Bearer ${key.body.key}` } });
    expect((await use()).status).toBe(200);
    expect((await owner.call('PATCH', `/v1/members/${admin.userId}`, { role: 'member' })).status).toBe(200);
    expect((await use()).status).toBe(401);
  });
});
