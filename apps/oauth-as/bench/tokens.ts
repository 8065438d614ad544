/**
 * Token endpoint throughput on real Postgres: code exchange and refresh rotation.
 * Standalone: embedded Postgres in a temp dir, the real app on a free port, real HTTP.
 * `BENCH_N` (default 300) requests per phase, `BENCH_CONCURRENCY` (default 8) in flight.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDb, freePort, migrateToLatest, startEmbeddedPostgres } from '@bmm/db';
import { seedServer, seedUser, startAs } from '../src/testing/harness.js';

const N = Math.min(Math.max(Number(process.env.BENCH_N ?? 300), 10), 5000);
const CONCURRENCY = Math.min(Math.max(Number(process.env.BENCH_CONCURRENCY ?? 8), 1), 64);
const REDIRECT = 'http://127.0.0.1:40999/cb';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** Runs `task(i)` for i < N with bounded concurrency; returns per-request latencies and wall time. */
async function run(task: (i: number) => Promise<void>): Promise<{ wallMs: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) {
        const i = next++;
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { wallMs: performance.now() - started, latencies: latencies.sort((a, b) => a - b) };
}

function report(name: string, r: { wallMs: number; latencies: number[] }) {
  const perSec = (N / r.wallMs) * 1000;
  console.log(
    `${name.padEnd(14)} ${N} requests, concurrency ${CONCURRENCY}: ${perSec.toFixed(0)} tokens/s, ` +
      `p50 ${percentile(r.latencies, 50).toFixed(1)} ms, p99 ${percentile(r.latencies, 99).toFixed(1)} ms`,
  );
}

async function form(url: string, body: Record<string, string>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  });
  const json = (await res.json()) as Record<string, string>;
  if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}: ${json.error}`);
  return json;
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'bmm-bench-oauth-'));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port: await freePort() });
const db = createDb(pg.url, { max: 20 });
try {
  await migrateToLatest(db);
  const h = await startAs(db);
  const user = await seedUser(db, 'bench@example.com');
  const server = await seedServer(db, user, 'bench');
  const reg = (await (
    await fetch(`${h.issuer}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        redirect_uris: [REDIRECT],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'none',
      }),
    })
  ).json()) as { client_id: string };

  // Codes are minted up front (authorize → consent, auto-approved after the first grant); only /token is timed.
  const codes: { code: string; verifier: string }[] = [];
  for (let i = 0; i < N; i++) {
    const verifier = randomBytes(32).toString('base64url');
    const url = new URL(`${h.issuer}/authorize`);
    url.search = new URLSearchParams({
      client_id: reg.client_id,
      redirect_uri: REDIRECT,
      response_type: 'code',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      resource: server.resource,
      state: String(i),
    }).toString();
    const consent = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location') as string);
    const id = consent.searchParams.get('interaction');
    const view = (await (
      await fetch(`${h.issuer}/interaction/${id}`, { headers: { cookie: user.cookie } })
    ).json()) as Record<string, string>;
    let redirectTo = view.redirect_to;
    if (!redirectTo) {
      const approved = await fetch(`${h.issuer}/interaction/${id}/approve`, {
        method: 'POST',
        headers: { cookie: user.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ csrf_token: view.csrf_token }),
      });
      redirectTo = ((await approved.json()) as { redirect_to: string }).redirect_to;
    }
    codes.push({ code: new URL(redirectTo as string).searchParams.get('code') as string, verifier });
  }

  const refreshTokens: string[] = [];
  report(
    'code exchange',
    await run(async (i) => {
      const { code, verifier } = codes[i] as { code: string; verifier: string };
      const t = await form(`${h.issuer}/token`, {
        grant_type: 'authorization_code',
        code,
        code_verifier: verifier,
        redirect_uri: REDIRECT,
        client_id: reg.client_id,
      });
      refreshTokens[i] = t.refresh_token as string;
    }),
  );
  report(
    'refresh',
    await run(async (i) => {
      await form(`${h.issuer}/token`, {
        grant_type: 'refresh_token',
        refresh_token: refreshTokens[i] as string,
        client_id: reg.client_id,
      });
    }),
  );
  await h.close();
} finally {
  await db.destroy();
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
}
