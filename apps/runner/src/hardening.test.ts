import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { postWholeBodyThenRead } from '@bmm/http/testing';
import type { ServerSpec } from '@bmm/spec';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedServer } from './testing/fixtures.js';
import { type RunnerHarness, startRunner } from './testing/runner-harness.js';

const EVIL_PATTERN = '^(a+)+$';
const EVIL_INPUT = `${'a'.repeat(27)}!`;

const patternSpec: ServerSpec = {
  name: 'Patterns',
  slug: 'patterns',
  description: 'A tool whose input schema has a pattern that backtracks catastrophically.',
  secrets: [],
  tools: [
    {
      name: 'lookup',
      description: 'Looks an id up',
      inputSchema: {
        type: 'object',
        properties: { id: { type: 'string', pattern: EVIL_PATTERN } },
        required: ['id'],
      },
      impl: { kind: 'code', source: 'export default async (input) => ({ id: input.id })' },
    },
  ],
};

let t: TestDatabase;
let runner: RunnerHarness;
let token: string;
let mcpUrl: string;

beforeAll(async () => {
  t = await createTestDatabase();
  runner = await startRunner(t);
  await seedServer(t.db, runner.keyring, patternSpec);
  mcpUrl = `${runner.runnerUrl}/patterns/mcp`;
  token = await runner.jwks.sign({ aud: mcpUrl });
});
afterAll(async () => {
  await runner?.close();
  await t?.destroy();
});

async function connect(url: string): Promise<Client> {
  const client = new Client(
    { name: 'hardening-test', version: '1.0.0' },
    { versionNegotiation: { mode: 'auto' } },
  );
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

const headers = () => ({
  authorization: `Bearer ${token}`,
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
});

describe('a catastrophic pattern in a tool input schema (CWE-1333)', () => {
  it('is evaluated without stalling the event loop, so /healthz stays fast', async () => {
    const client = await connect(mcpUrl);
    try {
      // Warm up: the version is compiled and the client connected before measuring.
      expect((await client.callTool({ name: 'lookup', arguments: { id: 'aaa' } })).isError).toBeFalsy();
      const stall = monitorEventLoopDelay({ resolution: 5 });
      stall.enable();
      let settled = false;
      const call = client
        .callTool({ name: 'lookup', arguments: { id: EVIL_INPUT } })
        .finally(() => (settled = true));
      // Probe /healthz the whole time the call is in flight (bounded: at most 200 probes).
      let slowestHealthzMs = 0;
      for (let i = 0; i < 200 && !settled; i++) {
        const started = performance.now();
        const res = await fetch(`${runner.runnerUrl}/healthz`);
        expect(res.status).toBe(200);
        slowestHealthzMs = Math.max(slowestHealthzMs, performance.now() - started);
      }
      const result = await call;
      stall.disable();
      const maxStallMs = stall.max / 1e6;
      console.log(
        `event-loop stall during the call: max ${maxStallMs.toFixed(1)} ms; slowest /healthz ${slowestHealthzMs.toFixed(1)} ms`,
      );
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toContain('must match pattern');
      // The backtracking engine blocks ~440 ms for these 28 characters (and doubles per character).
      expect(maxStallMs).toBeLessThan(250);
      expect(slowestHealthzMs).toBeLessThan(400);
    } finally {
      await client.close();
    }
  });
});

describe('a version stored before patterns ran on RE2', () => {
  it('serves its other tools; the tool with a lookahead pattern refuses calls with the reason', async () => {
    const legacy: ServerSpec = {
      ...patternSpec,
      slug: 'legacy-patterns',
      tools: [
        { ...patternSpec.tools[0]!, name: 'plain', inputSchema: { type: 'object' } },
        {
          ...patternSpec.tools[0]!,
          name: 'lookahead',
          inputSchema: { type: 'object', properties: { id: { type: 'string', pattern: '^(?!admin)' } } },
        },
      ],
    };
    await seedServer(t.db, runner.keyring, legacy);
    const url = `${runner.runnerUrl}/legacy-patterns/mcp`;
    const client = new Client(
      { name: 'hardening-test', version: '1.0.0' },
      { versionNegotiation: { mode: 'auto' } },
    );
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers: { authorization: `Bearer ${await runner.jwks.sign({ aud: url })}` } },
      }),
    );
    try {
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['plain', 'lookahead']);
      expect((await client.callTool({ name: 'plain', arguments: {} })).isError).toBeFalsy();
      const refused = await client.callTool({ name: 'lookahead', arguments: { id: 'x' } });
      expect(refused.isError).toBe(true);
      expect(JSON.stringify(refused.content)).toContain(
        'lookahead and lookbehind are not supported; deploy a version without it',
      );
    } finally {
      await client.close();
    }
  });
});

describe('the MCP endpoint with a trailing slash', () => {
  it('serves the same server at /<slug>/mcp/ with the same audience check', async () => {
    const client = await connect(`${mcpUrl}/`);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(['lookup']);
    } finally {
      await client.close();
    }
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
    const anonymous = await fetch(`${mcpUrl}/`, {
      method: 'POST',
      headers: { ...headers(), authorization: '' },
      body,
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain(
      `resource_metadata="${runner.runnerUrl}/.well-known/oauth-protected-resource/patterns/mcp"`,
    );
    // A token for the slash-suffixed URL is not a token for this server: the audience stays exact.
    const slashAudience = await runner.jwks.sign({ aud: `${mcpUrl}/` });
    const wrong = await fetch(`${mcpUrl}/`, {
      method: 'POST',
      headers: { ...headers(), authorization: `Bearer ${slashAudience}` },
      body,
    });
    expect(wrong.status).toBe(401);
    const preflight = await fetch(`${mcpUrl}/`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
  });
});

describe('a request body over the limit', () => {
  it('gets 413 with a problem body, not a reset connection', async () => {
    for (const chunked of [false, true]) {
      const res = await postWholeBodyThenRead(mcpUrl, {
        size: 8 * 1024 * 1024,
        chunked,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json, text/event-stream' },
      });
      expect(res.error, `chunked: ${chunked}`).toBe('');
      expect(res.head).toMatch(/^HTTP\/1\.1 413 /);
      expect(res.head.toLowerCase()).toContain('content-type: application/problem+json');
      expect(JSON.parse(res.body)).toEqual({
        type: 'about:blank',
        title: 'Payload Too Large',
        status: 413,
        code: 'body_too_large',
        detail: 'The request body is larger than this endpoint accepts (4194304 bytes).',
      });
    }
    const viaFetch = await fetch(mcpUrl, {
      method: 'POST',
      headers: headers(),
      body: Buffer.alloc(5 * 1024 * 1024),
    });
    expect(viaFetch.status).toBe(413);
    expect((await fetch(`${runner.runnerUrl}/healthz`)).status).toBe(200);
  });
});
