import type { ServerSpec } from '@bmm/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueSlug } from './fixtures.js';
import { auditActions, CONFIG, signUp, startApi, type TestApp } from './helpers.js';

let api: TestApp;
beforeAll(async () => {
  api = await startApi({
    upstream: { allowPrivateNetwork: true, apps: { google: { clientId: 'platform-google-client-id' } } },
  });
});
afterAll(async () => {
  await api.close();
});

function signInSpec(slug: string): ServerSpec {
  return {
    name: 'Issues',
    slug,
    description: 'GitHub and Google as each person',
    secrets: [
      { name: 'GITHUB_CLIENT_ID', description: 'id', required: false },
      { name: 'GITHUB_CLIENT_SECRET', description: 'secret', required: false },
      { name: 'GOOGLE_CLIENT_ID', description: 'id', required: false },
    ],
    upstreams: [
      {
        id: 'github',
        name: 'GitHub',
        preset: 'github',
        scopes: ['repo', 'read:user'],
        clientIdSecret: 'GITHUB_CLIENT_ID',
        clientSecretSecret: 'GITHUB_CLIENT_SECRET',
      },
      {
        id: 'gcal',
        name: 'Google Calendar',
        preset: 'google',
        scopes: ['openid'],
        clientIdSecret: 'GOOGLE_CLIENT_ID',
      },
    ],
    tools: [
      {
        name: 'me',
        description: 'Who am I at GitHub',
        inputSchema: { type: 'object', properties: {} },
        impl: {
          kind: 'http',
          method: 'GET',
          url: 'https://api.github.com/user',
          headers: { Authorization: 'Bearer {{upstream.github.accessToken}}' },
        },
      },
      {
        name: 'events',
        description: 'My events',
        inputSchema: { type: 'object', properties: {} },
        impl: {
          kind: 'http',
          method: 'GET',
          url: 'https://www.googleapis.com/calendar/v3/calendars/primary/events',
          headers: { Authorization: 'Bearer {{upstream.gcal.accessToken}}' },
        },
      },
    ],
  };
}

async function createSignInServer(browser: Awaited<ReturnType<typeof signUp>>['browser']) {
  const slug = uniqueSlug('up');
  const res = await browser.call('POST', '/v1/servers', { name: 'Issues', slug, spec: signInSpec(slug) });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { server: { id: string } }).server.id;
}

async function connect(userId: string, serverId: string, upstreamId: string, revoked = false) {
  const aad = (kind: string) => `upstream_token:${userId}:${serverId}:${upstreamId}:${kind}`;
  await api.t.db
    .insertInto('upstream_tokens')
    .values({
      user_id: userId,
      server_id: serverId,
      upstream_id: upstreamId,
      account_id: '1',
      account_label: 'octocat',
      access_token_ciphertext: api.keyring.encrypt('gho_test_access_value', aad('access')),
      refresh_token_ciphertext: null,
      scopes: ['repo'],
      expires_at: null,
      revoked_at: revoked ? new Date() : null,
    })
    .execute();
}

