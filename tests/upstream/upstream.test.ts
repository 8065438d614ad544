/**
 * Upstream sign-in end to end, with real parts only: the whole platform (api, oauth-as, builder,
 * runner on real ports, real Postgres), node-oidc-provider as the upstream authorization server
 * and a resource API that accepts only its tokens, and MCP SDK v2 clients on both protocol eras.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, followBuild, Session } from '../support/http.ts';
import type { TestOAuthProvider } from '../support/oauth-client.ts';
import { type Platform, startPlatform } from '../support/platform.ts';
import { startUpstreamAs, type UpstreamAs } from '../support/upstream-as.ts';
import {
  Browser,
  CLIENT_REDIRECT,
  connectClient,
  type Era,
  mcpClient,
  textOf,
  upstreamSpec,
} from './support.ts';

let platform: Platform;
let upstream: UpstreamAs;
let owner: Session;
let serverId: string;
const logLines: string[] = [];
/** Every tool result and API body the clients saw, to grep for token values. */
const seenByClients: string[] = [];
/** Every MCP access token our AS issued, to check none ever reached the upstream. */
const mcpAccessTokens = new Set<string>();
let mcpUrl: string;
const slug = 'acme-upstream';

async function deploy(user: Session, spec: ReturnType<typeof upstreamSpec>, existing?: string) {
  const res = existing
    ? await user.call('PUT', `/v1/servers/${existing}/spec`, { spec })
    : await user.call('POST', '/v1/servers', {
        name: spec.name,
        slug: spec.slug,
        spec,
        visibility: 'public',
        secrets: { ACME_CLIENT_ID: upstream.clientId, ACME_CLIENT_SECRET: upstream.clientSecret },
      });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const ticket = await user.call('POST', `/v1/builds/${res.body.build.id}/ticket`);
  const build = await followBuild(ticket.body.url, ticket.body.ticket);
  expect(
    build.done,
    JSON.stringify(build.frames.filter((f) => f.type === 'log').map((f) => f.message)),
  ).toMatchObject({
    status: 'succeeded',
  });
  return res.body;
}

function remember(provider: TestOAuthProvider) {
  for (const t of provider.tokenHistory) mcpAccessTokens.add(t.access_token);
}

/** A new person with a browser. */
async function person(name: string) {
  const user = new Session(platform.urls.API_URL, platform.urls.WEB_URL);
  await user.signUp(`${name}@example.com`);
  // Invitations go only to verified addresses: click the link the platform emailed.
  await user.verifyEmail(platform.smtp, `${name}@example.com`);
  return { user, browser: new Browser(user, platform, upstream) };
}

const connectUrl = () => `${platform.urls.OAUTH_ISSUER}/upstream/connect?server=${serverId}&upstream=acme`;

beforeAll(async () => {
  platform = await startPlatform({
    issuerPath: '/oauth',
    logLevel: 'info',
    logDestination: { write: (line: string) => void logLines.push(line) },
  });
  upstream = await startUpstreamAs({ redirectUri: `${platform.urls.OAUTH_ISSUER}/upstream/callback` });
  owner = new Session(platform.urls.API_URL, platform.urls.WEB_URL);
  await owner.signUp('owner@example.com');
  const created = await deploy(owner, upstreamSpec(upstream, slug));
  serverId = created.server.id;
  mcpUrl = created.server.mcpUrl;
});

afterAll(async () => {
  await upstream?.close();
  await platform?.stop();
});

