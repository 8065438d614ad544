import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { commandWorks, readRepoFile } from './helpers.js';

const SERVICES = ['web', 'api', 'oauth-as', 'builder', 'runner'] as const;
type Service = (typeof SERVICES)[number];

const hasCaddy = await commandWorks('caddy', ['version']);

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((r) => server.close(r));
  return port;
}

/** GET through the gateway with a Host header; answers which stub served it and what it saw. */
function get(
  port: number,
  host: string,
  path: string,
): Promise<{ status: number; body: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
    });
    req.on('error', reject);
    req.end();
  });
}

// The real Caddyfile with its upstreams (compose service names) pointed at local stubs.
describe.skipIf(!hasCaddy)('the Caddy gateway (infra/Caddyfile)', () => {
  const stubs: Server[] = [];
  let caddy: ChildProcess;
  let port: number;
  let dir: string;
  let output = '';

  beforeAll(async () => {
    const stubPorts = {} as Record<Service, number>;
    for (const name of SERVICES) {
      const server = createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ service: name, path: req.url, host: req.headers.host }));
      });
      if (name === 'builder') {
        const wss = new WebSocketServer({ server });
        wss.on('connection', (socket, req) => socket.send(JSON.stringify({ service: name, path: req.url })));
      }
      stubs.push(server);
      stubPorts[name] = await listen(server);
    }
    port = await freePort();
    dir = await mkdtemp(join(tmpdir(), 'bmm-caddy-'));
    const caddyfile = readRepoFile('infra/Caddyfile')
      .replace(
        /reverse_proxy\s+([a-z-]+):\d+/g,
        (_m, name: Service) => `reverse_proxy 127.0.0.1:${stubPorts[name]}`,
      )
      .replace('admin off', 'admin off\n\tdefault_bind 127.0.0.1');
    await writeFile(join(dir, 'Caddyfile'), caddyfile);
    caddy = spawn('caddy', ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        XDG_DATA_HOME: dir,
        XDG_CONFIG_HOME: dir,
        BMM_PUBLIC_URL: `http://localhost:${port}`,
        BMM_RUNNER_PUBLIC_URL: `http://mcp.localhost:${port}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    caddy.stdout!.on('data', (d) => (output += d));
    caddy.stderr!.on('data', (d) => (output += d));
    for (let i = 0; ; i++) {
      const up = await get(port, `localhost:${port}`, '/').then(
        (r) => r.status === 200,
        () => false,
      );
      if (up) break;
      if (caddy.exitCode !== null || i >= 100) throw new Error(`caddy did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 30_000);

  afterAll(async () => {
    if (caddy && caddy.exitCode === null) {
      caddy.kill('SIGTERM');
      await once(caddy, 'exit');
    }
    for (const s of stubs) s.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('routes the control-plane origin to web, api, oauth-as and builder', async () => {
    const control = `localhost:${port}`;
    const routes: [string, Service][] = [
      ['/', 'web'],
      ['/dashboard', 'web'],
      ['/_next/static/chunk.js', 'web'],
      ['/oauth/consent?interaction=abc', 'web'],
      ['/v1/servers', 'api'],
      ['/v1/builds/b_1', 'api'],
      ['/v1/builds/b_1/stream/extra', 'api'],
      ['/v1/builds/b_1/stream?ticket=t&since=3', 'builder'],
      ['/oauth/token', 'oauth-as'],
      ['/oauth/authorize?client_id=x', 'oauth-as'],
      ['/oauth/jwks', 'oauth-as'],
      ['/.well-known/oauth-authorization-server/oauth', 'oauth-as'],
      ['/.well-known/openid-configuration/oauth', 'oauth-as'],
    ];
    for (const [path, service] of routes) {
      const { status, body } = await get(port, control, path);
      expect(status, path).toBe(200);
      expect({ path, service: body.service }).toEqual({ path, service });
      // Paths and the public Host reach the service unchanged.
      expect(body.path).toBe(path);
      expect(body.host).toBe(control);
    }
  });

  it('serves hosted MCP servers from the runner on their own origin', async () => {
    const mcp = `mcp.localhost:${port}`;
    for (const path of ['/weather/mcp', '/.well-known/oauth-protected-resource/weather/mcp', '/']) {
      const { body } = await get(port, mcp, path);
      expect(body).toEqual({ service: 'runner', path, host: mcp });
    }
    // The dashboard's origin never reaches the runner.
    expect((await get(port, `localhost:${port}`, '/weather/mcp')).body.service).toBe('web');
  });

  it('carries the build-log WebSocket through to the builder', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/v1/builds/b_1/stream?ticket=t`, {
      headers: { host: `localhost:${port}` },
    });
    const [message] = (await once(socket, 'message')) as [Buffer];
    expect(JSON.parse(message.toString())).toEqual({
      service: 'builder',
      path: '/v1/builds/b_1/stream?ticket=t',
    });
    socket.close();
  });
});

describe.skipIf(hasCaddy)('the Caddy gateway without a caddy binary', () => {
  it.skip('is exercised only where caddy is installed (apt-get install caddy)', () => {});
});
