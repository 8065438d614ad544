import { statusSamplesSince } from '@bmm/db';
import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerHealthRoutes } from './health.js';
import { createMetricsRegistry, metricsPlugin } from './metrics.js';
import { statusCountsPlugin } from './status-counts.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.destroy();
});

async function instance() {
  const app = Fastify({ logger: false });
  await app.register(metricsPlugin, { registry: createMetricsRegistry() });
  await app.register(statusCountsPlugin, { service: 'runner', db: t.db, flushMs: 60_000 });
  registerHealthRoutes(app, t.db);
  app.get('/ok', async () => ({ ok: true }));
  app.get('/boom', async () => {
    throw new Error('boom');
  });
  await app.ready();
  return app;
}

const rows = async () =>
  (await statusSamplesSince(t.db, new Date(Date.now() - 120_000))).filter((r) => r.service === 'runner');

it("adds every instance's requests and 5xx answers to the minute, leaving probes out", async () => {
  const [a, b] = await Promise.all([instance(), instance()]);
  for (let i = 0; i < 3; i++) await a.inject('/ok');
  await a.inject('/boom');
  await a.inject('/readyz');
  await a.inject('/healthz');
  await b.inject('/boom');
  await b.inject('/nowhere');
  const started = Date.now();
  await Promise.all([a.close(), b.close()]);
  const got = await rows();
  // A minute boundary may fall between the two flushes: sum what landed.
  expect(got.length).toBeGreaterThanOrEqual(1);
  expect(got.every((r) => r.state === null)).toBe(true);
  expect(got.reduce((n, r) => n + r.requests, 0)).toBe(6);
  expect(got.reduce((n, r) => n + r.errors, 0)).toBe(2);
  expect(Date.now() - started).toBeLessThan(5000);
});

it('keeps counts the database refused and writes them with a later flush', async () => {
  await t.db.deleteFrom('status_samples').execute();
  const app = Fastify({ logger: false });
  await app.register(metricsPlugin, { registry: createMetricsRegistry() });
  await app.register(statusCountsPlugin, { service: 'runner', db: t.db, flushMs: 50 });
  app.get('/boom', async () => {
    throw new Error('boom');
  });
  await app.ready();
  // While the table is away every flush fails; the counts must survive until one succeeds.
  await sql`alter table status_samples rename to status_samples_away`.execute(t.db);
  await app.inject('/boom');
  await app.inject('/boom');
  await new Promise((r) => setTimeout(r, 300));
  await sql`alter table status_samples_away rename to status_samples`.execute(t.db);
  await expect.poll(async () => (await rows()).reduce((n, r) => n + r.errors, 0)).toBe(2);
  await app.close();
  expect((await rows()).reduce((n, r) => n + r.requests, 0)).toBe(2);
});
