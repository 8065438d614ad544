import type { Keyring } from '@bmm/crypto';
import { PgListener } from '@bmm/db';
import type { TestDatabase } from '@bmm/db/testing';
import { createLogger } from '@bmm/logger';
import { buildApp as buildRunner } from '@bmm/runner/app';
import type { FastifyInstance } from 'fastify';
import { type BuildSettings, buildApp } from '../src/app.js';

export interface BuilderHarness {
  builder: FastifyInstance;
  builderUrl: string;
  runner: FastifyInstance;
  runnerUrl: string;
  close(): Promise<void>;
}

/** The web origin the builder's build-log sockets accept. */
export const WEB_URL = 'http://localhost:3000';

/** The real runner and a builder (with workers) on free ports, sharing one keyring and database. */
export async function startBuilder(
  t: TestDatabase,
  keyring: Keyring,
  builds: Partial<BuildSettings> = {},
  /** Where the builder reaches the runner (default: the runner started here). */
  runnerOverride?: string,
): Promise<BuilderHarness> {
  const logger = createLogger({ name: 'builder-test', level: 'silent' });
  const runner = await buildRunner({
    db: t.db,
    logger,
    keyring,
    listener: new PgListener(t.url),
    config: {
      runnerUrl: 'http://127.0.0.1:1',
      issuer: 'http://127.0.0.1:1/oauth',
      hostAliases: [],
      allowPrivateNetwork: true,
      usageFlushMs: 100,
    },
  });
  const runnerUrl = await runner.listen({ port: 0, host: '127.0.0.1' });
  const builder = await buildApp({
    db: t.db,
    logger,
    keyring,
    databaseUrl: t.url,
    runnerUrl: runnerOverride ?? runnerUrl,
    webUrl: WEB_URL,
    builds: { heartbeatMs: 200, pollMs: 500, staleAfterMs: 3_000, concurrency: 2, ...builds },
    streamHeartbeatMs: 200,
  });
  const builderUrl = await builder.listen({ port: 0, host: '127.0.0.1' });
  return {
    builder,
    builderUrl,
    runner,
    runnerUrl,
    async close() {
      await builder.close();
      await runner.close();
    },
  };
}
