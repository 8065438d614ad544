import type { ServerSpec } from '@bmm/spec';
import { demoSpec } from './demo-spec.js';

/** The demo server plus tools whose results take every branch of the fast path (and its replay). */
export function differentialSpec(slug: string, upstream: string): ServerSpec {
  const spec = demoSpec(slug, upstream);
  const code = (name: string, source: string, extra: Record<string, unknown> = {}) => ({
    name,
    description: name,
    inputSchema: { type: 'object' },
    impl: { kind: 'code' as const, source },
    ...extra,
  });
  const sumSchema = { type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] };
  spec.tools.push(
    code(
      'chatty',
      `export default async (i, ctx) => { ctx.log.info('one'); ctx.log.debug('two'); return 'ok' }`,
    ),
    code('big', `export default async () => 'x'.repeat(600000)`),
    code('too_big', `export default async () => 'x'.repeat(2000000)`),
    code(
      'failing',
      `export default async () => ({ content: [{ type: 'text', text: 'nope' }], isError: true })`,
    ),
    code('bad_output', `export default async () => ({ sum: 'x' })`, { outputSchema: sumSchema }),
    code('no_structured', `export default async () => 'plain'`, { outputSchema: sumSchema }),
    code(
      'image',
      `export default async () => ({ content: [{ type: 'image', data: 'aGVsbG8=', mimeType: 'image/png' }] })`,
    ),
    code('bad_content', `export default async () => ({ content: [{ type: 'image' }] })`),
    code(
      'annotated',
      `export default async () => ({ content: [{ type: 'text', text: 'a', annotations: { priority: 1 } }] })`,
    ),
    code('list_out', `export default async () => [1, 2]`, { outputSchema: { type: 'array' } }),
    code('unicode', `export default async () => ({ text: 'ž\\u2028\\u{1F600}"</script>' })`),
  );
  return spec;
}

export interface CorpusEntry {
  name: string;
  method?: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: unknown;
}

const MODERN = '2026-07-28';
const LEGACY = '2025-11-25';
const ACCEPT_BOTH = 'application/json, text/event-stream';

function envelope(extra: Record<string, unknown> = {}) {
  return {
    'io.modelcontextprotocol/protocolVersion': MODERN,
    'io.modelcontextprotocol/clientInfo': { name: 'diff', version: '1.0.0' },
    'io.modelcontextprotocol/clientCapabilities': {},
    ...extra,
  };
}

function modern(
  name: string,
  method: string,
  params: Record<string, unknown> = {},
  options: {
    headers?: Record<string, string | undefined>;
    meta?: Record<string, unknown>;
    id?: unknown;
  } = {},
): CorpusEntry {
  const headers: Record<string, string | undefined> = {
    'content-type': 'application/json',
    accept: ACCEPT_BOTH,
    'mcp-protocol-version': MODERN,
    'mcp-method': method,
    ...(typeof params.name === 'string' && { 'mcp-name': params.name }),
    ...options.headers,
  };
  return {
    name: `2026-07-28 ${name}`,
    headers: Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >,
    body: {
      jsonrpc: '2.0',
      id: 'id' in options ? options.id : 7,
      method,
      params: { ...params, _meta: options.meta ?? envelope() },
    },
  };
}

function legacy(name: string, body: unknown, headers: Record<string, string | undefined> = {}): CorpusEntry {
  const all: Record<string, string | undefined> = {
    'content-type': 'application/json',
    accept: ACCEPT_BOTH,
    'mcp-protocol-version': LEGACY,
    ...headers,
  };
  return {
    name: `2025-11-25 ${name}`,
    headers: Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >,
    body,
  };
}

const call = (name: string, args?: unknown) => ({ name, ...(args !== undefined && { arguments: args }) });
const request = (method: string, params?: unknown, id: unknown = 7) => ({
  jsonrpc: '2.0',
  id,
  method,
  ...(params !== undefined && { params }),
});

/** Tool calls whose answers differ in interesting ways; each era sends them all. */
const TOOL_CALLS: Array<[string, unknown]> = [
  ['add', { a: 2, b: 3 }],
  ['add', { a: 'two', b: 3 }],
  ['add', undefined],
  ['add', { a: 1, b: 2, c: 3 }],
  ['get_item', { id: 'a/b' }],
  ['get_item', { id: 'missing' }],
  ['get_item', { id: '' }],
  ['count_up', { to: 2 }],
  ['explode', {}],
  ['chatty', {}],
  ['big', {}],
  ['too_big', {}],
  ['failing', {}],
  ['bad_output', {}],
  ['no_structured', {}],
  ['image', {}],
  ['bad_content', {}],
  ['annotated', {}],
  ['list_out', {}],
  ['unicode', {}],
  ['nope', {}],
];

