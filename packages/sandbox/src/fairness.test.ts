import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ToolSpec } from '@bmm/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeSandboxWorkers,
  configureSandboxPool,
  executeTool,
  sandboxStats,
  type ToolResult,
  type ToolRunOptions,
} from './index.js';

function codeTool(source: string): ToolSpec {
  return { name: 't', description: 't', inputSchema: { type: 'object' }, impl: { kind: 'code', source } };
}
const worker: ToolRunOptions = { secrets: {}, allowedHosts: [], isolation: 'worker' };
const ADD = codeTool('export default async (i) => i.a + i.b');
const RUNAWAYS = [
  codeTool('export default async () => { for (;;) {} }'),
  codeTool('export default async () => { const a = []; for (;;) a.push([1, 2, 3, 4, 5, 6, 7, 8]); }'),
  codeTool(
    'function f(n) { return f(n + 1) + 1 } export default async () => { for (;;) try { f(0) } catch {} }',
  ),
];

let slow: Server;
let slowUrl: string;
beforeAll(async () => {
  slow = createServer((_req, res) => setTimeout(() => res.writeHead(200).end('late'), 300));
  await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
  slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`;
  configureSandboxPool({ workers: 2, orgConcurrency: 2 });
  // Boot both workers (each loads QuickJS) so the timings below measure scheduling only.
  await Promise.all(
    ['warm-1', 'warm-2'].map((orgId) => executeTool(ADD, { a: 1, b: 1 }, { ...worker, orgId })),
  );
});
afterAll(async () => {
  await closeSandboxWorkers();
  configureSandboxPool({});
  slow.closeAllConnections();
  await new Promise((r) => slow.close(r));
});

describe('fair sandbox scheduling', () => {
  it("answers another org's trivial call while one org runs 10 runaway tools", async () => {
    const finished: string[] = [];
    const runaways = Array.from({ length: 10 }, (_, i) =>
      executeTool(RUNAWAYS[i % 3]!, {}, { ...worker, orgId: 'org-a', limits: { cpuMs: 500 } }).then(
        (result) => {
          finished.push(`a${i}`);
          return result;
        },
      ),
    );
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    const add = await executeTool(ADD, { a: 2, b: 3 }, { ...worker, orgId: 'org-b' });
    const addMs = performance.now() - started;
    finished.push('b');
    expect(add).toMatchObject({ content: [{ type: 'text', text: '5' }], isError: false });
    const results = await Promise.all(runaways);
    expect(results.every((r: ToolResult) => r.isError)).toBe(true);
    // Org A's calls run two at a time, ~0.5 s each: org B's call is not behind them.
    expect(finished.indexOf('b')).toBeLessThan(2);
    expect(addMs).toBeLessThan(1000);
  }, 60_000);

  it('runs at most orgConcurrency calls of one org at once and serves other orgs in turn', async () => {
    const fetching = codeTool('export default async (i, ctx) => (await ctx.fetch(i.url)).text()');
    const options = { ...worker, allowedHosts: ['127.0.0.1'], allowPrivateNetwork: true };
    const busy = Array.from({ length: 6 }, () =>
      executeTool(fetching, { url: slowUrl }, { ...options, orgId: 'org-busy' }),
    );
    expect(sandboxStats()).toMatchObject({ running: 2, queued: 4, orgsWaiting: 1, longestOrgQueue: 4 });
    const started = performance.now();
    const other = await executeTool(fetching, { url: slowUrl }, { ...options, orgId: 'org-other' });
    expect(other).toMatchObject({ content: [{ type: 'text', text: 'late' }], isError: false });
    // One slow fetch (300 ms), not behind org-busy's queue (3 rounds of 300 ms).
    expect(performance.now() - started).toBeLessThan(850);
    for (const result of await Promise.all(busy)) expect(result.isError).toBe(false);
    expect(sandboxStats()).toMatchObject({ running: 0, queued: 0, orgsWaiting: 0 });
  }, 30_000);

  it('fails a queued call that the caller cancels, without starting it', async () => {
    const spin = codeTool('export default async () => { for (;;) {} }');
    const running = executeTool(spin, {}, { ...worker, orgId: 'org-c', limits: { cpuMs: 300 } });
    const running2 = executeTool(spin, {}, { ...worker, orgId: 'org-c', limits: { cpuMs: 300 } });
    const controller = new AbortController();
    const queued = executeTool(ADD, { a: 1, b: 2 }, { ...worker, orgId: 'org-c', signal: controller.signal });
    expect(sandboxStats().queued).toBe(1);
    controller.abort();
    expect(await queued).toEqual({
      content: [{ type: 'text', text: 'Tool call was cancelled' }],
      isError: true,
    });
    expect(sandboxStats().queued).toBe(0);
    await Promise.all([running, running2]);
  }, 30_000);

  it('fails a call still queued past its wall clock, and the calls that ran are unaffected', async () => {
    const spin = codeTool('export default async () => { for (;;) {} }');
    const limits = { cpuMs: 700 };
    const running = [1, 2].map(() => executeTool(spin, {}, { ...worker, orgId: 'org-d', limits }));
    const started = performance.now();
    const queued = await executeTool(
      ADD,
      { a: 1, b: 2 },
      { ...worker, orgId: 'org-d', limits: { timeoutMs: 200 } },
    );
    expect(queued).toEqual({
      content: [{ type: 'text', text: 'Tool timed out after 200 ms waiting for a sandbox' }],
      isError: true,
    });
    // Failed at its own deadline, not when a running call made room (~700 ms).
    expect(performance.now() - started).toBeLessThan(600);
    expect(sandboxStats()).toMatchObject({ queued: 0 });
    for (const result of await Promise.all(running))
      expect(result).toEqual({
        content: [{ type: 'text', text: 'Tool exceeded its CPU time limit of 700 ms' }],
        isError: true,
      });
  }, 30_000);

  it.runIf(process.platform === 'linux')(
    "lowers the OS priority of a worker stuck in a long VM slice, and only that worker's",
    async () => {
      const spin = codeTool('export default async () => { for (;;) {} }');
      const spinning = executeTool(spin, {}, { ...worker, orgId: 'org-e', limits: { cpuMs: 3000 } });
      // 50 ms of the thread's own CPU time: longer in wall time on a loaded machine.
      const until = performance.now() + 2500;
      while (sandboxStats().demoted === 0 && performance.now() < until)
        await new Promise((r) => setTimeout(r, 20));
      expect(sandboxStats().demoted).toBe(1);
      // Another org's short calls run beside it on a worker that keeps its priority.
      for (let i = 0; i < 5; i++)
        expect(await executeTool(ADD, { a: i, b: 1 }, { ...worker, orgId: 'org-f' })).toMatchObject({
          content: [{ type: 'text', text: String(i + 1) }],
        });
      expect(sandboxStats().demoted).toBe(1);
      expect((await spinning).isError).toBe(true);
      // Back to its own priority once it answers (root here; elsewhere it stays low).
      if (process.getuid?.() === 0) expect(sandboxStats().demoted).toBe(0);
    },
    30_000,
  );

  it('answers a finished call at once, not after a long VM slice of the next call on its worker', async () => {
    const spin = codeTool('export default async () => { for (;;) {} }');
    const started = performance.now();
    // Same org, same tick: both go to the org's one worker in one message, add first.
    const add = executeTool(ADD, { a: 2, b: 2 }, { ...worker, orgId: 'org-g' });
    const spinning = executeTool(spin, {}, { ...worker, orgId: 'org-g', limits: { cpuMs: 1500 } });
    expect(await add).toMatchObject({ content: [{ type: 'text', text: '4' }], isError: false });
    expect(performance.now() - started).toBeLessThan(1000);
    expect((await spinning).isError).toBe(true);
  }, 30_000);

  it('refuses a pool option out of range', () => {
    expect(() => configureSandboxPool({ workers: 0 })).toThrow(/workers must be an integer/);
    expect(() => configureSandboxPool({ orgConcurrency: 1.5 })).toThrow(/orgConcurrency/);
  });
});
