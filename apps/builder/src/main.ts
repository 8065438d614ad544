import { builderConfigSchema, loadConfig } from '@bmm/config';
import { Keyring } from '@bmm/crypto';
import { createDb } from '@bmm/db';
import { exitWithStartupError, httpDependency, listenOptions, runService } from '@bmm/http';
import { createLogger } from '@bmm/logger';
import { stopTelemetry } from '@bmm/telemetry';
import { buildApp } from './app.js';

try {
  const config = loadConfig(builderConfigSchema, 'builder');
  const logger = createLogger({ name: 'builder', level: config.LOG_LEVEL });
  const db = createDb(config.DATABASE_URL, {
    max: config.DATABASE_POOL_SIZE,
    applicationName: 'bmm-builder',
  });
  const runnerUrl = config.RUNNER_INTERNAL_URL ?? config.RUNNER_URL;
  const app = await buildApp({
    db,
    logger,
    keyring: Keyring.fromConfig(config),
    databaseUrl: config.DATABASE_URL,
    runnerUrl,
    webUrl: config.WEB_URL,
    metricsToken: config.METRICS_TOKEN,
    builds: {
      concurrency: config.BUILD_CONCURRENCY,
      orgConcurrency: config.BUILD_ORG_CONCURRENCY,
      stepTimeoutMs: config.BUILD_STEP_TIMEOUT_MS,
      heartbeatMs: config.BUILD_HEARTBEAT_MS,
      staleAfterMs: config.BUILD_STALE_AFTER_MS,
      pollMs: config.BUILD_POLL_MS,
      maxAttempts: config.BUILD_MAX_ATTEMPTS,
      allowPrivateNetwork: config.ALLOW_PRIVATE_NETWORK,
    },
    // The verify step of every build calls the runner.
    readinessChecks: [httpDependency('runner', `${runnerUrl}/healthz`)],
  });
  await runService(app, {
    name: 'builder',
    ...listenOptions(config),
    onShutdown: async () => {
      await db.destroy();
      await stopTelemetry();
    },
  });
} catch (err) {
  exitWithStartupError('builder', err);
}
