import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDb } from '@bmm/db';
import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import Fastify from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { httpDependency, registerHealthRoutes } from './health.js';

let t: TestDatabase;
let upstream: Server;
let upstreamUrl: string;

beforeAll(async () => {
  t = await createTestDatabase();
  upstream = createServer((req, res) => {
    res.statusCode = req.url === '/healthz' ? 200 : 503;
    res.end();
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(async () => {
  upstream.close();
  await t.destroy();
});

it('reports a dependency that is down as degraded, still 200; a database that is down as 503', async () => {
  const app = Fastify();
  registerHealthRoutes(app, t.db, [
    httpDependency('builder', `${upstreamUrl}/healthz`),
    httpDependency('broken', `${upstreamUrl}/other`),
  ]);
  const degraded = await app.inject('/readyz');
  expect(degraded.statusCode).toBe(200);
  expect(degraded.json()).toEqual({
    status: 'degraded',
    database: 'up',
    pendingMigrations: [],
    dependencies: { builder: 'up', broken: 'down' },
  });

  const healthy = Fastify();
  registerHealthRoutes(healthy, t.db, [httpDependency('builder', `${upstreamUrl}/healthz`)]);
  expect((await healthy.inject('/readyz')).json()).toMatchObject({ status: 'ready' });

  // Nothing listens on a closed port: down within the timeout, not hanging.
  const closed = Fastify();
  registerHealthRoutes(closed, t.db, [httpDependency('runner', 'http://127.0.0.1:9/healthz', 500)]);
  expect((await closed.inject('/readyz')).json()).toMatchObject({
    status: 'degraded',
    dependencies: { runner: 'down' },
  });

  const downDb = createDb(t.url.replace(/:\d+\//, ':9/'), { max: 1 });
  const noDb = Fastify();
  registerHealthRoutes(noDb, downDb, []);
  const res = await noDb.inject('/readyz');
  expect(res.statusCode).toBe(503);
  expect(res.json()).toMatchObject({ status: 'not_ready', database: 'down' });
  await downDb.destroy();
  await Promise.all([app.close(), healthy.close(), closed.close(), noDb.close()]);
});