describe.each<[string, Era]>([
  ['2026-07-28 (auto negotiation)', 'auto'],
  ['2025-11-25 (legacy)', 'legacy'],
])('upstream sign-in, MCP client on %s', (_label, era) => {
  it('two users connect the same server and each acts as their own upstream account', async () => {
    const suffix = era === 'auto' ? 'a' : 'l';
    const users = [`alice-${suffix}`, `bob-${suffix}`];
    const seen: string[] = [];
    for (const name of users) {
      const user = new Session(platform.urls.API_URL, platform.urls.WEB_URL);
      await user.signUp(`${name}@example.com`);
      const browser = new Browser(user, platform, upstream);
      const { provider, callback } = await connectClient(browser, mcpUrl, name, {
        expectUpstreams: [{ id: 'acme', connected: false }],
      });
      expect(callback.origin + callback.pathname).toBe(CLIENT_REDIRECT);
      expect(callback.searchParams.get('iss')).toBe(platform.urls.OAUTH_ISSUER);
      // The browser went through the upstream's authorization endpoint with PKCE S256.
      const toUpstream = new URL(browser.visited.find((u) => u.startsWith(`${upstream.issuer}/auth`))!);
      expect(toUpstream.searchParams.get('code_challenge_method')).toBe('S256');
      expect(toUpstream.searchParams.get('redirect_uri')).toBe(
        `${platform.urls.OAUTH_ISSUER}/upstream/callback`,
      );

      remember(provider);
      const { client } = await mcpClient(provider, mcpUrl, era);
      const http = await client.callTool({ name: 'whoami', arguments: {} });
      expect(http.isError, textOf(http)).toBeFalsy();
      expect(JSON.parse(textOf(http))).toMatchObject({ sub: name, client_id: upstream.clientId });
      const code = await client.callTool({ name: 'whoami_code', arguments: {} });
      expect(code.isError, textOf(code)).toBeFalsy();
      expect(JSON.parse(textOf(code))).toMatchObject({
        status: 200,
        sub: name,
        account: { id: name, label: `${name}@upstream.test` },
        tokenType: 'Bearer',
      });
      seen.push(JSON.parse(textOf(http)).sub);
      seenByClients.push(JSON.stringify(http), JSON.stringify(code));
      await client.close();
    }
    expect(seen).toEqual(users);
  });
});

describe.each<[string, Era]>([
  ['2026-07-28 (auto negotiation)', 'auto'],
  ['2025-11-25 (legacy)', 'legacy'],
])('when the upstream grant ends, MCP client on %s', (_label, era) => {
  it('revoked at the upstream → the next call asks to reconnect (URL elicitation or words) → reconnect → works', async () => {
    const name = `dave-${era}`;
    const { browser } = await person(name);
    const { provider } = await connectClient(browser, mcpUrl, name);
    remember(provider);
    const urls: string[] = [];
    const { client, elicitations } = await mcpClient(
      provider,
      mcpUrl,
      era,
      era === 'auto'
        ? async (url) => {
            urls.push(url);
            const landed = await browser.follow(url, { upstreamUser: name });
            expect(landed.origin + landed.pathname).toBe(`${platform.urls.WEB_URL}/upstream/connected`);
            expect(landed.searchParams.get('error')).toBeNull();
          }
        : undefined,
    );
    expect(JSON.parse(textOf(await client.callTool({ name: 'whoami', arguments: {} }))).sub).toBe(name);

    // The person revokes the app in the provider's settings: the grant and its tokens are gone.
    expect(await upstream.revokeAccount(name)).toBe(1);
    const revokedAt = await platform.db
      .selectFrom('upstream_tokens')
      .select('revoked_at')
      .where('server_id', '=', serverId)
      .where('account_id', '=', name)
      .executeTakeFirstOrThrow();
    expect(revokedAt.revoked_at).toBeNull();

    const after = await client.callTool({ name: 'whoami', arguments: {} });
    seenByClients.push(JSON.stringify(after));
    if (era === 'auto') {
      // URL-mode elicitation: the client opened the connect URL, the person signed in again, the
      // client retried the call and it ran with the new token.
      expect(elicitations).toEqual([connectUrl()]);
      expect(after.isError, textOf(after)).toBeFalsy();
      expect(JSON.parse(textOf(after)).sub).toBe(name);
    } else {
      // A stateless 2025-era request carries no client capabilities: the URL comes in words.
      expect(after.isError).toBe(true);
      expect(textOf(after)).toContain(connectUrl());
      expect(textOf(after)).toContain('Acme');
      const landed = await browser.follow(connectUrl(), { upstreamUser: name });
      expect(landed.href).toBe(
        `${platform.urls.WEB_URL}/upstream/connected?server=${serverId}&upstream=acme`,
      );
      const again = await client.callTool({ name: 'whoami_code', arguments: {} });
      expect(again.isError, textOf(again)).toBeFalsy();
      expect(JSON.parse(textOf(again)).sub).toBe(name);
    }
    const audit = await platform.db
      .selectFrom('audit_events')
      .select(['action', 'metadata'])
      .where('action', 'in', ['upstream.refresh_failed', 'upstream.connect'])
      .execute();
    expect(audit.filter((a) => a.action === 'upstream.refresh_failed').length).toBeGreaterThan(0);
    await client.close();
  });
});

