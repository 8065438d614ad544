import type { Keyring } from '@bmm/crypto';
import { Channels, type Db, type PgListener } from '@bmm/db';
import {
  createMetricsRegistry,
  type DependencyCheck,
  frameworkErrorOptions,
  metricsPlugin,
  registerHealthRoutes,
  registerInputGuard,
  registerProblemHandlers,
  statusCountsPlugin,
} from '@bmm/http';
import type { Logger } from '@bmm/logger';
import { createAccessTokenVerifier } from '@bmm/oauth';
import type { PlatformApps } from '@bmm/upstream';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { Denylist } from './auth/denylist.js';
import { hostPolicy } from './auth/host-check.js';
import type { RunnerContext } from './context.js';
import { ServerRegistry } from './hosting/registry.js';
import { createRunnerMetrics } from './metrics/runner-metrics.js';
import { internalRoutes } from './routes/internal/index.js';
import { mcpRoutes } from './routes/mcp/index.js';
import { wellKnownRoutes } from './routes/well-known/index.js';
import { PlanGuard } from './usage/plan-guard.js';
import { UsageRecorder } from './usage/usage-recorder.js';

export interface RunnerAppConfig {
  /** Public URL; servers live at `${runnerUrl}/<slug>/mcp`. */
  runnerUrl: string;
  /** Expected `iss` of access tokens. */
  issuer: string;
  /** The AS JWKS; defaults to `${issuer}/jwks` (the oauth-as contract). */
  jwksUrl?: string;
  /** Extra Host values (host[:port]) the runner answers to. */
  hostAliases: string[];
  /** Browser origins allowed besides the runner's own (`*` for any). */
  allowedOrigins?: string[];
  allowPrivateNetwork: boolean;
  /** Platform-wide OAuth apps per preset for upstream sign-in (refresh needs the client credentials). */
  upstreamApps?: PlatformApps;
  /**
   * `worker` (default): code tools run on sandbox worker threads, so a tool's VM time never stalls
   * other requests. `thread`: on the request's event loop — faster, but a runaway tool delays
   * everyone by up to its 1 s VM budget (trusted single-tenant deployments only).
   */
  toolIsolation?: 'worker' | 'thread';
  /**
   * Answer single hot requests (tools/call, tools/list, server/discover, ping, 2025-era initialize)
   * without an SDK server per request, exactly as the SDK would (default true; RUNNER_FAST_PATH).
   */
  fastPath?: boolean;
  /** Hosted versions kept loaded, least recently used dropped first (RUNNER_VERSION_CACHE_SIZE, default 5,000). */
  versionCacheSize?: number;
  /** Leeway for exp/nbf (seconds, default 5) and JWKS refetch cooldown (ms, default 30 s). */
  clockToleranceSec?: number;
  jwksCooldownMs?: number;
  /** Usage flush interval (ms, default 1000). */
  usageFlushMs?: number;
}

export interface AppDeps {
  db: Db;
  logger: Logger;
  keyring: Keyring;
  config: RunnerAppConfig;
  /** Not yet started: the app subscribes to serverChanged/tokenRevoked, starts it, and closes it on close. */
  listener?: PgListener;
  /** Services `/readyz` reports on (server.ts: the AS's JWKS, needed for new signing keys). */
  readinessChecks?: DependencyCheck[];
  /** METRICS_TOKEN: serve /metrics on this app to that bearer token (else only on METRICS_PORT). */
  metricsToken?: string;
}

const DENYLIST_RELOAD_MS = 30_000;

declare module 'fastify' {
  interface FastifyInstance {
    /** Forget every cached version and reload the denylist (after a lost LISTEN connection). */
    resyncRunner(): Promise<void>;
  }
}

/** Builds the runner service from its dependencies; never reads the environment, never listens. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { db, logger, keyring, config } = deps;
  const runnerUrl = config.runnerUrl.replace(/\/+$/, '');
  const app = Fastify({ ...frameworkErrorOptions(), loggerInstance: deps.logger as FastifyBaseLogger });
  registerProblemHandlers(app);
  registerInputGuard(app);
  const metricsRegistry = createMetricsRegistry();
  await app.register(metricsPlugin, { registry: metricsRegistry, db, token: deps.metricsToken });
  await app.register(statusCountsPlugin, { service: 'runner', db });
  registerHealthRoutes(app, db, deps.readinessChecks);

  const denylist = new Denylist(db, logger);
  await denylist.reload();
  const usage = new UsageRecorder(db, logger, config.usageFlushMs);
  usage.start();
  const execution = {
    allowPrivateNetwork: config.allowPrivateNetwork,
    toolIsolation: config.toolIsolation ?? 'worker',
    usage,
  };
  const registry = new ServerRegistry({
    db,
    keyring,
    logger,
    runnerUrl,
    ...(config.versionCacheSize !== undefined && { maxEntries: config.versionCacheSize }),
    factory: {
      ...execution,
      upstream: {
        issuer: config.issuer,
        vault: {
          db,
          keyring,
          network: { allowPrivateNetwork: config.allowPrivateNetwork },
          platformApps: config.upstreamApps ?? {},
        },
      },
    },
  });
  const metrics = createRunnerMetrics(metricsRegistry, { denylist, registry });
  usage.subscribe((event) => metrics.toolCall(event));
  const verifier = createAccessTokenVerifier({
    issuer: config.issuer,
    jwksUrl: config.jwksUrl ?? `${config.issuer.replace(/\/+$/, '')}/jwks`,
    isRevoked: (jti) => denylist.has(jti),
    onCacheLookup: (hit) => metrics.tokenCacheLookup(hit),
    ...(config.clockToleranceSec !== undefined && { clockToleranceSec: config.clockToleranceSec }),
    ...(config.jwksCooldownMs !== undefined && { jwksCooldownMs: config.jwksCooldownMs }),
  });
  const ctx: RunnerContext = {
    db,
    keyring,
    issuer: config.issuer,
    runnerUrl,
    hostPolicy: hostPolicy(runnerUrl, config.hostAliases, config.allowedOrigins ?? []),
    verifier,
    denylist,
    registry,
    usage,
    planGuard: new PlanGuard(db, logger, usage),
    fastPath: config.fastPath === false ? null : execution,
    metrics,
  };

  app.decorate('resyncRunner', async () => {
    registry.clear();
    await denylist.reload();
  });
  const reload = setInterval(() => void denylist.reload(), DENYLIST_RELOAD_MS);
  reload.unref();
  if (deps.listener) {
    deps.listener
      .on(Channels.serverChanged, (payload: { serverId?: string; slug?: string } | null) => {
        if (payload) registry.invalidate(payload);
      })
      .on(Channels.tokenRevoked, (payload: { jti?: string; exp?: number } | null) => {
        if (typeof payload?.jti !== 'string') return;
        denylist.add(payload.jti, Number(payload.exp));
        verifier.forget(payload.jti);
      });
    await deps.listener.start();
  }
  app.addHook('onClose', async () => {
    clearInterval(reload);
    await deps.listener?.close();
    await usage.close();
  });

  await app.register(wellKnownRoutes, { ctx });
  await app.register(mcpRoutes, { ctx });
  await app.register(internalRoutes, { ctx });
  return app;
}
