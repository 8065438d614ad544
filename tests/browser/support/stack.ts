/**
 * The whole platform for the browser tests: a fresh database, api, oauth-as, builder and runner as
 * their own processes on free ports (exactly as `pnpm start` runs them), and the web app served by
 * `next start`. The web port is chosen first because every service needs WEB_URL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '@bmm/db';
import { createTestDatabase, type TestDatabase } from '@bmm/db/testing';
import { buildWeb, type PlatformUrls, type RunningWeb, removeBuild, startWeb, webDir } from './web.ts';

const SERVICES = ['api', 'oauth-as', 'builder', 'runner'] as const;
type ServiceName = (typeof SERVICES)[number];

export interface Stack {
  urls: PlatformUrls;
  database: TestDatabase;
  web: RunningWeb;
  /** Stops one service (to show what the pages do when it is down). */
  stopService(name: ServiceName): Promise<void>;
  logs(): string;
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

async function waitHealthy(
  url: string,
  child: ChildProcess,
  name: string,
  logs: () => string,
): Promise<void> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}):\n${logs()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} not healthy after 45 s:\n${logs()}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export async function startStack(): Promise<Stack> {
  const build = buildWeb();
  const database = await createTestDatabase();
  const root = path.resolve(webDir, '../..');
  const ports = {
    web: await freePort(),
    api: await freePort(),
    'oauth-as': await freePort(),
    builder: await freePort(),
    runner: await freePort(),
  };
  const urls: PlatformUrls = {
    WEB_URL: `http://127.0.0.1:${ports.web}`,
    API_URL: `http://127.0.0.1:${ports.api}`,
    OAUTH_ISSUER: `http://127.0.0.1:${ports['oauth-as']}`,
    BUILDER_URL: `http://127.0.0.1:${ports.builder}`,
    RUNNER_URL: `http://127.0.0.1:${ports.runner}`,
  };
  let output = '';
  const children = new Map<ServiceName, ChildProcess>();
  const env = {
    ...process.env,
    ...urls,
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '4',
    BMM_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  };
  try {
    for (const name of SERVICES) {
      const child = spawn(
        process.execPath,
        ['--conditions=@bmm/source', '--import', 'tsx', 'src/server.ts'],
        {
          cwd: path.join(root, 'apps', name),
          env: { ...env, PORT: String(ports[name]), HOST: '127.0.0.1' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const collect = (d: Buffer) => {
        output += String(d).replace(/^/gm, `[${name}] `);
      };
      child.stdout?.on('data', collect);
      child.stderr?.on('data', collect);
      children.set(name, child);
    }
    await Promise.all(
      SERVICES.map((name) =>
        waitHealthy(`http://127.0.0.1:${ports[name]}`, children.get(name)!, name, () => output),
      ),
    );
    await build;
    const web = await startWeb(ports.web, urls);
    return {
      urls,
      database,
      web,
      logs: () => `${output}\n[web] ${web.output()}`,
      stopService: async (name) => stopChild(children.get(name)!),
      stop: async () => {
        await web.stop();
        removeBuild();
        await Promise.all([...children.values()].map(stopChild));
        await database.destroy();
      },
    };
  } catch (err) {
    removeBuild();
    await Promise.all([...children.values()].map(stopChild));
    await database.destroy();
    throw err;
  }
}
