/**
 * Runner benchmark: authenticated `tools/call` of a QuickJS code tool `add` and `tools/list`,
 * 50 connections × 10 s, every response checked, for a 2026-07-28 client and a 2025-era client; the
 * same load against the runner without its fast path, a reference server written the SDK's
 * documented way, and bare Fastify with and without a JWT check per request (the ceilings).
 * Standalone: embedded Postgres in a temp dir, the real runner app on a free port, real HTTP; the
 * load generator runs in a child process. `BENCH_DURATION_MS` / `BENCH_CONNECTIONS` override;
 * `BENCH_ONLY=<substring>[|<substring>…]` measures only the matching targets; `BENCH_ROUNDS=n`
 * repeats the per-era targets n times, alternating eras (noise on a shared machine);
 * `BENCH_LEGACY_FIRST=1` measures the 2025 era first (later targets pay more GC);
 * `BENCH_SHOW_REQUESTS=1` prints the exact requests each client sends; `BENCH_CPU_PROFILE=<dir>`
 * writes a CPU profile of the main thread per measured target (summarize with
 * bench/lib/profile-summary.ts, compare two with bench/lib/profile-diff.ts);
 * `BENCH_HEAP_PROFILE=<dir>` writes a sampling heap profile per target instead;
 * `BENCH_ISOLATION=thread` runs code tools on the event loop instead of worker threads.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createDb, freePort, migrateToLatest, startEmbeddedPostgres } from '@bmm/db';
import { createLogger } from '@bmm/logger';
import { closeSandboxWorkers } from '@bmm/sandbox';
import type { ServerSpec } from '@bmm/spec';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import Fastify from 'fastify';
import { createRemoteJWKSet, jwtVerify } from 'jose';
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

type Method = 'tools/call' | 'tools/list';
const METHODS: Method[] = ['tools/call', 'tools/list'];
/** A substring every good answer contains. */
const EXPECT: Record<Method, string> = {
  'tools/call': '"structuredContent":{"sum":5}',
  'tools/list': '"name":"add"',
};

/** Connects the SDK client in the given mode and records the exact tools/list and tools/call requests it sends. */
async function record(
  url: string,
  token: string,
  mode: 'auto' | 'legacy',
): Promise<Record<Method, Recorded>> {
  const captured: Partial<Record<Method, Recorded>> = {};
  const recordingFetch: typeof fetch = async (input, init) => {
    const body = typeof init?.body === 'string' ? init.body : '';
    for (const method of METHODS) {
      if (body.includes(`"${method}"`)) {
        captured[method] = {
          url: String(input),
          headers: Object.fromEntries(new Headers(init?.headers)),
          body,
        };
      }
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
  const { tools } = await client.listTools();
  const result = await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } });
  const version = client.getNegotiatedProtocolVersion();
  await client.close();
  if (JSON.stringify(result.structuredContent) !== '{"sum":5}' || tools[0]?.name !== 'add')
    throw new Error(`unexpected result from ${url}`);
  if (!captured['tools/call'] || !captured['tools/list']) throw new Error('requests not recorded');
  if ((mode === 'auto') !== (version === '2026-07-28'))
    throw new Error(`negotiated ${version} in ${mode} mode`);
  return captured as Record<Method, Recorded>;
}

function runLoad(
  target: Recorded,
  expect: string,
  durationMs: number,
): Promise<Omit<LoadResult, 'rps' | 'cpuUsPerRequest'>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@bmm/source',
        '--import',
        'tsx',
        path.join(here, 'lib', 'load.ts'),
        JSON.stringify({ ...target, expect, connections: CONNECTIONS, durationMs }),
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

/** `BENCH_ONLY=a|b`: targets whose name contains any of the `|`-separated substrings. */
const ONLY = process.env.BENCH_ONLY?.split('|').filter(Boolean);
/** `BENCH_ROUNDS=n`: measure both eras' runner and reference targets n times, alternating eras. */
const ROUNDS = Math.min(Math.max(Number(process.env.BENCH_ROUNDS ?? 1), 1), 10);
/** `BENCH_LEGACY_FIRST=1`: measure the 2025-11-25 era before 2026-07-28 (order effects). */
const FIRST_ERA_OFFSET = process.env.BENCH_LEGACY_FIRST === '1' ? 1 : 0;
/** `BENCH_SHOW_REQUESTS=1`: print the recorded requests (token redacted) each client sends. */
const SHOW_REQUESTS = process.env.BENCH_SHOW_REQUESTS === '1';
const ISOLATION = process.env.BENCH_ISOLATION === 'thread' ? 'thread' : 'worker';
const SKIPPED: LoadResult = { requests: 0, bad: 0, elapsedMs: 1, p50: 0, p99: 0, rps: 0, cpuUsPerRequest: 0 };

const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;

/**
 * A full collection before each measured target: GC pauses cost more as the heap grows between
 * mark-compacts, so without it a target paid for the garbage its predecessors left (the target
 * measured second looked ~10–40 µs per request dearer).
 */
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
/** With BENCH_HEAP_PROFILE=<dir>: a sampling heap profile (objects still live at the end) per target. */
const HEAP_PROFILE_DIR = process.env.BENCH_HEAP_PROFILE;

