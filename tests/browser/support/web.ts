/**
 * Builds the Next.js web app once per test run (only when its sources are newer than the build)
 * and serves it with `next start` on a free port, pointed at a running platform.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

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
    if (entry.name === 'node_modules' || entry.name.startsWith('.next') || entry.name === 'next-env.d.ts')
      continue;
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

const buildEnv = { NEXT_TELEMETRY_DISABLED: '1', BMM_WEB_SKIP_TYPECHECK: '1' };

function removeStaleBuilds(): void {
  for (const entry of readdirSync(webDir)) {
    const pid = /^\.next-e2e-(\d+)$/.exec(entry)?.[1];
    if (!pid || Number(pid) === process.pid) continue;
    try {
      process.kill(Number(pid), 0);
    } catch {
      rmSync(path.join(webDir, entry), { recursive: true, force: true });
    }
  }
}

/**
 * Builds the web app once for a whole test run (the browser project's global setup calls it) into
 * that run's own build directory: `next start` must never serve a build that another process
 * (`pnpm start`, a second test run) is rewriting under it. Leftovers of dead runs are removed.
 * Returns the directory and a function that removes it.
 */
export async function buildWebForRun(): Promise<{ distDir: string; remove(): void }> {
  removeStaleBuilds();
  const distDir = `.next-e2e-${process.pid}`;
  const buildId = path.join(webDir, distDir, 'BUILD_ID');
  if (!(existsSync(buildId) && statSync(buildId).mtimeMs > newestSource(webDir)))
    await run(['build'], { ...process.env, ...buildEnv, BMM_WEB_DIST_DIR: distDir });
  return { distDir, remove: () => rmSync(path.join(webDir, distDir), { recursive: true, force: true }) };
}

export interface RunningWeb {
  url: string;
  stop(): Promise<void>;
  output(): string;
}

/** Serves this run's build (see buildWebForRun) on `port`, pointed at a running platform. */
export async function startWeb(port: number, urls: PlatformUrls): Promise<RunningWeb> {
  const distDir = inject('bmmWebDistDir');
  const child: ChildProcess = spawn(
    process.execPath,
    [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: webDir,
      env: { ...process.env, ...urls, ...buildEnv, BMM_WEB_DIST_DIR: distDir, NODE_ENV: 'production' },
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

declare module 'vitest' {
  export interface ProvidedContext {
    /** The web build of this test run, under apps/web (made by the browser project's global setup). */
    bmmWebDistDir: string;
  }
}
