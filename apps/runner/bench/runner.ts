/**
 * Runner benchmark: authenticated `tools/call` of a QuickJS code tool `add`, 50 connections × 10 s,
 * every response checked, for a 2026-07-28 client and a 2025-era client; the same load against a
 * reference server written the SDK's documented way and against bare Fastify (the ceiling).
 * Standalone: embedded Postgres in a temp dir, the real runner app on a free port, real HTTP; the
 * load generator runs in a child process. `BENCH_DURATION_MS` / `BENCH_CONNECTIONS` override;
 * `BENCH_ONLY=<substring>` measures only the matching targets (profiling); `BENCH_ISOLATION=thread`
 * runs code tools on the event loop instead of worker threads.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, freePort, migrateToLatest, startEmbeddedPostgres } from '@bmm/db';
import { createLogger } from '@bmm/logger';
import type { ServerSpec } from '@bmm/spec';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import Fastify from 'fastify';
import { buildApp } from '../src/app.js';
import { seedServer, startJwks, testKeyring } from '../src/testing/fixtures.js';
import { startReferenceServer } from './lib/reference-server.js';

const DURATION_MS = Math.min(Math.max(Number(process.env.BENCH_DURATION_MS ?? 10_000), 1000), 60_000);
const CONNECTIONS = Math.min(Math.max(Number(process.env.BENCH_CONNECTIONS ?? 50), 1), 200);
const WARMUP_MS = 1500;
const here = path.dirname(fileURLToPath(import.meta.url));

interface Recorded {
  url: string;
  headers: Record<string, string>;
  body: string;
}

interface LoadResult {
  requests: number;
  bad: number;
  firstBad?: string;
  elapsedMs: number;
  p50: number;
  p99: number;
  rps: number;
  cpuUsPerRequest: number;
}

const addSpec: ServerSpec = {
  name: 'Bench',
  slug: 'bench',
  description: 'benchmark server',
  secrets: [],
  tools: [
    {
      name: 'add',
      description: 'Adds two numbers',
      inputSchema: {
        type: 'object',
        properties: { a: { type: 'number' }, b: { type: 'number' } },
        required: ['a', 'b'],
      },
      impl: { kind: 'code', source: 'export default async ({ a, b }) => ({ sum: a + b })' },
    },
  ],
};

/** Connects the SDK client in the given mode and records the exact tools/call request it sends. */
async function record(url: string, token: string, mode: 'auto' | 'legacy'): Promise<Recorded> {
  let captured: Recorded | undefined;
  const recordingFetch: typeof fetch = async (input, init) => {
    const body = typeof init?.body === 'string' ? init.body : '';
    if (body.includes('"tools/call"')) {
      captured = {
        url: String(input),
        headers: Object.fromEntries(new Headers(init?.headers)),
        body,
      };
    }
    return fetch(input, init);
  };
  const client = new Client({ name: 'bench', version: '1.0.0' }, { versionNegotiation: { mode } });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
      fetch: recordingFetch,
    }),
  );
  const result = await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } });
  const version = client.getNegotiatedProtocolVersion();
  await client.close();
  if (JSON.stringify(result.structuredContent) !== '{"sum":5}')
    throw new Error(`unexpected result from ${url}`);
  if (!captured) throw new Error('no tools/call request recorded');
  if ((mode === 'auto') !== (version === '2026-07-28'))
    throw new Error(`negotiated ${version} in ${mode} mode`);
  return captured;
}

function runLoad(target: Recorded, durationMs: number): Promise<Omit<LoadResult, 'rps' | 'cpuUsPerRequest'>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@bmm/source',
        '--import',
        'tsx',
        path.join(here, 'lib', 'load.ts'),
        JSON.stringify({
          ...target,
          expect: '"structuredContent":{"sum":5}',
          connections: CONNECTIONS,
          durationMs,
        }),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim())) : reject(new Error(`load exited ${code}`)),
    );
  });
}

const ONLY = process.env.BENCH_ONLY;
const ISOLATION = process.env.BENCH_ISOLATION === 'thread' ? 'thread' : 'worker';

