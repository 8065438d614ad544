import { connect } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameworkErrorOptions } from './framework-errors.js';
import { boundIntegers, findUnsafeInput, INT4, registerInputGuard, unsafeTextReason } from './input-guard.js';
import { registerProblemHandlers } from './problem.js';

describe('unsafeTextReason', () => {
  it('refuses NUL and unpaired surrogates, accepts pairs and other control characters', () => {
    expect(unsafeTextReason('a\u0000')).toMatch(/NUL/);
    expect(unsafeTextReason('\ud800')).toMatch(/surrogate/);
    expect(unsafeTextReason('x\udfff')).toMatch(/surrogate/);
    expect(unsafeTextReason('\udc00\ud800')).toMatch(/surrogate/);
    expect(unsafeTextReason('😀 \u0001\t\u202e')).toBeNull();
  });
});

describe('findUnsafeInput', () => {
  it('names the path of the first bad string, property name or depth', () => {
    expect(findUnsafeInput({ a: [{ b: 'ok' }, { c: 'x\u0000' }] })).toEqual({
      path: '/a/1/c',
      message: expect.stringMatching(/NUL/),
    });
    expect(findUnsafeInput({ a: { 'k\ud800': 1 } })).toEqual({
      path: '/a',
      message: expect.stringMatching(/property name .* surrogates/),
    });
    expect(findUnsafeInput({ 'a/b~c': 'x\u0000' })?.path).toBe('/a~1b~0c');
    expect(findUnsafeInput({ a: 1, b: [true, null, 'fine'] })).toBeNull();
  });

  it('walks without recursion: 100 000 levels neither overflow the stack nor pass', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(findUnsafeInput(deep)?.message).toMatch(/deeper than 64/);
    let ok: unknown = 'x';
    for (let i = 0; i < 63; i++) ok = [ok];
    expect(findUnsafeInput(ok)).toBeNull();
  });
});

describe('boundIntegers', () => {
  it('bounds every integer without its own bounds and leaves the input untouched', () => {
    const schema = {
      type: 'object',
      properties: {
        a: { type: 'integer' },
        b: { type: ['integer', 'null'], minimum: 1 },
        c: { type: 'integer', maximum: 10 },
        d: { type: 'array', items: { anyOf: [{ type: 'integer' }, { type: 'string' }] } },
        e: { type: 'number' },
      },
    } as const;
    const out = boundIntegers(schema) as any;
    expect(out.properties.a).toEqual({ type: 'integer', ...INT4 });
    expect(out.properties.b).toEqual({ type: ['integer', 'null'], minimum: 1, maximum: INT4.maximum });
    expect(out.properties.c).toEqual({ type: 'integer', maximum: 10, minimum: INT4.minimum });
    expect(out.properties.d.items.anyOf[0]).toEqual({ type: 'integer', ...INT4 });
    expect(out.properties.e).toEqual({ type: 'number' });
    expect(schema.properties.a).toEqual({ type: 'integer' });
  });
});

describe('on a Fastify app', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify({ ...frameworkErrorOptions() });
    registerProblemHandlers(app);
    registerInputGuard(app);
    app.post(
      '/items/:id',
      {
        schema: {
          params: { type: 'object', properties: { id: { type: 'string' } } },
          querystring: { type: 'object', properties: { n: { type: 'integer' } } },
          body: { type: 'object' },
        },
      },
      async (request) => ({ body: request.body, query: request.query }),
    );
    app.post('/raw', { config: { inputGuard: { body: false } } }, async (request) => ({
      body: request.body,
    }));
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());

  it('answers bad text in body, query or params with a 400 naming the field', async () => {
    const body = await app.inject({ method: 'POST', url: '/items/1', payload: { deep: { x: 'a\u0000' } } });
    expect(body.statusCode).toBe(400);
    expect(body.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(body.json()).toMatchObject({ code: 'validation_failed', fields: [{ field: 'body.deep.x' }] });

    const query = await app.inject({ method: 'POST', url: '/items/1?q=%ED%A0%80&z=%00', payload: {} });
    expect(query.json()).toMatchObject({ status: 400, fields: [{ field: 'querystring.z' }] });

    const params = await app.inject({ method: 'POST', url: '/items/%00', payload: {} });
    expect(params.json()).toMatchObject({ status: 400, fields: [{ field: 'params.id' }] });
  });

  it('bounds unbounded integers of route schemas', async () => {
    expect((await app.inject({ method: 'POST', url: '/items/1?n=2147483648', payload: {} })).statusCode).toBe(
      400,
    );
    expect((await app.inject({ method: 'POST', url: '/items/1?n=2147483647', payload: {} })).statusCode).toBe(
      200,
    );
  });

  it('lets a route opt its body out (JSON-RPC passed on, never stored)', async () => {
    const res = await app.inject({ method: 'POST', url: '/raw', payload: { text: 'a\u0000' } });
    expect(res.json()).toEqual({ body: { text: 'a\u0000' } });
  });

  it('answers router errors as problem+json: bad percent-encoding 400, long parameter 414', async () => {
    const bad = await app.inject({ method: 'POST', url: '/items/%E0%A4%A', payload: {} });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.json()).toMatchObject({ code: 'bad_url', title: 'Bad Request' });
    const long = await app.inject({ method: 'POST', url: `/items/${'a'.repeat(101)}`, payload: {} });
    expect(long.statusCode).toBe(414);
    expect(long.json()).toMatchObject({ code: 'uri_too_long', title: 'URI Too Long' });
  });

  it('answers HTTP the parser refuses (a URL over the header limit) as problem+json', async () => {
    const { port } = app.server.address() as { port: number };
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.write(`GET /items/1?x=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`),
      );
      let data = '';
      socket.on('data', (d) => {
        data += d;
      });
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    expect(raw).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({
      status: 431,
      code: 'headers_too_large',
    });
  });
});
