import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weatherSpec } from './fixtures.js';
import { type Browser, createServer, publishVersion, signUp, startApi, type TestApp } from './helpers.js';

/**
 * Issue 12 item 5: input Postgres cannot store (NUL, lone surrogates, out-of-range integers) and
 * router errors answered 500 or Fastify's own JSON. Each is now a 400/414 problem+json that changes nothing.
 */
let api: TestApp;
let browser: Browser;
let server: { id: string; slug: string; buildId: string; versionId: string };

beforeAll(async () => {
  api = await startApi();
  ({ browser } = await signUp(api.app, 'Hostile'));
  server = await createServer(browser.call.bind(browser));
  await publishVersion(api.t, server.id, server.versionId, server.buildId);
});
afterAll(() => api.close());

function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; json(): any },
  status: number,
) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body.status).toBe(status);
  return body as { code: string; detail: string; fields?: Array<{ field: string; message: string }> };
}

describe('text Postgres cannot store is a 400 naming the field', () => {
  const NUL = 'a\u0000b';
  const LONE = 'a\ud800b';

  it.each([
    [
      'PATCH /v1/servers/:id name (NUL)',
      'PATCH',
      () => `/v1/servers/${server.id}`,
      () => ({ name: NUL }),
      'body.name',
    ],
    [
      'PATCH /v1/servers/:id name (surrogate)',
      'PATCH',
      () => `/v1/servers/${server.id}`,
      () => ({ name: LONE }),
      'body.name',
    ],
    [
      'PATCH /v1/servers/:id description',
      'PATCH',
      () => `/v1/servers/${server.id}`,
      () => ({ description: '\udc00' }),
      'body.description',
    ],
    ['PATCH /v1/me/org name', 'PATCH', () => '/v1/me/org', () => ({ name: NUL }), 'body.name'],
    ['POST /v1/api-keys name', 'POST', () => '/v1/api-keys', () => ({ name: NUL }), 'body.name'],
    ['POST /v1/api-keys name (surrogate)', 'POST', () => '/v1/api-keys', () => ({ name: LONE }), 'body.name'],
    [
      'PUT spec description',
      'PUT',
      () => `/v1/servers/${server.id}/spec`,
      () => ({ spec: { ...weatherSpec(server.slug), description: NUL } }),
      'body.spec.description',
    ],
    [
      'PUT spec tool description (surrogate)',
      'PUT',
      () => `/v1/servers/${server.id}/spec`,
      () => ({
        spec: {
          ...weatherSpec(server.slug),
          tools: [{ ...weatherSpec(server.slug).tools[0], description: LONE }],
        },
      }),
      'body.spec.tools.0.description',
    ],
    [
      'PUT spec property name',
      'PUT',
      () => `/v1/servers/${server.id}/spec`,
      () => ({ spec: { ...weatherSpec(server.slug), 'x\u0000': 1 } }),
      'body.spec',
    ],
    [
      'PUT secret value',
      'PUT',
      () => `/v1/servers/${server.id}/secrets/WEATHER_KEY`,
      () => ({ value: NUL }),
      'body.value',
    ],
  ])('%s', async (_name, method, url, body, field) => {
    const res = await browser.call(method as 'PATCH', url(), body());
    const problem = expectProblem(res, 400);
    expect(problem.code).toBe('validation_failed');
    expect(problem.fields?.[0]?.field).toBe(field);
  });

  it('GET /v1/audit?actorId=%00', async () => {
    const problem = expectProblem(await browser.call('GET', '/v1/audit?actorId=%00'), 400);
    expect(problem.fields?.[0]?.field).toBe('querystring.actorId');
  });

  it('refuses JSON nested deeper than 64 levels before it reaches anything recursive', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 200; i++) deep = { a: deep };
    const res = await browser.call('PUT', `/v1/servers/${server.id}/spec`, {
      spec: { ...weatherSpec(server.slug), description: deep },
    });
    expect(expectProblem(res, 400).detail).toMatch(/deeper than 64/);
  });

  it('changed nothing', async () => {
    const res = await browser.call('GET', `/v1/servers/${server.id}`);
    expect(res.json().server.name).toBe('Weather');
    expect(res.json().versions).toHaveLength(1);
  });
});

describe('integers out of Postgres range are a 400', () => {
  it.each([
    ['rollback version 2^31', 'POST', () => `/v1/servers/${server.id}/rollback`, { version: 2147483648 }],
    ['export ?version=1e20', 'GET', () => `/v1/servers/${server.id}/export?version=1e20`, undefined],
    [
      'build logs ?since=2^63',
      'GET',
      () => `/v1/builds/${server.buildId}/logs?since=9223372036854775808`,
      undefined,
    ],
    ['build logs ?since=2^31', 'GET', () => `/v1/builds/${server.buildId}/logs?since=2147483648`, undefined],
    ['audit ?cursor=9999999999999999999', 'GET', () => '/v1/audit?cursor=9999999999999999999', undefined],
  ])('%s', async (_name, method, url, body) => {
    expect(expectProblem(await browser.call(method as 'GET', url(), body), 400).code).toBe(
      'validation_failed',
    );
  });

  it('every integer of every request schema in the OpenAPI document has bounds within Postgres', async () => {
    const doc = (await api.app.inject('/v1/openapi.json')).json();
    const unbounded: string[] = [];
    const walk = (schema: any, where: string) => {
      if (!schema || typeof schema !== 'object') return;
      const types = [schema.type].flat();
      if (types.includes('integer') && !(schema.maximum <= 2 ** 63 - 1 && schema.minimum >= -(2 ** 63)))
        unbounded.push(where);
      for (const [k, v] of Object.entries(schema))
        if (k !== 'examples' && k !== 'default') walk(v, `${where}/${k}`);
    };
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, any>>))
      for (const [method, op] of Object.entries(methods)) {
        for (const p of op.parameters ?? []) walk(p.schema, `${method} ${path} ${p.in}.${p.name}`);
        walk(op.requestBody?.content?.['application/json']?.schema, `${method} ${path} body`);
      }
    expect(unbounded).toEqual([]);
  });

  it('still serves in-range values', async () => {
    expect((await browser.call('GET', '/v1/audit?cursor=999999999999999999')).statusCode).toBe(200);
    expect((await browser.call('GET', `/v1/builds/${server.buildId}/logs?since=2147483647`)).statusCode).toBe(
      200,
    );
  });
});

describe('router errors are problem+json and documented', () => {
  it('a path that is not valid percent-encoding is a 400', async () => {
    const problem = expectProblem(await browser.call('GET', '/v1/servers/%E0%A4%A'), 400);
    expect(problem.code).toBe('bad_url');
  });

  it('a path parameter over the limit is a 414', async () => {
    const problem = expectProblem(await browser.call('GET', `/v1/servers/${'a'.repeat(300)}`), 414);
    expect(problem.code).toBe('uri_too_long');
  });

  it('the OpenAPI document lists 400, 414, 413 and 415 where they can happen', async () => {
    const doc = (await api.app.inject('/v1/openapi.json')).json();
    const byId = doc.paths['/v1/servers/{id}'];
    expect(Object.keys(byId.get.responses)).toEqual(expect.arrayContaining(['400', '414']));
    expect(Object.keys(byId.patch.responses)).toEqual(expect.arrayContaining(['400', '413', '414', '415']));
    expect(Object.keys(doc.paths['/v1/me'].get.responses)).toContain('400');
    expect(Object.keys(doc.paths['/v1/me'].get.responses)).not.toContain('414');
    expect(byId.get.responses['414'].content['application/problem+json']).toBeDefined();
  });
});
