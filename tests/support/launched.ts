/**
 * The platform as an operator runs it: `scripts/start.ts` (what `pnpm start` runs) as a child
 * process on free ports with its own data directory, no web app. Reads the launcher's output to
 * know each service's pid (it says `started builder (pid 123)`), for tests that kill them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@bmm/db';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type ServiceName = 'api' | 'oauth-as' | 'builder' | 'runner';
export const SERVICES: ServiceName[] = ['api', 'oauth-as', 'builder', 'runner'];

export interface LaunchedPlatform {
  child: ChildProcess;
  dataDir: string;
  ports: Record<ServiceName | 'postgres', number>;
  urls: { API_URL: string; OAUTH_ISSUER: string; BUILDER_URL: string; RUNNER_URL: string; WEB_URL: string };
  databaseUrl: string;
  output(): string;
  /** Resolves with the first match of `pattern` in the output after character `since`. */
  waitFor(pattern: RegExp, options?: { since?: number; timeoutMs?: number }): Promise<RegExpMatchArray>;
  /** The current process id of a service (or of Postgres). */
  pid(name: ServiceName | 'postgres'): number;
  /** Ctrl-C: resolves with the launcher's exit code. */
  stop(): Promise<number | null>;
  /** Stops (if still running) and deletes the data directory. */
  dispose(): Promise<void>;
}

export interface LaunchOptions {
  /** Extra environment of the launcher (e.g. BMM_SERVICE_ENV). */
  env?: Record<string, string>;
  /** Echo the launcher's output to this process's stdout (debugging, soak). */
  echo?: boolean;
  /** Wait for the "is running" box (default true). */
  waitReady?: boolean;
}

export async function launchPlatform(options: LaunchOptions = {}): Promise<LaunchedPlatform> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bmm-launched-'));
  const ports = {
    postgres: await freePort(),
    api: await freePort(),
    'oauth-as': await freePort(),
    builder: await freePort(),
    runner: await freePort(),
  };
  const webPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BMM_DATA_DIR: dataDir,
    NO_COLOR: '1',
    BMM_PG_PORT: String(ports.postgres),
    API_PORT: String(ports.api),
    OAUTH_PORT: String(ports['oauth-as']),
    BUILDER_PORT: String(ports.builder),
    RUNNER_PORT: String(ports.runner),
    WEB_PORT: String(webPort),
    // Builds in tests call tools on loopback stubs.
    ALLOW_PRIVATE_NETWORK: 'true',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  for (const k of [
    'DATABASE_URL',
    'BMM_MASTER_KEY',
    'WEB_URL',
    'API_URL',
    'OAUTH_ISSUER',
    'BUILDER_URL',
    'RUNNER_URL',
  ])
    delete env[k];
  for (const k of Object.keys(env)) if (k.startsWith('VITEST') || k === 'TEST_DATABASE_URL') delete env[k];
  const child = spawn(
    process.execPath,
    ['--conditions=@bmm/source', '--import', 'tsx', 'scripts/start.ts', '--no-web'],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    if (options.echo) process.stdout.write(chunk);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const waitFor: LaunchedPlatform['waitFor'] = async (pattern, { since = 0, timeoutMs = 60_000 } = {}) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = out.slice(since).match(pattern);
      if (match) return match;
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(
          `no ${pattern} in the launcher's output${child.exitCode !== null ? ' (it exited)' : ''}:\n${out.slice(-4000)}`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const pid = (name: ServiceName | 'postgres') => {
    const re =
      name === 'postgres'
        ? /Postgres is (?:running|back) \(pid (\d+)/g
        : new RegExp(`(?:started|restarted) ${name} \\(pid (\\d+)`, 'g');
    const all = [...out.matchAll(re)];
    if (!all.length) throw new Error(`no pid for ${name} in the launcher's output`);
    return Number(all.at(-1)![1]);
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGINT');
    return await exited;
  };
  const platform: LaunchedPlatform = {
    child,
    dataDir,
    ports,
    urls: {
      API_URL: `http://localhost:${ports.api}`,
      OAUTH_ISSUER: `http://localhost:${ports['oauth-as']}`,
      BUILDER_URL: `http://localhost:${ports.builder}`,
      RUNNER_URL: `http://localhost:${ports.runner}`,
      WEB_URL: `http://localhost:${webPort}`,
    },
    databaseUrl: `postgres://postgres:bmm-local@127.0.0.1:${ports.postgres}/bmm`,
    output: () => out,
    waitFor,
    pid,
    stop,
    dispose: async () => {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  if (options.waitReady !== false) {
    try {
      await waitFor(/BuildMyMCPServer is running/, { timeoutMs: 120_000 });
    } catch (err) {
      await platform.dispose();
      throw err;
    }
  }
  return platform;
}

/** GET url → status (0 when nothing answers), with a short timeout. */
export async function probe(url: string, timeoutMs = 2000): Promise<number> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.status;
  } catch {
    return 0;
  }
}

/**
 * Polls every given service's /healthz every `intervalMs` until stopped; records each failure.
 * Proves "the others never stopped answering" while one service is being killed.
 */
export function watchHealth(platform: LaunchedPlatform, names: ServiceName[], intervalMs = 100) {
  const failures: { name: ServiceName; at: number; status: number }[] = [];
  let polls = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      await Promise.all(
        names.map(async (name) => {
          const status = await probe(`http://127.0.0.1:${platform.ports[name]}/healthz`);
          polls++;
          if (status !== 200) failures.push({ name, at: Date.now(), status });
        }),
      );
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    failures,
    get polls() {
      return polls;
    },
    stop: async () => {
      running = false;
      await loop;
      return { failures, polls };
    },
  };
}
