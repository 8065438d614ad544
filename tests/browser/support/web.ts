/**
 * Builds the Next.js web app (once per process, and only when its sources are newer than the
 * build) and serves it with `next start` on a free port, pointed at a running platform.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../apps/web');
const nextBin = path.join(webDir, 'node_modules', 'next', 'dist', 'bin', 'next');

export interface PlatformUrls {
  WEB_URL: string;
  API_URL: string;
  OAUTH_ISSUER: string;
  BUILDER_URL: string;
  RUNNER_URL: string;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.next' || entry.name === 'next-env.d.ts') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, ...args], {
      cwd: webDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`next ${args[0]} failed (${code}):\n${out}`)),
    );
  });
}

let building: Promise<void> | null = null;

/** The build does not depend on any URL (the proxy reads them at start), so one build serves every test. */
export function buildWeb(): Promise<void> {
  building ??= (async () => {
    const buildId = path.join(webDir, '.next', 'BUILD_ID');
    if (existsSync(buildId) && statSync(buildId).mtimeMs > newestSource(webDir)) return;
    await run(['build'], { ...process.env, NEXT_TELEMETRY_DISABLED: '1' });
  })();
  return building;
}

export interface RunningWeb {
  url: string;
  stop(): Promise<void>;
  output(): string;
}

export async function startWeb(port: number, urls: PlatformUrls): Promise<RunningWeb> {
  await buildWeb();
  const child: ChildProcess = spawn(
    process.execPath,
    [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: webDir,
      env: { ...process.env, ...urls, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`next start was not ready after 30 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
