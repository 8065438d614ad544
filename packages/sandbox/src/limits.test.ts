import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ToolSpec } from '@bmm/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadQuickJS, wasmHeapBytes } from './code-instance.js';
import { closeSandboxWorkers, executeTool, type ToolRunOptions } from './index.js';

function codeTool(source: string): ToolSpec {
  return { name: 't', description: 't', inputSchema: { type: 'object' }, impl: { kind: 'code', source } };
}
const base: ToolRunOptions = { secrets: {}, allowedHosts: [] };
const MiB = 1024 * 1024;

const BOMB = 'export default async () => { const a = []; for (;;) a.push([1, 2, 3, 4, 5, 6, 7, 8]); }';
const BOMB_AFTER_AWAIT =
  'export default async () => { await 0; const a = []; for (let i = 0; ; i++) a.push({ i, s: "x" + i }); }';
const SPIN_AFTER_AWAIT = 'export default async () => { await 0; for (;;) {} }';
const RECURSION = 'function f(n) { return f(n + 1) + 1 } export default async () => f(0)';

let slow: Server;
let slowUrl: string;
beforeAll(async () => {
  slow = createServer((_req, res) => setTimeout(() => res.writeHead(200).end('late'), 400));
  await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
  slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  slow.closeAllConnections();
  await new Promise((r) => slow.close(r));
  await closeSandboxWorkers();
});

describe('VM limits', () => {
  it('stops a memory bomb at its limit, not once QuickJS has counted 8 bytes per allocation', async () => {
    const module = await loadQuickJS();
    const heapBefore = wasmHeapBytes(module);
    const started = performance.now();
    // A CPU budget far above what the bomb needs: the memory check, not the CPU limit, must stop it.
    const result = await executeTool(
      codeTool(BOMB),
      {},
      { ...base, limits: { memoryBytes: 8 * MiB, cpuMs: 5000 } },
    );
    const elapsed = performance.now() - started;
    expect(result).toEqual({
      content: [{ type: 'text', text: 'Tool exceeded its memory limit of 8 MiB' }],
      isError: true,
    });
    // QuickJS's own count-based limit would let this bomb fill ~40 MiB of WASM heap.
    expect(wasmHeapBytes(module) - heapBefore).toBeLessThan(2 * 8 * MiB);
    expect(elapsed).toBeLessThan(2000);
  });

  it('stops spin, memory bomb and deep recursion on a worker with clear errors', async () => {
    const worker = { ...base, isolation: 'worker' as const };
    const started = performance.now();
    const [spin, bomb, recursion] = await Promise.all([
      executeTool(codeTool(SPIN_AFTER_AWAIT), {}, { ...worker, limits: { cpuMs: 300 } }),
      executeTool(
        codeTool(BOMB_AFTER_AWAIT),
        {},
        { ...worker, limits: { memoryBytes: 16 * MiB, cpuMs: 5000 } },
      ),
      executeTool(codeTool(RECURSION), {}, worker),
    ]);
    expect(spin.content).toEqual([{ type: 'text', text: 'Tool exceeded its CPU time limit of 300 ms' }]);
    expect(bomb.content).toEqual([{ type: 'text', text: 'Tool exceeded its memory limit of 16 MiB' }]);
    expect(recursion.content).toEqual([
      { type: 'text', text: 'Tool exceeded its stack limit (recursion too deep)' },
    ]);
    expect(performance.now() - started).toBeLessThan(5000);
  }, 30_000);

  it('keeps the QuickJS module, and the calls running on it, when a call is stopped after an await', async () => {
    // Freeing a runtime interrupted inside a job trips a QuickJS assertion that aborts the whole module:
    // such runtimes are left unfreed (charged to the module) instead.
    const module = await loadQuickJS();
    const waiting = executeTool(
      codeTool('export default async (i, ctx) => (await ctx.fetch(i.url)).text()'),
      { url: slowUrl },
      { ...base, allowedHosts: ['127.0.0.1'], allowPrivateNetwork: true },
    );
    const stopped = await Promise.all([
      executeTool(codeTool(SPIN_AFTER_AWAIT), {}, { ...base, limits: { cpuMs: 100 } }),
      executeTool(codeTool(BOMB_AFTER_AWAIT), {}, { ...base, limits: { memoryBytes: 8 * MiB, cpuMs: 5000 } }),
    ]);
    expect(stopped.map((r) => r.content[0]?.text)).toEqual([
      'Tool exceeded its CPU time limit of 100 ms',
      'Tool exceeded its memory limit of 8 MiB',
    ]);
    expect(await waiting).toMatchObject({ content: [{ type: 'text', text: 'late' }], isError: false });
    const after = await executeTool(codeTool('export default async (i) => i.x + 1'), { x: 1 }, base);
    expect(after).toMatchObject({ content: [{ type: 'text', text: '2' }], isError: false });
    expect(await loadQuickJS()).toBe(module);
  });
});
