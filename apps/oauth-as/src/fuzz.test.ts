import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { fuzzSettings, hostileString, hostileValue } from '@bmm/http/testing';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, type SeededServer, seedServer, seedUser, startAs } from './testing/harness.js';

/**
 * Property-based fuzz of the OAuth endpoints (authorize, token, register, revoke, introspect,
 * registration management, consent API, upstream sign-in): one parameter at a time is replaced, dropped, repeated or
 * joined by a stranger; bodies come in the wrong content type or malformed; Basic credentials decode
 * to anything. No answer may be a 5xx; errors are RFC 6749/7591 JSON (an HTML page at /authorize).
 * FUZZ_RUNS (per endpoint, default 100) and FUZZ_SEED reproduce or lengthen a run (CI uses a fixed seed).
 */
const { runs: RUNS, seed: SEED } = fuzzSettings(100);
const REDIRECT = 'http://127.0.0.1:40111/cb';

let t: TestDatabase;
let h: Harness;
let server: SeededServer;
let cookie: string;
let publicClient: string;
let confidential: { id: string; secret: string; registrationToken: string };

// Percent-encodes UTF-8 bytes (lone surrogates travel as U+FFFD, as they would on the wire).
const enc = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startAs(t.db);
  const owner = await seedUser(t.db, `fuzz-${Date.now()}@example.com`);
  cookie = owner.cookie;
  server = await seedServer(t.db, owner, `fuzz-${process.pid}`);
  const register = async (body: object) =>
    (await h.app.inject({ method: 'POST', url: '/register', payload: body })).json();
  publicClient = (await register({ redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' }))
    .client_id;
  const c = await register({ redirect_uris: [REDIRECT], client_name: 'Confidential' });
  confidential = { id: c.client_id, secret: c.client_secret, registrationToken: c.registration_access_token };
});
afterAll(async () => {
  await h?.close();
  await t?.destroy();
});

type Params = Record<string, string>;
type Mutation =
  | { kind: 'none' }
  | { kind: 'replace'; changes: Array<{ index: number; value: string }> }
  | { kind: 'drop'; index: number }
  | { kind: 'repeat'; index: number }
  | { kind: 'extra'; name: string; value: string }
  | { kind: 'raw'; body: string; contentType: string };
type Auth =
  | { kind: 'none' }
  | { kind: 'basic'; user: string; pass: string }
  | { kind: 'rawBasic'; value: string };

interface Endpoint {
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  url: () => string;
  base: () => Params;
  /** How the params travel. */
  as: 'query' | 'form' | 'json';
  /** Why this answer is wrong, or null. */
  judge?: (status: number, contentType: string, body: string) => string | null;
}

const oauthJson = (status: number, contentType: string, body: string) => {
  if (status < 400) return null;
  if (!contentType.startsWith('application/json')) return `error as ${contentType}`;
  const parsed = JSON.parse(body) as { error?: unknown };
  return typeof parsed.error === 'string' ? null : `error without an "error" code: ${body.slice(0, 200)}`;
};

const ENDPOINTS: Endpoint[] = [
  {
    name: 'authorize',
    method: 'GET',
    url: () => '/authorize',
    as: 'query',
    base: () => ({
      client_id: publicClient,
      redirect_uri: REDIRECT,
      response_type: 'code',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      resource: server.resource,
      state: 'st',
      scope: 'mcp:tools',
    }),
    judge: (status, contentType) =>
      status === 302 || (status === 400 && contentType.startsWith('text/html'))
        ? null
        : `answered ${status} as ${contentType}`,
  },
  {
    name: 'token (authorization_code)',
    method: 'POST',
    url: () => '/token',
    as: 'form',
    base: () => ({
      grant_type: 'authorization_code',
      code: 'bmm_code_unknown',
      redirect_uri: REDIRECT,
      client_id: publicClient,
      code_verifier: 'v'.repeat(43),
    }),
    judge: oauthJson,
  },
  {
    name: 'token (refresh_token, confidential)',
    method: 'POST',
    url: () => '/token',
    as: 'form',
    base: () => ({
      grant_type: 'refresh_token',
      refresh_token: 'bmm_rt_unknown',
      client_id: confidential.id,
      client_secret: confidential.secret,
    }),
    judge: oauthJson,
  },
  {
    name: 'register',
    method: 'POST',
    url: () => '/register',
    as: 'json',
    base: () => ({
      redirect_uris: REDIRECT,
      client_name: 'Fuzz',
      token_endpoint_auth_method: 'none',
      scope: 'mcp:tools',
      logo_uri: 'https://example.com/logo.png',
      client_uri: 'https://example.com',
      software_id: 'fuzz',
      software_version: '1',
    }),
    judge: oauthJson,
  },
  {
    name: 'register/:client_id',
    method: 'GET',
    url: () => `/register/${enc(confidential.id)}`,
    as: 'query',
    base: () => ({}),
    judge: oauthJson,
  },
  {
    name: 'revoke',
    method: 'POST',
    url: () => '/revoke',
    as: 'form',
    base: () => ({ token: 'bmm_rt_unknown', token_type_hint: 'refresh_token', client_id: publicClient }),
    judge: oauthJson,
  },
  {
    name: 'introspect',
    method: 'POST',
    url: () => '/introspect',
    as: 'form',
    base: () => ({ token: 'x.y.z', client_id: confidential.id, client_secret: confidential.secret }),
    judge: oauthJson,
  },
  {
    name: 'interaction view',
    method: 'GET',
    url: () => `/interaction/${'a'.repeat(43)}`,
    as: 'query',
    base: () => ({}),
    judge: oauthJson,
  },
  {
    name: 'interaction deny',
    method: 'POST',
    url: () => `/interaction/${'a'.repeat(43)}/deny`,
    as: 'json',
    base: () => ({ csrf_token: 'x' }),
    judge: oauthJson,
  },
  {
    name: 'upstream callback',
    method: 'GET',
    url: () => '/upstream/callback',
    as: 'query',
    base: () => ({ state: 'st', code: 'c', iss: 'https://example.com' }),
  },
  {
    name: 'upstream connect',
    method: 'GET',
    url: () => '/upstream/connect',
    as: 'query',
    base: () => ({ server: server.id, upstream: 'github' }),
  },
  {
    name: 'interaction approve',
    method: 'POST',
    url: () => `/interaction/${'a'.repeat(43)}/approve`,
    as: 'json',
    base: () => ({ csrf_token: 'x' }),
    judge: oauthJson,
  },
];

const mutation = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'none' }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('replace' as const),
      changes: fc.array(fc.record({ index: fc.nat(50), value: hostileString }), {
        minLength: 1,
        maxLength: 3,
      }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), index: fc.nat(50) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('repeat' as const), index: fc.nat(50) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('extra' as const), name: hostileString, value: hostileString }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('raw' as const),
      body: fc.oneof(
        hostileString,
        hostileValue.map((v) => JSON.stringify(v) ?? ''),
        fc.constantFrom('a=%00', 'client_id=%ED%A0%80', 'a=%', '{"redirect_uris":["\\ud800"]}'),
      ),
      contentType: fc.constantFrom(
        'application/json',
        'application/x-www-form-urlencoded',
        'text/plain',
        'multipart/form-data; boundary=x',
      ),
    }),
  },
);
const auth: fc.Arbitrary<Auth> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Auth>({ kind: 'none' }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('basic' as const), user: hostileString, pass: hostileString }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('rawBasic' as const),
      value: fc.constantFrom(
        Buffer.from('\u0000:x').toString('base64'),
        Buffer.from([0xed, 0xa0, 0x80, 0x3a, 0x78]).toString('base64'),
        Buffer.from('%00:%ED%A0%80').toString('base64'),
        Buffer.from('%E0%A4%A:x').toString('base64'),
        '!!!',
        '',
      ),
    }),
  },
);

