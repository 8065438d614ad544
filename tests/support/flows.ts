/**
 * What a user and an MCP client do against a running platform, over plain HTTP: sign up, create a
 * server from a spec, follow its build, get an access token through the real OAuth flow (DCR,
 * PKCE, consent through the interaction API, code exchange), call a tool.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ServerSpec } from '@bmm/spec';
import { Session } from './http.ts';

export interface Urls {
  API_URL: string;
  OAUTH_ISSUER: string;
  WEB_URL: string;
}

/** A server with one quick code tool, `add`; `slowExamples` makes its build's test step take seconds. */
export function addSpec(slug: string, slowExamples = 0): ServerSpec {
  const slow = Array.from({ length: slowExamples }, (_, i) => ({
    input: { a: i, b: 1, spinMs: 400 },
    expect: { contains: String(i + 1) },
  }));
  return {
    name: `Faults ${slug}`,
    slug,
    description: 'Adds numbers (fault tests).',
    secrets: [],
    tools: [
      {
        name: 'add',
        description: 'Adds two numbers.',
        inputSchema: {
          type: 'object',
          properties: { a: { type: 'number' }, b: { type: 'number' }, spinMs: { type: 'number' } },
          required: ['a', 'b'],
        },
        annotations: { readOnlyHint: true, openWorldHint: false },
        impl: {
          kind: 'code',
          source:
            'export default async function (input) { const t = Date.now(); while (Date.now() - t < (input.spinMs ?? 0)) {} return { sum: input.a + input.b }; }',
        },
        examples: [{ input: { a: 1, b: 2 }, expect: { contains: '3' } }, ...slow],
      },
    ],
  };
}

export async function signUp(urls: Urls, email: string): Promise<Session> {
  const session = new Session(urls.API_URL, urls.WEB_URL);
  await session.signUp(email);
  return session;
}

export async function createServer(session: Session, spec: ServerSpec) {
  const created = await session.call('POST', '/v1/servers', { name: spec.name, slug: spec.slug, spec });
  if (created.status !== 201)
    throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  return {
    serverId: created.body.server.id as string,
    buildId: created.body.build.id as string,
    mcpUrl: created.body.server.mcpUrl as string,
  };
}

export async function buildTicket(
  session: Session,
  buildId: string,
): Promise<{ url: string; ticket: string }> {
  const res = await session.call('POST', `/v1/builds/${buildId}/ticket`);
  if (res.status !== 200) throw new Error(`ticket failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const base64url = (b: Buffer) => b.toString('base64url');

/** The whole OAuth 2.1 flow an MCP client runs, for `session`'s user and the server at `mcpUrl`. */
export async function obtainTokens(urls: Urls, session: Session, mcpUrl: string) {
  const issuer = urls.OAUTH_ISSUER;
  const redirectUri = 'http://127.0.0.1:9/callback';
  const reg = await fetch(`${issuer}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'Fault test client',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    }),
  });
  if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${await reg.text()}`);
  const clientId = ((await reg.json()) as { client_id: string }).client_id;
  const verifier = base64url(randomBytes(32));
  const challenge = base64url(createHash('sha256').update(verifier).digest());
  const authorize = new URL(`${issuer}/authorize`);
  for (const [k, v] of Object.entries({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: base64url(randomBytes(8)),
    scope: 'mcp:tools',
    resource: mcpUrl,
  }))
    authorize.searchParams.set(k, v);
  const toConsent = await fetch(authorize, { redirect: 'manual' });
  const consent = new URL(toConsent.headers.get('location') ?? '');
  const interactionId = consent.searchParams.get('interaction');
  if (!interactionId) throw new Error(`authorize did not redirect to consent: ${toConsent.status}`);
  const headers = { cookie: session.cookie, origin: urls.WEB_URL, 'content-type': 'application/json' };
  const interaction = (await (await fetch(`${issuer}/interaction/${interactionId}`, { headers })).json()) as {
    csrf_token: string;
  };
  const approved = await fetch(`${issuer}/interaction/${interactionId}/approve`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ csrf_token: interaction.csrf_token }),
  });
  const callback = new URL(((await approved.json()) as { redirect_to: string }).redirect_to);
  const token = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: redirectUri,
      client_id: clientId,
      code_verifier: verifier,
      resource: mcpUrl,
    }),
  });
  if (token.status !== 200) throw new Error(`token failed: ${token.status} ${await token.text()}`);
  return (await token.json()) as { access_token: string; refresh_token: string };
}

/** One stateless `tools/call` of `add` (2025-11-25 wire format): the status and parsed body. */
export async function callAdd(mcpUrl: string, token: string, a = 2, b = 3, timeoutMs = 10_000) {
  const res = await fetch(mcpUrl, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-11-25',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'add', arguments: { a, b } },
    }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  return { status: res.status, ok: res.status === 200 && text.includes(`"sum":${a + b}`), text };
}

/** `tools/list` through the runner: the tool names, or null when it did not answer 200. */
export async function listTools(mcpUrl: string, token: string): Promise<string[] | null> {
  const res = await fetch(mcpUrl, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-11-25',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    signal: AbortSignal.timeout(10_000),
  }).catch(() => null);
  if (res?.status !== 200) return null;
  const text = await res.text();
  const json = JSON.parse(text.startsWith('{') ? text : (text.match(/^data: (.*)$/m)?.[1] ?? '{}'));
  return (json.result?.tools ?? []).map((t: { name: string }) => t.name).sort();
}

/**
 * Follows a build's log the way a browser does when the builder goes away mid-build: on a closed
 * socket it asks the api for a new ticket and reconnects from the last seq it saw, until `done`.
 */
export async function followBuildAcrossRestarts(
  session: Session,
  buildId: string,
  timeoutMs = 90_000,
): Promise<{ done: { status: string; version: number | null }; reconnects: number; frames: any[] }> {
  const { default: WebSocket } = await import('ws');
  const deadline = Date.now() + timeoutMs;
  const frames: any[] = [];
  let since = 0;
  let reconnects = -1;
  while (Date.now() < deadline) {
    reconnects++;
    const ticket = await buildTicket(session, buildId).catch(() => null);
    if (!ticket) {
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    const done = await new Promise<any>((resolve) => {
      const ws = new WebSocket(`${ticket.url}?ticket=${encodeURIComponent(ticket.ticket)}&since=${since}`);
      const timer = setTimeout(() => ws.terminate(), Math.max(0, deadline - Date.now()));
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data));
        frames.push(frame);
        if (typeof frame.seq === 'number') since = Math.max(since, frame.seq);
        if (frame.type === 'done') {
          clearTimeout(timer);
          ws.close();
          resolve(frame);
        }
      });
      ws.on('close', () => {
        clearTimeout(timer);
        resolve(null);
      });
      ws.on('error', () => {});
    });
    if (done) return { done, reconnects, frames };
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no final status for build ${buildId} within ${timeoutMs} ms`);
}
