import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ToolSpec } from '@bmm/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSandboxWorkers, executeTool, type ToolRunOptions, type UpstreamBridge } from './index.js';

/** A local API that accepts exactly one bearer token and records what it received. */
let api: Server;
let origin: string;
let validToken = 'tok-current-0123456789';
const received: string[] = [];
beforeAll(async () => {
  api = createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    received.push(auth);
    if (auth !== `Bearer ${validToken}`) {
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end(`{"error":"invalid_token","got":"${auth}"}`);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"me":"ada"}');
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await closeSandboxWorkers();
  await new Promise<void>((r) => api.close(() => r()));
});

const credential = (accessToken: string) => ({
  accessToken,
  tokenType: 'Bearer',
  expiresAt: null,
  scopes: ['read'],
  account: { id: '42', label: 'ada@example.com' },
});

function bridge(tokens: string[], renewTo?: string): UpstreamBridge & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async get(id) {
      asked.push(id);
      if (id !== 'acme')
        throw Object.assign(new Error(`Sign in to ${id} first`), { name: 'UpstreamUnavailable' });
      return credential(tokens.shift() ?? validToken);
    },
    ...(renewTo !== undefined && {
      async renew(id: string, stale: string) {
        asked.push(`renew:${id}:${stale}`);
        return renewTo ? credential(renewTo) : null;
      },
    }),
  };
}

const options = (upstream?: UpstreamBridge, isolation: 'thread' | 'worker' = 'thread'): ToolRunOptions => ({
  secrets: { API_KEY: 'sk-some-secret' },
  allowedHosts: ['127.0.0.1'],
  allowPrivateNetwork: true,
  isolation,
  ...(upstream && { upstream }),
});

const httpTool: ToolSpec = {
  name: 'me',
  description: 'me',
  inputSchema: { type: 'object' },
  impl: {
    kind: 'http',
    method: 'GET',
    url: 'http://127.0.0.1/me',
    headers: { Authorization: '{{upstream.acme.tokenType}} {{upstream.acme.accessToken}}' },
  },
};
const withOrigin = (tool: ToolSpec): ToolSpec =>
  tool.impl.kind === 'http' ? { ...tool, impl: { ...tool.impl, url: `${origin}/me` } } : tool;

describe('upstream tokens in http tools', () => {
  it('renders {{upstream.<id>.*}} with the caller token', async () => {
    validToken = 'tok-current-0123456789';
    const b = bridge([validToken]);
    const result = await executeTool(withOrigin(httpTool), {}, options(b));
    expect(result.isError).toBe(false);
    expect(result.structuredContent).toEqual({ me: 'ada' });
    expect(received.at(-1)).toBe(`Bearer ${validToken}`);
    expect(b.asked).toEqual(['acme']);
  });

  it('renews once after a 401 and retries with the fresh token', async () => {
    validToken = 'tok-renewed-9876543210';
    const b = bridge(['tok-stale-1111111111'], validToken);
    const result = await executeTool(withOrigin(httpTool), {}, options(b));
    expect(result.isError).toBe(false);
    expect(b.asked).toEqual(['acme', 'renew:acme:tok-stale-1111111111']);
    expect(received.slice(-2)).toEqual(['Bearer tok-stale-1111111111', `Bearer ${validToken}`]);
  });

  it('never shows the token in the error text when the upstream refuses it', async () => {
    validToken = 'tok-other-5555555555';
    const b = bridge(['tok-refused-2222222222'], '');
    const result = await executeTool(withOrigin(httpTool), {}, options(b));
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result)).toContain('Upstream responded 401');
    expect(JSON.stringify(result)).not.toContain('tok-refused-2222222222');
  });

  it('fails with the bridge message when there is no token, and without a bridge at all', async () => {
    const spec = withOrigin(httpTool);
    const other: ToolSpec = {
      ...spec,
      impl: {
        ...(spec.impl as Extract<ToolSpec['impl'], { kind: 'http' }>),
        headers: { A: '{{upstream.slack.accessToken}}' },
      },
    };
    const none = await executeTool(other, {}, options(bridge([])));
    expect(none).toMatchObject({ isError: true, content: [{ text: 'Sign in to slack first' }] });
    const bare = await executeTool(spec, {}, options());
    expect(bare.isError).toBe(true);
    expect(JSON.stringify(bare)).toContain('not available here');
  });
});

describe.each(['thread', 'worker'] as const)('ctx.upstream in code tools (%s isolation)', (isolation) => {
  const codeTool = (source: string): ToolSpec => ({
    name: 'c',
    description: 'c',
    inputSchema: { type: 'object' },
    impl: { kind: 'code', source },
  });

  it('returns the credential, frozen, and it works with ctx.fetch', async () => {
    validToken = 'tok-code-3333333333';
    const tool = codeTool(`export default async (input, ctx) => {
      const acme = await ctx.upstream('acme');
      let frozen = false;
      try { acme.accessToken = 'x'; } catch { frozen = true; }
      const res = await ctx.fetch('${origin}/me', { headers: { authorization: acme.tokenType + ' ' + acme.accessToken } });
      return { status: res.status, body: await res.json(), account: acme.account, scopes: acme.scopes, frozen: frozen || acme.accessToken !== 'x' };
    }`);
    const result = await executeTool(tool, {}, options(bridge([validToken]), isolation));
    expect(result.isError, JSON.stringify(result)).toBe(false);
    expect(result.structuredContent).toEqual({
      status: 200,
      body: { me: 'ada' },
      account: { id: '42', label: 'ada@example.com' },
      scopes: ['read'],
      frozen: true,
    });
  }, 30_000);

  it('rejects with the bridge message, and redacts a token the guest puts in an error', async () => {
    const missing = await executeTool(
      codeTool(`export default async (input, ctx) => { await ctx.upstream('slack'); return 1; }`),
      {},
      options(bridge([]), isolation),
    );
    expect(missing.isError).toBe(true);
    expect(JSON.stringify(missing)).toContain('Sign in to slack first');
    const leak = await executeTool(
      codeTool(
        `export default async (input, ctx) => { const a = await ctx.upstream('acme'); throw new Error('oops ' + a.accessToken); }`,
      ),
      {},
      options(bridge(['tok-leaky-4444444444']), isolation),
    );
    expect(leak.isError).toBe(true);
    expect(JSON.stringify(leak)).not.toContain('tok-leaky-4444444444');
    expect(JSON.stringify(leak)).toContain('[redacted]');
  }, 30_000);

  it('is unavailable without a bridge', async () => {
    const result = await executeTool(
      codeTool(`export default async (input, ctx) => ctx.upstream('acme')`),
      {},
      options(undefined, isolation),
    );
    expect(result.isError).toBe(true);
    expect(String(result.content[0]?.text)).toContain('ctx.upstream("acme")');
  }, 30_000);
});
