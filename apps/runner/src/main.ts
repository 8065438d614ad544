import { loadConfig, platformUpstreamApps, runnerConfigSchema } from '@bmm/config';
import { Keyring } from '@bmm/crypto';
import { createDb, PgListener } from '@bmm/db';
import { exitWithStartupError, httpDependency, listenOptions, runService } from '@bmm/http';
import { createLogger } from '@bmm/logger';
import { configureSandboxPool } from '@bmm/sandbox';
import { stopTelemetry } from '@bmm/telemetry';
import { buildApp } from './app.js';

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

try {
  const config = loadConfig(runnerConfigSchema, 'runner');
  const logger = createLogger({ name: 'runner', level: config.LOG_LEVEL });
  configureSandboxPool({
    workers: config.RUNNER_SANDBOX_WORKERS,
    orgConcurrency: config.RUNNER_SANDBOX_ORG_CONCURRENCY,
  });
  const db = createDb(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE, applicationName: 'bmm-runner' });
  // Notifications sent while the LISTEN connection was down are lost: start over from the database.
  let resync = async () => {};
  const listener = new PgListener(config.DATABASE_URL, {
    onError: (err) => logger.warn({ err }, 'database listener lost its connection'),
    onReconnect: () => void resync(),
  });
  const jwksUrl = config.OAUTH_JWKS_URL ?? `${config.OAUTH_ISSUER}/jwks`;
  const app = await buildApp({
    db,
    logger,
    keyring: Keyring.fromConfig(config),
    listener,
    metricsToken: config.METRICS_TOKEN,
    config: {
      runnerUrl: config.RUNNER_URL,
      issuer: config.OAUTH_ISSUER,
      ...(config.OAUTH_JWKS_URL && { jwksUrl: config.OAUTH_JWKS_URL }),
      hostAliases: list(config.RUNNER_HOST_ALIASES),
      allowedOrigins: list(config.RUNNER_ALLOWED_ORIGINS),
      allowPrivateNetwork: config.ALLOW_PRIVATE_NETWORK,
      toolIsolation: config.RUNNER_TOOL_ISOLATION,
      fastPath: config.RUNNER_FAST_PATH,
      versionCacheSize: config.RUNNER_VERSION_CACHE_SIZE,
      upstreamApps: platformUpstreamApps(config),
    },
    // Cached keys keep verifying tokens while the AS is down; new keys (rotation) need it.
    readinessChecks: [httpDependency('oauth-as', jwksUrl)],
  });
  resync = () => app.resyncRunner();
  await runService(app, {
    name: 'runner',
    ...listenOptions(config),
    onShutdown: async () => {
      await db.destroy();
      await stopTelemetry();
    },
  });
} catch (err) {
  exitWithStartupError('runner', err);
}
