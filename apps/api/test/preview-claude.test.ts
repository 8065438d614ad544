import { createPlanner } from '@bmm/planner';
import { type FakeAnthropic, startFakeAnthropic } from '@bmm/planner/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { uniqueSlug, weatherSpec } from './fixtures.js';
import { type Browser, signUp, startApi, type TestApp } from './helpers.js';

let fake: FakeAnthropic;
let api: TestApp;
let call: Browser['call'];
beforeAll(async () => {
  fake = await startFakeAnthropic({ apiKey: 'sk-ant-test' });
  api = await startApi({
    planner: createPlanner({ anthropicApiKey: 'sk-ant-test', baseURL: fake.url }),
  });
  const owner = await signUp(api.app);
  call = owner.browser.call.bind(owner.browser);
});
afterAll(async () => {
  await api.close();
  await fake.close();
});

it('drafts with the real Claude planner (SDK against a local Messages API)', async () => {
  const slug = uniqueSlug();
  const spec = weatherSpec(slug);
  spec.tools[0]!.examples = [{ input: { city: 'Paris' } }];
  spec.tools[1]!.examples = [{ input: { a: 1, b: 2 } }];
  fake.enqueue({ toolInput: spec });
  const res = await call('POST', '/v1/servers/preview', {
    prompt: 'weather for a city',
    name: 'Weather',
    slug,
  });
  expect([res.statusCode, res.body]).toEqual([200, expect.any(String)]);
  expect(res.json().draft.source).toBe('claude');
  expect(res.json().draft.spec.tools.map((t: { name: string }) => t.name)).toEqual(['forecast', 'add']);
  expect(fake.requests).toHaveLength(1);
});

it('maps a failing model to a problem with the planner status and code', async () => {
  fake.setFallback({ status: 401, message: 'invalid x-api-key' });
  const res = await call('POST', '/v1/servers/preview', {
    prompt: 'weather',
    name: 'Weather',
    slug: uniqueSlug(),
  });
  expect(res.statusCode).toBe(502);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json()).toMatchObject({ code: 'upstream_auth', detail: 'The Anthropic API key was rejected.' });
  const offline = await call('POST', '/v1/servers/preview', {
    prompt: 'weather forecasts',
    name: 'Weather',
    slug: uniqueSlug(),
    planner: 'offline',
  });
  expect(offline.statusCode).toBe(200);
  expect(offline.json().draft.source).not.toBe('claude');
});
