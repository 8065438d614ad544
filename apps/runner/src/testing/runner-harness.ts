import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort, PgListener } from '@bmm/db';
import type { TestDatabase } from '@bmm/db/testing';
import { createLogger } from '@bmm/logger';
import type { FastifyInstance } from 'fastify';
import { buildApp, type RunnerAppConfig } from '../app.js';
import { type JwksFixture, startJwks, testKeyring } from './fixtures.js';

export interface RunnerHarness {
  app: FastifyInstance;
  runnerUrl: string;
  jwks: JwksFixture;
  keyring: ReturnType<typeof testKeyring>;
  close(): Promise<void>;
}

/** The runner on a real port (RUNNER_URL = that address), a local JWKS, and a LISTEN connection. */
export async function startRunner(
  t: TestDatabase,
  config: Partial<RunnerAppConfig> = {},
): Promise<RunnerHarness> {
  const jwks = await startJwks();
  const keyring = testKeyring();
  const port = await freePort();
  const runnerUrl = `http://127.0.0.1:${port}`;
  const app = await buildApp({
    db: t.db,
    logger: createLogger({ name: 'runner-test', level: 'silent' }),
    keyring,
    listener: new PgListener(t.url),
    config: {
      runnerUrl,
      issuer: jwks.issuer,
      jwksUrl: jwks.jwksUrl,
      hostAliases: [],
      allowPrivateNetwork: true,
      jwksCooldownMs: 0,
      usageFlushMs: 100,
      ...config,
    },
  });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    app,
    runnerUrl,
    jwks,
    keyring,
    async close() {
      await app.close();
      await jwks.close();
    },
  };
}

/** A tiny upstream API: GET /items/:id echoes the id and the Authorization header it got. */
export async function startUpstream(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const m = req.url?.match(/^\/items\/([^/?]+)/);
    if (!m) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('no such item');
    if (m[1] === 'missing')
      return void res.writeHead(404, { 'content-type': 'text/plain' }).end('item not found');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: decodeURIComponent(m[1]!), auth: req.headers.authorization ?? null }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
