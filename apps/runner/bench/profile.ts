/**
 * Where a runner request's CPU goes, measured in-process (no HTTP, no load generator): the SDK's
 * `handler.fetch` for one authenticated tools/call with our factory, with a factory whose tool does
 * nothing, the factory alone, the sandbox call alone, and a web Request/Response round trip.
 * `node --conditions=@bmm/source --import tsx bench/profile.ts`
 */
import { executeTool } from '@bmm/sandbox';
import type { ServerSpec } from '@bmm/spec';
import {
  type AuthInfo,
  createMcpHandler,
  McpServer,
  type McpServerFactory,
} from '@modelcontextprotocol/server';
import { compileVersion } from '../src/hosting/hosted-version.js';
import { createServerFactory } from '../src/hosting/mcp-server.js';
import type { UsageRecorder } from '../src/usage/usage-recorder.js';

const N = Number(process.env.PROFILE_N ?? 3000);
const spec: ServerSpec = {
  name: 'Bench',
  slug: 'bench',
  description: '',
  secrets: [],
  tools: [
    {
      name: 'add',
      description: 'Adds two numbers',
      inputSchema: {
        type: 'object',
        properties: { a: { type: 'number' }, b: { type: 'number' } },
        required: ['a', 'b'],
      },
      impl: { kind: 'code', source: 'export default async ({ a, b }) => ({ sum: a + b })' },
    },
  ],
};
const version = compileVersion(
  {
    serverId: 's',
    orgId: 'o',
    slug: 'bench',
    visibility: 'org',
    versionId: 'v',
    version: 1,
    spec,
    secrets: {},
  },
  { resourceUrl: 'http://127.0.0.1/bench/mcp', metadataUrl: 'http://127.0.0.1/m' },
);
const usage = { record() {} } as unknown as UsageRecorder;
const factory = createServerFactory(version, { allowPrivateNetwork: false, toolIsolation: 'thread', usage });
const tool = version.tools.get('add')!;
const noopFactory: McpServerFactory = () => {
  const server = new McpServer({ name: 'bench', version: '1' });
  server.registerTool('add', { description: 'Adds', inputSchema: tool.inputSchema }, (async () => ({
    content: [{ type: 'text', text: '{"sum":5}' }],
    structuredContent: { sum: 5 },
  })) as never);
  return server;
};
const authInfo: AuthInfo = { token: 't', clientId: 'c', scopes: ['mcp:tools'], expiresAt: 4_000_000_000 };

const envelope = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};
const bodies = {
  modern: {
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name: 'add', arguments: { a: 2, b: 3 }, _meta: envelope },
  },
  legacy: { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'add', arguments: { a: 2, b: 3 } } },
};
const headersOf = (era: 'modern' | 'legacy') => ({
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': era === 'modern' ? '2026-07-28' : '2025-11-25',
  ...(era === 'modern' && { 'mcp-method': 'tools/call', 'mcp-name': 'add' }),
});

async function cpuPerCall(fn: () => Promise<unknown> | unknown): Promise<number> {
  for (let i = 0; i < 300; i++) await fn();
  const start = process.cpuUsage();
  for (let i = 0; i < N; i++) await fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / N;
}

function fetchOnce(handler: ReturnType<typeof createMcpHandler>, era: 'modern' | 'legacy') {
  return async () => {
    const request = new Request('http://127.0.0.1/bench/mcp', { method: 'POST', headers: headersOf(era) });
    const response = await handler.fetch(request, { authInfo, parsedBody: structuredClone(bodies[era]) });
    const text = await response.text();
    if (!text.includes('"sum":5')) throw new Error(text);
  };
}

const rows: Array<[string, number]> = [];
rows.push([
  'web Request + Response round trip',
  await cpuPerCall(async () => {
    const request = new Request('http://127.0.0.1/bench/mcp', {
      method: 'POST',
      headers: headersOf('modern'),
    });
    await new Response(JSON.stringify({ ok: request.method })).text();
  }),
]);
rows.push(['factory (McpServer + registrations)', await cpuPerCall(() => factory({ era: 'modern' }))]);
rows.push([
  'sandbox: executeTool add (QuickJS)',
  await cpuPerCall(() =>
    executeTool(tool.spec, { a: 2, b: 3 }, { secrets: {}, allowedHosts: [], reuseKey: 'bench' }),
  ),
]);
for (const era of ['modern', 'legacy'] as const) {
  rows.push([
    `SDK handler.fetch ${era}, runner factory`,
    await cpuPerCall(fetchOnce(createMcpHandler(factory, { legacy: 'stateless' }), era)),
  ]);
  rows.push([
    `SDK handler.fetch ${era}, no-op tool`,
    await cpuPerCall(fetchOnce(createMcpHandler(noopFactory, { legacy: 'stateless' }), era)),
  ]);
}
for (const [name, us] of rows) console.log(`${name.padEnd(42)} ${us.toFixed(0).padStart(6)} µs CPU`);
