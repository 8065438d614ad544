/**
 * Scale benchmark (issue 15): one runner process holding `BENCH_SERVERS` (default 1,000) hosted
 * servers warm, and the latency of loading a cold one.
 *
 * Embedded Postgres in a temp dir, seeded with deployed servers built from the planner's templates
 * (QuickJS code tools, HTTP tools, a tool of each server's own; secrets encrypted; 1 in 6 signs in to
 * an upstream and is served by the SDK). The real runner process (`src/server.ts`, configured by its
 * environment like in production) on a free 127.0.0.1 port; a JWKS fixture signs the tokens.
 *
 * Passes over every server, one request at a time: a 2026-07-28 `tools/list` to each cold server
 * (load + first answer), the same to each again (warm), a `tools/call` of each one's code tool (its
 * first QuickJS VM), and that call again. Cold load = cold minus warm latency of the same server (the
 * first verification of its token is in the cold figure), and the runner process's CPU time (all
 * threads, /proc/<pid>/stat) per request of each pass — steadier than latency on a loaded machine.
 * The runner's own `bmm_runner_version_load_seconds` histogram shows the load alone. Then the runner
 * process's RSS (/proc/<pid>/status) and V8 heap (its /metrics), and the second call pass checking
 * every server is still warm. `BENCH_CACHE_SIZE` sets RUNNER_VERSION_CACHE_SIZE (the registry's LRU bound); below
 * BENCH_SERVERS the second pass shows what eviction costs. `BENCH_HEAP_SNAPSHOT=<dir>` writes a heap
 * snapshot of the runner once all servers are warm; `BENCH_CPU_PROFILE=<dir>` a CPU profile of the
 * runner's main thread over the whole run (written when it stops; bench/lib/profile-summary.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Keyring } from '@bmm/crypto';
import { createDb, freePort, migrateToLatest, startEmbeddedPostgres } from '@bmm/db';
import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  PROTOCOL_VERSION_META_KEY,
} from '@modelcontextprotocol/server';
import { Pool } from 'undici';
import { startJwks } from '../src/testing/fixtures.js';
import { type FleetServer, seedFleet } from './lib/scale-fleet.js';

const SERVERS = Math.min(Math.max(Number(process.env.BENCH_SERVERS ?? 1000), 10), 5000);
const CACHE_SIZE = process.env.BENCH_CACHE_SIZE;
const HEAP_SNAPSHOT_DIR = process.env.BENCH_HEAP_SNAPSHOT;
const REQUEST_TIMEOUT_MS = 30_000;
const RSS_TARGET_BYTES = 1024 ** 3;
const COLD_P99_TARGET_MS = 20;
const here = path.dirname(fileURLToPath(import.meta.url));
const MODERN = '2026-07-28';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const f = (v: number) => v.toFixed(2).padStart(7);
  return `p50 ${f(percentile(sorted, 50))} ms  p99 ${f(percentile(sorted, 99))} ms  max ${f(sorted.at(-1) ?? Number.NaN)} ms`;
}

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MiB`;

/** A 2026-07-28 request exactly as the SDK client sends it (per-request envelope, Mcp-* headers). */
function modernRequest(id: number, method: 'tools/list' | 'tools/call', call?: FleetServer['call']) {
  const params: Record<string, unknown> = {
    ...(call && { name: call.tool, arguments: call.args }),
    _meta: {
      [PROTOCOL_VERSION_META_KEY]: MODERN,
      [CLIENT_INFO_META_KEY]: { name: 'scale-bench', version: '1.0.0' },
      [CLIENT_CAPABILITIES_META_KEY]: {},
    },
  };
  return {
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': MODERN,
      'mcp-method': method,
      ...(call && { 'mcp-name': call.tool }),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
  };
}

