import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { createLogger } from '@bmm/logger';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { testKeyring } from './testing/fixtures.js';

let t: TestDatabase;
let app: FastifyInstance;
beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildApp({
    db: t.db,
    logger: createLogger({ name: 'test', level: 'silent' }),
    keyring: testKeyring(),
    config: {
      runnerUrl: 'http://runner.test',
      issuer: 'http://as.test/oauth',
      hostAliases: [],
      allowPrivateNetwork: false,
    },
  });
});
afterAll(async () => {
  await app.close();
  await t.destroy();
});

it('answers /healthz and /readyz', async () => {
  expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
  const ready = await app.inject('/readyz');
  expect(ready.statusCode).toBe(200);
  expect(ready.json()).toMatchObject({ status: 'ready', database: 'up', pendingMigrations: [] });
});

it('answers unknown routes with problem+json', async () => {
  const res = await app.inject('/nope');
  expect(res.statusCode).toBe(404);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json()).toMatchObject({ status: 404, code: 'not_found' });
});

it('answers an unknown server with a 401 challenge and a foreign Host with 421', async () => {
  const unknown = await app.inject({
    method: 'POST',
    url: '/nobody/mcp',
    headers: { host: 'runner.test' },
    payload: {},
  });
  // Like a private server to a caller without a token: a challenge, not "no such server".
  expect(unknown.statusCode).toBe(401);
  expect(unknown.headers['www-authenticate']).toContain('/.well-known/oauth-protected-resource/nobody/mcp');
  const rebound = await app.inject({
    method: 'POST',
    url: '/nobody/mcp',
    headers: { host: 'evil.test' },
    payload: {},
  });
  expect(rebound.statusCode).toBe(421);
  expect(rebound.json()).toMatchObject({ code: 'misdirected_request' });
});
