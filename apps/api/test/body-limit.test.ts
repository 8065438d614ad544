import { postWholeBodyThenRead } from '@bmm/http/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApi, type TestApp } from './helpers.js';

let api: TestApp;
let origin: string;

beforeAll(async () => {
  api = await startApi();
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  origin = `http://127.0.0.1:${(api.app.server.address() as { port: number }).port}`;
});
afterAll(() => api.close());

it('answers a body over the 2 MiB limit with 413 problem+json, not a reset connection', async () => {
  const res = await postWholeBodyThenRead(`${origin}/v1/auth/login`, { size: 8 * 1024 * 1024 });
  expect(res.error).toBe('');
  expect(res.head).toMatch(/^HTTP\/1\.1 413 /);
  expect(res.head.toLowerCase()).toContain('content-type: application/problem+json');
  expect(JSON.parse(res.body)).toMatchObject({ status: 413, code: 'body_too_large' });
});
