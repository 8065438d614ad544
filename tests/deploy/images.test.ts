import { execFile as execFileCb, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase } from '@bmm/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './gateway.js';
import { APPS, type App, renderedDockerfile, repoRoot, TEST_MASTER_KEY } from './helpers.js';

const execFile = promisify(execFileCb);
const enabled = process.env.BMM_VERIFY_IMAGES === '1';

interface Step {
  op: string;
  args: string;
}

function steps(text: string): Step[] {
  return text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
}

const sh = (command: string, cwd: string, env: NodeJS.ProcessEnv = process.env) =>
  execFile('sh', ['-ec', command], { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 });

/**
 * `docker build` without Docker: runs each Dockerfile's build-stage RUN commands on a clean export
 * of the committed tree (what the build context holds), with the machine's pnpm store in place of
 * the cache mount; then starts the runtime stage's CMD in /out with its ENV against a real
 * Postgres and runs its HEALTHCHECK command. Slow (minutes): opt in with BMM_VERIFY_IMAGES=1.
 */
describe.skipIf(!enabled)('Dockerfiles, built and started without Docker (BMM_VERIFY_IMAGES=1)', () => {
  let scratch: string;
  let store: string;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'bmm-images-'));
    store = (await sh('pnpm store path', repoRoot)).stdout.trim().replace(/\/v\d+$/, '');
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.destroy();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it.each(APPS)('the %s image', { timeout: 900_000 }, async (app: App) => {
    const dockerfile = renderedDockerfile(app);
    const all = steps(dockerfile);
    const runtimeAt = all.findIndex((s) => s.op === 'FROM' && s.args.endsWith('AS runtime'));
    const build = all.slice(0, runtimeAt);
    const runtime = all.slice(runtimeAt);
    const context = join(scratch, app, 'repo');
    const out = join(scratch, app, 'out');
    await sh(`mkdir -p ${context} && git archive HEAD | tar -x -C ${context}`, repoRoot);

    const args: Record<string, string> = {};
    for (const step of build) {
      if (step.op === 'ARG') {
        const [name, value] = step.args.split('=');
        args[name!] = value ?? '';
      } else if (step.op === 'RUN') {
        let command = step.args
          .replace(/--mount=\S+\s*/g, '')
          .replace(/\$\{(\w+)\}/g, (_m, name: string) => args[name] ?? '')
          .replaceAll('/pnpm/store', store)
          .replaceAll('/out', out);
        if (command.startsWith('npm install -g pnpm@')) {
          // The machine's pnpm must be the version the image installs.
          const version = (await sh('pnpm --version', repoRoot)).stdout.trim();
          expect(command).toContain(`pnpm@${version}`);
          continue;
        }
        command = command.replaceAll('pnpm fetch', 'pnpm fetch --offline');
        await sh(command, context, { ...process.env, CI: 'true', NODE_ENV: '' });
      }
    }

    const env: Record<string, string> = { PATH: process.env.PATH! };
    for (const step of runtime.filter((s) => s.op === 'ENV'))
      for (const [, k, v] of step.args.matchAll(/(\w+)=(\S+)/g)) env[k!] = v!;
    const port = await freePort();
    Object.assign(env, {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      BMM_MASTER_KEY: TEST_MASTER_KEY,
      LOG_LEVEL: 'warn',
    });
    // Tests listen on loopback only.
    const cmd = (JSON.parse(runtime.find((s) => s.op === 'CMD')!.args) as string[]).map((a) =>
      a === '0.0.0.0' ? '127.0.0.1' : a,
    );
    const healthcheck = runtime.find((s) => s.op === 'HEALTHCHECK')!.args;
    const probe = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD ') + 4)) as string[];
    const child = spawn(cmd[0]!, cmd.slice(1), { cwd: out, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    try {
      let healthy = false;
      for (let i = 0; i < 300 && !healthy && child.exitCode === null; i++) {
        healthy = await execFile(probe[0]!, probe.slice(1), { cwd: out, env }).then(
          () => true,
          () => false,
        );
        if (!healthy) await new Promise((r) => setTimeout(r, 200));
      }
      expect(healthy, `${app} never passed its HEALTHCHECK:\n${output}`).toBe(true);
    } finally {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    }
  });
});

describe.skipIf(enabled)('Dockerfiles, built and started without Docker', () => {
  it.skip('take minutes: run with BMM_VERIFY_IMAGES=1 npx vitest run --project e2e tests/deploy/images.test.ts', () => {});
});
