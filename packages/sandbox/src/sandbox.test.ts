import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ToolSpec } from '@bmm/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCodeCompiles, executeTool, isPrivateAddress, type ToolRunOptions } from './index.js';

function codeTool(source: string): ToolSpec {
  return { name: 't', description: 't', inputSchema: { type: 'object' }, impl: { kind: 'code', source } };
}

const base: ToolRunOptions = { secrets: { API_KEY: 'sk-very-secret-value' }, allowedHosts: [] };

function text(result: { content: Array<Record<string, unknown>> }): string {
  return String(result.content[0]?.text);
}

let upstream: Server;
let origin: string;
let port: number;
beforeAll(async () => {
  upstream = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/redirect-private') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
    } else if (url.pathname === '/redirect-elsewhere') {
      res.writeHead(302, { location: 'http://example.org/' }).end();
    } else if (url.pathname === '/big') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(5000));
    } else if (url.pathname === '/fail') {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('upstream is down, key sk-very-secret-value');
    } else if (url.pathname === '/slow') {
      setTimeout(() => res.writeHead(200).end('late'), 2000);
    } else if (url.pathname === '/image') {
      res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([137, 80, 78, 71]));
    } else {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            data: { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams) },
            auth: req.headers.authorization ?? null,
            body: body ? JSON.parse(body) : null,
          }),
        );
      });
    }
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  port = (upstream.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
});
afterAll(() => new Promise<void>((r) => upstream.close(() => r())));

