import { executeTool } from '@bmm/sandbox';
import { type AuthInfo, createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import { compileVersion } from '../src/hosting/hosted-version.js';

const spec: any = {
  name: 'B',
  slug: 'bench',
  description: '',
  secrets: [],
  tools: [
    {
      name: 'add',
      description: 'Adds',
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
  { serverId: 's', orgId: 'o', slug: 'bench', versionId: 'v', version: 1, spec, secrets: {} },
  { resourceUrl: 'http://x/bench/mcp', metadataUrl: 'http://x/m' },
);
const tool = version.tools.get('add')!;
const v = process.argv[2];
const handler = createMcpHandler(
  () => {
    const s = new McpServer(
      { name: 'b', version: '1' },
      v.includes('caps') ? { capabilities: { logging: {}, tools: {} } } : {},
    );
    s.registerTool('add', { description: 'Adds', inputSchema: tool.inputSchema }, (async (
      args: any,
      ctx: any,
    ) => {
      if (v.includes('qjs'))
        return executeTool(tool.spec, args, {
          secrets: {},
          allowedHosts: [],
          reuseKey: 'k',
          ...(v.includes('sig') && { signal: ctx.mcpReq.signal }),
        });
      if (v.includes('await')) await Promise.resolve();
      return {
        content: [{ type: 'text', text: '{"sum":5}' }],
        structuredContent: { sum: 5 },
        isError: false,
      };
    }) as never);
    return s;
  },
  { legacy: 'stateless' },
);
const authInfo: AuthInfo = { token: 't', clientId: 'c', scopes: ['mcp:tools'], expiresAt: 4e9 };
const body = {
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: {
    name: 'add',
    arguments: { a: 2, b: 3 },
    _meta: {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientInfo': { name: 'b', version: '1' },
      'io.modelcontextprotocol/clientCapabilities': {},
    },
  },
};
const headers = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': '2026-07-28',
  'mcp-method': 'tools/call',
  'mcp-name': 'add',
};
const once = async () => {
  const r = await handler.fetch(new Request('http://x/bench/mcp', { method: 'POST', headers }), {
    authInfo,
    parsedBody: structuredClone(body),
  });
  await r.text();
};
for (let i = 0; i < 500; i++) await once();
const c = process.cpuUsage();
const n = 3000;
for (let i = 0; i < n; i++) await once();
const u = process.cpuUsage(c);
console.log(v.padEnd(12), ((u.user + u.system) / n).toFixed(0), 'µs');