/** With BENCH_CPU_PROFILE=<dir>: a CPU profile of this process's main thread while one target is measured. */
async function profiled<T>(name: string, run: () => Promise<T>): Promise<T> {
  if (HEAP_PROFILE_DIR) return heapProfiled(name, HEAP_PROFILE_DIR, run);
  if (!PROFILE_DIR) return run();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    await mkdir(PROFILE_DIR, { recursive: true });
    const file = path.join(PROFILE_DIR, `${name.replace(/[^a-z0-9-]+/gi, '_')}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    console.log(`  CPU profile: ${file} (summary: node --import tsx bench/lib/profile-summary.ts ${file})`);
    session.disconnect();
  }
}

/** A sampling heap profile of what the target left live (the young generation's survivors and older). */
async function heapProfiled<T>(name: string, dir: string, run: () => Promise<T>): Promise<T> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', { samplingInterval: 4096 });
  try {
    return await run();
  } finally {
    const { profile } = await session.post('HeapProfiler.stopSampling');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${name.replace(/[^a-z0-9-]+/gi, '_')}.heapprofile`);
    await writeFile(file, JSON.stringify(profile));
    console.log(`  heap profile: ${file}`);
    session.disconnect();
  }
}

async function measure(name: string, target: Recorded, expect: string): Promise<LoadResult> {
  if (ONLY?.length && !ONLY.some((part) => name.includes(part))) return SKIPPED;
  await runLoad(target, expect, WARMUP_MS);
  collectGarbage();
  // CPU is measured inside the profiled span: stopping the profiler and writing the profile cost
  // seconds of CPU that are not the target's.
  // Main-thread GC pauses during the run (the serving process's event loop; sandbox workers' own
  // heaps are not observed here): how much of the CPU per request is collecting garbage.
  const gc = { count: 0, ms: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++;
      gc.ms += entry.duration;
    }
  });
  const { r, used } = await profiled(name, async () => {
    observer.observe({ entryTypes: ['gc'] });
    const cpu = process.cpuUsage();
    const r = await runLoad(target, expect, DURATION_MS);
    const used = process.cpuUsage(cpu);
    observer.disconnect();
    return { r, used };
  });
  const result = {
    ...r,
    rps: (r.requests / r.elapsedMs) * 1000,
    cpuUsPerRequest: (used.user + used.system) / Math.max(1, r.requests),
  };
  const perRequest = Math.max(1, r.requests);
  console.log(
    `${name.padEnd(44)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${result.p50.toFixed(2).padStart(6)} ms  ` +
      `p99 ${result.p99.toFixed(2).padStart(6)} ms  ${result.cpuUsPerRequest.toFixed(0).padStart(5)} µs CPU/req  ` +
      `(GC ${((gc.ms * 1000) / perRequest).toFixed(1)} µs/req, ${((gc.count * 1000) / perRequest).toFixed(1)} pauses/1k, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB)  ` +
      `${result.requests} checked, ${result.bad} bad${result.firstBad ? ` (first: ${result.firstBad})` : ''}`,
  );
  if (result.bad > 0) process.exitCode = 1;
  return result;
}

