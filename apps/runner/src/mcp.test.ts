import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSpec } from './testing/demo-spec.js';
import { seedServer } from './testing/fixtures.js';
import { type RunnerHarness, startRunner, startUpstream } from './testing/runner-harness.js';

let t: TestDatabase;
let runner: RunnerHarness;
let upstream: Awaited<ReturnType<typeof startUpstream>>;
let token: string;
let adminToken: string;

beforeAll(async () => {
  t = await createTestDatabase();
  upstream = await startUpstream();
  runner = await startRunner(t);
  await seedServer(t.db, runner.keyring, demoSpec('demo', upstream.url), {
    secrets: { API_KEY: 'sk-upstream-1234' },
  });
  const spinner = demoSpec('spinner', upstream.url);
  spinner.tools = [
    {
      name: 'spin',
      description: 'Never returns on its own',
      inputSchema: { type: 'object' },
      impl: { kind: 'code', source: 'export default async () => { for (;;) {} }' },
    },
  ];
  await seedServer(t.db, runner.keyring, spinner);
  const aud = `${runner.runnerUrl}/demo/mcp`;
  token = await runner.jwks.sign({ aud });
  adminToken = await runner.jwks.sign({ aud, scope: 'mcp:tools demo:admin' });
});
afterAll(async () => {
  await runner?.close();
  await upstream?.close();
  await t?.destroy();
});

async function connect(mode: 'auto' | 'legacy', bearer = token, slug = 'demo'): Promise<Client> {
  const client = new Client({ name: 'runner-test', version: '1.0.0' }, { versionNegotiation: { mode } });
  const transport = new StreamableHTTPClientTransport(new URL(`${runner.runnerUrl}/${slug}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${bearer}` } },
  });
  await client.connect(transport);
  return client;
}

