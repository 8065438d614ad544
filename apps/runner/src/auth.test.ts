import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { signTicket } from '@bmm/crypto';
import { Channels, notify } from '@bmm/db';
import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSpec } from './testing/demo-spec.js';
import { deployVersion, type SeededServer, seedServer } from './testing/fixtures.js';
import { type RunnerHarness, startRunner, startUpstream } from './testing/runner-harness.js';

let t: TestDatabase;
let runner: RunnerHarness;
let upstream: Awaited<ReturnType<typeof startUpstream>>;
let demo: SeededServer;
let aud: string;

beforeAll(async () => {
  t = await createTestDatabase();
  upstream = await startUpstream();
  runner = await startRunner(t, { allowedOrigins: ['https://inspector.example'] });
  // Public: its metadata and challenges name it and list its scopes (private servers do not).
  demo = await seedServer(t.db, runner.keyring, demoSpec('demo', upstream.url), { visibility: 'public' });
  await seedServer(t.db, runner.keyring, demoSpec('other', upstream.url));
  aud = `${runner.runnerUrl}/demo/mcp`;
});
afterAll(async () => {
  await runner?.close();
  await upstream?.close();
  await t?.destroy();
});

/** A 2025-era stateless JSON-RPC POST (no session needed), answered as JSON or one SSE event. */
async function rpc(
  slug: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(`${runner.runnerUrl}/${slug}/mcp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-11-25',
      ...headers,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, ...body }),
  });
  const text = await res.text();
  const data = text.match(/^data: (.*)$/m)?.[1] ?? text;
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(data);
  } catch {}
  return { status: res.status, headers: res.headers, body: parsed };
}

const listTools = (token: string, slug = 'demo') =>
  rpc(slug, { method: 'tools/list', params: {} }, { authorization: `Bearer ${token}` });

function metadataUrl(slug: string): string {
  return `${runner.runnerUrl}/.well-known/oauth-protected-resource/${slug}/mcp`;
}

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('token checks', () => {
  it('accepts a valid token', async () => {
    const res = await listTools(await runner.jwks.sign({ aud }));
    expect(res.status).toBe(200);
    expect(res.body.result.tools).toHaveLength(5);
  });

  it('challenges a request without a token, with CORS exposing the challenge', async () => {
    const res = await rpc('demo', { method: 'tools/list' }, { origin: 'https://inspector.example' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="${metadataUrl('demo')}", scope="mcp:tools demo:admin"`,
    );
    expect(res.headers.get('access-control-allow-origin')).toBe('https://inspector.example');
    expect(res.headers.get('access-control-expose-headers')).toContain('www-authenticate');
  });

  async function expectInvalid(token: string, description: string) {
    const res = await listTools(token);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="${metadataUrl('demo')}", scope="mcp:tools demo:admin", error="invalid_token", error_description="${description}"`,
    );
    expect(res.body).toEqual({ error: 'invalid_token', error_description: description });
  }

  it('refuses a non-Bearer Authorization header', async () => {
    const res = await rpc('demo', { method: 'tools/list' }, { authorization: 'Basic dXNlcjpwYXNz' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('refuses a bad signature', async () => {
    const token = await runner.jwks.sign({ aud });
    const [h, p] = token.split('.');
    const forged = `${h}.${b64({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), scope: 'mcp:tools demo:admin' })}.${token.split('.')[2]}`;
    await expectInvalid(forged, 'The access token signature is invalid.');
  });

  it('refuses alg none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64({ iss: runner.jwks.issuer, aud, sub: 'u', client_id: 'c', jti: 'j1', iat: now, exp: now + 60, scope: 'mcp:tools' })}.`;
    await expectInvalid(token, 'The access token must be signed with ES256 or RS256.');
  });

  it('refuses HS256 signed with the public key', async () => {
    const jwk = runner.jwks.publicJwk();
    const now = Math.floor(Date.now() / 1000);
    const input = `${b64({ alg: 'HS256', typ: 'at+jwt', kid: jwk.kid })}.${b64({ iss: runner.jwks.issuer, aud, sub: 'u', client_id: 'c', jti: 'j2', iat: now, exp: now + 60, scope: 'mcp:tools' })}`;
    const signature = createHmac('sha256', JSON.stringify(jwk)).update(input).digest('base64url');
    await expectInvalid(`${input}.${signature}`, 'The access token must be signed with ES256 or RS256.');
  });

  it('refuses a wrong issuer, another server, an expired token and a non-access-token typ', async () => {
    await expectInvalid(
      await runner.jwks.sign({ aud, iss: 'http://evil.example/oauth' }),
      'The access token was issued by another authorization server.',
    );
    await expectInvalid(
      await runner.jwks.sign({ aud: `${runner.runnerUrl}/other/mcp` }),
      'The access token is not meant for this server.',
    );
    const past = Math.floor(Date.now() / 1000) - 3600;
    await expectInvalid(
      await runner.jwks.sign({ aud, iat: past - 60, exp: past }),
      'The access token has expired.',
    );
    await expectInvalid(
      await runner.jwks.sign({ aud }, { typ: 'JWT' }),
      'The token is not an access token (typ at+jwt).',
    );
    await expectInvalid(
      await runner.jwks.sign({ aud }, { omit: ['jti'] }),
      "The access token's jti claim is invalid.",
    );
  });

  it('refetches the JWKS for an unknown kid (key rotation)', async () => {
    const kid = await runner.jwks.addKey(false);
    const token = await runner.jwks.sign({ aud }, { kid });
    await expectInvalid(token, 'The access token was signed by an unknown key.');
    runner.jwks.publish(kid);
    const fetches = runner.jwks.fetches;
    expect((await listTools(token)).status).toBe(200);
    expect(runner.jwks.fetches).toBe(fetches + 1);
  });

  it('caches a verified token instead of re-checking its signature', async () => {
    const token = await runner.jwks.sign({ aud });
    expect((await listTools(token)).status).toBe(200);
    const fetches = runner.jwks.fetches;
    for (let i = 0; i < 5; i++) expect((await listTools(token)).status).toBe(200);
    expect(runner.jwks.fetches).toBe(fetches);
  });

  it('stops a revoked token within 2 s of the NOTIFY', async () => {
    const jti = 'revoked-jti-1';
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const token = await runner.jwks.sign({ aud, jti, exp });
    expect((await listTools(token)).status).toBe(200);
    const revokedAt = Date.now();
    await t.db
      .insertInto('oauth_token_denylist')
      .values({ jti, expires_at: new Date(exp * 1000) })
      .execute();
    await notify(t.db, Channels.tokenRevoked, { jti, exp });
    let status = 200;
    for (let i = 0; i < 40 && status === 200; i++) {
      status = (await listTools(token)).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(2000);
    await expectInvalid(token, 'The access token has been revoked.');
  });

  it('answers 403 insufficient_scope for a tool that needs more (step-up)', async () => {
    const token = await runner.jwks.sign({ aud });
    const res = await rpc(
      'demo',
      { method: 'tools/call', params: { name: 'admin_reset', arguments: {} } },
      { authorization: `Bearer ${token}` },
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="${metadataUrl('demo')}", scope="mcp:tools demo:admin", error="insufficient_scope", error_description="The tool admin_reset needs the scope demo:admin."`,
    );
    const ok = await rpc(
      'demo',
      { method: 'tools/call', params: { name: 'add', arguments: { a: 1, b: 2 } } },
      { authorization: `Bearer ${token}` },
    );
    expect(ok.body.result.structuredContent).toEqual({ sum: 3 });
  });
});

describe('private servers look like unknown slugs to unauthenticated callers', () => {
  const shape = (r: { status: number; headers: Headers; body: unknown }, slug: string) => ({
    status: r.status,
    challenge: r.headers.get('www-authenticate')?.replaceAll(slug, '<slug>'),
    type: r.headers.get('content-type'),
    body: JSON.stringify(r.body).replaceAll(slug, '<slug>'),
  });

  it('answers /mcp the same without a token, with a bad token and with another server’s token', async () => {
    // 'other' is an org-only server; 'nobody' serves nothing.
    const otherToken = await runner.jwks.sign({ aud });
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer not-a-jwt' },
      { authorization: `Bearer ${otherToken}` },
    ]) {
      const priv = await rpc('other', { method: 'tools/list', params: {} }, headers);
      const unknown = await rpc('nobody', { method: 'tools/list', params: {} }, headers);
      expect(priv.status).toBe(401);
      expect(shape(unknown, 'nobody')).toEqual(shape(priv, 'other'));
      expect(priv.headers.get('www-authenticate')).toContain('scope="mcp:tools"');
      expect(priv.headers.get('www-authenticate')).not.toContain('demo:admin');
    }
  });

  it('serves the same anonymous metadata for both: no display name, the base scope only', async () => {
    const priv = await fetch(metadataUrl('other'));
    const unknown = await fetch(metadataUrl('nobody'));
    expect([priv.status, unknown.status]).toEqual([200, 200]);
    const p = (await priv.json()) as Record<string, unknown>;
    const u = (await unknown.json()) as Record<string, unknown>;
    expect(JSON.stringify(u).replaceAll('nobody', '<slug>')).toBe(
      JSON.stringify(p).replaceAll('other', '<slug>'),
    );
    expect(p).toEqual({
      resource: `${runner.runnerUrl}/other/mcp`,
      authorization_servers: [runner.jwks.issuer],
      scopes_supported: ['mcp:tools'],
      bearer_methods_supported: ['header'],
    });
    expect(JSON.stringify(p)).not.toContain('Demo');
  });

  it('gives a caller with a valid token for the private server the real scopes on step-up', async () => {
    const token = await runner.jwks.sign({ aud: `${runner.runnerUrl}/other/mcp`, scope: 'mcp:tools' });
    const res = await rpc(
      'other',
      { method: 'tools/call', params: { name: 'admin_reset', arguments: {} } },
      { authorization: `Bearer ${token}` },
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toContain('demo:admin');
  });
});

describe('host, origin and metadata', () => {
  it('refuses a foreign Host (DNS rebinding) and a foreign Origin before the token check', async () => {
    const token = await runner.jwks.sign({ aud });
    const rebound = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${runner.runnerUrl}/demo/mcp`,
        {
          method: 'POST',
          headers: {
            host: 'attacker.example',
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
          },
        },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(rebound.status).toBe(421);
    expect(JSON.parse(rebound.body)).toMatchObject({ code: 'misdirected_request' });
    const foreign = await rpc(
      'demo',
      { method: 'tools/list' },
      { origin: 'https://evil.example', authorization: `Bearer ${token}` },
    );
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ code: 'origin_not_allowed' });
  });

  it('serves protected-resource metadata with CORS', async () => {
    const res = await fetch(metadataUrl('demo'), { headers: { origin: 'https://anything.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.json()).toEqual({
      resource: aud,
      authorization_servers: [runner.jwks.issuer],
      scopes_supported: ['mcp:tools', 'demo:admin'],
      bearer_methods_supported: ['header'],
      resource_name: 'Demo Server',
    });
  });
});

