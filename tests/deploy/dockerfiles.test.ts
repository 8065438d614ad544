import { describe, expect, it } from 'vitest';
import {
  APPS,
  defaultPort,
  existsInRepo,
  imageRecipe,
  readRepoFile,
  renderedDockerfile,
  run,
} from './helpers.js';

interface Instruction {
  op: string;
  args: string;
}

/** Dockerfile instructions with line continuations joined and comments dropped. */
function instructions(text: string): Instruction[] {
  const joined = text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
}

const rootPackage = JSON.parse(readRepoFile('package.json')) as { name: string; packageManager: string };

describe.each(APPS)('the %s image', (app) => {
  const text = renderedDockerfile(app);
  const steps = instructions(text);
  const args = (op: string) => steps.filter((s) => s.op === op).map((s) => s.args);
  const pkg = JSON.parse(readRepoFile(`apps/${app}/package.json`)) as {
    name: string;
    scripts: Record<string, string>;
    dependencies: Record<string, string>;
  };
  const runtimeStage = text.slice(text.lastIndexOf('\nFROM '));

  it('builds in one stage and runs in a slim Node 24 stage', () => {
    expect(args('ARG')).toContain('NODE_IMAGE=node:24-slim');
    const image = '$' + '{NODE_IMAGE}';
    expect(args('FROM')).toEqual([`${image} AS build`, `${image} AS runtime`]);
    expect(args('ARG')).toContain(`PNPM_VERSION=${rootPackage.packageManager.replace('pnpm@', '')}`);
  });

  it('installs from the lockfile, compiles the app with its workspace packages and deploys only it', () => {
    expect(pkg.name).toBe(`@bmm/${app}`);
    const runs = args('RUN').join('\n');
    expect(runs).toContain('pnpm install --offline --frozen-lockfile');
    expect(runs).toContain(`--filter "@bmm/${app}..." --filter ${rootPackage.name}`);
    expect(runs).toContain(`pnpm --filter "@bmm/${app}..." build`);
    expect(runs).toContain(`pnpm deploy --filter @bmm/${app} --prod --legacy`);
    for (const file of ['pnpm-lock.yaml', 'pnpm-workspace.yaml', 'package.json', '.npmrc'])
      expect(existsInRepo(file), file).toBe(true);
  });

  it('runs as the unprivileged node user with a health check, on the port the service listens on', () => {
    expect(runtimeStage).toMatch(/^USER node$/m);
    expect(runtimeStage).not.toMatch(/pnpm install|npm install/);
    const port = defaultPort(app);
    expect(args('EXPOSE')).toEqual([String(port)]);
    expect(runtimeStage).toContain(`PORT=${port}`);
    expect(runtimeStage).toContain('HOST=0.0.0.0');
    expect(runtimeStage).toContain('NODE_ENV=production');
    const healthcheck = args('HEALTHCHECK').join(' ');
    expect(healthcheck).toContain("process.env.PORT + '/healthz'");
  });

  it('starts the command the app builds', () => {
    const cmd = JSON.parse(args('CMD')[0]!) as string[];
    if (app === 'web') {
      expect(pkg.scripts.build).toBe('next build');
      expect(pkg.dependencies.next).toBeDefined();
      expect(cmd).toEqual(['node', 'node_modules/next/dist/bin/next', 'start', '-H', '0.0.0.0']);
      return;
    }
    expect(cmd).toEqual(['node', 'dist/server.js']);
    expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json');
    expect(pkg.scripts.start).toBe('node dist/server.js');
    expect(existsInRepo(`apps/${app}/src/server.ts`)).toBe(true);
    const tsconfig = JSON.parse(readRepoFile(`apps/${app}/tsconfig.build.json`)) as {
      compilerOptions: { rootDir: string; outDir: string };
    };
    expect(tsconfig.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
  });
});

describe('the shared service Dockerfile', () => {
  const services = APPS.filter((app) => app !== 'web');

  it('builds the four Fastify services, each named by build args, and the web app from its own', () => {
    for (const app of services)
      expect(imageRecipe(app), app).toEqual({
        dockerfile: 'Dockerfile',
        args: { APP: app, PORT: String(defaultPort(app)) },
      });
    expect(imageRecipe('web')).toEqual({ dockerfile: 'apps/web/Dockerfile', args: {} });
    for (const app of services) expect(existsInRepo(`apps/${app}/Dockerfile`), app).toBe(false);
  });

  it('refuses to build without a known APP', async () => {
    const guard = instructions(readRepoFile('Dockerfile')).find(
      (s) => s.op === 'RUN' && s.args.includes('--build-arg APP'),
    );
    expect(guard).toBeDefined();
    for (const app of services) await run('sh', ['-ec', guard!.args], { env: { APP: app } });
    for (const app of ['', 'web', 'api; rm -rf /']) {
      const failed = await run('sh', ['-ec', guard!.args], { env: { APP: app } }).then(
        () => false,
        (e: { stderr: string }) => e.stderr,
      );
      expect(failed, app).toContain('set --build-arg APP');
    }
  });
});

describe('.dockerignore', () => {
  it('keeps dependencies, build output, git and local secrets out of the build context', () => {
    const lines = readRepoFile('.dockerignore').split('\n');
    for (const entry of ['.git', '**/node_modules', '**/dist', '**/.next', '.env', '.data'])
      expect(lines, entry).toContain(entry);
  });
});
