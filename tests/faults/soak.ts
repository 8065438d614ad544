/**
 * `pnpm soak`: the runner under a bounded load for a long time, on loopback only. Starts the
 * platform the way `pnpm start` does (its own data directory and free ports), deploys a server with
 * one code tool, gets a token through the real OAuth flow, then calls the tool at a fixed rate
 * (`SOAK_RPS`, default 100/s, at most `SOAK_CONCURRENCY` in flight, default 8) for `SOAK_MINUTES`
 * (default 10), checking every answer and sampling the runner's RSS every 10 s. Prints the
 * numbers; exits 1 on any error or when memory keeps growing (last minute > 1.25 × second minute).
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { addSpec, buildTicket, callAdd, createServer, obtainTokens, signUp } from '../support/flows.ts';
import { followBuild } from '../support/http.ts';
import { launchPlatform } from '../support/launched.ts';

const minutes = Math.min(Math.max(Number(process.env.SOAK_MINUTES ?? 10), 0.1), 120);
const rps = Math.min(Math.max(Number(process.env.SOAK_RPS ?? 100), 1), 2000);
const concurrency = Math.min(Math.max(Number(process.env.SOAK_CONCURRENCY ?? 8), 1), 64);
const SAMPLE_MS = 10_000;

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(status.match(/^VmRSS:\s+(\d+)/m)?.[1] ?? 0);
  return kb / 1024;
}

const platform = await launchPlatform();
let exitCode = 1;
try {
  const { urls } = platform;
  const user = await signUp(urls, 'soak@example.com');
  // The platform harness starts orgs on the free plan (10,000 calls a month); the soak makes more than
  // that, so it moves them to self_hosted (an operator would use the Admin page or BMM_DEFAULT_PLAN).
  const admin = new pg.Client({ connectionString: platform.databaseUrl });
  await admin.connect();
  await admin.query(`update orgs set plan = 'self_hosted'`);
  await admin.end();
  const server = await createServer(user, addSpec('soak'));
  const ticket = await buildTicket(user, server.buildId);
  const build = await followBuild(ticket.url, ticket.ticket, 0, 120_000);
  if (build.done.status !== 'succeeded') throw new Error(`build ${build.done.status}: ${build.done.error}`);
  const { access_token: token } = await obtainTokens(urls, user, server.mcpUrl);
  const runnerPid = platform.pid('runner');
  console.log(
    `soak: ${minutes} min at ${rps} req/s (≤ ${concurrency} in flight) against ${server.mcpUrl}, runner pid ${runnerPid}`,
  );

  const samples: { atS: number; rssMiB: number }[] = [];
  const latencies: number[] = [];
  let sent = 0;
  let ok = 0;
  let errors = 0;
  let skipped = 0;
  let inFlight = 0;
  const errorKinds = new Map<string, number>();
  const started = Date.now();
  const endAt = started + minutes * 60_000;
  samples.push({ atS: 0, rssMiB: rssMiB(runnerPid) });
  const sampler = setInterval(() => {
    samples.push({ atS: Math.round((Date.now() - started) / 1000), rssMiB: rssMiB(runnerPid) });
    const last = samples.at(-1)!;
    console.log(
      `soak: ${last.atS} s  sent ${sent}  ok ${ok}  errors ${errors}  runner RSS ${last.rssMiB.toFixed(1)} MiB`,
    );
  }, SAMPLE_MS);

  const one = async (i: number) => {
    inFlight++;
    const t0 = performance.now();
    try {
      const r = await callAdd(server.mcpUrl, token, i, 1);
      latencies.push(performance.now() - t0);
      if (r.ok) ok++;
      else {
        errors++;
        const kind = `HTTP ${r.status}`;
        errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
      }
    } catch (err) {
      errors++;
      const kind = (err as Error).name;
      errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
    } finally {
      inFlight--;
    }
  };
  // Open loop at a fixed rate: each tick sends what is due, never more than `concurrency` at once.
  const pending = new Set<Promise<void>>();
  while (Date.now() < endAt) {
    const due = Math.floor(((Date.now() - started) / 1000) * rps) - sent - skipped;
    for (let k = 0; k < due; k++) {
      if (inFlight >= concurrency) {
        skipped++;
        continue;
      }
      const p = one(sent++);
      pending.add(p);
      void p.finally(() => pending.delete(p));
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await Promise.all(pending);
  clearInterval(sampler);
  samples.push({ atS: Math.round((Date.now() - started) / 1000), rssMiB: rssMiB(runnerPid) });

  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  const window = (fromS: number, toS: number) =>
    avg(samples.filter((s) => s.atS >= fromS && s.atS < toS).map((s) => s.rssMiB));
  const totalS = (Date.now() - started) / 1000;
  const secondMinute = window(60, 120) || window(0, totalS);
  const lastMinute = window(totalS - 60, totalS + 1);
  const result = {
    minutes,
    targetRps: rps,
    achievedRps: Number((sent / totalS).toFixed(1)),
    sent,
    ok,
    errors,
    errorKinds: Object.fromEntries(errorKinds),
    skippedForConcurrency: skipped,
    latencyMs: {
      p50: Number(pct(50).toFixed(1)),
      p99: Number(pct(99).toFixed(1)),
      max: Number((latencies.at(-1) ?? 0).toFixed(1)),
    },
    runnerRssMiB: {
      start: Number(samples[0]!.rssMiB.toFixed(1)),
      end: Number(samples.at(-1)!.rssMiB.toFixed(1)),
      max: Number(Math.max(...samples.map((s) => s.rssMiB)).toFixed(1)),
      secondMinuteAvg: Number(secondMinute.toFixed(1)),
      lastMinuteAvg: Number(lastMinute.toFixed(1)),
    },
    runnerRestarts: (platform.output().match(/restarted runner/g) ?? []).length,
  };
  console.log(`soak result: ${JSON.stringify(result)}`);
  const flat = lastMinute <= secondMinute * 1.25;
  exitCode = errors === 0 && flat && result.runnerRestarts === 0 ? 0 : 1;
  console.log(exitCode === 0 ? 'soak: PASS (zero errors, flat memory)' : 'soak: FAIL');
} catch (err) {
  console.error(`soak: ${(err as Error).stack ?? err}`);
  console.error(platform.output().slice(-3000));
} finally {
  await platform.dispose();
}
process.exit(exitCode);
