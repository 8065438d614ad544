import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rotateSigningKeys } from '../keys/signing-keys.js';
import { type Harness, startAs, testKeyring } from '../testing/harness.js';
import { runMaintenance } from './maintenance.js';

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

const client = (client_id: string, created: Date, lastUsed: Date | null) => ({
  client_id,
  name: client_id,
  redirect_uris: ['https://app.example/cb'],
  grant_types: ['authorization_code'],
  token_endpoint_auth_method: 'none' as const,
  created_at: created,
  last_used_at: lastUsed,
});

it('removes clients unused for 30 days, expired rows and long-retired keys', async () => {
  const day = 86_400_000;
  const now = Date.now();
  await t.db
    .insertInto('oauth_clients')
    .values([
      client('bmm_stale', new Date(now - 40 * day), new Date(now - 31 * day)),
      client('bmm_never_used', new Date(now - 31 * day), null),
      client('bmm_recent', new Date(now - 40 * day), new Date(now - 2 * day)),
      client('bmm_new', new Date(now - 1 * day), null),
    ])
    .execute();
  await t.db
    .insertInto('oauth_token_denylist')
    .values([
      { jti: 'gone', expires_at: new Date(now - 1000) },
      { jti: 'kept', expires_at: new Date(now + 60_000) },
    ])
    .execute();
  await t.db
    .insertInto('consumed_tickets')
    .values([
      { jti: 'used-long-ago', purpose: 'build-log', expires_at: new Date(now - 10 * 60_000) },
      { jti: 'still-replayable', purpose: 'build-log', expires_at: new Date(now + 60_000) },
    ])
    .execute();
  const [rotated] = await rotateSigningKeys(t.db, testKeyring, ['ES256']);
  await t.db
    .updateTable('signing_keys')
    .set({ retired_at: new Date(now - 2 * day) })
    .where('kid', '=', rotated?.retired as string)
    .execute();

  const result = await runMaintenance(t.db);
  expect(result).toMatchObject({ staleClients: 2, retiredKeys: 1 });
  const left = await t.db.selectFrom('oauth_clients').select('client_id').orderBy('client_id').execute();
  expect(left.map((c) => c.client_id)).toEqual(['bmm_new', 'bmm_recent']);
  const deny = await t.db.selectFrom('oauth_token_denylist').select('jti').execute();
  expect(deny.map((d) => d.jti)).toEqual(['kept']);
  const tickets = await t.db.selectFrom('consumed_tickets').select('jti').execute();
  expect(tickets.map((r) => r.jti)).toEqual(['still-replayable']);
  const keys = await t.db.selectFrom('signing_keys').select('status').orderBy('status').execute();
  expect(keys.map((k) => k.status)).toEqual(['active', 'active', 'next', 'next']);
});
