import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger } from '@bmm/logger';
import type { ServerSpec } from '@bmm/spec';
import { flushTelemetry, startTelemetry, stopTelemetry, withSpan } from '@bmm/telemetry';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveAndExchange } from '../support/flow.ts';
import { eventually, followBuild, Session, startUpstream } from '../support/http.ts';
import { TestOAuthProvider } from '../support/oauth-client.ts';
import { type Platform, startPlatform } from '../support/platform.ts';

interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  service: string;
}

/** An OTLP/HTTP receiver on loopback: decodes the JSON export the SDK sends to /v1/traces. */
async function startOtlpReceiver() {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (req.url !== '/v1/traces' || !String(req.headers['content-type']).includes('json')) {
        res.writeHead(415).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      for (const rs of body.resourceSpans ?? []) {
        const service = rs.resource?.attributes?.find((a: any) => a.key === 'service.name')?.value
          ?.stringValue;
        for (const ss of rs.scopeSpans ?? [])
          for (const s of ss.spans ?? [])
            spans.push({
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId || undefined,
              name: s.name,
              kind: s.kind,
              attributes: Object.fromEntries(
                (s.attributes ?? []).map((a: any) => [a.key, Object.values(a.value ?? {})[0]]),
              ),
              service,
            });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, spans, close: () => new Promise((r) => server.close(r)) };
}

/**
 * A request over a plain socket: this process's fetch and http are instrumented (the tracing is
 * global here), and would replace the caller's traceparent with their own client span's.
 */
function rawPost(url: string, init: { headers: Record<string, string>; body: string }): Promise<string> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      const head = Object.entries({ ...init.headers, host: `${hostname}:${port}`, connection: 'close' })
        .map(([k, v]) => `${k}: ${v}`)
        .join('\r\n');
      socket.write(
        `POST ${pathname} HTTP/1.1\r\n${head}\r\ncontent-length: ${Buffer.byteLength(init.body)}\r\n\r\n${init.body}`,
      );
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c) => {
      chunks.push(c);
      const text = Buffer.concat(chunks).toString('utf8');
      // The SSE answer keeps the connection open: stop at the last chunk of the chunked body.
      if (text.endsWith('\r\n0\r\n\r\n')) {
        socket.destroy();
        resolve(text);
      }
    });
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.setTimeout(5000, () => {
      socket.destroy();
      reject(new Error(`no complete response: ${Buffer.concat(chunks).toString('utf8').slice(0, 500)}`));
    });
    socket.on('error', reject);
  });
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const slug = 'traced-items';
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let upstream: Awaited<ReturnType<typeof startUpstream>>;
let platform: Platform;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  expect(
    await startTelemetry({ serviceName: 'bmm-runner', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } }),
  ).toBe(true);
  upstream = await startUpstream((req) => ({ body: { id: req.url.split('/').pop(), name: 'lamp' } }));
  platform = await startPlatform();
});
afterAll(async () => {
  await platform?.stop();
  await stopTelemetry();
  await upstream?.close();
  await receiver?.close();
});

