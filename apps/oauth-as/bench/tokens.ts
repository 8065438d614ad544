/**
 * Token endpoint throughput on real Postgres: code exchanges and refresh rotations, mixed (each client
 * alternates: exchange a code, refresh the token it got, exchange the next code, …), with 8 and 32
 * clients in parallel (each its own registered client and grant). Target (issue 15): ≥ 1,000 grants/s,
 * p99 < 50 ms, no lost rotation (checked in the database afterwards).
 * Standalone: embedded Postgres in a temp dir, the real app on a free port, real HTTP; the clients run
 * in a child process. The machine is shared, so besides wall-clock rates it reports the CPU each grant
 * costs the AS process and Postgres (all its processes), and the rate two idle cores would give.
 * `BENCH_N` (default 2000) grants per run, `BENCH_CLIENTS` (default "8,32") parallel clients per run,
 * `BENCH_POOL` (default 10, as DATABASE_POOL_SIZE) the AS's database connections;
 * `BENCH_PROFILE=1` profiles the AS process during the timed phase and prints where its CPU goes.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { createDb, type Db, freePort, migrateToLatest, startEmbeddedPostgres } from '@bmm/db';
import { sql } from 'kysely';
import { type SeededServer, type SeededUser, seedServer, seedUser, startAs } from '../src/testing/harness.js';

const N = Math.min(Math.max(Number(process.env.BENCH_N ?? 2000), 20), 20_000);
const CLIENTS = (process.env.BENCH_CLIENTS ?? '8,32')
  .split(',')
  .map((c) => Math.min(Math.max(Number(c), 1), 64));
const TARGET_PER_SEC = 1000;
const TARGET_P99_MS = 50;
const REDIRECT = 'http://127.0.0.1:40999/cb';

interface ClientPlan {
  clientId: string;
  codes: { code: string; verifier: string }[];
}

interface LoadResult {
  wallMs: number;
  latencies: { code: number[]; refresh: number[] };
  refreshes: number;
  errors: string[];
  /** CPU the load process itself used (its HTTP clients share the machine with the AS and Postgres). */
  cpuMs: number;
}

/** The clients: each alternates exchange and refresh of its own chain until its codes run out. */
const LOAD = `
process.once('message', ({ issuer, redirect, plans }) => run(issuer, redirect, plans));
async function run(issuer, redirect, plans) {
// node:http with keep-alive, not fetch: undici cost the load process more CPU per grant than the AS
// itself, and on two shared cores that capped the rate the bench could show.
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: plans.length });
const url = new URL(issuer + '/token');
function post(form) {
  return new Promise((resolve, reject) => {
    const payload = new URLSearchParams(form).toString();
    const req = http.request(url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(payload) },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(Buffer.concat(chunks).toString()) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}
async function grant(body) {
  const t0 = performance.now();
  const { status, json } = await post(body);
  if (status !== 200) throw new Error(body.grant_type + ' answered ' + status + ': ' + json.error_description);
  return { ms: performance.now() - t0, json };
}
  const latencies = { code: [], refresh: [] };
  const errors = [];
  const cpu0 = process.cpuUsage();
  let refreshes = 0;
  const started = performance.now();
  await Promise.all(plans.map(async (plan) => {
    for (const { code, verifier } of plan.codes) {
      try {
        const a = await grant({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirect, client_id: plan.clientId });
        latencies.code.push(a.ms);
        const b = await grant({ grant_type: 'refresh_token', refresh_token: a.json.refresh_token, client_id: plan.clientId });
        latencies.refresh.push(b.ms);
        refreshes++;
      } catch (err) { errors.push(String(err.message ?? err)); }
    }
  }));
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.send({ wallMs: performance.now() - started, latencies, refreshes, errors, cpuMs }, () => process.exit(0));
}
`;

function runClients(issuer: string, plans: ClientPlan[]): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', LOAD], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m) => resolve(m as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`the load process exited with ${code}`)));
    child.send({ issuer, redirect: REDIRECT, plans });
  });
}

async function registerClient(issuer: string): Promise<string> {
  const res = await fetch(`${issuer}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'none',
    }),
  });
  return ((await res.json()) as { client_id: string }).client_id;
}

/** authorize → consent (approved once per client, then automatic) → code; not timed. */
async function mintCode(issuer: string, clientId: string, user: SeededUser, server: SeededServer) {
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL(`${issuer}/authorize`);
  url.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    resource: server.resource,
    state: 's',
  }).toString();
  const consent = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location') as string);
  const id = consent.searchParams.get('interaction');
  const view = (await (
    await fetch(`${issuer}/interaction/${id}`, { headers: { cookie: user.cookie } })
  ).json()) as Record<string, string>;
  let redirectTo = view.redirect_to;
  if (!redirectTo) {
    const approved = await fetch(`${issuer}/interaction/${id}/approve`, {
      method: 'POST',
      headers: { cookie: user.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ csrf_token: view.csrf_token }),
    });
    redirectTo = ((await approved.json()) as { redirect_to: string }).redirect_to;
  }
  return { code: new URL(redirectTo as string).searchParams.get('code') as string, verifier };
}

const TICK_MS = 10; // USER_HZ 100 on Linux

/** CPU time (ms) of Postgres so far: the postmaster, its live backends, and its exited children. */
function postgresCpuMs(dataDir: string): number {
  const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    // After the command: state ppid … utime(12) stime(13) cutime(14) cstime(15), 0-based from state.
    if (pid === postmaster) ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    else if (Number(f[1]) === postmaster) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks * TICK_MS;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Self time by function (and file) of a CPU profile, largest first, as shares of the samples. */
function summarize(profile: { nodes: ProfileNode[]; samples: number[] }, top: number): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, ProfileNode>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
  const self = new Map<string, number>();
  for (const id of profile.samples) {
    let frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    // A native frame says little by itself: name it after its first JavaScript caller.
    let caller = parent.get(id);
    const native = frame.url === '' && !frame.functionName.startsWith('(');
    while (native && caller && caller.callFrame.url === '') caller = parent.get(caller.id);
    if (native && caller)
      frame = {
        ...caller.callFrame,
        functionName: `${frame.functionName} ← ${caller.callFrame.functionName}`,
      };
    const file = frame.url
      .replace(/^.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '')
      .replace(/^file:\/\/.*\/(apps|packages)\//, '$1/');
    const key = `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + 1);
  }
  const total = profile.samples.length;
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, n]) => `${((n / total) * 100).toFixed(1).padStart(5)} %  ${key}`);
}

function asCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function rotatedCount(db: Db): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from oauth_refresh_tokens where rotated_at is not null`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'bmm-bench-oauth-'));
const dataDir = path.join(dir, 'data');
const pg = await startEmbeddedPostgres({ dataDir, port: await freePort() });
// The AS's pool: BENCH_POOL, default 10 like DATABASE_POOL_SIZE (on 2 cores, 10 beat 4 and 20 at 32 clients).
const POOL = Math.min(Math.max(Number(process.env.BENCH_POOL ?? 10), 2), 100);
const db = createDb(pg.url, { max: POOL });
try {
  await migrateToLatest(db);
  const h = await startAs(db);
  const user = await seedUser(db, 'bench@example.com');
  const server = await seedServer(db, user, 'bench');
  console.log(
    `${N} grants per run (half code exchanges, half refreshes), pool ${POOL}, ${os.cpus().length} CPUs, ` +
      `load average ${os.loadavg()[0]?.toFixed(1)}, Node ${process.version}`,
  );
  for (const clients of CLIENTS) {
    const plans: ClientPlan[] = [];
    for (let c = 0; c < clients; c++) plans.push({ clientId: await registerClient(h.issuer), codes: [] });
    for (let i = 0; i < N / 2; i++) {
      const plan = plans[i % clients] as ClientPlan;
      plan.codes.push(await mintCode(h.issuer, plan.clientId, user, server));
    }
    // Minting is not timed and on a loaded machine can outlast the codes' 60 s: give the unused ones
    // a fresh minute, so the timed phase measures exchanges, not expiries.
    await sql`update oauth_codes set expires_at = now() + interval '1 minute' where used_at is null`.execute(
      db,
    );
    const rotatedBefore = await rotatedCount(db);
    const cpuBefore = { as: asCpuMs(), pg: postgresCpuMs(dataDir) };
    const session = process.env.BENCH_PROFILE ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const r = await runClients(h.issuer, plans);
    const profile = session && (await session.post('Profiler.stop')).profile;
    session?.disconnect();
    const asUs = ((asCpuMs() - cpuBefore.as) * 1000) / N;
    const pgUs = ((postgresCpuMs(dataDir) - cpuBefore.pg) * 1000) / N;
    const lost = r.refreshes - ((await rotatedCount(db)) - rotatedBefore);
    const all = [...r.latencies.code, ...r.latencies.refresh].sort((a, b) => a - b);
    const code = r.latencies.code.sort((a, b) => a - b);
    const refresh = r.latencies.refresh.sort((a, b) => a - b);
    const perSec = (all.length / r.wallMs) * 1000;
    const p99 = percentile(all, 99);
    console.log(
      `${String(clients).padStart(2)} clients: ${perSec.toFixed(0)} grants/s ` +
        `(${(perSec / TARGET_PER_SEC).toFixed(2)}× the ${TARGET_PER_SEC}/s target), ` +
        `p50 ${percentile(all, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (target < ${TARGET_P99_MS}: ` +
        `${p99 < TARGET_P99_MS ? 'met' : 'missed'}); code p99 ${percentile(code, 99).toFixed(1)} ms, ` +
        `refresh p99 ${percentile(refresh, 99).toFixed(1)} ms; lost rotations ${lost}; errors ${r.errors.length}` +
        `${r.errors[0] ? ` (first: ${r.errors[0]})` : ''}; load average ${os.loadavg()[0]?.toFixed(1)}`,
    );
    const idleRate = (2 * 1e6) / (asUs + pgUs);
    const clientUs = (r.cpuMs * 1000) / N;
    console.log(
      `   CPU per grant: AS ${asUs.toFixed(0)} µs + Postgres ${pgUs.toFixed(0)} µs → ~${idleRate.toFixed(0)} grants/s ` +
        `on 2 idle cores (${(idleRate / TARGET_PER_SEC).toFixed(2)}× target); the load clients add ${clientUs.toFixed(0)} µs ` +
        `(→ ~${((2 * 1e6) / (asUs + pgUs + clientUs)).toFixed(0)} grants/s when they share the 2 cores)`,
    );
    if (profile) {
      console.log('   AS self time during the timed phase (top 25):');
      for (const line of summarize(profile as unknown as { nodes: ProfileNode[]; samples: number[] }, 25))
        console.log(`   ${line}`);
    }
    if (lost !== 0 || r.errors.length > 0) process.exitCode = 1;
  }
  await h.close();
} finally {
  await db.destroy();
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
}
