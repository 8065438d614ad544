import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, startAs } from './testing/harness.js';

let t: TestDatabase;
let h: Harness;
beforeAll(async () => {
  t = await createTestDatabase();
  h = await startAs(t.db);
});
afterAll(async () => {
  await h.close();
  await t.destroy();
});

it('answers /healthz and /readyz', async () => {
  expect((await h.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
  const ready = await h.app.inject('/readyz');
  expect(ready.statusCode).toBe(200);
  expect(ready.json()).toMatchObject({ status: 'ready', database: 'up', pendingMigrations: [] });
});

it('answers unknown routes with problem+json', async () => {
  const res = await h.app.inject('/nope');
  expect(res.statusCode).toBe(404);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json()).toMatchObject({ status: 404, code: 'not_found' });
});

it('creates one active and one published next signing key on first start, also with two instances', async () => {
  const second = await startAs(t.db);
  await second.close();
  const keys = await t.db.selectFrom('signing_keys').select(['status', 'alg']).orderBy('status').execute();
  expect(keys).toEqual([
    { status: 'active', alg: 'RS256' },
    { status: 'next', alg: 'RS256' },
  ]);
  const jwks = (await (await fetch(`${h.issuer}/jwks`)).json()) as { keys: Record<string, string>[] };
  expect(jwks.keys).toHaveLength(2);
  expect(Object.keys(jwks.keys[0] as object).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
});