function request(e: Endpoint, m: Mutation, a: Auth, withCookie: boolean): InjectOptions {
  const headers: Record<string, string> = withCookie ? { cookie } : {};
  if (a.kind === 'basic')
    headers.authorization = `Basic ${Buffer.from(`${enc(a.user)}:${enc(a.pass)}`).toString('base64')}`;
  if (a.kind === 'rawBasic') headers.authorization = `Basic ${a.value}`;
  if (m.kind === 'raw') {
    headers['content-type'] = m.contentType;
    return { method: e.method, url: e.url(), headers, payload: m.body };
  }
  const entries: Array<[string, unknown]> = Object.entries(e.base());
  const at = (i: number) => i % Math.max(entries.length, 1);
  if (m.kind === 'replace' && entries.length)
    for (const change of m.changes) (entries[at(change.index)] as [string, unknown])[1] = change.value;
  if (m.kind === 'drop' && entries.length) entries.splice(at(m.index), 1);
  if (m.kind === 'repeat' && entries.length) entries.push(entries[at(m.index)] as [string, unknown]);
  if (m.kind === 'extra') entries.push([m.name, m.value]);
  if (e.as === 'json') {
    const body = Object.fromEntries(entries);
    if (body.redirect_uris !== undefined && typeof body.redirect_uris === 'string')
      body.redirect_uris = [body.redirect_uris];
    headers['content-type'] = 'application/json';
    return { method: e.method, url: e.url(), headers, payload: JSON.stringify(body) };
  }
  const encoded = entries.map(([k, v]) => `${enc(k)}=${enc(String(v))}`).join('&');
  if (e.as === 'query')
    return { method: e.method, url: `${e.url()}${encoded ? `?${encoded}` : ''}`, headers };
  headers['content-type'] = 'application/x-www-form-urlencoded';
  return { method: e.method, url: e.url(), headers, payload: encoded };
}

it('no OAuth endpoint answers hostile input with a 5xx or a non-OAuth error', async () => {
  const failures: string[] = [];
  let cases = 0;
  const started = performance.now();
  for (const e of ENDPOINTS) {
    const result = await fc.check(
      fc.asyncProperty(mutation, auth, fc.boolean(), async (m, a, withCookie) => {
        cases += 1;
        const res = await h.app.inject(request(e, m, a, withCookie));
        const contentType = String(res.headers['content-type'] ?? '');
        if (res.statusCode >= 500) throw new Error(`answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
        const problem = e.judge?.(res.statusCode, contentType, res.body);
        if (problem) throw new Error(problem);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    if (result.failed)
      failures.push(
        `${e.name}: ${(result.errorInstance as Error)?.message} — case ${JSON.stringify(result.counterexample, (_k, v) => (typeof v === 'string' && v.length > 60 ? `${v.slice(0, 20)}…(${v.length})` : v))}`,
      );
  }
  console.info(
    `oauth fuzz: ${ENDPOINTS.length} endpoints, ${cases} requests in ${((performance.now() - started) / 1000).toFixed(1)} s (seed ${SEED})`,
  );
  expect(failures, `seed ${SEED}`).toEqual([]);
}, 120_000);
