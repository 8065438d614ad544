import { afterAll, beforeAll, expect, it } from 'vitest';
import { uniqueSlug, weatherSpec } from './fixtures.js';
import { type Browser, createServer, signUp, startApi, type TestApp } from './helpers.js';

/** Failure paths that the per-group files do not already walk: each changes nothing. */
let api: TestApp;
let owner: Awaited<ReturnType<typeof signUp>>;
let call: Browser['call'];
beforeAll(async () => {
  api = await startApi();
  owner = await signUp(api.app);
  call = owner.browser.call.bind(owner.browser);
});
afterAll(() => api.close());

const cases: [string, string, string, unknown, number, string, string?][] = [
  ['rename org to nothing', 'PATCH', '/v1/me/org', { name: '' }, 400, 'validation_failed', 'body.name'],
  ['unknown org field', 'PATCH', '/v1/me/org', { name: 'x', plan: 'team' }, 400, 'validation_failed'],
  [
    'switch to a non-uuid',
    'POST',
    '/v1/me/org/switch',
    { orgId: 'nope' },
    400,
    'validation_failed',
    'body.orgId',
  ],
  [
    'invite with a bad role',
    'POST',
    '/v1/invitations',
    { email: 'a@example.com', role: 'god' },
    400,
    'validation_failed',
    'body.role',
  ],
  [
    'invite a non-email',
    'POST',
    '/v1/invitations',
    { email: 'not an email', role: 'member' },
    400,
    'invalid_email',
    'body.email',
  ],
  [
    'accept a bogus token',
    'POST',
    '/v1/invitations/accept',
    { token: 'bmm_inv_bogus-token' },
    404,
    'invitation_not_found',
  ],
  [
    'revoke an unknown invitation',
    'DELETE',
    '/v1/invitations/00000000-0000-4000-8000-000000000001',
    undefined,
    404,
    'not_found',
  ],
  ['key without a name', 'POST', '/v1/api-keys', {}, 400, 'validation_failed', 'body.name'],
  [
    'revoke an unknown key',
    'DELETE',
    '/v1/api-keys/00000000-0000-4000-8000-000000000001',
    undefined,
    404,
    'not_found',
  ],
  [
    'role of a non-member',
    'PATCH',
    '/v1/members/00000000-0000-4000-8000-000000000001',
    { role: 'admin' },
    404,
    'not_found',
  ],
  [
    'server without spec',
    'POST',
    '/v1/servers',
    { name: 'x', slug: 'some-slug' },
    400,
    'validation_failed',
    'body.spec',
  ],
  [
    'server with a lower-case secret name',
    'POST',
    '/v1/servers',
    { name: 'x', slug: 'some-slug', spec: {}, secrets: { bad: 'v' } },
    400,
    'validation_failed',
  ],
  [
    'preview a reserved slug',
    'POST',
    '/v1/servers/preview',
    { prompt: 'x', name: 'x', slug: 'oauth' },
    400,
    'slug_reserved',
  ],
  [
    'preview without prompt',
    'POST',
    '/v1/servers/preview',
    { name: 'x', slug: 'abc' },
    400,
    'validation_failed',
    'body.prompt',
  ],
  [
    'unknown build',
    'GET',
    '/v1/builds/00000000-0000-4000-8000-000000000001/logs',
    undefined,
    404,
    'not_found',
  ],
  [
    'audit with a bad limit',
    'GET',
    '/v1/audit?limit=0',
    undefined,
    400,
    'validation_failed',
    'querystring.limit',
  ],
];

it.each(cases)('%s', async (_label, method, url, body, status, code, field) => {
  const res = await call(method as never, url, body);
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json().code).toBe(code);
  if (field) expect(res.json().fields.map((f: { field: string }) => f.field)).toContain(field);
});

