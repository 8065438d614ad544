import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@bmm/db';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';

// `pnpm start` from a fresh data directory: Postgres, migrations, every service ready, one box of
// URLs; Ctrl-C stops everything; a second start finds the data and the master key unchanged.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dataDir: string;
const ports: Record<string, number> = {};

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'bmm-launcher-'));
  for (const name of ['BMM_PG_PORT', 'API_PORT', 'OAUTH_PORT', 'BUILDER_PORT', 'RUNNER_PORT'])
    ports[name] = await freePort();
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** `viaPnpm`: run `pnpm start` in its own process group, as a terminal runs it. */
function launch(viaPnpm = false): { child: ChildProcess; output: () => string; ready: Promise<void> } {
  const env: NodeJS.ProcessEnv = { ...process.env, BMM_DATA_DIR: dataDir, NO_COLOR: '1' };
  for (const [k, v] of Object.entries(ports)) env[k] = String(v);
  for (const k of [
    'DATABASE_URL',
    'BMM_MASTER_KEY',
    'WEB_URL',
    'API_URL',
    'OAUTH_ISSUER',
    'BUILDER_URL',
    'RUNNER_URL',
    'SMTP_URL',
  ])
    delete env[k];
  const child = viaPnpm
    ? spawn('pnpm', ['start', '--no-web'], {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      })
    : spawn(
        process.execPath,
        ['--conditions=@bmm/source', '--import', 'tsx', 'scripts/start.ts', '--no-web'],
        {
          cwd: root,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
  let out = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('BuildMyMCPServer is running')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`launcher exited early (${code}):\n${out}`)));
  });
  ready.catch(() => {}); // awaited by the tests that expect a start; others only watch the exit
  return { child, output: () => out, ready };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  return await exited;
}

const dbUrl = () => `postgres://postgres:bmm-local@127.0.0.1:${ports.BMM_PG_PORT}/bmm`;

it('starts everything, stops cleanly, and keeps the data for the next start', async () => {
  const first = launch();
  await first.ready;
  const out = first.output();
  expect(out).toContain(`API          http://localhost:${ports.API_PORT}/v1`);
  expect(out).toContain(`OAuth issuer http://localhost:${ports.OAUTH_PORT}`);
  for (const name of ['API_PORT', 'OAUTH_PORT', 'BUILDER_PORT', 'RUNNER_PORT']) {
    const health = await fetch(`http://127.0.0.1:${ports[name]}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${ports[name]}/readyz`);
    expect(ready.status).toBe(200);
  }
  const keyFile = path.join(dataDir, 'master.key');
  expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
  const key = await readFile(keyFile, 'utf8');

  // No SMTP_URL: the verification link of a sign-up appears in the launcher's own voice, on one line.
  const signup = await fetch(`http://127.0.0.1:${ports.API_PORT}/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'launch@example.com', password: 'correct horse battery', name: 'L' }),
  });
  expect(signup.status).toBe(201);
  expect(((await signup.json()) as { verification: unknown }).verification).toEqual({
    sentTo: 'launch@example.com',
    delivery: 'server_log',
  });
  const deadline = Date.now() + 5000;
  while (!first.output().includes('launch@example.com: http') && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  const mailLines = first
    .output()
    .split('\n')
    .filter((l) => l.includes('launch@example.com'));
  expect(mailLines).toHaveLength(1);
  expect(mailLines[0]).toMatch(
    /^bmm {7}✉ no SMTP_URL, so this email was not sent — .* for launch@example\.com: http:\/\/localhost:\d+\/verify-email\?token=\S+$/,
  );

  const client = new pg.Client({ connectionString: dbUrl() });
  await client.connect();
  await client.query(`insert into orgs (name) values ('survives restarts')`);
  await client.end();

  expect(await stop(first.child)).toBe(0);
  // Postgres went down with the launcher: its port is free again.
  const probe = new pg.Client({ connectionString: dbUrl(), connectionTimeoutMillis: 1000 });
  await expect(probe.connect()).rejects.toThrow();

  // Through pnpm, stopped as a terminal's Ctrl-C does: SIGINT to the whole foreground process group
  // (pnpm, the launcher and the embedded Postgres alike).
  const second = launch(true);
  await second.ready;
  expect(second.output()).toContain('database schema is up to date');
  const again = new pg.Client({ connectionString: dbUrl() });
  await again.connect();
  const rows = await again.query(`select name from orgs where name = 'survives restarts'`);
  await again.end();
  expect(rows.rowCount).toBe(1);
  expect(await readFile(keyFile, 'utf8')).toBe(key);
  const exited = new Promise<number | null>((resolve) => second.child.once('exit', (code) => resolve(code)));
  process.kill(-second.child.pid!, 'SIGINT');
  expect(await exited).toBe(0);
  await new Promise((r) => setTimeout(r, 300));
  expect(second.output()).toContain('stopped; data kept in .data/');
  expect(second.output()).not.toContain('ELIFECYCLE');
  expect(second.output()).not.toMatch(/Postgres stopped unexpectedly|stopped unexpectedly/);
}, 150_000);

it('says in one sentence when a port is taken', async () => {
  const net = await import('node:net');
  const blocker = net.createServer().listen(ports.API_PORT, '127.0.0.1');
  await new Promise((r) => blocker.once('listening', r));
  try {
    const run = launch();
    const code = await new Promise<number | null>((resolve) => run.child.once('exit', resolve));
    expect(code).toBe(1);
    expect(run.output()).toContain(`Port ${ports.API_PORT} (api) is already in use.`);
    expect(run.output()).not.toMatch(/\n\s+at /); // no stack trace
  } finally {
    blocker.close();
  }
}, 60_000);
