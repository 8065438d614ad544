/**
 * The whole platform in one process for cross-service tests and benchmarks: a migrated Postgres
 * (the vitest run's server via createTestDatabase, or an embedded one outside vitest), and api,
 * oauth-as, builder and runner built with their real `buildApp` on free 127.0.0.1 ports with
 * consistent public URLs, one fresh master key and, when asked, Claude pointed at a local fake
 * Messages API. Nothing is mocked.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp as buildApi, createSmtpMailer } from '@bmm/api/app';
import { startTestSmtp, type TestSmtp } from '@bmm/api/testing';
import { type BuildSettings, buildApp as buildBuilder } from '@bmm/builder/app';
import { Keyring } from '@bmm/crypto';
import {
  createDb,
  type Db,
  freePort,
  migrateToLatest,
  PgListener,
  startEmbeddedPostgres,
  withDatabase,
} from '@bmm/db';
import { createLogger } from '@bmm/logger';
import { buildApp as buildOAuth } from '@bmm/oauth-as/app';
import { createPlanner } from '@bmm/planner';
import { type FakeAnthropic, startFakeAnthropic } from '@bmm/planner/testing';
import { buildApp as buildRunner } from '@bmm/runner/app';
import pg from 'pg';

export interface PlatformUrls {
  WEB_URL: string;
  API_URL: string;
  OAUTH_ISSUER: string;
  BUILDER_URL: string;
  RUNNER_URL: string;
}

export interface PlatformOptions {
  /** Start a fake Anthropic Messages API and configure the api's Claude planner with it. */
  fakeAnthropic?: boolean;
  /** Runner tools, connectors and the auth doctor may reach loopback/private hosts (local stubs); default true. */
  allowPrivateNetwork?: boolean;
  /** WEB_URL, when a web app is served separately (default: an unused local port). */
  webUrl?: string;
  /** Issuer path, e.g. '/oauth' (default: none). */
  issuerPath?: string;
  /** 'test': a database cloned by @bmm/db/testing (inside vitest); 'embedded': a private Postgres. */
  database?: 'test' | 'embedded';
  builds?: Partial<BuildSettings>;
  accessTokenTtl?: number;
  /** METRICS_TOKEN of every service: /metrics is served on each service's port to this bearer token. */
  metricsToken?: string;
  logLevel?: 'silent' | 'error' | 'warn' | 'info' | 'debug';
  /** BMM_DEFAULT_PLAN and BMM_ADMIN_EMAILS of the api (default: new orgs on `free`, no listed admins). */
  operator?: { defaultPlan: 'free' | 'team' | 'self_hosted'; adminEmails: string[] };
  /** Where every service's log lines go (tests grep them); stdout by default. */
  logDestination?: { write(line: string): void };
  /** The api samples every service's /readyz into the status history this often (off by default). */
  statusSampleMs?: number;
  /**
   * Run against this migrated database instead of opening one (the caller owns it), e.g. a restored
   * backup; with `masterKey` and `ports` of the platform that wrote it, the restored one is the same.
   */
  databaseUrl?: string;
  /** BMM_MASTER_KEY (base64); a fresh random key by default. */
  masterKey?: string;
  /** Listen on these ports (and so keep the same public URLs) instead of free ones. */
  ports?: { api: number; oauth: number; builder: number; runner: number; web: number };
}

type FastifyInstance = Awaited<ReturnType<typeof buildApi>>;

export interface Platform {
  urls: PlatformUrls;
  databaseUrl: string;
  /** A connection for assertions (its own pool). */
  db: Db;
  keyring: Keyring;
  /** BMM_MASTER_KEY of this platform (base64). */
  masterKey: string;
  fakeAnthropic: FakeAnthropic | null;
  /** The real SMTP server (in-process) the api sends its email to: read it to click links. */
  smtp: TestSmtp;
  apps: { api: FastifyInstance; oauthAs: FastifyInstance; builder: FastifyInstance; runner: FastifyInstance };
  stop(): Promise<void>;
}

interface DatabaseHandle {
  url: string;
  destroy(): Promise<void>;
}

