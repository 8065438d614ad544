import type { ServerSpec } from '@bmm/spec';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, followBuild, Session, startUpstream } from '../support/http.ts';
import { TestOAuthProvider } from '../support/oauth-client.ts';
import { type Platform, startPlatform } from '../support/platform.ts';

let platform: Platform;
let upstream: Awaited<ReturnType<typeof startUpstream>>;
const SECRET = 'uk-live-5f4e3d2c1b0a-e2e';
const slug = 'e2e-items';

/** What the (fake) Claude drafts: an http tool on the local upstream and a code tool. */
function draftSpec(upstreamUrl: string, extraTool = false): ServerSpec {
  const spec: ServerSpec = {
    name: 'ignored by the planner',
    slug: 'ignored',
    description: 'Reads items from the inventory API.',
    secrets: [
      {
        name: 'UPSTREAM_KEY',
        description: 'Inventory API key',
        required: true,
        howToObtain: 'Inventory settings',
      },
    ],
    tools: [
      {
        name: 'get_item',
        title: 'Get an item',
        description: 'Reads one item by id.',
        inputSchema: {
          type: 'object',
          properties: { id: { type: 'string', minLength: 1 } },
          required: ['id'],
        },
        annotations: { readOnlyHint: true, openWorldHint: true },
        impl: {
          kind: 'http',
          method: 'GET',
          url: `${upstreamUrl}/items/{{input.id}}`,
          headers: { 'x-api-key': '{{secrets.UPSTREAM_KEY}}' },
        },
        examples: [
          {
            input: { id: 'a1' },
            expect: { contains: 'lamp' },
            mockResponse: { status: 200, body: { id: 'a1', name: 'lamp' } },
          },
        ],
      },
      {
        name: 'add',
        description: 'Adds two numbers.',
        inputSchema: {
          type: 'object',
          properties: { a: { type: 'number' }, b: { type: 'number' } },
          required: ['a', 'b'],
        },
        annotations: { readOnlyHint: true, openWorldHint: false },
        impl: {
          kind: 'code',
          source: 'export default async function (input) { return { sum: input.a + input.b }; }',
        },
        examples: [{ input: { a: 1, b: 2 }, expect: { contains: '3' } }],
      },
    ],
  };
  if (extraTool)
    spec.tools.push({
      name: 'multiply',
      description: 'Multiplies two numbers.',
      inputSchema: {
        type: 'object',
        properties: { a: { type: 'number' }, b: { type: 'number' } },
        required: ['a', 'b'],
      },
      impl: {
        kind: 'code',
        source: 'export default async function (input) { return { product: input.a * input.b }; }',
      },
      examples: [{ input: { a: 2, b: 3 }, expect: { contains: '6' } }],
    });
  return spec;
}

beforeAll(async () => {
  upstream = await startUpstream((req) => {
    const id = req.url.match(/^\/items\/([^/?]+)/)?.[1];
    if (req.headers['x-api-key'] !== SECRET) return { status: 401, body: { error: 'bad key' } };
    return id ? { body: { id, name: `item ${id}` } } : { status: 404, body: { error: 'not found' } };
  });
});
afterAll(async () => {
  await upstream?.close();
});

async function mcpClient(provider: TestOAuthProvider, url: string, mode: 'auto' | 'legacy' = 'auto') {
  const client = new Client({ name: 'e2e', version: '1.0.0' }, { versionNegotiation: { mode } });
  const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
  await client.connect(transport);
  return { client, transport };
}