describe('upstream sign-in lifecycle', () => {
  it('a short upstream token lifetime forces a refresh, and two concurrent calls refresh once', async () => {
    // A 10 s token is due for a refresh at half its life (a token over two minutes: 60 s before expiry).
    upstream.setAccessTokenTtl(10);
    try {
      const name = 'carol';
      const { browser } = await person(name);
      const { provider } = await connectClient(browser, mcpUrl, name);
      remember(provider);
      const before = await platform.db
        .selectFrom('upstream_tokens')
        .select(['access_token_ciphertext', 'refresh_token_ciphertext', 'expires_at'])
        .where('account_id', '=', name)
        .executeTakeFirstOrThrow();
      expect(before.expires_at!.getTime() - Date.now()).toBeLessThan(11_000);
      const { client } = await mcpClient(provider, mcpUrl, 'auto');
      // Fresh: no refresh yet.
      expect(JSON.parse(textOf(await client.callTool({ name: 'whoami', arguments: {} }))).sub).toBe(name);
      expect(upstream.refreshes.filter((who) => who === name)).toEqual([]);
      await new Promise((r) => setTimeout(r, 5_200));
      const [a, b] = await Promise.all([
        client.callTool({ name: 'whoami', arguments: {} }),
        client.callTool({ name: 'whoami_code', arguments: {} }),
      ]);
      expect(a.isError, textOf(a)).toBeFalsy();
      expect(b.isError, textOf(b)).toBeFalsy();
      expect(JSON.parse(textOf(a)).sub).toBe(name);
      expect(JSON.parse(textOf(b)).sub).toBe(name);
      expect(upstream.refreshes.filter((who) => who === name)).toEqual([name]);
      const after = await platform.db
        .selectFrom('upstream_tokens')
        .select(['access_token_ciphertext', 'refresh_token_ciphertext', 'refreshed_at'])
        .where('account_id', '=', name)
        .executeTakeFirstOrThrow();
      expect(after.refreshed_at).not.toBeNull();
      expect(after.access_token_ciphertext).not.toBe(before.access_token_ciphertext);
      // The provider rotates refresh tokens: the new one was stored.
      expect(after.refresh_token_ciphertext).not.toBe(before.refresh_token_ciphertext);
      // Later calls refresh again with the rotated refresh token (the old one is spent).
      await new Promise((r) => setTimeout(r, 5_200));
      const c = await client.callTool({ name: 'whoami', arguments: {} });
      expect(JSON.parse(textOf(c)).sub).toBe(name);
      expect(upstream.refreshes.filter((who) => who === name)).toEqual([name, name]);
      seenByClients.push(JSON.stringify([a, b, c]));
      await client.close();
    } finally {
      upstream.setAccessTokenTtl(3600);
    }
  });

  it('Disconnect in settings revokes at the upstream, forgets the tokens, and the next call asks again', async () => {
    const name = 'erin';
    const { user, browser } = await person(name);
    const { provider } = await connectClient(browser, mcpUrl, name);
    remember(provider);
    const list = await user.call('GET', '/v1/me/connected-accounts');
    expect(list.status).toBe(200);
    seenByClients.push(JSON.stringify(list.body));
    expect(list.body.items).toEqual([
      {
        id: expect.any(String),
        serverId,
        serverName: 'Acme via upstream sign-in',
        serverSlug: slug,
        upstreamId: 'acme',
        upstreamName: 'Acme',
        preset: null,
        accountLabel: `${name}@upstream.test`,
        scopes: expect.arrayContaining(['openid', 'email', 'items:read']),
        connectedAt: expect.any(String),
        expiresAt: expect.any(String),
        revokedAt: null,
      },
    ]);
    // Someone else cannot disconnect it.
    const { user: other } = await person('mallory');
    expect((await other.call('DELETE', `/v1/me/connected-accounts/${list.body.items[0].id}`)).status).toBe(
      404,
    );

    const revocationsBefore = upstream.revocations;
    const del = await user.call('DELETE', `/v1/me/connected-accounts/${list.body.items[0].id}`);
    expect(del.status).toBe(204);
    expect(upstream.revocations - revocationsBefore).toBe(2); // refresh token (ends the grant), then access token
    expect((await user.call('GET', '/v1/me/connected-accounts')).body.items).toEqual([]);
    const event = await platform.db
      .selectFrom('audit_events')
      .select(['actor_id', 'metadata'])
      .where('action', '=', 'upstream.disconnect')
      .where('resource_id', '=', list.body.items[0].id)
      .executeTakeFirstOrThrow();
    expect(event.metadata).toMatchObject({ server_id: serverId, upstream_id: 'acme', revocation: 'revoked' });

    // Clients that did not declare URL elicitation (either era) get the reconnect URL in words.
    for (const era of ['legacy', 'auto'] as const) {
      const { client } = await mcpClient(provider, mcpUrl, era);
      const after = await client.callTool({ name: 'whoami', arguments: {} });
      seenByClients.push(JSON.stringify(after));
      expect(after.isError).toBe(true);
      expect(textOf(after)).toBe(
        `"whoami" needs your Acme account, but you have not signed in to it yet. Open ${connectUrl()} to sign in to Acme, then call the tool again.`,
      );
      await client.close();
    }
  });

  it('a denial at the upstream ends the MCP authorization with access_denied', async () => {
    const name = 'gina';
    const { browser } = await person(name);
    const { callback } = await connectClient(browser, mcpUrl, name, { deny: true });
    expect(callback.origin + callback.pathname).toBe(CLIENT_REDIRECT);
    expect(callback.searchParams.get('code')).toBeNull();
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('error_description')).toBe('The sign-in to Acme was declined.');
    expect(callback.searchParams.get('iss')).toBe(platform.urls.OAUTH_ISSUER);
    const stored = await platform.db
      .selectFrom('upstream_tokens')
      .select('id')
      .where('account_id', '=', name)
      .execute();
    expect(stored).toEqual([]);
  });

  it('a person who grants fewer scopes than asked still gets the MCP client connected (no sign-in loop)', async () => {
    const name = 'lena';
    const { browser } = await person(name);
    const { provider, callback } = await connectClient(browser, mcpUrl, name, { scopes: 'openid email' });
    remember(provider);
    expect(callback.searchParams.get('code')).toBeTruthy();
    expect(browser.visited.filter((u) => u.startsWith(`${upstream.issuer}/auth?`))).toHaveLength(1);
    const { client } = await mcpClient(provider, mcpUrl, 'legacy');
    const short = await client.callTool({ name: 'whoami', arguments: {} });
    expect(short.isError).toBe(true);
    expect(textOf(short)).toContain('needs more permissions than you granted');
    // They change their mind: the provider asks again (its earlier grant gone) and they tick everything.
    await upstream.revokeAccount(name);
    const landed = await browser.follow(connectUrl(), { upstreamUser: name });
    expect(landed.searchParams.get('error')).toBeNull();
    const full = await client.callTool({ name: 'whoami', arguments: {} });
    expect(full.isError, textOf(full)).toBeFalsy();
    expect(JSON.parse(textOf(full)).sub).toBe(name);
    await client.close();
  });

  it('the connect route asks who you are first, and refuses a state used twice', async () => {
    const anonymous = await fetch(connectUrl(), { redirect: 'manual' });
    expect(anonymous.status).toBe(302);
    const login = new URL(anonymous.headers.get('location')!);
    expect(login.origin + login.pathname).toBe(`${platform.urls.WEB_URL}/login`);
    expect(login.searchParams.get('next')).toBe(`/oauth/upstream/connect?server=${serverId}&upstream=acme`);

    const name = 'hank';
    const { browser } = await person(name);
    const unknown = await browser.follow(
      `${platform.urls.OAUTH_ISSUER}/upstream/connect?server=00000000-0000-4000-8000-000000000000&upstream=acme`,
    );
    expect(unknown.origin + unknown.pathname).toBe(`${platform.urls.WEB_URL}/upstream/connected`);
    expect(unknown.searchParams.get('error')).toBe('not_found');
    const noSuchUpstream = await browser.follow(connectUrl().replace('upstream=acme', 'upstream=nope'));
    expect(noSuchUpstream.searchParams.get('error_description')).toContain('has no upstream "nope"');
    await browser.follow(connectUrl(), { upstreamUser: name });
    const callback = browser.visited.find((u) =>
      u.startsWith(`${platform.urls.OAUTH_ISSUER}/upstream/callback`),
    )!;
    const replay = await fetch(callback, { redirect: 'manual', headers: { cookie: browser.user.cookie } });
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('already used or expired');
  });

  it('incremental upstreamScopes: a new tool needing more scopes asks for them, then works', async () => {
    const name = 'ivan';
    const { browser } = await person(name);
    const { provider } = await connectClient(browser, mcpUrl, name);
    remember(provider);
    const spec = upstreamSpec(upstream, slug);
    spec.tools.push({
      name: 'write_item',
      description: 'Writes an item (needs items:write at Acme).',
      inputSchema: { type: 'object', properties: {} },
      upstreamScopes: { acme: ['items:write'] },
      impl: {
        kind: 'http',
        method: 'GET',
        url: `${upstream.apiUrl}/items/write`,
        headers: { Authorization: 'Bearer {{upstream.acme.accessToken}}' },
      },
      examples: [{ input: {}, mockResponse: { status: 200, body: { written: true } } }],
    });
    await deploy(owner, spec, serverId);
    const { client } = await mcpClient(provider, mcpUrl, 'legacy');
    const tools = await eventually(
      async () => (await client.listTools()).tools.map((t) => t.name),
      (names) => names.includes('write_item'),
    );
    expect(tools).toContain('write_item');
    // The base scopes still cover the old tools.
    expect(JSON.parse(textOf(await client.callTool({ name: 'whoami', arguments: {} }))).sub).toBe(name);
    const short = await client.callTool({ name: 'write_item', arguments: {} });
    expect(short.isError).toBe(true);
    expect(textOf(short)).toContain('needs more permissions than you granted');
    browser.visited.length = 0;
    await browser.follow(connectUrl(), { upstreamUser: name });
    const asked = new URL(browser.visited.find((u) => u.startsWith(`${upstream.issuer}/auth`))!);
    expect(asked.searchParams.get('scope')!.split(' ').sort()).toEqual([
      'email',
      'items:read',
      'items:write',
      'openid',
    ]);
    const written = await client.callTool({ name: 'write_item', arguments: {} });
    expect(written.isError, textOf(written)).toBeFalsy();
    expect(JSON.parse(textOf(written))).toEqual({ written: true, by: name });
    seenByClients.push(JSON.stringify([short, written]));
    await client.close();
  });

  it('the callback checks the upstream iss (RFC 9207) and that the same person finishes the sign-in', async () => {
    const name = 'judy';
    const { browser } = await person(name);
    const isCallback = (u: URL) => u.href.startsWith(`${platform.urls.OAUTH_ISSUER}/upstream/callback`);
    const callback = await browser.follow(connectUrl(), { upstreamUser: name, until: isCallback });
    // oidc-provider advertises authorization_response_iss_parameter_supported and sends iss.
    expect(callback.searchParams.get('iss')).toBe(upstream.issuer);
    const forged = new URL(callback);
    forged.searchParams.set('iss', 'https://evil.example.com');
    const refused = await browser.follow(forged.href, { upstreamUser: name });
    expect(refused.searchParams.get('error')).toBe('access_denied');
    expect(refused.searchParams.get('error_description')).toBe(
      'The sign-in to Acme failed (invalid_response).',
    );

    // Another person's browser cannot finish someone else's sign-in (login CSRF): the state is spent.
    const second = await browser.follow(connectUrl(), { upstreamUser: name, until: isCallback });
    const { browser: intruder } = await person('trudy');
    const stolen = await intruder.follow(second.href);
    expect(stolen.searchParams.get('error')).toBe('access_denied');
    expect(stolen.searchParams.get('error_description')).toContain('another account');
    const rows = await platform.db
      .selectFrom('upstream_tokens')
      .select('id')
      .where('account_id', '=', name)
      .execute();
    expect(rows).toEqual([]);
  });

  it('removing a member revokes and forgets their upstream grants in that org', async () => {
    const invite = await owner.call('POST', '/v1/invitations', { email: 'kim@example.com', role: 'member' });
    expect(invite.status).toBe(201);
    const token = new URL(invite.body.acceptUrl).searchParams.get('token');
    const { user, browser } = await person('kim');
    expect((await user.call('POST', '/v1/invitations/accept', { token })).status).toBe(200);
    const { provider } = await connectClient(browser, mcpUrl, 'kim');
    remember(provider);
    expect((await user.call('GET', '/v1/me/connected-accounts')).body.items).toHaveLength(1);
    const me = await user.call('GET', '/v1/me');
    const revocationsBefore = upstream.revocations;
    expect((await owner.call('DELETE', `/v1/members/${me.body.user.id}`)).status).toBe(204);
    expect(upstream.revocations - revocationsBefore).toBe(2);
    expect((await user.call('GET', '/v1/me/connected-accounts')).body.items).toEqual([]);
    const event = await platform.db
      .selectFrom('audit_events')
      .select('metadata')
      .where('action', '=', 'upstream.disconnect')
      .where('metadata', '@>', JSON.stringify({ reason: 'member_removed' }) as never)
      .executeTakeFirstOrThrow();
    expect(event.metadata).toMatchObject({ user_id: me.body.user.id, revocation: 'revoked' });
  });

  it("deleting the server revokes and forgets every user's upstream grants for it", async () => {
    const remaining = await platform.db
      .selectFrom('upstream_tokens')
      .select(['id', 'revoked_at'])
      .where('server_id', '=', serverId)
      .execute();
    expect(remaining.length).toBeGreaterThan(3);
    const live = remaining.filter((r) => r.revoked_at === null).length;
    const revocationsBefore = upstream.revocations;
    expect((await owner.call('DELETE', `/v1/servers/${serverId}`)).status).toBe(204);
    expect(upstream.revocations - revocationsBefore).toBe(2 * live);
    const left = await platform.db
      .selectFrom('upstream_tokens')
      .select('id')
      .where('server_id', '=', serverId)
      .execute();
    expect(left).toEqual([]);
    const events = await platform.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'upstream.disconnect')
      .where('metadata', '@>', JSON.stringify({ reason: 'server_deleted' }) as never)
      .execute();
    expect(events).toHaveLength(remaining.length);
  });

  it('the resource API never saw our JWT, and no token value is in logs, responses, audit, usage or build logs', async () => {
    expect(upstream.apiAuthorizations.length).toBeGreaterThan(10);
    expect(mcpAccessTokens.size).toBeGreaterThan(5);
    for (const auth of upstream.apiAuthorizations) {
      expect(auth).toMatch(/^Bearer /);
      expect(mcpAccessTokens.has(auth.slice(7))).toBe(false);
      expect(upstream.issuedTokens.has(auth.slice(7))).toBe(true);
    }
    const tokens = [...upstream.issuedTokens];
    expect(tokens.length).toBeGreaterThan(10);
    const audit = JSON.stringify(await platform.db.selectFrom('audit_events').selectAll().execute());
    const usage = JSON.stringify(await platform.db.selectFrom('usage_events').selectAll().execute());
    const builds = JSON.stringify(await platform.db.selectFrom('build_logs').selectAll().execute());
    const vault = JSON.stringify(await platform.db.selectFrom('upstream_tokens').selectAll().execute());
    const haystacks = {
      logs: logLines.join('\n'),
      responses: seenByClients.join('\n'),
      audit,
      usage,
      builds,
      vault,
    };
    expect(logLines.length).toBeGreaterThan(50);
    expect(audit).toContain('upstream.connect');
    for (const [where, text] of Object.entries(haystacks))
      for (const token of tokens) expect(text.includes(token), `a token value is in ${where}`).toBe(false);
  });
});
