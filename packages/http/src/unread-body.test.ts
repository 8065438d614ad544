import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerProblemHandlers, sendProblem } from './index.js';
import { postWholeBodyThenRead } from './testing/index.js';

let app: FastifyInstance;
let origin: string;

beforeAll(async () => {
  app = Fastify();
  registerProblemHandlers(app);
  app.post('/small', { bodyLimit: 1024 * 1024 }, async () => ({ ok: true }));
  // A hook that answers before the body is read (as an auth check does).
  app.post(
    '/guarded',
    {
      onRequest: async (_request, reply) =>
        sendProblem(reply, 401, { code: 'unauthenticated', detail: 'no' }),
    },
    async () => ({ ok: true }),
  );
  // A plugin with its own error handler (as the OAuth endpoints have).
  await app.register(async (scoped) => {
    scoped.setErrorHandler((error: FastifyError, _request, reply) =>
      reply
        .code(error.statusCode ?? 500)
        .send({ error: 'invalid_request', error_description: error.message }),
    );
    scoped.post('/oauth', { bodyLimit: 16 * 1024 }, async () => ({ ok: true }));
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as { port: number };
  origin = `http://127.0.0.1:${address.port}`;
});
afterAll(() => app.close());

describe('an answer given before the request body was read', () => {
  it('is 413 problem+json over the body limit, and the client can send its whole body first', async () => {
    for (const chunked of [false, true]) {
      const res = await postWholeBodyThenRead(`${origin}/small`, { size: 5 * 1024 * 1024, chunked });
      expect(res.error, `chunked ${chunked}`).toBe('');
      expect(res.head).toMatch(/^HTTP\/1\.1 413 /);
      expect(res.head.toLowerCase()).toContain('content-type: application/problem+json');
      expect(JSON.parse(res.body)).toEqual({
        type: 'about:blank',
        title: 'Payload Too Large',
        status: 413,
        code: 'body_too_large',
        detail: 'The request body is larger than this endpoint accepts (1048576 bytes).',
      });
    }
  });

  it('does not reset the connection after a 401 from a hook or under a route error handler', async () => {
    const guarded = await postWholeBodyThenRead(`${origin}/guarded`, { size: 8 * 1024 * 1024 });
    expect([guarded.error, guarded.head.split('\r\n')[0]]).toEqual(['', 'HTTP/1.1 401 Unauthorized']);
    const oauth = await postWholeBodyThenRead(`${origin}/oauth`, { size: 8 * 1024 * 1024 });
    expect([oauth.error, oauth.head.split('\r\n')[0]]).toEqual(['', 'HTTP/1.1 413 Payload Too Large']);
    const media = await postWholeBodyThenRead(`${origin}/small`, {
      size: 8 * 1024 * 1024,
      contentType: 'text/x-nope',
    });
    expect([media.error, media.head.split('\r\n')[0]]).toEqual(['', 'HTTP/1.1 415 Unsupported Media Type']);
  });
});