// The issuer without and with a path (RFC 8414 path insertion for metadata discovery).
describe.each([
  ['an issuer at the root', ''],
  ['an issuer with a path', '/oauth'],
])('the whole platform, %s', (_label, issuerPath) => {
  beforeAll(async () => {
    platform = await startPlatform({ fakeAnthropic: true, issuerPath });
  });
  afterAll(async () => {
    await platform?.stop();
  });

  it('sign up → preview → create → build → OAuth → tools → refresh → revoke → v2 → rollback', async () => {
    const { urls } = platform;
    const user = new Session(urls.API_URL, urls.WEB_URL);
    await user.signUp('e2e@example.com');

    // Preview: the api's planner is Claude, pointed at the fake Messages API.
    platform.fakeAnthropic!.enqueue({ toolInput: draftSpec(upstream.url) });
    const preview = await user.call('POST', '/v1/servers/preview', {
      prompt: 'Items from my inventory API',
      name: 'E2E Items',
      slug,
    });
    expect(preview.status).toBe(200);
    expect(preview.body.draft.source).toBe('claude');
    const spec = preview.body.draft.spec as ServerSpec;
    expect(spec).toMatchObject({ name: 'E2E Items', slug });
    expect(spec.secrets.map((s) => s.name)).toEqual(['UPSTREAM_KEY']);

    // Create with the secret the draft asks for; follow the build over the WebSocket.
    const created = await user.call('POST', '/v1/servers', {
      name: 'E2E Items',
      slug,
      spec,
      secrets: { UPSTREAM_KEY: SECRET },
    });
    expect(created.status).toBe(201);
    const serverId: string = created.body.server.id;
    const mcpUrl: string = created.body.server.mcpUrl;
    expect(mcpUrl).toBe(`${urls.RUNNER_URL}/${slug}/mcp`);
    const ticket = await user.call('POST', `/v1/builds/${created.body.build.id}/ticket`);
    expect(ticket.status).toBe(200);
    const build1 = await followBuild(ticket.body.url, ticket.body.ticket);
    expect(
      build1.done,
      JSON.stringify(build1.frames.filter((f) => f.type === 'log').map((f) => f.message)),
    ).toMatchObject({ type: 'done', status: 'succeeded', version: 1 });
    expect(
      build1.frames.filter((f) => f.type === 'step' && f.status === 'succeeded').map((f) => f.step),
    ).toEqual(['validate', 'compile', 'test', 'package', 'publish', 'deploy', 'verify']);
    expect(JSON.stringify(build1.frames)).not.toContain(SECRET);

    // An MCP client: 401 → discovery → DCR → PKCE → consent through the interaction API.
    const provider = new TestOAuthProvider();
    await expect(mcpClient(provider, mcpUrl)).rejects.toThrow();
    expect(provider.savedClient?.client_id).toBeTruthy();
    const authUrl = provider.authorizationUrl!;
    expect(authUrl.origin + authUrl.pathname).toBe(`${urls.OAUTH_ISSUER}/authorize`);
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authUrl.searchParams.get('resource')).toBe(mcpUrl);
    const toConsent = await fetch(authUrl, { redirect: 'manual' });
    expect(toConsent.status).toBe(302);
    const consent = new URL(toConsent.headers.get('location')!);
    expect(consent.origin + consent.pathname).toBe(`${urls.WEB_URL}/oauth/consent`);
    const interactionId = consent.searchParams.get('interaction')!;
    const headers = { cookie: user.cookie, origin: urls.WEB_URL, 'content-type': 'application/json' };
    const interactionRes = await fetch(`${urls.OAUTH_ISSUER}/interaction/${interactionId}`, { headers });
    const interaction = (await interactionRes.json()) as { server: { slug: string }; csrf_token: string };
    expect(interaction.server.slug).toBe(slug);
    const approved = await fetch(`${urls.OAUTH_ISSUER}/interaction/${interactionId}/approve`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ csrf_token: interaction.csrf_token }),
    });
    expect(approved.status).toBe(200);
    const callback = new URL(((await approved.json()) as { redirect_to: string }).redirect_to);
    expect(callback.searchParams.get('iss')).toBe(urls.OAUTH_ISSUER);
    const first = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
    await first.finishAuth(callback.searchParams);
    expect(provider.savedTokens?.access_token).toBeTruthy();

    const { client } = await mcpClient(provider, mcpUrl);
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['add', 'get_item']);
    const item = await client.callTool({ name: 'get_item', arguments: { id: 'b7' } });
    expect(item.isError).toBeFalsy();
    expect(JSON.stringify(item.content)).toContain('item b7');
    expect(upstream.requests.at(-1)).toMatchObject({
      url: '/items/b7',
      headers: expect.objectContaining({ 'x-api-key': SECRET }),
    });
    expect(upstream.requests.at(-1)!.headers.authorization).toBeUndefined();

    // A 2025-era (legacy negotiation) client with the same token sees the same server.
    const legacy = await mcpClient(provider, mcpUrl, 'legacy');
    expect((await legacy.client.listTools()).tools.map((t) => t.name).sort()).toEqual(['add', 'get_item']);
    await legacy.client.close();

    // Refresh: a dead access token makes the SDK refresh (rotating the refresh token) and retry.
    const before = provider.savedTokens!;
    provider.savedTokens = { ...before, access_token: 'expired.or.bogus' };
    const added = await client.callTool({ name: 'add', arguments: { a: 2, b: 40 } });
    expect(JSON.stringify(added.content)).toContain('42');
    const refreshed = provider.savedTokens!;
    expect(refreshed.access_token).not.toBe(before.access_token);
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(before.refresh_token);

    // Revoke the access token: the next call with it is 401.
    const revoke = await fetch(`${urls.OAUTH_ISSUER}/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: refreshed.access_token,
        client_id: provider.savedClient!.client_id,
      }),
    });
    expect(revoke.status).toBe(200);
    const listWith = (token: string) =>
      fetch(mcpUrl, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': '2025-11-25',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
      });
    const afterRevoke = await eventually(
      () => listWith(refreshed.access_token),
      (r) => r.status === 401,
      3000,
    );
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.headers.get('www-authenticate')).toContain('resource_metadata=');
    await client.close();

    // Version 2 adds a tool; roll back to 1 and the tools follow.
    const v2 = await user.call('PUT', `/v1/servers/${serverId}/spec`, {
      spec: { ...draftSpec(upstream.url, true), name: 'E2E Items', slug },
    });
    expect(v2.status).toBe(201);
    const ticket2 = await user.call('POST', `/v1/builds/${v2.body.build.id}/ticket`);
    const build2 = await followBuild(ticket2.body.url, ticket2.body.ticket);
    expect(build2.done).toMatchObject({ status: 'succeeded', version: 2 });
    const fresh = await mcpClient(provider, mcpUrl);
    const toolNames = async () => (await fresh.client.listTools()).tools.map((t) => t.name).sort();
    expect(await eventually(toolNames, (n) => n.length === 3)).toEqual(['add', 'get_item', 'multiply']);
    const rollback = await user.call('POST', `/v1/servers/${serverId}/rollback`, { version: 1 });
    expect(rollback.status).toBe(200);
    expect(await eventually(toolNames, (n) => n.length === 2)).toEqual(['add', 'get_item']);
    await fresh.client.close();
  });
});
