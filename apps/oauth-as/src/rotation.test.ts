import { AuditWriter } from '@bmm/db';
import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeAndApprove, discover, postForm } from './testing/flow.js';
import {
  type Harness,
  type SeededServer,
  type SeededUser,
  seedServer,
  seedUser,
  startAs,
} from './testing/harness.js';

const REDIRECT = 'http://127.0.0.1:40222/cb';
let t: TestDatabase;
let h: Harness;
let user: SeededUser;
let server: SeededServer;
let clientId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  user = await seedUser(t.db, 'rotor@example.com');
  server = await seedServer(t.db, user, 'rotor');
  h = await startAs(t.db);
  const res = await fetch(`${h.issuer}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'none',
    }),
  });
  clientId = ((await res.json()) as { client_id: string }).client_id;
});
afterAll(async () => {
  await h.close();
  await t.destroy();
});

async function tokens(): Promise<{ access_token: string; refresh_token: string }> {
  const as = await discover(h.issuer);
  const { callback, verifier } = await authorizeAndApprove({
    as,
    client: { client_id: clientId, token_endpoint_auth_method: 'none' },
    redirectUri: REDIRECT,
    resource: server.resource,
    user,
  });
  const r = await postForm(`${h.issuer}/token`, {
    grant_type: 'authorization_code',
    code: callback.searchParams.get('code') as string,
    code_verifier: verifier,
    redirect_uri: REDIRECT,
    client_id: clientId,
  });
  expect(r.status).toBe(200);
  return r.body;
}

const refresh = (refreshToken: string) =>
  postForm(`${h.issuer}/token`, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: clientId,
  });

async function familyRows(refreshToken: string) {
  const { sha256 } = await import('@bmm/crypto');
  const first = await t.db
    .selectFrom('oauth_refresh_tokens')
    .select(['family_id'])
    .where('token_hash', '=', sha256(refreshToken))
    .executeTakeFirstOrThrow();
  return await t.db
    .selectFrom('oauth_refresh_tokens')
    .selectAll()
    .where('family_id', '=', first.family_id)
    .execute();
}

describe('refresh rotation under concurrency', () => {
  it('rotates a token once when 16 refreshes of it race: one successor, the same pair for all', async () => {
    const first = await tokens();
    const answers = await Promise.all(Array.from({ length: 16 }, () => refresh(first.refresh_token)));
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(200));
    // The same access token: header and claims (jti included); ES256 signs them afresh each time.
    const signed = (jwt: string) => jwt.split('.').slice(0, 2).join('.');
    const pairs = new Set(answers.map((a) => `${a.body.refresh_token} ${signed(a.body.access_token)}`));
    expect(pairs.size).toBe(1);
    const rows = await familyRows(first.refresh_token);
    const original = rows.find((r) => r.rotated_from === null)!;
    expect(rows.filter((r) => r.rotated_from === original.id)).toHaveLength(1);
    expect(rows.every((r) => r.revoked_at === null)).toBe(true);
    expect((await refresh(answers[0]!.body.refresh_token)).status).toBe(200);
  });

  it('still detects reuse: replays of a token whose successor was used revoke the family, every detection audited', async () => {
    const first = await tokens();
    const second = await refresh(first.refresh_token);
    const third = await refresh(second.body.refresh_token);
    expect(third.status).toBe(200);
    const auditsBefore = await t.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('action', '=', 'oauth.refresh_token.replayed')
      .executeTakeFirstOrThrow();
    const replays = await Promise.all(Array.from({ length: 8 }, () => refresh(first.refresh_token)));
    // Each replay is refused; those that find the family still alive detect the reuse (and audit it),
    // the rest find it revoked already.
    for (const r of replays) {
      expect(r.body.error).toBe('invalid_grant');
      expect(r.body.error_description).toMatch(/already used|was revoked/);
    }
    const detected = replays.filter((r) => r.body.error_description.includes('already used')).length;
    expect(detected).toBeGreaterThanOrEqual(1);
    const rows = await familyRows(first.refresh_token);
    expect(rows.every((r) => r.revoked_at !== null)).toBe(true);
    expect((await refresh(third.body.refresh_token)).body.error).toBe('invalid_grant');
    const auditsAfter = await t.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('action', '=', 'oauth.refresh_token.replayed')
      .executeTakeFirstOrThrow();
    expect(Number(auditsAfter.n) - Number(auditsBefore.n)).toBe(detected);
  });

  it('loses no rotation when 8 clients rotate their own chains in parallel', async () => {
    const chains = await Promise.all(Array.from({ length: 8 }, () => tokens()));
    const ends = await Promise.all(
      chains.map(async (start) => {
        let token = start.refresh_token;
        for (let i = 0; i < 6; i++) {
          const r = await refresh(token);
          expect(r.status).toBe(200);
          token = r.body.refresh_token;
        }
        return { start: start.refresh_token, end: token };
      }),
    );
    for (const { start, end } of ends) {
      const rows = await familyRows(start);
      expect(rows).toHaveLength(7);
      expect(rows.filter((r) => r.rotated_at === null).map((r) => r.id)).toHaveLength(1);
      expect((await refresh(end)).status).toBe(200);
    }
  });
});

describe('audit writer', () => {
  it('stores every event written before close, batched', async () => {
    const writer = new AuditWriter(t.db);
    const marker = `test.batch.${Date.now()}`;
    const writes = Array.from({ length: 50 }, (_, i) =>
      writer.write({
        actor: { type: 'system', id: null },
        action: marker,
        resource: { type: 'test', id: String(i) },
      }),
    );
    await writer.close();
    const stored = await t.db
      .selectFrom('audit_events')
      .select('resource_id')
      .where('action', '=', marker)
      .execute();
    expect(stored.map((r) => Number(r.resource_id)).sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
    await Promise.all(writes);
  });
});