/** Reads VmRSS / VmHWM of a process (bytes). */
async function processMemory(pid: number): Promise<{ rss: number; hwm: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** CPU time (user + system, every thread) a process has used, ms (clock ticks of 10 ms). */
async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Prometheus text → value of one series (first match of `name` with optional label text). */
function metric(text: string, name: string, labels = ''): number {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}${labels}`) && l[`${name}${labels}`.length] === ' ');
  return line ? Number(line.split(' ').at(-1)) : Number.NaN;
}

/** The upper bound of the histogram bucket holding the p-th percentile. */
function histogramQuantile(text: string, name: string, p: number): string {
  const buckets = text
    .split('\n')
    .filter((l) => l.startsWith(`${name}_bucket{`))
    .map((l) => ({ le: /le="([^"]+)"/.exec(l)?.[1] ?? '', count: Number(l.split(' ').at(-1)) }));
  const total = buckets.at(-1)?.count ?? 0;
  if (!total) return 'n/a';
  const bucket = buckets.find((b) => b.count >= (p / 100) * total);
  return bucket?.le === '+Inf' ? '> largest bucket' : `≤ ${Number(bucket?.le) * 1000} ms`;
}

async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the runner exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the runner did not become healthy within 60 s');
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'bmm-bench-scale-'));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port: await freePort() });
const db = createDb(pg.url, { max: 10 });
const closers: Array<() => Promise<unknown>> = [];
try {
  await migrateToLatest(db);
  const jwks = await startJwks('http://127.0.0.1:1/oauth');
  closers.push(() => jwks.close());
  const masterKey = randomBytes(32);
  const keyring = new Keyring({ version: 1, key: masterKey });
  let started = performance.now();
  const fleet = await seedFleet(db, keyring, SERVERS);
  const tools = fleet.reduce((n, s) => n + s.tools, 0);
  console.log(
    `seeded ${SERVERS} servers (${tools} tools) in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
      `${os.cpus().length} CPUs, Node ${process.version}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );

  const port = await freePort();
  const runnerUrl = `http://127.0.0.1:${port}`;
  const metricsToken = randomBytes(24).toString('hex');
  const child = spawn(
    process.execPath,
    [
      '--conditions=@bmm/source',
      '--import',
      'tsx',
      ...(HEAP_SNAPSHOT_DIR
        ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${HEAP_SNAPSHOT_DIR}`]
        : []),
      ...(process.env.BENCH_CPU_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
        : []),
      path.join(here, '..', 'src', 'server.ts'),
    ],
    {
      cwd: path.join(here, '..'),
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: pg.url,
        BMM_MASTER_KEY: masterKey.toString('base64'),
        RUNNER_URL: runnerUrl,
        OAUTH_ISSUER: jwks.issuer,
        OAUTH_JWKS_URL: jwks.jwksUrl,
        METRICS_TOKEN: metricsToken,
        LOG_LEVEL: 'warn',
        ...(CACHE_SIZE && { RUNNER_VERSION_CACHE_SIZE: CACHE_SIZE }),
      },
    },
  );
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const t0 = performance.now();
        child.once('exit', (code, signal) => {
          if (code !== 0)
            console.log(
              `runner exited with ${code ?? signal} after ${((performance.now() - t0) / 1000).toFixed(1)} s`,
            );
          resolve();
        });
        child.kill('SIGTERM');
        // The runner stops itself within 10 s.
        setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
      }),
  );
  await waitHealthy(runnerUrl, child);
  const pid = child.pid!;
  const pool = new Pool(runnerUrl, { connections: 1, pipelining: 1 });
  closers.push(() => pool.close());
  const readMetrics = async () => {
    const res = await pool.request({
      method: 'GET',
      path: '/metrics',
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    return res.body.text();
  };
  const idle = await processMemory(pid);
  const idleMetrics = await readMetrics();
  console.log(
    `runner pid ${pid} idle: RSS ${mib(idle.rss)}, V8 heap used ${mib(metric(idleMetrics, 'nodejs_heap_size_used_bytes'))}` +
      (CACHE_SIZE ? `, RUNNER_VERSION_CACHE_SIZE=${CACHE_SIZE}` : ''),
  );

  let nextId = 1;
  async function send(
    server: FleetServer,
    token: string,
    method: 'tools/list' | 'tools/call',
  ): Promise<{ ms: number; body: string }> {
    const request = modernRequest(nextId++, method, method === 'tools/call' ? server.call : undefined);
    const t0 = performance.now();
    const res = await pool.request({
      method: 'POST',
      path: `/${server.slug}/mcp`,
      headers: { ...request.headers, authorization: `Bearer ${token}` },
      body: request.body,
      headersTimeout: REQUEST_TIMEOUT_MS,
      bodyTimeout: REQUEST_TIMEOUT_MS,
    });
    const body = await res.body.text();
    const ms = performance.now() - t0;
    const good =
      res.statusCode === 200 &&
      (method === 'tools/list' ? body.includes('"name":"lookup"') : body.includes(server.call.expect));
    if (!good) throw new Error(`${server.slug} ${method}: ${res.statusCode} ${body.slice(0, 300)}`);
    return { ms, body };
  }

  const tokens = await Promise.all(
    fleet.map((s) => jwks.sign({ aud: `${runnerUrl}/${s.slug}/mcp`, scope: 'mcp:tools' })),
  );
  /** One request to every server in turn; latencies, and the runner's CPU time (all threads) per request. */
  async function pass(
    method: 'tools/list' | 'tools/call',
  ): Promise<{ ms: number[]; cpuMs: number; rssAfter: number }> {
    const cpu = await processCpuMs(pid);
    const ms: number[] = [];
    for (const [i, server] of fleet.entries()) ms.push((await send(server, tokens[i]!, method)).ms);
    const cpuMs = ((await processCpuMs(pid)) - cpu) / fleet.length;
    return { ms, cpuMs, rssAfter: (await processMemory(pid)).rss };
  }
  started = performance.now();
  const cold = await pass('tools/list');
  const warm = await pass('tools/list');
  const load = cold.ms.map((ms, i) => ms - warm.ms[i]!);
  const firstCall = await pass('tools/call');
  const warmUpSeconds = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 2000));
  const loaded = await processMemory(pid);
  const loadedMetrics = await readMetrics();
  const heapUsed = metric(loadedMetrics, 'nodejs_heap_size_used_bytes');
  const heapTotal = metric(loadedMetrics, 'nodejs_heap_size_total_bytes');
  const external = metric(loadedMetrics, 'nodejs_external_memory_bytes');
  const versions = metric(loadedMetrics, 'bmm_runner_hosted_versions');
  const evictions = metric(loadedMetrics, 'bmm_runner_version_cache_evictions_total');
  if (HEAP_SNAPSHOT_DIR) {
    process.kill(pid, 'SIGUSR2');
    console.log(`heap snapshot of the runner requested into ${HEAP_SNAPSHOT_DIR} (written in a few seconds)`);
    await new Promise((r) => setTimeout(r, 15_000));
  }

  // Second pass: every server again (a warm tools/call each); evicted ones load again.
  const second = await pass('tools/call');
  const after = await processMemory(pid);
  const afterMetrics = await readMetrics();

  console.log(
    `\n${SERVERS} servers warmed in ${warmUpSeconds.toFixed(1)} s (one request at a time: a cold tools/list to each, ` +
      'a warm tools/list to each, a first tools/call to each); runner CPU per request in brackets',
  );
  const cpu = (p: { cpuMs: number; rssAfter: number }) =>
    `[${p.cpuMs.toFixed(2)} ms CPU; RSS after ${mib(p.rssAfter)}]`;
  console.log(`cold tools/list (load + first answer)  ${summary(cold.ms)}  ${cpu(cold)}`);
  console.log(`warm tools/list                        ${summary(warm.ms)}  ${cpu(warm)}`);
  console.log(
    `cold load (cold − warm, same server)   ${summary(load)}  [${(cold.cpuMs - warm.cpuMs).toFixed(2)} ms CPU]`,
  );
  console.log(
    `runner's version load histogram        p50 ${histogramQuantile(loadedMetrics, 'bmm_runner_version_load_seconds', 50)}, ` +
      `p99 ${histogramQuantile(loadedMetrics, 'bmm_runner_version_load_seconds', 99)} ` +
      `(${metric(loadedMetrics, 'bmm_runner_version_load_seconds_count')} loads)`,
  );
  console.log(`first tools/call (new QuickJS VM)      ${summary(firstCall.ms)}  ${cpu(firstCall)}`);
  console.log(`second tools/call                      ${summary(second.ms)}  ${cpu(second)}`);
  console.log(
    `\nrunner with ${versions} versions loaded: RSS ${mib(loaded.rss)} (peak ${mib(loaded.hwm)}; idle ${mib(idle.rss)}, ` +
      `${((loaded.rss - idle.rss) / 1024 / Math.max(1, versions)).toFixed(0)} KiB per version), ` +
      `V8 heap used ${mib(heapUsed)} of ${mib(heapTotal)}, external ${mib(external)}; ` +
      `evictions ${Number.isNaN(evictions) ? 'n/a' : evictions}`,
  );
  console.log(
    `after the second pass: RSS ${mib(after.rss)} (peak ${mib(after.hwm)}), versions ${metric(afterMetrics, 'bmm_runner_hosted_versions')}, ` +
      `evictions ${metric(afterMetrics, 'bmm_runner_version_cache_evictions_total')}`,
  );
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const loadP99 = percentile(
    [...load].sort((a, b) => a - b),
    99,
  );
  console.log(
    `\ntargets (issue 15): ${SERVERS} warm in < 1 GB RSS: ${mib(loaded.rss)} (${mark(loaded.rss < RSS_TARGET_BYTES)}); ` +
      `cold load p99 < ${COLD_P99_TARGET_MS} ms: ${loadP99.toFixed(2)} ms (${mark(loadP99 < COLD_P99_TARGET_MS)}; ` +
      `${(cold.cpuMs - warm.cpuMs).toFixed(2)} ms of runner CPU per load); ` +
      `load average now ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
} finally {
  for (const close of closers.reverse()) await close().catch(() => {});
  await db.destroy();
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
}
