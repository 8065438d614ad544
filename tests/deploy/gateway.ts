import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRepoFile } from './helpers.js';

export function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

export async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((r) => server.close(r));
  return port;
}

/** GET through the gateway with a Host header (the gateway routes by host). */
export function getVia(
  port: number,
  host: string,
  path: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

export interface Gateway {
  port: number;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Runs the real infra/Caddyfile on a free 127.0.0.1 port, with each compose upstream (`api:4000`,
 * …) pointed at a local port, and the two public URLs given as the Caddy site addresses.
 */
export async function startGateway(options: {
  /** The port in the public URLs (default: a free one). */
  port?: number;
  upstreams: Record<string, number>;
  publicUrl: (port: number) => string;
  runnerUrl: (port: number) => string;
}): Promise<Gateway> {
  const port = options.port ?? (await freePort());
  const dir = await mkdtemp(join(tmpdir(), 'bmm-caddy-'));
  const caddyfile = readRepoFile('infra/Caddyfile')
    .replace(/reverse_proxy\s+([a-z-]+):\d+/g, (_m, name: string) => {
      const upstream = options.upstreams[name];
      if (!upstream) throw new Error(`no local upstream for ${name}`);
      return `reverse_proxy 127.0.0.1:${upstream}`;
    })
    .replace('admin off', 'admin off\n\tdefault_bind 127.0.0.1');
  await writeFile(join(dir, 'Caddyfile'), caddyfile);
  let output = '';
  const caddy: ChildProcess = spawn(
    'caddy',
    ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'],
    {
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        XDG_DATA_HOME: dir,
        XDG_CONFIG_HOME: dir,
        BMM_HTTP_PORT: String(port),
        BMM_HTTPS_PORT: String(await freePort()),
        BMM_PUBLIC_URL: options.publicUrl(port),
        BMM_RUNNER_PUBLIC_URL: options.runnerUrl(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  caddy.stdout!.on('data', (d) => (output += d));
  caddy.stderr!.on('data', (d) => (output += d));
  const stop = async () => {
    if (caddy.exitCode === null) {
      caddy.kill('SIGTERM');
      await once(caddy, 'exit');
    }
    await rm(dir, { recursive: true, force: true });
  };
  const host = new URL(options.publicUrl(port)).host;
  for (let i = 0; ; i++) {
    const up = await getVia(port, host, '/').then(
      () => true,
      () => false,
    );
    if (up) break;
    if (caddy.exitCode !== null || i >= 100) {
      await stop();
      throw new Error(`caddy did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, output: () => output, stop };
}
