/**
 * Fairness of the sandbox pool (issue 15): while org A keeps 10 runaway code tools in flight (spin,
 * memory bomb, deep recursion, each stopped at its limit), org B's trivial `add` should keep its p99
 * under 2× its idle p99. Measured through the real runner over HTTP (SDK client, 2026-07-28 era), with
 * the default pool and, for comparison, with one worker (the pool's old size on 2 CPUs).
 * Standalone: embedded Postgres in a temp dir, the real runner app on a free port.
 * `BENCH_CALLS` (default 150) of org B's calls per phase.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDb, freePort, migrateToLatest, startEmbeddedPostgres } from '@bmm/db';
import { createLogger } from '@bmm/logger';
import { closeSandboxWorkers, configureSandboxPool } from '@bmm/sandbox';
import type { ServerSpec } from '@bmm/spec';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { buildApp } from '../src/app.js';
import { seedServer, startJwks, testKeyring } from '../src/testing/fixtures.js';

const CALLS = Math.min(Math.max(Number(process.env.BENCH_CALLS ?? 150), 20), 2000);
const RUNAWAYS = 10;
const TARGET_RATIO = 2;

const codeTool = (name: string, source: string): ServerSpec['tools'][number] => ({
  name,
  description: name,
  inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
  impl: { kind: 'code', source },
});
const trivial: ServerSpec = {
  name: 'Trivial',
  slug: 'trivial',
  description: "org B's server",
  secrets: [],
  tools: [codeTool('add', 'export default async ({ a, b }) => ({ sum: a + b })')],
};
const runaway: ServerSpec = {
  name: 'Runaway',
  slug: 'runaway',
  description: "org A's server",
  secrets: [],
  tools: [
    codeTool('spin', 'export default async () => { for (;;) {} }'),
    codeTool(
      'bomb',
      'export default async () => { const a = []; for (;;) a.push([1, 2, 3, 4, 5, 6, 7, 8]); }',
    ),
    codeTool(
      'recurse',
      'function f(n) { return f(n + 1) + 1 } export default async () => { for (;;) try { f(0) } catch {} }',
    ),
  ],
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function connect(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'fairness-bench', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

/** Org B's calls, one after another; latencies sorted. */
async function measureAdd(client: Client, calls = CALLS): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    const result = await client.callTool({ name: 'add', arguments: { a: i, b: 1 } });
    latencies.push(performance.now() - started);
    if ((result.structuredContent as { sum?: number } | undefined)?.sum !== i + 1)
      throw new Error(`add answered ${JSON.stringify(result)}`);
  }
  return latencies.sort((a, b) => a - b);
}

/** Keeps RUNAWAYS runaway calls of org A in flight until `stop` is aborted; counts those stopped at a limit. */
function runRunaways(client: Client, stop: AbortSignal): Promise<number> {
  const tools = ['spin', 'bomb', 'recurse'];
  let stopped = 0;
  return Promise.all(
    Array.from({ length: RUNAWAYS }, async (_, i) => {
      for (let n = 0; !stop.aborted; n++) {
        const result = await client.callTool({ name: tools[(i + n) % 3] as string, arguments: {} });
        if (!result.isError) throw new Error('a runaway tool was not stopped');
        stopped++;
      }
    }),
  ).then(() => stopped);
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'bmm-bench-fairness-'));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port: await freePort() });
const db = createDb(pg.url, { max: 10 });
const closers: Array<() => Promise<unknown>> = [];
try {
  await migrateToLatest(db);
  const jwks = await startJwks('http://127.0.0.1:1/oauth');
  closers.push(() => jwks.close());
  const keyring = testKeyring();
  await seedServer(db, keyring, trivial, { plan: 'self_hosted', visibility: 'public' });
  await seedServer(db, keyring, runaway, { plan: 'self_hosted', visibility: 'public' });
  const port = await freePort();
  const runnerUrl = `http://127.0.0.1:${port}`;
  const runner = await buildApp({
    db,
    logger: createLogger({ name: 'bench', level: 'warn' }),
    keyring,
    config: {
      runnerUrl,
      issuer: jwks.issuer,
      jwksUrl: jwks.jwksUrl,
      hostAliases: [],
      allowPrivateNetwork: false,
      toolIsolation: 'worker',
    },
  });
  await runner.listen({ port, host: '127.0.0.1' });
  closers.push(() => runner.close());
  const orgB = await connect(
    `${runnerUrl}/trivial/mcp`,
    await jwks.sign({ aud: `${runnerUrl}/trivial/mcp` }),
  );
  const orgA = await connect(
    `${runnerUrl}/runaway/mcp`,
    await jwks.sign({ aud: `${runnerUrl}/runaway/mcp` }),
  );
  closers.push(
    () => orgA.close(),
    () => orgB.close(),
  );

  console.log(
    `org B: ${CALLS} sequential add calls per phase; org A: ${RUNAWAYS} runaway calls in flight; ` +
      `${os.cpus().length} CPUs, load average ${os.loadavg()[0]?.toFixed(1)}, Node ${process.version}`,
  );
  for (const pool of [
    { label: 'default pool', workers: undefined },
    { label: 'one worker', workers: 1 },
  ]) {
    await closeSandboxWorkers();
    configureSandboxPool({ workers: pool.workers });
    await measureAdd(orgB); // warm: workers booted, VMs warmed
    const idle = await measureAdd(orgB);
    const stop = new AbortController();
    const runaways = runRunaways(orgA, stop.signal);
    await new Promise((r) => setTimeout(r, 500));
    // With one worker org B waits behind org A's runaways (seconds each): a few calls tell.
    const loaded = await measureAdd(orgB, pool.workers === 1 ? 10 : CALLS);
    stop.abort();
    const stopped = await runaways;
    const ratio = percentile(loaded, 99) / percentile(idle, 99);
    const met = ratio < TARGET_RATIO;
    console.log(
      `${pool.label.padEnd(12)} idle p50 ${percentile(idle, 50).toFixed(1)} ms p99 ${percentile(idle, 99).toFixed(1)} ms | ` +
        `beside ${RUNAWAYS} runaways p50 ${percentile(loaded, 50).toFixed(1)} ms p99 ${percentile(loaded, 99).toFixed(1)} ms | ` +
        `p99 ratio ${ratio.toFixed(2)}× (target < ${TARGET_RATIO}×: ${met ? 'met' : 'missed'}); ` +
        `${stopped} runaway calls stopped at their limits; load average ${os.loadavg()[0]?.toFixed(1)}`,
    );
  }
} finally {
  for (const close of closers.reverse()) await close().catch(() => {});
  await closeSandboxWorkers();
  await db.destroy();
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
}
