import type { ServerSpec } from '@bmm/spec';

/** A server exercising every kind of tool the runner hosts; `upstream` is a local HTTP API. */
export function demoSpec(slug: string, upstream: string): ServerSpec {
  return {
    name: 'Demo Server',
    slug,
    description: 'Runner test fixture',
    instructions: 'Use add to add numbers.',
    secrets: [{ name: 'API_KEY', description: 'upstream key', required: true }],
    allowedHosts: [],
    tools: [
      {
        name: 'get_item',
        title: 'Get item',
        description: 'Fetches an item from the upstream API',
        inputSchema: {
          type: 'object',
          properties: { id: { type: 'string', minLength: 1 } },
          required: ['id'],
          additionalProperties: false,
        },
        annotations: { readOnlyHint: true },
        impl: {
          kind: 'http',
          method: 'GET',
          url: `${upstream}/items/{{input.id}}`,
          headers: { authorization: 'Bearer {{secrets.API_KEY}}' },
        },
      },
      {
        name: 'add',
        description: 'Adds two numbers',
        inputSchema: {
          type: 'object',
          properties: { a: { type: 'number' }, b: { type: 'number' } },
          required: ['a', 'b'],
        },
        outputSchema: { type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] },
        impl: { kind: 'code', source: 'export default async ({ a, b }) => ({ sum: a + b })' },
      },
      {
        name: 'count_up',
        description: 'Reports progress and logs while counting',
        inputSchema: {
          type: 'object',
          properties: { to: { type: 'integer', maximum: 10 } },
          required: ['to'],
        },
        impl: {
          kind: 'code',
          source: `export default async ({ to }, ctx) => {
            for (let i = 1; i <= to; i++) { ctx.progress(i, to, 'step ' + i); }
            ctx.log.warn('counted to ' + to);
            return 'done ' + to;
          }`,
        },
      },
      {
        name: 'explode',
        description: 'Always fails',
        inputSchema: { type: 'object' },
        impl: {
          kind: 'code',
          source: `export default async (i, ctx) => { throw new Error('boom ' + ctx.secrets.API_KEY) }`,
        },
      },
      {
        name: 'admin_reset',
        description: 'Needs an extra scope',
        inputSchema: { type: 'object' },
        scopes: ['mcp:tools', 'demo:admin'],
        impl: { kind: 'code', source: `export default async () => 'reset'` },
      },
    ],
    resources: [{ uri: 'docs://readme', name: 'readme', mimeType: 'text/markdown', text: '# Demo' }],
    prompts: [
      {
        name: 'greet',
        description: 'Greets someone',
        arguments: [{ name: 'who', required: true }],
        messages: [{ role: 'user', text: 'Say hello to {{args.who}}' }],
      },
    ],
  };
}
