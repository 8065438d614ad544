import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { uniqueSlug, weatherSpec } from './fixtures.js';
import { Browser, startApi, type TestApp, upgrade, withKey } from './helpers.js';

let api: TestApp;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

it('never writes passwords, secret values, session tokens or API keys to logs, responses or audit rows', async () => {
  const password = 'pw-Zebra-Quokka-991';
  const secretValues = ['sv-initial-Narwhal-123', 'sv-updated-Okapi-456'];
  const responses: { label: string; res: LightMyRequestResponse }[] = [];
  const record = (label: string, res: LightMyRequestResponse) => {
    responses.push({ label, res });
    return res;
  };
  const browser = new Browser(api.app);
  const email = `sec-${Date.now()}@example.com`;
  record('signup', await browser.call('POST', '/v1/auth/signup', { email, password, name: 'Sec' }));
  const sessionToken = browser.cookie.split('=')[1]!;
  const orgId = responses[0]!.res.json().org.id;
  await upgrade(api.t, orgId);
  record('logout', await browser.call('POST', '/v1/auth/logout'));
  record('bad login', await browser.call('POST', '/v1/auth/login', { email, password: `${password}-wrong` }));
  record('login', await browser.call('POST', '/v1/auth/login', { email, password }));
  const secondToken = browser.cookie.split('=')[1]!;

  const keyRes = await browser.call('POST', '/v1/api-keys', { name: 'ci' });
  const apiKey = keyRes.json().key as string;
  const call = withKey(api.app, apiKey);
  const slug = uniqueSlug();
  const created = record(
    'create',
    await call('POST', '/v1/servers', {
      name: 'S',
      slug,
      spec: weatherSpec(slug),
      secrets: { WEATHER_KEY: secretValues[0] },
    }),
  );
  const serverId = created.json().server.id;
  record(
    'put secret',
    await call('PUT', `/v1/servers/${serverId}/secrets/WEATHER_KEY`, { value: secretValues[1] }),
  );
  record(
    'bad secret',
    await call('PUT', `/v1/servers/${serverId}/secrets/bad-name`, { value: secretValues[1] }),
  );
  record('list secrets', await call('GET', `/v1/servers/${serverId}/secrets`));
  record('server', await call('GET', `/v1/servers/${serverId}`));
  record('export', await call('GET', `/v1/servers/${serverId}/export`));
  record('audit', await browser.call('GET', '/v1/audit?limit=200'));
  record('me/org', await browser.call('GET', '/v1/me/org'));
  record('keys', await browser.call('GET', '/v1/api-keys'));
  record('wrong key', await withKey(api.app, `${apiKey}x`)('GET', '/v1/servers'));
  record(
    'bad signup',
    await new Browser(api.app).call('POST', '/v1/auth/signup', { email, password, name: 'Again' }),
  );

  const forbidden = [password, ...secretValues, sessionToken, secondToken, apiKey, apiKey.slice(17)];
  const logs = api.logs.join('');
  expect(api.logs.length).toBeGreaterThan(20);
  for (const value of forbidden) expect(logs).not.toContain(value);
  for (const { label, res } of responses) {
    for (const value of forbidden) expect([label, res.body.includes(value)]).toEqual([label, false]);
  }
  const audit = JSON.stringify(await api.t.db.selectFrom('audit_events').selectAll().execute());
  expect(audit).toContain('secret.update');
  for (const value of forbidden) expect(audit).not.toContain(value);
  // the sessions and keys tables hold hashes only
  const stored = JSON.stringify([
    await api.t.db.selectFrom('sessions').selectAll().execute(),
    await api.t.db.selectFrom('api_keys').selectAll().execute(),
    await api.t.db.selectFrom('server_secrets').selectAll().execute(),
    await api.t.db.selectFrom('users').selectAll().execute(),
  ]);
  for (const value of forbidden) expect(stored).not.toContain(value);
});