for (const mode of ['auto', 'legacy'] as const) {
  describe(`SDK client, versionNegotiation ${mode}`, () => {
    let client: Client;
    beforeAll(async () => {
      client = await connect(mode);
    });
    afterAll(async () => {
      await client?.close();
    });

    it('negotiates the expected protocol revision', () => {
      expect(client.getNegotiatedProtocolVersion()).toBe(mode === 'auto' ? '2026-07-28' : '2025-11-25');
      expect(client.getServerVersion()).toMatchObject({ name: 'demo', version: '1' });
      expect(client.getInstructions()).toBe('Use add to add numbers.');
    });

    it('lists the tools with their schemas and annotations', async () => {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual([
        'get_item',
        'add',
        'count_up',
        'explode',
        'admin_reset',
      ]);
      const getItem = tools.find((tool) => tool.name === 'get_item')!;
      expect(getItem).toMatchObject({
        title: 'Get item',
        description: 'Fetches an item from the upstream API',
        annotations: { readOnlyHint: true },
        inputSchema: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', minLength: 1 } },
        },
      });
      expect(tools.find((tool) => tool.name === 'add')!.outputSchema).toMatchObject({ required: ['sum'] });
    });

    it('calls an http tool with the server secret and maps JSON to content', async () => {
      const result = await client.callTool({ name: 'get_item', arguments: { id: 'a/b' } });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ id: 'a/b', auth: 'Bearer sk-upstream-1234' });
      expect(result.content).toEqual([
        { type: 'text', text: '{"id":"a/b","auth":"Bearer sk-upstream-1234"}' },
      ]);
    });

    it('reports an upstream failure as isError', async () => {
      const result = await client.callTool({ name: 'get_item', arguments: { id: 'missing' } });
      expect(result).toMatchObject({
        isError: true,
        content: [{ type: 'text', text: 'Upstream responded 404 Not Found: item not found' }],
      });
    });

    it('calls a code tool with structured output', async () => {
      const result = await client.callTool({ name: 'add', arguments: { a: 2, b: 40 } });
      expect(result.structuredContent).toEqual({ sum: 42 });
      expect(result.isError).toBeFalsy();
    });

    it('rejects arguments that do not match the input schema', async () => {
      const result = await client
        .callTool({ name: 'add', arguments: { a: 'two', b: 40 } })
        .catch((err: Error) => err);
      const text = result instanceof Error ? result.message : JSON.stringify(result);
      expect(text).toMatch(/a must be number/);
    });

    it('reports a throwing tool as isError without stack or secret', async () => {
      const result = await client.callTool({ name: 'explode', arguments: {} });
      expect(result).toEqual(
        expect.objectContaining({
          isError: true,
          content: [{ type: 'text', text: 'Error: boom [redacted]' }],
        }),
      );
    });

    it('delivers progress and log notifications of a code tool', async () => {
      const logs: unknown[] = [];
      client.setNotificationHandler('notifications/message', (n) => {
        logs.push(n.params);
      });
      const progress: unknown[] = [];
      // 2026-07-28 sends log notifications only when the request's envelope names a level.
      const result = await client.callTool(
        { name: 'count_up', arguments: { to: 3 }, _meta: { 'io.modelcontextprotocol/logLevel': 'info' } },
        { onprogress: (p) => progress.push(p) },
      );
      expect(result.content).toEqual([{ type: 'text', text: 'done 3' }]);
      expect(progress).toEqual([
        { progress: 1, total: 3, message: 'step 1' },
        { progress: 2, total: 3, message: 'step 2' },
        { progress: 3, total: 3, message: 'step 3' },
      ]);
      expect(logs).toEqual([
        expect.objectContaining({ level: 'warning', data: 'counted to 3', logger: 'count_up' }),
      ]);
    });

    it('serves resources and prompts', async () => {
      const { resources } = await client.listResources();
      expect(resources).toEqual([
        expect.objectContaining({ uri: 'docs://readme', name: 'readme', mimeType: 'text/markdown' }),
      ]);
      const read = await client.readResource({ uri: 'docs://readme' });
      expect(read.contents).toEqual([{ uri: 'docs://readme', mimeType: 'text/markdown', text: '# Demo' }]);
      const { prompts } = await client.listPrompts();
      expect(prompts).toEqual([
        expect.objectContaining({
          name: 'greet',
          arguments: [expect.objectContaining({ name: 'who', required: true })],
        }),
      ]);
      const prompt = await client.getPrompt({ name: 'greet', arguments: { who: 'Ada' } });
      expect(prompt.messages).toEqual([
        { role: 'user', content: { type: 'text', text: 'Say hello to Ada' } },
      ]);
    });

    it('calls a tool that needs an extra scope with a token that has it', async () => {
      const admin = await connect(mode, adminToken);
      try {
        const result = await admin.callTool({ name: 'admin_reset', arguments: {} });
        expect(result.content).toEqual([{ type: 'text', text: 'reset' }]);
      } finally {
        await admin.close();
      }
    });
  });
}

describe('a runaway tool', () => {
  it('fails alone with a clear error while other servers keep answering', async () => {
    const spinToken = await runner.jwks.sign({ aud: `${runner.runnerUrl}/spinner/mcp` });
    const spinClient = await connect('auto', spinToken, 'spinner');
    const demoClient = await connect('auto');
    try {
      const started = performance.now();
      const spinning = spinClient.callTool({ name: 'spin', arguments: {} });
      await new Promise((r) => setTimeout(r, 50));
      // Code tools run on worker threads: the runner answers others while the VM spins.
      const { tools } = await demoClient.listTools();
      expect(tools).toHaveLength(5);
      expect(performance.now() - started).toBeLessThan(900);
      expect(await spinning).toEqual(
        expect.objectContaining({
          isError: true,
          content: [{ type: 'text', text: 'Tool exceeded its CPU time limit of 1000 ms' }],
        }),
      );
      expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
      const again = await demoClient.callTool({ name: 'add', arguments: { a: 2, b: 2 } });
      expect(again.structuredContent).toEqual({ sum: 4 });
    } finally {
      await spinClient.close();
      await demoClient.close();
    }
  });
});
