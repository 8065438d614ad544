import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ToolSpec } from '@bmm/spec';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCodeCompiles, closeSandboxWorkers, executeTool, type ToolRunOptions } from './index.js';

function codeTool(source: string): ToolSpec {
  return { name: 't', description: 't', inputSchema: { type: 'object' }, impl: { kind: 'code', source } };
}
const base: ToolRunOptions = {
  secrets: { API_KEY: 'sk-worker-secret' },
  allowedHosts: [],
  isolation: 'worker',
};

afterAll(() => closeSandboxWorkers());

describe('code tools on a worker thread', () => {
  it('runs with input, secrets, logs and progress', async () => {
    const logs: string[] = [];
    const progress: number[] = [];
    const result = await executeTool(
      codeTool(`export default async (input, ctx) => {
        ctx.log.info('hello ' + input.name);
        ctx.progress(1, 2);
        ctx.progress(2, 2);
        return { greeting: 'hi ' + input.name, key: ctx.secrets.API_KEY.length };
      }`),
      { name: 'Ada' },
      { ...base, onLog: (l, m) => logs.push(`${l}:${m}`), onProgress: (p) => progress.push(p) },
    );
    expect(result).toEqual({
      content: [{ type: 'text', text: '{"greeting":"hi Ada","key":16}' }],
      structuredContent: { greeting: 'hi Ada', key: 16 },
      isError: false,
    });
    expect(logs).toEqual(['info:hello Ada']);
    expect(progress).toEqual([1, 2]);
  }, 30_000);

  it('keeps the caller event loop free while a runaway tool spins', async () => {
    const started = performance.now();
    const spinning = executeTool(
      codeTool('export default async () => { for (;;) {} }'),
      {},
      {
        ...base,
        limits: { cpuMs: 800 },
      },
    );
    await new Promise((r) => setTimeout(r, 20));
    const timerLatency = performance.now() - started;
    expect(timerLatency).toBeLessThan(400);
    expect(await spinning).toEqual({
      content: [{ type: 'text', text: 'Tool exceeded its CPU time limit of 800 ms' }],
      isError: true,
    });
    const after = await executeTool(codeTool('export default async (i) => i.n * 2'), { n: 21 }, base);
    expect(after).toMatchObject({ content: [{ type: 'text', text: '42' }], isError: false });
  }, 30_000);

  it('cancels a call when the caller aborts', async () => {
    const hang = createServer(() => {});
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
    const { port } = hang.address() as AddressInfo;
    try {
      const controller = new AbortController();
      const started = performance.now();
      const call = executeTool(
        codeTool(`export default async (i, ctx) => (await ctx.fetch('http://127.0.0.1:${port}/')).text()`),
        {},
        {
          ...base,
          allowedHosts: ['127.0.0.1'],
          allowPrivateNetwork: true,
          signal: controller.signal,
        },
      );
      setTimeout(() => controller.abort(), 100);
      expect(await call).toEqual({
        content: [{ type: 'text', text: 'Tool call was cancelled' }],
        isError: true,
      });
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      hang.closeAllConnections();
      await new Promise((r) => hang.close(r));
    }
  }, 30_000);

  it('cancels through a signal reused across calls and shared by concurrent ones', async () => {
    const hang = createServer(() => {});
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
    const { port } = hang.address() as AddressInfo;
    try {
      const controller = new AbortController();
      const options = {
        ...base,
        allowedHosts: ['127.0.0.1'],
        allowPrivateNetwork: true,
        signal: controller.signal,
      };
      // Reused, as the runner pools its controllers: finished calls leave nothing behind on the signal.
      for (let n = 0; n < 3; n++) {
        const result = await executeTool(codeTool('export default async (i) => i.n + 1'), { n }, options);
        expect(result).toMatchObject({ content: [{ type: 'text', text: String(n + 1) }], isError: false });
      }
      const hanging = codeTool(
        `export default async (i, ctx) => (await ctx.fetch('http://127.0.0.1:${port}/')).text()`,
      );
      const calls = [1, 2].map(() => executeTool(hanging, {}, options));
      setTimeout(() => controller.abort(), 100);
      for (const result of await Promise.all(calls))
        expect(result).toEqual({
          content: [{ type: 'text', text: 'Tool call was cancelled' }],
          isError: true,
        });
    } finally {
      hang.closeAllConnections();
      await new Promise((r) => hang.close(r));
    }
  }, 30_000);

  it('answers ctx.fetch from a stub on the worker, reporting each request, and never the network', async () => {
    const requests: string[] = [];
    const result = await executeTool(
      codeTool(`export default async (i, ctx) => {
        const r = await ctx.fetch('https://api.example.com/items/' + i.id, { method: 'post', body: '{}' });
        return { status: r.status, body: await r.json() };
      }`),
      { id: 7 },
      {
        ...base,
        allowedHosts: ['api.example.com'],
        stub: { response: { status: 201, body: { name: 'lamp' } }, onRequest: (r) => requests.push(r) },
      },
    );
    expect(result.structuredContent).toEqual({ status: 201, body: { name: 'lamp' } });
    expect(requests).toEqual(['POST https://api.example.com/items/7']);
  }, 30_000);

  it('checks that code compiles on a worker', async () => {
    expect(await checkCodeCompiles('export default async (i) => i', { isolation: 'worker' })).toEqual({
      ok: true,
    });
    const broken = await checkCodeCompiles('export default async (i) => {\n  return i +;\n}', {
      isolation: 'worker',
      orgId: 'org-x',
    });
    expect(broken).toMatchObject({ ok: false, error: expect.stringMatching(/SyntaxError.*\(line 2\)/) });
  }, 30_000);
});