/** Valid and invalid requests of both eras, replayed through the runner with and without the fast path. */
export function differentialCorpus(): CorpusEntry[] {
  const entries: CorpusEntry[] = [];

  // 2026-07-28
  entries.push(modern('server/discover', 'server/discover'));
  entries.push(modern('server/discover again', 'server/discover', {}, { id: 'discover-2' }));
  entries.push(modern('tools/list', 'tools/list'));
  entries.push(modern('tools/list again (string id)', 'tools/list', {}, { id: 'list-2' }));
  entries.push(modern('tools/list with a cursor', 'tools/list', { cursor: 'abc' }));
  entries.push(
    modern('tools/list, JSON-only accept', 'tools/list', {}, { headers: { accept: 'application/json' } }),
  );
  entries.push(
    modern('tools/list, SSE-only accept', 'tools/list', {}, { headers: { accept: 'text/event-stream' } }),
  );
  for (const [tool, args] of TOOL_CALLS)
    entries.push(modern(`tools/call ${tool} ${JSON.stringify(args)}`, 'tools/call', call(tool, args)));
  entries.push(
    modern('tools/call, JSON-only accept', 'tools/call', call('add', { a: 1, b: 1 }), {
      headers: { accept: 'application/json' },
    }),
  );
  entries.push(
    modern('tools/call, no accept', 'tools/call', call('add', { a: 1, b: 1 }), {
      headers: { accept: undefined },
    }),
  );
  entries.push(
    modern('tools/call with a progress token', 'tools/call', call('count_up', { to: 2 }), {
      meta: envelope({ progressToken: 'p1' }),
    }),
  );
  entries.push(
    modern('tools/call with a log level', 'tools/call', call('chatty', {}), {
      meta: envelope({ 'io.modelcontextprotocol/logLevel': 'debug' }),
    }),
  );
  entries.push(
    modern('tools/call with rich capabilities', 'tools/call', call('add', { a: 1, b: 2 }), {
      meta: envelope({
        'io.modelcontextprotocol/clientCapabilities': {
          elicitation: { url: {} },
          roots: { listChanged: true },
        },
      }),
    }),
  );
  entries.push(
    modern('tools/call with plain capabilities', 'tools/call', call('add', { a: 1, b: 2 }), {
      meta: envelope({
        'io.modelcontextprotocol/clientCapabilities': { roots: { listChanged: true }, sampling: {} },
      }),
    }),
  );
  entries.push(
    modern('tools/call with a bad clientInfo', 'tools/call', call('add', { a: 1, b: 2 }), {
      meta: envelope({ 'io.modelcontextprotocol/clientInfo': { name: 3 } }),
    }),
  );
  entries.push(
    modern('tools/call without clientInfo', 'tools/call', call('add', { a: 1, b: 2 }), {
      meta: {
        'io.modelcontextprotocol/protocolVersion': MODERN,
        'io.modelcontextprotocol/clientCapabilities': {},
      },
    }),
  );
  entries.push(
    modern('tools/call without capabilities', 'tools/call', call('add', { a: 1, b: 2 }), {
      meta: { 'io.modelcontextprotocol/protocolVersion': MODERN },
    }),
  );
  entries.push(
    modern('tools/call, unsupported revision', 'tools/call', call('add', { a: 1, b: 2 }), {
      meta: envelope({ 'io.modelcontextprotocol/protocolVersion': '2099-01-01' }),
      headers: { 'mcp-protocol-version': '2099-01-01' },
    }),
  );
  entries.push(
    modern('tools/call, version header mismatch', 'tools/call', call('add', { a: 1, b: 2 }), {
      headers: { 'mcp-protocol-version': LEGACY },
    }),
  );
  entries.push(
    modern('tools/call, version header missing', 'tools/call', call('add', { a: 1, b: 2 }), {
      headers: { 'mcp-protocol-version': undefined },
    }),
  );
  entries.push(
    modern('tools/call, Mcp-Method mismatch', 'tools/call', call('add', { a: 1, b: 2 }), {
      headers: { 'mcp-method': 'tools/list' },
    }),
  );
  entries.push(
    modern('tools/call, Mcp-Method missing', 'tools/call', call('add', { a: 1, b: 2 }), {
      headers: { 'mcp-method': undefined },
    }),
  );
  entries.push(
    modern('tools/call, Mcp-Name mismatch', 'tools/call', call('add', { a: 1, b: 2 }), {
      headers: { 'mcp-name': 'explode' },
    }),
  );
  entries.push(
    modern('tools/call, Mcp-Name missing', 'tools/call', call('add', { a: 1, b: 2 }), {
      headers: { 'mcp-name': undefined },
    }),
  );
  entries.push(
    modern('tools/call, Mcp-Name base64', 'tools/call', call('add', { a: 1, b: 2 }), {
      headers: { 'mcp-name': '=?base64?YWRk?=' },
    }),
  );
  entries.push(modern('tools/call, missing name', 'tools/call', { arguments: {} }));
  entries.push(modern('tools/call, arguments not an object', 'tools/call', call('add', [1, 2])));
  entries.push(modern('tools/call, float id', 'tools/call', call('add', { a: 1, b: 2 }), { id: 1.5 }));
  entries.push(modern('tools/call, null id', 'tools/call', call('add', { a: 1, b: 2 }), { id: null }));
  entries.push(modern('tools/call, admin tool without its scope', 'tools/call', call('admin_reset', {})));
  entries.push(modern('ping (not in this revision)', 'ping'));
  entries.push(modern('resources/list', 'resources/list'));
  entries.push({
    ...modern('tools/call, charset content type', 'tools/call', call('add', { a: 4, b: 4 })),
    headers: {
      ...modern('x', 'tools/call', call('add', { a: 4, b: 4 })).headers,
      'content-type': 'application/json; charset=utf-8',
    },
  });
  entries.push({
    name: '2026-07-28 notifications/initialized',
    headers: {
      'content-type': 'application/json',
      accept: ACCEPT_BOTH,
      'mcp-protocol-version': MODERN,
      'mcp-method': 'notifications/initialized',
    },
    body: { jsonrpc: '2.0', method: 'notifications/initialized' },
  });
  entries.push({
    name: '2026-07-28 missing params',
    headers: modern('x', 'tools/call', call('add', {})).headers,
    body: { jsonrpc: '2.0', id: 3, method: 'tools/call' },
  });

  // 2025-11-25 (stateless)
  entries.push(
    legacy(
      'initialize',
      request(
        'initialize',
        { protocolVersion: LEGACY, capabilities: {}, clientInfo: { name: 'diff', version: '1' } },
        0,
      ),
      { 'mcp-protocol-version': undefined },
    ),
  );
  entries.push(
    legacy(
      'initialize again',
      request(
        'initialize',
        {
          protocolVersion: LEGACY,
          capabilities: { roots: { listChanged: true } },
          clientInfo: { name: 'diff', version: '1' },
        },
        'init-2',
      ),
      { 'mcp-protocol-version': undefined },
    ),
  );
  entries.push(
    legacy(
      'initialize 2025-06-18',
      request(
        'initialize',
        { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'diff', version: '1' } },
        1,
      ),
      { 'mcp-protocol-version': undefined },
    ),
  );
  entries.push(
    legacy(
      'initialize, unknown revision',
      request(
        'initialize',
        { protocolVersion: '1999-01-01', capabilities: {}, clientInfo: { name: 'diff', version: '1' } },
        1,
      ),
      { 'mcp-protocol-version': undefined },
    ),
  );
  entries.push(
    legacy(
      'initialize, no clientInfo',
      request('initialize', { protocolVersion: LEGACY, capabilities: {} }, 1),
      { 'mcp-protocol-version': undefined },
    ),
  );
  entries.push(legacy('notifications/initialized', { jsonrpc: '2.0', method: 'notifications/initialized' }));
  entries.push(
    legacy(
      'notifications/initialized, JSON-only accept',
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { accept: 'application/json' },
    ),
  );
  entries.push(
    legacy('notifications/cancelled', {
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: 1 },
    }),
  );
  entries.push(legacy('ping', request('ping')));
  entries.push(legacy('tools/list', request('tools/list')));
  entries.push(legacy('tools/list again', request('tools/list', {}, 'list-2')));
  entries.push(
    legacy('tools/list without a version header', request('tools/list', undefined, 8), {
      'mcp-protocol-version': undefined,
    }),
  );
  entries.push(
    legacy('tools/list, unsupported version header', request('tools/list'), {
      'mcp-protocol-version': '1999-01-01',
    }),
  );
  entries.push(
    legacy('tools/list, modern version header', request('tools/list'), { 'mcp-protocol-version': MODERN }),
  );
  entries.push(legacy('tools/list, JSON-only accept', request('tools/list'), { accept: 'application/json' }));
  entries.push(legacy('tools/list, SSE-only accept', request('tools/list'), { accept: 'text/event-stream' }));
  for (const [tool, args] of TOOL_CALLS)
    entries.push(
      legacy(`tools/call ${tool} ${JSON.stringify(args)}`, request('tools/call', call(tool, args))),
    );
  entries.push(
    legacy(
      'tools/call with a progress token',
      request('tools/call', { ...call('count_up', { to: 2 }), _meta: { progressToken: 9 } }),
    ),
  );
  entries.push(
    legacy('tools/call, JSON-only accept', request('tools/call', call('add', { a: 1, b: 1 })), {
      accept: 'application/json',
    }),
  );
  entries.push(legacy('tools/call, missing params', request('tools/call')));
  entries.push(
    legacy('tools/call, admin tool without its scope', request('tools/call', call('admin_reset', {}))),
  );
  entries.push(legacy('server/discover (not in this revision)', request('server/discover')));
  entries.push(legacy('resources/read', request('resources/read', { uri: 'docs://readme' })));
  entries.push(legacy('batch', [request('tools/list', undefined, 1), request('ping', undefined, 2)]));
  entries.push(legacy('a posted response', { jsonrpc: '2.0', id: 1, result: {} }));
  entries.push(legacy('extra top-level key', { ...request('ping'), extra: true }));
  entries.push(legacy('wrong jsonrpc version', { ...request('ping'), jsonrpc: '1.0' }));
  entries.push({
    name: '2025-11-25 GET',
    method: 'GET',
    headers: { accept: 'text/event-stream', 'mcp-protocol-version': LEGACY },
  });
  return entries;
}
