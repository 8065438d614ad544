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

it('creates an active and a published next key per algorithm on first start, also with two instances', async () => {
  const second = await startAs(t.db);
  await second.close();
  const keys = await t.db
    .selectFrom('signing_keys')
    .select(['alg', 'status'])
    .orderBy('alg')
    .orderBy('status')
    .execute();
  expect(keys).toEqual([
    { alg: 'ES256', status: 'active' },
    { alg: 'ES256', status: 'next' },
    { alg: 'RS256', status: 'active' },
    { alg: 'RS256', status: 'next' },
  ]);
  const jwks = (await (await fetch(`${h.issuer}/jwks`)).json()) as { keys: Record<string, string>[] };
  expect(jwks.keys).toHaveLength(4);
  const fields = (alg: string) => jwks.keys.filter((k) => k.alg === alg).map((k) => Object.keys(k).sort());
  expect(fields('ES256')).toEqual(Array(2).fill(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']));
  expect(fields('RS256')).toEqual(Array(2).fill(['alg', 'e', 'kid', 'kty', 'n', 'use']));
  expect(jwks.keys.every((k) => k.use === 'sig')).toBe(true);
});
