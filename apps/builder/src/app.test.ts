import { randomBytes } from 'node:crypto';
import { Keyring } from '@bmm/crypto';
import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { createLogger } from '@bmm/logger';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from './app.js';

let t: TestDatabase;
let app: FastifyInstance;
beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildApp({
    db: t.db,
    logger: createLogger({ name: 'test', level: 'silent' }),
    keyring: new Keyring({ version: 1, key: randomBytes(32) }),
    runnerUrl: 'http://127.0.0.1:9',
    webUrl: 'http://localhost:3000',
    builds: { workers: false },
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