describe('OpenTelemetry traces through a real runner', () => {
  it('continues the caller’s traceparent: token check → tool → upstream fetch in one trace', async () => {
    const { urls } = platform;
    const user = new Session(urls.API_URL, urls.WEB_URL);
    await user.signUp('tracing@example.com');
    const spec: ServerSpec = {
      name: 'Traced Items',
      slug,
      description: 'Items.',
      secrets: [],
      tools: [
        {
          name: 'get_item',
          description: 'Reads one item.',
          inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
          impl: { kind: 'http', method: 'GET', url: `${upstream.url}/items/{{input.id}}` },
          examples: [{ input: { id: 'a1' }, mockResponse: { status: 200, body: { id: 'a1' } } }],
        },
      ],
    };
    const created = await user.call('POST', '/v1/servers', { name: spec.name, slug, spec, secrets: {} });
    expect(created.status).toBe(201);
    const ticket = await user.call('POST', `/v1/builds/${created.body.build.id}/ticket`);
    expect((await followBuild(ticket.body.url, ticket.body.ticket)).done.status).toBe('succeeded');
    const mcpUrl: string = created.body.server.mcpUrl;
    const provider = new TestOAuthProvider();
    const connect = async (headers: Record<string, string> = {}, mode: 'auto' | 'legacy' = 'legacy') => {
      const client = new Client({ name: 'tracing', version: '1.0.0' }, { versionNegotiation: { mode } });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(mcpUrl), {
          authProvider: provider,
          requestInit: { headers },
        }),
      );
      return client;
    };
    await expect(connect()).rejects.toThrow();
    await approveAndExchange(provider, user, urls, mcpUrl);

    const call = async (id: string, headers: Record<string, string>, meta?: Record<string, string>) => {
      const text = await rawPost(mcpUrl, {
        headers: {
          authorization: `Bearer ${provider.savedTokens!.access_token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': '2025-11-25',
          ...headers,
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'get_item', arguments: { id }, ...(meta && { _meta: meta }) },
        }),
      });
      expect(text).toMatch(/^HTTP\/1\.1 200/);
      expect(text).toContain('lamp');
    };

    // The trace context as a header (any revision) …
    const headerTrace = hex(16);
    const callerSpan = hex(8);
    await call('h1', { traceparent: `00-${headerTrace}-${callerSpan}-01` });
    // … or in the request's _meta (the 2026-07-28 revision), which wins over a header.
    const metaTrace = hex(16);
    await call(
      'm1',
      { traceparent: `00-${hex(16)}-${hex(8)}-01` },
      { traceparent: `00-${metaTrace}-${hex(8)}-01` },
    );

    await flushTelemetry();
    const trace = receiver.spans.filter((s) => s.traceId === headerTrace);
    const byName = (name: string) => trace.filter((s) => s.name === name);
    const tokenCheck = byName('runner.token_check').at(-1)!;
    const mcp = byName('runner.mcp').at(-1)!;
    const tool = byName('runner.tool_call')[0]!;
    expect(tokenCheck, JSON.stringify(trace.map((s) => s.name))).toBeDefined();
    expect(byName('runner.version_load').length).toBeGreaterThan(0);
    // The runner's spans hang off the caller's span; the tool runs inside the MCP exchange.
    // (Through the HTTP server and Fastify spans of the instrumentation when those are loaded.)
    const ancestors = (span: ReceivedSpan): string[] => {
      const parent = trace.find((s) => s.spanId === span.parentSpanId);
      return parent ? [parent.spanId, ...ancestors(parent)] : span.parentSpanId ? [span.parentSpanId] : [];
    };
    expect(ancestors(tokenCheck).at(-1)).toBe(callerSpan);
    expect(ancestors(mcp).at(-1)).toBe(callerSpan);
    expect(ancestors(tool)).toContain(mcp.spanId);
    expect(tool.attributes).toMatchObject({ 'mcp.tool.name': 'get_item', 'mcp.tool.kind': 'http' });
    expect(tool.service).toBe('bmm-runner');
    // The upstream fetch is a client span under the tool call, and the upstream got the context.
    const fetchSpan = trace.find((s) => s.parentSpanId === tool.spanId && s.kind === 3);
    expect(fetchSpan, JSON.stringify(trace)).toBeDefined();
    expect(String(fetchSpan!.attributes['url.full'])).toContain('/items/h1');
    const upstreamCall = upstream.requests.find((r) => r.url === '/items/h1')!;
    expect(upstreamCall.headers.traceparent).toMatch(
      new RegExp(`^00-${headerTrace}-${fetchSpan!.spanId}-01$`),
    );
    // No access token or secret in span attributes.
    expect(JSON.stringify(receiver.spans)).not.toContain(provider.savedTokens!.access_token);

    // _meta.traceparent continues the caller's trace as well.
    const metaSpans = receiver.spans.filter((s) => s.traceId === metaTrace).map((s) => s.name);
    expect(metaSpans).toEqual(
      expect.arrayContaining(['runner.token_check', 'runner.mcp', 'runner.tool_call']),
    );

    // Each recorded call keeps its trace id (shown next to the call on the server's Usage page).
    const rows = await eventually(
      () =>
        platform.db.selectFrom('usage_events').select(['trace_id']).where('tool', '=', 'get_item').execute(),
      (r) => r.length >= 2,
    );
    expect(rows.map((r) => r.trace_id).sort()).toEqual([headerTrace, metaTrace].sort());
  });

  it('puts the trace and span ids of the active span in every log line', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = createLogger({ name: 't', destination });
    log.info('outside');
    await withSpan('test.logging', undefined, async () => log.info('inside'));
    const [outside, inside] = lines.map((l) => JSON.parse(l));
    expect(outside.trace_id).toBeUndefined();
    expect(inside.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(inside.span_id).toMatch(/^[0-9a-f]{16}$/);
  });
});
