import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  addSpec,
  buildTicket,
  callAdd,
  createServer,
  followBuildAcrossRestarts,
  listTools,
  obtainTokens,
  signUp,
} from '../support/flows.ts';
import { followBuild, type Session } from '../support/http.ts';
import { type LaunchedPlatform, launchPlatform, probe, SERVICES } from '../support/launched.ts';

// Faults under load (issue 12), with real processes started as `pnpm start` does and the embedded
// Postgres: the runner killed under load, Postgres killed under load. (The builder killed
// mid-build is tests/launcher/supervise.test.ts.) Each test prints what it measured.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CLIENTS = 8;

let platform: LaunchedPlatform;
let db: pg.Client;
let user: Session;
let server: Awaited<ReturnType<typeof createServer>>;
let token: string;

beforeAll(async () => {
  platform = await launchPlatform();
  db = new pg.Client({ connectionString: platform.databaseUrl });
  db.on('error', () => {}); // Postgres is killed on purpose below
  await db.connect();
  user = await signUp(platform.urls, 'faults@example.com');
  await db.query(`update orgs set plan = 'self_hosted'`);
  server = await createServer(user, addSpec('faults'));
  const ticket = await buildTicket(user, server.buildId);
  expect((await followBuild(ticket.url, ticket.ticket, 0, 60_000)).done.status).toBe('succeeded');
  token = (await obtainTokens(platform.urls, user, server.mcpUrl)).access_token;
}, 180_000);
afterAll(async () => {
  await db?.end().catch(() => {});
  await platform?.dispose();
});

interface Outcome {
  at: number;
  ok: boolean;
  status: number;
}

/** `CLIENTS` clients calling the tool back to back until `stop()`; every answer is recorded. */
function load(options: { retry: boolean }) {
  const outcomes: Outcome[] = [];
  let succeeded = 0;
  let longestRetryMs = 0;
  let running = true;
  const client = async (c: number) => {
    for (let i = 0; running; i++) {
      const firstTry = Date.now();
      for (;;) {
        const r = await callAdd(server.mcpUrl, token, c, i, 5000).catch(() => ({ ok: false, status: 0 }));
        outcomes.push({ at: Date.now(), ok: r.ok, status: r.status });
        if (r.ok) {
          succeeded++;
          longestRetryMs = Math.max(longestRetryMs, Date.now() - firstTry);
          break;
        }
        if (!options.retry || !running) break;
        await sleep(100); // a client's retry
      }
    }
  };
  const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));
  return {
    outcomes,
    get succeeded() {
      return succeeded;
    },
    stop: async () => {
      running = false;
      await Promise.all(clients);
      return { succeeded, longestRetryMs };
    },
  };
}

async function usageRows(since: Date): Promise<number> {
  const res = await db.query(
    'select count(*)::int as n from usage_events where server_id = $1 and created_at >= $2',
    [server.serverId, since],
  );
  return res.rows[0].n;
}

it('kill -9 of the runner under load: clients retry through it; only the unflushed second of usage is lost', async () => {
  const since = new Date(Date.now() - 1000);
  const traffic = load({ retry: true });
  // Warm (worker threads, caches) and under way before the kill.
  for (const start = Date.now(); traffic.succeeded < 200 && Date.now() - start < 20_000; ) await sleep(100);
  const killedAt = Date.now();
  const mark = platform.output().length;
  process.kill(platform.pid('runner'), 'SIGKILL');
  await platform.waitFor(/runner is back/, { since: mark, timeoutMs: 30_000 });
  const backAt = Date.now();
  await sleep(2000);
  const { succeeded, longestRetryMs } = await traffic.stop();
  await sleep(2500); // two flush intervals
  const rows = await usageRows(since);
  const lost = succeeded - rows;
  const lastSecondBeforeKill = traffic.outcomes.filter(
    (o) => o.ok && o.at > killedAt - 1000 && o.at <= killedAt,
  ).length;
  const failedAttempts = traffic.outcomes.filter((o) => !o.ok).length;
  console.log(
    `runner kill under load: ${succeeded} calls answered, ${failedAttempts} attempts failed and were retried, ` +
      `longest retry ${longestRetryMs} ms, runner back after ${backAt - killedAt} ms; usage rows ${rows}, ` +
      `lost ${lost} (calls answered in the last second before the kill: ${lastSecondBeforeKill})`,
  );
  expect(lastSecondBeforeKill).toBeGreaterThan(0); // the kill did happen under load
  expect(failedAttempts).toBeGreaterThan(0);
  expect(longestRetryMs).toBeLessThan(20_000);
  expect(lost).toBeGreaterThanOrEqual(0);
  // The batch in memory at the kill is at most one flush interval (1 s) of calls, plus the
  // calls of a flush that was in flight.
  expect(lost).toBeLessThanOrEqual(Math.ceil(lastSecondBeforeKill * 1.5) + CLIENTS);
}, 90_000);