describe('GET /v1/servers/:id/upstreams', () => {
  it('lists each upstream with the redirect URI, credentials state, platform app, people and connect URL', async () => {
    const ada = await signUp(api.app, 'Ada');
    const id = await createSignInServer(ada.browser);

    const first = await ada.browser.call('GET', `/v1/servers/${id}/upstreams`);
    expect(first.statusCode).toBe(200);
    const issuer = CONFIG.OAUTH_ISSUER;
    expect(first.json()).toEqual({
      redirectUri: `${issuer}/upstream/callback`,
      upstreams: [
        {
          id: 'github',
          name: 'GitHub',
          preset: 'github',
          scopes: ['repo', 'read:user'],
          clientIdSecret: 'GITHUB_CLIENT_ID',
          clientSecretSecret: 'GITHUB_CLIENT_SECRET',
          credentialsSet: false,
          platformApp: false,
          connectedUsers: 0,
          connectUrl: `${issuer}/upstream/connect?server=${id}&upstream=github`,
        },
        {
          id: 'gcal',
          name: 'Google Calendar',
          preset: 'google',
          scopes: ['openid'],
          clientIdSecret: 'GOOGLE_CLIENT_ID',
          clientSecretSecret: null,
          credentialsSet: false,
          platformApp: true,
          connectedUsers: 0,
          connectUrl: `${issuer}/upstream/connect?server=${id}&upstream=gcal`,
        },
      ],
    });

    // Both named secrets need a value; the values themselves never come back.
    expect(
      (
        await ada.browser.call('PUT', `/v1/servers/${id}/secrets/GITHUB_CLIENT_ID`, {
          value: 'Iv1.client-id-value',
        })
      ).statusCode,
    ).toBeLessThan(300);
    let body = (await ada.browser.call('GET', `/v1/servers/${id}/upstreams`)).json();
    expect(body.upstreams[0].credentialsSet).toBe(false);
    expect(
      (
        await ada.browser.call('PUT', `/v1/servers/${id}/secrets/GITHUB_CLIENT_SECRET`, {
          value: 'client-secret-value',
        })
      ).statusCode,
    ).toBeLessThan(300);
    expect(
      (
        await ada.browser.call('PUT', `/v1/servers/${id}/secrets/GOOGLE_CLIENT_ID`, {
          value: 'google-id-value',
        })
      ).statusCode,
    ).toBeLessThan(300);
    const res = await ada.browser.call('GET', `/v1/servers/${id}/upstreams`);
    body = res.json();
    expect(body.upstreams.map((u: { credentialsSet: boolean }) => u.credentialsSet)).toEqual([true, true]);
    expect(res.body).not.toMatch(/client-id-value|client-secret-value|google-id-value/);

    // People with a live sign-in count once; a revoked one does not.
    const bob = await signUp(api.app, 'Bob');
    await connect(ada.userId, id, 'github');
    await connect(bob.userId, id, 'github');
    await connect(bob.userId, id, 'gcal', true);
    const counted = (await ada.browser.call('GET', `/v1/servers/${id}/upstreams`)).json();
    expect(counted.upstreams.map((u: { connectedUsers: number }) => u.connectedUsers)).toEqual([2, 0]);
    expect(JSON.stringify(counted)).not.toContain('gho_test_access_value');
  });

  it('answers an empty list for a server without upstreams, and 404 to another org', async () => {
    const ada = await signUp(api.app, 'Ada');
    const slug = uniqueSlug('plain');
    const plain = await ada.browser.call('POST', '/v1/servers', {
      name: 'Plain',
      slug,
      spec: {
        ...signInSpec(slug),
        upstreams: undefined,
        secrets: [],
        tools: [
          {
            name: 'add',
            description: 'Adds',
            inputSchema: { type: 'object', properties: {} },
            impl: { kind: 'code', source: 'export default async () => 1' },
          },
        ],
      },
    });
    expect(plain.statusCode, plain.body).toBe(201);
    const plainId = (plain.json() as { server: { id: string } }).server.id;
    expect((await ada.browser.call('GET', `/v1/servers/${plainId}/upstreams`)).json()).toEqual({
      redirectUri: `${CONFIG.OAUTH_ISSUER}/upstream/callback`,
      upstreams: [],
    });

    const id = await createSignInServer(ada.browser);
    const eve = await signUp(api.app, 'Eve');
    const res = await eve.browser.call('GET', `/v1/servers/${id}/upstreams`);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect((await api.app.inject({ method: 'GET', url: `/v1/servers/${id}/upstreams` })).statusCode).toBe(
      401,
    );
  });

  it('refuses to export a server with upstream sign-in, with a clear problem', async () => {
    const ada = await signUp(api.app, 'Ada');
    const id = await createSignInServer(ada.browser);
    const res = await ada.browser.call('GET', `/v1/servers/${id}/export`);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      code: 'export_upstreams_unsupported',
      detail: expect.stringMatching(
        /^exporting servers with upstream sign-in is not supported yet: GitHub \("github"\), Google Calendar \("gcal"\)/,
      ),
    });
    expect(await auditActions(api.t, ada.orgId)).not.toContain('server.export');
  });

  it("passes a draft's upstream and its personal-token alternative through the preview", async () => {
    const ada = await signUp(api.app, 'Ada');
    const res = await ada.browser.call('POST', '/v1/servers/preview', {
      prompt: 'Triage my GitHub issues',
      name: 'GitHub issues',
      slug: uniqueSlug('gh'),
    });
    expect(res.statusCode, res.body).toBe(200);
    const { draft } = res.json();
    expect(draft.spec.upstreams).toEqual([expect.objectContaining({ id: 'github', preset: 'github' })]);
    expect(draft.personalTokens).toEqual([
      {
        upstreamId: 'github',
        secret: expect.objectContaining({
          name: 'GITHUB_TOKEN',
          required: true,
          howToObtain: expect.any(String),
        }),
      },
    ]);
  });

  it('is in the OpenAPI document with its response schema', async () => {
    const doc = (await api.app.inject({ method: 'GET', url: '/v1/openapi.json' })).json();
    const op = doc.paths['/v1/servers/{id}/upstreams'].get;
    expect(op.operationId).toBe('getServersUpstreams');
    expect(Object.keys(op.responses['200'].content['application/json'].schema.properties)).toEqual([
      'redirectUri',
      'upstreams',
    ]);
  });
});
