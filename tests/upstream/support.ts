/**
 * Helpers for upstream sign-in tests: a person's browser (one cookie jar per origin) that follows
 * redirects through our consent flow and the upstream provider, and an MCP client whose OAuth is
 * answered through the interaction API.
 */
import type { ServerSpec } from '@bmm/spec';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { expect } from 'vitest';
import type { Session } from '../support/http.ts';
import { TestOAuthProvider } from '../support/oauth-client.ts';
import type { Platform } from '../support/platform.ts';
import type { UpstreamAs } from '../support/upstream-as.ts';

/** One browser: cookies per origin (host:port), like a browser keeps them per site it talks to. */
export class Browser {
  private jars = new Map<string, Map<string, string>>();
  /** Every Location the browser was sent to. */
  visited: string[] = [];

  constructor(
    readonly user: Session,
    readonly platform: Platform,
    readonly upstream: UpstreamAs,
  ) {}

  private jar(url: URL): Map<string, string> {
    const key = url.host;
    let jar = this.jars.get(key);
    if (!jar) {
      jar = new Map();
      this.jars.set(key, jar);
    }
    return jar;
  }

  /**
   * Follows redirects from `start` until the browser leaves the platform and the upstream (the MCP
   * client's redirect URI, a web page). `as` says who signs in at the upstream; `deny` says no.
   */
  async follow(
    start: string,
    as: { upstreamUser?: string; deny?: boolean; scopes?: string; until?: (url: URL) => boolean } = {},
  ): Promise<URL> {
    let url = new URL(start);
    const issuer = new URL(this.platform.urls.OAUTH_ISSUER);
    const upstream = new URL(this.upstream.issuer);
    for (let hop = 0; hop < 20; hop++) {
      this.visited.push(url.href);
      const headers: Record<string, string> = {};
      const jar = this.jar(url);
      if (url.host === issuer.host) headers.cookie = this.user.cookie;
      else if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      if (url.host === upstream.host && url.pathname.startsWith('/interaction/')) {
        if (as.deny) headers['x-upstream-decision'] = 'deny';
        if (as.upstreamUser) headers['x-upstream-user'] = as.upstreamUser;
        if (as.scopes) headers['x-upstream-scopes'] = as.scopes;
      }
      const res = await fetch(url, { redirect: 'manual', headers });
      for (const c of res.headers.getSetCookie()) {
        const m = c.match(/^([^=]+)=([^;]*)/);
        if (m) jar.set(m[1]!, m[2]!);
      }
      const location = res.headers.get('location');
      if (!location || res.status < 300 || res.status >= 400) {
        const body = await res.text();
        throw new Error(`the browser stopped at ${url.href} (HTTP ${res.status}): ${body.slice(0, 300)}`);
      }
      const next = new URL(location, url);
      if (as.until?.(next) || (next.host !== issuer.host && next.host !== upstream.host)) {
        this.visited.push(next.href);
        return next;
      }
      url = next;
    }
    throw new Error(`too many redirects: ${this.visited.slice(-5).join(' → ')}`);
  }
}

export const CLIENT_REDIRECT = 'http://127.0.0.1:9/callback';

export type Era = 'auto' | 'legacy';

/** An MCP client (v2 SDK) on one protocol era; `onConnect` answers URL-mode elicitations. */
export async function mcpClient(
  provider: TestOAuthProvider,
  url: string,
  era: Era,
  onConnect?: (url: string) => Promise<void>,
) {
  const client = new Client(
    { name: 'upstream-e2e', version: '1.0.0' },
    {
      versionNegotiation: { mode: era },
      capabilities: onConnect ? { elicitation: { url: {} } } : {},
    },
  );
  const elicitations: string[] = [];
  if (onConnect)
    client.setRequestHandler('elicitation/create', async (request) => {
      const params = request.params as { mode?: string; url?: string };
      if (params.mode !== 'url' || !params.url) return { action: 'decline' };
      elicitations.push(params.url);
      await onConnect(params.url);
      return { action: 'accept' };
    });
  const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
  await client.connect(transport);
  return { client, elicitations };
}

/**
 * Connects an MCP client for `user`: 401 → DCR → authorize → consent (the interaction API lists the
 * upstreams) → approve → upstream sign-in in the browser → our code → tokens.
 */
