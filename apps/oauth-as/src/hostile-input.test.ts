import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startAs } from './testing/harness.js';

/**
 * Issue 12 item 5 on the authorization server: text Postgres cannot store (NUL, lone surrogates) in
 * client_id, client metadata or Basic credentials answered 500 (or hit the database and failed there);
 * router errors were Fastify's own JSON. All are now the OAuth error of the endpoint.
 */
const REDIRECT = 'http://127.0.0.1:40111/cb';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

let t: TestDatabase;
let h: Harness;
let cimd: http.Server;
let cimdBase: string;

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startAs(t.db, { config: { cimdAllowPrivateNetwork: true } });
  // A Client ID Metadata Document whose name Postgres cannot store.
  cimd = http.createServer((req, res) => {
    const clientId = `${cimdBase}${req.url}`;
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        client_id: clientId,
        client_name: 'Evil\u0000client',
        redirect_uris: [REDIRECT],
        token_endpoint_auth_method: 'none',
      }),
    );
  });
  await new Promise<void>((r) => cimd.listen(0, '127.0.0.1', r));
  cimdBase = `http://127.0.0.1:${(cimd.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => cimd.close(r));
  await h.close();
  await t.destroy();
});

const oauthError = (res: { statusCode: number; headers: Record<string, unknown>; json(): any }) => {
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  return { status: res.statusCode, ...(res.json() as { error: string; error_description: string }) };
};

describe('client_id=%00', () => {
  it('/authorize shows the error page (no lookup, no redirect)', async () => {
    const res = await h.app.inject(`/authorize?client_id=%00&redirect_uri=${encodeURIComponent(REDIRECT)}`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers.location).toBeUndefined();
    expect(res.body).toContain('invalid_request');
    expect(res.body).toContain('client_id');
  });

  it.each(['/token', '/revoke', '/introspect'])('%s answers invalid_request', async (url) => {
    const res = await h.app.inject({
      method: 'POST',
      url,
      headers: FORM,
      payload: 'grant_type=authorization_code&token=x&client_id=%00',
    });
    expect(oauthError(res)).toMatchObject({ status: 400, error: 'invalid_request' });
    expect(res.json().error_description).toMatch(/client_id.*NUL/);
  });

  it('Basic credentials that decode to NUL are malformed, not looked up', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/token',
      headers: { ...FORM, authorization: `Basic ${Buffer.from('%00:secret').toString('base64')}` },
      payload: 'grant_type=authorization_code&code=x',
    });
    expect(oauthError(res)).toMatchObject({
      status: 401,
      error: 'invalid_client',
      error_description: 'Malformed Basic credentials.',
    });
  });
});

describe('dynamic client registration', () => {
  it.each([
    ['client_name NUL', { client_name: 'a\u0000b' }],
    ['client_name lone surrogate', { client_name: 'a\ud800' }],
    ['software_id NUL', { software_id: 'x\u0000' }],
    ['software_version surrogate', { software_version: '\udc00' }],
    ['redirect_uris NUL', { redirect_uris: [`${REDIRECT}\u0000`] }],
    ['unknown member name NUL', { 'x\u0000': 1 }],
  ])('%s → 400 invalid_client_metadata', async (_name, extra) => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/register',
      payload: { redirect_uris: [REDIRECT], ...extra },
    });
    expect(oauthError(res)).toMatchObject({ status: 400, error: 'invalid_client_metadata' });
    expect(await t.db.selectFrom('oauth_clients').select('client_id').execute()).toEqual([]);
  });
});

it('a metadata document (fetched, never seen by the input guard) with NUL is refused at /authorize', async () => {
  const clientId = `${cimdBase}/client.json`;
  const res = await h.app.inject(
    `/authorize?client_id=${encodeURIComponent(clientId)}&redirect_uri=${encodeURIComponent(REDIRECT)}`,
  );
  expect(res.statusCode).toBe(400);
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  expect(res.body).toContain('invalid_client');
  expect(res.body).toMatch(/client_name must not contain NUL/);
});

describe('router errors speak OAuth', () => {
  it('a path that is not valid percent-encoding is 400 invalid_request', async () => {
    const res = await h.app.inject('/register/%E0%A4%A');
    expect(oauthError(res)).toMatchObject({ status: 400, error: 'invalid_request' });
  });

  it('an over-long path segment is 414 invalid_request', async () => {
    const res = await h.app.inject(`/interaction/${'a'.repeat(300)}`);
    expect(oauthError(res)).toMatchObject({ status: 414, error: 'invalid_request' });
  });
});
