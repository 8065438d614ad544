import { loadConfig } from '@bmm/config';
import { describe, expect, it } from 'vitest';
import {
  APPS,
  type App,
  appSchema,
  commandWorks,
  defaultPort,
  existsInRepo,
  interpolateDeep,
  migrateConfigSchema,
  parseEnvFile,
  parseYamlDocuments,
  readRepoFile,
  renderedDockerfile,
  repoRoot,
  run,
  schemaVariables,
  TEST_MASTER_KEY,
} from './helpers.js';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string; args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  ports?: string[];
  user?: string;
  restart?: string;
  profiles?: string[];
}

const composeText = readRepoFile('docker-compose.yml');
const [compose] = parseYamlDocuments(composeText) as [{ services: Record<string, ComposeService> }];
const envExample = parseEnvFile(readRepoFile('.env.example'));
const operatorEnv = { ...envExample, BMM_MASTER_KEY: TEST_MASTER_KEY, POSTGRES_PASSWORD: 'pw0123456789' };

function resolved(env: Record<string, string | undefined>) {
  const errors: string[] = [];
  const services = interpolateDeep(compose.services, env, errors) as Record<string, ComposeService>;
  return { services, errors };
}

const stringEnv = (service: ComposeService) =>
  Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]));

describe('docker-compose.yml', () => {
  it('runs Postgres, a one-shot migrate, the five services and the gateway', () => {
    const always = Object.entries(compose.services).filter(([, service]) => !service.profiles);
    expect(always.map(([name]) => name).sort()).toEqual(
      ['api', 'builder', 'caddy', 'migrate', 'oauth-as', 'postgres', 'runner', 'web'].sort(),
    );
    const pg = compose.services.postgres!;
    expect(pg.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(pg.volumes?.some((v) => v.startsWith('postgres-data:'))).toBe(true);
    expect(pg.ports).toBeUndefined();
    // Only the gateway is published (Grafana, opt-in, on the loopback interface only).
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Compose variable, read as written
    const grafanaPorts = ['127.0.0.1:${GRAFANA_PORT:-3001}:3000'];
    for (const [name, service] of Object.entries(compose.services))
      if (name === 'grafana') expect(service.ports).toEqual(grafanaPorts);
      else if (name !== 'caddy') expect(service.ports, name).toBeUndefined();
  });

  it('restarts every long-running container after a crash, as pnpm start restarts its services', () => {
    // `unless-stopped`: Docker restarts a crashed container with its own growing delay (from 100 ms,
    // doubling, up to a minute), and never one an operator stopped; the one-shot migrate is not restarted.
    for (const [name, service] of Object.entries(compose.services))
      expect(service.restart, name).toBe(name === 'migrate' ? 'no' : 'unless-stopped');
  });

  it('refuses to start without BMM_MASTER_KEY (and without a Postgres password)', () => {
    const { errors } = resolved({ ...envExample, BMM_MASTER_KEY: '', POSTGRES_PASSWORD: '' });
    expect(errors).toContain('BMM_MASTER_KEY: set BMM_MASTER_KEY (openssl rand -base64 32)');
    expect(errors).toContain('POSTGRES_PASSWORD: set POSTGRES_PASSWORD (openssl rand -hex 24)');
    expect(resolved(operatorEnv).errors).toEqual([]);
  });

  it('builds every image from a Dockerfile that exists, with the repository root as context', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (!service.build) continue;
      expect(service.build.context, name).toBe('.');
      const dockerfile = service.build.dockerfile ?? 'Dockerfile';
      expect(existsInRepo(dockerfile), dockerfile).toBe(true);
      const app = service.build.args?.APP ?? dockerfile.match(/^apps\/([^/]+)\/Dockerfile$/)?.[1];
      expect(app, name).toBeDefined();
      expect(service.image, name).toMatch(new RegExp(`^bmm/${app}:`));
    }
  });

  it('gives every service exactly variables its config schema knows, and every required one', () => {
    const { services } = resolved(operatorEnv);
    for (const app of APPS) {
      const env = stringEnv(services[app]!);
      const { known, required } = schemaVariables(appSchema(app));
      for (const name of Object.keys(env)) expect(known.has(name), `${app} does not know ${name}`).toBe(true);
      for (const name of required) expect(env[name], `${app} needs ${name}`).toBeTruthy();
      expect(env.HOST, app).toBe('0.0.0.0');
      expect(Number(env.PORT), app).toBe(defaultPort(app));
      // The values parse: the service would start with this configuration.
      expect(() => loadConfig(appSchema(app), app, env)).not.toThrow();
    }
    const migrate = stringEnv(services.migrate!);
    const { known, required } = schemaVariables(migrateConfigSchema);
    for (const name of Object.keys(migrate))
      expect(known.has(name), `migrate does not know ${name}`).toBe(true);
    for (const name of required) expect(migrate[name]).toBeTruthy();
    expect(() => loadConfig(migrateConfigSchema, 'migrate', migrate)).not.toThrow();
  });

  it('puts the control plane on one origin with a path issuer, and the runner on its own origin', () => {
    const { services } = resolved(operatorEnv);
    const api = stringEnv(services.api!);
    expect(api.WEB_URL).toBe('http://localhost');
    expect(api.API_URL).toBe('http://localhost');
    expect(api.BUILDER_URL).toBe('http://localhost');
    expect(api.OAUTH_ISSUER).toBe('http://localhost/oauth');
    expect(api.RUNNER_URL).toBe('http://127.0.0.1');
    // A different host is a different cookie jar: hosted servers never see the dashboard's session.
    expect(new URL(api.RUNNER_URL!).hostname).not.toBe(new URL(api.WEB_URL!).hostname);
    for (const app of APPS) {
      const env = stringEnv(services[app]!);
      for (const key of ['WEB_URL', 'API_URL', 'OAUTH_ISSUER', 'BUILDER_URL', 'RUNNER_URL'])
        expect(env[key], `${app} ${key}`).toBe(api[key]);
    }
    // A custom domain flows to every service.
    const custom = resolved({
      ...operatorEnv,
      BMM_PUBLIC_URL: 'https://bmm.acme.dev',
      BMM_RUNNER_PUBLIC_URL: 'https://mcp.acme.dev',
    });
    expect(stringEnv(custom.services['oauth-as']!).OAUTH_ISSUER).toBe('https://bmm.acme.dev/oauth');
    expect(stringEnv(custom.services.runner!).RUNNER_URL).toBe('https://mcp.acme.dev');
  });

  it('points internal URLs at compose services on the ports they listen on', () => {
    const { services } = resolved(operatorEnv);
    const internal: [App, string, App, string][] = [
      ['api', 'BUILDER_INTERNAL_URL', 'builder', ''],
      ['api', 'OAUTH_INTERNAL_URL', 'oauth-as', ''],
      ['api', 'RUNNER_INTERNAL_URL', 'runner', ''],
      ['builder', 'RUNNER_INTERNAL_URL', 'runner', ''],
      ['runner', 'OAUTH_JWKS_URL', 'oauth-as', '/oauth/jwks'],
      ['web', 'API_INTERNAL_URL', 'api', ''],
      ['web', 'OAUTH_INTERNAL_URL', 'oauth-as', ''],
    ];
    for (const [app, key, target, path] of internal) {
      const url = new URL(stringEnv(services[app]!)[key]!);
      expect(`${url.hostname}:${url.port}${url.pathname.replace(/\/$/, '')}`, `${app} ${key}`).toBe(
        `${target}:${defaultPort(target)}${path}`,
      );
    }
    // The builder calls the runner by its service name, so the runner must accept that Host.
    expect(stringEnv(services.runner!).RUNNER_HOST_ALIASES).toBe(`runner:${defaultPort('runner')}`);
  });

  it('migrates once before any service starts, with the CLI shipped in the api image', () => {
    const migrate = compose.services.migrate!;
    expect(migrate.image).toBe(compose.services.api!.image);
    expect(migrate.command).toEqual(['node', 'node_modules/@bmm/db/dist/cli/migrate.js']);
    // dist/cli/migrate.js is compiled from src/cli/migrate.ts, and the api image deploys @bmm/db.
    expect(existsInRepo('packages/db/src/cli/migrate.ts')).toBe(true);
    expect(JSON.parse(readRepoFile('packages/db/tsconfig.build.json')).compilerOptions).toMatchObject({
      rootDir: 'src',
      outDir: 'dist',
    });
    expect(JSON.parse(readRepoFile('apps/api/package.json')).dependencies['@bmm/db']).toBe('workspace:*');
    expect(migrate.depends_on?.postgres?.condition).toBe('service_healthy');
    expect((migrate as { restart?: string }).restart).toBe('no');
    for (const app of ['api', 'oauth-as', 'builder', 'runner'])
      expect(compose.services[app]!.depends_on?.migrate?.condition, app).toBe(
        'service_completed_successfully',
      );
  });

  it('documents in .env.example exactly the variables docker-compose.yml reads', () => {
    const referenced = new Set([...composeText.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!));
    expect(Object.keys(envExample).sort()).toEqual([...referenced].sort());
    // Each documented variable has a comment right above it.
    const lines = readRepoFile('.env.example').split('\n');
    lines.forEach((line, i) => {
      if (/^[A-Z_]+=/.test(line)) expect(lines[i - 1], line).toMatch(/^#|^[A-Z_]+=/);
    });
  });

  it('mounts the Caddyfile and proxies only to compose services on their ports', () => {
    const caddy = compose.services.caddy!;
    const mount = caddy.volumes?.find((v) => v.endsWith(':/etc/caddy/Caddyfile:ro'));
    expect(mount).toBe('./infra/Caddyfile:/etc/caddy/Caddyfile:ro');
    const upstreams = [...readRepoFile('infra/Caddyfile').matchAll(/reverse_proxy\s+([a-z-]+):(\d+)/g)];
    expect(upstreams.length).toBeGreaterThanOrEqual(5);
    const { services } = resolved(operatorEnv);
    for (const [, host, port] of upstreams) {
      expect(services[host!], host).toBeDefined();
      expect(String(services[host!]!.environment?.PORT), `${host} port`).toBe(port);
    }
    // Caddy listens on the published port itself, so a URL with a custom port matches its listener.
    const custom = resolved({ ...operatorEnv, BMM_HTTP_PORT: '8080', BMM_HTTPS_PORT: '8443' }).services
      .caddy!;
    expect(custom.ports).toEqual(['8080:8080', '8443:8443', '8443:8443/udp']);
    expect(custom.environment).toMatchObject({ BMM_HTTP_PORT: '8080', BMM_HTTPS_PORT: '8443' });
    expect(readRepoFile('infra/Caddyfile')).toMatch(
      /http_port \{\$BMM_HTTP_PORT:80\}\n\thttps_port \{\$BMM_HTTPS_PORT:443\}/,
    );
    const proxied = new Set(upstreams.map((m) => m[1]));
    for (const app of APPS) expect(proxied.has(app), app).toBe(true);
  });

  it('opens the gateway only when every service reports healthy (each image has a HEALTHCHECK)', () => {
    for (const app of APPS) {
      expect(compose.services.caddy!.depends_on?.[app]?.condition, app).toBe('service_healthy');
      expect(renderedDockerfile(app), app).toMatch(/^HEALTHCHECK /m);
    }
  });

  it('passes `docker compose config` where the Compose plugin is installed', async (ctx) => {
    if (!(await commandWorks('docker', ['compose', 'version']))) {
      ctx.skip('the docker compose plugin is not installed on this machine');
      return;
    }
    await run('docker', ['compose', '-f', 'docker-compose.yml', 'config', '--quiet'], {
      cwd: repoRoot,
      env: { ...process.env, ...operatorEnv },
    });
  });
});
