import type { Keyring } from '@bmm/crypto';
import { Channels, type Db, PgListener } from '@bmm/db';
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
import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { BuildWorker } from './builds/worker.js';
import { type BuilderMetrics, createBuilderMetrics } from './metrics/builder-metrics.js';
import streamRoutes from './routes/stream/index.js';
import { SpecWorker } from './spec-worker/index.js';
import { BuildLogHub } from './stream/hub.js';

export interface BuildSettings {
  /** Start build workers with the app (default true). */
  workers: boolean;
  concurrency: number;
  /** Running builds of one org across all builders; its other builds wait while others' start. */
  orgConcurrency: number;
  stepTimeoutMs: number;
  heartbeatMs: number;
  staleAfterMs: number;
  pollMs: number;
  maxAttempts: number;
  /** Tools may target private/loopback addresses (mirror the runner's ALLOW_PRIVATE_NETWORK). */
  allowPrivateNetwork: boolean;
  workerId?: string;
}

export const DEFAULT_BUILD_SETTINGS: BuildSettings = {
  workers: true,
  concurrency: 2,
  orgConcurrency: 2,
  stepTimeoutMs: 60_000,
  heartbeatMs: 2_000,
  staleAfterMs: 15_000,
  pollMs: 5_000,
  maxAttempts: 3,
  allowPrivateNetwork: false,
};

export interface AppDeps {
  db: Db;
  logger: Logger;
  keyring: Keyring;
  /** Connection URL for LISTEN (build events); without it the workers poll and watchers see no live lines. */
  databaseUrl?: string;
  /** Where the builder reaches the runner's /internal/verify. */
  runnerUrl: string;
  /** WEB_URL: the only page origin allowed to open a build-log WebSocket. */
  webUrl: string;
  builds?: Partial<BuildSettings>;
  /** Interval of WebSocket heartbeat frames (default 15 s). */
  streamHeartbeatMs?: number;
  /** Services `/readyz` reports on (server.ts: the runner, which the verify step calls). */
  readinessChecks?: DependencyCheck[];
  /** METRICS_TOKEN: serve /metrics on this app to that bearer token (else only on METRICS_PORT). */
  metricsToken?: string;
}

/** What an app built here runs besides its routes (for tests and tooling; routes get theirs as options). */
export interface BuilderParts {
  worker: BuildWorker | null;
  hub: BuildLogHub;
}
const partsOf = new WeakMap<FastifyInstance, BuilderParts>();

/** The build worker and log hub of an app from `buildApp`. */
export function builderParts(app: FastifyInstance): BuilderParts {
  const parts = partsOf.get(app);
  if (!parts) throw new Error('not an app from the builder’s buildApp');
  return parts;
}

/** Builds the builder service from its dependencies; never reads the environment, never listens. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const settings = { ...DEFAULT_BUILD_SETTINGS, ...deps.builds };
  const app = Fastify({ ...frameworkErrorOptions(), loggerInstance: deps.logger as FastifyBaseLogger });
  registerProblemHandlers(app);
  registerInputGuard(app);
  const metricsRegistry = createMetricsRegistry();
  await app.register(metricsPlugin, { registry: metricsRegistry, db: deps.db, token: deps.metricsToken });
  await app.register(statusCountsPlugin, { service: 'builder', db: deps.db });
  registerHealthRoutes(app, deps.db, deps.readinessChecks);
  let worker: BuildWorker | null = null;
  const metrics = createBuilderMetrics(metricsRegistry, deps.db, () => worker);
  const hub = new BuildLogHub(deps.db, deps.logger);
  const specs = new SpecWorker();
  worker = settings.workers ? createWorker(deps, settings, specs, metrics) : null;
  partsOf.set(app, { worker, hub });
  const listener = deps.databaseUrl ? listenForBuildEvents(deps, deps.databaseUrl, hub, worker) : null;

  await app.register(websocket, { options: { maxPayload: 4096 } });
  await app.register(streamRoutes, {
    ctx: {
      hub,
      db: deps.db,
      ticketKey: deps.keyring.deriveKey('build-log'),
      webOrigin: new URL(deps.webUrl).origin,
      heartbeatMs: deps.streamHeartbeatMs ?? 15_000,
    },
  });

  app.addHook('onReady', async () => {
    await listener?.start();
    if (worker) specs.warm();
    worker?.start();
  });
  app.addHook('preClose', async () => {
    await worker?.stop();
  });
  app.addHook('onClose', async () => {
    await specs.close();
    await listener?.close();
  });
  return app;
}

function createWorker(
  deps: AppDeps,
  settings: BuildSettings,
  specs: SpecWorker,
  metrics: BuilderMetrics,
): BuildWorker {
  const { workers: _, ...options } = settings;
  return new BuildWorker({
    ...options,
    db: deps.db,
    keyring: deps.keyring,
    logger: deps.logger,
    runnerUrl: deps.runnerUrl.replace(/\/+$/, ''),
    specs,
    metrics,
  });
}

/** Build events (NOTIFY): new log lines go to watchers, queued builds wake the worker, others are checked. */
function listenForBuildEvents(
  deps: AppDeps,
  databaseUrl: string,
  hub: BuildLogHub,
  worker: BuildWorker | null,
): PgListener {
  return new PgListener(databaseUrl, {
    onError: (err) => deps.logger.warn({ err }, 'build event listener error'),
    onReconnect: () => {
      hub.pokeAll();
      worker?.wake();
    },
  }).on(Channels.buildEvent, (payload: { buildId?: string; seq?: number; status?: string }) => {
    if (!payload?.buildId) return;
    hub.poke(payload.buildId);
    if (payload.status === 'queued') worker?.wake();
    else if (!payload.seq) worker?.poke(payload.buildId);
  });
}
