import { appendFile, stat } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addSpec,
  callAdd,
  createServer,
  followBuildAcrossRestarts,
  listTools,
  obtainTokens,
  signUp,
} from '../support/flows.ts';
import type { Session } from '../support/http.ts';
import {
  type LaunchedPlatform,
  launchPlatform,
  probe,
  SERVICES,
  type ServiceName,
  watchHealth,
} from '../support/launched.ts';

// `pnpm start` as a supervisor (issue 18): real processes, the embedded Postgres, kill -9.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** kill -9 a service; resolves with the ms until its /healthz answers 200 again (a new pid). */
async function killAndTimeRecovery(platform: LaunchedPlatform, name: ServiceName, timeoutMs = 30_000) {
  const pid = platform.pid(name);
  const since = platform.output().length;
  const killedAt = Date.now();
  process.kill(pid, 'SIGKILL');
  const crash = await platform.waitFor(
    new RegExp(`${name} stopped unexpectedly \\(signal SIGKILL\\)[^\\n]*`),
    { since },
  );
  for (;;) {
    if (
      (await probe(`http://127.0.0.1:${platform.ports[name]}/healthz`, 500)) === 200 &&
      platform.pid(name) !== pid
    )
      break;
    if (Date.now() - killedAt > timeoutMs)
      throw new Error(`${name} did not come back:\n${platform.output().slice(-3000)}`);
    await sleep(50);
  }
  return { recoveryMs: Date.now() - killedAt, crashLine: crash[0], since };
}

/** A service's /readyz body (status and the dependencies it reports). */
async function readiness(platform: LaunchedPlatform, name: ServiceName) {
  const res = await fetch(`http://127.0.0.1:${platform.ports[name]}/readyz`, {
    signal: AbortSignal.timeout(5000),
  });
  return {
    status: res.status,
    body: (await res.json()) as { status: string; dependencies: Record<string, string> },
  };
}