describe('deployments and the builder', () => {
  it('serves a new version after serverChanged, and 404 once deleted', async () => {
    const spec = demoSpec('demo', upstream.url);
    spec.tools = spec.tools.filter((tool) => tool.name === 'add');
    spec.tools.push({
      name: 'hello',
      description: 'new in v2',
      inputSchema: { type: 'object' },
      impl: { kind: 'code', source: `export default async () => 'hi'` },
    });
    const seeded = await seedServer(t.db, runner.keyring, { ...spec, slug: 'moving', name: 'Moving' });
    const token = await runner.jwks.sign({ aud: `${runner.runnerUrl}/moving/mcp` });
    expect((await listTools(token, 'moving')).body.result.tools.map((x: { name: string }) => x.name)).toEqual(
      ['add', 'hello'],
    );
    const v2 = {
      ...spec,
      slug: 'moving',
      name: 'Moving',
      tools: spec.tools.filter((x) => x.name === 'hello'),
    };
    await deployVersion(t.db, seeded.serverId, v2, 2);
    await notify(t.db, Channels.serverChanged, { serverId: seeded.serverId, slug: 'moving' });
    let names: string[] = [];
    for (let i = 0; i < 40; i++) {
      names = (await listTools(token, 'moving')).body.result.tools.map((x: { name: string }) => x.name);
      if (names.length === 1) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(names).toEqual(['hello']);
    await t.db
      .updateTable('servers')
      .set({ deleted_at: new Date() })
      .where('id', '=', seeded.serverId)
      .execute();
    await notify(t.db, Channels.serverChanged, { serverId: seeded.serverId, slug: 'moving' });
    let status = 200;
    for (let i = 0; i < 40 && status !== 404; i++) {
      status = (await listTools(token, 'moving')).status;
      if (status !== 404) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(404);
  });

  it('lets the builder verify a version with a ticket bound to it', async () => {
    const key = runner.keyring.deriveKey('internal');
    const verify = (versionId: string, ticket?: string) =>
      fetch(`${runner.runnerUrl}/internal/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(ticket && { authorization: `Bearer ${ticket}` }) },
        body: JSON.stringify({ versionId }),
      });
    const ok = await verify(
      demo.versionId,
      signTicket(key, 'runner-verify', { versionId: demo.versionId }, 60),
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ tools: ['get_item', 'add', 'count_up', 'explode', 'admin_reset'] });
    expect((await verify(demo.versionId)).status).toBe(401);
    const otherTicket = signTicket(
      key,
      'runner-verify',
      { versionId: '00000000-0000-4000-8000-000000000000' },
      60,
    );
    const wrong = await verify(demo.versionId, otherTicket);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ code: 'invalid_ticket' });
    const purpose = await verify(
      demo.versionId,
      signTicket(key, 'build-log', { versionId: demo.versionId }, 60),
    );
    expect(purpose.status).toBe(401);
  });
});

describe('usage and plan limits', () => {
  it('counts calls in usage_events and usage_daily', async () => {
    const token = await runner.jwks.sign({
      aud,
      sub: '11111111-1111-4111-8111-111111111111',
      client_id: 'usage-client',
    });
    for (let i = 0; i < 3; i++) {
      await rpc(
        'demo',
        { method: 'tools/call', params: { name: 'add', arguments: { a: i, b: 1 } } },
        { authorization: `Bearer ${token}` },
      );
    }
    await rpc(
      'demo',
      { method: 'tools/call', params: { name: 'explode', arguments: {} } },
      { authorization: `Bearer ${token}` },
    );
    let rows: { tool: string; status: string; client_id: string | null; error: string | null }[] = [];
    for (let i = 0; i < 40; i++) {
      rows = await t.db
        .selectFrom('usage_events')
        .select(['tool', 'status', 'client_id', 'error'])
        .where('client_id', '=', 'usage-client')
        .orderBy('id')
        .execute();
      if (rows.length === 4) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(rows).toEqual([
      { tool: 'add', status: 'ok', client_id: 'usage-client', error: null },
      { tool: 'add', status: 'ok', client_id: 'usage-client', error: null },
      { tool: 'add', status: 'ok', client_id: 'usage-client', error: null },
      // Why it failed, as the caller saw it (this demo server has no API_KEY set).
      { tool: 'explode', status: 'error', client_id: 'usage-client', error: 'Error: boom undefined' },
    ]);
    const daily = await t.db
      .selectFrom('usage_daily')
      .selectAll()
      .where('server_id', '=', demo.serverId)
      .executeTakeFirstOrThrow();
    expect(daily.errors).toBeGreaterThanOrEqual(1);
    expect(daily.calls).toBeGreaterThanOrEqual(4);
  });

  it('answers 429 with Retry-After once the plan limit is used up', async () => {
    const capped = await seedServer(
      t.db,
      runner.keyring,
      { ...demoSpec('capped', upstream.url), slug: 'capped' },
      { plan: 'free' },
    );
    await t.db
      .insertInto('usage_daily')
      .values({
        org_id: capped.orgId,
        server_id: capped.serverId,
        day: new Date().toISOString().slice(0, 10),
        calls: 10_000,
        errors: 0,
      })
      .execute();
    const token = await runner.jwks.sign({ aud: `${runner.runnerUrl}/capped/mcp` });
    const res = await rpc(
      'capped',
      { method: 'tools/call', params: { name: 'add', arguments: { a: 1, b: 1 } } },
      { authorization: `Bearer ${token}` },
    );
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.body).toMatchObject({ code: 'plan_limit_reached' });
    expect((await listTools(token, 'capped')).status).toBe(200);
  });
});