export async function connectClient(
  browser: Browser,
  mcpUrl: string,
  upstreamUser: string,
  options: {
    expectUpstreams?: Array<{ id: string; connected: boolean }>;
    deny?: boolean;
    scopes?: string;
  } = {},
): Promise<{ provider: TestOAuthProvider; callback: URL; interaction: any }> {
  const { platform, user } = browser;
  const provider = new TestOAuthProvider(CLIENT_REDIRECT);
  const client = new Client({ name: 'upstream-e2e', version: '1.0.0' });
  await expect(
    client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider })),
  ).rejects.toThrow();
  const toConsent = await fetch(provider.authorizationUrl!, { redirect: 'manual' });
  const consent = new URL(toConsent.headers.get('location')!);
  const interactionId = consent.searchParams.get('interaction')!;
  const headers = { cookie: user.cookie, origin: platform.urls.WEB_URL, 'content-type': 'application/json' };
  const interactionRes = await fetch(`${platform.urls.OAUTH_ISSUER}/interaction/${interactionId}`, {
    headers,
  });
  expect(interactionRes.status).toBe(200);
  const interaction = (await interactionRes.json()) as any;
  if (options.expectUpstreams)
    expect(interaction.upstreams.map((u: any) => ({ id: u.id, connected: u.connected }))).toEqual(
      options.expectUpstreams,
    );
  let next: string;
  if (interaction.auto_approved) next = interaction.redirect_to;
  else {
    const approved = await fetch(`${platform.urls.OAUTH_ISSUER}/interaction/${interactionId}/approve`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ csrf_token: interaction.csrf_token }),
    });
    expect(approved.status).toBe(200);
    next = ((await approved.json()) as { redirect_to: string }).redirect_to;
  }
  const callback = next.startsWith(CLIENT_REDIRECT)
    ? new URL(next)
    : await browser.follow(next, { upstreamUser, deny: options.deny, scopes: options.scopes });
  if (callback.searchParams.get('code')) {
    const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
    await transport.finishAuth(callback.searchParams);
  }
  return { provider, callback, interaction };
}

/** A server that signs each user in to the test upstream: an http tool and a code tool ask "who am I". */
export function upstreamSpec(
  upstream: UpstreamAs,
  slug: string,
  extra: Partial<ServerSpec> = {},
): ServerSpec {
  const api = new URL(upstream.apiUrl);
  return {
    name: 'Acme via upstream sign-in',
    slug,
    description: 'Who am I at Acme, per user.',
    secrets: [
      { name: 'ACME_CLIENT_ID', description: 'OAuth app client id', required: true },
      { name: 'ACME_CLIENT_SECRET', description: 'OAuth app client secret', required: true },
    ],
    allowedHosts: [api.host],
    upstreams: [
      {
        id: 'acme',
        name: 'Acme',
        issuer: upstream.issuer,
        scopes: ['openid', 'email', 'items:read'],
        clientIdSecret: 'ACME_CLIENT_ID',
        clientSecretSecret: 'ACME_CLIENT_SECRET',
      },
    ],
    tools: [
      {
        name: 'whoami',
        description: 'Who am I at Acme (http tool).',
        inputSchema: { type: 'object', properties: {} },
        impl: {
          kind: 'http',
          method: 'GET',
          url: `${upstream.apiUrl}/me`,
          headers: { Authorization: '{{upstream.acme.tokenType}} {{upstream.acme.accessToken}}' },
        },
        examples: [
          { input: {}, expect: { contains: 'alice' }, mockResponse: { status: 200, body: { sub: 'alice' } } },
        ],
      },
      {
        name: 'whoami_code',
        description: 'Who am I at Acme (code tool).',
        inputSchema: { type: 'object', properties: {} },
        impl: {
          kind: 'code',
          source: `export default async function (input, ctx) {
  const acme = await ctx.upstream('acme');
  const res = await ctx.fetch('${upstream.apiUrl}/me', { headers: { authorization: 'Bearer ' + acme.accessToken } });
  const me = await res.json();
  return { status: res.status, sub: me.sub, account: acme.account, scopes: acme.scopes, tokenType: acme.tokenType };
}`,
        },
        examples: [
          {
            input: {},
            expect: { contains: 'test@example.com' },
            mockResponse: { status: 200, body: { sub: 'x' } },
          },
        ],
      },
    ],
    ...extra,
  };
}

export function textOf(result: { content?: unknown }): string {
  return ((result.content as Array<{ text?: string }>) ?? []).map((c) => c.text ?? '').join('\n');
}