describe('a running platform', () => {
  let platform: LaunchedPlatform;
  let db: pg.Client;
  let user: Session;
  let server: Awaited<ReturnType<typeof createServer>>;
  let token: string;
  const recovery: Record<string, number> = {};

  beforeAll(async () => {
    platform = await launchPlatform();
    db = new pg.Client({ connectionString: platform.databaseUrl });
    db.on('error', () => {}); // Postgres is killed on purpose below
    await db.connect();
    user = await signUp(platform.urls, 'supervise@example.com');
  }, 180_000);
  afterAll(async () => {
    console.log(`recovery after kill -9 (ms): ${JSON.stringify(recovery)}`);
    await db?.end();
    expect(await platform?.stop()).toBe(0);
    await platform?.dispose();
  });

  it('restarts the builder killed mid-build; the build is reclaimed and completes; the others never stop answering', async () => {
    server = await createServer(user, addSpec('supervised', 8));
    const status = async () =>
      (await db.query('select status, attempts from builds where id = $1', [server.buildId])).rows[0];
    for (let i = 0; (await status()).status !== 'running'; i++) {
      if (i > 600) throw new Error(`build never started: ${JSON.stringify(await status())}`);
      await sleep(50);
    }
    const follower = followBuildAcrossRestarts(user, server.buildId, 120_000);
    const health = watchHealth(platform, ['api', 'oauth-as', 'runner']);
    const { recoveryMs, crashLine } = await killAndTimeRecovery(platform, 'builder');
    recovery.builder = recoveryMs;
    expect(crashLine).toMatch(/restarting it in 0\.5 s \(crash 1 of 5 allowed within 60\.0 s\)\.$/);
    expect(recoveryMs).toBeLessThan(15_000);

    // A browser following the log reconnects to the new builder and sees the final status.
    const { done, reconnects } = await follower;
    expect(done).toMatchObject({ type: 'done', status: 'succeeded', version: 1 });
    expect(reconnects).toBeGreaterThanOrEqual(1);
    const { failures, polls } = await health.stop();
    expect(failures).toEqual([]);
    expect(polls).toBeGreaterThan(30);
    // Reclaimed by the restarted builder (second claim), deployed exactly once.
    expect(await status()).toMatchObject({ status: 'succeeded', attempts: 2 });
    const versions = await db.query(
      'select v.id, v.published_at, s.current_version_id from server_versions v join servers s on s.id = v.server_id where v.server_id = $1',
      [server.serverId],
    );
    expect(versions.rows).toHaveLength(1);
    expect(versions.rows[0].current_version_id).toBe(versions.rows[0].id);
    expect(versions.rows[0].published_at).not.toBeNull();
    token = (await obtainTokens(platform.urls, user, server.mcpUrl)).access_token;
    expect((await callAdd(server.mcpUrl, token)).ok).toBe(true);
  }, 180_000);

  it('restarts the runner killed under requests; the same token works again; the others never stop answering', async () => {
    const health = watchHealth(platform, ['api', 'oauth-as', 'builder']);
    let stop = false;
    const results: boolean[] = [];
    const traffic = (async () => {
      while (!stop) {
        results.push(
          await callAdd(server.mcpUrl, token, 1, 1, 3000).then(
            (r) => r.ok,
            () => false,
          ),
        );
        await sleep(20);
      }
    })();
    await sleep(500);
    // While the runner is away the builder (whose verify step calls it) reports it, still serving.
    const outage = (async () => {
      await platform.waitFor(/runner stopped unexpectedly/, {
        since: platform.output().length,
        timeoutMs: 10_000,
      });
      return await readiness(platform, 'builder');
    })();
    const { recoveryMs } = await killAndTimeRecovery(platform, 'runner');
    expect(await outage).toEqual({
      status: 200,
      body: expect.objectContaining({ status: 'degraded', dependencies: { runner: 'down' } }),
    });
    expect((await readiness(platform, 'builder')).body).toMatchObject({
      status: 'ready',
      dependencies: { runner: 'up' },
    });
    recovery.runner = recoveryMs;
    expect(recoveryMs).toBeLessThan(15_000);
    // The token issued before the crash still opens the server (JWKS refetched, nothing in memory lost).
    for (let i = 0; !(await callAdd(server.mcpUrl, token)).ok; i++) {
      if (i > 50) throw new Error('the runner does not serve the old token again');
      await sleep(100);
    }
    stop = true;
    await traffic;
    expect(results.filter(Boolean).length).toBeGreaterThan(5);
    expect((await health.stop()).failures).toEqual([]);
  }, 120_000);

  it('restarts the AS; tokens keep working on the runner meanwhile; it issues tokens again', async () => {
    const health = watchHealth(platform, ['api', 'builder', 'runner']);
    const duringOutage: boolean[] = [];
    let stop = false;
    const traffic = (async () => {
      while (!stop) {
        duringOutage.push((await callAdd(server.mcpUrl, token, 2, 2, 3000)).ok);
        await sleep(50);
      }
    })();
    // While the AS is away the runner reports its JWKS down, and keeps serving existing tokens.
    const outage = (async () => {
      await platform.waitFor(/oauth-as stopped unexpectedly/, {
        since: platform.output().length,
        timeoutMs: 10_000,
      });
      return await readiness(platform, 'runner');
    })();
    const { recoveryMs } = await killAndTimeRecovery(platform, 'oauth-as');
    recovery['oauth-as'] = recoveryMs;
    expect(await outage).toEqual({
      status: 200,
      body: expect.objectContaining({ status: 'degraded', dependencies: { 'oauth-as': 'down' } }),
    });
    expect((await readiness(platform, 'runner')).body).toMatchObject({
      status: 'ready',
      dependencies: { 'oauth-as': 'up' },
    });
    stop = true;
    await traffic;
    expect(recoveryMs).toBeLessThan(15_000);
    expect(duringOutage.length).toBeGreaterThan(3);
    expect(duringOutage.every(Boolean)).toBe(true);
    expect((await health.stop()).failures).toEqual([]);
    const again = await obtainTokens(platform.urls, user, server.mcpUrl);
    expect((await callAdd(server.mcpUrl, again.access_token)).ok).toBe(true);
  }, 120_000);

  it('restarts Postgres once when it dies; every service reconnects and deploy notifications reach the runner again', async () => {
    const pid = platform.pid('postgres');
    const since = platform.output().length;
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    await platform.waitFor(/Postgres stopped unexpectedly \(signal SIGKILL\); restarting it once…/, {
      since,
    });
    await platform.waitFor(/Postgres is back \(pid \d+\) after [\d.]+ s/, { since, timeoutMs: 30_000 });
    for (const name of SERVICES) {
      for (let i = 0; (await probe(`http://127.0.0.1:${platform.ports[name]}/readyz`)) !== 200; i++) {
        if (i > 200) throw new Error(`${name} is not ready after Postgres came back`);
        await sleep(100);
      }
    }
    for (let i = 0; !(await callAdd(server.mcpUrl, token)).ok; i++) {
      if (i > 100) throw new Error('the runner does not serve after Postgres came back');
      await sleep(100);
    }
    recovery.postgres = Date.now() - killedAt;
    // No service was restarted: they reconnected on their own.
    expect(platform.output().slice(since)).not.toMatch(/(api|oauth-as|builder|runner) stopped unexpectedly/);

    // LISTEN resumed: a deploy (v2) and a rollback after the recovery reach the runner by NOTIFY.
    await db.end();
    db = new pg.Client({ connectionString: platform.databaseUrl });
    db.on('error', () => {});
    await db.connect();
    const v2 = await user.call('PUT', `/v1/servers/${server.serverId}/spec`, {
      spec: {
        ...addSpec('supervised'),
        tools: [...addSpec('supervised').tools, { ...addSpec('supervised').tools[0]!, name: 'plus' }],
      },
    });
    expect(v2.status).toBe(201);
    const built = await followBuildAcrossRestarts(user, v2.body.build.id, 60_000);
    expect(built.done).toMatchObject({ status: 'succeeded', version: 2 });
    const waitTools = async (expected: string[]) => {
      for (let i = 0; ; i++) {
        const names = await listTools(server.mcpUrl, token);
        if (JSON.stringify(names) === JSON.stringify(expected)) return;
        if (i > 40)
          throw new Error(`runner lists ${JSON.stringify(names)}, expected ${JSON.stringify(expected)}`);
        await sleep(50);
      }
    };
    await waitTools(['add', 'plus']);
    const rollback = await user.call('POST', `/v1/servers/${server.serverId}/rollback`, { version: 1 });
    expect(rollback.status).toBe(200);
    await waitTools(['add']);
  }, 180_000);
});