it('refuses a new spec that is invalid or for another slug, and keeps the versions', async () => {
  const s = await createServer(call);
  const other = await call('PUT', `/v1/servers/${s.id}/spec`, { spec: weatherSpec(uniqueSlug()) });
  expect(other.json()).toMatchObject({ status: 400, code: 'slug_mismatch' });
  const broken = await call('PUT', `/v1/servers/${s.id}/spec`, {
    spec: { ...weatherSpec(s.slug), tools: 'none' },
  });
  expect(broken.json()).toMatchObject({
    status: 400,
    code: 'invalid_spec',
    fields: [{ field: 'body.spec.tools' }],
  });
  const versions = await api.t.db
    .selectFrom('server_versions')
    .select('version')
    .where('server_id', '=', s.id)
    .execute();
  expect(versions).toEqual([{ version: 1 }]);
});

it('lets members read and edit servers but not disconnect clients', async () => {
  const s = await createServer(call);
  const member = await signUp(api.app);
  const inv = await call('POST', '/v1/invitations', { email: member.email, role: 'member' });
  await member.browser.call('POST', '/v1/invitations/accept', {
    token: new URL(inv.json().acceptUrl).searchParams.get('token'),
  });
  expect((await member.browser.call('GET', `/v1/servers/${s.id}`)).statusCode).toBe(200);
  expect(
    (await member.browser.call('PUT', `/v1/servers/${s.id}/secrets/WEATHER_KEY`, { value: 'member-set' }))
      .statusCode,
  ).toBe(200);
  const res = await member.browser.call(
    'DELETE',
    `/v1/servers/${s.id}/clients/00000000-0000-4000-8000-000000000001`,
  );
  expect(res.json()).toMatchObject({ status: 403, code: 'insufficient_role' });
});

it('answers problem+json to malformed JSON and unknown routes', async () => {
  const bad = await api.app.inject({
    method: 'POST',
    url: '/v1/servers',
    headers: { cookie: owner.browser.cookie, origin: 'http://web.test', 'content-type': 'application/json' },
    payload: '{"name":',
  });
  expect(bad.statusCode).toBe(400);
  expect(bad.headers['content-type']).toContain('application/problem+json');
  const missing = await call('GET', '/v1/nothing-here');
  expect(missing.json()).toMatchObject({ status: 404, code: 'not_found' });
});

it('refuses invitations beyond the plan member limit (members + pending)', async () => {
  const small = await signUp(api.app);
  for (let i = 1; i <= 4; i++) {
    const res = await small.browser.call('POST', '/v1/invitations', {
      email: `p${i}-${small.userId}@example.com`,
      role: 'member',
    });
    expect(res.statusCode).toBe(201);
  }
  const over = await small.browser.call('POST', '/v1/invitations', {
    email: `p5-${small.userId}@example.com`,
    role: 'member',
  });
  expect(over.json()).toMatchObject({ status: 403, code: 'plan_limit_reached' });
  // re-inviting a pending email replaces its invitation instead of counting twice
  const again = await small.browser.call('POST', '/v1/invitations', {
    email: `p1-${small.userId}@example.com`,
    role: 'admin',
  });
  expect(again.statusCode).toBe(201);
});

it('serves a person without any org only the personal routes, and lets them accept an invitation', async () => {
  const loner = await signUp(api.app);
  await api.t.db.deleteFrom('memberships').where('user_id', '=', loner.userId).execute();
  expect((await loner.browser.call('GET', '/v1/servers')).json()).toMatchObject({
    status: 403,
    code: 'no_org',
  });
  const me = await loner.browser.call('GET', '/v1/me');
  expect(me.json()).toMatchObject({ orgs: [], activeOrgId: null });
  const inv = await call('POST', '/v1/invitations', { email: loner.email, role: 'member' });
  const token = new URL(inv.json().acceptUrl).searchParams.get('token');
  expect((await loner.browser.call('POST', '/v1/invitations/accept', { token })).json()).toEqual({
    orgId: owner.orgId,
    role: 'member',
  });
  expect((await loner.browser.call('GET', '/v1/servers')).statusCode).toBe(200);
});
