import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weatherSpec } from './fixtures.js';
import { type Browser, createServer, signUp, startApi, type TestApp, upgrade } from './helpers.js';

// CWE-1333: user-supplied JSON Schema patterns must never run on the backtracking RegExp engine.
const EVIL_PATTERN = '^(a+)+$';
const EVIL_INPUT = `${'a'.repeat(27)}!`;

let api: TestApp;
let call: Browser['call'];

beforeAll(async () => {
  api = await startApi();
  const owner = await signUp(api.app, 'Owner');
  await upgrade(api.t, owner.orgId);
  call = owner.browser.call.bind(owner.browser);
});
afterAll(async () => {
  await api.close();
});

function specWithPattern(slug: string, pattern: string, example?: string) {
  const spec = weatherSpec(slug);
  spec.tools[0] = {
    name: 'lookup',
    description: 'Looks an id up',
    inputSchema: { type: 'object', properties: { id: { type: 'string', pattern } }, required: ['id'] },
    impl: { kind: 'code', source: 'export default async ({ id }) => id' },
    ...(example !== undefined && { examples: [{ input: { id: example } }] }),
  };
  return spec;
}

describe('PUT /v1/servers/:id/spec with hostile patterns', () => {
  it('checks an example against a catastrophic pattern without stalling the event loop', async () => {
    const server = await createServer(call);
    const stall = monitorEventLoopDelay({ resolution: 5 });
    stall.enable();
    const res = await call('PUT', `/v1/servers/${server.id}/spec`, {
      spec: specWithPattern(server.slug, EVIL_PATTERN, EVIL_INPUT),
    });
    stall.disable();
    const maxStallMs = stall.max / 1e6;
    console.log(`api event-loop stall during the spec PUT: max ${maxStallMs.toFixed(1)} ms`);
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toContainEqual({
      field: 'body.spec.tools.0.examples.0.input',
      message: `does not match the input schema: input/id must match pattern "${EVIL_PATTERN}"`,
    });
    // The backtracking engine blocks ~440 ms on these 28 characters and doubles per character.
    expect(maxStallMs).toBeLessThan(250);
    // The same pattern with a matching example is a valid spec: RE2 runs it in linear time.
    const ok = await call('PUT', `/v1/servers/${server.id}/spec`, {
      spec: specWithPattern(server.slug, EVIL_PATTERN, 'aaaa'),
    });
    expect(ok.statusCode).toBe(201);
  });

  it('refuses patterns RE2 cannot run with a precise field error', async () => {
    const server = await createServer(call);
    for (const [pattern, reason] of [
      ['^(a)\\1$', 'backreferences are not supported'],
      ['^(?!admin).*$', 'lookahead and lookbehind are not supported'],
    ]) {
      const res = await call('PUT', `/v1/servers/${server.id}/spec`, {
        spec: specWithPattern(server.slug, pattern!),
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'invalid_spec' });
      expect(res.json().fields).toEqual([
        {
          field: 'body.spec.tools.0.inputSchema.properties.id.pattern',
          message: `pattern ${JSON.stringify(pattern)} cannot run on the linear-time engine (RE2): ${reason}`,
        },
      ]);
    }
  });
});

describe('POST /v1/servers/preview with an OpenAPI document carrying hostile patterns', () => {
  it('answers promptly and drops the tool RE2 cannot run', async () => {
    const openapi = JSON.stringify({
      openapi: '3.0.3',
      info: { title: 'Items', version: '1' },
      servers: [{ url: 'https://items.example.com' }],
      paths: {
        '/items/{id}': {
          get: {
            operationId: 'getItem',
            summary: 'Get an item',
            parameters: [
              { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: EVIL_PATTERN } },
            ],
            responses: { 200: { description: 'ok' } },
          },
        },
        '/users/{name}': {
          get: {
            operationId: 'getUser',
            summary: 'Get a user',
            parameters: [
              { name: 'name', in: 'path', required: true, schema: { type: 'string', pattern: '^(\\w)\\1$' } },
            ],
            responses: { 200: { description: 'ok' } },
          },
        },
      },
    });
    const stall = monitorEventLoopDelay({ resolution: 5 });
    stall.enable();
    const res = await call('POST', '/v1/servers/preview', {
      prompt: 'items',
      name: 'Items',
      slug: 'items-x',
      openapi,
    });
    stall.disable();
    expect(stall.max / 1e6).toBeLessThan(250);
    expect(res.statusCode).toBe(200);
    const { draft } = res.json();
    expect(draft.spec.tools.map((t: { name: string }) => t.name)).toEqual(['getItem']);
  });
});