describe('a service that crashes on every start', () => {
  it('is given up after the crash-loop limit with its last log lines; the rest keeps serving and the api reports it', async () => {
    // Test hook (documented in the README): BMM_SERVICE_ENV gives the builder alone a value its
    // configuration refuses, so it exits 1 at every start like a real misconfiguration.
    const platform = await launchPlatform({
      env: { BMM_SERVICE_ENV: JSON.stringify({ builder: { BUILD_CONCURRENCY: '0' } }) },
    });
    try {
      const out = platform.output();
      expect(out).toMatch(
        /builder crashed 5 times within 60\.0 s \(last: exit code 1\), so the launcher stopped restarting it; the rest of the platform keeps running\. Its last log lines:\n(?: {4}.*\n)*? {4}.*BUILD_CONCURRENCY/,
      );
      expect(
        out
          .match(/builder stopped unexpectedly \(exit code 1\)[^\n]*/g)
          ?.map((l) => l.match(/in ([\d.]+) s/)?.[1]),
      ).toEqual(['0.5', '1.0', '2.0', '4.0']);
      expect(out).toMatch(/Builder {6}http:\/\/localhost:\d+ {2}✖ NOT RUNNING/);
      for (const name of ['api', 'oauth-as', 'runner'] as const)
        expect(await probe(`http://127.0.0.1:${platform.ports[name]}/healthz`), name).toBe(200);
      expect(await probe(`http://127.0.0.1:${platform.ports.builder}/healthz`, 500)).toBe(0);
      // The api still serves and says builds will not progress; the others are fully ready.
      const ready = await fetch(`http://127.0.0.1:${platform.ports.api}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'degraded', dependencies: { builder: 'down' } });
      const user = await signUp(platform.urls, 'loop@example.com');
      expect((await user.call('GET', '/v1/servers')).status).toBe(200);
      await sleep(2000);
      expect(platform.output().match(/restarted builder/g)).toHaveLength(4);

      // Postgres that cannot come back (its config broken on disk, then killed): everything stops
      // cleanly, exit code 1, one clear message, the data directory kept.
      const services = SERVICES.filter((s) => s !== 'builder').map((s) => platform.pid(s));
      await appendFile(path.join(platform.dataDir, 'pg', 'postgresql.conf'), '\nthis is not a setting\n');
      const since = platform.output().length;
      process.kill(platform.pid('postgres'), 'SIGKILL');
      const code = await new Promise<number | null>((resolve) => platform.child.once('exit', resolve));
      expect(code).toBe(1);
      const tail = platform.output().slice(since);
      expect(tail).toMatch(/✖ Postgres stopped unexpectedly \(signal SIGKILL\) and could not be restarted/);
      expect(tail).toMatch(/The services cannot work without their database\./);
      expect(tail).toMatch(/stopped; data kept in \.data\//);
      for (const pid of services) expect(alive(pid)).toBe(false);
      expect((await stat(path.join(platform.dataDir, 'pg', 'PG_VERSION'))).isFile()).toBe(true);
    } finally {
      await platform.dispose();
    }
  }, 240_000);
});