describe('code tools', () => {
  it('runs the default export with input, secrets, log and progress', async () => {
    const logs: string[] = [];
    const progress: Array<[number, number | undefined, string | undefined]> = [];
    const result = await executeTool(
      codeTool(`export default async function (input, ctx) {
        ctx.log.info('adding', input.a, input.b);
        ctx.progress(1, 2, 'half');
        return { sum: input.a + input.b, keyLength: ctx.secrets.API_KEY.length };
      }`),
      { a: 2, b: 40 },
      { ...base, onLog: (l, m) => logs.push(`${l}:${m}`), onProgress: (p, t, m) => progress.push([p, t, m]) },
    );
    expect(result).toEqual({
      content: [{ type: 'text', text: '{"sum":42,"keyLength":20}' }],
      structuredContent: { sum: 42, keyLength: 20 },
      isError: false,
    });
    expect(logs).toEqual(['info:adding 2 40']);
    expect(progress).toEqual([[1, 2, 'half']]);
  });

  it('passes MCP-shaped results through and reports thrown errors without a stack or secrets', async () => {
    const shaped = await executeTool(
      codeTool(`export default async () => ({ content: [{ type: 'text', text: 'hi' }], isError: true })`),
      {},
      base,
    );
    expect(shaped).toEqual({ content: [{ type: 'text', text: 'hi' }], isError: true });
    const thrown = await executeTool(
      codeTool(
        `export default async (input, ctx) => { throw new TypeError('bad key ' + ctx.secrets.API_KEY) }`,
      ),
      {},
      base,
    );
    expect(thrown).toEqual({
      content: [{ type: 'text', text: 'TypeError: bad key [redacted]' }],
      isError: true,
    });
  });

  it('stops an infinite loop at the CPU deadline while other calls keep working', async () => {
    const started = Date.now();
    const [loop, ok] = await Promise.all([
      executeTool(
        codeTool('export default async () => { for (;;) {} }'),
        {},
        { ...base, limits: { cpuMs: 200 } },
      ),
      executeTool(codeTool('export default async (i) => i.x * 2'), { x: 21 }, base),
    ]);
    expect(loop).toEqual({
      content: [{ type: 'text', text: 'Tool exceeded its CPU time limit of 200 ms' }],
      isError: true,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(ok).toMatchObject({ content: [{ type: 'text', text: '42' }], isError: false });
  });

  it('stops an allocation bomb at the memory cap', async () => {
    const result = await executeTool(
      codeTool('export default async () => { const a = []; for (;;) a.push([1, 2, 3, 4, 5, 6, 7, 8]); }'),
      {},
      { ...base, limits: { memoryBytes: 16 * 1024 * 1024 } },
    );
    expect(result).toEqual({
      content: [{ type: 'text', text: 'Tool exceeded its memory limit of 16 MiB' }],
      isError: true,
    });
    const after = await executeTool(codeTool('export default async (i) => i.x + 1'), { x: 1 }, base);
    expect(after).toMatchObject({ content: [{ type: 'text', text: '2' }], isError: false });
  });

  it('stops deep recursion at the stack cap', async () => {
    const result = await executeTool(
      codeTool('function f(n) { return f(n + 1) + 1 } export default async () => f(0)'),
      {},
      base,
    );
    expect(result).toEqual({
      content: [{ type: 'text', text: 'Tool exceeded its stack limit (recursion too deep)' }],
      isError: true,
    });
  });

  it('refuses output over the cap', async () => {
    const result = await executeTool(
      codeTool(`export default async () => 'x'.repeat(20000)`),
      {},
      { ...base, limits: { maxOutputBytes: 10_000 } },
    );
    expect(result).toEqual({
      content: [{ type: 'text', text: 'Tool output exceeds the limit of 10000 bytes' }],
      isError: true,
    });
  });

  it('times out a call stuck on a slow fetch', async () => {
    const result = await executeTool(
      codeTool(`export default async (i, ctx) => (await ctx.fetch('${origin}/slow')).text()`),
      {},
      { ...base, allowedHosts: ['127.0.0.1'], allowPrivateNetwork: true, limits: { timeoutMs: 300 } },
    );
    expect(result).toEqual({
      content: [{ type: 'text', text: 'Tool timed out after 300 ms' }],
      isError: true,
    });
  });

  it('reports a promise that can never settle', async () => {
    const result = await executeTool(codeTool('export default () => new Promise(() => {})'), {}, base);
    expect(result.isError).toBe(true);
    expect(text(result)).toBe('The tool never finished: it awaited something that cannot settle');
  });

  it('keeps module state only between calls that share a reuse key', async () => {
    const counter = codeTool('let calls = 0; export default async () => ++calls');
    const run = (reuseKey?: string) =>
      executeTool(counter, {}, { ...base, ...(reuseKey && { reuseKey }) }).then((r) => text(r));
    expect([await run('server-a/v1'), await run('server-a/v1')]).toEqual(['1', '2']);
    expect(await run('server-b/v1')).toBe('1');
    expect([await run(), await run()]).toEqual(['1', '1']);
  });

  it('does not expose node or host globals', async () => {
    const result = await executeTool(
      codeTool(
        `export default async () => [typeof process, typeof require, typeof __bmmFetch, typeof fetch, typeof setTimeout]`,
      ),
      {},
      base,
    );
    expect(text(result)).toBe('["undefined","undefined","undefined","undefined","undefined"]');
  });
});

describe('ctx.fetch', () => {
  const fetchTool = (url: string) =>
    codeTool(`export default async (i, ctx) => {
      try { const r = await ctx.fetch('${url}'); return { status: r.status, body: await r.json() }; }
      catch (e) { return 'failed: ' + e.message; }
    }`);

  it('reaches an allowed host', async () => {
    const result = await executeTool(
      fetchTool(`${origin}/items?q=1`),
      {},
      {
        ...base,
        allowedHosts: ['127.0.0.1'],
        allowPrivateNetwork: true,
      },
    );
    expect(result.structuredContent).toMatchObject({
      status: 200,
      body: { data: { path: '/items', query: { q: '1' } } },
    });
  });

  it('refuses a host the spec does not declare', async () => {
    const result = await executeTool(
      fetchTool('https://example.org/'),
      {},
      { ...base, allowedHosts: ['api.example.com'] },
    );
    expect(text(result)).toBe("failed: refused request to example.org: not in this server's allowed hosts");
  });

  it('refuses loopback and metadata addresses', async () => {
    const loop = await executeTool(fetchTool(`${origin}/`), {}, { ...base, allowedHosts: ['127.0.0.1'] });
    expect(text(loop)).toBe(`failed: refused request to 127.0.0.1:${port}: private or reserved address`);
    const meta = await executeTool(
      fetchTool('http://169.254.169.254/latest/meta-data'),
      {},
      {
        ...base,
        allowedHosts: ['169.254.169.254'],
      },
    );
    expect(text(meta)).toBe('failed: refused request to 169.254.169.254: private or reserved address');
  });

  it('checks the address after DNS resolution', async () => {
    const result = await executeTool(
      fetchTool(`http://localhost:${port}/`),
      {},
      { ...base, allowedHosts: ['localhost'] },
    );
    expect(text(result)).toMatch(
      /^failed: refused request to localhost:\d+: localhost resolves to a private or reserved address$/,
    );
  });

  it('checks every redirect hop', async () => {
    const stub: typeof fetch = async (url) =>
      String(url).startsWith('https://api.example.com/')
        ? new Response(null, {
            status: 302,
            headers: { location: 'http://169.254.169.254/latest/meta-data' },
          })
        : new Response('{"leaked":true}', { headers: { 'content-type': 'application/json' } });
    const viaStub = await executeTool(
      fetchTool('https://api.example.com/start'),
      {},
      {
        ...base,
        allowedHosts: ['api.example.com', '169.254.169.254'],
        fetch: stub,
      },
    );
    expect(text(viaStub)).toBe('failed: refused request to 169.254.169.254: private or reserved address');
    const real = await executeTool(
      fetchTool(`${origin}/redirect-elsewhere`),
      {},
      {
        ...base,
        allowedHosts: ['127.0.0.1'],
        allowPrivateNetwork: true,
      },
    );
    expect(text(real)).toBe("failed: refused request to example.org: not in this server's allowed hosts");
  });
});

describe('http tools', () => {
  const httpTool = (impl: Record<string, unknown>): ToolSpec => ({
    name: 'h',
    description: 'h',
    inputSchema: { type: 'object' },
    impl: { kind: 'http', method: 'GET', ...impl } as ToolSpec['impl'],
  });
  const local = { ...base, allowPrivateNetwork: true };

  it('renders url, query, headers and body, and picks from the JSON response', async () => {
    const result = await executeTool(
      httpTool({
        method: 'POST',
        url: `${origin}/items/{{input.id}}`,
        query: { q: '{{input.q}}', missing: '{{input.none}}' },
        headers: { authorization: 'Bearer {{secrets.API_KEY}}' },
        body: { count: '{{input.count}}', label: 'n={{input.count}}' },
      }),
      { id: 'a b/c', q: 'x&y', count: 3 },
      local,
    );
    expect(result.isError).toBe(false);
    expect(result.structuredContent).toEqual({
      data: { method: 'POST', path: '/items/a%20b%2Fc', query: { q: 'x&y' } },
      auth: 'Bearer sk-very-secret-value',
      body: { count: 3, label: 'n=3' },
    });
    const picked = await executeTool(
      httpTool({ url: `${origin}/x`, response: { pick: 'data.path' } }),
      {},
      local,
    );
    expect(picked).toEqual({ content: [{ type: 'text', text: '/x' }], isError: false });
  });

  it('maps non-2xx to isError with the status and a redacted excerpt', async () => {
    const result = await executeTool(httpTool({ url: `${origin}/fail` }), {}, local);
    expect(result).toEqual({
      content: [
        {
          type: 'text',
          text: 'Upstream responded 503 Service Unavailable: upstream is down, key [redacted]',
        },
      ],
      isError: true,
    });
  });

  it('maps images, caps the response size and times out', async () => {
    const image = await executeTool(httpTool({ url: `${origin}/image` }), {}, local);
    expect(image).toEqual({
      content: [{ type: 'image', data: 'iVBORw==', mimeType: 'image/png' }],
      isError: false,
    });
    const big = await executeTool(
      httpTool({ url: `${origin}/big`, response: { maxBytes: 1000 } }),
      {},
      local,
    );
    expect(big).toEqual({
      content: [{ type: 'text', text: 'upstream response is larger than 1000 bytes' }],
      isError: true,
    });
    const slow = await executeTool(
      httpTool({ url: `${origin}/slow` }),
      {},
      { ...local, limits: { timeoutMs: 200 } },
    );
    expect(slow).toEqual({ content: [{ type: 'text', text: 'Tool timed out after 200 ms' }], isError: true });
  });

  it('refuses private addresses unless allowed, and redirects to other hosts', async () => {
    const refused = await executeTool(httpTool({ url: `${origin}/x` }), {}, base);
    expect(text(refused)).toBe(`refused request to 127.0.0.1:${port}: private or reserved address`);
    const redirected = await executeTool(httpTool({ url: `${origin}/redirect-private` }), {}, local);
    expect(text(redirected)).toBe("refused request to 169.254.169.254: not in this server's allowed hosts");
  });
});

describe('helpers', () => {
  it('classifies addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fe80::1',
      'fd00:ec2::254',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '0.0.0.0',
      '100.100.100.200',
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700::1111'])
      expect(isPrivateAddress(a), a).toBe(false);
  });

  it('checks that code compiles and exports a function', async () => {
    expect(await checkCodeCompiles('export default async (i) => i')).toEqual({ ok: true });
    const syntax = await checkCodeCompiles('export default async (i) => {\n  return i +;\n}');
    expect(syntax.ok).toBe(false);
    expect(!syntax.ok && syntax.error).toMatch(/^SyntaxError: .*\(line 2\)$/);
    expect(await checkCodeCompiles('export const x = 1')).toEqual({
      ok: false,
      error: "The tool's code must `export default` an async function (input, ctx)",
    });
    expect(await checkCodeCompiles('import fs from "fs"; export default () => 1')).toMatchObject({
      ok: false,
    });
  });
});
