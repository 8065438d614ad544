/**
 * The sandbox worker pool alone: 50 callers calling the QuickJS tool `add` through `executeTool` with
 * worker isolation (one org, a reuse key, the runner's limits), as the runner's fast path does, for
 * `BENCH_DURATION_MS` (default 5 s) after a 2 s warm-up. Prints calls/s and the process's CPU per
 * call (main thread + sandbox workers + GC threads): the round trip's cost without HTTP, auth or
 * Postgres. `node --conditions=@bmm/source --import tsx bench/pool.ts`
 */
import os from 'node:os';
import { closeSandboxWorkers, executeTool, type ToolRunOptions } from '@bmm/sandbox';
import type { ToolSpec } from '@bmm/spec';

const DURATION_MS = Math.min(Math.max(Number(process.env.BENCH_DURATION_MS ?? 5000), 1000), 60_000);
const CALLERS = 50;
const add: ToolSpec = {
  name: 'add',
  description: 'Adds two numbers',
  inputSchema: { type: 'object' },
  impl: { kind: 'code', source: 'export default async ({ a, b }) => ({ sum: a + b })' },
};
const options: ToolRunOptions = {
  secrets: {},
  allowedHosts: [],
  isolation: 'worker',
  orgId: 'bench-org',
  reuseKey: 'bench-version/add',
  limits: { timeoutMs: 30_000, cpuMs: 1_000 },
};

async function run(ms: number): Promise<{ calls: number; cpuUs: number }> {
  let calls = 0;
  const end = performance.now() + ms;
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      while (performance.now() < end) {
        const result = await executeTool(add, { a: 2, b: 3 }, options);
        if ((result.structuredContent as { sum?: number } | undefined)?.sum !== 5)
          throw new Error(`add answered ${JSON.stringify(result)}`);
        calls++;
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return { calls, cpuUs: used.user + used.system };
}

try {
  await run(2000);
  const { calls, cpuUs } = await run(DURATION_MS);
  console.log(
    `sandbox pool, ${CALLERS} callers × ${DURATION_MS / 1000} s: ${Math.round((calls / DURATION_MS) * 1000)} calls/s, ` +
      `${(cpuUs / calls).toFixed(0)} µs CPU/call (all threads); ${os.cpus().length} CPUs, ` +
      `load average ${os.loadavg()[0]?.toFixed(1)}`,
  );
} finally {
  await closeSandboxWorkers();
}
