import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoSpec } from './testing/demo-spec.js';
import { seedServer } from './testing/fixtures.js';
import { type RunnerHarness, startRunner } from './testing/runner-harness.js';

/**
 * Issue 12 item 5 on the runner: router errors (bad percent-encoding, an over-long slug) were
 * Fastify's own JSON; they are problem+json now. Tool input is not the input guard's business.
 */
let t: TestDatabase;
let runner: RunnerHarness;

beforeAll(async () => {
  t = await createTestDatabase();
  runner = await startRunner(t);
  const spec = demoSpec('echo', 'http://127.0.0.1:1');
  spec.tools = [
    {
      name: 'echo',
      description: 'Echoes its text',
      inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      impl: { kind: 'code', source: 'export default async ({ text }) => text' },
    },
  ];
  await seedServer(t.db, runner.keyring, spec);
});
afterAll(async () => {
  await runner?.close();
  await t?.destroy();
});

it('answers a path that is not valid percent-encoding with a 400 problem', async () => {
  for (const path of ['/%E0%A4%A/mcp', '/.well-known/oauth-protected-resource/%E0%A4%A/mcp']) {
    const res = await fetch(`${runner.runnerUrl}${path}`, { method: path.startsWith('/.') ? 'GET' : 'POST' });
    expect(res.status, path).toBe(400);
    expect(res.headers.get('content-type'), path).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ code: 'bad_url' });
  }
});

it('answers an over-long slug with a 414 problem', async () => {
  const res = await fetch(`${runner.runnerUrl}/${'a'.repeat(200)}/mcp`, { method: 'POST' });
  expect(res.status).toBe(414);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(await res.json()).toMatchObject({ code: 'uri_too_long' });
});

it('passes tool input with NUL through to the tool (JSON-RPC bodies opt out of the guard)', async () => {
  const aud = `${runner.runnerUrl}/echo/mcp`;
  const client = new Client({ name: 'hostile', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(aud), {
      requestInit: { headers: { authorization: `Bearer ${await runner.jwks.sign({ aud })}` } },
    }),
  );
  const result = await client.callTool({ name: 'echo', arguments: { text: 'a\u0000b' } });
  expect(result.isError).toBeFalsy();
  expect(JSON.stringify(result.content)).toContain('a\\u0000b');
  await client.close();
});
