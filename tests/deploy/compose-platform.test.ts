import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { createTestDatabase } from '@bmm/db/testing';
import type { ServerSpec } from '@bmm/spec';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followBuild, Session } from '../support/http.ts';
import { TestOAuthProvider } from '../support/oauth-client.ts';
import { freePort, type Gateway, getVia, listen, startGateway } from './gateway.js';
import {
  commandWorks,
  defaultPort,
  interpolateDeep,
  parseEnvFile,
  parseYamlDocuments,
  readRepoFile,
  repoRoot,
  TEST_MASTER_KEY,
} from './helpers.js';

const BACKENDS = ['api', 'oauth-as', 'builder', 'runner'] as const;
type Backend = (typeof BACKENDS)[number];
const hasCaddy = await commandWorks('caddy', ['version']);

/**
 * `docker compose up` without Docker: each service's environment comes from docker-compose.yml and
 * .env.example (interpolated as Compose does), the services run from source with their real
 * server.ts, and the real Caddyfile fronts them. Only what Docker itself provides is translated:
 * compose service names become 127.0.0.1 ports. The web app is a stub (the API flow needs none).
 */
describe.skipIf(!hasCaddy)('the compose configuration behind the Caddy gateway', () => {
  const processes: { name: string; child: ChildProcess; output: string }[] = [];
  let web: Server;
  let gateway: Gateway;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let publicUrl: string;
  let runnerUrl: string;
  let metricsPorts: Record<Backend, number>;
  let servicePorts: Record<Backend, number>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const ports = Object.fromEntries(
      await Promise.all(BACKENDS.map(async (b) => [b, await freePort()])),
    ) as Record<Backend, number>;
    servicePorts = ports;
    metricsPorts = Object.fromEntries(
      await Promise.all(BACKENDS.map(async (b) => [b, await freePort()])),
    ) as Record<Backend, number>;
    web = createServer((_req, res) => res.end('web'));
    const webPort = await listen(web);
    const gatewayPort = await freePort();
    publicUrl = `http://localhost:${gatewayPort}`;
    runnerUrl = `http://127.0.0.1:${gatewayPort}`;

    const [compose] = parseYamlDocuments(readRepoFile('docker-compose.yml')) as [
      { services: Record<string, { environment: Record<string, string | number> }> },
    ];
    const errors: string[] = [];
    const services = interpolateDeep(
      compose.services,
      {
        ...parseEnvFile(readRepoFile('.env.example')),
        BMM_MASTER_KEY: TEST_MASTER_KEY,
        POSTGRES_PASSWORD: 'unused',
        BMM_PUBLIC_URL: publicUrl,
        BMM_RUNNER_PUBLIC_URL: runnerUrl,
      },
      errors,
    ) as typeof compose.services;
    expect(errors).toEqual([]);

    const local = (value: string) =>
      BACKENDS.reduce((v, b) => v.replaceAll(`${b}:${defaultPort(b)}`, `127.0.0.1:${ports[b]}`), value);
    for (const name of BACKENDS) {
      const env: Record<string, string> = { PATH: process.env.PATH!, NODE_ENV: 'production' };
      for (const [k, v] of Object.entries(services[name]!.environment)) env[k] = local(String(v));
      Object.assign(env, {
        HOST: '127.0.0.1',
        PORT: String(ports[name]),
        // compose's METRICS_PORT (9464 in every container) on a free port each here.
        METRICS_PORT: String(metricsPorts[name]),
        DATABASE_URL: database.url,
        DATABASE_POOL_SIZE: '3',
        LOG_LEVEL: 'warn',
      });
      const child = spawn(
        process.execPath,
        ['--conditions=@bmm/source', '--import', 'tsx', `apps/${name}/src/server.ts`],
        { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const entry = { name, child, output: '' };
      child.stdout!.on('data', (d) => (entry.output += d));
      child.stderr!.on('data', (d) => (entry.output += d));
      processes.push(entry);
    }
    for (const entry of processes) {
      const port = ports[entry.name as Backend];
      for (let i = 0; ; i++) {
        const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ready) break;
        if (entry.child.exitCode !== null || i >= 600)
          throw new Error(`${entry.name} did not become ready:\n${entry.output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    gateway = await startGateway({
      port: gatewayPort,
      upstreams: { ...ports, web: webPort },
      publicUrl: () => publicUrl,
      runnerUrl: () => runnerUrl,
    });
  }, 150_000);

  afterAll(async () => {
    await gateway?.stop();
    await Promise.all(
      processes.map(async ({ child }) => {
        if (child.exitCode === null) {
          child.kill('SIGTERM');
          await once(child, 'exit');
        }
      }),
    );
    web?.close();
    await database?.destroy();
  });

  it('serves /metrics on METRICS_PORT only: not on the service port, not through the gateway', async () => {
    for (const name of BACKENDS) {
      const res = await fetch(`http://127.0.0.1:${metricsPorts[name]}/metrics`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type'), name).toContain('text/plain');
      expect(await res.text(), name).toContain('# TYPE http_requests_total counter');
      expect((await fetch(`http://127.0.0.1:${servicePorts[name]}/metrics`)).status, name).toBe(404);
    }
    const viaGateway = await fetch(`${publicUrl}/metrics`);
    expect(await viaGateway.text()).not.toContain('http_requests_total');
    const viaRunnerOrigin = await fetch(`${runnerUrl}/metrics`);
    expect(await viaRunnerOrigin.text()).not.toContain('http_requests_total');
  });

  it('publishes the path issuer through the gateway', async () => {
    const res = await fetch(`${publicUrl}/.well-known/oauth-authorization-server/oauth`);
    const metadata = (await res.json()) as { jwks_uri: string };
    expect(metadata).toMatchObject({
      issuer: `${publicUrl}/oauth`,
      authorization_endpoint: `${publicUrl}/oauth/authorize`,
      token_endpoint: `${publicUrl}/oauth/token`,
      jwks_uri: `${publicUrl}/oauth/jwks`,
    });
    const jwks = (await fetch(metadata.jwks_uri).then((r) => r.json())) as { keys: unknown[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    const oidc = await fetch(`${publicUrl}/.well-known/openid-configuration/oauth`);
    expect(oidc.status).toBe(200);
  });

  it('signs up, builds a server, and serves it to an OAuth MCP client on the runner origin', async () => {
    const user = new Session(publicUrl, publicUrl);
    await user.signUp('operator@example.com');
    const spec: ServerSpec = {
      name: 'Compose check',
      slug: 'compose-check',
      description: 'Adds numbers.',
      secrets: [],
      tools: [
        {
          name: 'add',
          description: 'Adds two numbers.',
          inputSchema: {
            type: 'object',
            properties: { a: { type: 'number' }, b: { type: 'number' } },
            required: ['a', 'b'],
          },
          impl: { kind: 'code', source: 'export default async function (i) { return { sum: i.a + i.b }; }' },
          examples: [{ input: { a: 1, b: 2 }, expect: { contains: '3' } }],
        },
      ],
    };
    const created = await user.call('POST', '/v1/servers', {
      name: spec.name,
      slug: spec.slug,
      spec,
      secrets: {},
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const mcpUrl: string = created.body.server.mcpUrl;
    expect(mcpUrl).toBe(`${runnerUrl}/compose-check/mcp`);

    // The build log streams from the builder through the gateway; verify reaches the runner inside.
    const ticket = await user.call('POST', `/v1/builds/${created.body.build.id}/ticket`);
    expect(ticket.body.url).toBe(`${publicUrl}/v1/builds/${created.body.build.id}/stream`);
    const build = await followBuild(ticket.body.url, ticket.body.ticket);
    expect(build.done, JSON.stringify(build.frames.slice(-5))).toMatchObject({
      status: 'succeeded',
      version: 1,
    });

    // Discovery starts at the runner's 401 and leads to the issuer behind the gateway.
    const provider = new TestOAuthProvider();
    const connect = async () => {
      const client = new Client({ name: 'compose-check', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider }));
      return client;
    };
    await expect(connect()).rejects.toThrow();
    const authUrl = provider.authorizationUrl!;
    expect(`${authUrl.origin}${authUrl.pathname}`).toBe(`${publicUrl}/oauth/authorize`);
    const toConsent = await fetch(authUrl, { redirect: 'manual' });
    const consent = new URL(toConsent.headers.get('location')!);
    expect(`${consent.origin}${consent.pathname}`).toBe(`${publicUrl}/oauth/consent`);
    // The consent page itself is the web app's, through the same gateway.
    expect(
      (await getVia(gateway.port, new URL(publicUrl).host, `${consent.pathname}${consent.search}`)).text,
    ).toBe('web');
    const interaction = consent.searchParams.get('interaction')!;
    const headers = { cookie: user.cookie, origin: publicUrl, 'content-type': 'application/json' };
    const details = (await fetch(`${publicUrl}/oauth/interaction/${interaction}`, { headers }).then((r) =>
      r.json(),
    )) as { csrf_token: string };
    const approved = await fetch(`${publicUrl}/oauth/interaction/${interaction}/approve`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ csrf_token: details.csrf_token }),
    });
    expect(approved.status).toBe(200);
    const callback = new URL(((await approved.json()) as { redirect_to: string }).redirect_to);
    expect(callback.searchParams.get('iss')).toBe(`${publicUrl}/oauth`);
    await new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider }).finishAuth(
      callback.searchParams,
    );

    // The runner checks the token against the JWKS it fetches inside the network (OAUTH_JWKS_URL).
    const client = await connect();
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['add']);
      const result = await client.callTool({ name: 'add', arguments: { a: 20, b: 22 } });
      expect(JSON.stringify(result.content)).toContain('42');
    } finally {
      await client.close();
    }
  });
});

describe.skipIf(hasCaddy)('the compose configuration without a caddy binary', () => {
  it.skip('runs only where caddy is installed (apt-get install caddy)', () => {});
});