async function measure(name: string, target: Recorded): Promise<LoadResult> {
  if (ONLY && !name.includes(ONLY))
    return { requests: 0, bad: 0, elapsedMs: 1, p50: 0, p99: 0, rps: 1, cpuUsPerRequest: 0 };
  await runLoad(target, WARMUP_MS);
  const cpu = process.cpuUsage();
  const r = await runLoad(target, DURATION_MS);
  const used = process.cpuUsage(cpu);
  const result = {
    ...r,
    rps: (r.requests / r.elapsedMs) * 1000,
    cpuUsPerRequest: (used.user + used.system) / Math.max(1, r.requests),
  };
  console.log(
    `${name.padEnd(34)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${result.p50.toFixed(2).padStart(6)} ms  ` +
      `p99 ${result.p99.toFixed(2).padStart(6)} ms  ${result.cpuUsPerRequest.toFixed(0).padStart(5)} µs CPU/req  ` +
      `${result.requests} checked, ${result.bad} bad${result.firstBad ? ` (first: ${result.firstBad})` : ''}`,
  );
  if (result.bad > 0) process.exitCode = 1;
  return result;
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'bmm-bench-runner-'));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port: await freePort() });
const db = createDb(pg.url, { max: 10 });
const closers: Array<() => Promise<unknown>> = [];
try {
  await migrateToLatest(db);
  const jwks = await startJwks('http://127.0.0.1:1/oauth');
  closers.push(() => jwks.close());
  const keyring = testKeyring();
  await seedServer(db, keyring, addSpec, { plan: 'self_hosted' });

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
      toolIsolation: ISOLATION,
    },
  });
  await runner.listen({ port, host: '127.0.0.1' });
  closers.push(() => runner.close());

  const reference = await startReferenceServer({
    issuer: jwks.issuer,
    jwksUrl: jwks.jwksUrl,
    audience: (p) => `http://127.0.0.1:${p}/mcp`,
  });
  closers.push(() => new Promise((r) => reference.server.close(r)));

  const bare = Fastify();
  bare.post('/mcp', async (request) => {
    const body = request.body as { id?: unknown };
    return {
      jsonrpc: '2.0',
      id: body.id ?? null,
      result: {
        content: [{ type: 'text', text: '{"sum":5}' }],
        structuredContent: { sum: 5 },
        isError: false,
      },
    };
  });
  await bare.listen({ port: 0, host: '127.0.0.1' });
  closers.push(() => bare.close());
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/mcp`;

  const runnerToken = await jwks.sign({ aud: `${runnerUrl}/bench/mcp` });
  const referenceToken = await jwks.sign({ aud: reference.url });

  console.log(
    `${CONNECTIONS} connections × ${DURATION_MS / 1000} s per target, ${os.cpus().length} CPUs, Node ${process.version}, ` +
      `code tools on ${ISOLATION === 'worker' ? 'worker threads' : 'the event loop'} (BENCH_ISOLATION)`,
  );
  const results: Record<string, LoadResult> = {};
  for (const mode of ['auto', 'legacy'] as const) {
    const era = mode === 'auto' ? '2026-07-28' : '2025-11-25';
    results[`runner ${era}`] = await measure(
      `runner, ${era} client`,
      await record(`${runnerUrl}/bench/mcp`, runnerToken, mode),
    );
    results[`reference ${era}`] = await measure(
      `SDK reference, ${era} client`,
      await record(reference.url, referenceToken, mode),
    );
  }
  const modern = await record(`${runnerUrl}/bench/mcp`, runnerToken, 'auto');
  results.bare = await measure('bare Fastify (ceiling)', { ...modern, url: bareUrl });

  const ratio = (a: string, b: string) => results[a]!.rps / results[b]!.rps;
  console.log('');
  console.log(
    `2026-07-28: runner/reference ${ratio('runner 2026-07-28', 'reference 2026-07-28').toFixed(1)}× (target ≥ 20×), ` +
      `runner/bare ${(ratio('runner 2026-07-28', 'bare') * 100).toFixed(0)} % (target ≥ 50 %), ` +
      `p99 ${results['runner 2026-07-28']!.p99.toFixed(2)} ms (target < 10 ms)`,
  );
  console.log(
    `2025-11-25: runner/reference ${ratio('runner 2025-11-25', 'reference 2025-11-25').toFixed(1)}× (target ≥ 5×), ` +
      `runner/bare ${(ratio('runner 2025-11-25', 'bare') * 100).toFixed(0)} %`,
  );
} finally {
  for (const close of closers.reverse()) await close().catch(() => {});
  await db.destroy();
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
}