/** The ceiling: Fastify answering a fixed JSON-RPC result, optionally verifying the JWT on every request. */
async function startBare(
  verify?: (token: string) => Promise<unknown>,
): Promise<{ url: string; close(): Promise<void> }> {
  const bare = Fastify();
  const results: Record<string, unknown> = {
    'tools/call': {
      content: [{ type: 'text', text: '{"sum":5}' }],
      structuredContent: { sum: 5 },
      isError: false,
    },
    'tools/list': {
      tools: [{ name: 'add', description: 'Adds two numbers', inputSchema: addSpec.tools[0]!.inputSchema }],
    },
  };
  bare.post('/mcp', async (request, reply) => {
    if (verify) {
      const auth = request.headers.authorization ?? '';
      try {
        await verify(auth.slice(7));
      } catch {
        return reply.code(401).send({ error: 'invalid_token' });
      }
    }
    const body = request.body as { id?: unknown; method?: string };
    return { jsonrpc: '2.0', id: body.id ?? null, result: results[body.method ?? ''] ?? {} };
  });
  await bare.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/mcp`,
    close: () => bare.close(),
  };
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

  const logger = createLogger({ name: 'bench', level: 'warn' });
  async function startRunner(fastPath: boolean): Promise<string> {
    const port = await freePort();
    const runnerUrl = `http://127.0.0.1:${port}`;
    const runner = await buildApp({
      db,
      logger,
      keyring,
      config: {
        runnerUrl,
        issuer: jwks.issuer,
        jwksUrl: jwks.jwksUrl,
        hostAliases: [],
        allowPrivateNetwork: false,
        toolIsolation: ISOLATION,
        fastPath,
      },
    });
    await runner.listen({ port, host: '127.0.0.1' });
    closers.push(() => runner.close());
    return runnerUrl;
  }
  const runnerUrl = await startRunner(true);
  const sdkRunnerUrl = await startRunner(false);

  const reference = await startReferenceServer({
    issuer: jwks.issuer,
    jwksUrl: jwks.jwksUrl,
    audience: (p) => `http://127.0.0.1:${p}/mcp`,
  });
  closers.push(() => new Promise((r) => reference.server.close(r)));

  const bare = await startBare();
  closers.push(() => bare.close());
  const remoteJwks = createRemoteJWKSet(new URL(jwks.jwksUrl));
  let bareJwtAudience = '';
  const bareJwt = await startBare((token) =>
    jwtVerify(token, remoteJwks, { issuer: jwks.issuer, audience: bareJwtAudience, algorithms: ['RS256'] }),
  );
  bareJwtAudience = bareJwt.url;
  closers.push(() => bareJwt.close());

  const runnerToken = await jwks.sign({ aud: `${runnerUrl}/bench/mcp` });
  const sdkRunnerToken = await jwks.sign({ aud: `${sdkRunnerUrl}/bench/mcp` });
  const referenceToken = await jwks.sign({ aud: reference.url });
  const bareToken = await jwks.sign({ aud: bareJwt.url });

  console.log(
    `${CONNECTIONS} connections × ${DURATION_MS / 1000} s per target, ${os.cpus().length} CPUs, Node ${process.version}, ` +
      `code tools on ${ISOLATION === 'worker' ? 'worker threads' : 'the event loop'} (BENCH_ISOLATION), ` +
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
  const results: Record<string, LoadResult> = {};
  const key = (target: string, era: string, method: Method) => `${target} ${era} ${method}`;
  for (let round = 0; round < ROUNDS * 2; round++) {
    const mode = (round + FIRST_ERA_OFFSET) % 2 === 0 ? 'auto' : 'legacy';
    const era = mode === 'auto' ? '2026-07-28' : '2025-11-25';
    const runner = await record(`${runnerUrl}/bench/mcp`, runnerToken, mode);
    if (SHOW_REQUESTS && round < 2) {
      for (const method of METHODS) {
        const { headers, body } = runner[method];
        const shown = { ...headers, authorization: 'Bearer <redacted>' };
        console.log(`${era} ${method} request (${Buffer.byteLength(body)} bytes body):`);
        console.log(`  headers ${JSON.stringify(shown)}\n  body    ${body}`);
      }
    }
    const sdkRunner = await record(`${sdkRunnerUrl}/bench/mcp`, sdkRunnerToken, mode);
    const ref = await record(reference.url, referenceToken, mode);
    for (const method of METHODS) {
      const expect = EXPECT[method];
      results[key('runner', era, method)] = await measure(`runner, ${era} ${method}`, runner[method], expect);
      if (method === 'tools/call')
        results[key('sdk-runner', era, method)] = await measure(
          `runner (RUNNER_FAST_PATH=false), ${era} ${method}`,
          sdkRunner[method],
          expect,
        );
      results[key('reference', era, method)] = await measure(
        `SDK reference, ${era} ${method}`,
        ref[method],
        expect,
      );
    }
  }
  const modern = await record(`${runnerUrl}/bench/mcp`, runnerToken, 'auto');
  for (const method of METHODS) {
    const target = { ...modern[method], url: bare.url };
    results[key('bare', '', method)] = await measure(
      `bare Fastify, no auth, ${method}`,
      target,
      EXPECT[method],
    );
    results[key('bare-jwt', '', method)] = await measure(
      `bare Fastify, JWT verified per request, ${method}`,
      { ...target, url: bareJwt.url, headers: { ...target.headers, authorization: `Bearer ${bareToken}` } },
      EXPECT[method],
    );
  }

  console.log('');
  console.log(
    'targets (issue 15): runner ≥ 10× SDK reference, ≥ 40 % of bare Fastify without auth, p99 < 10 ms',
  );
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
  for (const era of ['2026-07-28', '2025-11-25']) {
    for (const method of METHODS) {
      const runner = results[key('runner', era, method)]!;
      const ref = results[key('reference', era, method)]!;
      const bareResult = results[key('bare', '', method)]!;
      if (!runner.requests) continue;
      const vsRef = ref.rps ? runner.rps / ref.rps : Number.NaN;
      const vsBare = bareResult.rps ? runner.rps / bareResult.rps : Number.NaN;
      console.log(
        `${era} ${method.padEnd(10)}: runner/reference ${vsRef.toFixed(1)}× (${mark(vsRef >= 10)}), ` +
          `runner/bare ${(vsBare * 100).toFixed(0)} % (${mark(vsBare >= 0.4)}), ` +
          `p99 ${runner.p99.toFixed(2)} ms (${mark(runner.p99 < 10)})`,
      );
    }
  }
} finally {
  for (const close of closers.reverse()) await close().catch(() => {});
  await closeSandboxWorkers();
  await db.destroy();
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
}