it('kill -9 of Postgres under load: one restart, every service reconnects, errors stop within a bounded window, no usage lost', async () => {
  const since = new Date(Date.now() - 1000);
  const traffic = load({ retry: false });
  // The control plane too: a signed-in dashboard listing servers (every request reads Postgres).
  const api: Outcome[] = [];
  let apiRunning = true;
  const dashboard = (async () => {
    while (apiRunning) {
      const r = await user.call('GET', '/v1/servers').catch(() => ({ status: 0 }));
      api.push({ at: Date.now(), ok: r.status === 200, status: r.status });
      await sleep(20);
    }
  })();
  await sleep(2000);
  const killedAt = Date.now();
  const mark = platform.output().length;
  process.kill(platform.pid('postgres'), 'SIGKILL');
  await platform.waitFor(/Postgres is back \(pid \d+\)/, { since: mark, timeoutMs: 30_000 });
  const backAt = Date.now();
  for (const name of SERVICES) {
    for (let i = 0; (await probe(`http://127.0.0.1:${platform.ports[name]}/readyz`)) !== 200; i++) {
      if (i > 100) throw new Error(`${name} not ready after Postgres came back`);
      await sleep(100);
    }
  }
  const allReadyAt = Date.now();
  await sleep(4000);
  const { succeeded } = await traffic.stop();
  apiRunning = false;
  await dashboard;
  const apiFailures = api.filter((o) => !o.ok);
  const api5xxWindow = Math.max(0, ...apiFailures.map((o) => o.at - backAt));
  const failures = traffic.outcomes.filter((o) => !o.ok);
  const serverErrors = failures.filter((o) => o.status >= 500);
  const lastFailureAfterBack = Math.max(0, ...failures.map((o) => o.at - backAt));
  await sleep(2500);
  await db.end().catch(() => {});
  db = new pg.Client({ connectionString: platform.databaseUrl });
  db.on('error', () => {});
  await db.connect();
  const rows = await usageRows(since);
  console.log(
    `Postgres kill under load: back after ${backAt - killedAt} ms, every service ready ${allReadyAt - killedAt} ms after ` +
      `the kill; ${succeeded} calls answered, ${failures.length} failed (${serverErrors.length} with 5xx), ` +
      `the last failure ${lastFailureAfterBack} ms after Postgres was back; usage rows ${rows} for ${succeeded} answered calls; ` +
      `api: ${api.length} requests, ${apiFailures.length} failed (statuses ${[...new Set(apiFailures.map((o) => o.status))].join(',') || 'none'}), ` +
      `the last ${api5xxWindow} ms after Postgres was back`,
  );
  expect(api.filter((o) => o.at > allReadyAt).every((o) => o.ok)).toBe(true);
  expect(api5xxWindow).toBeLessThan(3000);
  expect(platform.output().slice(mark)).not.toMatch(/(api|oauth-as|builder|runner) stopped unexpectedly/);
  // Once Postgres is back, failures end within a bounded window.
  expect(lastFailureAfterBack).toBeLessThan(3000);
  expect(traffic.outcomes.filter((o) => o.at > allReadyAt).every((o) => o.ok)).toBe(true);
  // Calls answered while Postgres was away are written once it is back (none lost).
  expect(rows).toBeGreaterThanOrEqual(succeeded);

  // LISTEN resumed: a deploy after the recovery reaches the runner by NOTIFY.
  const spec = addSpec('faults');
  const v2 = await user.call('PUT', `/v1/servers/${server.serverId}/spec`, {
    spec: { ...spec, tools: [...spec.tools, { ...spec.tools[0]!, name: 'plus' }] },
  });
  expect(v2.status).toBe(201);
  expect((await followBuildAcrossRestarts(user, v2.body.build.id, 60_000)).done.status).toBe('succeeded');
  const rollback = await user.call('POST', `/v1/servers/${server.serverId}/rollback`, { version: 1 });
  expect(rollback.status).toBe(200);
  for (let i = 0; JSON.stringify(await listTools(server.mcpUrl, token)) !== '["add"]'; i++) {
    if (i > 40) throw new Error('the rollback did not reach the runner');
    await sleep(50);
  }
}, 120_000);
