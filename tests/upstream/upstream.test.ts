/**
 * Upstream sign-in end to end, with real parts only: the whole platform (api, oauth-as, builder,
 * runner on real ports, real Postgres), node-oidc-provider as the upstream authorization server
 * and a resource API that accepts only its tokens, and MCP SDK v2 clients on both protocol eras.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followBuild, Session } from '../support/http.ts';
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
let _serverId: string;
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

beforeAll(async () => {
  platform = await startPlatform({ issuerPath: '/oauth' });
  upstream = await startUpstreamAs({ redirectUri: `${platform.urls.OAUTH_ISSUER}/upstream/callback` });
  owner = new Session(platform.urls.API_URL, platform.urls.WEB_URL);
  await owner.signUp('owner@example.com');
  const created = await deploy(owner, upstreamSpec(upstream, slug));
  _serverId = created.server.id;
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
      await client.close();
    }
    expect(seen).toEqual(users);
  });
});