async function openDatabase(kind: 'test' | 'embedded'): Promise<DatabaseHandle> {
  if (kind === 'test') {
    const { createTestDatabase } = await import('@bmm/db/testing');
    const t = await createTestDatabase();
    await t.db.destroy().catch(() => {});
    return {
      url: t.url,
      destroy: () => t.destroy(),
    };
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bmm-platform-pg-'));
  const running = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  const admin = new pg.Client({ connectionString: running.url });
  await admin.connect();
  await admin.query('CREATE DATABASE bmm');
  await admin.end();
  const url = withDatabase(running.url, 'bmm');
  const db = createDb(url, { max: 1 });
  await migrateToLatest(db);
  await db.destroy();
  return {
    url,
    destroy: async () => {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const kind = options.database ?? (process.env.VITEST ? 'test' : 'embedded');
  const database: DatabaseHandle = options.databaseUrl
    ? { url: options.databaseUrl, destroy: async () => {} }
    : await openDatabase(kind);
  const logger = createLogger({
    name: 'platform',
    level: options.logLevel ?? 'silent',
    ...(options.logDestination && { destination: options.logDestination }),
  });
  const masterKey = options.masterKey ?? randomBytes(32).toString('base64');
  const keyring = Keyring.fromConfig({ BMM_MASTER_KEY: masterKey, BMM_MASTER_KEY_VERSION: 1 });
  const ports = options.ports ?? {
    api: await freePort(),
    oauth: await freePort(),
    builder: await freePort(),
    runner: await freePort(),
    web: await freePort(),
  };
  const urls: PlatformUrls = {
    WEB_URL: options.webUrl ?? `http://127.0.0.1:${ports.web}`,
    API_URL: `http://127.0.0.1:${ports.api}`,
    OAUTH_ISSUER: `http://127.0.0.1:${ports.oauth}${options.issuerPath ?? ''}`,
    BUILDER_URL: `http://127.0.0.1:${ports.builder}`,
    RUNNER_URL: `http://127.0.0.1:${ports.runner}`,
  };
  const pools: Db[] = [];
  const pool = (max = 5) => {
    const db = createDb(database.url, { max });
    pools.push(db);
    return db;
  };
  const started: FastifyInstance[] = [];
  let fake: FakeAnthropic | null = null;
  const smtp = await startTestSmtp();
  try {
    fake = options.fakeAnthropic ? await startFakeAnthropic({ apiKey: 'sk-ant-platform-test' }) : null;

    const oauthAs = await buildOAuth({
      db: pool(),
      logger: logger.child({ service: 'oauth-as' }),
      keyring,
      metricsToken: options.metricsToken,
      config: {
        issuer: urls.OAUTH_ISSUER,
        runnerUrl: urls.RUNNER_URL,
        webUrl: urls.WEB_URL,
        accessTokenTtl: options.accessTokenTtl ?? 3600,
        cimdAllowPrivateNetwork: true,
        registrationsPerMinute: 1000,
        upstreamAllowPrivateNetwork: options.allowPrivateNetwork ?? true,
      },
    });
    await oauthAs.listen({ port: ports.oauth, host: '127.0.0.1' });
    started.push(oauthAs);

    const runner = await buildRunner({
      db: pool(),
      logger: logger.child({ service: 'runner' }),
      keyring,
      listener: new PgListener(database.url),
      metricsToken: options.metricsToken,
      config: {
        runnerUrl: urls.RUNNER_URL,
        issuer: urls.OAUTH_ISSUER,
        hostAliases: [],
        allowPrivateNetwork: options.allowPrivateNetwork ?? true,
        jwksCooldownMs: 0,
        usageFlushMs: 200,
      },
    });
    await runner.listen({ port: ports.runner, host: '127.0.0.1' });
    started.push(runner);

    const builder = await buildBuilder({
      db: pool(),
      logger: logger.child({ service: 'builder' }),
      keyring,
      databaseUrl: database.url,
      runnerUrl: urls.RUNNER_URL,
      webUrl: urls.WEB_URL,
      metricsToken: options.metricsToken,
      builds: {
        heartbeatMs: 500,
        pollMs: 1000,
        staleAfterMs: 5000,
        allowPrivateNetwork: options.allowPrivateNetwork ?? true,
        ...options.builds,
      },
      streamHeartbeatMs: 5000,
    });
    await builder.listen({ port: ports.builder, host: '127.0.0.1' });
    started.push(builder);

    const api = await buildApi({
      db: pool(),
      logger: logger.child({ service: 'api' }),
      keyring,
      planner: createPlanner(
        fake
          ? { anthropicApiKey: 'sk-ant-platform-test', baseURL: fake.url, model: 'claude-sonnet-5-5' }
          : {},
      ),
      // The playground chat speaks to the same fake (streamed, with tool_use).
      ...(fake
        ? { chat: { apiKey: 'sk-ant-platform-test', baseURL: fake.url, model: 'claude-sonnet-5-5' } }
        : {}),
      config: {
        WEB_URL: urls.WEB_URL,
        API_URL: urls.API_URL,
        BUILDER_URL: urls.BUILDER_URL,
        RUNNER_URL: urls.RUNNER_URL,
        OAUTH_ISSUER: urls.OAUTH_ISSUER,
        allowPrivateNetwork: options.allowPrivateNetwork ?? true,
      },
      rateLimits: { authPerIp: 1000, loginPerEmail: 1000 },
      upstream: { allowPrivateNetwork: options.allowPrivateNetwork ?? true, apps: {} },
      metricsToken: options.metricsToken,
      ...(options.operator && { operator: options.operator }),
      mailer: createSmtpMailer({ url: smtp.url, from: 'BuildMyMCPServer <no-reply@example.com>' }),
      ...(options.statusSampleMs && {
        statusSampler: {
          everyMs: options.statusSampleMs,
          timeoutMs: 1000,
          targets: [
            { service: 'api', readyUrl: 'self' },
            { service: 'oauth-as', readyUrl: `http://127.0.0.1:${ports.oauth}/readyz` },
            { service: 'builder', readyUrl: `${urls.BUILDER_URL}/readyz` },
            { service: 'runner', readyUrl: `${urls.RUNNER_URL}/readyz` },
          ],
        },
      }),
    });
    await api.listen({ port: ports.api, host: '127.0.0.1' });
    started.push(api);

    const db = pool(3);
    const stop = async () => {
      for (const app of [...started].reverse()) await app.close().catch(() => {});
      await fake?.close().catch(() => {});
      await smtp.close().catch(() => {});
      for (const p of pools) await p.destroy().catch(() => {});
      await database.destroy();
    };
    return {
      urls,
      databaseUrl: database.url,
      db,
      keyring,
      masterKey,
      fakeAnthropic: fake,
      smtp,
      apps: { api, oauthAs, builder, runner },
      stop,
    };
  } catch (err) {
    for (const app of started.reverse()) await app.close().catch(() => {});
    await fake?.close().catch(() => {});
    await smtp.close().catch(() => {});
    for (const p of pools) await p.destroy().catch(() => {});
    await database.destroy();
    throw err;
  }
}
